//! What a database backend provides: a write transaction with the primitive
//! operations the shared append, rebuild and verify algorithms use, and the
//! reads the queries use. SQLite and PostgreSQL each implement this.

// The traits are implemented and used only inside accord, on a current-thread runtime.
#![allow(async_fn_in_trait)]

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::event::{EventData, StoredEvent};
use crate::error::{Error, Result};
use crate::projection::{Census, Delta, Projection, SourceRow};

/// An event row exactly as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEvent {
    pub position: i64,
    pub id: Uuid,
    pub stream: String,
    pub version: i64,
    pub kind: String,
    pub schema_version: i32,
    pub act_date: String,
    pub actors: String,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
    pub correlation_id: Option<Uuid>,
    pub causation_id: Option<Uuid>,
    pub body: String,
    pub content_hash: String,
    pub prev_hash: String,
    pub hash: String,
}

impl RawEvent {
    /// Reads the typed event (upcasting older schema versions).
    pub fn decode(self) -> Result<StoredEvent> {
        let data = EventData::from_stored(
            &self.kind,
            self.schema_version,
            &self.act_date,
            &self.actors,
            &self.body,
        )
        .map_err(|e| {
            Error::Integrity(format!(
                "event {} at position {} cannot be read: {e}",
                self.id, self.position
            ))
        })?;
        Ok(StoredEvent {
            position: self.position,
            id: self.id,
            stream: self.stream,
            version: self.version,
            // The kind as stored (a `panel_held` event stays one; its data reads as a meeting).
            kind: self.kind.parse().unwrap_or(data.kind()),
            schema_version: self.schema_version,
            recorded_at: self.recorded_at,
            recorded_by: self.recorded_by,
            correlation_id: self.correlation_id,
            causation_id: self.causation_id,
            data,
            body: self.body,
            content_hash: self.content_hash,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

/// Which events to read.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub stream: Option<String>,
    pub kind: Option<String>,
    pub actor: Option<String>,
    /// Only events after this global position.
    pub after: i64,
    pub limit: Option<i64>,
}

/// Which projection rows to read.
#[derive(Debug, Clone)]
pub enum RowSelect {
    All,
    /// The initiatives table only.
    Initiatives,
    Stream(String),
    /// Rows of every initiative stream in which this state holds a position
    /// or commitment, or is in scope; plus panels it took part in.
    State(String),
}

/// The primitive operations of a write transaction (appends are serialised:
/// the transaction holds the store's write lock from its start).
pub trait WriteTx {
    /// The last global position and its hash (0 and the genesis hash when empty).
    async fn head(&mut self) -> Result<(i64, String)>;
    /// The stream's current version (0 when it has no events).
    async fn stream_version(&mut self, stream: &str) -> Result<i64>;
    /// The versions of the streams among these that have events (absent: no events).
    async fn stream_versions(
        &mut self,
        streams: &[String],
    ) -> Result<std::collections::BTreeMap<String, i64>>;
    /// Whether any act on the stream's timeline dated after `sort_key` is of one of
    /// these kinds or has one of these actors.
    async fn later_acts_touch(
        &mut self,
        stream: &str,
        sort_key: &str,
        kinds: &[&str],
        actors: &[String],
    ) -> Result<bool>;
    /// The latest date sort key among the stream's acts on the timeline.
    async fn stream_max_sort_key(&mut self, stream: &str) -> Result<Option<String>>;
    /// Ids of the acts on a stream's timeline with this kind and date (`sort_key`
    /// is the date's, which only that date has: it lets the index find them).
    async fn acts_like(
        &mut self,
        stream: &str,
        kind: &str,
        act_date: &str,
        sort_key: &str,
    ) -> Result<Vec<Uuid>>;
    /// Ids of the acts on a stream's timeline with this kind whose date is partial or
    /// bounded (not a single day), or with `any_date` all acts of the kind; only
    /// those whose latest day is on or after the day `from` (empty: any).
    async fn acts_loosely_dated(
        &mut self,
        stream: &str,
        kind: &str,
        any_date: bool,
        from: &str,
    ) -> Result<Vec<Uuid>>;
    /// The identities of the sources recorded for an act (see `Source::identity`).
    async fn find_sources_of(&mut self, event: Uuid) -> Result<Vec<String>>;
    /// The events among these ids that are already in the log.
    async fn find_many(&mut self, ids: &[Uuid]) -> Result<Vec<RawEvent>>;
    /// An event by id.
    async fn find(&mut self, id: Uuid) -> Result<Option<RawEvent>>;
    /// All events of a stream in version order.
    async fn stream_events(&mut self, stream: &str) -> Result<Vec<RawEvent>>;
    /// The projection rows of a stream; its timeline and sources only when `full`.
    async fn stream_rows(&mut self, stream: &str, full: bool) -> Result<Projection>;
    /// Some of a stream's projection rows: its initiatives, the positions these
    /// actors hold on them, and these actors' commitments in the stream.
    async fn stream_rows_of(&mut self, stream: &str, actors: &[String]) -> Result<Projection>;
    /// The positions these states hold on an initiative (none: no row), read
    /// without the rest of their rows.
    async fn positions_held(&mut self, initiative: &str, states: &[String]) -> Result<Census>;
    /// Every source row (all ordinals) of these acts.
    async fn sources_of_events(&mut self, events: &[Uuid]) -> Result<Vec<SourceRow>>;
    /// Which of these initiative ids exist.
    async fn existing_initiatives(&mut self, ids: &[String]) -> Result<BTreeSet<String>>;
    /// Up to `limit` events in (stream, version) order, starting after `after`
    /// (a stream and a version; an empty stream name starts at the beginning).
    async fn events_page(&mut self, after: &(String, i64), limit: i64) -> Result<Vec<RawEvent>>;
    /// Inserts events (in position order) with multi-row statements.
    async fn insert_events(&mut self, events: &[StoredEvent]) -> Result<()>;
    async fn write_rows(&mut self, delta: &Delta) -> Result<()>;
    /// Deletes every projection row.
    async fn clear_projections(&mut self) -> Result<()>;
    /// Drops the projection tables' secondary indexes (the primary keys, which the
    /// upserts need, stay) and returns the statements that create them again.
    async fn drop_projection_indexes(&mut self) -> Result<Vec<String>>;
    /// Runs statements returned by `drop_projection_indexes`.
    async fn create_indexes(&mut self, statements: &[String]) -> Result<()>;
    async fn commit(self) -> Result<()>;
}

/// A database backend.
pub trait Backend {
    type Tx<'a>: WriteTx
    where
        Self: 'a;
    /// Begins a write transaction holding the write lock.
    async fn begin(&self) -> Result<Self::Tx<'_>>;
    /// Events in global order.
    async fn events(&self, f: &EventFilter) -> Result<Vec<RawEvent>>;
    async fn event(&self, id: Uuid) -> Result<Option<RawEvent>>;
    /// Projection rows.
    async fn rows(&self, sel: &RowSelect) -> Result<Projection>;
    /// Every stream that has events, and every stream that has projection rows.
    async fn streams(&self) -> Result<(Vec<String>, Vec<String>)>;
    async fn count_events(&self) -> Result<i64>;
    /// The highest log position the timeline refers to.
    async fn max_timeline_position(&self) -> Result<Option<i64>>;
    /// Whether the log holds no event (cheap at any size).
    async fn is_empty(&self) -> Result<bool>;
    /// Whether an initiative with this id exists.
    async fn has_initiative(&self, id: &str) -> Result<bool>;
    /// Event ids whose id starts with a prefix (for short ids on the command line).
    async fn ids_with_prefix(&self, prefix: &str) -> Result<Vec<Uuid>>;
}
