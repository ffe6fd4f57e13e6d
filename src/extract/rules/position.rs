//! Positions on initiatives and treaties: support, opposition, proposals, and
//! the initiative a phrase names (a recorded one when the words agree, else a new one).

use super::*;

/// The initiative an object phrase names: a known one when its words agree, else a new one.
pub(super) struct Initiative {
    id: String,
    title: String,
    scope: Vec<String>,
    is_new: bool,
    proposer: Vec<Agent>,
}

pub(super) fn initiative_in(cx: &mut Ctx, object: &str) -> Option<Initiative> {
    INITIATIVE_NOUN.find(object)?;
    let clause = CLAUSE_AFTER_NOUN
        .captures(object)
        .map(|c| c[1].to_string())
        // Else the noun phrase itself, up to the first comma.
        .unwrap_or_else(|| object.split(", ").next().unwrap_or(object).to_string());
    let clause = clause.trim_end_matches(['.', ',']).to_string();
    let words = content_words(&clause);
    let mut proposer = Vec::new();
    if let Some(c) = PROPOSER_OF.captures(object) {
        let ms = cx.gaz.scan(&c[1]);
        proposer = cx.gaz.agents(&ms, cx.published);
    } else if let Some(c) = PROPOSER_POSS.captures(object) {
        let ms = cx.gaz.scan(&c[1]);
        proposer = cx.gaz.agents(&ms, cx.published);
    }
    let best = cx
        .known
        .iter()
        .filter(|k| !k.treaty)
        .map(|k| (overlap(&words, &content_words(&k.title)), k))
        .filter(|(s, _)| *s >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((_, k)) = best {
        return Some(Initiative {
            id: k.id.clone(),
            title: k.title.clone(),
            scope: k.scope.clone(),
            is_new: false,
            proposer,
        });
    }
    if words.is_empty() {
        return None;
    }
    // Scope: the states and groups the clause names.
    let mut scope = Vec::new();
    for m in cx.gaz.scan(&clause) {
        match m.named {
            Named::State(s) => scope.push(cx.gaz.name(&s)),
            Named::Group(g) => scope.extend(cx.gaz.group_name(&g)),
            _ => {}
        }
    }
    scope.dedup();
    let id = slugify(&words, 5);
    let title = upper_first(&shorten(clause.split(", ").next().unwrap_or(&clause), 16));
    cx.known.push(Known {
        id: id.clone(),
        title: title.clone(),
        scope: scope.clone(),
        treaty: false,
    });
    Some(Initiative {
        id,
        title,
        scope,
        is_new: true,
        proposer,
    })
}

pub(super) fn proposal_event(
    cx: &Ctx,
    init: &Initiative,
    quote: &str,
    rule: &'static str,
    conf: f32,
    date: Option<ActDate>,
) -> Option<DraftEvent> {
    if init.proposer.is_empty() {
        return None;
    }
    let date = date.unwrap_or(ActDate::OnOrBefore(Partial::Day(cx.published)));
    let mut e = new_event(
        Kind::InitiativeProposed,
        date,
        actor_names(cx, &init.proposer),
        quote,
        rule,
        conf,
    );
    e.speaker = speaker_of(&init.proposer);
    e.fields.insert("initiative".into(), json!(init.id));
    e.fields.insert("title".into(), json!(init.title));
    // The kind requires a scope; the states the text names, else none (left for review).
    e.fields.insert("scope".into(), json!(init.scope));
    if init.scope.is_empty() {
        e.notes
            .push("the text names no state in the initiative's scope: fill it in if known".into());
    }
    Some(e)
}

/// Support, opposition and proposals of initiatives or treaties.
pub(super) fn position(
    cx: &mut Ctx,
    u: &Unit,
    text: &str,
    speaker: Option<&Agent>,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let found = [
        (&*OPPOSE, Kind::OppositionDeclared, "opposition-verb"),
        (&*SUPPORT, Kind::SupportDeclared, "support-verb"),
    ]
    .into_iter()
    .find_map(|(r, k, rule)| r.find(text).map(|m| (m, k, rule)));
    let Some((m, kind, rule)) = found else {
        return false;
    };
    let object = &text[m.end()..];
    let lead = m.as_str().to_lowercase();
    let negated = lead.starts_with("not")
        || lead.starts_with("never")
        || lead.starts_with("didn")
        || lead.starts_with("doesn")
        || lead.starts_with("n'")
        || lead.starts_with("n’");
    if let Some(why) = guard(text, m.start()).or(negated.then_some("negated")) {
        skip(skipped, rule, why, text);
        return true;
    }
    let agents: Vec<Agent> = subject(cx, text, m.start(), speaker)
        .into_iter()
        .filter(|a| cx.gaz.is_state(&a.actor))
        .collect();
    let treaty = if INITIATIVE_NOUN.find(object).is_some_and(|n| {
        matches!(
            n.as_str().to_lowercase().as_str(),
            "agreement" | "convention" | "protocol" | "treaty" | "declaration" | "framework"
        )
    }) || TREATY_WORD.is_match(object)
    {
        treaty_in(cx, object)
    } else {
        None
    };
    let mut notes = Vec::new();
    // "We support", "expressed support for": said on the day reported; "supported",
    // "rejected": done by then.
    let past = [
        "supported",
        "backed",
        "endorsed",
        "opposed",
        "rejected",
        "objected to",
    ]
    .iter()
    .any(|w| lead.ends_with(w));
    let (date, dconf) = act_date(cx, text, !past, &mut notes);
    // The target: the state whose initiative it is, when the clause names it ("Azerbaijan's
    // proposal", "the initiative of President Aliyev"). PLOVER's recipient of support for a
    // policy is the actor whose policy it is.
    let mut target: Vec<Agent> = Vec::new();
    let subject_id = if let Some((slug, _)) = treaty {
        slug
    } else if let Some(init) = initiative_in(cx, object) {
        target = init
            .proposer
            .iter()
            .filter(|a| cx.gaz.is_state(&a.actor))
            .cloned()
            .collect();
        if init.is_new {
            notes.push(format!(
                "`{}` is not an initiative in the record: check the proposal drafted with it, or use the record's id",
                init.id
            ));
        }
        if let Some(p) = proposal_event(cx, &init, text, "proposal-named-in-support", 0.6, None) {
            events.push(p);
        }
        init.id
    } else {
        skip(skipped, rule, "names no initiative or treaty", text);
        return true;
    };
    if agents.is_empty() {
        skip(skipped, rule, "no state named as acting", text);
        return true;
    }
    let conf = if u.quoted { 0.9 } else { 0.85 };
    let mut e = new_event(
        kind,
        date,
        actor_names(cx, &agents),
        text,
        rule,
        conf * dconf,
    );
    e.speaker = speaker_of(&agents);
    e.occasion = occasion_of(cx, &[text, u.attribution.as_deref().unwrap_or("")]);
    e.fields.insert("initiative".into(), json!(subject_id));
    target.retain(|t| !agents.iter().any(|a| a.actor == t.actor));
    if !target.is_empty() {
        e.fields
            .insert("recipients".into(), json!(actor_names(cx, &target)));
        notes.push("recipient: the state whose initiative the clause names".into());
    }
    e.notes = notes;
    cx.last_agents = agents;
    events.push(e);
    true
}

pub(super) fn proposal(
    cx: &mut Ctx,
    u: &Unit,
    text: &str,
    speaker: Option<&Agent>,
    events: &mut Vec<DraftEvent>,
    skipped: &mut Vec<Skipped>,
) -> bool {
    let Some(m) = PROPOSE.find(text) else {
        return false;
    };
    if let Some(why) = guard(text, m.start()) {
        skip(skipped, "proposal-verb", why, text);
        return true;
    }
    let agents = subject(cx, text, m.start(), speaker);
    if agents.is_empty() {
        return false;
    }
    let object = format!(
        "proposal to {}",
        text[m.end()..]
            .trim()
            .trim_start_matches("to ")
            .trim_start_matches("that ")
    );
    let Some(mut init) = initiative_in(cx, &object) else {
        return false;
    };
    init.proposer = agents.clone();
    let mut notes = Vec::new();
    let (date, dconf) = act_date(cx, text, false, &mut notes);
    if let Some(mut e) = proposal_event(cx, &init, text, "proposal-verb", 0.8 * dconf, Some(date)) {
        e.occasion = occasion_of(cx, &[text, u.attribution.as_deref().unwrap_or("")]);
        e.notes = notes;
        events.push(e);
    }
    cx.last_agents = agents;
    true
}
