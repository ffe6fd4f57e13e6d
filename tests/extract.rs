//! Stories of drafting events from an article's text (`accord extract`) and
//! appending a reviewed draft (`accord ingest ARTICLE --review`): the two seed
//! articles come out as the project's seed files, the guards (negation,
//! conditionals, the future) hold, reported speech goes to the speaker's state,
//! dates are read relative to the publication, review appends exactly what the
//! reviewer kept, and the evaluation set keeps its scores.

mod common;

use std::path::{Path, PathBuf};

use accord::domain::Registry;
use accord::domain::kind::Kind;
use accord::extract::evaluate::{self, Act};
use accord::extract::{self, Known, Meta, render};
use accord::seeds;
use common::{TestStore, count};

fn reg() -> &'static Registry {
    Registry::bundled()
}

fn draft(text: &str) -> extract::Draft {
    extract::extract(
        "story.txt",
        text.as_bytes(),
        &Meta::default(),
        reg(),
        &Known::bundled(reg()),
    )
    .expect("a draft")
}

/// The draft's acts, read back through the seed-file parser (as review would).
fn acts(text: &str) -> Vec<Act> {
    evaluate::draft_acts("story.txt", text.as_bytes(), reg(), &Known::bundled(reg()))
        .expect("the draft parses")
}

fn sorted(mut v: Vec<Act>) -> Vec<String> {
    let mut out: Vec<String> = v
        .drain(..)
        .map(|a| {
            let kind = if a.kind == Kind::PanelHeld {
                Kind::MeetingHeld
            } else {
                a.kind
            };
            format!(
                "{kind} {:?} {:?} {} speaker {:?}",
                a.actors, a.subject, a.date, a.speaker
            )
        })
        .collect();
    out.sort();
    out
}

fn shared_seeds() -> PathBuf {
    std::env::var_os("ACCORD_SEED_ARTICLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds"))
}

#[test]
fn the_two_seed_articles_come_out_as_the_projects_seed_files_with_their_speakers() {
    let pairs = [
        (
            "002_588e64a33cb40900.txt",
            "2024-11-12-kazakhstan-supports-caspian-expert-group.toml",
        ),
        (
            "000_42acc8ce4730720d.txt",
            "2026-01-31-geneva-panel-caspian-governance.toml",
        ),
    ];
    for (article, seed) in pairs {
        let path = shared_seeds().join(article);
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!(
                "SKIPPED: {} is not present (set ACCORD_SEED_ARTICLES to the folder holding it)",
                path.display()
            );
            continue;
        };
        let seed_text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("seeds")
                .join(seed),
        )
        .unwrap();
        let expected = evaluate::acts(&seeds::parse(seed, &seed_text, reg()).unwrap());
        let got = acts(&text);
        assert_eq!(
            sorted(got),
            sorted(expected),
            "{article} against seeds/{seed}"
        );
    }
}

#[test]
fn the_kazakh_article_names_who_spoke_and_where() {
    let path = shared_seeds().join("002_588e64a33cb40900.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("SKIPPED: {} is not present", path.display());
        return;
    };
    let d = draft(&text);
    let support = d
        .events
        .iter()
        .find(|e| e.kind == Kind::SupportDeclared)
        .unwrap();
    assert_eq!(support.speaker.as_deref(), Some("Kassym-Jomart Tokayev"));
    assert_eq!(
        support.occasion.as_deref(),
        Some("World Leaders Climate Action Summit, Baku")
    );
    assert_eq!(support.rule, "support-verb");
    let proposal = d
        .events
        .iter()
        .find(|e| e.kind == Kind::InitiativeProposed)
        .unwrap();
    assert_eq!(proposal.speaker.as_deref(), Some("Ilham Aliyev"));
    assert_eq!(
        proposal.subject(),
        Some("caspian-expert-group"),
        "matched to the initiative already recorded"
    );
    // The nuclear plant, uranium and disaster remarks are not about the sea: left out, with reasons.
    assert_eq!(d.skipped.len(), 3, "{:?}", d.skipped);
}

