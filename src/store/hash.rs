//! The hash chain: each event's hash covers its whole envelope and the hash of
//! the event before it in global order, so any edit, deletion, insertion or
//! reordering done behind accord's back breaks the chain at that point.

use sha2::{Digest, Sha256};

use crate::domain::event::{StoredEvent, fmt_time};

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// SHA-256 of `prefix` followed by `fields` as a compact JSON array, written
/// straight into the hasher (the bytes are those of the array as a JSON value).
fn sha(prefix: &str, fields: &impl serde::Serialize) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prefix.as_bytes());
    // Writing into a hasher cannot fail, and the fields are strings and numbers.
    let _ = serde_json::to_writer(&mut hasher, fields);
    hex::encode(hasher.finalize())
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
    sha("", &(stream, kind, schema_version, date, actors, body))
}

/// The chained hash of a stored event given the previous event's hash.
pub fn chain_hash(e: &StoredEvent, prev_hash: &str) -> String {
    let canonical = (
        e.position,
        e.id.hyphenated(),
        &e.stream,
        e.version,
        e.kind.as_str(),
        e.schema_version,
        e.data.date.to_string(),
        e.data.actors.join(" "),
        fmt_time(&e.recorded_at),
        &e.recorded_by,
        e.correlation_id.map(|u| u.hyphenated()),
        e.causation_id.map(|u| u.hyphenated()),
        &e.body,
        &e.content_hash,
    );
    sha(&format!("{prev_hash}\n"), &canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hashes are stored: they must stay those of the JSON value the first
    /// version built (`json!([...]).to_string()`), escapes included.
    #[test]
    fn hashes_are_those_of_the_json_array_as_a_value() {
        let body = "{\"quote\":\"\\u0007 «Каспий» \\\"q\\\" \\n tab\\t 🌊\"}";
        let value = serde_json::json!([
            "initiative/x",
            "support_declared",
            2,
            "2024-11",
            "AZE KAZ",
            body
        ]);
        let want = hex::encode(Sha256::digest(value.to_string().as_bytes()));
        assert_eq!(
            content_hash(
                "initiative/x",
                "support_declared",
                2,
                "2024-11",
                "AZE KAZ",
                body
            ),
            want
        );
        let id = uuid::Uuid::now_v7();
        let value = serde_json::json!([7, id.to_string(), null, "x\u{1}"]);
        let want = hex::encode(Sha256::digest(format!("prev\n{value}").as_bytes()));
        let fields = (7, id.hyphenated(), None::<uuid::fmt::Hyphenated>, "x\u{1}");
        assert_eq!(sha("prev\n", &fields), want);
    }
}
