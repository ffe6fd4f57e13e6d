//! SQLite's write transactions, run on a synchronous connection (rusqlite) on
//! the calling thread.
//!
//! sqlx runs each SQLite statement on a worker thread of its own, and every
//! statement is a round trip to it: most of a single append's time was spent
//! handing statements over and waking threads. Here the store keeps one more
//! connection to the same file, opened at the first write, and the shared append,
//! import and rebuild algorithms run their statements on it directly, prepared
//! once and cached. Reads and migrations stay on sqlx's pool; WAL lets both see
//! the same file. The transaction starts with `BEGIN IMMEDIATE` (writers queue on
//! the lock, up to the busy timeout) and rolls back if it is dropped uncommitted.
//! Its statements never wait on the runtime, so an append runs from its lock to
//! its commit without giving the thread up; a rebuild gives it up between pages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use chrono::SecondsFormat;
use rusqlite::{Connection, OpenFlags, OptionalExtension, ToSql, params, params_from_iter};
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};
use uuid::Uuid;

use crate::domain::event::StoredEvent;
use crate::error::{Error, Result};
use crate::projection::{Census, Delta, Projection, SourceRow};
use crate::store::backend::{RawEvent, WriteTx};
use crate::store::sql::{
    Cols, IN_LIST_LEN, INSERT_EVENTS, PROJECTION_TABLES, UPSERT_COMMITMENT, UPSERT_INITIATIVE,
    UPSERT_MEETING, UPSERT_POSITION, UPSERT_SOURCE, UPSERT_STANDING, UPSERT_TIMELINE, census_entry,
    join, join_ids, kept_in, parse_uid, put_row, source_identity, source_row, source_stored,
    to_json,
};

/// Name, table and definition of each index made by a `CREATE INDEX` (those SQLite
/// made for a primary key or a unique constraint have no SQL and are not listed).
const SECONDARY_INDEXES_SQL: &str = "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name";

/// How long a write waits for another process's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Prepared statements kept per connection (the fixed statements of an append,
/// an import and a rebuild, and the few `IN` lists of varying length).
const CACHED_STATEMENTS: usize = 64;

/// The store's write connection, opened at the first write.
#[derive(Debug)]
pub struct Writer {
    path: PathBuf,
    name: String,
    /// The store is sqlx's shared in-memory database of that name, not a file.
    in_memory: bool,
    conn: Mutex<Option<Connection>>,
}

/// A write transaction holding SQLite's write lock.
pub struct SyncTx<'a> {
    conn: MappedMutexGuard<'a, Connection>,
    open: bool,
}

impl Writer {
    /// A writer for the store at `path`, as sqlx names it (`name` is how errors
    /// show the store).
    pub fn new(path: &Path, name: &str, in_memory: bool) -> Self {
        Writer {
            path: path.to_path_buf(),
            name: name.to_string(),
            in_memory,
            conn: Mutex::new(None),
        }
    }

    fn connect(&self) -> Result<Connection> {
        // The name is read as sqlx reads it (a `file:` URI or a path).
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        if self.in_memory {
            flags |= OpenFlags::SQLITE_OPEN_MEMORY | OpenFlags::SQLITE_OPEN_SHARED_CACHE;
        }
        let conn = Connection::open_with_flags(&self.path, flags).map_err(|e| {
            Error::Store(format!("cannot open the store {} to write: {e}", self.name))
        })?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
        conn.set_prepared_statement_cache_capacity(CACHED_STATEMENTS);
        Ok(conn)
    }

    /// Begins a write transaction: waits for this process's other writer, then
    /// takes the file's write lock.
    pub async fn begin(&self) -> Result<SyncTx<'_>> {
        let mut guard = self.conn.lock().await;
        if guard.is_none() {
            *guard = Some(self.connect()?);
        }
        let conn = MutexGuard::try_map(guard, Option::as_mut).map_err(|_| {
            Error::Store(format!("the store {} has no write connection", self.name))
        })?;
        take_lock(&conn).await?;
        Ok(SyncTx { conn, open: true })
    }
}

