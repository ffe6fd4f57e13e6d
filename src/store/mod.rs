//! The store: the append-only log and its projections in one database.
//! `Store` picks the backend from the location (a file path or `sqlite:` URL
//! for SQLite, `postgres://` for PostgreSQL); everything above it is the same.

pub mod append;
pub mod backend;
pub mod hash;
pub mod postgres;
mod projector;
mod rebuild;
mod sql;
pub mod sqlite;
mod sqlite_write;
pub mod transfer;
pub mod verify;

use std::collections::BTreeMap;
use std::path::PathBuf;

use uuid::Uuid;

pub use append::{AppendOptions, Appended, Expected, OnSimilar};
pub use backend::{Backend, EventFilter, RawEvent, RowSelect};
pub use postgres::{PgStore, redact};
pub use rebuild::RebuildReport;
pub use sqlite::SqliteStore;
pub use verify::VerifyReport;

use crate::domain::event::{NewEvent, StoredEvent};
use crate::error::{Error, Result};
use crate::projection::Projection;

/// Where the store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    SqliteFile(PathBuf),
    SqliteUrl(String),
    Postgres(String),
}

impl Location {
    /// Reads a `--db` path or a `--database-url`.
    pub fn parse(s: &str) -> Location {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Location::Postgres(s.to_string())
        } else if s.starts_with("sqlite:") {
            Location::SqliteUrl(s.to_string())
        } else {
            Location::SqliteFile(PathBuf::from(s))
        }
    }

    /// How to show the location to a user (passwords hidden).
    pub fn display(&self) -> String {
        match self {
            Location::SqliteFile(p) => p.display().to_string(),
            Location::SqliteUrl(u) => u.clone(),
            Location::Postgres(u) => redact(u),
        }
    }
}

/// An open store, SQLite or PostgreSQL.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

macro_rules! each {
    ($self:expr, $b:ident => $e:expr) => {
        match $self {
            Store::Sqlite($b) => $e,
            Store::Postgres($b) => $e,
        }
    };
}

pub(crate) fn migrate_error(e: sqlx::migrate::MigrateError, name: &str) -> Error {
    use sqlx::migrate::MigrateError as M;
    match e {
        M::VersionMissing(v) => Error::Store(format!(
            "the store {name} was written by a newer accord (it has migration {v}, unknown to this version); upgrade accord to use it"
        )),
        M::VersionMismatch(v) => Error::Store(format!(
            "the store {name} has a migration {v} that differs from this accord's; it was written by another build"
        )),
        other => Error::Store(format!("could not migrate the store {name}: {other}")),
    }
}

pub(crate) fn describe_connect_error(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Io(io) => format!("{io} (is the server running and reachable?)"),
        sqlx::Error::PoolTimedOut => "timed out (is the server running and reachable?)".into(),
        sqlx::Error::Database(db) => db.message().to_string(),
        other => other.to_string(),
    }
}

impl Store {
    /// Opens the store at a location, creating and migrating it as needed.
    pub async fn open(loc: &Location) -> Result<Store> {
        Ok(match loc {
            Location::SqliteFile(p) => Store::Sqlite(SqliteStore::open(p).await?),
            Location::SqliteUrl(u) => Store::Sqlite(SqliteStore::open_url(u).await?),
            Location::Postgres(u) => Store::Postgres(PgStore::open(u).await?),
        })
    }

    /// Appends events to one stream at an expected version, atomically.
    pub async fn append(
        &self,
        stream: &str,
        expected: Expected,
        events: Vec<NewEvent>,
        opts: &AppendOptions<'_>,
    ) -> Result<Vec<Appended>> {
        for e in &events {
            if let Some(s) = e.data.stream()
                && s != stream
            {
                return Err(Error::invalid(
                    format!("event {} belongs to stream {s}, not {stream}", e.id),
                    "append it to its own stream",
                ));
            }
        }
        let exp = BTreeMap::from([(stream.to_string(), expected)]);
        self.append_batch(events, &exp, opts).await
    }

