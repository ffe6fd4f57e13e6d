//! Stores for the report tests: a generated record with corrections and
//! withdrawals (fixed dates, written through the library), and a record whose
//! texts are hostile to HTML and Markdown.

#![allow(dead_code)]

use accord::domain::payload::*;
use accord::domain::{Source, Speaker};

use crate::common::events::*;
use crate::common::{TestStore, opts};

/// What the generated store's tests refer to.
pub struct Generated {
    pub monitoring: &'static str,
    pub fisheries: &'static str,
    /// The day before RUS withdraws its support for the monitoring initiative, and that day.
    pub before_withdrawal: &'static str,
    pub withdrawal: &'static str,
}

/// Two initiatives and five states' acts over 2024–2025: support, opposition, a bounded
/// date, a month-only proposal, commitments (fulfilled, overdue and stale, pending and
/// stale, withdrawn with the support), a panel, a retracted support, an amended
/// statement and a corroborating source.
pub async fn generated(t: &TestStore) -> Generated {
    let s = t.open().await;
    let o = opts();
    let mon = "caspian-monitoring";
    let fish = "caspian-fisheries";
    let tkm_support = support(mon, "TKM", "2024-05-20");
    let kaz_support = support(mon, "KAZ", "2024-03-10");
    let kaz_statement = statement("KAZ", "2024-05-01", Some(mon));
    let panel = event(
        "2024-10-10",
        &["KAZ", "unog"],
        Payload::MeetingHeld(MeetingHeld {
            meeting: "2024-aktau-monitoring-panel".into(),
            title: "Monitoring the Caspian together".into(),
            format: MeetingFormat::Panel,
            host: None,
            venue: Some("Aktau".into()),
            participants: vec![
                Participant {
                    actor: Some("RUS".into()),
                    person: Some("Ivan Petrov".into()),
                    role: Some("Deputy minister".into()),
                },
                Participant {
                    actor: Some("AZE".into()),
                    person: None,
                    role: None,
                },
            ],
            topics: vec!["shared sea-level data".into()],
            initiatives: vec![mon.into()],
            outcome: Some("A working group on data formats.".into()),
        }),
        8,
    );
    let batches = vec![
        vec![propose(mon, "AZE", "2024-03-01")],
        vec![kaz_support.clone()],
        vec![commit(
            mon,
            "baseline-survey",
            "AZE",
            "2024-03-15",
            Some("2026-06-30"),
        )],
        vec![support(mon, "RUS", "2024-04-01")],
        vec![commit(
            mon,
            "data-sharing",
            "KAZ",
            "2024-04-01",
            Some("2025-01-01"),
        )],
        vec![commit(
            mon,
            "joint-cruise",
            "RUS",
            "2024-04-02",
            Some("2026-12-31"),
        )],
        vec![oppose(mon, "IRN", "2024-05-01")],
        vec![kaz_statement.clone()],
        vec![tkm_support.clone()],
        vec![propose(fish, "KAZ", "2024-06")],
        vec![support(fish, "IRN", "between 2024-07-01 and 2024-07-15")],
        vec![commit_alone("fish-stock-census", "TKM", "2024-08-01")],
        vec![progress(
            &format!("{mon}/baseline-survey"),
            "AZE",
            "2024-09-01",
            40,
        )],
        vec![panel],
        vec![withdraw(mon, "RUS", "2025-01-15")],
        vec![fulfil(
            &format!("{mon}/baseline-survey"),
            "AZE",
            "2025-06-01",
        )],
        vec![retract(tkm_support.id)],
        vec![amend_date(kaz_statement.id, "2024-05-02")],
        vec![add_source(kaz_support.id, 9)],
    ];
    for b in batches {
        s.append_any(b, &o).await.expect("append a fixture event");
    }
    Generated {
        monitoring: mon,
        fisheries: fish,
        before_withdrawal: "2025-01-14",
        withdrawal: "2025-01-15",
    }
}

/// A commitment made outside any initiative, with no deadline.
fn commit_alone(slug: &str, state: &str, date: &str) -> accord::domain::NewEvent {
    event(
        date,
        &[state],
        Payload::CommitmentMade(CommitmentMade {
            commitment: slug.into(),
            initiative: None,
            text: format!("{state} commits to a {slug}"),
            deadline: None,
        }),
        10,
    )
}

pub const HOSTILE_TITLE: &str = "Clean-up <script>alert(\"title\")</script> & \"friends\" | 'all'";
pub const HOSTILE_SPEAKER: &str = "<img src=x onerror=alert('speaker')>";
pub const HOSTILE_QUOTE: &str = "He said \"<b>never</b>\" & left, then </blockquote><script>alert('quote')</script>\nsecond line, with a comma";
pub const HOSTILE_SOURCE_TITLE: &str =
    "Wire <a href=\"javascript:alert(1)\">click</a> *bold* [x](y)";
pub const HOSTILE_URL: &str = "javascript:alert('url')";
pub const HOSTILE_PERSON: &str = "</td><td class=\"cell\" data-state=\"XXX\">";

/// One initiative whose title, proposer's speaker, source and panel participant carry
/// markup, quotes and ampersands.
pub async fn hostile(t: &TestStore) {
    let s = t.open().await;
    let o = opts();
    let source = Source {
        title: HOSTILE_SOURCE_TITLE.into(),
        publisher: "Agency <i>&amp;</i> \"Co\"".into(),
        published: "2025-02-01".parse().unwrap(),
        url: Some(HOSTILE_URL.into()),
        quote: HOSTILE_QUOTE.into(),
        note: Some("A note with <u>markup</u> & 'quotes'".into()),
    };
    let mut proposal = propose("hostile-initiative", "AZE", "2025-01-10");
    if let Payload::InitiativeProposed(p) = &mut proposal.data.payload {
        p.title = HOSTILE_TITLE.into();
    }
    proposal.data.speaker = Some(Speaker {
        name: HOSTILE_SPEAKER.into(),
        role: Some("Minister of <em>Things</em>".into()),
        person: None,
    });
    proposal.data.occasion = Some("Summit \"<Baku>\" & more".into());
    proposal.data.source = Some(source.clone());
    let mut panel = event(
        "2025-01-20",
        &["AZE"],
        Payload::MeetingHeld(MeetingHeld {
            meeting: "hostile-panel".into(),
            title: "Panel </h3><h1>injected</h1>".into(),
            format: MeetingFormat::Panel,
            host: None,
            venue: Some("Hall <3 & co".into()),
            participants: vec![Participant {
                actor: None,
                person: Some(HOSTILE_PERSON.into()),
                role: Some("Role with `code` and |pipes|".into()),
            }],
            topics: vec!["topic <svg onload=alert(1)>".into()],
            initiatives: vec!["hostile-initiative".into()],
            outcome: None,
        }),
        0,
    );
    panel.data.source = Some(source);
    s.append_any(vec![proposal], &o).await.expect("proposal");
    s.append_any(vec![panel], &o).await.expect("panel");
}