/// Runs `BEGIN IMMEDIATE`. While another connection holds the lock, waits on the
/// runtime rather than in SQLite's busy handler, so a writer elsewhere in this
/// thread (a rebuild between its pages) can go on and let it go.
async fn take_lock(conn: &Connection) -> Result<()> {
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(1);
    conn.busy_timeout(Duration::ZERO)?;
    let taken = loop {
        match conn.execute_batch("BEGIN IMMEDIATE") {
            Err(rusqlite::Error::SqliteFailure(f, _))
                if f.code == rusqlite::ErrorCode::DatabaseBusy
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            other => break other,
        }
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    taken.map_err(|e| map_write_err(e, ""))
}

impl Drop for SyncTx<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing to report to: the error that ended the transaction is on its way up.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// A unique or primary-key violation is another writer's append at the same
/// version; other errors say why the store cannot be written.
fn map_write_err(e: rusqlite::Error, stream: &str) -> Error {
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && matches!(
            f.extended_code,
            rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
        )
    {
        return Error::Conflict {
            stream: stream.to_string(),
            expected: "the version it read".into(),
            actual: -1,
        };
    }
    e.into()
}

fn uid(u: Uuid) -> String {
    u.hyphenated().to_string()
}

fn opt_uid(r: &Named<'_>, col: &str) -> Result<Option<Uuid>> {
    let s: Option<String> = r.get(col)?;
    s.map(|s| parse_uid(col, &s)).transpose()
}

/// A row with its statement's column names, read once: rusqlite's lookup by name
/// asks SQLite for every column's name on each call.
struct Named<'a> {
    row: &'a rusqlite::Row<'a>,
    names: &'a [String],
}

impl Named<'_> {
    fn get<T: rusqlite::types::FromSql>(&self, col: &str) -> Result<T> {
        let i = self
            .names
            .iter()
            .position(|n| n == col)
            .ok_or_else(|| Error::Integrity(format!("no column {col} in a row read")))?;
        Ok(self.row.get(i)?)
    }
}

/// The column names of a prepared statement.
fn names(stmt: &rusqlite::Statement<'_>) -> Vec<String> {
    stmt.column_names().into_iter().map(String::from).collect()
}

impl Cols for Named<'_> {
    fn text(&self, col: &str) -> Result<String> {
        self.get(col)
    }
    fn opt_text(&self, col: &str) -> Result<Option<String>> {
        self.get(col)
    }
    fn int(&self, col: &str) -> Result<i64> {
        self.get(col)
    }
    fn opt_int(&self, col: &str) -> Result<Option<i64>> {
        self.get(col)
    }
    fn flag(&self, col: &str) -> Result<bool> {
        self.get(col)
    }
}

/// Reads `recorded_at` as stored: RFC 3339 as sqlx writes it, or with a space for
/// the `T` as SQLite's own functions write it.
fn parse_recorded_at(s: &str, position: i64) -> Result<chrono::DateTime<chrono::Utc>> {
    Ok(chrono::DateTime::parse_from_rfc3339(s)
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z"))
        .map_err(|e| {
            Error::Integrity(format!(
                "event at position {position} has a bad recorded_at `{s}`: {e}"
            ))
        })?
        .with_timezone(&chrono::Utc))
}

fn raw_event(r: &Named<'_>) -> Result<RawEvent> {
    let position: i64 = r.get("position")?;
    Ok(RawEvent {
        position,
        id: r.uuid("id")?,
        stream: r.get("stream")?,
        version: r.get("version")?,
        kind: r.get("kind")?,
        schema_version: r.get("schema_version")?,
        act_date: r.get("act_date")?,
        actors: r.get("actors")?,
        recorded_at: parse_recorded_at(&r.text("recorded_at")?, position)?,
        recorded_by: r.get("recorded_by")?,
        correlation_id: opt_uid(r, "correlation_id")?,
        causation_id: opt_uid(r, "causation_id")?,
        body: r.get("body")?,
        content_hash: r.get("content_hash")?,
        prev_hash: r.get("prev_hash")?,
        hash: r.get("hash")?,
    })
}

/// `n` numbered placeholders: `?1, ?2, …`.
fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A one-row insert (or upsert) from a statement's head (`INSERT INTO t (cols) `)
/// and tail (the `ON CONFLICT` clause, or nothing).
fn one_row(head: &str, tail: &str) -> String {
    let columns = head.matches(',').count() + 1;
    format!("{head}VALUES ({}){tail}", placeholders(columns))
}

