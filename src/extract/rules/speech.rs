//! What is said and promised: statements (with a stance), direct quotes, and commitments.

use super::*;

pub(super) fn commitment(
    cx: &mut Ctx,
    u: &Unit,
    text: &str,
    speaker: Option<&Agent>,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let Some(m) = COMMIT.find(text) else {
        return false;
    };
    if let Some(why) = guard(text, m.start()) {
        skip(skipped, "commitment-verb", why, text);
        return true;
    }
    if !(MONEY.is_match(text) || WATER_BODY.is_match(text) || ENV_WORD.is_match(text)) {
        skip(
            skipped,
            "commitment-verb",
            "not about the environment",
            text,
        );
        return true;
    }
    let agents = subject(cx, text, m.start(), speaker);
    if agents.is_empty() {
        skip(skipped, "commitment-verb", "no actor named", text);
        return true;
    }
    // What was promised: the words after the verb ("pledged", "committed itself to").
    let after_verb = text[m.start()..]
        .split_once(char::is_whitespace)
        .map(|(_, rest)| rest)
        .unwrap_or("");
    let what = after_verb
        .trim_start_matches("itself ")
        .trim_start_matches("themselves ")
        .trim_start_matches("herself ")
        .trim_start_matches("himself ")
        .trim_start_matches("to ")
        .trim_end_matches('.')
        .to_string();
    let mut notes = Vec::new();
    let (date, dconf) = act_date(cx, text, true, &mut notes);
    let mut e = new_event(
        Kind::CommitmentMade,
        date,
        actor_names(cx, &agents),
        text,
        "commitment-verb",
        0.7 * dconf,
    );
    e.speaker = speaker_of(&agents);
    e.occasion = occasion_of(cx, &[text, u.attribution.as_deref().unwrap_or("")]);
    let mut words: Vec<String> = agents.iter().map(|a| a.actor.to_lowercase()).collect();
    words.extend(content_words(&what));
    e.fields
        .insert("commitment".into(), json!(slugify(&words, 6)));
    e.fields
        .insert("text".into(), json!(upper_first(&shorten(&what, 30))));
    e.notes = notes;
    cx.last_agents = agents;
    events.push(e);
    true
}

pub(super) fn stance(verb: &str, text: &str) -> &'static str {
    let v = verb.to_lowercase();
    let t = text.to_lowercase();
    if ["urged", "called on", "called for", "appealed"].contains(&v.as_str()) {
        "appeal"
    } else if ["critici", "condemn", "blame", "deplor"]
        .iter()
        .any(|w| t.contains(w))
    {
        "critical"
    } else if [
        "danger",
        "threat",
        "concern",
        "worr",
        "alarm",
        "severe",
        "crisis",
        "catastroph",
    ]
    .iter()
    .any(|w| t.contains(w))
        || v == "warned"
    {
        "concerned"
    } else if ["importance", "welcom", "prais", "commend", "value"]
        .iter()
        .any(|w| t.contains(w))
    {
        "supportive"
    } else {
        "neutral"
    }
}

pub(super) fn on_subject(u: &Unit, a: &Article, text: &str) -> bool {
    WATER_BODY.is_match(text)
        || a.units
            .iter()
            .filter(|x| x.paragraph == u.paragraph)
            .any(|x| OCCASION_WORD.is_match(&x.text))
}

pub(super) fn statement(
    cx: &mut Ctx,
    u: &Unit,
    a: &Article,
    text: &str,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let Some(m) = STATEMENT.find(text) else {
        return false;
    };
    if let Some(why) = guard(text, m.start()) {
        skip(skipped, "statement-verb", why, text);
        return true;
    }
    if !on_subject(u, a, text) {
        skip(
            skipped,
            "statement-verb",
            "not about a named sea, lake or river, nor said at the occasion reported",
            text,
        );
        return true;
    }
    let agents = subject(cx, text, m.start(), None);
    if agents.is_empty() {
        skip(skipped, "statement-verb", "no speaker named", text);
        return true;
    }
    let what = text[m.end()..]
        .trim()
        .trim_start_matches("that ")
        .trim_end_matches('.');
    let st = stance(m.as_str(), text);
    for agent in &agents {
        let mut notes = Vec::new();
        let (date, dconf) = act_date(cx, text, true, &mut notes);
        let mut e = new_event(
            Kind::Statement,
            date,
            vec![cx.gaz.name(&agent.actor)],
            text,
            "statement-verb",
            0.7 * dconf,
        );
        e.speaker = agent.speaker.clone();
        e.occasion = occasion_of(cx, &[text]);
        e.fields.insert("stance".into(), json!(st));
        e.fields
            .insert("topic".into(), json!(upper_first(&shorten(what, 24))));
        e.notes = notes;
        events.push(e);
    }
    cx.last_agents = agents;
    true
}

/// The unclaimed sentences of one direct quote, as one statement of its speaker.
pub(super) fn quoted_statement(
    cx: &mut Ctx,
    run: &[&Unit],
    a: &Article,
    events: &mut Vec<DraftEvent>,
) {
    let text = run
        .iter()
        .map(|u| u.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let attribution = run[0].attribution.clone().unwrap_or_default();
    if !(WATER_BODY.is_match(&text) || on_subject(run[0], a, &text)) {
        return;
    }
    let Some(speaker) = speaker_from_attribution(cx, &attribution) else {
        return;
    };
    let mut notes = Vec::new();
    let (date, dconf) = act_date(cx, &attribution, true, &mut notes);
    let mut e = new_event(
        Kind::Statement,
        date,
        vec![cx.gaz.name(&speaker.actor)],
        &text,
        "quoted-statement",
        0.7 * dconf,
    );
    e.speaker = speaker.speaker.clone();
    e.occasion = occasion_of(cx, &[&attribution]);
    e.fields
        .insert("stance".into(), json!(stance("said", &text)));
    e.fields.insert("topic".into(), json!(shorten(&text, 20)));
    e.notes = notes;
    events.push(e);
}

pub(super) fn speaker_from_attribution(cx: &Ctx, attribution: &str) -> Option<Agent> {
    let at = REPORTING
        .find(attribution)
        .map(|m| m.start())
        .unwrap_or(attribution.len());
    let ms = cx.gaz.scan(&attribution[..at]);
    cx.gaz
        .agents(&ms, cx.published)
        .into_iter()
        .next()
        .or_else(|| {
            PRONOUN
                .is_match(&attribution[..at])
                .then(|| cx.last_person.clone())
                .flatten()
        })
}
