//! `backers`: who proposes, supports, opposes or withdrew from an initiative,
//! and which states in its scope have no recorded position, each with the
//! date and the sources; as the record stands now or as of a past date.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::cite::{Citations, Cite};
use crate::domain::Registry;
use crate::error::{Error, Result};
use crate::projection::{Projection, fold};
use crate::store::{RowSelect, Store};

/// One state's line in the view.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Backer {
    pub state: String,
    pub name: String,
    pub in_scope: bool,
    /// `proposer`, `supports`, `committed`, `opposes`, `withdrawn`, or null: no recorded position.
    pub position: Option<String>,
    pub since: Option<String>,
    /// How the date is treated by date filters, when it is partial or bounded.
    pub date_note: Option<String>,
    pub evidence: Vec<Uuid>,
    /// Numbers into `sources`.
    pub sources: Vec<usize>,
}

/// The answer to `accord backers`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BackersView {
    pub initiative: String,
    pub title: String,
    pub proposers: Vec<String>,
    /// "Azerbaijan (AZE)" for each proposer.
    pub proposer_names: Vec<String>,
    pub proposed_on: String,
    pub status: String,
    pub scope: Vec<String>,
    pub as_of: Option<NaiveDate>,
    pub states: Vec<Backer>,
    pub sources: Vec<Cite>,
    /// Acts left out of an `--as-of` view because their dates may fall on either side of it.
    pub uncertain: Vec<String>,
}

/// The backers of an initiative (by id), now or as of a day.
pub async fn backers(
    store: &Store,
    reg: &Registry,
    id: &str,
    as_of: Option<NaiveDate>,
) -> Result<BackersView> {
    let stream = format!("initiative/{id}");
    let (rows, uncertain) = match as_of {
        None => (store.rows(&RowSelect::Stream(stream)).await?, Vec::new()),
        Some(d) => {
            let events = store.stream_events(&stream).await?;
            let uncertain = events
                .iter()
                .filter(|e| !e.kind.is_meta() && e.data.date.uncertain_at(d))
                .map(|e| format!("{} ({}, dated {})", e.data.summary(), e.id, e.data.date))
                .collect();
            let mut as_of = fold(events.iter(), Some(d));
            // The initiative is the subject of the question: when its own proposal may fall
            // after the day, show it (its proposal is listed as uncertain) with the positions
            // that certainly held by then.
            if !as_of.initiatives.contains_key(id) {
                let full = fold(events.iter(), None);
                if let Some(row) = full.initiatives.get(id) {
                    let mut row = row.clone();
                    let keep =
                        |s: &String| as_of.positions.contains_key(&(id.to_string(), s.clone()));
                    row.status = "not certainly proposed yet".into();
                    row.supporters = 0;
                    row.opposers = 0;
                    row.withdrawn = 0;
                    row.silent = row.scope.iter().filter(|s| !keep(s)).count() as i64;
                    as_of.initiatives.insert(id.to_string(), row);
                }
            }
            (as_of, uncertain)
        }
    };
    view(&rows, reg, id, as_of, uncertain)
}

fn view(
    p: &Projection,
    reg: &Registry,
    id: &str,
    as_of: Option<NaiveDate>,
    uncertain: Vec<String>,
) -> Result<BackersView> {
    let Some(init) = p.initiatives.get(id) else {
        return Err(Error::NotFound {
            what: match as_of {
                Some(d) => format!("initiative `{id}` as of {d}"),
                None => format!("initiative `{id}`"),
            },
            hint: as_of.map(|_| "it had not certainly been proposed by then".to_string()),
        });
    };
    let mut cites = Citations::default();
    let mut states: Vec<Backer> = Vec::new();
    let mut listed: Vec<&String> = init.scope.iter().collect();
    for ((_, s), _) in p
        .positions
        .range((id.to_string(), String::new())..)
        .take_while(|((i, _), _)| i == id)
    {
        if !listed.contains(&s) {
            listed.push(s);
        }
    }
    for s in listed {
        let row = p.positions.get(&(id.to_string(), s.clone()));
        let nums = row
            .map(|r| cites.numbers(p, &r.evidence))
            .unwrap_or_default();
        states.push(Backer {
            state: s.clone(),
            name: reg.name_of(s).to_string(),
            in_scope: init.scope.contains(s),
            position: row.map(|r| r.position.as_str().to_string()),
            since: row.map(|r| r.since.clone()),
            date_note: row
                .and_then(|r| r.since.parse::<crate::domain::ActDate>().ok())
                .and_then(|d| d.explain()),
            evidence: row.map(|r| r.evidence.clone()).unwrap_or_default(),
            sources: nums,
        });
    }
    // Order: positions first (proposer, supports, committed, opposes, withdrawn), then silent, by code.
    states.sort_by_key(|b| {
        let rank = match b.position.as_deref() {
            Some("proposer") => 0,
            Some("supports") => 1,
            Some("committed") => 2,
            Some("opposes") => 3,
            Some("withdrawn") => 4,
            _ => 5,
        };
        (rank, b.state.clone())
    });
    Ok(BackersView {
        initiative: init.id.clone(),
        title: init.title.clone(),
        proposers: init.proposers.clone(),
        proposer_names: init
            .proposers
            .iter()
            .map(|p| format!("{} ({p})", reg.name_of(p)))
            .collect(),
        proposed_on: init.proposed_on.clone(),
        status: init.status.clone(),
        scope: init.scope.clone(),
        as_of,
        states,
        sources: cites.list,
        uncertain,
    })
}