    /// Appends events to any streams in one transaction (all or nothing).
    pub async fn append_batch(
        &self,
        events: Vec<NewEvent>,
        expected: &BTreeMap<String, Expected>,
        opts: &AppendOptions<'_>,
    ) -> Result<Vec<Appended>> {
        each!(self, b => append::append(b.begin().await?, events, expected, opts).await)
    }

    /// Appends with `Expected::Any`, retrying a bounded number of times on a conflict.
    pub async fn append_any(
        &self,
        events: Vec<NewEvent>,
        opts: &AppendOptions<'_>,
    ) -> Result<Vec<Appended>> {
        let mut attempt = 0;
        loop {
            match self
                .append_batch(events.clone(), &BTreeMap::new(), opts)
                .await
            {
                Err(Error::Conflict { .. }) if attempt < 5 => {
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(20 * attempt)).await;
                }
                other => return other,
            }
        }
    }

    /// Imports exported events in one transaction (see `transfer::import`).
    pub async fn import(&self, events: Vec<StoredEvent>) -> Result<transfer::Imported> {
        each!(self, b => transfer::import(b.begin().await?, events).await)
    }

    /// Rebuilds every projection from the log.
    pub async fn rebuild(&self) -> Result<RebuildReport> {
        each!(self, b => rebuild::rebuild(b.begin().await?).await)
    }

    /// Checks the hash chain, versions and projections.
    pub async fn verify(&self) -> Result<VerifyReport> {
        each!(self, b => verify::verify(b).await)
    }

    /// Events in global order, filtered.
    pub async fn events(&self, f: &EventFilter) -> Result<Vec<StoredEvent>> {
        let raw = each!(self, b => b.events(f).await)?;
        raw.into_iter().map(RawEvent::decode).collect()
    }

    /// Raw event rows (for export and verification tools).
    pub async fn raw_events(&self, f: &EventFilter) -> Result<Vec<RawEvent>> {
        each!(self, b => b.events(f).await)
    }

    /// One event by id.
    pub async fn event(&self, id: Uuid) -> Result<Option<StoredEvent>> {
        let raw = each!(self, b => b.event(id).await)?;
        raw.map(RawEvent::decode).transpose()
    }

    /// Resolves a full or abbreviated event id.
    pub async fn resolve_event_id(&self, s: &str) -> Result<Uuid> {
        if let Ok(u) = Uuid::parse_str(s.trim()) {
            return Ok(u);
        }
        let t = s.trim();
        if t.len() < 4 || !t.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(Error::invalid(
                format!("`{s}` is not an event id"),
                "give the id printed when the event was logged (at least its first 8 characters)",
            ));
        }
        let hits = each!(self, b => b.ids_with_prefix(t).await)?;
        match hits.as_slice() {
            [one] => Ok(*one),
            [] => Err(Error::NotFound {
                what: format!("event {t}"),
                hint: Some("list events with `accord events`".into()),
            }),
            many => Err(Error::invalid(
                format!("`{t}` matches {} events", many.len()),
                "give more characters of the id",
            )),
        }
    }

    /// Projection rows.
    pub async fn rows(&self, sel: &RowSelect) -> Result<Projection> {
        each!(self, b => b.rows(sel).await)
    }

    /// Whether the log holds no event.
    pub async fn is_empty(&self) -> Result<bool> {
        each!(self, b => b.is_empty().await)
    }

    /// Whether an initiative with this id exists.
    pub async fn has_initiative(&self, id: &str) -> Result<bool> {
        each!(self, b => b.has_initiative(id).await)
    }

    /// The number of events in the log.
    pub async fn count_events(&self) -> Result<i64> {
        each!(self, b => b.count_events().await)
    }

    /// The events of the streams of all initiatives (for as-of queries).
    pub async fn stream_events(&self, stream: &str) -> Result<Vec<StoredEvent>> {
        self.events(&EventFilter {
            stream: Some(stream.to_string()),
            ..Default::default()
        })
        .await
    }
}
