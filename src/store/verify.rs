//! `verify`: recomputes the hash chain over the whole log in global order,
//! checks that positions and every stream's versions run without gaps, and
//! compares the stored projections with a fresh fold of the log. Names the
//! first bad event.

use std::collections::HashMap;

use serde::Serialize;

use super::backend::{Backend, EventFilter, RowSelect};
use super::hash::{GENESIS, chain_hash, content_hash};
use crate::error::{Error, Result};
use crate::projection::fold;

/// What `verify` found.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct VerifyReport {
    pub events: i64,
    pub streams: i64,
    /// The first problem in the log (hash chain, positions, versions), if any.
    pub log_problem: Option<String>,
    /// The first stream whose projections differ from a rebuild, if any.
    pub projection_problem: Option<String>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.log_problem.is_none() && self.projection_problem.is_none()
    }
}

const PAGE: i64 = 2000;

/// Checks the log and the projections.
pub async fn verify<B: Backend>(b: &B) -> Result<VerifyReport> {
    let mut report = VerifyReport::default();
    let mut prev = GENESIS.to_string();
    let mut expected_position = 1;
    let mut versions: HashMap<String, i64> = HashMap::new();
    let mut after = 0;
    'log: loop {
        let page = b
            .events(&EventFilter {
                after,
                limit: Some(PAGE),
                ..Default::default()
            })
            .await?;
        if page.is_empty() {
            break;
        }
        for raw in page {
            after = raw.position;
            report.events += 1;
            let at = format!("event {} at position {}", raw.id, raw.position);
            if raw.position != expected_position {
                report.log_problem = Some(format!(
                    "position {expected_position} is missing (next is {at}): an event was deleted or moved"
                ));
                break 'log;
            }
            expected_position += 1;
            let v = versions.entry(raw.stream.clone()).or_insert(0);
            if raw.version != *v + 1 {
                report.log_problem = Some(format!(
                    "{at}: stream {} jumps from version {} to {}",
                    raw.stream, v, raw.version
                ));
                break 'log;
            }
            *v = raw.version;
            let chash = content_hash(
                &raw.stream,
                &raw.kind,
                raw.schema_version,
                &raw.act_date,
                &raw.actors,
                &raw.body,
            );
            if chash != raw.content_hash {
                report.log_problem = Some(format!(
                    "{at}: its content does not match its hash (edited)"
                ));
                break 'log;
            }
            if raw.prev_hash != prev {
                report.log_problem = Some(format!(
                    "{at}: it does not chain to the event before it (an event was inserted, deleted or reordered)"
                ));
                break 'log;
            }
            let stored_hash = raw.hash.clone();
            let e = match raw.decode() {
                Ok(e) => e,
                Err(err) => {
                    report.log_problem = Some(err.to_string());
                    break 'log;
                }
            };
            if chain_hash(&e, &prev) != stored_hash {
                report.log_problem = Some(format!(
                    "{at}: its envelope does not match its hash (edited)"
                ));
                break 'log;
            }
            prev = stored_hash;
        }
    }

    // Events deleted from the end leave no gap in the chain; the timeline still lists them.
    if report.log_problem.is_none()
        && let Some(max) = b.max_timeline_position().await?
        && max > after
    {
        report.log_problem = Some(format!(
            "position {} is missing: the log ends at position {after} but the timeline lists position {max} (events were deleted from the end)",
            after + 1
        ));
    }

    let (event_streams, row_streams) = b.streams().await?;
    report.streams = event_streams.len() as i64;
    if report.log_problem.is_some() {
        // A rebuild from a log that does not verify would not be the truth
        // either, and an edited event may not even decode.
        return Ok(report);
    }
    for s in &row_streams {
        if event_streams.binary_search(s).is_err() {
            report.projection_problem = Some(format!(
                "projection rows exist for stream {s}, which has no events"
            ));
            return Ok(report);
        }
    }
    for s in &event_streams {
        let events: Vec<_> = b
            .events(&EventFilter {
                stream: Some(s.clone()),
                ..Default::default()
            })
            .await?
            .into_iter()
            .map(|r| r.decode())
            .collect::<Result<_>>()?;
        let expected = fold(events.iter(), None);
        let stored = match b.rows(&RowSelect::Stream(s.clone())).await {
            Ok(rows) => rows,
            // A source row that refers to an event the log does not hold.
            Err(Error::Integrity(why)) => {
                report.projection_problem = Some(format!(
                    "stream {s}: the projection rows cannot be read ({why}); run `accord rebuild` once the log verifies"
                ));
                return Ok(report);
            }
            Err(e) => return Err(e),
        };
        if expected != stored {
            report.projection_problem = Some(describe_difference(s, &expected, &stored));
            return Ok(report);
        }
    }
    Ok(report)
}

fn describe_difference(
    stream: &str,
    expected: &crate::projection::Projection,
    stored: &crate::projection::Projection,
) -> String {
    let d = crate::projection::diff(stored, expected);
    let what = if !d.upsert.timeline.is_empty() || !d.delete.timeline.is_empty() {
        let pos = d
            .upsert
            .timeline
            .keys()
            .chain(d.delete.timeline.iter())
            .min()
            .copied()
            .unwrap_or_default();
        format!("the timeline differs at log position {pos}")
    } else if !d.upsert.positions.is_empty() || !d.delete.positions.is_empty() {
        "positions differ".to_string()
    } else if !d.upsert.initiatives.is_empty() || !d.delete.initiatives.is_empty() {
        "initiatives differ".to_string()
    } else if !d.upsert.commitments.is_empty() || !d.delete.commitments.is_empty() {
        "commitments differ".to_string()
    } else if !d.upsert.meetings.is_empty() || !d.delete.meetings.is_empty() {
        "meetings differ".to_string()
    } else if !d.upsert.standings.is_empty() || !d.delete.standings.is_empty() {
        "treaty standings differ".to_string()
    } else {
        "sources differ".to_string()
    };
    format!(
        "stream {stream}: the projections differ from a rebuild ({what}); run `accord rebuild` once the log verifies"
    )
}
