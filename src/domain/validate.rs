//! Validation of a new event against the registry and the current picture:
//! dates, actors, provenance, and the rules of each kind (the initiative
//! exists, a withdrawal follows a support, a deadline follows the commitment…).
//! Every refusal says what is wrong and how to fix it.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::actor::{ActorKind, Registry};
use super::event::{EventData, StoredEvent};
use super::payload::Payload;
use super::source::{MAX_QUOTE_CHARS, MAX_TEXT_CHARS};
use crate::error::{Error, Result};
use crate::projection::{CommitmentState, Projection, Standing, StandingRow};

/// What validation needs to know besides the event.
pub struct Context<'a> {
    pub registry: &'a Registry,
    /// The current rows of the event's stream.
    pub state: &'a Projection,
    /// Initiative ids that exist anywhere in the store (for cross-stream references).
    pub known_initiatives: &'a BTreeSet<String>,
    /// Today, for refusing acts dated in the future.
    pub today: NaiveDate,
}

fn bad(message: impl Into<String>, hint: impl Into<String>) -> Error {
    Error::invalid(message, hint)
}

/// Checks that an id is a slug: lowercase letters, digits and dashes.
pub fn check_slug(what: &str, s: &str) -> Result<()> {
    let ok = !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(bad(
            format!("{what} id `{s}` is not a slug"),
            "use lowercase letters, digits and dashes, e.g. caspian-expert-group",
        ))
    }
}

fn check_text(field: &str, s: &str, max: usize) -> Result<()> {
    if s.trim().is_empty() {
        return Err(bad(format!("{field} is empty"), format!("give a {field}")));
    }
    let n = s.chars().count();
    if n > max {
        return Err(bad(
            format!("{field} is {n} characters long (at most {max})"),
            "shorten it; a quote should be the short passage that evidences the event",
        ));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(bad(
            format!("{field} contains control characters"),
            "remove them",
        ));
    }
    Ok(())
}

fn check_actor(reg: &Registry, id: &str, wanted: Option<ActorKind>) -> Result<()> {
    match reg.get(id) {
        None => {
            let hint = match reg.resolve(id) {
                Ok(a) => format!("write its registry id `{}` ({})", a.id, a.name),
                Err(e) => e.to_string(),
            };
            Err(bad(format!("unknown actor `{id}`"), hint))
        }
        Some(a) if wanted.is_some_and(|k| k != a.kind) => Err(bad(
            format!(
                "{} ({}) is {}, but this act needs a {}",
                a.name,
                a.id,
                a.kind.as_str(),
                wanted.expect("checked").as_str()
            ),
            "positions on initiatives are held by states; record an organisation's view as a statement",
        )),
        Some(_) => Ok(()),
    }
}

fn initiative_exists(ctx: &Context, id: &str) -> Result<()> {
    if ctx.state.initiatives.contains_key(id) || ctx.known_initiatives.contains(id) {
        Ok(())
    } else {
        Err(Error::NotFound {
            what: format!("initiative `{id}`"),
            hint: Some("record its proposal first (`accord log propose`), or check the id with `accord initiatives`".into()),
        })
    }
}

