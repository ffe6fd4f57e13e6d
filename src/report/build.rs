//! Building the report from projection rows: a pure function of the rows, the
//! details read from the acts (speakers, occasions), the registry and the
//! options. Everything is sorted explicitly so the same inputs give the same
//! report, and every fact points to numbered sources.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use uuid::Uuid;

use super::cite::Citer;
use super::view::*;
use crate::domain::{ActDate, Registry};
use crate::projection::{MeetingRow, Projection, TimelineRow};

/// What the rows do not hold about an act, read from its (corrected) event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActDetail {
    /// "Name (role)" of who spoke for the acting party.
    pub speaker: Option<String>,
    pub occasion: Option<String>,
    /// The commitment a progress report or fulfilment is about.
    pub commitment: Option<String>,
}

/// An act whose date straddles the `--as-of` day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncertain {
    pub date: String,
    pub summary: String,
    pub event_id: Uuid,
    pub actors: Vec<String>,
    pub initiative: Option<String>,
}

/// What a report is built from.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub projection: Projection,
    pub details: BTreeMap<Uuid, ActDetail>,
    /// Acts left out of an `--as-of` report (their dates straddle the day).
    pub uncertain: Vec<Uncertain>,
}

/// The choices of the reader.
#[derive(Debug, Clone)]
pub struct Options {
    pub as_of: Option<NaiveDate>,
    /// The day commitments are judged on: `as_of`, else today.
    pub day: NaiveDate,
    pub since: Option<NaiveDate>,
    /// An initiative id (already resolved).
    pub initiative: Option<String>,
    /// A state code (already resolved).
    pub state: Option<String>,
    /// How many recent acts the timeline lists (0: all).
    pub recent: usize,
    pub generated_at: Option<String>,
}

impl Options {
    /// Whether a meeting is in the report.
    fn keeps_meeting(&self, panel: &MeetingRow) -> bool {
        self.initiative
            .as_ref()
            .is_none_or(|i| panel.initiatives.contains(i))
            && self.state.as_ref().is_none_or(|s| {
                panel.organisers.contains(s)
                    || panel.host.as_ref() == Some(s)
                    || panel
                        .participants
                        .iter()
                        .any(|x| x.actor.as_deref() == Some(s.as_str()))
            })
    }

    /// Whether an act is in the report (a meeting's act goes with its meeting).
    fn keeps_act(&self, p: &Projection, t: &TimelineRow) -> bool {
        if let Some(m) = t
            .stream
            .strip_prefix("panel/")
            .or_else(|| t.stream.strip_prefix("meeting/"))
            .and_then(|id| p.meetings.get(id))
        {
            return self.keeps_meeting(m);
        }
        self.initiative
            .as_ref()
            .is_none_or(|i| t.initiative.as_ref() == Some(i))
            && self.state.as_ref().is_none_or(|s| t.actors.contains(s))
    }
}

/// The latest day an act dated `date` can have happened.
fn latest_day(t: &TimelineRow) -> Option<NaiveDate> {
    match t.act_date.parse::<ActDate>() {
        Ok(d) => Some(d.latest()),
        Err(_) => t.sort_key.get(..10).and_then(|s| s.parse().ok()),
    }
}

fn rank(position: Option<&str>) -> u8 {
    match position {
        Some("proposer") => 0,
        Some("supports") => 1,
        Some("committed") => 2,
        Some("opposes") => 3,
        Some("withdrawn") => 4,
        Some(_) => 5,
        None => 6,
    }
}

fn named(reg: &Registry, id: &str) -> Named {
    Named {
        id: id.to_string(),
        name: reg.name_of(id).to_string(),
    }
}

