//! Reading what a report is built from: the projection rows as they stand
//! (or the fold of the whole log as of a day) and, from the acts themselves
//! after corrections, who spoke, on what occasion, and which commitment a
//! report is about.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use uuid::Uuid;

use super::build::{ActDetail, Inputs, Uncertain};
use crate::domain::event::{EventData, StoredEvent};
use crate::domain::payload::Payload;
use crate::error::Result;
use crate::projection::fold;
use crate::projection::fold::Corrections;
use crate::store::{EventFilter, RowSelect, Store};

/// The inputs of a report: the record as it stands, or as of a day.
pub async fn load(store: &Store, as_of: Option<NaiveDate>) -> Result<Inputs> {
    let events = store.events(&EventFilter::default()).await?;
    match as_of {
        None => Ok(Inputs {
            projection: store.rows(&RowSelect::All).await?,
            details: details(&events),
            uncertain: Vec::new(),
        }),
        Some(d) => Ok(inputs_as_of(&events, d)),
    }
}

/// The acts (not corrections or added sources) with their content after corrections, in log
/// order; retracted acts are left out.
fn effective(events: &[StoredEvent]) -> Vec<(&StoredEvent, std::borrow::Cow<'_, EventData>)> {
    let (corr, all) = Corrections::collect(events);
    all.into_iter()
        .filter(|e| !e.kind.is_meta() && !corr.retracted.contains(&e.id))
        .map(|e| {
            let data = match corr.amended.get(&e.id) {
                Some(d) => std::borrow::Cow::Owned(d.clone()),
                None => std::borrow::Cow::Borrowed(&e.data),
            };
            (e, data)
        })
        .collect()
}

/// Speakers, occasions and commitment ids of the acts.
pub fn details(events: &[StoredEvent]) -> BTreeMap<Uuid, ActDetail> {
    effective(events)
        .into_iter()
        .map(|(e, d)| {
            let commitment = match &d.payload {
                Payload::ProgressReported(x) => Some(x.commitment.clone()),
                Payload::CommitmentFulfilled(x) => Some(x.commitment.clone()),
                _ => None,
            };
            let speaker = d.speaker.as_ref().map(|s| match &s.role {
                Some(r) => format!("{} ({r})", s.name),
                None => s.name.clone(),
            });
            (
                e.id,
                ActDetail {
                    speaker,
                    occasion: d.occasion.clone(),
                    commitment,
                },
            )
        })
        .collect()
}

/// The inputs as of a day, from the whole log: acts that certainly happened by then.
/// An initiative whose proposal may fall after the day but on which positions
/// already held is shown with status `not_certainly_proposed`.
pub fn inputs_as_of(events: &[StoredEvent], day: NaiveDate) -> Inputs {
    let mut projection = fold(events.iter(), Some(day));
    let orphans: Vec<String> = projection
        .positions
        .keys()
        .map(|(i, _)| i.clone())
        .filter(|i| !projection.initiatives.contains_key(i))
        .collect();
    if !orphans.is_empty() {
        let full = fold(events.iter(), None);
        for id in orphans {
            if let Some(row) = full.initiatives.get(&id) {
                let mut row = row.clone();
                row.status = "not_certainly_proposed".into();
                projection.initiatives.insert(id, row);
            }
        }
    }
    let mut uncertain: Vec<(String, i64, Uncertain)> = effective(events)
        .into_iter()
        .filter(|(_, d)| d.date.uncertain_at(day))
        .map(|(e, d)| {
            (
                d.date.sort_key(),
                e.position,
                Uncertain {
                    date: d.date.to_string(),
                    summary: d.summary(),
                    event_id: e.id,
                    actors: d.actors.clone(),
                    initiative: d.payload.initiative().map(str::to_string),
                },
            )
        })
        .collect();
    uncertain.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    Inputs {
        projection,
        details: details(events),
        uncertain: uncertain.into_iter().map(|(_, _, u)| u).collect(),
    }
}
