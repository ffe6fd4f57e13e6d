//! After the rules: one event per act, the parties of an entry into force, and keys.

use super::*;

pub(super) fn same_act(a: &DraftEvent, b: &DraftEvent) -> bool {
    a.kind == b.kind
        && a.kind != Kind::Statement
        && a.actors == b.actors
        && a.subject() == b.subject()
        && a.subject().is_some()
        && (a.date.contains(&b.date) || b.date.contains(&a.date))
}

/// One event per act: the surest report of it, completed by the others.
pub(super) fn merge(events: &mut Vec<DraftEvent>) {
    let mut out: Vec<DraftEvent> = Vec::new();
    for e in events.drain(..) {
        if let Some(x) = out.iter_mut().find(|x| same_act(x, &e)) {
            let (mut keep, other) = if e.confidence > x.confidence {
                (e, x.clone())
            } else {
                (x.clone(), e)
            };
            if keep.speaker.is_none() {
                keep.speaker = other.speaker.clone();
            }
            if keep.occasion.is_none() {
                keep.occasion = other.occasion.clone();
            }
            for (k, v) in other.fields {
                keep.fields.entry(k).or_insert(v);
            }
            if other.date.contains(&keep.date) && other.date != keep.date {
                // keep the more precise date
            } else if keep.date.contains(&other.date) {
                keep.date = other.date;
            }
            *x = keep;
        } else {
            out.push(e);
        }
    }
    *events = out;
}

/// A treaty that entered into force did so for the states the article says consented.
pub(super) fn in_force_parties(events: &mut Vec<DraftEvent>, skipped: &mut Vec<Skipped>) {
    let consents: Vec<(String, Vec<String>)> = events
        .iter()
        .filter(|e| e.kind == Kind::TreatyRatified)
        .filter_map(|e| e.subject().map(|s| (s.to_string(), e.actors.clone())))
        .collect();
    events.retain_mut(|e| {
        if e.kind != Kind::TreatyInForce || !e.actors.is_empty() {
            return true;
        }
        let slug = e.subject().unwrap_or_default().to_string();
        let mut parties: Vec<String> = consents
            .iter()
            .filter(|(s, _)| *s == slug)
            .flat_map(|(_, a)| a.clone())
            .collect();
        parties.sort();
        parties.dedup();
        if parties.is_empty() {
            skip(
                skipped,
                "treaty-in-force",
                "the article names no state that consented to the treaty",
                &e.quote,
            );
            return false;
        }
        e.actors = parties;
        e.notes
            .push("parties: the states the article says consented".into());
        true
    });
}

pub(super) fn assign_keys(cx: &Ctx, events: &mut [DraftEvent]) {
    let mut used = std::collections::BTreeSet::new();
    for e in events.iter_mut() {
        let who = e
            .actors
            .first()
            .map(|a| {
                cx.gaz
                    .scan(a)
                    .first()
                    .and_then(|m| match &m.named {
                        Named::State(s) => Some(s.to_lowercase()),
                        _ => None,
                    })
                    .unwrap_or_else(|| slugify(&content_words(a), 2))
            })
            .unwrap_or_else(|| "unknown".into());
        let what = e
            .subject()
            .map(str::to_string)
            .or_else(|| {
                e.fields
                    .get("meeting")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or_default();
        let short = e
            .kind
            .as_str()
            .split('_')
            .next()
            .unwrap_or("act")
            .to_string();
        let base = if what.is_empty() {
            format!("{who}-{short}")
        } else {
            format!("{who}-{short}-{what}")
        };
        let base: String = base
            .chars()
            .take(60)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string();
        let mut key = base.clone();
        let mut n = 2;
        while !used.insert(key.clone()) {
            key = format!("{base}-{n}");
            n += 1;
        }
        e.key = key;
    }
}
