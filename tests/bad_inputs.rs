//! The catalogue of bad inputs (RELIABILITY.md): for each, the exit code, the
//! message, and proof that the store is unchanged (same log export, same
//! projections). One row per case; each runs on the test backend.

mod common;

use accord::store::RowSelect;
use common::TestStore;

const SRC: &str =
    r#""source": {"title": "T", "publisher": "P", "published": "2025-01-02"}, "quote": "Q""#;

/// Something to feed accord: arguments, and optionally a file or standard input.
struct Case {
    name: &'static str,
    args: Vec<String>,
    file: Option<(&'static str, Vec<u8>)>,
    stdin: Option<Vec<u8>>,
    code: i32,
    message: &'static str,
}

fn log(json_line: String, code: i32, message: &'static str, name: &'static str) -> Case {
    Case {
        name,
        args: vec!["log".into(), "--from-json".into(), "-".into()],
        file: None,
        stdin: Some(json_line.into_bytes()),
        code,
        message,
    }
}

fn cases() -> Vec<Case> {
    let huge = "x".repeat(5000);
    vec![
        Case {
            name: "invalid UTF-8 in a seed file",
            args: vec!["ingest".into()],
            file: Some(("bad.toml", b"[source]\ntitle = \"\xff\xfe\"\n".to_vec())),
            stdin: None,
            code: 3,
            message: "not UTF-8",
        },
        Case { name: "an empty seed file", args: vec!["ingest".into()], file: Some(("empty.toml", Vec::new())), stdin: None, code: 3, message: "missing field `source`" },
        Case { name: "an empty JSON batch", args: vec!["log".into(), "--from-json".into(), "-".into()], file: None, stdin: Some(b"\n\n".to_vec()), code: 3, message: "no events" },
        Case { name: "an empty import", args: vec!["import".into()], file: Some(("empty.jsonl", Vec::new())), stdin: None, code: 3, message: "holds no events" },
        log(format!(r#"{{"kind": "statement", "date": "2025-01-01", "actor": "KAZ", "stance": "neutral", "topic": "{huge}", {SRC}}}"#), 3, "at most", "a huge field"),
        log(r#"{"kind": "statement", "date": 20250101}"#.into(), 3, "must be a string", "a wrong type"),
        log(r#"{"kind": "treaty_sealed", "date": "2025-01-01"}"#.into(), 3, "unknown event kind", "an unknown kind"),
        log(format!(r#"{{"kind": "statement", "date": "2099-01-01", "actor": "KAZ", "stance": "neutral", "topic": "t", {SRC}}}"#), 3, "in the future", "a future date"),
        log(
            format!(r#"{{"kind": "commitment_made", "date": "2025-01-01", "actor": "KAZ", "commitment": "c", "text": "t", "deadline": "2024-12-01", {SRC}}}"#),
            3,
            "is not after",
            "a deadline before the act",
        ),
        log(format!(r#"{{"kind": "statement", "date": "2025-01-01", "actor": "Narnia", "stance": "neutral", "topic": "t", {SRC}}}"#), 3, "unknown actor `Narnia`", "an unknown actor"),
        log(format!(r#"{{"kind": "support_declared", "date": "2025-01-01", "actor": "Kazakstan", "initiative": "caspian-expert-group", {SRC}}}"#), 3, "did you mean Kazakhstan (KAZ)", "a misspelt state"),
        log(r#"{"kind": "statement", "date": "2025-01-01", "actor": "KAZ", "stance": "neutral", "topic": "t", "source": {"title": "T", "publisher": "P", "published": "2025-01-02"}}"#.into(), 3, "missing field `quote`", "a missing quote"),
        log(
            format!(r#"{{"id": "f45f3c2d-3add-59c5-81e3-b4243944463a", "kind": "support_declared", "date": "2024-11-12", "actor": "KAZ", "initiative": "caspian-expert-group", {SRC}}}"#),
            3,
            "already recorded with different content",
            "a duplicate id with different content",
        ),
    ]
}

#[tokio::test]
async fn every_bad_input_is_refused_clearly_and_leaves_the_store_unchanged() {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    let store = t.open().await;
    let export_before = t.accord().arg("export").output().unwrap().stdout;
    let rows_before = store.rows(&RowSelect::All).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for c in cases() {
        let mut cmd = t.accord();
        cmd.args(&c.args);
        if let Some((name, bytes)) = &c.file {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            cmd.arg(&p);
        }
        if let Some(input) = &c.stdin {
            cmd.write_stdin(input.clone());
        }
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(c.code) || !err.contains(c.message) {
            failures.push(format!(
                "{}: exit {:?}, stderr: {err}",
                c.name,
                out.status.code()
            ));
        }
        assert!(!err.contains("panicked"), "{}: {err}", c.name);
    }
    assert!(
        failures.is_empty(),
        "cases not refused as documented:\n{}",
        failures.join("\n")
    );
    assert_eq!(
        t.accord().arg("export").output().unwrap().stdout,
        export_before,
        "the log is unchanged"
    );
    assert_eq!(
        store.rows(&RowSelect::All).await.unwrap(),
        rows_before,
        "the projections are unchanged"
    );
}

#[tokio::test]
async fn sql_and_script_text_in_every_field_is_stored_and_shown_verbatim() {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    let hostile = r#"Robert'); DROP TABLE events;-- <script>alert("x")</script> & "quotes""#;
    let out = t
        .accord()
        .args([
            "log",
            "statement",
            "--actor",
            "KAZ",
            "--stance",
            "neutral",
            "--topic",
            hostile,
            "--on",
            "2025-01-01",
            "--speaker",
            hostile,
            "--occasion",
            hostile,
        ])
        .args([
            "--source-title",
            hostile,
            "--publisher",
            hostile,
            "--published",
            "2025-01-02",
            "--quote",
            hostile,
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = v["id"].as_str().unwrap().to_string();
    let shown: serde_json::Value = serde_json::from_slice(
        &t.accord()
            .args(["show", &id, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    for field in [
        &shown["body"]["topic"],
        &shown["body"]["speaker"]["name"],
        &shown["body"]["occasion"],
        &shown["body"]["source"]["title"],
        &shown["body"]["source"]["quote"],
    ] {
        assert_eq!(field.as_str(), Some(hostile));
    }
    let html = t
        .accord()
        .args(["report", "--format", "html"])
        .output()
        .unwrap()
        .stdout;
    let html = String::from_utf8(html).unwrap();
    assert!(!html.contains("<script>alert"), "escaped in HTML");
    assert!(html.contains("&lt;script&gt;alert"));
    t.accord().arg("verify").assert().success();
}

#[tokio::test]
async fn a_store_written_by_a_newer_accord_is_refused_with_a_clear_message() {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    let (checksum, time) = if t.is_postgres() {
        ("'\\x00'::bytea", "now()")
    } else {
        ("x'00'", "CURRENT_TIMESTAMP")
    };
    t.sql(&format!(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (999, 'from the future', {time}, true, {checksum}, 0)"
    ))
    .await;
    t.accord()
        .args(["backers", "caspian-expert-group"])
        .assert()
        .code(7)
        .stderr(predicates::str::contains("written by a newer accord"));
}