#[test]
fn a_negated_support_is_not_drafted() {
    let d = draft(
        "published: 2024-11-14\n\nTurkmenistan did not support Azerbaijan's proposal to establish an expert group on the Caspian Sea.\n",
    );
    assert!(d.events.is_empty(), "{:?}", d.events);
    assert_eq!(d.skipped[0].reason, "negated");
    let d = draft(
        "published: 2024-11-14\n\nIran didn't back the Caspian Sea proposal of Azerbaijan.\n",
    );
    assert!(d.events.is_empty(), "{:?}", d.events);
    // Opposition is drafted only when the text states it.
    let d = draft(
        "published: 2024-11-14\n\nEgypt and Sudan have rejected the Nile Basin Cooperative Framework Agreement.\n",
    );
    assert_eq!(d.events[0].kind, Kind::OppositionDeclared);
    assert_eq!(d.events[0].actors, ["Egypt", "Sudan"]);
}

#[test]
fn a_conditional_readiness_is_not_an_act() {
    let d = draft(
        "published: 2024-11-14\n\nIf this requires a new protocol to the Tehran Convention, Kazakhstan is ready to support it.\nIf the Caspian states agree, Russia would sign the protocol.\n",
    );
    assert!(d.events.is_empty(), "{:?}", d.events);
    assert!(
        d.skipped
            .iter()
            .all(|s| s.reason == "conditional" || s.reason.starts_with("future")),
        "{:?}",
        d.skipped
    );
}

#[test]
fn a_meeting_in_the_future_is_not_a_meeting_held() {
    let d = draft(
        "published: 2024-11-14\n\nAzerbaijan will host the next summit of the Caspian states in 2026.\nThe ministers are expected to meet in Baku next year.\n",
    );
    assert!(d.events.is_empty(), "{:?}", d.events);
}

#[test]
fn a_meeting_that_was_held_is_drafted_with_its_host_and_format() {
    let d = draft(
        "published: 2023-04-06\n\nThe fourth Mekong River Commission Summit was held in Vientiane on Wednesday, hosted by Laos.\n",
    );
    let [e] = d.events.as_slice() else {
        panic!("{:?}", d.events)
    };
    assert_eq!(e.kind, Kind::MeetingHeld);
    assert_eq!(e.actors, ["Laos"]);
    assert_eq!(e.date.to_string(), "2023-04-05");
    assert_eq!(e.fields["format"], "summit");
}

#[test]
fn reported_speech_is_the_act_of_the_speakers_state() {
    let text = "published: 2024-11-14\n\nKazakh President Kassym-Jomart Tokayev said on Tuesday that Kazakhstan supports Azerbaijan's proposal to establish an expert group of the Caspian states.\n";
    let d = draft(text);
    let support = d
        .events
        .iter()
        .find(|e| e.kind == Kind::SupportDeclared)
        .expect("a support");
    assert_eq!(support.actors, ["Kazakhstan"]);
    assert_eq!(support.speaker.as_deref(), Some("Kassym-Jomart Tokayev"));
    assert_eq!(support.date.to_string(), "2024-11-12");
    assert_eq!(support.subject(), Some("caspian-expert-group"));
    // The target: the state whose proposal it is.
    assert_eq!(
        support.fields["recipients"],
        serde_json::json!(["Azerbaijan"])
    );
    // "his country" after "said" is the speaker's state too.
    let d = draft(
        "published: 2024-11-14\n\nKazakh President Kassym-Jomart Tokayev said his country backs Azerbaijan's proposal to establish an expert group of the Caspian states.\n",
    );
    let support = d
        .events
        .iter()
        .find(|e| e.kind == Kind::SupportDeclared)
        .expect("a support");
    assert_eq!(support.actors, ["Kazakhstan"]);
}

#[test]
fn a_quote_is_attributed_to_its_speaker() {
    let d = draft(
        "published: 2024-11-12\n\n“The Caspian Sea is in danger. We support the initiative of President Ilham Aliyev to establish a group of experts from the Caspian states,” Tokayev said.\n",
    );
    let kinds: Vec<Kind> = d.events.iter().map(|e| e.kind).collect();
    assert!(
        kinds.contains(&Kind::SupportDeclared) && kinds.contains(&Kind::Statement),
        "{kinds:?}"
    );
    assert!(
        d.events
            .iter()
            .all(|e| e.actors == ["Kazakhstan"] || e.kind == Kind::InitiativeProposed)
    );
}

