//! `state`: one state's position on every initiative (including those whose
//! scope names it and where it has said nothing), its commitments with their
//! status on the day asked, its standing on every treaty (signed, ratified,
//! in force…, with dates), and the meetings it held, hosted or took part in.

use chrono::NaiveDate;
use serde::Serialize;

use super::cite::{Citations, Cite};
use super::picture::{judged_on, picture};
use crate::domain::Registry;
use crate::error::Result;
use crate::store::{RowSelect, Store};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StatePosition {
    pub initiative: String,
    pub title: String,
    pub in_scope: bool,
    /// Null: no recorded position.
    pub position: Option<String>,
    pub since: Option<String>,
    pub sources: Vec<usize>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CommitmentLine {
    pub id: String,
    pub initiative: Option<String>,
    pub text: String,
    pub made_on: String,
    pub deadline: Option<NaiveDate>,
    /// pending, overdue, fulfilled or withdrawn, on `judged_on`.
    pub status: String,
    pub progress_percent: Option<i64>,
    pub progress_text: Option<String>,
    pub last_report_on: Option<String>,
    /// No report for over a year (pending commitments only).
    pub stale: bool,
    pub sources: Vec<usize>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MeetingLine {
    pub id: String,
    pub title: String,
    /// panel, summit, ministerial, working_group, bilateral, videoconference,
    /// conference_of_the_parties or other.
    pub format: String,
    pub held_on: String,
    pub venue: Option<String>,
    /// host, party (held it; a panel's: organiser) or participant.
    pub role: String,
    pub sources: Vec<usize>,
}

/// A state's standing on one treaty.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TreatyLine {
    pub treaty: String,
    pub title: String,
    /// convention, protocol, agreement, declaration, memorandum or other.
    pub form: String,
    /// not_signed, adopted, signed, ratified, in_force or withdrawn.
    pub standing: String,
    pub signed_on: Option<String>,
    pub ratified_on: Option<String>,
    /// ratification, acceptance, approval or accession.
    pub consent: Option<String>,
    pub in_force_on: Option<String>,
    pub withdrawn_on: Option<String>,
    pub sources: Vec<usize>,
}

/// The answer to `accord state`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StateView {
    pub state: String,
    pub name: String,
    pub as_of: Option<NaiveDate>,
    pub judged_on: NaiveDate,
    pub positions: Vec<StatePosition>,
    pub commitments: Vec<CommitmentLine>,
    pub treaties: Vec<TreatyLine>,
    pub meetings: Vec<MeetingLine>,
    pub sources: Vec<Cite>,
}

/// A state's standing, now or as of a day.
pub async fn state(
    store: &Store,
    reg: &Registry,
    code: &str,
    as_of: Option<NaiveDate>,
) -> Result<StateView> {
    let p = picture(store, RowSelect::State(code.to_string()), as_of).await?;
    let day = judged_on(as_of);
    let mut cites = Citations::default();
    let mut positions = Vec::new();
    let mut treaties = Vec::new();
    for init in p.initiatives.values().filter(|i| i.is_treaty()) {
        let row = p.standings.get(&(init.id.clone(), code.to_string()));
        if row.is_none() && !init.scope.iter().any(|s| s == code) {
            continue;
        }
        treaties.push(TreatyLine {
            treaty: init.id.clone(),
            title: init.title.clone(),
            form: init.form.clone(),
            standing: row
                .map(|r| r.standing.as_str())
                .unwrap_or("not_signed")
                .to_string(),
            signed_on: row.and_then(|r| r.signed_on.clone()),
            ratified_on: row.and_then(|r| r.ratified_on.clone()),
            consent: row.and_then(|r| r.consent.map(|c| c.as_str().to_string())),
            in_force_on: row.and_then(|r| r.in_force_on.clone()),
            withdrawn_on: row.and_then(|r| r.withdrawn_on.clone()),
            sources: row
                .map(|r| cites.numbers(&p, &r.evidence))
                .unwrap_or_default(),
        });
    }
    for init in p.initiatives.values().filter(|i| !i.is_treaty()) {
        let row = p.positions.get(&(init.id.clone(), code.to_string()));
        let in_scope = init.scope.iter().any(|s| s == code);
        if row.is_none() && !in_scope {
            continue;
        }
        positions.push(StatePosition {
            initiative: init.id.clone(),
            title: init.title.clone(),
            in_scope,
            position: row.map(|r| r.position.as_str().to_string()),
            since: row.map(|r| r.since.clone()),
            sources: row
                .map(|r| cites.numbers(&p, &r.evidence))
                .unwrap_or_default(),
        });
    }
    let mut commitments = Vec::new();
    for c in p.commitments.values().filter(|c| c.state == code) {
        commitments.push(CommitmentLine {
            id: c.id.clone(),
            initiative: c.initiative.clone(),
            text: c.text.clone(),
            made_on: c.made_on.clone(),
            deadline: c.deadline,
            status: c.status_on(day).to_string(),
            progress_percent: c.progress_percent,
            progress_text: c.progress_text.clone(),
            last_report_on: c.last_report_on.clone(),
            stale: c.is_stale(day),
            sources: cites.numbers(&p, &[c.event_id]),
        });
    }
    let mut meetings = Vec::new();
    for pn in p.meetings.values() {
        let role = if pn.host.as_deref() == Some(code) {
            "host"
        } else if pn.organisers.iter().any(|o| o == code) {
            if pn.format == crate::domain::meeting::MeetingFormat::Panel {
                "organiser"
            } else {
                "party"
            }
        } else if pn
            .participants
            .iter()
            .any(|x| x.actor.as_deref() == Some(code))
        {
            "participant"
        } else {
            continue;
        };
        meetings.push(MeetingLine {
            id: pn.id.clone(),
            title: pn.title.clone(),
            format: pn.format.as_str().to_string(),
            held_on: pn.held_on.clone(),
            venue: pn.venue.clone(),
            role: role.into(),
            sources: cites.numbers(&p, &[pn.event_id]),
        });
    }
    Ok(StateView {
        state: code.to_string(),
        name: reg.name_of(code).to_string(),
        as_of,
        judged_on: day,
        positions,
        commitments,
        treaties,
        meetings,
        sources: cites.list,
    })
}
