//! Moving a store: every event as one JSON Lines record with every envelope
//! field (export), and appending such records to another store (import) with
//! their ids, streams, versions, recording times and bodies kept. Imported
//! into an empty store, the log is identical, hashes included, so an export
//! of it is byte-identical to the original export.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use uuid::Uuid;

use super::backend::WriteTx;
use super::hash::{chain_hash, content_hash};
use super::projector::Projector;
use crate::domain::event::{EventData, StoredEvent, fmt_time};
use crate::error::{Error, Result};

/// One exported event.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record<'a> {
    pub position: i64,
    pub id: Uuid,
    pub stream: String,
    pub version: i64,
    pub kind: String,
    pub schema_version: i32,
    pub date: String,
    pub actors: Vec<String>,
    pub recorded_at: String,
    pub recorded_by: String,
    pub correlation_id: Option<Uuid>,
    pub causation_id: Option<Uuid>,
    #[serde(borrow)]
    pub body: &'a RawValue,
    pub content_hash: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The export line of an event.
pub fn export_line(e: &StoredEvent) -> String {
    let body = RawValue::from_string(e.body.clone()).expect("stored bodies are JSON");
    let r = Record {
        position: e.position,
        id: e.id,
        stream: e.stream.clone(),
        version: e.version,
        kind: e.kind.as_str().to_string(),
        schema_version: e.schema_version,
        date: e.data.date.to_string(),
        actors: e.data.actors.clone(),
        recorded_at: fmt_time(&e.recorded_at),
        recorded_by: e.recorded_by.clone(),
        correlation_id: e.correlation_id,
        causation_id: e.causation_id,
        body: &body,
        content_hash: e.content_hash.clone(),
        prev_hash: e.prev_hash.clone(),
        hash: e.hash.clone(),
    };
    serde_json::to_string(&r).expect("records serialise")
}

/// Reads and checks one export line: the body decodes, the content hash and the
/// chain hash (over the line's own position and previous hash) match.
pub fn read_line(line: &str) -> std::result::Result<StoredEvent, String> {
    let r: Record =
        serde_json::from_str(line).map_err(|e| format!("not an accord export record: {e}"))?;
    let actors = r.actors.join(" ");
    let body = r.body.get().to_string();
    let data = EventData::from_stored(&r.kind, r.schema_version, &r.date, &actors, &body)
        .map_err(|e| e.to_string())?;
    let recorded_at = chrono::DateTime::parse_from_rfc3339(&r.recorded_at)
        .map_err(|e| format!("recorded_at `{}`: {e}", r.recorded_at))?
        .with_timezone(&chrono::Utc);
    let chash = content_hash(
        &r.stream,
        &r.kind,
        r.schema_version,
        &r.date,
        &actors,
        &body,
    );
    if chash != r.content_hash {
        return Err(format!(
            "event {}: its content does not match its content hash (edited after export?)",
            r.id
        ));
    }
    let e = StoredEvent {
        position: r.position,
        id: r.id,
        stream: r.stream,
        version: r.version,
        // The kind as exported (a `panel_held` event stays one; its data reads as a meeting).
        kind: r.kind.parse().unwrap_or(data.kind()),
        schema_version: r.schema_version,
        recorded_at,
        recorded_by: r.recorded_by,
        correlation_id: r.correlation_id,
        causation_id: r.causation_id,
        data,
        body,
        content_hash: r.content_hash,
        prev_hash: r.prev_hash,
        hash: r.hash,
    };
    if chain_hash(&e, &e.prev_hash) != e.hash {
        return Err(format!(
            "event {}: its envelope does not match its hash (edited after export?)",
            e.id
        ));
    }
    if e.data.stream().is_some_and(|s| s != e.stream) {
        return Err(format!(
            "event {}: it belongs to stream {}, not {}",
            e.id,
            e.data.stream().unwrap_or_default(),
            e.stream
        ));
    }
    Ok(e)
}

/// What an import of one batch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub appended: usize,
    pub already_present: usize,
}

/// Appends exported events in one transaction, keeping ids, versions and
/// bodies; events already present (same id, same content) are skipped.
pub async fn import<T: WriteTx>(mut tx: T, events: Vec<StoredEvent>) -> Result<Imported> {
    let (mut position, mut prev) = tx.head().await?;
    let mut proj = Projector::new(position);
    let mut done = Imported::default();
    let mut pending: Vec<StoredEvent> = Vec::new();
    for (index, mut e) in events.into_iter().enumerate() {
        let at = |err: Error| err.in_event(index, e.id);
        if let Some(existing) = tx.find(e.id).await? {
            if existing.content_hash == e.content_hash
                && existing.stream == e.stream
                && existing.version == e.version
            {
                done.already_present += 1;
                continue;
            }
            return Err(at(Error::IdClash { id: e.id }));
        }
        let w = proj.stream(&mut tx, &e.stream).await?;
        if e.version != w.version + 1 {
            return Err(at(Error::invalid(
                format!(
                    "event {} is version {} of stream {}, but the stream is at version {}: events are out of stream order",
                    e.id, e.version, e.stream, w.version
                ),
                "import an export whole and in its order; a store's own export always is",
            )));
        }
        w.version += 1;
        position += 1;
        e.position = position;
        e.prev_hash = prev.clone();
        e.hash = chain_hash(&e, &prev);
        prev = e.hash.clone();
        pending.push(e.clone());
        proj.record(&mut tx, e).await?;
        done.appended += 1;
    }
    tx.insert_events(&pending).await?;
    proj.finish(&mut tx).await?;
    tx.commit().await?;
    Ok(done)
}