#[test]
fn dates_are_read_relative_to_the_publication_with_the_texts_precision() {
    // (the sentence, the publication date, the date drafted)
    let table = [
        (
            "Kazakhstan and Azerbaijan signed the Tehran Convention on Tuesday.",
            "2024-11-14",
            "2024-11-12",
        ),
        (
            "Kazakhstan and Azerbaijan signed the Tehran Convention on December 5.",
            "2025-01-03",
            "2024-12-05",
        ),
        (
            "Kazakhstan and Azerbaijan signed the Tehran Convention in November 2024.",
            "2025-02-01",
            "2024-11",
        ),
        (
            "Kazakhstan and Azerbaijan signed the Tehran Convention in 2018.",
            "2025-02-01",
            "2018",
        ),
        (
            "Kazakhstan and Azerbaijan signed the Tehran Convention last week.",
            "2024-11-14",
            "between 2024-11-04 and 2024-11-10",
        ),
        (
            "Kazakhstan and Azerbaijan signed the Tehran Convention.",
            "2024-11-14",
            "on or before 2024-11-14",
        ),
    ];
    for (sentence, published, want) in table {
        let d = draft(&format!("published: {published}\n\n{sentence}\n"));
        let [e] = d.events.as_slice() else {
            panic!("{sentence}: {:?}", d.events)
        };
        assert_eq!(e.kind, Kind::TreatySigned);
        assert_eq!(
            e.date.to_string(),
            want,
            "{sentence} (published {published})"
        );
    }
}

#[test]
fn every_draft_carries_its_rule_and_confidence_in_toml_and_json() {
    let d = draft(
        "published: 2024-11-14\n\nKazakhstan and Azerbaijan signed the Tehran Convention on Tuesday.\n",
    );
    let toml = render::toml(&d, "story.txt");
    assert!(
        toml.contains("# rule: treaty-signed; confidence: 0.85"),
        "{toml}"
    );
    let json = render::json(&d);
    assert_eq!(json["events"][0]["rule"], "treaty-signed");
    assert!(json["events"][0]["confidence"].as_f64().unwrap() > 0.5);
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/extract")
}

#[test]
fn every_evaluation_texts_draft_parses_as_a_seed_file() {
    let mut n = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            let text = std::fs::read_to_string(&p).unwrap();
            let d = draft(&text);
            if !d.events.is_empty() {
                let toml = render::toml(&d, &p.display().to_string());
                seeds::parse("draft.toml", &toml, reg())
                    .unwrap_or_else(|e| panic!("{}: {e}\n{toml}", p.display()));
            }
            n += 1;
        }
    }
    assert!(n >= 12, "only {n} evaluation texts");
}

#[test]
fn the_evaluation_keeps_its_scores() {
    let report = evaluate::evaluate_dir(&fixtures(), reg(), &Known::bundled(reg())).unwrap();
    eprintln!("{}", report.table());
    assert!(report.articles >= 12);
    assert!(report.total.f1() >= 0.9, "{}", report.table());
    assert!(report.total.precision() >= 0.9, "{}", report.table());
}

#[test]
fn bad_articles_are_refused_with_where_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.txt", b"", "no body"),
        ("binary.txt", b"\x00\x01\x02\xff\xfe", "UTF-8"),
        (
            "header-only.txt",
            b"title: T\npublished: 2024-11-12\n\n",
            "no body",
        ),
        (
            "undated.txt",
            b"Kazakhstan supported the plan of Azerbaijan to save the Caspian Sea.\n",
            "no publication date",
        ),
    ];
    for (name, bytes, why) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let out = assert_cmd::Command::cargo_bin("accord")
            .unwrap()
            .arg("extract")
            .arg(&p)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(why) && err.contains(name), "{name}: {err}");
    }
}

const REVIEW_ARTICLE: &str = "title: Kazakhstan backs the Caspian expert group
publisher: accord test text
published: 2024-11-13

Kazakh President Kassym-Jomart Tokayev expressed support on Tuesday for Azerbaijan's proposal to establish an expert group on the environmental challenges facing the Caspian Sea.
Tokayev said the Caspian Sea is in danger.
";