/// Builds the report.
pub fn build(inp: &Inputs, reg: &Registry, o: &Options) -> Report {
    let p = &inp.projection;
    let mut cites = Citer::new(p);

    // Every act in the report, oldest first.
    let mut acts: Vec<&TimelineRow> = p.timeline.values().filter(|t| o.keeps_act(p, t)).collect();
    acts.sort_by(|a, b| {
        (a.sort_key.as_str(), a.log_position).cmp(&(b.sort_key.as_str(), b.log_position))
    });
    let act = |cites: &mut Citer, t: &TimelineRow| {
        let d = inp.details.get(&t.event_id);
        Act {
            date: t.act_date.clone(),
            kind: t.kind.clone(),
            actors: t.actors.iter().map(|a| named(reg, a)).collect(),
            initiative: t.initiative.clone(),
            summary: t.summary.clone(),
            speaker: d.and_then(|d| d.speaker.clone()),
            occasion: d.and_then(|d| d.occasion.clone()),
            amended: t.amended,
            sources: cites.of(t.event_id),
            event_id: t.event_id,
        }
    };

    // Summary acts first, so the reader meets them first (numbering is by date anyway).
    let latest = acts.last().map(|t| act(&mut cites, t));
    let changes = o.since.map(|since| {
        acts.iter()
            .filter(|t| latest_day(t).is_some_and(|d| d > since))
            .map(|t| act(&mut cites, t))
            .collect::<Vec<_>>()
    });

    let initiatives = initiative_sections(p, inp, reg, o, &mut cites);
    let matrix = matrix(&initiatives);
    let commitments = commitment_lines(p, inp, reg, o, &acts, &mut cites);
    let meetings = meeting_sections(p, reg, o, &mut cites);

    let shown = if o.recent == 0 {
        acts.len()
    } else {
        o.recent.min(acts.len())
    };
    let timeline = Timeline {
        total: acts.len(),
        earlier: acts.len() - shown,
        acts: acts[acts.len() - shown..]
            .iter()
            .map(|t| act(&mut cites, t))
            .collect(),
    };

    let left_out = inp
        .uncertain
        .iter()
        .filter(|u| {
            o.initiative
                .as_ref()
                .is_none_or(|i| u.initiative.as_ref() == Some(i))
                && o.state.as_ref().is_none_or(|s| u.actors.contains(s))
        })
        .map(|u| LeftOut {
            date: u.date.clone(),
            summary: u.summary.clone(),
            event_id: u.event_id,
        })
        .collect();

    let mut summary = Summary {
        initiatives: initiatives.len(),
        states: matrix.states.len(),
        meetings: meetings.len(),
        acts: acts.len(),
        latest,
        changes,
        ..Summary::default()
    };
    for line in initiatives.iter().flat_map(|i| &i.states) {
        let c = &mut summary.positions;
        match line.position.as_deref() {
            Some("proposer") => c.proposer += 1,
            Some("supports") => c.supports += 1,
            Some("committed") => c.committed += 1,
            Some("opposes") => c.opposes += 1,
            Some("withdrawn") => c.withdrawn += 1,
            Some(_) => {}
            None => c.no_position += usize::from(line.in_scope),
        }
    }
    for line in &commitments {
        let c = &mut summary.commitments;
        c.total += 1;
        match line.status.as_str() {
            "pending" => c.pending += 1,
            "overdue" => c.overdue += 1,
            "fulfilled" => c.fulfilled += 1,
            "withdrawn" => c.withdrawn += 1,
            _ => {}
        }
        c.stale += usize::from(line.stale);
    }

    let mut report = Report {
        as_of: o.as_of,
        day: o.day,
        since: o.since,
        generated_at: o.generated_at.clone(),
        filter: Filter {
            initiative: o.initiative.clone(),
            state: o.state.clone(),
        },
        summary,
        initiatives,
        matrix,
        commitments,
        meetings,
        timeline,
        left_out,
        sources: Vec::new(),
    };
    cites.finish(&mut report);
    report.summary.sources = report.sources.len();
    report
}

