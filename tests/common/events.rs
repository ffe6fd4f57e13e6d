//! Builders of events for tests: a source, and one event of each kind.

#![allow(dead_code)]

use accord::domain::event::{EventData, NewEvent};
use accord::domain::payload::*;
use accord::domain::{ActDate, Source, Stance};

pub fn source(n: usize, published: &str) -> Source {
    Source {
        title: format!("Test article {n}"),
        publisher: "Test Wire".into(),
        published: published.parse().unwrap(),
        url: Some(format!("https://example.org/test/{n}")),
        quote: format!("A verbatim sentence of test article {n}."),
        note: None,
    }
}

pub fn event(date: &str, actors: &[&str], payload: Payload, src: usize) -> NewEvent {
    let d: ActDate = date.parse().unwrap();
    NewEvent::new(
        EventData {
            date: d,
            actors: actors.iter().map(|s| s.to_string()).collect(),
            payload,
            speaker: None,
            occasion: None,
            source: Some(source(src, "2025-12-31")),
        },
        "test",
    )
}

pub fn propose(id: &str, by: &str, date: &str) -> NewEvent {
    event(
        date,
        &[by],
        Payload::InitiativeProposed(InitiativeProposed {
            initiative: id.into(),
            title: format!("Initiative {id}"),
            scope: vec![
                "AZE".into(),
                "IRN".into(),
                "KAZ".into(),
                "RUS".into(),
                "TKM".into(),
            ],
            description: None,
        }),
        0,
    )
}

pub fn support(id: &str, state: &str, date: &str) -> NewEvent {
    event(
        date,
        &[state],
        Payload::SupportDeclared(InitiativeAct {
            initiative: id.into(),
            recipients: Vec::new(),
        }),
        1,
    )
}

pub fn withdraw(id: &str, state: &str, date: &str) -> NewEvent {
    event(
        date,
        &[state],
        Payload::SupportWithdrawn(InitiativeAct {
            initiative: id.into(),
            recipients: Vec::new(),
        }),
        2,
    )
}

pub fn oppose(id: &str, state: &str, date: &str) -> NewEvent {
    event(
        date,
        &[state],
        Payload::OppositionDeclared(InitiativeAct {
            initiative: id.into(),
            recipients: Vec::new(),
        }),
        3,
    )
}

pub fn commit(id: &str, slug: &str, state: &str, date: &str, deadline: Option<&str>) -> NewEvent {
    event(
        date,
        &[state],
        Payload::CommitmentMade(CommitmentMade {
            commitment: format!("{id}/{slug}"),
            initiative: Some(id.into()),
            text: format!("{state} commits to {slug}"),
            deadline: deadline.map(|d| d.parse().unwrap()),
        }),
        4,
    )
}

pub fn progress(commitment: &str, state: &str, date: &str, percent: u8) -> NewEvent {
    event(
        date,
        &[state],
        Payload::ProgressReported(ProgressReported {
            commitment: commitment.into(),
            percent: Some(percent),
            text: None,
        }),
        5,
    )
}

pub fn fulfil(commitment: &str, state: &str, date: &str) -> NewEvent {
    event(
        date,
        &[state],
        Payload::CommitmentFulfilled(CommitmentFulfilled {
            commitment: commitment.into(),
            text: None,
        }),
        6,
    )
}

pub fn statement(state: &str, date: &str, initiative: Option<&str>) -> NewEvent {
    event(
        date,
        &[state],
        Payload::Statement(Statement {
            stance: Stance::Concerned,
            topic: "the sea level".into(),
            initiative: initiative.map(str::to_string),
            recipients: Vec::new(),
        }),
        7,
    )
}

pub fn retract(target: uuid::Uuid) -> NewEvent {
    NewEvent::new(
        EventData {
            date: "2025-01-01".parse().unwrap(),
            actors: vec![],
            payload: Payload::Correction(Correction {
                target,
                reason: "the source was misread".into(),
                amend: None,
            }),
            speaker: None,
            occasion: None,
            source: None,
        },
        "test",
    )
}

pub fn amend_date(target: uuid::Uuid, date: &str) -> NewEvent {
    let mut m = serde_json::Map::new();
    m.insert("date".into(), serde_json::Value::String(date.into()));
    amend(target, m, "wrong date")
}

pub fn amend(
    target: uuid::Uuid,
    fields: serde_json::Map<String, serde_json::Value>,
    reason: &str,
) -> NewEvent {
    NewEvent::new(
        EventData {
            date: "2025-01-01".parse().unwrap(),
            actors: vec![],
            payload: Payload::Correction(Correction {
                target,
                reason: reason.into(),
                amend: Some(fields),
            }),
            speaker: None,
            occasion: None,
            source: None,
        },
        "test",
    )
}

pub fn add_source(target: uuid::Uuid, n: usize) -> NewEvent {
    let mut e = event(
        "2024-01-01",
        &[],
        Payload::SourceAdded(SourceAdded { target }),
        n,
    );
    e.data.actors.clear();
    e
}
