//! The append algorithm, shared by every backend: in one write transaction,
//! check expected versions and idempotency, validate each event against the
//! current picture, chain its hash, insert it, and bring the projections of
//! the streams it touched up to date.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use uuid::Uuid;

use super::backend::{RawEvent, WriteTx};
use super::hash::{chain_hash, content_hash};
use crate::domain::Registry;
use crate::domain::event::{NewEvent, StoredEvent};
use crate::domain::payload::Payload;
use crate::domain::validate::{Context, validate, validate_meta};
use crate::error::{Error, Result};
use crate::projection::fold::Act;
use crate::projection::{Projection, apply, diff, finalize, fold};

/// The version a caller expects a stream to be at before its append.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// Append whatever the version.
    Any,
    /// The stream must not exist yet.
    NoStream,
    /// The stream must be at exactly this version.
    Exactly(i64),
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Expected::Any => write!(f, "any version"),
            Expected::NoStream => write!(f, "no stream"),
            Expected::Exactly(v) => write!(f, "version {v}"),
        }
    }
}

/// What happened to one event of an append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// The event appended, or the event already recorded.
    pub id: Uuid,
    pub stream: String,
    pub version: i64,
    pub position: i64,
    /// False when nothing new was appended (the same event, or the same act from the same source).
    pub new: bool,
    /// Set when the act was already recorded from another source and this one was added to it
    /// (the id of that act; `id` is then the `source_added` event).
    pub corroborates: Option<Uuid>,
}

/// Options of an append.
#[derive(Debug, Clone)]
pub struct AppendOptions<'a> {
    pub registry: &'a Registry,
    /// Today, for refusing acts dated in the future.
    pub today: NaiveDate,
    /// Validate and compute everything, then roll back instead of committing.
    pub dry_run: bool,
}

struct StreamWork {
    version: i64,
    expected_checked: bool,
    /// Rows loaded before the append (without the timeline).
    before: Projection,
    /// The stream's rows as of now, for validation (incremental mode).
    state: Projection,
    /// The stream's events from the log, loaded when a refold is needed.
    logged: Option<Vec<StoredEvent>>,
    new: Vec<StoredEvent>,
    max_sort: Option<String>,
    refold: bool,
}

fn decode_all(raw: Vec<RawEvent>) -> Result<Vec<StoredEvent>> {
    raw.into_iter().map(RawEvent::decode).collect()
}

/// The stream's events logged at or before a global position.
async fn logged_before<T: WriteTx>(
    tx: &mut T,
    stream: &str,
    position: i64,
) -> Result<Vec<StoredEvent>> {
    let raw = tx.stream_events(stream).await?;
    decode_all(raw.into_iter().filter(|e| e.position <= position).collect())
}

