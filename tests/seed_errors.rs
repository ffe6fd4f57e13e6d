//! A malformed seed file gives a message with file:line and appends nothing.

mod common;

use common::{TestStore, count};

const GOOD: &str = r#"[source]
title = "Aral Sea states meet"
publisher = "Test Wire"
published = "2024-05-02"

[[event]]
key = "kaz-proposes"
kind = "initiative_proposed"
date = "2024-05-01"
actors = ["Kazakhstan"]
initiative = "aral-basin-monitoring"
title = "Aral basin monitoring network"
scope = ["KAZ", "UZB"]
quote = "Kazakhstan proposed a monitoring network."

[[event]]
key = "uzb-supports"
kind = "support_declared"
date = "2024-05-01"
actors = ["Uzbekistan"]
initiative = "aral-basin-monitoring"
quote = "Uzbekistan supports the network."
"#;

async fn refuses(file_name: &str, text: &str, line: usize, message: &str) {
    let t = TestStore::new().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file_name);
    std::fs::write(&path, text).unwrap();
    let out = t.accord().arg("ingest").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "exit code for invalid input");
    let err = String::from_utf8_lossy(&out.stderr);
    let at = format!("{}:{line}:", path.display());
    assert!(err.contains(&at), "expected {at} in: {err}");
    assert!(err.contains(message), "expected `{message}` in: {err}");
    assert_eq!(count(&t).await, 0, "nothing from the file is appended");
}

#[tokio::test]
async fn a_good_file_is_ingested() {
    let t = TestStore::new().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("aral.toml");
    std::fs::write(&path, GOOD).unwrap();
    t.accord().arg("ingest").arg(&path).assert().success();
    assert_eq!(count(&t).await, 2);
}

#[tokio::test]
async fn a_bad_date_is_refused_at_its_line() {
    refuses(
        "a.toml",
        &GOOD.replace(
            "date = \"2024-05-01\"\nactors = [\"Uzbekistan\"]",
            "date = \"2024-13-01\"\nactors = [\"Uzbekistan\"]",
        ),
        19,
        "not a day of the calendar",
    )
    .await;
}

#[tokio::test]
async fn an_unknown_state_is_refused_with_the_nearest_names() {
    refuses(
        "a.toml",
        &GOOD.replace("[\"Uzbekistan\"]", "[\"Uzbekstan\"]"),
        20,
        "Uzbekistan (UZB)",
    )
    .await;
}

#[tokio::test]
async fn a_missing_quote_is_refused() {
    refuses(
        "a.toml",
        &GOOD.replace("quote = \"Uzbekistan supports the network.\"\n", ""),
        16,
        "no `quote`",
    )
    .await;
}

#[tokio::test]
async fn broken_toml_is_refused_at_the_break() {
    refuses(
        "a.toml",
        &GOOD.replace(
            "title = \"Aral basin monitoring network\"",
            "title = \"Aral basin",
        ),
        12,
        "not a valid seed file",
    )
    .await;
}

#[tokio::test]
async fn broken_json_is_refused_at_the_break() {
    refuses("a.json", "{\n  \"source\": {\"title\": \"x\",\n  \"publisher\": \"y\" \"published\": \"2024-01-01\"}\n}\n", 3, "not valid JSON").await;
}

#[tokio::test]
async fn a_rule_broken_by_the_second_event_names_its_line_and_appends_nothing() {
    // Uzbekistan's support dated before the initiative's own source could report it.
    refuses(
        "a.toml",
        &GOOD.replace(
            "date = \"2024-05-01\"\nactors = [\"Uzbekistan\"]",
            "date = \"2024-06-01\"\nactors = [\"Uzbekistan\"]",
        ),
        16,
        "after the source's publication date",
    )
    .await;
}
