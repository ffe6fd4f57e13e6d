//! `state`: one state's position on every initiative (including those whose
//! scope names it and where it has said nothing), its commitments with their
//! status on the day asked, and the panels it organised or took part in.

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
pub struct PanelLine {
    pub id: String,
    pub title: String,
    pub held_on: String,
    pub venue: Option<String>,
    /// organiser or participant.
    pub role: String,
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
    pub panels: Vec<PanelLine>,
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
    for init in p.initiatives.values() {
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
    let mut panels = Vec::new();
    for pn in p.panels.values() {
        let role = if pn.organisers.iter().any(|o| o == code) {
            "organiser"
        } else if pn
            .participants
            .iter()
            .any(|x| x.actor.as_deref() == Some(code))
        {
            "participant"
        } else {
            continue;
        };
        panels.push(PanelLine {
            id: pn.id.clone(),
            title: pn.title.clone(),
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
        panels,
        sources: cites.list,
    })
}