fn initiative_sections(
    p: &Projection,
    inp: &Inputs,
    reg: &Registry,
    o: &Options,
    cites: &mut Citer,
) -> Vec<InitiativeSection> {
    let mut out = Vec::new();
    for init in p.initiatives.values() {
        if o.initiative.as_ref().is_some_and(|i| *i != init.id) {
            continue;
        }
        let positions: BTreeMap<&String, _> = p
            .positions
            .range((init.id.clone(), String::new())..)
            .take_while(|((i, _), _)| *i == init.id)
            .map(|((_, s), r)| (s, r))
            .collect();
        let mut listed: BTreeSet<&String> = init.scope.iter().collect();
        listed.extend(positions.keys().copied());
        if let Some(s) = &o.state {
            if !listed.contains(s) {
                continue;
            }
            listed.retain(|x| *x == s);
        }
        let mut states: Vec<PositionLine> = listed
            .into_iter()
            .map(|s| {
                let row = positions.get(s).copied();
                let evidence = row.map(|r| r.evidence.clone()).unwrap_or_default();
                let mut speakers: Vec<String> = Vec::new();
                for e in &evidence {
                    if let Some(sp) = inp.details.get(e).and_then(|d| d.speaker.clone())
                        && !speakers.contains(&sp)
                    {
                        speakers.push(sp);
                    }
                }
                PositionLine {
                    state: s.clone(),
                    name: reg.name_of(s).to_string(),
                    in_scope: init.scope.contains(s),
                    position: row.map(|r| r.position.as_str().to_string()),
                    since: row.map(|r| r.since.clone()),
                    date_note: row
                        .and_then(|r| r.since.parse::<ActDate>().ok())
                        .and_then(|d| d.explain()),
                    speakers,
                    sources: cites.of_all(&evidence),
                    evidence,
                }
            })
            .collect();
        states.sort_by(|a, b| {
            (rank(a.position.as_deref()), &a.state).cmp(&(rank(b.position.as_deref()), &b.state))
        });
        let mut standings = Vec::new();
        if init.is_treaty() {
            let mut who: BTreeSet<&String> = init.scope.iter().collect();
            who.extend(
                p.standings
                    .range((init.id.clone(), String::new())..)
                    .take_while(|((t, _), _)| *t == init.id)
                    .map(|((_, s), _)| s),
            );
            if let Some(s) = &o.state {
                who.retain(|x| *x == s);
            }
            for s in who {
                let row = p.standings.get(&(init.id.clone(), s.clone()));
                standings.push(StandingLine {
                    state: s.clone(),
                    name: reg.name_of(s).to_string(),
                    standing: row
                        .map(|r| r.standing.as_str())
                        .unwrap_or("not_signed")
                        .to_string(),
                    signed_on: row.and_then(|r| r.signed_on.clone()),
                    ratified_on: row.and_then(|r| r.ratified_on.clone()),
                    consent: row.and_then(|r| r.consent.map(|c| c.as_str().to_string())),
                    in_force_on: row.and_then(|r| r.in_force_on.clone()),
                    withdrawn_on: row.and_then(|r| r.withdrawn_on.clone()),
                    sources: row.map(|r| cites.of_all(&r.evidence)).unwrap_or_default(),
                });
            }
        }
        out.push(InitiativeSection {
            id: init.id.clone(),
            title: init.title.clone(),
            form: init.form.clone(),
            adopted_on: init.adopted_on.clone(),
            in_force_on: init.in_force_on.clone(),
            standings,
            status: init.status.clone(),
            proposers: init.proposers.iter().map(|a| named(reg, a)).collect(),
            proposed_on: init.proposed_on.clone(),
            scope: init.scope.iter().map(|a| named(reg, a)).collect(),
            sources: cites.of(init.event_id),
            states,
        });
    }
    out
}

