//! Treaty acts: signed, ratified or acceded to, entered into force, adopted;
//! and which treaty a phrase names (by name, abbreviation, or "the agreement").

use super::*;

/// A treaty's slug from its name, matching a known treaty when the words agree.
pub(super) fn treaty_slug(cx: &mut Ctx, name: &str, abbreviation: Option<&str>) -> String {
    let words = content_words(name);
    let slug = cx
        .known
        .iter()
        .filter(|k| k.treaty)
        .find(|k| {
            let t = content_words(&k.title);
            overlap(&words, &t) >= 0.75 && overlap(&t, &words) >= 0.75
        })
        .map(|k| k.id.clone())
        .unwrap_or_else(|| slugify(&words, 7));
    if let Some(a) = abbreviation {
        cx.abbreviations.insert(a.to_string(), slug.clone());
    }
    cx.last_treaty = Some(slug.clone());
    slug
}

/// The treaty an object phrase names: by name, abbreviation, or "the agreement"/"it".
pub(super) fn treaty_in(cx: &mut Ctx, object: &str) -> Option<(String, String)> {
    if let Some(c) = TREATY_NAME.captures(object) {
        let whole = c.get(0).unwrap().as_str();
        let name = whole
            .split(" (")
            .next()
            .unwrap_or(whole)
            .trim()
            .trim_start_matches("the ")
            .trim_end_matches([' ', ','])
            .to_string();
        let name = name
            .trim_end_matches(" the")
            .trim_end_matches(" and")
            .trim_end_matches(" of")
            .to_string();
        if name.split_whitespace().count() >= 2 {
            let abbr = c.get(1).map(|m| m.as_str().to_string());
            let slug = treaty_slug(cx, &name, abbr.as_deref());
            return Some((slug, name));
        }
    }
    for (abbr, slug) in &cx.abbreviations {
        if Regex::new(&format!(r"\b{}\b", regex::escape(abbr))).is_ok_and(|r| r.is_match(object)) {
            let slug = slug.clone();
            cx.last_treaty = Some(slug.clone());
            return Some((slug, abbr.clone()));
        }
    }
    if TREATY_WORD.is_match(object) {
        return cx.last_treaty.clone().map(|s| (s.clone(), s));
    }
    None
}

pub(super) fn form_of(name: &str) -> &'static str {
    let l = name.to_lowercase();
    if l.contains("protocol") {
        "protocol"
    } else if l.contains("convention") {
        "convention"
    } else if l.contains("declaration") {
        "declaration"
    } else if l.contains("memorandum") {
        "memorandum"
    } else if l.contains("agreement") || l.contains("accord") || l.contains("treaty") {
        "agreement"
    } else {
        "other"
    }
}

pub(super) fn treaty_act(
    cx: &mut Ctx,
    text: &str,
    speaker: Option<&Agent>,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let found = [
        (&*IN_FORCE, Kind::TreatyInForce, "treaty-in-force"),
        (&*RATIFY, Kind::TreatyRatified, "treaty-consent"),
        (&*SIGN, Kind::TreatySigned, "treaty-signed"),
        (&*ADOPT, Kind::TreatyAdopted, "treaty-adopted"),
    ]
    .into_iter()
    .find_map(|(r, k, rule)| r.find(text).map(|m| (m, k, rule)));
    let Some((m, kind, rule)) = found else {
        return false;
    };
    let object = &text[m.end()..];
    let before = &text[..m.start()];
    // The treaty: after the verb ("signed the X"), or before it ("the X entered into force").
    let treaty = if kind == Kind::TreatyInForce {
        treaty_in(cx, before)
    } else {
        treaty_in(cx, object).or_else(|| {
            // Passive: "the X was signed by ..."
            if before.contains(" was ") || before.contains(" were ") {
                treaty_in(cx, before)
            } else {
                None
            }
        })
    };
    let Some((slug, name)) = treaty else {
        return false;
    };
    if let Some(why) = guard(text, m.start()) {
        skip(skipped, rule, why, text);
        return true;
    }
    let passive_by = Regex::new(r"(?i)^\s*by\s+(.+)$")
        .ok()
        .and_then(|r| r.captures(object).map(|c| c[1].to_string()));
    let agents: Vec<Agent> = match (&passive_by, kind) {
        // "entered into force for A, B and C": the states named with it.
        (_, Kind::TreatyInForce) => cx.gaz.agents(&cx.gaz.scan(object), cx.published),
        (Some(list), _) => cx.gaz.agents(&cx.gaz.scan(list), cx.published),
        (None, _) => subject(cx, text, m.start(), speaker),
    };
    let agents: Vec<Agent> = if kind == Kind::TreatyAdopted {
        agents
    } else {
        agents
            .into_iter()
            .filter(|a| cx.gaz.is_state(&a.actor))
            .collect()
    };
    if agents.is_empty() && kind != Kind::TreatyInForce {
        skip(skipped, rule, "no state named as acting", text);
        return true;
    }
    let mut notes = Vec::new();
    let (date, dconf) = act_date(cx, text, false, &mut notes);
    let mut e = new_event(
        kind,
        date,
        actor_names(cx, &agents),
        text,
        rule,
        0.85 * dconf,
    );
    e.speaker = speaker_of(&agents);
    e.fields.insert("treaty".into(), json!(slug));
    match kind {
        Kind::TreatyRatified => {
            let consent = if m.as_str().to_lowercase().starts_with("acced") {
                "accession"
            } else {
                "ratification"
            };
            e.fields.insert("consent".into(), json!(consent));
        }
        Kind::TreatyInForce => {
            e.fields.insert("overall".into(), json!(true));
        }
        Kind::TreatyAdopted => {
            e.fields.insert("title".into(), json!(name));
            e.fields.insert("form".into(), json!(form_of(&name)));
        }
        _ => {}
    }
    if !cx.known.iter().any(|k| k.id == slug) {
        notes.push(format!(
            "treaty `{slug}` is not in the record: its adoption must be recorded before this act"
        ));
    }
    e.notes = notes;
    if !agents.is_empty() {
        cx.last_agents = agents;
    }
    events.push(e);
    true
}
