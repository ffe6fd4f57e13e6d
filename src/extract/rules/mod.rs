//! The rules that turn clauses into drafted events, one per kind of act, and
//! the guards they share: an act must be stated as done (not negated, not
//! conditional, not future or hoped for, not a question), its actor must be
//! named (or be the speaker of a quote, or the person last named for "he"/"she"),
//! and statements must be on the subject (a named sea, lake or river, or said at
//! the occasion the article reports).

mod meeting;
mod patterns;
mod position;
mod speech;
mod tidy;
mod treaty;
mod words;

use std::collections::BTreeMap;

use regex::Regex;
use serde_json::{Map, Value, json};

use meeting::*;
use patterns::*;
use position::*;
use speech::*;
use tidy::*;
use treaty::*;
use words::*;

use super::actors::{Agent, Gazetteer, Mention, Named};
use super::dates;
use super::text::{Article, Unit};
use super::{DraftEvent, Known, Skipped};
use crate::domain::actor::Registry;
use crate::domain::date::{ActDate, Partial};
use crate::domain::kind::Kind;

struct Ctx<'a> {
    gaz: Gazetteer<'a>,
    known: Vec<Known>,
    published: chrono::NaiveDate,
    /// The person (and actor) last named, for "he", "she", "we".
    last_person: Option<Agent>,
    last_agents: Vec<Agent>,
    /// The treaty last named, for "the agreement", "it".
    last_treaty: Option<String>,
    /// Abbreviations defined in the text: "CFA" -> slug.
    abbreviations: BTreeMap<String, String>,
    meeting: Option<(ActDate, String)>,
}

/// Drafts the events of an article.
pub fn draft(
    a: &Article,
    reg: &Registry,
    known: &[Known],
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) {
    let mut cx = Ctx {
        gaz: Gazetteer::new(reg),
        known: known.to_vec(),
        published: a.published,
        last_person: None,
        last_agents: Vec::new(),
        last_treaty: None,
        abbreviations: BTreeMap::new(),
        meeting: None,
    };
    // Meetings first: statements made there take their date and occasion.
    for u in &a.units {
        if !u.quoted
            && let Some(e) = meeting(&mut cx, u, skipped)
        {
            if cx.meeting.is_none() {
                cx.meeting = Some((
                    e.date,
                    e.fields
                        .get("title")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                ));
            } else {
                cx.meeting = Some((e.date, String::new()));
            }
            events.push(e);
        }
    }
    let meetings = events.len();
    if meetings > 1 {
        cx.meeting = None;
    }
    let mut quote_run: Vec<&Unit> = Vec::new();
    for (i, u) in a.units.iter().enumerate() {
        let claimed = if u.quoted {
            quoted_unit(&mut cx, u, a, events, skipped)
        } else {
            plain_unit(&mut cx, u, a, events, skipped)
        };
        if u.quoted && !claimed {
            quote_run.push(u);
        }
        let run_ends = a
            .units
            .get(i + 1)
            .is_none_or(|n| !n.quoted || n.attribution != u.attribution);
        if run_ends && !quote_run.is_empty() {
            quoted_statement(&mut cx, &quote_run, a, events);
            quote_run.clear();
        }
        remember_people(&mut cx, u);
    }
    merge(events);
    in_force_parties(events, skipped);
    assign_keys(&cx, events);
}

fn remember_people(cx: &mut Ctx, u: &Unit) {
    let text = match &u.attribution {
        Some(a) if u.quoted => a.clone(),
        _ => u.text.clone(),
    };
    let ms = cx.gaz.scan(&text);
    if let Some(p) = ms
        .iter()
        .find(|m| matches!(m.named, Named::Person(_) | Named::Titled { .. }))
    {
        let subject: Vec<Mention> = ms
            .iter()
            .filter(|m| m.start <= p.end + 1 || m.start == p.start)
            .cloned()
            .collect();
        let agents = cx.gaz.agents(&subject, cx.published);
        if let Some(first) = agents.into_iter().find(|a| a.speaker.is_some()) {
            cx.last_person = Some(first);
        }
    }
}

/// Why an act's trigger at `at` is not stated as done, if it is not.
fn guard(text: &str, at: usize) -> Option<&'static str> {
    let before = &text[..at];
    if text.trim_end().ends_with('?') {
        return Some("a question");
    }
    if NEGATED.is_match(before) {
        return Some("negated");
    }
    if HYPOTHETICAL.is_match(before) {
        return Some("future, hoped for or hypothetical");
    }
    if CONDITIONAL.is_match(before) {
        return Some("conditional");
    }
    None
}