static INSERT_EVENT: LazyLock<String> = LazyLock::new(|| one_row(INSERT_EVENTS, ""));
static UPSERT: LazyLock<[String; 7]> = LazyLock::new(|| {
    [
        UPSERT_INITIATIVE,
        UPSERT_STANDING,
        UPSERT_POSITION,
        UPSERT_COMMITMENT,
        UPSERT_MEETING,
        UPSERT_TIMELINE,
        UPSERT_SOURCE,
    ]
    .map(|(head, tail)| one_row(head, tail))
});

impl SyncTx<'_> {
    /// Rows of a statement with `IN (…)` lists of `values`, a chunk at a time.
    fn in_lists<T>(
        &self,
        sql_head: &str,
        sql_tail: &str,
        values: &[String],
        mut each: impl FnMut(&Named<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        for chunk in values.chunks(IN_LIST_LEN) {
            let sql = format!("{sql_head}({}){sql_tail}", placeholders(chunk.len()));
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let names = names(&stmt);
            let mut rows = stmt.query(params_from_iter(chunk))?;
            while let Some(row) = rows.next()? {
                out.push(each(&Named { row, names: &names })?);
            }
        }
        Ok(out)
    }

    /// Reads the rows one statement selects from a projection table into `p`.
    fn rows_into(
        &self,
        p: &mut Projection,
        table: &str,
        sql: &str,
        args: &[&dyn ToSql],
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let names = names(&stmt);
        let mut rows = stmt.query(args)?;
        while let Some(row) = rows.next()? {
            put_row(p, table, &Named { row, names: &names })?;
        }
        Ok(())
    }

    fn uuid_list(&self, sql: &str, args: &[&dyn ToSql]) -> Result<Vec<Uuid>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(args)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(parse_uid("event_id", &r.get::<_, String>(0)?)?);
        }
        Ok(out)
    }

    fn execute(&self, sql: &str, args: &[&dyn ToSql]) -> Result<()> {
        self.conn.prepare_cached(sql)?.execute(args)?;
        Ok(())
    }
}