/// Appends events in one transaction: all of them with their projection updates, or none.
pub async fn append<T: WriteTx>(
    mut tx: T,
    events: Vec<NewEvent>,
    expected: &BTreeMap<String, Expected>,
    opts: &AppendOptions<'_>,
) -> Result<Vec<Appended>> {
    let (mut position, mut prev) = tx.head().await?;
    // Events logged before this append; the batch's own events are kept in `new`.
    let start = position;
    let mut work: BTreeMap<String, StreamWork> = BTreeMap::new();
    let mut out = Vec::with_capacity(events.len());
    let mut batch_ids: BTreeMap<Uuid, String> = BTreeMap::new();
    let referenced: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.data.payload {
            Payload::PanelHeld(p) => Some(p.initiatives.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    let mut known = tx.existing_initiatives(&referenced).await?;

    for (index, ev) in events.into_iter().enumerate() {
        let ev_id = ev.id;
        let body = ev.data.body_json();
        let date = ev.data.date.to_string();
        let actors = ev.data.actors.join(" ");
        let kind = ev.data.kind();

        // The stream: from the event, or from the event it is about.
        let stream = match ev.data.stream() {
            Some(s) => s,
            None => {
                let target = ev.data.target().expect("meta events have a target");
                match batch_ids.get(&target) {
                    Some(s) => s.clone(),
                    None => match tx.find(target).await? {
                        Some(t) => t.stream,
                        None => {
                            return Err(Error::NotFound {
                                what: format!("event {target}"),
                                hint: Some("check the id with `accord events`".into()),
                            }
                            .in_event(index, ev_id));
                        }
                    },
                }
            }
        };
        let chash = content_hash(
            &stream,
            kind.as_str(),
            kind.schema_version(),
            &date,
            &actors,
            &body,
        );

        // Idempotency: the same id with the same content is a no-op.
        if let Some(existing) = tx.find(ev.id).await? {
            if existing.content_hash == chash {
                out.push(Appended {
                    id: ev.id,
                    stream: existing.stream,
                    version: existing.version,
                    position: existing.position,
                    new: false,
                    corroborates: None,
                });
                continue;
            }
            return Err(Error::IdClash { id: ev.id }.in_event(index, ev_id));
        }
        if batch_ids.contains_key(&ev.id) {
            return Err(Error::IdClash { id: ev.id });
        }

        // The same act reported again: add the new source to it rather than record it twice.
        let mut ev = ev;
        let mut corroborates = None;
        if let Some(key) = ev.data.act_key() {
            let mut same: Option<StoredEvent> = None;
            for id in tx.acts_like(&stream, kind.as_str(), &date).await? {
                if let Some(raw) = tx.find(id).await? {
                    let e = raw.decode()?;
                    if e.data.act_key().as_deref() == Some(key.as_str()) {
                        same = Some(e);
                        break;
                    }
                }
            }
            if same.is_none() {
                same = work
                    .get(&stream)
                    .and_then(|w| {
                        w.new
                            .iter()
                            .find(|e| e.data.act_key().as_deref() == Some(key.as_str()))
                    })
                    .cloned();
            }
            if let Some(original) = same {
                let src = ev.data.source.clone();
                let known = tx
                    .find_sources_of(original.id)
                    .await?
                    .into_iter()
                    .chain(work.get(&stream).into_iter().flat_map(|w| {
                        w.new.iter().filter_map(|e| match &e.data.payload {
                            Payload::SourceAdded(sa) if sa.target == original.id => {
                                e.data.source.as_ref().map(|s| s.identity())
                            }
                            _ => None,
                        })
                    }))
                    .chain(original.data.source.iter().map(|s| s.identity()))
                    .any(|id| src.as_ref().is_some_and(|s| s.identity() == id));
                if known {
                    out.push(Appended {
                        id: original.id,
                        stream: original.stream.clone(),
                        version: original.version,
                        position: original.position,
                        new: false,
                        corroborates: None,
                    });
                    continue;
                }
                corroborates = Some(original.id);
                ev.data = crate::domain::event::EventData {
                    date: ev.data.date,
                    actors: ev.data.actors.clone(),
                    payload: Payload::SourceAdded(crate::domain::payload::SourceAdded {
                        target: original.id,
                    }),
                    speaker: ev.data.speaker.clone(),
                    occasion: ev.data.occasion.clone(),
                    source: src,
                };
            }
        }
        let kind = ev.data.kind();
        let body = if corroborates.is_some() {
            ev.data.body_json()
        } else {
            body
        };
        let chash = if corroborates.is_some() {
            content_hash(
                &stream,
                kind.as_str(),
                kind.schema_version(),
                &date,
                &actors,
                &body,
            )
        } else {
            chash
        };

        if !work.contains_key(&stream) {
            let version = tx.stream_version(&stream).await?;
            let before = tx.stream_rows(&stream, false).await?;
            let max_sort = tx.stream_max_sort_key(&stream).await?;
            work.insert(
                stream.clone(),
                StreamWork {
                    version,
                    expected_checked: false,
                    state: before.clone(),
                    before,
                    logged: None,
                    new: Vec::new(),
                    max_sort,
                    refold: false,
                },
            );
        }
        let w = work.get_mut(&stream).expect("inserted");
        if !w.expected_checked {
            w.expected_checked = true;
            let want = expected.get(&stream).copied().unwrap_or(Expected::Any);
            let ok = match want {
                Expected::Any => true,
                Expected::NoStream => w.version == 0,
                Expected::Exactly(v) => w.version == v,
            };
            if !ok {
                return Err(Error::Conflict {
                    stream,
                    expected: want.to_string(),
                    actual: w.version,
                });
            }
        }

        // Validation against the stream as it stands, this batch included.
        if kind.is_meta() {
            if w.logged.is_none() {
                w.logged = Some(logged_before(&mut tx, &stream, start).await?);
            }
            let all: Vec<StoredEvent> = w
                .logged
                .iter()
                .flatten()
                .chain(w.new.iter())
                .cloned()
                .collect();
            let target = ev.data.target().expect("meta");
            validate_meta(
                &ev.data,
                all.iter().find(|e| e.id == target),
                &all,
                opts.today,
            )
            .map_err(|e| e.in_event(index, ev_id))?;
        } else {
            let ctx = Context {
                registry: opts.registry,
                state: &w.state,
                known_initiatives: &known,
                today: opts.today,
            };
            validate(&ctx, &ev.data).map_err(|e| e.in_event(index, ev_id))?;
        }

        position += 1;
        w.version += 1;
        let mut stored = StoredEvent {
            position,
            id: ev.id,
            stream: stream.clone(),
            version: w.version,
            kind,
            schema_version: kind.schema_version(),
            recorded_at: ev.recorded_at,
            recorded_by: ev.recorded_by,
            correlation_id: ev.correlation_id,
            causation_id: ev.causation_id,
            data: ev.data,
            body,
            content_hash: chash,
            prev_hash: prev.clone(),
            hash: String::new(),
        };
        stored.hash = chain_hash(&stored, &prev);
        prev = stored.hash.clone();
        tx.insert_event(&stored).await?;
        batch_ids.insert(stored.id, stream.clone());
        if let Payload::InitiativeProposed(p) = &stored.data.payload {
            known.insert(p.initiative.clone());
        }

        // Projection: apply in place when the act is the stream's latest; else refold.
        let sort = stored.data.date.sort_key();
        let in_order = !kind.is_meta() && w.max_sort.as_ref().is_none_or(|m| *m <= sort);
        if in_order && !w.refold {
            apply(
                &mut w.state,
                &Act {
                    id: stored.id,
                    position: stored.position,
                    stream: &stored.stream,
                    data: std::borrow::Cow::Borrowed(&stored.data),
                    amended: false,
                },
            );
            finalize(&mut w.state);
            w.max_sort = Some(sort);
            w.new.push(stored);
        } else {
            w.refold = true;
            w.new.push(stored);
            if w.logged.is_none() {
                w.logged = Some(logged_before(&mut tx, &stream, start).await?);
            }
            let logged = w.logged.as_ref().expect("loaded");
            w.state = fold(logged.iter().chain(w.new.iter()), None);
            w.max_sort = w.state.timeline.values().map(|t| t.sort_key.clone()).max();
        }
        let last = w.new.last().expect("pushed");
        out.push(Appended {
            id: last.id,
            stream: last.stream.clone(),
            version: last.version,
            position: last.position,
            new: true,
            corroborates,
        });
    }

    for (stream, w) in work {
        if w.new.is_empty() {
            continue;
        }
        let delta = if w.refold {
            let before = tx.stream_rows(&stream, true).await?;
            diff(&before, &w.state)
        } else {
            diff(&w.before, &w.state)
        };
        tx.write_rows(&delta).await?;
    }
    if !opts.dry_run {
        tx.commit().await?;
    }
    Ok(out)
}

/// Rebuilds every projection from the log, stream by stream, in one transaction.
pub async fn rebuild<T: WriteTx>(mut tx: T) -> Result<RebuildReport> {
    tx.clear_projections().await?;
    let mut report = RebuildReport::default();
    for stream in tx.streams().await? {
        let events = decode_all(tx.stream_events(&stream).await?)?;
        report.events += events.len() as i64;
        report.streams += 1;
        let p = fold(events.iter(), None);
        report.rows += p.row_count() as i64;
        tx.write_rows(&crate::projection::Delta {
            upsert: p,
            ..Default::default()
        })
        .await?;
    }
    tx.commit().await?;
    Ok(report)
}

/// What a rebuild did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RebuildReport {
    pub events: i64,
    pub streams: i64,
    pub rows: i64,
}
