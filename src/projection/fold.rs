//! The pure fold from events to projection rows. Both backends persist what
//! this computes, incremental appends and rebuilds run the same `apply`, and
//! `--as-of` queries fold a stream with a date filter.
//!
//! Acts are applied in the order they happened (by date, then log position),
//! not the order they were logged. Corrections apply whenever they were logged:
//! a retracted act is as if it never was, an amended act counts as amended.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use uuid::Uuid;

use super::rows::*;
use crate::domain::event::{EventData, StoredEvent};
use crate::domain::payload::Payload;

/// An act ready to apply: an event's effective content after corrections.
#[derive(Debug, Clone)]
pub struct Act<'a> {
    pub id: Uuid,
    pub position: i64,
    pub stream: &'a str,
    pub data: std::borrow::Cow<'a, EventData>,
    pub amended: bool,
}

impl Act<'_> {
    pub fn sort_key(&self) -> String {
        self.data.date.sort_key()
    }
}

/// What corrections do to the acts of a set of events.
#[derive(Debug, Default)]
pub struct Corrections {
    pub retracted: BTreeSet<Uuid>,
    pub amended: HashMap<Uuid, EventData>,
}

impl Corrections {
    /// Reads the corrections among `events` (in log order; later amendments build on earlier).
    pub fn collect<'a>(
        events: impl IntoIterator<Item = &'a StoredEvent>,
    ) -> (Self, Vec<&'a StoredEvent>) {
        let mut all: Vec<&StoredEvent> = events.into_iter().collect();
        all.sort_by_key(|e| e.position);
        let by_id: HashMap<Uuid, &StoredEvent> = all.iter().map(|e| (e.id, *e)).collect();
        let mut c = Corrections::default();
        for e in &all {
            if let Payload::Correction(corr) = &e.data.payload {
                match &corr.amend {
                    None => {
                        c.retracted.insert(corr.target);
                    }
                    Some(fields) => {
                        let base = c
                            .amended
                            .get(&corr.target)
                            .cloned()
                            .or_else(|| by_id.get(&corr.target).map(|t| t.data.clone()));
                        if let Some(base) = base
                            && let Ok(new) = base.amended(fields)
                        {
                            c.amended.insert(corr.target, new);
                        }
                    }
                }
            }
        }
        (c, all)
    }
}

/// Folds events (of one or more whole streams) into projection rows. With
/// `as_of`, only acts that certainly happened by that day count.
pub fn fold<'a>(
    events: impl IntoIterator<Item = &'a StoredEvent>,
    as_of: Option<NaiveDate>,
) -> Projection {
    let (corr, all) = Corrections::collect(events);
    let mut acts: Vec<Act> = Vec::new();
    let mut added_sources: Vec<&StoredEvent> = Vec::new();
    for e in all {
        if corr.retracted.contains(&e.id) {
            continue;
        }
        match e.data.payload {
            Payload::Correction(_) => {}
            Payload::SourceAdded(_) => added_sources.push(e),
            _ => {
                let (data, amended) = match corr.amended.get(&e.id) {
                    Some(d) => (std::borrow::Cow::Owned(d.clone()), true),
                    None => (std::borrow::Cow::Borrowed(&e.data), false),
                };
                if as_of.is_some_and(|d| !data.date.certainly_by(d)) {
                    continue;
                }
                acts.push(Act {
                    id: e.id,
                    position: e.position,
                    stream: &e.stream,
                    data,
                    amended,
                });
            }
        }
    }
    acts.sort_by_cached_key(|a| (a.sort_key(), a.position));
    let mut p = Projection::default();
    for act in &acts {
        apply(&mut p, act);
    }
    for s in added_sources {
        add_source(&mut p, s);
    }
    finalize(&mut p);
    p
}

