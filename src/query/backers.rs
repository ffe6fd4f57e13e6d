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
    /// On a treaty: `not_signed`, `adopted`, `signed`, `ratified`, `in_force` or
    /// `withdrawn` (null on other initiatives), with the date of each step as given.
    pub standing: Option<String>,
    pub signed_on: Option<String>,
    pub ratified_on: Option<String>,
    /// `ratification`, `acceptance`, `approval` or `accession`.
    pub consent: Option<String>,
    pub in_force_on: Option<String>,
    pub withdrawn_on: Option<String>,
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
    /// `initiative`, or a treaty's form (`convention`, `protocol`, `declaration`…).
    pub form: String,
    /// A treaty's adoption and entry into force, as given.
    pub adopted_on: Option<String>,
    pub in_force_on: Option<String>,
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
    let range = (id.to_string(), String::new())..;
    let with_rows = p
        .positions
        .range(range.clone())
        .take_while(|((i, _), _)| i == id)
        .map(|((_, s), _)| s)
        .chain(
            p.standings
                .range(range)
                .take_while(|((i, _), _)| i == id)
                .map(|((_, s), _)| s),
        );
    for s in with_rows {
        if !listed.contains(&s) {
            listed.push(s);
        }
    }
    for s in listed {
        let row = p.positions.get(&(id.to_string(), s.clone()));
        let st = p.standings.get(&(id.to_string(), s.clone()));
        let mut evidence = row.map(|r| r.evidence.clone()).unwrap_or_default();
        for e in st.iter().flat_map(|r| &r.evidence) {
            if !evidence.contains(e) {
                evidence.push(*e);
            }
        }
        let nums = cites.numbers(p, &evidence);
        states.push(Backer {
            state: s.clone(),
            name: reg.name_of(s).to_string(),
            in_scope: init.scope.contains(s),
            position: row.map(|r| r.position.as_str().to_string()),
            since: row.map(|r| r.since.clone()),
            date_note: row
                .and_then(|r| r.since.parse::<crate::domain::ActDate>().ok())
                .and_then(|d| d.explain()),
            evidence,
            sources: nums,
            standing: init.is_treaty().then(|| {
                st.map(|r| r.standing.as_str())
                    .unwrap_or("not_signed")
                    .to_string()
            }),
            signed_on: st.and_then(|r| r.signed_on.clone()),
            ratified_on: st.and_then(|r| r.ratified_on.clone()),
            consent: st.and_then(|r| r.consent.map(|c| c.as_str().to_string())),
            in_force_on: st.and_then(|r| r.in_force_on.clone()),
            withdrawn_on: st.and_then(|r| r.withdrawn_on.clone()),
        });
    }
    // Order: positions first (proposer, supports, committed, opposes, withdrawn), then silent,
    // by code; on a treaty by standing (in force, ratified, signed, adopted, withdrawn, not signed).
    states.sort_by_key(|b| {
        let rank = match b.standing.as_deref().or(b.position.as_deref()) {
            Some("in_force") => 0,
            Some("ratified") => 1,
            Some("signed") | Some("adopted") => 2,
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
        form: init.form.clone(),
        adopted_on: init.adopted_on.clone(),
        in_force_on: init.in_force_on.clone(),
        scope: init.scope.clone(),
        as_of,
        states,
        sources: cites.list,
        uncertain,
    })
}
