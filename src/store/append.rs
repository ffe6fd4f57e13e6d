//! The append algorithm, shared by every backend: in one write transaction,
//! check expected versions and idempotency, recognise an act already recorded
//! (a new source is added to it instead), validate each event against the
//! current picture, chain its hash, insert it, and bring the projections of
//! the streams it touched up to date.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use uuid::Uuid;

use super::backend::WriteTx;
use super::hash::{chain_hash, content_hash};
use super::projector::Projector;
use crate::domain::Registry;
use crate::domain::date::fmt_day;
use crate::domain::event::{EventData, NewEvent, StoredEvent};
use crate::domain::payload::{Payload, SourceAdded};
use crate::domain::validate::{Context, validate, validate_meta};
use crate::error::{Error, Result};

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

impl Appended {
    fn existing(e: &StoredEvent) -> Self {
        Appended {
            id: e.id,
            stream: e.stream.clone(),
            version: e.version,
            position: e.position,
            new: false,
            corroborates: None,
        }
    }
}

/// What to do with an act that may already be recorded: the same kind, actors and
/// subject as a recorded act, with one date containing the other ("on or before
/// 2024-11-12" and "2024-11-12"). The same act on the same date is always
/// recognised; this is about dates that only overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnSimilar {
    /// Record it as a new act (what imports and seeds do).
    #[default]
    NewEvent,
    /// Add its source to the recorded act.
    AddSource,
    /// Refuse with `Error::MaybeRecorded`, so the caller can ask.
    Refuse,
}

/// Options of an append.
#[derive(Debug, Clone)]
pub struct AppendOptions<'a> {
    /// What to do with an act whose date overlaps a recorded one.
    pub on_similar: OnSimilar,
    pub registry: &'a Registry,
    /// Today, for refusing acts dated in the future.
    pub today: NaiveDate,
    /// Validate and compute everything, then roll back instead of committing.
    pub dry_run: bool,
}

/// The stream an event goes to: its own, or its target's for corrections and added sources.
async fn stream_of<T: WriteTx>(
    tx: &mut T,
    ev: &NewEvent,
    batch: &BTreeMap<Uuid, String>,
) -> Result<String> {
    if let Some(s) = ev.data.stream() {
        return Ok(s);
    }
    let target = ev.data.target().expect("meta events have a target");
    if let Some(s) = batch.get(&target) {
        return Ok(s.clone());
    }
    match tx.find(target).await? {
        Some(t) => Ok(t.stream),
        None => Err(Error::NotFound {
            what: format!("event {target}"),
            hint: Some("check the id with `accord events`".into()),
        }),
    }
}

/// What to do with an act that may already be recorded.
enum Same {
    /// Not recorded yet.
    New,
    /// Recorded, from this very source: nothing to append.
    Duplicate(Box<StoredEvent>),
    /// Recorded from another source: add this source to it.
    Corroborates(Uuid),
}

async fn same_act<T: WriteTx>(
    tx: &mut T,
    proj: &mut Projector,
    stream: &str,
    data: &EventData,
    on_similar: OnSimilar,
) -> Result<Same> {
    let Some(key) = data.act_key() else {
        return Ok(Same::New);
    };
    let mut original: Option<StoredEvent> = None;
    // A stream that was empty before this write has no recorded acts to look up.
    let logged = if proj.stream(tx, stream).await?.start_version == 0 {
        Vec::new()
    } else {
        tx.acts_like(
            stream,
            data.kind().as_str(),
            &data.date.to_string(),
            &data.date.sort_key(),
        )
        .await?
    };
    for id in logged {
        if let Some(raw) = tx.find(id).await? {
            let e = raw.decode()?;
            if e.data.act_key().as_deref() == Some(key.as_str()) {
                original = Some(e);
                break;
            }
        }
    }
    let stream_existed = proj.stream(tx, stream).await?.start_version > 0;
    if original.is_none() {
        original = proj.new_event_by_key(stream, &key).cloned();
    }
    let batch = proj.new_events(stream);
    // The same act with an overlapping date (one contains the other).
    let mut similar = false;
    if original.is_none() && on_similar != OnSimilar::NewEvent {
        let undated = data.undated_act_key();
        let overlaps = |e: &EventData| {
            e.undated_act_key() == undated
                && (e.date.contains(&data.date) || data.date.contains(&e.date))
        };
        let ids = if stream_existed {
            let any = data.date.exact_day().is_none();
            // An act that overlaps this one ends on or after this one's first day
            // (timeline rows sort by their last day first).
            let from = data.date.earliest().map(fmt_day).unwrap_or_default();
            tx.acts_loosely_dated(stream, data.kind().as_str(), any, &from)
                .await?
        } else {
            Vec::new()
        };
        for id in ids {
            if let Some(raw) = tx.find(id).await? {
                let e = raw.decode()?;
                if overlaps(&e.data) {
                    original = Some(e);
                    break;
                }
            }
        }
        if original.is_none() {
            original = batch.iter().find(|e| overlaps(&e.data)).cloned();
        }
        similar = original.is_some();
    }
    let Some(original) = original else {
        return Ok(Same::New);
    };
    let Some(src) = data.source.as_ref().map(|s| s.identity()) else {
        return Ok(Same::New);
    };
    let mut known = tx.find_sources_of(original.id).await?;
    known.extend(original.data.source.iter().map(|s| s.identity()));
    known.extend(batch.iter().filter_map(|e| match &e.data.payload {
        Payload::SourceAdded(sa) if sa.target == original.id => {
            e.data.source.as_ref().map(|s| s.identity())
        }
        _ => None,
    }));
    Ok(if known.contains(&src) {
        Same::Duplicate(Box::new(original))
    } else if similar && on_similar == OnSimilar::Refuse {
        return Err(Error::MaybeRecorded {
            existing: original.id,
            summary: original.data.summary(),
            date: original.data.date.to_string(),
        });
    } else {
        Same::Corroborates(original.id)
    })
}