/// Records the source of a `source_added` event against its target, if the target is present.
pub fn add_source(p: &mut Projection, e: &StoredEvent) {
    let (Payload::SourceAdded(sa), Some(src)) = (&e.data.payload, &e.data.source) else {
        return;
    };
    if !p.timeline.values().any(|t| t.event_id == sa.target)
        && p.sources_of(sa.target).next().is_none()
    {
        return;
    }
    let next = p
        .sources_of(sa.target)
        .map(|s| s.ordinal + 1)
        .max()
        .unwrap_or(0);
    p.sources.insert(
        (sa.target, next),
        source_row(sa.target, next, &e.stream, e.id, src, true),
    );
}

fn source_row(
    event: Uuid,
    ordinal: i64,
    stream: &str,
    via: Uuid,
    s: &crate::domain::source::Source,
    as_logged: bool,
) -> SourceRow {
    SourceRow {
        event_id: event,
        ordinal,
        stream: stream.to_string(),
        via_event: via,
        title: s.title.clone(),
        publisher: s.publisher.clone(),
        published: s.published.to_string(),
        url: s.url.clone(),
        quote: s.quote.clone(),
        note: s.note.clone(),
        as_logged,
    }
}

fn set_position(p: &mut Projection, act: &Act, initiative: &str, state: &str, new: Position) {
    let key = (initiative.to_string(), state.to_string());
    let date = act.data.date.to_string();
    let sort = act.sort_key();
    match p.positions.get_mut(&key) {
        Some(row) if row.position == new || (row.position == Position::Proposer && new.backs()) => {
            row.evidence.push(act.id);
        }
        Some(row) if row.position == Position::Committed && new == Position::Supports => {
            row.evidence.push(act.id);
        }
        _ => {
            p.positions.insert(
                key,
                PositionRow {
                    initiative: initiative.to_string(),
                    state: state.to_string(),
                    stream: act.stream.to_string(),
                    position: new,
                    since: date,
                    since_key: sort,
                    evidence: vec![act.id],
                    sources: 0,
                },
            );
        }
    }
}

/// Whether applying an act of this kind changes only its actors' positions and
/// commitments (besides adding its timeline and source rows): an append then
/// loads only those rows and the stream's initiatives.
pub fn touches_only_its_actors(p: &Payload) -> bool {
    matches!(
        p,
        Payload::SupportDeclared(_)
            | Payload::OppositionDeclared(_)
            | Payload::SupportWithdrawn(_)
            | Payload::CommitmentMade(_)
            | Payload::ProgressReported(_)
            | Payload::CommitmentFulfilled(_)
            | Payload::Statement(_)
    )
}