/// Validates an act (any kind but corrections and added sources, see `validate_meta`).
pub fn validate(ctx: &Context, ev: &EventData) -> Result<()> {
    let reg = ctx.registry;
    let earliest = ev.date.earliest();
    if earliest.is_some_and(|e| e > ctx.today) {
        return Err(bad(
            format!("the date {} is in the future", ev.date),
            "record acts that have happened; plans belong in a statement or a commitment's deadline",
        ));
    }
    if !ev.kind().is_meta() {
        let src = ev.source.as_ref().ok_or_else(|| {
            bad(
                "the event has no source",
                "give the source's title, publisher, publication date and a short verbatim quote",
            )
        })?;
        check_source(ctx, ev, src)?;
        if ev.actors.is_empty() {
            return Err(bad("the event names no actor", "say who acted"));
        }
    }
    let mut seen = BTreeSet::new();
    for a in &ev.actors {
        if !seen.insert(a) {
            return Err(bad(
                format!("actor {a} is named twice"),
                "name each actor once",
            ));
        }
    }
    if let Some(sp) = &ev.speaker {
        check_text("speaker name", &sp.name, 200)?;
        if let Some(pid) = &sp.person {
            check_speaker_role(reg, pid, ev)?;
        }
    }
    if let Some(o) = &ev.occasion {
        check_text("occasion", o, MAX_TEXT_CHARS)?;
    }
    let state_actors = |ctx: &Context| -> Result<()> {
        for a in &ev.actors {
            check_actor(ctx.registry, a, Some(ActorKind::State))?;
        }
        Ok(())
    };
    match &ev.payload {
        Payload::MeetingHeld(p) => {
            check_slug("meeting", &p.meeting)?;
            check_text("title", &p.title, MAX_TEXT_CHARS)?;
            if ctx.state.meetings.contains_key(&p.meeting) {
                return Err(bad(
                    format!("meeting `{}` is already recorded", p.meeting),
                    "choose another meeting id, or add this article as a source of the existing event",
                ));
            }
            for a in &ev.actors {
                check_actor(reg, a, None)?;
            }
            if let Some(h) = &p.host {
                check_actor(reg, h, None)?;
            }
            if let Some(v) = &p.venue {
                check_text("venue", v, MAX_TEXT_CHARS)?;
            }
            if let Some(o) = &p.outcome {
                check_text("outcome", o, MAX_TEXT_CHARS)?;
            }
            for part in &p.participants {
                match (&part.actor, &part.person) {
                    (None, None) => {
                        return Err(bad(
                            "a participant has neither an actor nor a person",
                            "give at least one",
                        ));
                    }
                    (Some(a), _) => check_actor(reg, a, None)?,
                    (None, Some(n)) => check_text("participant name", n, 200)?,
                }
            }
            for t in &p.topics {
                check_text("topic", t, MAX_TEXT_CHARS)?;
            }
            for i in &p.initiatives {
                initiative_exists(ctx, i)?;
            }
        }
        Payload::InitiativeProposed(p) => {
            check_slug("initiative", &p.initiative)?;
            check_text("title", &p.title, MAX_TEXT_CHARS)?;
            if ctx.state.initiatives.contains_key(&p.initiative)
                || ctx.known_initiatives.contains(&p.initiative)
            {
                return Err(bad(
                    format!("initiative `{}` is already recorded", p.initiative),
                    "choose another id, or record support for the existing initiative",
                ));
            }
            for a in &ev.actors {
                check_actor(reg, a, None)?;
            }
            if p.scope.is_empty() {
                return Err(bad(
                    "the initiative's scope names no state",
                    "list the states it concerns, e.g. AZE IRN KAZ RUS TKM",
                ));
            }
            for s in &p.scope {
                check_actor(reg, s, Some(ActorKind::State))?;
            }
        }
        Payload::SupportDeclared(p) | Payload::OppositionDeclared(p) => {
            initiative_exists(ctx, &p.initiative)?;
            state_actors(ctx)?;
            check_recipients(ctx, ev, &p.recipients)?;
        }
        Payload::SupportWithdrawn(p) => {
            initiative_exists(ctx, &p.initiative)?;
            state_actors(ctx)?;
            check_recipients(ctx, ev, &p.recipients)?;
            for a in &ev.actors {
                let row = ctx.state.positions.get(&(p.initiative.clone(), a.clone()));
                match row {
                    Some(r) if r.position.backs() => {
                        if r.since_key > ev.date.sort_key() {
                            return Err(bad(
                                format!(
                                    "{a}'s support for {} dates from {}, after this withdrawal ({})",
                                    p.initiative, r.since, ev.date
                                ),
                                "check the withdrawal's date",
                            ));
                        }
                    }
                    other => {
                        return Err(bad(
                            format!(
                                "{a} has no recorded support for {} to withdraw (its position: {})",
                                p.initiative,
                                other.map(|r| r.position.as_str()).unwrap_or("none")
                            ),
                            "record the support first, or record opposition instead",
                        ));
                    }
                }
            }
        }
        Payload::CommitmentMade(p) => {
            check_commitment_id(&p.commitment, p.initiative.as_deref())?;
            check_text("commitment text", &p.text, MAX_TEXT_CHARS)?;
            if let Some(i) = &p.initiative {
                initiative_exists(ctx, i)?;
            }
            for a in &ev.actors {
                check_actor(reg, a, None)?;
                if ctx
                    .state
                    .commitments
                    .contains_key(&(p.commitment.clone(), a.clone()))
                {
                    return Err(bad(
                        format!("commitment `{}` of {a} is already recorded", p.commitment),
                        "choose another commitment id, or report progress on it",
                    ));
                }
            }
            if let Some(dl) = p.deadline
                && dl <= ev.date.latest()
            {
                return Err(bad(
                    format!(
                        "the deadline {dl} is not after the commitment's date ({})",
                        ev.date
                    ),
                    "check both dates; a deadline falls after the commitment is made",
                ));
            }
        }
        Payload::ProgressReported(p) => {
            if let Some(pc) = p.percent
                && pc > 100
            {
                return Err(bad(
                    format!("progress of {pc}% is over 100%"),
                    "give 0 to 100",
                ));
            }
            if p.percent.is_none() && p.text.as_deref().is_none_or(|t| t.trim().is_empty()) {
                return Err(bad(
                    "the progress report has neither a percentage nor a text",
                    "give --percent, --text or both",
                ));
            }
            if let Some(t) = &p.text {
                check_text("progress text", t, MAX_TEXT_CHARS)?;
            }
            commitment_open(ctx, &p.commitment, ev)?;
        }
        Payload::CommitmentFulfilled(p) => {
            if let Some(t) = &p.text {
                check_text("text", t, MAX_TEXT_CHARS)?;
            }
            commitment_open(ctx, &p.commitment, ev)?;
        }
        Payload::Statement(p) => {
            check_text("topic", &p.topic, MAX_TEXT_CHARS)?;
            if let Some(i) = &p.initiative {
                initiative_exists(ctx, i)?;
            }
            for a in &ev.actors {
                check_actor(reg, a, None)?;
            }
            check_recipients(ctx, ev, &p.recipients)?;
        }
        Payload::TreatyAdopted(p) => {
            check_slug("treaty", &p.treaty)?;
            check_text("title", &p.title, MAX_TEXT_CHARS)?;
            if let Some(t) = &p.text {
                check_text("text", t, MAX_TEXT_CHARS)?;
            }
            if let Some(row) = ctx.state.initiatives.get(&p.treaty)
                && let Some(on) = &row.adopted_on
            {
                return Err(bad(
                    format!("{} `{}` was already adopted ({on})", row.form, p.treaty),
                    "record signatures and ratifications of it, or choose another id",
                ));
            }
            if !ctx.state.initiatives.contains_key(&p.treaty)
                && ctx.known_initiatives.contains(&p.treaty)
            {
                return Err(bad(
                    format!("`{}` is already the id of another record", p.treaty),
                    "choose another id",
                ));
            }
            if let Some(parent) = &p.parent {
                initiative_exists(ctx, parent)?;
            }
            for a in &ev.actors {
                check_actor(reg, a, None)?;
            }
            for s in &p.scope {
                check_actor(reg, s, Some(ActorKind::State))?;
            }
            if p.form.adoption_commits() && !ev.actors.iter().any(|a| is_state(reg, a)) {
                return Err(bad(
                    "a declaration's adoption names no state",
                    "list the states that adopted it as the actors",
                ));
            }
        }
        Payload::TreatySigned(p) => {
            let t = treaty_exists(ctx, &p.treaty)?;
            state_actors(ctx)?;
            for a in &ev.actors {
                if let Some(r) = standing(ctx, t, a)
                    && r.standing != Standing::Withdrawn
                {
                    return Err(bad(
                        format!("{a} already stands {} on {t}", r.standing.label()),
                        "a state signs a treaty once; record its ratification next",
                    ));
                }
            }
        }
        Payload::TreatyRatified(p) => {
            let t = treaty_exists(ctx, &p.treaty)?;
            state_actors(ctx)?;
            for a in &ev.actors {
                if let Some(r) = standing(ctx, t, a)
                    && r.standing.consented()
                {
                    return Err(bad(
                        format!(
                            "{a} already consented to {t} ({} {})",
                            r.consent.unwrap_or_default().as_str(),
                            r.ratified_on.as_deref().unwrap_or("")
                        ),
                        "nothing more to ratify; record its entry into force, or a correction",
                    ));
                }
            }
        }
        Payload::TreatyInForce(p) => {
            let t = treaty_exists(ctx, &p.treaty)?;
            state_actors(ctx)?;
            if p.overall
                && let Some(on) = ctx
                    .state
                    .initiatives
                    .get(t)
                    .and_then(|r| r.in_force_on.as_ref())
            {
                return Err(bad(
                    format!("{t} already entered into force ({on})"),
                    "record its entry into force for a state without --overall",
                ));
            }
            if !p.overall {
                for a in &ev.actors {
                    match standing(ctx, t, a) {
                        Some(r) if r.standing == Standing::Ratified => {}
                        other => {
                            return Err(bad(
                                format!(
                                    "{a} has no recorded ratification of {t} to enter into force (its standing: {})",
                                    other.map(|r| r.standing.label()).unwrap_or("not signed")
                                ),
                                "record its ratification (or accession) first",
                            ));
                        }
                    }
                }
            }
        }
        Payload::TreatyWithdrawn(p) => {
            let t = treaty_exists(ctx, &p.treaty)?;
            state_actors(ctx)?;
            for a in &ev.actors {
                match standing(ctx, t, a) {
                    Some(r) if r.standing != Standing::Withdrawn => {}
                    _ => {
                        return Err(bad(
                            format!("{a} is not a signatory or party of {t}"),
                            "record its signature or ratification first",
                        ));
                    }
                }
            }
        }
        Payload::Correction(_) | Payload::SourceAdded(_) => {}
    }
    Ok(())
}

