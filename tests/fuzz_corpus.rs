//! The short fuzzing run of every test run: each file of the committed corpus
//! (`fuzz/corpus/<surface>/`, grown and minimised by `cargo fuzz`, see
//! `fuzz/Cargo.toml`) and of the crash reproducers (`fuzz/regressions/<surface>/`)
//! is fed to the same entry point the fuzz target drives. None may panic, and
//! each surface's own checks hold (typed errors, with file:line:column where
//! the input is a file; accepted input reads back the same).

#[path = "../fuzz/src/surfaces.rs"]
mod surfaces;

use std::path::Path;

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.is_file());
    out.sort();
    out
}

#[test]
fn every_corpus_input_is_handled_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failures = Vec::new();
    let mut total = 0;
    for (name, surface) in surfaces::SURFACES {
        let mut inputs = files(&root.join("corpus").join(name));
        assert!(!inputs.is_empty(), "the corpus of {name} is committed");
        inputs.extend(files(&root.join("regressions").join(name)));
        for path in inputs {
            let data = std::fs::read(&path).unwrap();
            total += 1;
            if let Err(p) = std::panic::catch_unwind(|| surface(&data)) {
                let why = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{}: {why}", path.display()));
            }
        }
    }
    assert!(total > 0);
    assert!(
        failures.is_empty(),
        "{} of {total} corpus inputs panicked:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Found by reading `parse_json` while writing the fuzz targets, confirmed by
/// `fuzz/regressions/seed_file/keyless-events-after-a-multibyte-key`: the
/// search for each event's fields advanced one byte at a time from the last
/// event and landed inside a multi-byte character (a panic, not a refusal).
#[test]
fn a_json_seed_file_with_keyless_events_after_a_multibyte_name_is_refused_with_its_location() {
    let text = r#"{"é":0,"event":[{"a":1},{"a":1},{"a":1},{"a":1}],"source":{}}"#;
    let err = accord::seeds::parse("x.json", text, accord::domain::Registry::bundled())
        .expect_err("refused");
    assert!(
        matches!(&err, accord::Error::InputFile { file, line: 1, .. } if file == "x.json"),
        "{err:?}"
    );
}

/// Found by `tests/input_properties.rs` with `PROPTEST_CASES=20000` (kept as
/// `fuzz/regressions/seed_file/truncated-json-ending-in-a-multibyte-character`):
/// serde_json's column for a JSON seed file cut short inside a string pointed
/// into the middle of a multi-byte character, and turning it into line:column
/// sliced the text there (a panic, not a refusal).
#[test]
fn a_json_seed_file_cut_short_after_a_multibyte_character_is_refused_with_its_location() {
    let err = accord::seeds::parse("x.json", "\"ⶸ", accord::domain::Registry::bundled())
        .expect_err("refused");
    assert!(
        matches!(&err, accord::Error::InputFile { file, line: 1, column, .. } if file == "x.json" && *column >= 1),
        "{err:?}"
    );
    assert!(err.to_string().contains("not valid JSON"), "{err}");
}
