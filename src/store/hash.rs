//! The hash chain: each event's hash covers its whole envelope and the hash of
//! the event before it in global order, so any edit, deletion, insertion or
//! reordering done behind accord's back breaks the chain at that point.

use serde_json::json;
use sha2::{Digest, Sha256};

use crate::domain::event::{StoredEvent, fmt_time};

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn sha(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The hash of what an event states (not where or when it was logged): two
/// appends of the same event id are the same event exactly when these agree.
pub fn content_hash(
    stream: &str,
    kind: &str,
    schema_version: i32,
    date: &str,
    actors: &str,
    body: &str,
) -> String {
    sha(&json!([stream, kind, schema_version, date, actors, body]).to_string())
}

/// The chained hash of a stored event given the previous event's hash.
pub fn chain_hash(e: &StoredEvent, prev_hash: &str) -> String {
    let canonical = json!([
        e.position,
        e.id.to_string(),
        e.stream,
        e.version,
        e.kind.as_str(),
        e.schema_version,
        e.data.date.to_string(),
        e.data.actors.join(" "),
        fmt_time(&e.recorded_at),
        e.recorded_by,
        e.correlation_id.map(|u| u.to_string()),
        e.causation_id.map(|u| u.to_string()),
        e.body,
        e.content_hash,
    ]);
    sha(&format!("{prev_hash}\n{canonical}"))
}