/// Appends events in one transaction: all of them with their projection updates, or none.
pub async fn append<T: WriteTx>(
    mut tx: T,
    events: Vec<NewEvent>,
    expected: &BTreeMap<String, Expected>,
    opts: &AppendOptions<'_>,
) -> Result<Vec<Appended>> {
    let (mut position, mut prev) = tx.head().await?;
    let mut proj = Projector::new(position);
    let mut out = Vec::with_capacity(events.len());
    let mut pending: Vec<StoredEvent> = Vec::with_capacity(events.len());
    let mut batch_ids: BTreeMap<Uuid, String> = BTreeMap::new();
    let referenced: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.data.payload {
            Payload::MeetingHeld(p) => Some(p.initiatives.clone()),
            Payload::TreatyAdopted(t) => t.parent.clone().map(|p| vec![p]),
            _ => None,
        })
        .flatten()
        .collect();
    let mut known = tx.existing_initiatives(&referenced).await?;
    let mut streams: Vec<String> = events.iter().filter_map(|e| e.data.stream()).collect();
    streams.sort();
    streams.dedup();
    proj.prefetch(&mut tx, &streams).await?;
    let ids: Vec<Uuid> = events.iter().map(|e| e.id).collect();
    let present: BTreeMap<Uuid, super::backend::RawEvent> = tx
        .find_many(&ids)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();

    for (index, mut ev) in events.into_iter().enumerate() {
        let at = |e: Error| e.in_event(index, ev.id);
        let stream = stream_of(&mut tx, &ev, &batch_ids).await.map_err(at)?;

        // Idempotency: the same id with the same content is a no-op.
        // The content hash of an event whose body is already serialised.
        let content = |d: &EventData, body: &str| {
            let k = d.kind();
            content_hash(
                &stream,
                k.as_str(),
                k.schema_version(),
                &d.date.to_string(),
                &d.actors.join(" "),
                body,
            )
        };
        if let Some(existing) = present.get(&ev.id).cloned() {
            if existing.content_hash == content(&ev.data, &ev.data.body_json()) {
                out.push(Appended::existing(&existing.decode()?));
                continue;
            }
            // Written under an older kind or schema version (stored bytes differ):
            // the same event when it reads the same.
            let existing = existing.decode()?;
            if existing.stream == stream && existing.data == ev.data {
                out.push(Appended::existing(&existing));
                continue;
            }
            return Err(at(Error::IdClash { id: ev.id }));
        }
        if batch_ids.contains_key(&ev.id) {
            return Err(at(Error::IdClash { id: ev.id }));
        }

        // The same act reported again: add the new source to it rather than record it twice.
        let mut corroborates = None;
        match same_act(&mut tx, &mut proj, &stream, &ev.data, opts.on_similar)
            .await
            .map_err(at)?
        {
            Same::New => {}
            Same::Duplicate(original) => {
                out.push(Appended::existing(&original));
                continue;
            }
            Same::Corroborates(original) => {
                corroborates = Some(original);
                ev.data.payload = Payload::SourceAdded(SourceAdded { target: original });
            }
        }
        let kind = ev.data.kind();

        let w = proj.stream(&mut tx, &stream).await?;
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
            let all = proj.all_events(&mut tx, &stream).await?;
            let target = ev.data.target().expect("meta");
            validate_meta(
                &ev.data,
                all.iter().find(|e| e.id == target),
                &all,
                opts.today,
            )
            .map_err(at)?;
        } else {
            let w = proj.prepare(&mut tx, &stream, &ev.data).await?;
            let ctx = Context {
                registry: opts.registry,
                state: &w.state,
                known_initiatives: &known,
                today: opts.today,
            };
            validate(&ctx, &ev.data).map_err(at)?;
        }

        let w = proj.stream(&mut tx, &stream).await?;
        w.version += 1;
        position += 1;
        let body = ev.data.body_json();
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
            content_hash: content(&ev.data, &body),
            data: ev.data,
            body,
            prev_hash: prev.clone(),
            hash: String::new(),
        };
        stored.hash = chain_hash(&stored, &prev);
        prev = stored.hash.clone();
        pending.push(stored.clone());
        batch_ids.insert(stored.id, stream.clone());
        match &stored.data.payload {
            Payload::InitiativeProposed(p) => {
                known.insert(p.initiative.clone());
            }
            Payload::TreatyAdopted(p) => {
                known.insert(p.treaty.clone());
            }
            _ => {}
        }
        out.push(Appended {
            id: stored.id,
            stream: stream.clone(),
            version: stored.version,
            position: stored.position,
            new: true,
            corroborates,
        });
        proj.record(&mut tx, stored).await?;
    }

    // Events are written together at the end: nothing in the loop reads them back from the log.
    tx.insert_events(&pending).await?;
    proj.finish(&mut tx).await?;
    if !opts.dry_run {
        tx.commit().await?;
    }
    Ok(out)
}
