//! Drafting events from an article's plain text, for a person to review.
//!
//! `extract` reads an article (an optional header of `key: value` lines, a
//! blank line, then the body), splits it into sentences and clauses
//! ([`text`]), resolves the dates it gives relative to the publication date
//! ([`dates`]), finds the states, organisations and people it names through
//! the registry ([`actors`]), and applies one conservative rule per kind of
//! act ([`rules`]): only acts the text states as done, negations and
//! conditionals respected, reported speech attributed to the speaker's state.
//! The draft is printed as a seed file ([`render`]), so that review is editing
//! and `accord ingest`; every drafted event carries the rule that produced it
//! and a confidence. [`evaluate`] scores drafts against hand-labelled events.

pub mod actors;
pub mod dates;
pub mod evaluate;
pub mod render;
pub mod rules;
pub mod text;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::domain::actor::Registry;
use crate::domain::date::ActDate;
use crate::domain::kind::Kind;
use crate::error::{Error, Result};

pub use text::Meta;

/// An initiative (or treaty) the record already knows, to match proposals against.
#[derive(Debug, Clone, Serialize)]
pub struct Known {
    pub id: String,
    pub title: String,
    pub scope: Vec<String>,
    pub treaty: bool,
}

impl Known {
    /// The initiatives and treaties of the bundled seed articles.
    pub fn bundled(reg: &Registry) -> Vec<Known> {
        let mut out = Vec::new();
        if let Ok(files) = crate::seeds::bundled(reg) {
            for f in files {
                for e in f.events {
                    let m = e.event.data.to_full_map();
                    let kind = e.event.data.kind();
                    if !matches!(kind, Kind::InitiativeProposed | Kind::TreatyAdopted) {
                        continue;
                    }
                    let key = if kind == Kind::TreatyAdopted {
                        "treaty"
                    } else {
                        "initiative"
                    };
                    let Some(id) = m.get(key).and_then(Value::as_str) else {
                        continue;
                    };
                    out.push(Known {
                        id: id.to_string(),
                        title: m
                            .get("title")
                            .and_then(Value::as_str)
                            .unwrap_or(id)
                            .to_string(),
                        scope: m
                            .get("scope")
                            .and_then(Value::as_array)
                            .map(|a| {
                                a.iter()
                                    .filter_map(|v| v.as_str().map(str::to_string))
                                    .collect()
                            })
                            .unwrap_or_default(),
                        treaty: kind == Kind::TreatyAdopted,
                    });
                }
            }
        }
        out
    }
}

/// One drafted event: what a seed file's `[[event]]` holds, plus why it was drafted.
#[derive(Debug, Clone, Serialize)]
pub struct DraftEvent {
    pub key: String,
    pub kind: Kind,
    pub date: ActDate,
    /// Names as the registry gives them (they resolve back when parsed).
    pub actors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occasion: Option<String>,
    /// The kind's own fields (initiative, title, stance, treaty, ...).
    pub fields: Map<String, Value>,
    /// The verbatim sentence or clause that states the act.
    pub quote: String,
    /// The rule that drafted it.
    pub rule: &'static str,
    /// How sure the rule is, from 0 to 1.
    pub confidence: f32,
    /// Things the reviewer should check (e.g. an initiative not in the record).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl DraftEvent {
    /// The initiative or treaty the act is about, if any.
    pub fn subject(&self) -> Option<&str> {
        ["initiative", "treaty"]
            .iter()
            .find_map(|k| self.fields.get(*k).and_then(Value::as_str))
    }
}

/// A draft: the article's metadata and its events.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    pub source: Meta,
    pub events: Vec<DraftEvent>,
    /// Sentences that looked like acts but were left out, and why.
    pub skipped: Vec<Skipped>,
}

/// A sentence a rule matched but did not draft (negated, conditional, future, ...).
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub rule: &'static str,
    pub reason: String,
    pub text: String,
}

/// Drafts the events of an article. `name` is used in error messages.
pub fn extract(
    name: &str,
    bytes: &[u8],
    overrides: &Meta,
    reg: &Registry,
    known: &[Known],
) -> Result<Draft> {
    let raw = std::str::from_utf8(bytes).map_err(|e| Error::InputFile {
        file: name.to_string(),
        line: 1,
        column: 1,
        message: format!("not UTF-8 text ({e})"),
        hint: Some("give the article as plain UTF-8 text".into()),
    })?;
    if raw.contains('\u{0}') {
        return Err(Error::InputFile {
            file: name.to_string(),
            line: 1,
            column: 1,
            message: "this looks like a binary file, not an article's text".into(),
            hint: Some("give the article as plain UTF-8 text".into()),
        });
    }
    let article = text::Article::parse(name, raw, overrides)?;
    let mut events = Vec::new();
    let mut skipped = Vec::new();
    rules::draft(&article, reg, known, &mut events, &mut skipped);
    Ok(Draft {
        source: article.meta,
        events,
        skipped,
    })
}
