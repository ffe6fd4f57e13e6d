//! Stories of an analyst at the command line: logging what states said,
//! repeating it, withdrawing it, correcting it, and scripting batches.

mod common;

use common::{TestStore, count, json};
use predicates::str::contains;

const SRC: [&str; 10] = [
    "--source-title",
    "Turkmenistan backs the Caspian expert group",
    "--publisher",
    "Test Wire",
    "--published",
    "2025-03-02",
    "--url",
    "https://example.org/test/tkm",
    "--quote",
    "Turkmenistan supports the initiative to form a group of Caspian experts.",
];

fn position<'a>(v: &'a serde_json::Value, state: &str) -> &'a serde_json::Value {
    &v["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == state)
        .unwrap()["position"]
}

async fn seeded() -> TestStore {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    t
}

#[tokio::test]
async fn an_analyst_logs_turkmenistans_support_and_backers_and_state_show_it() {
    let t = seeded().await;
    let out = json(
        t.accord()
            .args([
                "log",
                "support",
                "--initiative",
                "caspian",
                "--state",
                "Turkmenistan",
                "--on",
                "2025-03-01",
            ])
            .args(SRC),
    );
    assert_eq!(out["status"], "appended");
    assert_eq!(out["stream"], "initiative/caspian-expert-group");
    assert_eq!(out["version"], 3);
    let v = json(t.accord().args(["backers", "caspian-expert-group"]));
    assert_eq!(position(&v, "TKM"), "supports");
    let s = json(t.accord().args(["state", "TKM"]));
    let p = &s["positions"][0];
    assert_eq!(p["initiative"], "caspian-expert-group");
    assert_eq!(p["position"], "supports");
    assert_eq!(p["since"], "2025-03-01");
}

