//! Stories of a new user: the store seeds itself from the bundled articles,
//! and `backers` answers who backs Azerbaijan's expert-group initiative.

mod common;

use common::{TestStore, count, json};

fn position_of<'a>(v: &'a serde_json::Value, state: &str) -> &'a serde_json::Value {
    v["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == state)
        .unwrap_or_else(|| panic!("{state} listed"))
}

#[tokio::test]
async fn seeding_twice_leaves_exactly_the_events_of_seeding_once() {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    let once = count(&t).await;
    assert!(once >= 9, "both articles ingested");
    let ids_once: Vec<String> = json(t.accord().arg("events"))
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    t.accord().arg("init").assert().success();
    t.accord()
        .args(["ingest", concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")])
        .assert()
        .success();
    assert_eq!(count(&t).await, once);
    let ids_twice: Vec<String> = json(t.accord().arg("events"))
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids_once, ids_twice);
    t.accord().arg("verify").assert().success();
}

#[tokio::test]
async fn an_analyst_asks_who_backs_the_expert_group_and_the_store_seeds_itself() {
    let t = TestStore::new().await;
    let v = json(t.accord().args(["backers", "caspian-expert-group"]));
    assert_eq!(v["initiative"], "caspian-expert-group");
    assert_eq!(v["proposers"], serde_json::json!(["AZE"]));
    assert_eq!(
        v["scope"],
        serde_json::json!(["AZE", "IRN", "KAZ", "RUS", "TKM"])
    );
    assert_eq!(position_of(&v, "AZE")["position"], "proposer");
    let kaz = position_of(&v, "KAZ");
    assert_eq!(kaz["position"], "supports");
    assert_eq!(kaz["since"], "2024-11-12");
    let n = kaz["sources"][0].as_u64().unwrap() as usize;
    let cite = &v["sources"][n - 1];
    assert_eq!(cite["published"], "2024-11-12");
    assert!(
        cite["title"]
            .as_str()
            .unwrap()
            .starts_with("Kazakhstan Affirms Support")
    );
    assert!(
        cite["quote"]
            .as_str()
            .unwrap()
            .contains("We support the initiative")
    );
    for s in ["IRN", "RUS", "TKM"] {
        assert!(
            position_of(&v, s)["position"].is_null(),
            "{s} has no recorded position"
        );
    }
}

#[tokio::test]
async fn as_of_the_day_before_the_summit_kazakhstan_has_no_position_yet() {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    let v = json(
        t.accord()
            .args(["backers", "caspian-expert-group", "--as-of", "2024-11-11"]),
    );
    assert!(position_of(&v, "KAZ")["position"].is_null());
    assert!(
        v["uncertain"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u.as_str().unwrap().contains("on or before 2024-11-12")),
        "the proposal, dated only as on or before 2024-11-12, is explained: {v}"
    );
    let on_the_day =
        json(
            t.accord()
                .args(["backers", "caspian-expert-group", "--as-of", "2024-11-12"]),
        );
    assert_eq!(position_of(&on_the_day, "KAZ")["position"], "supports");
}

#[tokio::test]
async fn the_human_answer_fits_80_columns_and_names_the_source() {
    let t = TestStore::new().await;
    let out = t
        .accord()
        .args(["backers", "caspian-expert-group"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    assert!(text.contains("no recorded position"));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Kazakhstan Affirms Support for Azerbaijan's Initiative"));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("ingested"),
        "first use says it seeded the store: {err}"
    );
}

#[tokio::test]
async fn an_unknown_initiative_is_not_found_with_exit_code_4() {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    t.accord()
        .args(["backers", "aral-sea-fund"])
        .assert()
        .code(4)
        .stderr(predicates::str::contains("caspian-expert-group"));
}
