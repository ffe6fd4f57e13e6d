//! Property tests of every input surface (seed files, `log --from-json`,
//! `import` records, dates, registry names, the command line): inputs built
//! from the surface's own vocabulary, then mangled, never make accord panic,
//! and each surface's checks hold (see `fuzz/src/surfaces.rs`, shared with the
//! fuzz targets). 64 cases per property by default; `PROPTEST_CASES=N` raises it.

#[path = "../fuzz/src/surfaces.rs"]
#[allow(dead_code)]
mod surfaces;

use proptest::prelude::*;
use proptest::sample::select;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64)
}

/// Pieces of dates, right and wrong.
fn date_text() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        (1700..3100i32, 0..14u32, 0..33u32).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        (1700..3100i32, 0..14u32).prop_map(|(y, m)| format!("{y:04}-{m:02}")),
        (0..10000i32).prop_map(|y| format!("{y}")),
        "[0-9-]{0,12}",
        "\\PC{0,8}",
    ];
    prop_oneof![
        part.clone(),
        part.clone().prop_map(|p| format!("on or before {p}")),
        (part.clone(), part.clone()).prop_map(|(a, b)| format!("between {a} and {b}")),
        (
            select(vec![
                "On Or Before ",
                "BETWEEN ",
                " ",
                "on or before",
                "between  and "
            ]),
            part
        )
            .prop_map(|(a, b)| format!("{a}{b}")),
    ]
}

const NAMES: &[&str] = &[
    "KAZ",
    "Kazakhstan",
    "Kazakstan",
    "AZE",
    "Azerbaijan",
    "Iran",
    "Russia",
    "Russian Federation",
    "Turkmenistan",
    "the five Caspian littoral states",
    "Caspian littoral states",
    "Tokayev",
    "Kassym-Jomart Tokayev",
    "UNEP",
    "Narnia",
    "",
    " ",
    "ß",
    "İ",
    "ǅ",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        select(NAMES).prop_map(str::to_string),
        (select(NAMES), "\\PC{0,4}", 0..12usize).prop_map(|(n, junk, at)| {
            let mut s = n.to_string();
            let at = (0..=at.min(s.len()))
                .rev()
                .find(|i| s.is_char_boundary(*i))
                .unwrap_or(0);
            s.insert_str(at, &junk);
            s
        }),
        "\\PC{0,24}",
    ]
}

const KINDS: &[&str] = &[
    "panel_held",
    "initiative_proposed",
    "support_declared",
    "support_withdrawn",
    "opposition_declared",
    "commitment_made",
    "progress_reported",
    "commitment_fulfilled",
    "statement",
    "correction",
    "source_added",
    "no_such_kind",
];

const FIELDS: &[&str] = &[
    "initiative",
    "title",
    "scope",
    "description",
    "commitment",
    "text",
    "deadline",
    "stance",
    "topic",
    "panel",
    "organisers",
    "participants",
    "topics",
    "target",
    "reason",
    "amend",
    "speaker",
    "occasion",
    "quote",
    "id",
    "progress",
    "note",
];

/// A JSON value of any shape, small.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        date_text().prop_map(Value::String),
        name().prop_map(Value::String),
        "[a-z-]{0,12}".prop_map(Value::String),
        select(vec![
            "neutral",
            "supportive",
            "critical",
            "caspian-expert-group"
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(select(FIELDS).prop_map(str::to_string), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// An event object: a kind, a date, actors, a source, and some of the kinds' fields.
fn event_object() -> impl Strategy<Value = serde_json::Value> {
    (
        select(KINDS),
        date_text(),
        prop::collection::vec(name(), 0..3),
        prop::option::of((name(), date_text(), "\\PC{0,20}")),
        prop::collection::btree_map(select(FIELDS).prop_map(str::to_string), json_value(), 0..6),
    )
        .prop_map(|(kind, date, actors, source, fields)| {
            let mut m: serde_json::Map<String, serde_json::Value> = fields.into_iter().collect();
            m.insert("kind".into(), kind.into());
            m.insert("date".into(), date.into());
            m.insert("actors".into(), actors.into());
            if let Some((publisher, published, quote)) = source {
                m.insert(
                    "source".into(),
                    serde_json::json!({"title": "T", "publisher": publisher, "published": published, "quote": quote}),
                );
            }
            serde_json::Value::Object(m)
        })
}

/// A seed file made of the format's lines, some of them wrong.
fn seed_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("[source]".to_string()),
        Just("[[event]]".to_string()),
        Just("title = \"Article\"".to_string()),
        Just("publisher = \"Wire\"".to_string()),
        date_text().prop_map(|d| format!("published = \"{d}\"")),
        "[a-z-]{0,10}".prop_map(|k| format!("key = \"{k}\"")),
        select(KINDS).prop_map(|k| format!("kind = \"{k}\"")),
        date_text().prop_map(|d| format!("date = \"{}\"", d.replace(['"', '\\'], ""))),
        prop::collection::vec(name(), 0..3).prop_map(|a| format!(
            "actors = {}",
            toml::Value::Array(a.into_iter().map(toml::Value::String).collect())
        )),
        "\\PC{0,30}".prop_map(|q| format!("quote = {}", toml::Value::String(q))),
        (select(FIELDS), name()).prop_map(|(f, v)| format!("{f} = {}", toml::Value::String(v))),
        "\\PC{0,20}",
    ];
    prop::collection::vec(line, 0..24).prop_map(|l| l.join("\n"))
}

/// An export record (from the committed corpus), then mangled.
fn export_record() -> impl Strategy<Value = String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus/import_line");
    let mut lines: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|l| l.starts_with('{'))
        .collect();
    lines.sort();
    lines.dedup();
    assert!(!lines.is_empty(), "the import corpus holds export records");
    (
        select(lines),
        0..3usize,
        any::<prop::sample::Index>(),
        "\\PC{0,6}",
        0..4usize,
    )
        .prop_map(|(line, how, at, junk, cut)| {
            let at = at.index(line.len() + 1);
            let at = (0..=at)
                .rev()
                .find(|i| line.is_char_boundary(*i))
                .unwrap_or(0);
            match how {
                0 => line,
                1 => format!("{}{junk}{}", &line[..at], &line[at..]),
                _ => line[..at].to_string() + &"}".repeat(cut),
            }
        })
}