fn is_state(reg: &Registry, id: &str) -> bool {
    reg.get(id).is_some_and(|a| a.kind == ActorKind::State)
}

fn check_recipients(ctx: &Context, ev: &EventData, recipients: &[String]) -> Result<()> {
    for r in recipients {
        check_actor(ctx.registry, r, None)?;
        if ev.actors.contains(r) {
            return Err(bad(
                format!("{r} is both an actor and a recipient"),
                "a recipient is whom the act was addressed to; name it once",
            ));
        }
    }
    Ok(())
}

/// The treaty a treaty act is about: it must be recorded, as a treaty (adopted).
fn treaty_exists<'a>(ctx: &Context, id: &'a str) -> Result<&'a str> {
    match ctx.state.initiatives.get(id) {
        Some(r) if r.is_treaty() => Ok(id),
        Some(_) => Err(bad(
            format!("`{id}` is an initiative, not a treaty"),
            format!("record its adoption as a treaty first: `accord log adopt --treaty {id} ...`"),
        )),
        None => Err(Error::NotFound {
            what: format!("treaty `{id}`"),
            hint: Some(
                "record its adoption first (`accord log adopt`), or check the id with `accord initiatives`"
                    .into(),
            ),
        }),
    }
}

fn standing<'a>(ctx: &'a Context, treaty: &str, state: &str) -> Option<&'a StandingRow> {
    ctx.state
        .standings
        .get(&(treaty.to_string(), state.to_string()))
}