impl WriteTx for SyncTx<'_> {
    async fn head(&mut self) -> Result<(i64, String)> {
        let head = self
            .conn
            .prepare_cached("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(head.unwrap_or_else(|| (0, crate::store::hash::GENESIS.to_string())))
    }

    async fn stream_version(&mut self, stream: &str) -> Result<i64> {
        let v: Option<i64> = self
            .conn
            .prepare_cached("SELECT MAX(version) FROM events WHERE stream = ?1")?
            .query_row([stream], |r| r.get(0))?;
        Ok(v.unwrap_or(0))
    }

    async fn stream_versions(&mut self, streams: &[String]) -> Result<BTreeMap<String, i64>> {
        // One seek per stream: with GROUP BY, SQLite reads every version of each.
        let mut out = BTreeMap::new();
        for s in streams {
            let v = self.stream_version(s).await?;
            if v > 0 {
                out.insert(s.clone(), v);
            }
        }
        Ok(out)
    }

    async fn later_acts_touch(
        &mut self,
        stream: &str,
        sort_key: &str,
        kinds: &[&str],
        actors: &[String],
    ) -> Result<bool> {
        let mut sql = String::from(
            "SELECT log_position FROM timeline WHERE stream = ? AND sort_key > ? AND (1 = 0",
        );
        let mut args: Vec<String> = vec![stream.to_string(), sort_key.to_string()];
        if !kinds.is_empty() {
            sql.push_str(" OR kind IN (");
            sql.push_str(&vec!["?"; kinds.len()].join(", "));
            sql.push(')');
            args.extend(kinds.iter().map(|k| k.to_string()));
        }
        for a in actors {
            // Actors are stored space-separated. `instr` compares bytes, where
            // LIKE would try a match at every offset and take `_` as a wildcard.
            sql.push_str(" OR instr(' ' || actors || ' ', ?) > 0");
            args.push(format!(" {a} "));
        }
        sql.push_str(") LIMIT 1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.exists(params_from_iter(&args))?)
    }

    async fn stream_max_sort_key(&mut self, stream: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT MAX(sort_key) FROM timeline WHERE stream = ?1")?
            .query_row([stream], |r| r.get(0))?)
    }

    async fn acts_like(
        &mut self,
        stream: &str,
        kind: &str,
        act_date: &str,
        sort_key: &str,
    ) -> Result<Vec<Uuid>> {
        self.uuid_list(
            "SELECT event_id FROM timeline WHERE stream = ?1 AND sort_key = ?4 AND kind = ?2 AND act_date = ?3 ORDER BY log_position",
            &[&stream, &kind, &act_date, &sort_key],
        )
    }

    async fn acts_loosely_dated(
        &mut self,
        stream: &str,
        kind: &str,
        any_date: bool,
        from: &str,
    ) -> Result<Vec<Uuid>> {
        self.uuid_list(
            "SELECT event_id FROM timeline WHERE stream = ?1 AND sort_key >= ?4 AND kind = ?2 AND (?3 OR length(act_date) <> 10) ORDER BY log_position",
            &[&stream, &kind, &any_date, &from],
        )
    }

    async fn find_sources_of(&mut self, event: Uuid) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT * FROM sources WHERE event_id = ?1 ORDER BY ordinal")?;
        let names = names(&stmt);
        let mut rows = stmt.query([uid(event)])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let named = Named { row, names: &names };
            out.extend(source_row(&named)?.as_ref().map(source_identity));
        }
        Ok(out)
    }

    async fn find_many(&mut self, ids: &[Uuid]) -> Result<Vec<RawEvent>> {
        let ids: Vec<String> = ids.iter().map(|u| uid(*u)).collect();
        self.in_lists("SELECT * FROM events WHERE id IN ", "", &ids, raw_event)
    }

    async fn find(&mut self, id: Uuid) -> Result<Option<RawEvent>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT * FROM events WHERE id = ?1")?;
        let names = names(&stmt);
        let mut rows = stmt.query([uid(id)])?;
        rows.next()?
            .map(|row| raw_event(&Named { row, names: &names }))
            .transpose()
    }

    async fn stream_events(&mut self, stream: &str) -> Result<Vec<RawEvent>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT * FROM events WHERE stream = ?1 ORDER BY version")?;
        let names = names(&stmt);
        let mut rows = stmt.query([stream])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(raw_event(&Named { row, names: &names })?);
        }
        Ok(out)
    }

    async fn stream_rows(&mut self, stream: &str, full: bool) -> Result<Projection> {
        // Row by row: with no thread to cross, reading the columns directly is
        // cheaper than having SQLite build JSON and decoding it again.
        static SQL: LazyLock<Vec<String>> = LazyLock::new(|| {
            PROJECTION_TABLES
                .iter()
                .map(|t| format!("SELECT * FROM {t} WHERE stream = ?1"))
                .collect()
        });
        let tables = if full { 7 } else { 5 };
        let mut p = Projection::default();
        for (table, sql) in PROJECTION_TABLES.iter().zip(SQL.iter()).take(tables) {
            self.rows_into(&mut p, table, sql, &[&stream])?;
        }
        Ok(p)
    }

    async fn stream_rows_of(&mut self, stream: &str, actors: &[String]) -> Result<Projection> {
        let mut p = Projection::default();
        self.rows_into(
            &mut p,
            "initiatives",
            "SELECT * FROM initiatives WHERE stream = ?1",
            &[&stream],
        )?;
        let initiatives: Vec<String> = p.initiatives.keys().cloned().collect();
        for a in actors {
            for i in &initiatives {
                self.rows_into(
                    &mut p,
                    "positions",
                    "SELECT * FROM positions WHERE initiative = ?1 AND state = ?2 AND stream = ?3",
                    &[i, a, &stream],
                )?;
            }
            // Without statistics SQLite may pick the index on state, which holds
            // that state's commitments in every stream.
            self.rows_into(
                &mut p,
                "commitments",
                "SELECT * FROM commitments INDEXED BY commitments_stream WHERE stream = ?1 AND state = ?2",
                &[&stream, a],
            )?;
        }
        Ok(p)
    }

    async fn positions_held(&mut self, initiative: &str, states: &[String]) -> Result<Census> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT initiative, state, position FROM positions WHERE initiative = ?1 AND state = ?2",
        )?;
        let names = names(&stmt);
        let mut census = Census::new();
        for s in states {
            let mut rows = stmt.query([initiative, s])?;
            while let Some(row) = rows.next()? {
                let (k, v) = census_entry(&Named { row, names: &names })?;
                census.insert(k, v);
            }
        }
        Ok(census)
    }

    async fn sources_of_events(&mut self, events: &[Uuid]) -> Result<Vec<SourceRow>> {
        let ids: Vec<String> = events.iter().map(|u| uid(*u)).collect();
        let rows = self.in_lists("SELECT * FROM sources WHERE event_id IN ", "", &ids, |r| {
            source_row(r)
        })?;
        Ok(rows.into_iter().flatten().collect())
    }

    async fn existing_initiatives(&mut self, ids: &[String]) -> Result<BTreeSet<String>> {
        let found = self.in_lists("SELECT id FROM initiatives WHERE id IN ", "", ids, |r| {
            Ok(r.row.get::<_, String>(0)?)
        })?;
        Ok(found.into_iter().collect())
    }

    async fn events_page(&mut self, after: &(String, i64), limit: i64) -> Result<Vec<RawEvent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT * FROM events WHERE (stream, version) > (?1, ?2) ORDER BY stream, version LIMIT ?3",
        )?;
        let names = names(&stmt);
        let mut rows = stmt.query(params![after.0, after.1, limit])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(raw_event(&Named { row, names: &names })?);
        }
        Ok(out)
    }

    async fn insert_events(&mut self, events: &[StoredEvent]) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&INSERT_EVENT)?;
        for e in events {
            stmt.execute(params![
                e.position,
                uid(e.id),
                e.stream,
                e.version,
                e.kind.as_str(),
                e.schema_version,
                e.data.date.to_string(),
                e.data.actors.join(" "),
                e.recorded_at.to_rfc3339_opts(SecondsFormat::AutoSi, false),
                e.recorded_by,
                e.correlation_id.map(uid),
                e.causation_id.map(uid),
                e.body,
                e.content_hash,
                e.prev_hash,
                e.hash,
            ])
            .map_err(|err| map_write_err(err, &e.stream))?;
        }
        Ok(())
    }

    async fn write_rows(&mut self, d: &Delta) -> Result<()> {
        for id in &d.delete.initiatives {
            self.execute("DELETE FROM initiatives WHERE id = ?1", &[id])?;
        }
        for (i, s) in &d.delete.positions {
            self.execute(
                "DELETE FROM positions WHERE initiative = ?1 AND state = ?2",
                &[i, s],
            )?;
        }
        for (i, s) in &d.delete.commitments {
            self.execute(
                "DELETE FROM commitments WHERE id = ?1 AND state = ?2",
                &[i, s],
            )?;
        }
        for id in &d.delete.meetings {
            self.execute("DELETE FROM meetings WHERE id = ?1", &[id])?;
        }
        for (t, s) in &d.delete.standings {
            self.execute(
                "DELETE FROM standings WHERE treaty = ?1 AND state = ?2",
                &[t, s],
            )?;
        }
        for p in &d.delete.timeline {
            self.execute("DELETE FROM timeline WHERE log_position = ?1", &[p])?;
        }
        for (e, o) in &d.delete.sources {
            self.execute(
                "DELETE FROM source_refs WHERE event_id = ?1 AND ordinal = ?2",
                &[&uid(*e), o],
            )?;
        }
        let [
            initiative,
            standing,
            position,
            commitment,
            meeting,
            timeline,
            source,
        ] = &*UPSERT;
        let u = &d.upsert;
        if !u.initiatives.is_empty() {
            let mut stmt = self.conn.prepare_cached(initiative)?;
            for r in u.initiatives.values() {
                stmt.execute(params![
                    r.id,
                    r.stream,
                    r.title,
                    join(&r.proposers),
                    join(&r.scope),
                    r.proposed_on,
                    uid(r.event_id),
                    r.status,
                    r.supporters,
                    r.opposers,
                    r.withdrawn,
                    r.silent,
                    r.form,
                    r.parent,
                    r.adopted_on,
                    r.in_force_on,
                ])?;
            }
        }
        if !u.standings.is_empty() {
            let mut stmt = self.conn.prepare_cached(standing)?;
            for r in u.standings.values() {
                stmt.execute(params![
                    r.treaty,
                    r.state,
                    r.stream,
                    r.standing.as_str(),
                    r.signed_on,
                    r.ratified_on,
                    r.consent.map(|c| c.as_str()),
                    r.in_force_on,
                    r.withdrawn_on,
                    join_ids(&r.evidence),
                    r.sources,
                ])?;
            }
        }
        if !u.positions.is_empty() {
            let mut stmt = self.conn.prepare_cached(position)?;
            for r in u.positions.values() {
                stmt.execute(params![
                    r.initiative,
                    r.state,
                    r.stream,
                    r.position.as_str(),
                    r.since,
                    r.since_key,
                    join_ids(&r.evidence),
                    r.sources,
                ])?;
            }
        }
        if !u.commitments.is_empty() {
            let mut stmt = self.conn.prepare_cached(commitment)?;
            for r in u.commitments.values() {
                stmt.execute(params![
                    r.id,
                    r.state,
                    r.stream,
                    r.initiative,
                    r.text,
                    r.made_on,
                    r.deadline.map(|d| d.to_string()),
                    r.status.as_str(),
                    r.progress_percent,
                    r.progress_text,
                    r.last_report_on,
                    r.last_activity.to_string(),
                    uid(r.event_id),
                ])?;
            }
        }
        if !u.meetings.is_empty() {
            let mut stmt = self.conn.prepare_cached(meeting)?;
            for r in u.meetings.values() {
                stmt.execute(params![
                    r.id,
                    r.stream,
                    r.title,
                    r.format.as_str(),
                    r.host,
                    r.held_on,
                    r.venue,
                    join(&r.organisers),
                    to_json(&r.participants),
                    to_json(&r.topics),
                    to_json(&r.initiatives),
                    r.outcome,
                    uid(r.event_id),
                ])?;
            }
        }
        if !u.timeline.is_empty() {
            let mut stmt = self.conn.prepare_cached(timeline)?;
            for r in u.timeline.values() {
                stmt.execute(params![
                    r.log_position,
                    uid(r.event_id),
                    r.stream,
                    r.act_date,
                    r.sort_key,
                    r.kind,
                    join(&r.actors),
                    r.initiative,
                    r.summary,
                    r.amended,
                ])?;
            }
        }
        if !u.sources.is_empty() {
            let mut stmt = self.conn.prepare_cached(source)?;
            for r in u.sources.values() {
                let Some((via, copy)) = source_stored(r) else {
                    continue;
                };
                stmt.execute(params![
                    uid(r.event_id),
                    r.ordinal,
                    r.stream,
                    via.map(uid),
                    copy.map(|c| &c.title),
                    copy.map(|c| &c.publisher),
                    copy.map(|c| &c.published),
                    copy.and_then(|c| c.url.as_ref()),
                    copy.map(|c| &c.quote),
                    copy.and_then(|c| c.note.as_ref()),
                ])?;
            }
        }
        Ok(())
    }

    async fn clear_projections(&mut self) -> Result<()> {
        for t in PROJECTION_TABLES.map(kept_in) {
            self.conn.execute(&format!("DELETE FROM {t}"), [])?;
        }
        Ok(())
    }

    async fn drop_projection_indexes(&mut self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(SECONDARY_INDEXES_SQL)?;
        let all = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        drop(stmt);
        let mut statements = Vec::new();
        for (name, table, sql) in all {
            if PROJECTION_TABLES.iter().any(|t| kept_in(t) == table) {
                self.conn
                    .execute(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")), [])?;
                statements.push(sql);
            }
        }
        Ok(statements)
    }

    async fn create_indexes(&mut self, statements: &[String]) -> Result<()> {
        for sql in statements {
            self.conn.execute(sql, [])?;
        }
        Ok(())
    }

    async fn commit(mut self) -> Result<()> {
        self.conn
            .execute_batch("COMMIT")
            .map_err(|e| map_write_err(e, ""))?;
        self.open = false;
        Ok(())
    }
}