const ARGS: &[&str] = &[
    "log",
    "support",
    "oppose",
    "withdraw",
    "propose",
    "panel",
    "commit",
    "progress",
    "fulfil",
    "statement",
    "backers",
    "state",
    "initiatives",
    "timeline",
    "events",
    "show",
    "actors",
    "export",
    "import",
    "rebuild",
    "report",
    "verify",
    "init",
    "ingest",
    "correct",
    "completions",
    "man",
    "help",
    "--json",
    "--as-of",
    "--since",
    "--db",
    "--database-url",
    "--from-json",
    "--dry-run",
    "--batch-size",
    "0",
    "-1",
    "99999999999999999999",
    "--format",
    "html",
    "csv",
    "md",
    "--out",
    "--initiative",
    "--state",
    "--actor",
    "--on",
    "--deadline",
    "--quote",
    "--kind",
    "--recent",
    "--table",
    "--help",
    "-h",
    "--version",
    "-",
    "--",
    "=",
    "--reason",
    "--date",
    "bash",
    "zsh",
    "--show-corrected",
    "--since=",
    "--as-of=2024-11",
];

fn cli_vector() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            4 => select(ARGS).prop_map(|s| s.as_bytes().to_vec()),
            1 => date_text().prop_map(String::into_bytes),
            1 => prop::collection::vec(1..=255u8, 0..8),
        ],
        0..8,
    )
    .prop_map(|args| args.join(&0u8))
}

proptest! {
    #![proptest_config(ProptestConfig { max_shrink_iters: 256, ..ProptestConfig::with_cases(cases()) })]

    #[test]
    fn any_date_text_is_read_or_refused_and_accepted_dates_print_as_read(s in date_text()) {
        surfaces::act_date(s.as_bytes());
    }

    #[test]
    fn any_name_resolves_to_a_registered_actor_or_is_refused(s in name()) {
        surfaces::registry_name(s.as_bytes());
    }

    #[test]
    fn any_event_object_becomes_a_valid_event_or_a_typed_refusal(v in event_object()) {
        surfaces::log_json(v.to_string().as_bytes());
    }

    #[test]
    fn any_batch_of_event_lines_is_read_or_refused_whole(vs in prop::collection::vec(event_object(), 1..4), list in any::<bool>()) {
        let text = if list {
            serde_json::Value::Array(vs).to_string()
        } else {
            vs.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("\n")
        };
        surfaces::log_json(text.as_bytes());
    }

    #[test]
    fn any_seed_file_parses_or_is_refused_with_its_line_and_column(s in seed_text(), json in any::<bool>()) {
        let mut data = vec![u8::from(json)];
        data.extend_from_slice(s.as_bytes());
        surfaces::seed_file(&data);
    }

    #[test]
    fn any_bytes_as_a_seed_file_are_refused_without_a_panic(data in prop::collection::vec(any::<u8>(), 0..200)) {
        surfaces::seed_file(&data);
    }

    #[test]
    fn an_edited_export_record_is_read_back_whole_or_refused(line in export_record()) {
        surfaces::import_line(line.as_bytes());
    }

    #[test]
    fn any_argument_vector_is_parsed_or_refused_by_the_command_line(args in cli_vector()) {
        surfaces::cli_args(&args);
    }
}

#[test]
fn an_unedited_export_record_is_accepted() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus/import_line");
    let accepted = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| std::fs::read(e.ok()?.path()).ok())
        .filter(|d| surfaces::import_line(d) == surfaces::Outcome::Accepted)
        .count();
    assert!(accepted > 0, "the corpus holds whole records");
}
