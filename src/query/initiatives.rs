//! `initiatives`: every initiative with its status and counts of supporters,
//! opposers, withdrawn and silent states in scope.

use chrono::NaiveDate;
use serde::Serialize;

use super::picture::picture;
use crate::domain::Registry;
use crate::error::Result;
use crate::store::{RowSelect, Store};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InitiativeLine {
    pub id: String,
    pub title: String,
    pub proposers: Vec<String>,
    pub proposer_names: Vec<String>,
    pub proposed_on: String,
    pub status: String,
    pub scope: Vec<String>,
    pub supporters: i64,
    pub opposers: i64,
    pub withdrawn: i64,
    pub silent: i64,
}

/// All initiatives, now or as of a day.
pub async fn initiatives(
    store: &Store,
    reg: &Registry,
    as_of: Option<NaiveDate>,
) -> Result<Vec<InitiativeLine>> {
    let select = if as_of.is_some() {
        RowSelect::All
    } else {
        RowSelect::Initiatives
    };
    let p = picture(store, select, as_of).await?;
    Ok(p.initiatives
        .values()
        .map(|r| InitiativeLine {
            id: r.id.clone(),
            title: r.title.clone(),
            proposers: r.proposers.clone(),
            proposer_names: r
                .proposers
                .iter()
                .map(|x| reg.name_of(x).to_string())
                .collect(),
            proposed_on: r.proposed_on.clone(),
            status: r.status.clone(),
            scope: r.scope.clone(),
            supporters: r.supporters,
            opposers: r.opposers,
            withdrawn: r.withdrawn,
            silent: r.silent,
        })
        .collect())
}