/// Applies one act to the rows. Acts must arrive in date order (see module doc).
pub fn apply(p: &mut Projection, act: &Act) {
    let d = &act.data;
    let date = d.date.to_string();
    if let Some(src) = &d.source {
        p.sources.insert(
            (act.id, 0),
            source_row(act.id, 0, act.stream, act.id, src, !act.amended),
        );
    }
    p.timeline.insert(
        act.position,
        TimelineRow {
            event_id: act.id,
            log_position: act.position,
            stream: act.stream.to_string(),
            act_date: date.clone(),
            sort_key: act.sort_key(),
            kind: d.kind().as_str().to_string(),
            actors: d.actors.clone(),
            initiative: d.payload.initiative().map(str::to_string),
            summary: d.summary(),
            amended: act.amended,
        },
    );
    match &d.payload {
        Payload::MeetingHeld(x) => {
            p.meetings.insert(
                x.meeting.clone(),
                MeetingRow {
                    id: x.meeting.clone(),
                    stream: act.stream.to_string(),
                    title: x.title.clone(),
                    format: x.format,
                    host: x.host.clone(),
                    held_on: date,
                    venue: x.venue.clone(),
                    organisers: d.actors.clone(),
                    participants: x.participants.clone(),
                    topics: x.topics.clone(),
                    initiatives: x.initiatives.clone(),
                    outcome: x.outcome.clone(),
                    event_id: act.id,
                },
            );
        }
        Payload::InitiativeProposed(x) => {
            p.initiatives.insert(
                x.initiative.clone(),
                InitiativeRow {
                    id: x.initiative.clone(),
                    stream: act.stream.to_string(),
                    title: x.title.clone(),
                    proposers: d.actors.clone(),
                    scope: x.scope.clone(),
                    proposed_on: date,
                    event_id: act.id,
                    status: String::new(),
                    supporters: 0,
                    opposers: 0,
                    withdrawn: 0,
                    silent: 0,
                    form: "initiative".into(),
                    parent: None,
                    adopted_on: None,
                    in_force_on: None,
                },
            );
            for a in &d.actors {
                if is_state_code(a) {
                    set_position(p, act, &x.initiative, a, Position::Proposer);
                }
            }
        }
        Payload::TreatyAdopted(x) => treaty::adopted(p, act, x),
        Payload::TreatySigned(x) => {
            for a in &d.actors {
                treaty::step(p, act, &x.treaty, a, Standing::Signed, None);
                set_position(p, act, &x.treaty, a, Position::Supports);
            }
        }
        Payload::TreatyRatified(x) => {
            // A state that consents after the treaty entered into force stands ratified
            // until its own entry into force is recorded (treaties set their own delay).
            for a in &d.actors {
                treaty::step(p, act, &x.treaty, a, Standing::Ratified, Some(x.consent));
                set_position(p, act, &x.treaty, a, Position::Committed);
            }
        }
        Payload::TreatyInForce(x) => treaty::in_force(p, act, x),
        Payload::TreatyWithdrawn(x) => {
            for a in &d.actors {
                treaty::step(p, act, &x.treaty, a, Standing::Withdrawn, None);
                set_position(p, act, &x.treaty, a, Position::Withdrawn);
            }
        }
        Payload::SupportDeclared(x) => {
            for a in &d.actors {
                set_position(p, act, &x.initiative, a, Position::Supports);
            }
        }
        Payload::OppositionDeclared(x) => {
            for a in &d.actors {
                set_position(p, act, &x.initiative, a, Position::Opposes);
            }
        }
        Payload::SupportWithdrawn(x) => {
            for a in &d.actors {
                set_position(p, act, &x.initiative, a, Position::Withdrawn);
                for c in p.commitments.values_mut() {
                    if c.state == *a
                        && c.initiative.as_deref() == Some(x.initiative.as_str())
                        && c.status == CommitmentState::Pending
                    {
                        c.status = CommitmentState::Withdrawn;
                    }
                }
            }
        }
        Payload::CommitmentMade(x) => {
            for a in &d.actors {
                p.commitments.insert(
                    (x.commitment.clone(), a.clone()),
                    CommitmentRow {
                        id: x.commitment.clone(),
                        state: a.clone(),
                        stream: act.stream.to_string(),
                        initiative: x.initiative.clone(),
                        text: x.text.clone(),
                        made_on: date.clone(),
                        deadline: x.deadline,
                        status: CommitmentState::Pending,
                        progress_percent: None,
                        progress_text: None,
                        last_report_on: None,
                        last_activity: d.date.latest(),
                        event_id: act.id,
                    },
                );
                if let Some(i) = &x.initiative
                    && is_state_code(a)
                {
                    set_position(p, act, i, a, Position::Committed);
                }
            }
        }
        Payload::ProgressReported(x) => {
            for a in &d.actors {
                if let Some(c) = p.commitments.get_mut(&(x.commitment.clone(), a.clone())) {
                    if x.percent.is_some() {
                        c.progress_percent = x.percent.map(i64::from);
                    }
                    if x.text.is_some() {
                        c.progress_text = x.text.clone();
                    }
                    c.last_report_on = Some(date.clone());
                    c.last_activity = d.date.latest();
                }
            }
        }
        Payload::CommitmentFulfilled(x) => {
            for a in &d.actors {
                if let Some(c) = p.commitments.get_mut(&(x.commitment.clone(), a.clone())) {
                    c.status = CommitmentState::Fulfilled;
                    c.progress_percent = Some(100);
                    if x.text.is_some() {
                        c.progress_text = x.text.clone();
                    }
                    c.last_report_on = Some(date.clone());
                    c.last_activity = d.date.latest();
                }
            }
        }
        Payload::Statement(_) | Payload::Correction(_) | Payload::SourceAdded(_) => {}
    }
}