#[tokio::test]
async fn logging_the_same_statement_twice_records_one_event_and_says_so() {
    let t = seeded().await;
    let args = [
        "log",
        "support",
        "--initiative",
        "caspian-expert-group",
        "--state",
        "TKM",
        "--on",
        "2025-03-01",
    ];
    t.accord().args(args).args(SRC).assert().success();
    let n = count(&t).await;
    t.accord()
        .args(args)
        .args(SRC)
        .assert()
        .code(6)
        .stdout(contains("already recorded"));
    assert_eq!(count(&t).await, n);
    // The same act from another article is added as a source.
    let mut other = SRC;
    other[7] = "https://example.org/test/tkm-second";
    t.accord()
        .args(args)
        .args(other)
        .assert()
        .success()
        .stdout(contains("this source"));
    assert_eq!(count(&t).await, n + 1);
    let v = json(t.accord().args(["backers", "caspian-expert-group"]));
    let tkm = v["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == "TKM")
        .unwrap();
    assert_eq!(tkm["sources"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_withdrawal_shows_now_and_the_support_shows_as_of_before_it() {
    let t = seeded().await;
    t.accord()
        .args([
            "log",
            "support",
            "--initiative",
            "caspian-expert-group",
            "--state",
            "TKM",
            "--on",
            "2025-03-01",
        ])
        .args(SRC)
        .assert()
        .success();
    t.accord()
        .args([
            "log",
            "withdraw",
            "--initiative",
            "caspian-expert-group",
            "--state",
            "TKM",
            "--on",
            "2025-06-10",
        ])
        .args([
            "--source-title",
            "Turkmenistan steps back",
            "--publisher",
            "Test Wire",
            "--published",
            "2025-06-11",
            "--quote",
            "Turkmenistan no longer supports the group.",
        ])
        .assert()
        .success();
    assert_eq!(
        position(
            &json(t.accord().args(["backers", "caspian-expert-group"])),
            "TKM"
        ),
        "withdrawn"
    );
    assert_eq!(
        position(
            &json(
                t.accord()
                    .args(["backers", "caspian-expert-group", "--as-of", "2025-06-09"])
            ),
            "TKM"
        ),
        "supports"
    );
    assert!(
        position(
            &json(
                t.accord()
                    .args(["backers", "caspian-expert-group", "--as-of", "2025-02-28"])
            ),
            "TKM"
        )
        .is_null()
    );
}

#[tokio::test]
async fn correcting_a_wrongly_dated_event_moves_the_projections_with_it() {
    let t = seeded().await;
    let out = json(
        t.accord()
            .args([
                "log",
                "support",
                "--initiative",
                "caspian-expert-group",
                "--state",
                "TKM",
                "--on",
                "2025-03-01",
            ])
            .args(SRC),
    );
    let id = out["id"].as_str().unwrap().to_string();
    t.accord()
        .args([
            "correct",
            &id[..8],
            "--reason",
            "the article dates it to 28 February",
            "--date",
            "2025-02-28",
        ])
        .assert()
        .success();
    let v = json(t.accord().args(["backers", "caspian-expert-group"]));
    let tkm = v["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == "TKM")
        .unwrap();
    assert_eq!(tkm["since"], "2025-02-28");
    assert_eq!(
        position(
            &json(
                t.accord()
                    .args(["backers", "caspian-expert-group", "--as-of", "2025-02-28"])
            ),
            "TKM"
        ),
        "supports"
    );
    // Both the corrected and the correcting event are in the log; only one shows by default.
    let all = json(t.accord().args([
        "events",
        "--show-corrected",
        "--stream",
        "initiative/caspian-expert-group",
    ]));
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "correction")
    );
    let shown = json(
        t.accord()
            .args(["events", "--stream", "initiative/caspian-expert-group"]),
    );
    assert!(
        shown
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] != "correction")
    );
    // A retraction removes the support.
    t.accord()
        .args(["correct", &id, "--reason", "misread the article"])
        .assert()
        .success();
    assert!(
        position(
            &json(t.accord().args(["backers", "caspian-expert-group"])),
            "TKM"
        )
        .is_null()
    );
    t.accord().arg("verify").assert().success();
}

fn jsonl(n: usize, bad_line: Option<usize>) -> String {
    let mut out = String::new();
    for i in 1..=n {
        let date = format!("2025-{:02}-{:02}", 1 + (i % 12), 1 + (i % 28));
        let line = if Some(i) == bad_line {
            serde_json::json!({"kind": "statement", "date": "2025-02-30", "actor": "KAZ", "stance": "neutral", "topic": "t", "source": {"title": "x", "publisher": "y", "published": "2025-12-31"}, "quote": "q"})
        } else {
            serde_json::json!({"kind": "statement", "date": date, "actor": "Kazakhstan", "stance": "concerned",
                "topic": format!("sea level, item {i}"), "initiative": "caspian-expert-group",
                "source": {"title": format!("Bulletin {i}"), "publisher": "Test Wire", "published": "2025-12-31", "url": format!("https://example.org/b/{i}")},
                "quote": format!("Kazakhstan is concerned (item {i}).")})
        };
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

#[tokio::test]
async fn a_script_appends_fifty_events_from_json_lines() {
    let t = seeded().await;
    let n = count(&t).await;
    t.accord()
        .args(["log", "--from-json", "-"])
        .write_stdin(jsonl(50, None))
        .assert()
        .success()
        .stdout(contains("50 of 50 events appended"));
    assert_eq!(count(&t).await, n + 50);
    t.accord().arg("verify").assert().success();
}

#[tokio::test]
async fn one_bad_line_fails_the_whole_batch_with_its_line_number() {
    let t = seeded().await;
    let n = count(&t).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batch.jsonl");
    std::fs::write(&path, jsonl(50, Some(37))).unwrap();
    t.accord()
        .args(["log", "--from-json"])
        .arg(&path)
        .assert()
        .code(3)
        .stderr(contains("batch.jsonl:37:"))
        .stderr(contains("not a day of the calendar"));
    assert_eq!(count(&t).await, n);
    // A rule broken late in the batch (not a parse error) also appends nothing.
    let mut text = jsonl(10, None);
    text.push_str(&serde_json::json!({"kind": "support_withdrawn", "date": "2025-01-01", "actor": "IRN", "initiative": "caspian-expert-group", "source": {"title": "x", "publisher": "y", "published": "2025-01-02"}, "quote": "q"}).to_string());
    t.accord()
        .args(["log", "--from-json", "-"])
        .write_stdin(text)
        .assert()
        .code(3)
        .stderr(contains("<stdin>:11:"))
        .stderr(contains("no recorded support"));
    assert_eq!(count(&t).await, n);
}

async fn refused(t: &TestStore, args: &[&str], needle: &str, code: i32) {
    let n = count(t).await;
    t.accord()
        .args(args)
        .assert()
        .code(code)
        .stderr(contains(needle));
    assert_eq!(count(t).await, n, "nothing appended after: {needle}");
}

#[tokio::test]
async fn every_refusal_names_the_problem_and_appends_nothing() {
    let t = seeded().await;
    let support = |state: &'static str, on: &'static str| -> Vec<&'static str> {
        let mut v = vec![
            "log",
            "support",
            "--initiative",
            "caspian-expert-group",
            "--state",
            state,
            "--on",
            on,
        ];
        v.extend(SRC);
        v
    };
    refused(
        &t,
        &support("TKM", "2025-02-30"),
        "not a day of the calendar",
        3,
    )
    .await;
    refused(&t, &support("TKM", "next week"), "is not a date", 3).await;
    refused(&t, &support("TKM", "2099-01-01"), "in the future", 3).await;
    refused(
        &t,
        &support("TKM", "2025-04-01"),
        "after the source's publication date",
        3,
    )
    .await;
    refused(
        &t,
        &support("Turkmenstan", "2025-03-01"),
        "did you mean Turkmenistan (TKM)",
        3,
    )
    .await;
    refused(&t, &support("UNEP", "2025-03-01"), "not a state", 3).await;
    let mut unknown_init = support("TKM", "2025-03-01");
    unknown_init[3] = "aral-fund";
    refused(&t, &unknown_init, "initiative `aral-fund` not found", 4).await;
    let mut withdraw = support("RUS", "2025-03-01");
    withdraw[1] = "withdraw";
    refused(&t, &withdraw, "RUS has no recorded support", 3).await;
    let mut commit = vec![
        "log",
        "commit",
        "--initiative",
        "caspian-expert-group",
        "--state",
        "KAZ",
        "--on",
        "2025-03-01",
        "--text",
        "Nominate experts",
        "--deadline",
        "2025-01-01",
    ];
    commit.extend(SRC);
    refused(&t, &commit, "deadline 2025-01-01 is not after", 3).await;
    let no_quote: Vec<&str> = support("TKM", "2025-03-01").into_iter().take(16).collect();
    refused(&t, &no_quote, "--quote", 2).await;
    let mut empty_quote = support("TKM", "2025-03-01");
    *empty_quote.last_mut().unwrap() = "  ";
    refused(&t, &empty_quote, "quote is empty", 3).await;
}

#[tokio::test]
async fn a_dry_run_prints_the_event_and_appends_nothing() {
    let t = seeded().await;
    let n = count(&t).await;
    let out = json(
        t.accord()
            .args([
                "log",
                "support",
                "--initiative",
                "caspian-expert-group",
                "--state",
                "TKM",
                "--on",
                "2025-03-01",
                "--dry-run",
            ])
            .args(SRC),
    );
    assert_eq!(out["status"], "would_append");
    assert_eq!(out["event"]["kind"], "support_declared");
    assert_eq!(out["event"]["actors"], serde_json::json!(["TKM"]));
    assert_eq!(count(&t).await, n);
}

#[tokio::test]
async fn commitments_show_with_their_status_in_state() {
    let t = seeded().await;
    let mut commit = vec![
        "log",
        "commit",
        "--initiative",
        "caspian-expert-group",
        "--state",
        "KAZ",
        "--on",
        "2025-03-01",
        "--text",
        "Nominate national experts",
        "--deadline",
        "2025-09-01",
    ];
    commit.extend(SRC);
    t.accord().args(&commit).assert().success();
    let s = json(t.accord().args(["state", "KAZ", "--as-of", "2025-10-01"]));
    assert_eq!(s["commitments"][0]["status"], "overdue");
    assert_eq!(
        s["commitments"][0]["id"],
        "caspian-expert-group/kaz-2025-03-01"
    );
    let mut progress = vec![
        "log",
        "progress",
        "--commitment",
        "caspian-expert-group/kaz-2025-03-01",
        "--state",
        "KAZ",
        "--on",
        "2025-03-01",
        "--percent",
        "40",
    ];
    progress.extend(SRC);
    t.accord().args(&progress).assert().success();
    let mut fulfil = vec![
        "log",
        "fulfil",
        "--commitment",
        "caspian-expert-group/kaz-2025-03-01",
        "--state",
        "KAZ",
        "--on",
        "2025-03-02",
    ];
    fulfil.extend(SRC);
    t.accord().args(&fulfil).assert().success();
    let s = json(t.accord().args(["state", "KAZ", "--as-of", "2025-10-01"]));
    assert_eq!(s["commitments"][0]["status"], "fulfilled");
    assert_eq!(s["positions"][0]["position"], "committed");
    let i = json(t.accord().arg("initiatives"));
    assert_eq!(i[0]["supporters"], 1);
}

#[tokio::test]
async fn completions_and_the_manual_page_are_generated() {
    let t = TestStore::new().await;
    t.accord()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(contains("accord"));
    t.accord().args(["completions", "fish"]).assert().success();
    t.accord()
        .arg("man")
        .assert()
        .success()
        .stdout(contains(".TH accord"));
}

#[tokio::test]
async fn the_log_as_it_stood_on_a_day() {
    let t = seeded().await;
    let all = json(t.accord().arg("events")).as_array().unwrap().len();
    let then = json(t.accord().args(["events", "--as-of", "2024-11-12"]));
    let kinds: Vec<&str> = then
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "initiative_proposed",
            "support_declared",
            "statement",
            "statement"
        ]
    );
    assert!(all > kinds.len());
}
