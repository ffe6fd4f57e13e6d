//! `timeline`: the acts in the order they happened, filtered by state,
//! initiative and a date window (retracted acts are not on it).

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::picture::picture;
use crate::domain::ActDate;
use crate::error::Result;
use crate::store::{RowSelect, Store};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TimelineLine {
    pub date: String,
    pub kind: String,
    pub actors: Vec<String>,
    pub initiative: Option<String>,
    pub summary: String,
    pub event_id: Uuid,
    pub amended: bool,
}

/// Which acts to list.
#[derive(Debug, Clone, Default)]
pub struct TimelineFilter {
    pub state: Option<String>,
    pub initiative: Option<String>,
    /// Acts that may have happened on or after this day.
    pub since: Option<NaiveDate>,
    /// Acts that certainly happened by this day.
    pub until: Option<NaiveDate>,
    pub as_of: Option<NaiveDate>,
}

/// The timeline, oldest first.
pub async fn timeline(store: &Store, f: &TimelineFilter) -> Result<Vec<TimelineLine>> {
    let p = picture(store, RowSelect::All, f.as_of).await?;
    let mut rows: Vec<_> = p
        .timeline
        .values()
        .filter(|t| f.state.as_ref().is_none_or(|s| t.actors.contains(s)))
        .filter(|t| {
            f.initiative
                .as_ref()
                .is_none_or(|i| t.initiative.as_ref() == Some(i))
        })
        .filter(|t| {
            let d: Option<ActDate> = t.act_date.parse().ok();
            let Some(d) = d else { return true };
            f.since.is_none_or(|s| d.latest() >= s) && f.until.is_none_or(|u| d.certainly_by(u))
        })
        .collect();
    rows.sort_by(|a, b| {
        a.sort_key
            .cmp(&b.sort_key)
            .then(a.log_position.cmp(&b.log_position))
    });
    Ok(rows
        .into_iter()
        .map(|t| TimelineLine {
            date: t.act_date.clone(),
            kind: t.kind.clone(),
            actors: t.actors.clone(),
            initiative: t.initiative.clone(),
            summary: t.summary.clone(),
            event_id: t.event_id,
            amended: t.amended,
        })
        .collect())
}