/// The legal lifecycle of treaties: adoption, each state's steps, entry into force.
mod treaty {
    use super::*;
    use crate::domain::payload::{Consent, TreatyAdopted, TreatyInForce};

    pub fn adopted(p: &mut Projection, act: &Act, x: &TreatyAdopted) {
        let d = &act.data;
        let date = d.date.to_string();
        let states: Vec<String> = d
            .actors
            .iter()
            .filter(|a| is_state_code(a))
            .cloned()
            .collect();
        let scope = if x.scope.is_empty() {
            states.clone()
        } else {
            x.scope.clone()
        };
        let row = p
            .initiatives
            .entry(x.treaty.clone())
            .or_insert_with(|| InitiativeRow {
                id: x.treaty.clone(),
                stream: act.stream.to_string(),
                title: x.title.clone(),
                proposers: d.actors.clone(),
                scope: scope.clone(),
                proposed_on: date.clone(),
                event_id: act.id,
                status: String::new(),
                supporters: 0,
                opposers: 0,
                withdrawn: 0,
                silent: 0,
                form: String::new(),
                parent: None,
                adopted_on: None,
                in_force_on: None,
            });
        row.form = x.form.as_str().to_string();
        row.parent = x.parent.clone();
        row.adopted_on = Some(date.clone());
        if !x.scope.is_empty() {
            row.scope = x.scope.clone();
        }
        if x.form.adoption_commits() {
            let text = x.text.clone().unwrap_or_else(|| x.title.clone());
            let id = format!("{}/{}", x.treaty, x.form.as_str());
            for a in &states {
                step(p, act, &x.treaty, a, Standing::Adopted, None);
                p.commitments.insert(
                    (id.clone(), a.clone()),
                    CommitmentRow {
                        id: id.clone(),
                        state: a.clone(),
                        stream: act.stream.to_string(),
                        initiative: Some(x.treaty.clone()),
                        text: text.clone(),
                        made_on: date.clone(),
                        deadline: None,
                        status: CommitmentState::Pending,
                        progress_percent: None,
                        progress_text: None,
                        last_report_on: None,
                        last_activity: d.date.latest(),
                        event_id: act.id,
                    },
                );
                set_position(p, act, &x.treaty, a, Position::Committed);
            }
        }
    }

    /// Moves a state to a new standing, keeping the dates of earlier steps.
    pub fn step(
        p: &mut Projection,
        act: &Act,
        treaty: &str,
        state: &str,
        to: Standing,
        consent: Option<Consent>,
    ) {
        let date = act.data.date.to_string();
        let row = p
            .standings
            .entry((treaty.to_string(), state.to_string()))
            .or_insert_with(|| StandingRow {
                treaty: treaty.to_string(),
                state: state.to_string(),
                stream: act.stream.to_string(),
                standing: to,
                signed_on: None,
                ratified_on: None,
                consent: None,
                in_force_on: None,
                withdrawn_on: None,
                evidence: Vec::new(),
                sources: 0,
            });
        row.standing = to;
        row.evidence.push(act.id);
        match to {
            Standing::Adopted | Standing::Signed => row.signed_on = Some(date),
            Standing::Ratified => {
                row.ratified_on = Some(date);
                row.consent = consent;
                row.withdrawn_on = None;
            }
            Standing::InForce => row.in_force_on = Some(date),
            Standing::Withdrawn => row.withdrawn_on = Some(date),
        }
    }

    pub fn in_force(p: &mut Projection, act: &Act, x: &TreatyInForce) {
        let date = act.data.date.to_string();
        for a in &act.data.actors {
            step(p, act, &x.treaty, a, Standing::InForce, None);
        }
        if x.overall {
            if let Some(t) = p.initiatives.get_mut(&x.treaty) {
                t.in_force_on = Some(date.clone());
            }
            // On entry into force the treaty binds every state that had consented by then.
            for row in p.standings.values_mut() {
                if row.treaty == x.treaty && row.standing == Standing::Ratified {
                    row.standing = Standing::InForce;
                    row.in_force_on = Some(date.clone());
                    row.evidence.push(act.id);
                }
            }
        }
    }
}