fn matrix(initiatives: &[InitiativeSection]) -> Matrix {
    let mut states: BTreeMap<&String, &String> = BTreeMap::new();
    for line in initiatives.iter().flat_map(|i| &i.states) {
        states.insert(&line.state, &line.name);
    }
    let cells = states
        .keys()
        .map(|s| {
            initiatives
                .iter()
                .map(|i| match i.states.iter().find(|l| l.state == **s) {
                    Some(l) => Cell {
                        position: l.position.clone(),
                        in_scope: l.in_scope,
                        since: l.since.clone(),
                        sources: l.sources.clone(),
                    },
                    None => Cell {
                        position: None,
                        in_scope: false,
                        since: None,
                        sources: Vec::new(),
                    },
                })
                .collect()
        })
        .collect();
    Matrix {
        states: states
            .into_iter()
            .map(|(id, name)| Named {
                id: id.clone(),
                name: name.clone(),
            })
            .collect(),
        initiatives: initiatives
            .iter()
            .map(|i| Named {
                id: i.id.clone(),
                name: i.title.clone(),
            })
            .collect(),
        cells,
    }
}

fn commitment_lines(
    p: &Projection,
    inp: &Inputs,
    reg: &Registry,
    o: &Options,
    acts: &[&TimelineRow],
    cites: &mut Citer,
) -> Vec<CommitmentLine> {
    let mut rows: Vec<_> = p
        .commitments
        .values()
        .filter(|c| {
            o.initiative
                .as_ref()
                .is_none_or(|i| c.initiative.as_ref() == Some(i))
                && o.state.as_ref().is_none_or(|s| c.state == *s)
        })
        .collect();
    rows.sort_by(|a, b| (&a.state, &a.id).cmp(&(&b.state, &b.id)));
    rows.into_iter()
        .map(|c| {
            // The commitment itself, then its reports and fulfilment in date order.
            let mut events = vec![c.event_id];
            events.extend(
                acts.iter()
                    .filter(|t| {
                        t.actors.contains(&c.state)
                            && inp
                                .details
                                .get(&t.event_id)
                                .and_then(|d| d.commitment.as_ref())
                                == Some(&c.id)
                    })
                    .map(|t| t.event_id),
            );
            CommitmentLine {
                id: c.id.clone(),
                state: c.state.clone(),
                name: reg.name_of(&c.state).to_string(),
                initiative: c.initiative.clone(),
                text: c.text.clone(),
                made_on: c.made_on.clone(),
                deadline: c.deadline,
                status: c.status_on(o.day).to_string(),
                stale: c.is_stale(o.day),
                days_since_last_report: c.days_since_last_report(o.day),
                progress_percent: c.progress_percent,
                progress_text: c.progress_text.clone(),
                last_report_on: c.last_report_on.clone(),
                sources: cites.of_all(&events),
                event_id: c.event_id,
            }
        })
        .collect()
}

fn meeting_sections(
    p: &Projection,
    reg: &Registry,
    o: &Options,
    cites: &mut Citer,
) -> Vec<MeetingSection> {
    let order: BTreeMap<Uuid, (&str, i64)> = p
        .timeline
        .values()
        .map(|t| (t.event_id, (t.sort_key.as_str(), t.log_position)))
        .collect();
    let mut rows: Vec<&MeetingRow> = p.meetings.values().filter(|x| o.keeps_meeting(x)).collect();
    rows.sort_by_key(|x| (order.get(&x.event_id).copied(), x.id.clone()));
    rows.into_iter()
        .map(|x| MeetingSection {
            id: x.id.clone(),
            title: x.title.clone(),
            format: x.format.as_str().to_string(),
            host: x.host.as_deref().map(|h| named(reg, h)),
            held_on: x.held_on.clone(),
            venue: x.venue.clone(),
            organisers: x.organisers.iter().map(|a| named(reg, a)).collect(),
            participants: x
                .participants
                .iter()
                .map(|part| ParticipantLine {
                    actor: part.actor.as_deref().map(|a| named(reg, a)),
                    person: part.person.clone(),
                    role: part.role.clone(),
                })
                .collect(),
            topics: x.topics.clone(),
            initiatives: x.initiatives.clone(),
            outcome: x.outcome.clone(),
            sources: cites.of(x.event_id),
            event_id: x.event_id,
        })
        .collect()
}