/// The subject of a clause: who acts, from the words before the trigger.
fn subject(cx: &Ctx, text: &str, at: usize, speaker: Option<&Agent>) -> Vec<Agent> {
    let before = &text[..at];
    // Reported speech: "X said (that) Y backed ...": Y when named (with X as its
    // speaker when X speaks for Y), else X.
    if let Some(m) = REPORTING.find_iter(before).last() {
        let reporter = cx
            .gaz
            .agents(&cx.gaz.scan(&before[..m.start()]), cx.published);
        let reported = cx
            .gaz
            .agents(&cx.gaz.scan(&before[m.end()..]), cx.published);
        if !reported.is_empty() {
            return reported
                .into_iter()
                .map(|mut a| {
                    if a.speaker.is_none() {
                        a.speaker = reporter
                            .iter()
                            .find(|r| r.actor == a.actor)
                            .and_then(|r| r.speaker.clone());
                    }
                    a
                })
                .collect();
        }
        if !reporter.is_empty() {
            return reporter;
        }
    } else {
        let agents = cx.gaz.agents(&cx.gaz.scan(before), cx.published);
        if !agents.is_empty() {
            return agents;
        }
    }
    if PRONOUN.is_match(before) || before.trim().is_empty() {
        if let Some(s) = speaker {
            return vec![s.clone()];
        }
        let lower = before.to_lowercase();
        if (lower.contains("he ")
            || lower.contains("she ")
            || lower.contains("his country")
            || lower.contains("her country"))
            && let Some(p) = &cx.last_person
        {
            return vec![p.clone()];
        }
        if (lower.contains("they") || lower.contains("it ")) && !cx.last_agents.is_empty() {
            return cx.last_agents.clone();
        }
    }
    Vec::new()
}

fn actor_names(cx: &Ctx, agents: &[Agent]) -> Vec<String> {
    agents.iter().map(|a| cx.gaz.name(&a.actor)).collect()
}

fn speaker_of(agents: &[Agent]) -> Option<String> {
    match agents {
        [one] => one.speaker.clone(),
        _ => None,
    }
}

/// The date of an act stated in a clause: the clause's own date, else the
/// occasion's, else (for speech) the day of the report, else "on or before" it.
fn act_date(cx: &Ctx, text: &str, speech: bool, notes: &mut Vec<String>) -> (ActDate, f32) {
    if let Some(f) = dates::in_clause(text, cx.published) {
        return (f.date, 1.0);
    }
    if speech {
        if let Some((d, _)) = &cx.meeting {
            notes.push("dated as the meeting the article reports".into());
            return (*d, 0.9);
        }
        notes.push("the text gives no date: dated the day of the report".into());
        return (ActDate::day(cx.published), 0.8);
    }
    notes.push("the text gives no date: known to have happened by the day of the report".into());
    (ActDate::OnOrBefore(Partial::Day(cx.published)), 0.9)
}

fn occasion_of(cx: &Ctx, texts: &[&str]) -> Option<String> {
    for t in texts {
        if let Some(c) = OCCASION_NAME.captures(t) {
            let name = c[1].trim().to_string();
            return Some(match c.get(2) {
                Some(city) => format!("{name}, {}", city.as_str()),
                None => name,
            });
        }
    }
    cx.meeting
        .as_ref()
        .map(|m| m.1.clone())
        .filter(|s| !s.is_empty())
}

fn new_event(
    kind: Kind,
    date: ActDate,
    actors: Vec<String>,
    quote: &str,
    rule: &'static str,
    confidence: f32,
) -> DraftEvent {
    DraftEvent {
        key: String::new(),
        kind,
        date,
        actors,
        speaker: None,
        occasion: None,
        fields: Map::new(),
        quote: quote.trim().trim_end_matches(',').to_string(),
        rule,
        confidence,
        notes: Vec::new(),
    }
}

fn skip(skipped: &mut Vec<Skipped>, rule: &'static str, reason: &str, text: &str) {
    skipped.push(Skipped {
        rule,
        reason: reason.to_string(),
        text: text.to_string(),
    });
}

fn quoted_unit(
    cx: &mut Ctx,
    u: &Unit,
    a: &Article,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let _ = a;
    let attribution = u.attribution.clone().unwrap_or_default();
    let speaker = speaker_from_attribution(cx, &attribution);
    let text = u.text.clone();
    treaty_act(cx, &text, speaker.as_ref(), events, skipped)
        || position(cx, u, &text, speaker.as_ref(), events, skipped)
        || proposal(cx, u, &text, speaker.as_ref(), events, skipped)
        || commitment(cx, u, &text, speaker.as_ref(), events, skipped)
}

/// "Germany pledged $100 million, and the United Kingdom pledged 60 million pounds": two
/// acts, when both sides of ", and" state one (a list "A, B, and C signed" is one act).
fn coordinated(text: &str) -> Vec<String> {
    let acts = |s: &str| {
        [&*SUPPORT, &*OPPOSE, &*COMMIT, &*SIGN, &*RATIFY]
            .iter()
            .any(|r| r.is_match(s))
    };
    if let Some((left, right)) = text.split_once(", and ")
        && acts(left)
        && acts(right)
    {
        return vec![left.to_string(), right.to_string()];
    }
    vec![text.to_string()]
}

fn plain_unit(
    cx: &mut Ctx,
    u: &Unit,
    a: &Article,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let parts = coordinated(&u.text);
    if parts.len() > 1 {
        let mut any = false;
        for p in parts {
            let part = Unit {
                text: p,
                ..u.clone()
            };
            any |= plain_unit(cx, &part, a, events, skipped);
        }
        return any;
    }
    let text = u.text.clone();
    if MEETING.is_match(&text) && MEETING_NOUN.is_match(&text) {
        return true; // drafted in the first pass
    }
    treaty_act(cx, &text, None, events, skipped)
        || position(cx, u, &text, None, events, skipped)
        || proposal(cx, u, &text, None, events, skipped)
        || commitment(cx, u, &text, None, events, skipped)
        || statement(cx, u, a, &text, events, skipped)
}