/// Whether an actor id is a state code (three capital letters).
pub fn is_state_code(id: &str) -> bool {
    id.len() == 3 && id.bytes().all(|b| b.is_ascii_uppercase())
}

/// The number of distinct sources across some events (a source is its URL, or
/// its publisher, title and date when it has none).
fn distinct_sources(p: &Projection, evidence: &[Uuid]) -> i64 {
    let mut ids: Vec<(&str, &str, &str)> = Vec::new();
    for e in evidence {
        for s in p.sources_of(*e) {
            ids.push(match &s.url {
                Some(u) => (u.as_str(), "", ""),
                None => (s.publisher.as_str(), s.title.as_str(), s.published.as_str()),
            });
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ids.len() as i64
}

/// Recomputes the derived columns: initiative counts and status, source counts.
pub fn finalize(p: &mut Projection) {
    let positions: Vec<(String, String)> = p.positions.keys().cloned().collect();
    let standings: Vec<(String, String)> = p.standings.keys().cloned().collect();
    finalize_some(p, &positions, &standings);
}

/// Recomputes the source counts of the given position and standing rows (whose
/// evidence's sources must all be present), and every initiative's counts and status
/// from all positions present. An append that loaded all of a stream's rows but
/// its sources finalizes those.
pub fn finalize_some(
    p: &mut Projection,
    positions: &[(String, String)],
    standings: &[(String, String)],
) {
    count_sources(p, positions, standings);
    let ids: Vec<String> = p.initiatives.keys().cloned().collect();
    for id in ids {
        let positions: Vec<(String, Position)> = p
            .positions
            .range((id.clone(), String::new())..)
            .take_while(|((i, _), _)| *i == id)
            .map(|((_, s), r)| (s.clone(), r.position))
            .collect();
        let row = p.initiatives.get_mut(&id).expect("listed");
        let count =
            |f: &dyn Fn(Position) -> bool| positions.iter().filter(|(_, x)| f(*x)).count() as i64;
        row.supporters = count(&|x| matches!(x, Position::Supports | Position::Committed));
        row.opposers = count(&|x| x == Position::Opposes);
        row.withdrawn = count(&|x| x == Position::Withdrawn);
        row.silent = row
            .scope
            .iter()
            .filter(|s| !positions.iter().any(|(st, _)| st == *s))
            .count() as i64;
        let all_back = !row.scope.is_empty()
            && row
                .scope
                .iter()
                .all(|s| positions.iter().any(|(st, x)| st == s && x.backs()));
        row.status = status(row, all_back).to_string();
    }
}

/// Recomputes the source counts of the given position and standing rows (whose
/// evidence's sources must all be present).
pub fn count_sources(
    p: &mut Projection,
    positions: &[(String, String)],
    standings: &[(String, String)],
) {
    for k in positions {
        let Some(row) = p.positions.get(k) else {
            continue;
        };
        let n = distinct_sources(p, &row.evidence);
        if let Some(row) = p.positions.get_mut(k) {
            row.sources = n;
        }
    }
    for k in standings {
        let Some(row) = p.standings.get(k) else {
            continue;
        };
        let n = distinct_sources(p, &row.evidence);
        if let Some(row) = p.standings.get_mut(k) {
            row.sources = n;
        }
    }
}

/// Moves an initiative's counts by one state's position changing from `old` to
/// `new` (the status is left to `status`).
pub fn recount(row: &mut InitiativeRow, state: &str, old: Option<Position>, new: Option<Position>) {
    let is = |x: Option<Position>, f: &dyn Fn(Position) -> bool| i64::from(x.is_some_and(f));
    let supports = |x: Position| matches!(x, Position::Supports | Position::Committed);
    let opposes = |x: Position| x == Position::Opposes;
    let withdrawn = |x: Position| x == Position::Withdrawn;
    row.supporters += is(new, &supports) - is(old, &supports);
    row.opposers += is(new, &opposes) - is(old, &opposes);
    row.withdrawn += is(new, &withdrawn) - is(old, &withdrawn);
    if row.scope.iter().any(|s| s == state) {
        row.silent += i64::from(new.is_none()) - i64::from(old.is_none());
    }
}

/// The status an initiative's counts give it (a treaty's: its dates);
/// `all_back` says whether every state in its scope backs it.
pub fn status(row: &InitiativeRow, all_back: bool) -> &'static str {
    if row.is_treaty() {
        if row.in_force_on.is_some() {
            "in_force"
        } else if row.adopted_on.is_some() {
            "adopted"
        } else {
            "proposed"
        }
    } else if row.opposers > 0 && row.supporters > 0 {
        "contested"
    } else if all_back {
        "endorsed"
    } else if row.opposers > 0 {
        "opposed"
    } else if row.supporters > 0 {
        "gaining_support"
    } else {
        "proposed"
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const STATES: [&str; 6] = ["AZE", "IRN", "KAZ", "RUS", "TKM", "TUR"];

    fn position(x: u8) -> Option<Position> {
        [
            None,
            Some(Position::Proposer),
            Some(Position::Supports),
            Some(Position::Committed),
            Some(Position::Opposes),
            Some(Position::Withdrawn),
        ][usize::from(x % 6)]
    }

    /// An initiative with this scope, and these states' positions on it.
    fn picture(scope: &[&str], held: &[Option<Position>]) -> Projection {
        let mut p = Projection::default();
        p.initiatives.insert(
            "i".into(),
            InitiativeRow {
                id: "i".into(),
                stream: "initiative/i".into(),
                title: "I".into(),
                proposers: vec!["AZE".into()],
                scope: scope.iter().map(|s| s.to_string()).collect(),
                proposed_on: "2024-01-01".into(),
                event_id: Uuid::nil(),
                status: String::new(),
                supporters: 0,
                opposers: 0,
                withdrawn: 0,
                silent: 0,
                form: "initiative".into(),
                parent: None,
                adopted_on: None,
                in_force_on: None,
            },
        );
        for (s, x) in STATES.iter().zip(held) {
            if let Some(x) = x {
                p.positions.insert(
                    ("i".into(), s.to_string()),
                    PositionRow {
                        initiative: "i".into(),
                        state: s.to_string(),
                        stream: "initiative/i".into(),
                        position: *x,
                        since: "2024-01-01".into(),
                        since_key: "2024-01-01|2024-01-01".into(),
                        evidence: Vec::new(),
                        sources: 0,
                    },
                );
            }
        }
        finalize(&mut p);
        p
    }

    proptest! {
        /// Moving an initiative's counts by the positions that changed gives the
        /// counts and status of counting every position afresh.
        #[test]
        fn counts_moved_by_changes_equal_counts_made_afresh(
            in_scope in prop::collection::vec(any::<bool>(), 6),
            before in prop::collection::vec(any::<u8>(), 6),
            after in prop::collection::vec(any::<u8>(), 6),
        ) {
            let scope: Vec<&str> = STATES.iter().zip(&in_scope).filter(|(_, i)| **i).map(|(s, _)| *s).collect();
            let old: Vec<Option<Position>> = before.iter().map(|x| position(*x)).collect();
            // An act applied in place sets positions; it never removes one.
            let new: Vec<Option<Position>> = old.iter().zip(&after).map(|(o, a)| position(*a).or(*o)).collect();
            let fresh = picture(&scope, &new).initiatives["i"].clone();

            let mut row = picture(&scope, &old).initiatives["i"].clone();
            for ((s, o), n) in STATES.iter().zip(&old).zip(&new) {
                if o != n {
                    recount(&mut row, s, *o, *n);
                }
            }
            let all_back = !scope.is_empty()
                && STATES.iter().zip(&new).all(|(s, n)| !scope.contains(s) || n.is_some_and(Position::backs));
            row.status = status(&row, all_back).to_string();
            prop_assert_eq!(row, fresh);
        }
    }
}