#[tokio::test]
async fn a_reviewed_draft_is_appended_exactly_as_reviewed() {
    let t = TestStore::new().await;
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("kaz.txt");
    std::fs::write(&article, REVIEW_ARTICLE).unwrap();
    let draft_path = dir.path().join("draft.toml");
    t.accord()
        .arg("extract")
        .arg(&article)
        .arg("--out")
        .arg(&draft_path)
        .assert()
        .success();
    let drafted = std::fs::read_to_string(&draft_path).unwrap();
    assert_eq!(drafted.matches("[[event]]").count(), 3, "{drafted}");

    // The reviewer deletes the statement and corrects the proposal's date.
    let mut blocks: Vec<String> = drafted.split("\n[[event]]\n").map(str::to_string).collect();
    blocks.retain(|b| !b.contains("kind = \"statement\""));
    for b in &mut blocks {
        if b.contains("kind = \"initiative_proposed\"") {
            *b = b.replace(
                "date = \"on or before 2024-11-13\"",
                "date = \"on or before 2024-11-12\"",
            );
        }
    }
    let reviewed = blocks.join("\n[[event]]\n");
    let reviewed_path = dir.path().join("reviewed.toml");
    std::fs::write(&reviewed_path, &reviewed).unwrap();

    t.accord()
        .args(["ingest"])
        .arg(&article)
        .arg("--review")
        .arg("--draft")
        .arg(&reviewed_path)
        .assert()
        .success();
    let events = common::json(t.accord().arg("events"));
    let got: Vec<(String, String)> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["date"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "initiative_proposed".to_string(),
                "on or before 2024-11-12".to_string()
            ),
            ("support_declared".to_string(), "2024-11-12".to_string()),
        ]
    );
    let sources: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["source"]["title"].as_str())
        .collect();
    assert!(
        sources
            .iter()
            .all(|s| *s == "Kazakhstan backs the Caspian expert group"),
        "{events}"
    );

    // The same reviewed draft again appends nothing.
    t.accord()
        .arg("ingest")
        .arg(&article)
        .arg("--review")
        .arg("--draft")
        .arg(&reviewed_path)
        .assert()
        .success();
    assert_eq!(count(&t).await, 2);

    // A draft that does not parse appends nothing and says where.
    let broken = dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        reviewed.replace("kind = \"support_declared\"", "kind = \"supprt\""),
    )
    .unwrap();
    let out = t
        .accord()
        .arg("ingest")
        .arg(&article)
        .arg("--review")
        .arg("--draft")
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.toml:"));
    assert_eq!(count(&t).await, 2);
}

#[tokio::test]
async fn review_in_the_editor_appends_what_the_editor_leaves() {
    let t = TestStore::new().await;
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("kaz.txt");
    std::fs::write(&article, REVIEW_ARTICLE).unwrap();
    // An "editor" that accepts the draft as it is.
    t.accord()
        .env("EDITOR", "true")
        .arg("ingest")
        .arg(&article)
        .arg("--review")
        .assert()
        .success();
    assert_eq!(count(&t).await, 3);
    // Without an editor, review explains how to give a draft instead.
    let out = t
        .accord()
        .env_remove("EDITOR")
        .env_remove("VISUAL")
        .arg("ingest")
        .arg(&article)
        .arg("--review")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--draft"));
}

#[tokio::test]
async fn a_second_article_on_a_recorded_act_becomes_a_further_source() {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    let before = count(&t).await;
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("kaz.txt");
    std::fs::write(&article, REVIEW_ARTICLE).unwrap();
    t.accord()
        .env("EDITOR", "true")
        .arg("ingest")
        .arg(&article)
        .arg("--review")
        .assert()
        .success();
    let events = common::json(t.accord().arg("events"));
    let added = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "source_added")
        .count();
    assert_eq!(
        added, 2,
        "the proposal and the support were already recorded: {events}"
    );
    assert_eq!(count(&t).await, before + 3);
}

#[tokio::test]
async fn an_initiative_already_in_the_record_is_matched_not_proposed_anew() {
    let t = TestStore::new().await;
    let dir = tempfile::tempdir().unwrap();
    // The first article (one of the evaluation texts) proposes an initiative; it is appended.
    let first = fixtures().join("ifas-dushanbe-2023.txt");
    t.accord()
        .env("EDITOR", "true")
        .arg("ingest")
        .arg(&first)
        .arg("--review")
        .assert()
        .success();
    // A second text, constructed for this test, backs the same proposal in other words.
    let second = dir.path().join("second.txt");
    std::fs::write(
        &second,
        "published: 2023-09-20\n\nUzbekistan supported Kazakhstan's proposal to hold the next highest-level meeting of the Aral Sea fund in Kazakhstan.\n",
    )
    .unwrap();
    let draft = common::json(t.accord().arg("extract").arg(&second));
    let support = draft["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "support_declared")
        .expect("a support");
    assert_eq!(
        support["fields"]["initiative"], "hold-next-highest-level-meeting",
        "{draft}"
    );
    assert!(
        !support
            .to_string()
            .contains("not an initiative in the record"),
        "{support}"
    );
    assert_eq!(
        support["date"], "on or before 2023-09-20",
        "past tense, no date: done by the day of the report"
    );
}
