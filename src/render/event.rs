//! Events for people (one line each, or the whole event) and for programs
//! (every envelope field as JSON).

use serde_json::{Value, json};

use crate::domain::event::{StoredEvent, fmt_time};
use crate::render::table::table;

/// Every envelope field of an event, with the body as a JSON object.
pub fn json(e: &StoredEvent) -> Value {
    let body: Value = serde_json::from_str(&e.body).unwrap_or(Value::String(e.body.clone()));
    let codes = e.kind.codes();
    json!({
        "position": e.position,
        "id": e.id,
        "stream": e.stream,
        "version": e.version,
        "kind": e.kind.as_str(),
        "schema_version": e.schema_version,
        "date": e.data.date.to_string(),
        "actors": e.data.actors,
        "recorded_at": fmt_time(&e.recorded_at),
        "recorded_by": e.recorded_by,
        "correlation_id": e.correlation_id,
        "causation_id": e.causation_id,
        "body": body,
        "cameo": codes.cameo,
        "plover": codes.plover,
        "content_hash": e.content_hash,
        "prev_hash": e.prev_hash,
        "hash": e.hash,
    })
}

/// An event not yet appended, as it would be stored (without log position and hash).
pub fn preview(e: &crate::domain::NewEvent) -> Value {
    let body: Value = serde_json::from_str(&e.data.body_json()).unwrap_or(Value::Null);
    let codes = e.data.kind().codes();
    json!({
        "id": e.id,
        "stream": e.data.stream(),
        "kind": e.data.kind().as_str(),
        "schema_version": e.data.kind().schema_version(),
        "date": e.data.date.to_string(),
        "actors": e.data.actors,
        "recorded_at": fmt_time(&e.recorded_at),
        "recorded_by": e.recorded_by,
        "body": body,
        "cameo": codes.cameo,
        "plover": codes.plover,
    })
}

/// The log as a table, with a mark after some events (e.g. "[retracted by …]").
pub fn list_marked(
    events: &[StoredEvent],
    marks: &std::collections::HashMap<uuid::Uuid, String>,
) -> String {
    let rows = events
        .iter()
        .map(|e| {
            vec![
                e.position.to_string(),
                e.id.to_string()[..8].to_string(),
                e.data.date.to_string(),
                e.kind.as_str().to_string(),
                format!(
                    "{}{}",
                    e.data.summary(),
                    marks.get(&e.id).map(String::as_str).unwrap_or("")
                ),
            ]
        })
        .collect();
    table(&["POS", "ID", "DATE", "KIND", "WHAT"], rows, 80)
}