fn check_commitment_id(id: &str, initiative: Option<&str>) -> Result<()> {
    match (id.split_once('/'), initiative) {
        (Some((i, slug)), Some(init)) if i == init => check_slug("commitment", slug),
        (None, None) => check_slug("commitment", id),
        (_, Some(init)) => Err(bad(
            format!("commitment id `{id}` does not start with its initiative `{init}/`"),
            format!("write it as {init}/<slug>"),
        )),
        (Some(_), None) => Err(bad(
            format!("commitment id `{id}` names an initiative, but the commitment has none"),
            "give the initiative, or drop the prefix",
        )),
    }
}

fn commitment_open(ctx: &Context, id: &str, ev: &EventData) -> Result<()> {
    for a in &ev.actors {
        match ctx.state.commitments.get(&(id.to_string(), a.clone())) {
            None => {
                return Err(Error::NotFound {
                    what: format!("commitment `{id}` of {a}"),
                    hint: Some(
                        "check the id with `accord state` or record the commitment first".into(),
                    ),
                });
            }
            Some(c) if c.status != CommitmentState::Pending => {
                return Err(bad(
                    format!("commitment `{id}` of {a} is already {}", c.status.as_str()),
                    "a closed commitment takes no further reports; record a correction if it was closed by mistake",
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn check_source(ctx: &Context, ev: &EventData, src: &super::source::Source) -> Result<()> {
    check_text("source title", &src.title, MAX_TEXT_CHARS)?;
    check_text("publisher", &src.publisher, 300)?;
    check_text("quote", &src.quote, MAX_QUOTE_CHARS)?;
    if let Some(u) = &src.url {
        check_text("url", u, MAX_TEXT_CHARS)?;
        if url::Url::parse(u).is_err() {
            return Err(bad(
                format!("`{u}` is not a URL"),
                "give the full address, e.g. https://…, or leave the URL out",
            ));
        }
    }
    if let Some(n) = &src.note {
        check_text("source note", n, MAX_TEXT_CHARS)?;
    }
    if src.published.earliest().is_some_and(|e| e > ctx.today) {
        return Err(bad(
            format!(
                "the source's publication date {} is in the future",
                src.published
            ),
            "check the publication date",
        ));
    }
    if let Some(e) = ev.date.earliest()
        && e > src.published.latest()
    {
        return Err(bad(
            format!(
                "the act's date {} is after the source's publication date {}",
                ev.date, src.published
            ),
            "a source can only report acts that happened by the time it was published; check both dates",
        ));
    }
    Ok(())
}

fn check_speaker_role(reg: &Registry, pid: &str, ev: &EventData) -> Result<()> {
    let person = reg
        .get(pid)
        .filter(|a| a.kind == ActorKind::Person)
        .ok_or_else(|| {
            bad(
                format!("speaker `{pid}` is not a registered person"),
                "leave the person id out, or use a registered one",
            )
        })?;
    let roles = reg.roles(pid);
    if roles.is_empty() {
        return Ok(());
    }
    let acting: Vec<&String> = ev.actors.iter().filter(|a| *a != pid).collect();
    if acting.is_empty() {
        return Ok(());
    }
    let d = ev.date.latest();
    let fits = roles.iter().any(|r| {
        acting.contains(&&r.acts_for)
            && (r.covers(d) || ev.date.earliest().is_some_and(|e| r.covers(e)))
    });
    if fits {
        Ok(())
    } else {
        let held: Vec<String> = roles
            .iter()
            .map(|r| {
                format!(
                    "{} for {}{}{}",
                    r.title,
                    r.acts_for,
                    r.from.map(|f| format!(" from {f}")).unwrap_or_default(),
                    r.until.map(|u| format!(" until {u}")).unwrap_or_default()
                )
            })
            .collect();
        Err(bad(
            format!(
                "{} did not act for {} on {} (registered roles: {})",
                person.name,
                acting
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                ev.date,
                held.join("; ")
            ),
            "check the speaker, the acting state and the date",
        ))
    }
}

/// Validates a correction or an added source against the events of the target's stream.
pub fn validate_meta(
    ev: &EventData,
    target: Option<&StoredEvent>,
    stream_events: &[StoredEvent],
    today: NaiveDate,
) -> Result<()> {
    let target_id = ev.target().expect("meta events have a target");
    let t = target.ok_or_else(|| Error::NotFound {
        what: format!("event {target_id}"),
        hint: Some("check the id with `accord events`".into()),
    })?;
    let retracted = stream_events.iter().any(|e| {
        matches!(&e.data.payload, Payload::Correction(c) if c.target == target_id && c.amend.is_none())
    });
    if retracted {
        return Err(bad(
            format!("event {target_id} is already retracted"),
            "nothing more to correct",
        ));
    }
    match &ev.payload {
        Payload::Correction(c) => {
            check_text("reason", &c.reason, MAX_TEXT_CHARS)?;
            if t.kind == super::kind::Kind::Correction {
                return Err(bad(
                    "a correction cannot itself be corrected",
                    "correct the original event again with the right values",
                ));
            }
            if let Some(fields) = &c.amend {
                if fields.is_empty() {
                    return Err(bad(
                        "the amendment changes no field",
                        "give at least one field to amend",
                    ));
                }
                let base = crate::projection::fold::Corrections::collect(stream_events)
                    .0
                    .amended
                    .remove(&target_id)
                    .unwrap_or_else(|| t.data.clone());
                let amended = base.amended(fields).map_err(|m| {
                    bad(
                        format!("the amendment is invalid: {m}"),
                        "fix the amended fields",
                    )
                })?;
                if amended.date.earliest().is_some_and(|e| e > today) {
                    return Err(bad(
                        format!("the amended date {} is in the future", amended.date),
                        "check the date",
                    ));
                }
                if amended.stream() != t.data.stream() {
                    return Err(bad(
                        "the amendment would move the event to another initiative, panel or commitment",
                        "retract the event and record the right one instead",
                    ));
                }
            }
        }
        Payload::SourceAdded(_) => {
            if t.kind.is_meta() {
                return Err(bad(
                    "a source can only be added to an act, not to a correction or source",
                    "add it to the original event",
                ));
            }
            let src = ev.source.as_ref().ok_or_else(|| {
                bad(
                    "the added source is missing",
                    "give the source with its quote",
                )
            })?;
            let id = src.identity();
            let dup = t.data.source.as_ref().is_some_and(|s| s.identity() == id)
                || stream_events.iter().any(|e| {
                    matches!(&e.data.payload, Payload::SourceAdded(s) if s.target == target_id)
                        && e.data.source.as_ref().is_some_and(|s| s.identity() == id)
                });
            if dup {
                return Err(bad(
                    format!("this source is already recorded for event {target_id}"),
                    "nothing to add",
                ));
            }
        }
        _ => unreachable!("only meta events"),
    }
    Ok(())
}
