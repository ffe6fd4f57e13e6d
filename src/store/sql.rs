//! The SQL both backends share. `$n` placeholders and `ON CONFLICT` upserts
//! run unchanged on SQLite and PostgreSQL, so the statements, and the decoding of
//! projection rows, are written once. `sql_backend!` instantiates the reads for a
//! backend run through sqlx; `sqlx_write_tx!` its write transaction (PostgreSQL's:
//! SQLite's writes run on a synchronous connection, see `sqlite_write`).
//!
//! The invoking module provides `Db`, `DbRow` (its row type, named concretely),
//! the store type, `TxOf<'a>` and `begin_tx` (its write transaction and how one
//! starts), `uid` / `get_uid` / `get_opt_uid` (how a UUID is stored),
//! `load_stream_rows` and `ID_PREFIX_SQL`; for `sqlx_write_tx!` also `Tx`,
//! `map_write_err`, `events_page`, `MAX_STATEMENT_BYTES` and `SECONDARY_INDEXES_SQL`.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::projection::Projection;
use crate::projection::rows::*;

pub fn join(v: &[String]) -> String {
    v.join(" ")
}

pub fn split(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

/// Cuts rows into runs for multi-row statements: at most `max_rows` rows and, past
/// the first row, at most `max_bytes` of estimated statement size (`size` of a row:
/// its bound values and its share of the SQL text).
pub fn runs<T>(
    rows: &[T],
    max_rows: usize,
    max_bytes: usize,
    size: impl Fn(&T) -> usize,
) -> Vec<&[T]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0usize);
    for (i, r) in rows.iter().enumerate() {
        let n = size(r);
        if i > start && (i - start == max_rows || bytes.saturating_add(n) > max_bytes) {
            out.push(&rows[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes = bytes.saturating_add(n);
    }
    if start < rows.len() {
        out.push(&rows[start..]);
    }
    out
}

/// Parses a UUID stored as text, naming the column when it is not one.
pub fn parse_uid(col: &str, s: &str) -> Result<Uuid> {
    Uuid::parse_str(s)
        .map_err(|e| Error::Integrity(format!("column {col} holds a bad UUID `{s}`: {e}")))
}

/// The projection tables, in the order rows are read: a stream's rows without its
/// timeline and sources are the first five.
pub const PROJECTION_TABLES: [&str; 7] = [
    "initiatives",
    "positions",
    "commitments",
    "meetings",
    "standings",
    "timeline",
    "sources",
];

/// The table a projection table's rows are kept in: `sources` is a view over
/// `source_refs` (see `source_row`); the others are tables of their own.
pub fn kept_in(table: &str) -> &str {
    match table {
        "sources" => "source_refs",
        t => t,
    }
}

/// What `source_refs` keeps of a source row: nothing for an act's own source
/// as logged (the `sources` view reads it from the act's event); otherwise the
/// event that brought it, unless that is the act itself, and a copy of the
/// fields, unless they read as that event logged them.
pub fn source_stored(r: &SourceRow) -> Option<(Option<Uuid>, Option<&SourceRow>)> {
    let own = r.via_event == r.event_id;
    if own && r.as_logged {
        return None;
    }
    Some(((!own).then_some(r.via_event), (!r.as_logged).then_some(r)))
}

/// A projection row's columns by name, whether read as a database row or as a
/// JSON array of the same columns (see `JsonRow`).
pub trait Cols {
    fn text(&self, col: &str) -> Result<String>;
    fn opt_text(&self, col: &str) -> Result<Option<String>>;
    fn int(&self, col: &str) -> Result<i64>;
    fn opt_int(&self, col: &str) -> Result<Option<i64>>;
    fn flag(&self, col: &str) -> Result<bool>;
    /// A date stored as text (`YYYY-MM-DD`).
    fn date(&self, col: &str) -> Result<NaiveDate> {
        self.opt_date(col)?
            .ok_or_else(|| Error::Integrity(format!("column {col} is NULL")))
    }
    /// A date stored as text, or NULL.
    fn opt_date(&self, col: &str) -> Result<Option<NaiveDate>> {
        self.opt_text(col)?
            .map(|s| {
                s.parse()
                    .map_err(|_| Error::Integrity(format!("column {col} holds `{s}`, not a date")))
            })
            .transpose()
    }
    /// A UUID stored as text.
    fn uuid(&self, col: &str) -> Result<Uuid> {
        parse_uid(col, &self.text(col)?)
    }
}

/// One row as a JSON array of values, in the order `cols` names them (how
/// SQLite's `json_array` returns a row).
pub struct JsonRow<'a> {
    pub cols: &'a [&'a str],
    pub values: Vec<serde_json::Value>,
}

impl JsonRow<'_> {
    fn value(&self, col: &str) -> Result<&serde_json::Value> {
        self.cols
            .iter()
            .position(|c| *c == col)
            .and_then(|i| self.values.get(i))
            .ok_or_else(|| Error::Integrity(format!("no column {col} in a row read as JSON")))
    }

    fn bad(col: &str, v: &serde_json::Value, want: &str) -> Error {
        Error::Integrity(format!("column {col} holds {v}, not {want}"))
    }
}

impl Cols for JsonRow<'_> {
    fn text(&self, col: &str) -> Result<String> {
        self.opt_text(col)?
            .ok_or_else(|| Error::Integrity(format!("column {col} is NULL")))
    }
    fn opt_text(&self, col: &str) -> Result<Option<String>> {
        match self.value(col)? {
            serde_json::Value::Null => Ok(None),
            serde_json::Value::String(s) => Ok(Some(s.clone())),
            v => Err(Self::bad(col, v, "text")),
        }
    }
    fn int(&self, col: &str) -> Result<i64> {
        self.opt_int(col)?
            .ok_or_else(|| Error::Integrity(format!("column {col} is NULL")))
    }
    fn opt_int(&self, col: &str) -> Result<Option<i64>> {
        match self.value(col)? {
            serde_json::Value::Null => Ok(None),
            v => v
                .as_i64()
                .map(Some)
                .ok_or_else(|| Self::bad(col, v, "an integer")),
        }
    }
    fn flag(&self, col: &str) -> Result<bool> {
        match self.value(col)? {
            serde_json::Value::Bool(b) => Ok(*b),
            v => match v.as_i64() {
                Some(0) => Ok(false),
                Some(1) => Ok(true),
                _ => Err(Self::bad(col, v, "a boolean")),
            },
        }
    }
}

/// How a source row is told apart from another of the same act (see
/// `Source::identity`): its URL, or its publisher, title and date.
pub fn source_identity(s: &SourceRow) -> String {
    match s.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => u.to_string(),
        None => format!("{}|{}|{}", s.publisher.trim(), s.title.trim(), s.published),
    }
}

/// Event ids as an `evidence` column stores them: space-separated.
pub fn join_ids(ids: &[Uuid]) -> String {
    ids.iter()
        .map(|u| u.hyphenated().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Bytes of a list of strings (as bound, joined).
pub fn len_all(v: &[String]) -> usize {
    v.iter().map(|s| s.len() + 1).sum()
}

// The row decoders and statements both backends share.
fn json_col<T: serde::de::DeserializeOwned>(r: &impl Cols, col: &str) -> Result<T> {
    let s = r.text(col)?;
    serde_json::from_str(&s)
        .map_err(|e| Error::Integrity(format!("column {col} holds bad JSON: {e}")))
}

fn parsed<T: std::str::FromStr<Err = String>>(r: &impl Cols, col: &str) -> Result<T> {
    r.text(col)?.parse().map_err(Error::Integrity)
}

fn uuids(r: &impl Cols, col: &str) -> Result<Vec<Uuid>> {
    split(&r.text(col)?)
        .iter()
        .map(|s| Uuid::parse_str(s).map_err(|e| Error::Integrity(e.to_string())))
        .collect()
}

pub fn initiative_row(r: &impl Cols) -> Result<InitiativeRow> {
    Ok(InitiativeRow {
        id: r.text("id")?,
        stream: r.text("stream")?,
        title: r.text("title")?,
        proposers: split(&r.text("proposers")?),
        scope: split(&r.text("scope")?),
        proposed_on: r.text("proposed_on")?,
        event_id: r.uuid("event_id")?,
        status: r.text("status")?,
        supporters: r.int("supporters")?,
        opposers: r.int("opposers")?,
        withdrawn: r.int("withdrawn")?,
        silent: r.int("silent")?,
        form: r.text("form")?,
        parent: r.opt_text("parent")?,
        adopted_on: r.opt_text("adopted_on")?,
        in_force_on: r.opt_text("in_force_on")?,
    })
}

pub fn standing_row(r: &impl Cols) -> Result<StandingRow> {
    Ok(StandingRow {
        treaty: r.text("treaty")?,
        state: r.text("state")?,
        stream: r.text("stream")?,
        standing: parsed(r, "standing")?,
        signed_on: r.opt_text("signed_on")?,
        ratified_on: r.opt_text("ratified_on")?,
        consent: r
            .opt_text("consent")?
            .map(|c| c.parse().map_err(Error::Integrity))
            .transpose()?,
        in_force_on: r.opt_text("in_force_on")?,
        withdrawn_on: r.opt_text("withdrawn_on")?,
        evidence: uuids(r, "evidence")?,
        sources: r.int("sources")?,
    })
}

pub fn position_row(r: &impl Cols) -> Result<PositionRow> {
    Ok(PositionRow {
        initiative: r.text("initiative")?,
        state: r.text("state")?,
        stream: r.text("stream")?,
        position: parsed(r, "position")?,
        since: r.text("since")?,
        since_key: r.text("since_key")?,
        evidence: uuids(r, "evidence")?,
        sources: r.int("sources")?,
    })
}

/// One entry of a census: an initiative and a state, and the state's position.
pub fn census_entry(r: &impl Cols) -> Result<((String, String), Position)> {
    Ok((
        (r.text("initiative")?, r.text("state")?),
        parsed(r, "position")?,
    ))
}

pub fn commitment_row(r: &impl Cols) -> Result<CommitmentRow> {
    Ok(CommitmentRow {
        id: r.text("id")?,
        state: r.text("state")?,
        stream: r.text("stream")?,
        initiative: r.opt_text("initiative")?,
        text: r.text("text")?,
        made_on: r.text("made_on")?,
        deadline: r.opt_date("deadline")?,
        status: parsed(r, "status")?,
        progress_percent: r.opt_int("progress_percent")?,
        progress_text: r.opt_text("progress_text")?,
        last_report_on: r.opt_text("last_report_on")?,
        last_activity: r.date("last_activity")?,
        event_id: r.uuid("event_id")?,
    })
}

pub fn meeting_row(r: &impl Cols) -> Result<MeetingRow> {
    Ok(MeetingRow {
        id: r.text("id")?,
        stream: r.text("stream")?,
        title: r.text("title")?,
        format: parsed(r, "format")?,
        host: r.opt_text("host")?,
        held_on: r.text("held_on")?,
        venue: r.opt_text("venue")?,
        organisers: split(&r.text("organisers")?),
        participants: json_col(r, "participants")?,
        topics: json_col(r, "topics")?,
        initiatives: json_col(r, "initiatives")?,
        outcome: r.opt_text("outcome")?,
        event_id: r.uuid("event_id")?,
    })
}

pub fn timeline_row(r: &impl Cols) -> Result<TimelineRow> {
    Ok(TimelineRow {
        event_id: r.uuid("event_id")?,
        log_position: r.int("log_position")?,
        stream: r.text("stream")?,
        act_date: r.text("act_date")?,
        sort_key: r.text("sort_key")?,
        kind: r.text("kind")?,
        actors: split(&r.text("actors")?),
        initiative: r.opt_text("initiative")?,
        summary: r.text("summary")?,
        amended: r.flag("amended")?,
    })
}

/// Decodes a row of the `sources` view: an act's own row, a reference to the
/// event that added the source, or a copy. The first two are read from the
/// event's body (`via_body`). An act that logged no source has no source row
/// (`None`); a reference to an event that logged none is an integrity error.
pub fn source_row(r: &impl Cols) -> Result<Option<SourceRow>> {
    let event_id = r.uuid("event_id")?;
    let ordinal = r.int("ordinal")?;
    let stream = r.text("stream")?;
    let via_event = r.uuid("via_event")?;
    let Some(title) = r.opt_text("title")? else {
        let Some(s) = logged_source(r.opt_text("via_body")?.as_deref(), via_event)? else {
            if via_event == event_id {
                return Ok(None);
            }
            return Err(Error::Integrity(format!(
                "a source row of event {event_id} refers to event {via_event}, which logged no source"
            )));
        };
        return Ok(Some(SourceRow {
            event_id,
            ordinal,
            stream,
            via_event,
            title: s.title,
            publisher: s.publisher,
            published: s.published.to_string(),
            url: s.url,
            quote: s.quote,
            note: s.note,
            as_logged: true,
        }));
    };
    Ok(Some(SourceRow {
        event_id,
        ordinal,
        stream,
        via_event,
        title,
        publisher: r.text("publisher")?,
        published: r.text("published")?,
        url: r.opt_text("url")?,
        quote: r.text("quote")?,
        note: r.opt_text("note")?,
        as_logged: false,
    }))
}

/// The source an event's stored body holds, if any, for a source row read from it.
fn logged_source(body: Option<&str>, via: Uuid) -> Result<Option<crate::domain::source::Source>> {
    #[derive(serde::Deserialize)]
    struct Body {
        source: Option<crate::domain::source::Source>,
    }
    let body = body.ok_or_else(|| {
        Error::Integrity(format!(
            "a source row refers to event {via}, which is not in the log"
        ))
    })?;
    let parsed: Body = serde_json::from_str(body)
        .map_err(|e| Error::Integrity(format!("the body of event {via} cannot be read: {e}")))?;
    Ok(parsed.source)
}

pub const SEL_INITIATIVES: &str = "SELECT * FROM initiatives";
pub const SEL_MEETINGS: &str = "SELECT * FROM meetings";

/// Decodes a row of a projection table and files it under its key.
pub fn put_row(p: &mut Projection, table: &str, r: &impl Cols) -> Result<()> {
    match table {
        "initiatives" => {
            let row = initiative_row(r)?;
            p.initiatives.insert(row.id.clone(), row);
        }
        "positions" => {
            let row = position_row(r)?;
            p.positions
                .insert((row.initiative.clone(), row.state.clone()), row);
        }
        "commitments" => {
            let row = commitment_row(r)?;
            p.commitments
                .insert((row.id.clone(), row.state.clone()), row);
        }
        "meetings" => {
            let row = meeting_row(r)?;
            p.meetings.insert(row.id.clone(), row);
        }
        "standings" => {
            let row = standing_row(r)?;
            p.standings
                .insert((row.treaty.clone(), row.state.clone()), row);
        }
        "timeline" => {
            let row = timeline_row(r)?;
            p.timeline.insert(row.log_position, row);
        }
        "sources" => {
            if let Some(row) = source_row(r)? {
                p.sources.insert((row.event_id, row.ordinal), row);
            }
        }
        other => return Err(Error::Integrity(format!("no projection table {other}"))),
    }
    Ok(())
}

pub const INSERT_EVENTS: &str = "INSERT INTO events (position, id, stream, version, kind, schema_version, act_date, actors, recorded_at, recorded_by, correlation_id, causation_id, body, content_hash, prev_hash, hash) ";
/// Rows per multi-row statement (well under SQLite's and PostgreSQL's parameter limits).
pub const ROWS_PER_STATEMENT: usize = 200;
/// Values per `IN (...)` list.
pub const IN_LIST_LEN: usize = 200;
/// A row's share of a multi-row statement's SQL text (its placeholders), roughly.
pub const ROW_SQL_BYTES: usize = 120;

pub const UPSERT_INITIATIVE: (&str, &str) = (
    "INSERT INTO initiatives (id, stream, title, proposers, scope, proposed_on, event_id, status, supporters, opposers, withdrawn, silent, form, parent, adopted_on, in_force_on) ",
    " ON CONFLICT (id) DO UPDATE SET stream = excluded.stream, title = excluded.title, proposers = excluded.proposers, scope = excluded.scope, proposed_on = excluded.proposed_on, event_id = excluded.event_id, status = excluded.status, supporters = excluded.supporters, opposers = excluded.opposers, withdrawn = excluded.withdrawn, silent = excluded.silent, form = excluded.form, parent = excluded.parent, adopted_on = excluded.adopted_on, in_force_on = excluded.in_force_on",
);
pub const UPSERT_STANDING: (&str, &str) = (
    "INSERT INTO standings (treaty, state, stream, standing, signed_on, ratified_on, consent, in_force_on, withdrawn_on, evidence, sources) ",
    " ON CONFLICT (treaty, state) DO UPDATE SET stream = excluded.stream, standing = excluded.standing, signed_on = excluded.signed_on, ratified_on = excluded.ratified_on, consent = excluded.consent, in_force_on = excluded.in_force_on, withdrawn_on = excluded.withdrawn_on, evidence = excluded.evidence, sources = excluded.sources",
);
pub const UPSERT_POSITION: (&str, &str) = (
    "INSERT INTO positions (initiative, state, stream, position, since, since_key, evidence, sources) ",
    " ON CONFLICT (initiative, state) DO UPDATE SET stream = excluded.stream, position = excluded.position, since = excluded.since, since_key = excluded.since_key, evidence = excluded.evidence, sources = excluded.sources",
);
pub const UPSERT_COMMITMENT: (&str, &str) = (
    "INSERT INTO commitments (id, state, stream, initiative, text, made_on, deadline, status, progress_percent, progress_text, last_report_on, last_activity, event_id) ",
    " ON CONFLICT (id, state) DO UPDATE SET stream = excluded.stream, initiative = excluded.initiative, text = excluded.text, made_on = excluded.made_on, deadline = excluded.deadline, status = excluded.status, progress_percent = excluded.progress_percent, progress_text = excluded.progress_text, last_report_on = excluded.last_report_on, last_activity = excluded.last_activity, event_id = excluded.event_id",
);
pub const UPSERT_MEETING: (&str, &str) = (
    "INSERT INTO meetings (id, stream, title, format, host, held_on, venue, organisers, participants, topics, initiatives, outcome, event_id) ",
    " ON CONFLICT (id) DO UPDATE SET stream = excluded.stream, title = excluded.title, format = excluded.format, host = excluded.host, held_on = excluded.held_on, venue = excluded.venue, organisers = excluded.organisers, participants = excluded.participants, topics = excluded.topics, initiatives = excluded.initiatives, outcome = excluded.outcome, event_id = excluded.event_id",
);
pub const UPSERT_TIMELINE: (&str, &str) = (
    "INSERT INTO timeline (log_position, event_id, stream, act_date, sort_key, kind, actors, initiative, summary, amended) ",
    " ON CONFLICT (log_position) DO UPDATE SET event_id = excluded.event_id, stream = excluded.stream, act_date = excluded.act_date, sort_key = excluded.sort_key, kind = excluded.kind, actors = excluded.actors, initiative = excluded.initiative, summary = excluded.summary, amended = excluded.amended",
);
pub const UPSERT_SOURCE: (&str, &str) = (
    "INSERT INTO source_refs (event_id, ordinal, stream, via_event, title, publisher, published, url, quote, note) ",
    " ON CONFLICT (event_id, ordinal) DO UPDATE SET stream = excluded.stream, via_event = excluded.via_event, title = excluded.title, publisher = excluded.publisher, published = excluded.published, url = excluded.url, quote = excluded.quote, note = excluded.note",
);

pub fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("rows serialise")
}

macro_rules! sql_backend {
    ($store:ident) => {
        use chrono::{DateTime, NaiveDate, Utc};
        use sqlx::Row;
        use uuid::Uuid;

        use crate::error::Result;
        use crate::projection::Projection;
        use crate::store::backend::{Backend, EventFilter, RawEvent, RowSelect};
        use crate::store::sql::{
            PROJECTION_TABLES, SEL_INITIATIVES, SEL_MEETINGS, commitment_row, initiative_row,
            meeting_row, position_row, put_row, source_row, standing_row,
        };


        fn raw_event(r: &DbRow) -> Result<RawEvent> {
            Ok(RawEvent {
                position: r.try_get("position")?,
                id: get_uid(r, "id")?,
                stream: r.try_get("stream")?,
                version: r.try_get("version")?,
                kind: r.try_get("kind")?,
                schema_version: r.try_get("schema_version")?,
                act_date: r.try_get("act_date")?,
                actors: r.try_get("actors")?,
                recorded_at: r.try_get::<DateTime<Utc>, _>("recorded_at")?,
                recorded_by: r.try_get("recorded_by")?,
                correlation_id: get_opt_uid(r, "correlation_id")?,
                causation_id: get_opt_uid(r, "causation_id")?,
                body: r.try_get("body")?,
                content_hash: r.try_get("content_hash")?,
                prev_hash: r.try_get("prev_hash")?,
                hash: r.try_get("hash")?,
            })
        }

        impl crate::store::sql::Cols for DbRow {
            fn text(&self, col: &str) -> Result<String> {
                Ok(self.try_get(col)?)
            }
            fn opt_text(&self, col: &str) -> Result<Option<String>> {
                Ok(self.try_get(col)?)
            }
            fn int(&self, col: &str) -> Result<i64> {
                Ok(self.try_get(col)?)
            }
            fn opt_int(&self, col: &str) -> Result<Option<i64>> {
                Ok(self.try_get(col)?)
            }
            fn flag(&self, col: &str) -> Result<bool> {
                Ok(self.try_get(col)?)
            }
            fn date(&self, col: &str) -> Result<NaiveDate> {
                Ok(self.try_get(col)?)
            }
            fn opt_date(&self, col: &str) -> Result<Option<NaiveDate>> {
                Ok(self.try_get(col)?)
            }
            fn uuid(&self, col: &str) -> Result<Uuid> {
                get_uid(self, col)
            }
        }

        /// Loads rows of the tables with one WHERE clause (or none) bound to `arg`; the
        /// timeline and sources only when `full`.
        async fn load_rows(
            conn: &mut <Db as sqlx::Database>::Connection,
            filter: &str,
            arg: Option<&str>,
            full: bool,
        ) -> Result<Projection> {
            let mut p = Projection::default();
            let q = |base: &str| sqlx::AssertSqlSafe(format!("{base} {filter}"));
            macro_rules! fetch {
                ($sql:expr) => {{
                    let query = sqlx::query(q($sql));
                    let query = match arg {
                        Some(a) => query.bind(a.to_string()),
                        None => query,
                    };
                    query.fetch_all(&mut *conn).await?
                }};
            }
            let tables = if full { &PROJECTION_TABLES[..] } else { &PROJECTION_TABLES[..5] };
            for table in tables {
                for r in fetch!(&format!("SELECT * FROM {table}")) {
                    put_row(&mut p, table, &r)?;
                }
            }
            Ok(p)
        }

        impl Backend for $store {
            type Tx<'a>
                = TxOf<'a>
            where
                Self: 'a;

            async fn begin(&self) -> Result<TxOf<'_>> {
                begin_tx(self).await
            }

            async fn events(&self, f: &EventFilter) -> Result<Vec<RawEvent>> {
                let limit = f.limit.unwrap_or(i64::MAX);
                let rows = if let (Some(s), None, None) = (&f.stream, &f.kind, &f.actor) {
                    sqlx::query("SELECT * FROM events WHERE stream = $1 AND position > $2 ORDER BY position LIMIT $3")
                        .bind(s).bind(f.after).bind(limit)
                        .fetch_all(&self.pool).await?
                } else {
                    sqlx::query("SELECT * FROM events WHERE position > $1 AND ($2 IS NULL OR stream = $2) AND ($3 IS NULL OR kind = $3) AND ($4 IS NULL OR (' ' || actors || ' ') LIKE $4) ORDER BY position LIMIT $5")
                        .bind(f.after)
                        .bind(f.stream.clone())
                        .bind(f.kind.clone())
                        .bind(f.actor.as_ref().map(|a| format!("% {a} %")))
                        .bind(limit)
                        .fetch_all(&self.pool).await?
                };
                rows.iter().map(raw_event).collect()
            }

            async fn event(&self, id: Uuid) -> Result<Option<RawEvent>> {
                let r = sqlx::query("SELECT * FROM events WHERE id = $1")
                    .bind(uid(id))
                    .fetch_optional(&self.pool)
                    .await?;
                r.as_ref().map(raw_event).transpose()
            }

            async fn rows(&self, sel: &RowSelect) -> Result<Projection> {
                match sel {
                    RowSelect::All => load_rows(&mut *self.pool.acquire().await?, "", None, true).await,
                    RowSelect::Stream(s) => load_stream_rows(&mut *self.pool.acquire().await?, s, true).await,
                    RowSelect::Initiatives => {
                        let mut p = Projection::default();
                        for r in sqlx::query(SEL_INITIATIVES).fetch_all(&self.pool).await? {
                            let row = initiative_row(&r)?;
                            p.initiatives.insert(row.id.clone(), row);
                        }
                        Ok(p)
                    }
                    RowSelect::State(code) => {
                        let mut p = Projection::default();
                        for r in sqlx::query(SEL_INITIATIVES).fetch_all(&self.pool).await? {
                            let row = initiative_row(&r)?;
                            p.initiatives.insert(row.id.clone(), row);
                        }
                        for r in sqlx::query("SELECT * FROM positions WHERE state = $1").bind(code).fetch_all(&self.pool).await? {
                            let row = position_row(&r)?;
                            p.positions.insert((row.initiative.clone(), row.state.clone()), row);
                        }
                        for r in sqlx::query("SELECT * FROM commitments WHERE state = $1").bind(code).fetch_all(&self.pool).await? {
                            let row = commitment_row(&r)?;
                            p.commitments.insert((row.id.clone(), row.state.clone()), row);
                        }
                        for r in sqlx::query("SELECT * FROM standings WHERE state = $1").bind(code).fetch_all(&self.pool).await? {
                            let row = standing_row(&r)?;
                            p.standings.insert((row.treaty.clone(), row.state.clone()), row);
                        }
                        for r in sqlx::query(SEL_MEETINGS).fetch_all(&self.pool).await? {
                            let row = meeting_row(&r)?;
                            let takes_part = row.organisers.iter().any(|o| o == code)
                                || row.host.as_deref() == Some(code.as_str())
                                || row.participants.iter().any(|x| x.actor.as_deref() == Some(code.as_str()));
                            if takes_part {
                                p.meetings.insert(row.id.clone(), row);
                            }
                        }
                        let mut wanted: Vec<Uuid> = p.positions.values().flat_map(|r| r.evidence.iter().copied()).collect();
                        wanted.extend(p.standings.values().flat_map(|r| r.evidence.iter().copied()));
                        wanted.extend(p.commitments.values().map(|c| c.event_id));
                        wanted.extend(p.meetings.values().map(|c| c.event_id));
                        wanted.sort();
                        wanted.dedup();
                        for id in wanted {
                            for r in sqlx::query("SELECT * FROM sources WHERE event_id = $1").bind(uid(id)).fetch_all(&self.pool).await? {
                                if let Some(row) = source_row(&r)? {
                                    p.sources.insert((row.event_id, row.ordinal), row);
                                }
                            }
                        }
                        Ok(p)
                    }
                }
            }

            async fn streams(&self) -> Result<(Vec<String>, Vec<String>)> {
                let events: Vec<String> = sqlx::query_scalar("SELECT DISTINCT stream FROM events ORDER BY stream")
                    .fetch_all(&self.pool).await?;
                let rows: Vec<String> = sqlx::query_scalar(
                    "SELECT stream FROM initiatives UNION SELECT stream FROM positions UNION SELECT stream FROM commitments UNION SELECT stream FROM meetings UNION SELECT stream FROM standings UNION SELECT stream FROM timeline UNION SELECT stream FROM source_refs ORDER BY 1",
                )
                .fetch_all(&self.pool).await?;
                Ok((events, rows))
            }

            async fn count_events(&self) -> Result<i64> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM events").fetch_one(&self.pool).await?)
            }

            async fn max_timeline_position(&self) -> Result<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT MAX(log_position) FROM timeline").fetch_one(&self.pool).await?)
            }

            async fn is_empty(&self) -> Result<bool> {
                let one: Option<i64> = sqlx::query_scalar("SELECT position FROM events LIMIT 1").fetch_optional(&self.pool).await?;
                Ok(one.is_none())
            }

            async fn has_initiative(&self, id: &str) -> Result<bool> {
                let hit: Option<String> = sqlx::query_scalar("SELECT id FROM initiatives WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
                Ok(hit.is_some())
            }

            async fn ids_with_prefix(&self, prefix: &str) -> Result<Vec<Uuid>> {
                let rows = sqlx::query(ID_PREFIX_SQL)
                    .bind(format!("{}%", prefix.to_ascii_lowercase()))
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|r| get_uid(r, "id")).collect()
            }
        }
    };
}

pub(crate) use sql_backend;

/// The write transaction of a backend run through sqlx (PostgreSQL). Invoked after
/// `sql_backend!` in the same module, whose imports and helpers it uses, and beside
/// the module's `Tx`, `uid`, `map_write_err`, `events_page`, `load_stream_rows` and
/// `MAX_STATEMENT_BYTES`.
macro_rules! sqlx_write_tx {
    () => {
        mod write_tx {
            use std::collections::BTreeSet;

            use super::*;
            use crate::projection::Delta;
            use crate::projection::rows::*;
            use crate::store::backend::WriteTx;
            use crate::store::sql::*;

            impl WriteTx for Tx {
                async fn head(&mut self) -> Result<(i64, String)> {
                    let row = sqlx::query("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")
                        .fetch_optional(&mut *self.tx)
                        .await?;
                    Ok(match row {
                        Some(r) => (r.try_get(0)?, r.try_get(1)?),
                        None => (0, crate::store::hash::GENESIS.to_string()),
                    })
                }

                async fn stream_version(&mut self, stream: &str) -> Result<i64> {
                    let v: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM events WHERE stream = $1")
                        .bind(stream)
                        .fetch_one(&mut *self.tx)
                        .await?;
                    Ok(v.unwrap_or(0))
                }

                async fn stream_versions(&mut self, streams: &[String]) -> Result<std::collections::BTreeMap<String, i64>> {
                    let mut out = std::collections::BTreeMap::new();
                    for chunk in streams.chunks(IN_LIST_LEN) {
                        let mut q = sqlx::QueryBuilder::<Db>::new("SELECT stream, MAX(version) AS v FROM events WHERE stream IN (");
                        let mut list = q.separated(", ");
                        for s in chunk {
                            list.push_bind(s.clone());
                        }
                        q.push(") GROUP BY stream");
                        for r in q.build().fetch_all(&mut *self.tx).await? {
                            out.insert(r.try_get::<String, _>("stream")?, r.try_get::<i64, _>("v")?);
                        }
                    }
                    Ok(out)
                }

                async fn later_acts_touch(&mut self, stream: &str, sort_key: &str, kinds: &[&str], actors: &[String]) -> Result<bool> {
                    let mut q = sqlx::QueryBuilder::<Db>::new("SELECT log_position FROM timeline WHERE stream = ");
                    q.push_bind(stream.to_string()).push(" AND sort_key > ").push_bind(sort_key.to_string()).push(" AND (1 = 0");
                    if !kinds.is_empty() {
                        q.push(" OR kind IN (");
                        let mut list = q.separated(", ");
                        for k in kinds {
                            list.push_bind(k.to_string());
                        }
                        q.push(")");
                    }
                    for a in actors {
                        // Actors are stored space-separated; `strpos` matches the id exactly
                        // (LIKE would take a `_` in it as a wildcard).
                        q.push(" OR strpos(' ' || actors || ' ', ").push_bind(format!(" {a} ")).push(") > 0");
                    }
                    q.push(") LIMIT 1");
                    Ok(q.build().fetch_optional(&mut *self.tx).await?.is_some())
                }

                async fn stream_max_sort_key(&mut self, stream: &str) -> Result<Option<String>> {
                    Ok(sqlx::query_scalar("SELECT MAX(sort_key) FROM timeline WHERE stream = $1")
                        .bind(stream)
                        .fetch_one(&mut *self.tx)
                        .await?)
                }

                async fn acts_like(&mut self, stream: &str, kind: &str, act_date: &str, sort_key: &str) -> Result<Vec<Uuid>> {
                    let rows = sqlx::query("SELECT event_id FROM timeline WHERE stream = $1 AND sort_key = $4 AND kind = $2 AND act_date = $3 ORDER BY log_position")
                        .bind(stream)
                        .bind(kind)
                        .bind(act_date)
                        .bind(sort_key)
                        .fetch_all(&mut *self.tx)
                        .await?;
                    rows.iter().map(|r| get_uid(r, "event_id")).collect()
                }

                async fn acts_loosely_dated(&mut self, stream: &str, kind: &str, any_date: bool, from: &str) -> Result<Vec<Uuid>> {
                    let rows = sqlx::query("SELECT event_id FROM timeline WHERE stream = $1 AND sort_key >= $4 AND kind = $2 AND ($3 OR length(act_date) <> 10) ORDER BY log_position")
                        .bind(stream)
                        .bind(kind)
                        .bind(any_date)
                        .bind(from)
                        .fetch_all(&mut *self.tx)
                        .await?;
                    rows.iter().map(|r| get_uid(r, "event_id")).collect()
                }

                async fn find_sources_of(&mut self, event: Uuid) -> Result<Vec<String>> {
                    let rows = sqlx::query("SELECT * FROM sources WHERE event_id = $1 ORDER BY ordinal")
                        .bind(uid(event))
                        .fetch_all(&mut *self.tx)
                        .await?;
                    let mut out = Vec::new();
                    for r in &rows {
                        out.extend(source_row(r)?.as_ref().map(source_identity));
                    }
                    Ok(out)
                }

                async fn find_many(&mut self, ids: &[Uuid]) -> Result<Vec<RawEvent>> {
                    let mut out = Vec::new();
                    for chunk in ids.chunks(IN_LIST_LEN) {
                        let mut q = sqlx::QueryBuilder::<Db>::new("SELECT * FROM events WHERE id IN (");
                        let mut list = q.separated(", ");
                        for id in chunk {
                            list.push_bind(uid(*id));
                        }
                        q.push(")");
                        for r in q.build().fetch_all(&mut *self.tx).await? {
                            out.push(raw_event(&r)?);
                        }
                    }
                    Ok(out)
                }

                async fn find(&mut self, id: Uuid) -> Result<Option<RawEvent>> {
                    let r = sqlx::query("SELECT * FROM events WHERE id = $1")
                        .bind(uid(id))
                        .fetch_optional(&mut *self.tx)
                        .await?;
                    r.as_ref().map(raw_event).transpose()
                }

                async fn stream_events(&mut self, stream: &str) -> Result<Vec<RawEvent>> {
                    let rows = sqlx::query("SELECT * FROM events WHERE stream = $1 ORDER BY version")
                        .bind(stream)
                        .fetch_all(&mut *self.tx)
                        .await?;
                    rows.iter().map(raw_event).collect()
                }

                async fn stream_rows(&mut self, stream: &str, full: bool) -> Result<Projection> {
                    load_stream_rows(&mut *self.tx, stream, full).await
                }

                async fn stream_rows_of(&mut self, stream: &str, actors: &[String]) -> Result<Projection> {
                    let mut p = Projection::default();
                    for r in sqlx::query("SELECT * FROM initiatives WHERE stream = $1")
                        .bind(stream)
                        .fetch_all(&mut *self.tx)
                        .await?
                    {
                        put_row(&mut p, "initiatives", &r)?;
                    }
                    let initiatives: Vec<String> = p.initiatives.keys().cloned().collect();
                    for r in sqlx::query("SELECT * FROM positions WHERE stream = $1 AND initiative = ANY($2) AND state = ANY($3)")
                        .bind(stream)
                        .bind(&initiatives)
                        .bind(actors)
                        .fetch_all(&mut *self.tx)
                        .await?
                    {
                        put_row(&mut p, "positions", &r)?;
                    }
                    for r in sqlx::query("SELECT * FROM commitments WHERE stream = $1 AND state = ANY($2)")
                        .bind(stream)
                        .bind(actors)
                        .fetch_all(&mut *self.tx)
                        .await?
                    {
                        put_row(&mut p, "commitments", &r)?;
                    }
                    Ok(p)
                }

                async fn positions_held(&mut self, initiative: &str, states: &[String]) -> Result<Census> {
                    let rows = sqlx::query("SELECT initiative, state, position FROM positions WHERE initiative = $1 AND state = ANY($2)")
                        .bind(initiative)
                        .bind(states)
                        .fetch_all(&mut *self.tx)
                        .await?;
                    rows.iter().map(census_entry).collect()
                }

                async fn sources_of_events(&mut self, events: &[Uuid]) -> Result<Vec<SourceRow>> {
                    let mut out = Vec::new();
                    for chunk in events.chunks(IN_LIST_LEN) {
                        let mut q = sqlx::QueryBuilder::<Db>::new("SELECT * FROM sources WHERE event_id IN (");
                        let mut list = q.separated(", ");
                        for id in chunk {
                            list.push_bind(uid(*id));
                        }
                        q.push(")");
                        for r in q.build().fetch_all(&mut *self.tx).await? {
                            out.extend(source_row(&r)?);
                        }
                    }
                    Ok(out)
                }

                async fn existing_initiatives(&mut self, ids: &[String]) -> Result<BTreeSet<String>> {
                    let mut out = BTreeSet::new();
                    for id in ids {
                        let hit: Option<String> = sqlx::query_scalar("SELECT id FROM initiatives WHERE id = $1")
                            .bind(id)
                            .fetch_optional(&mut *self.tx)
                            .await?;
                        out.extend(hit);
                    }
                    Ok(out)
                }

                async fn events_page(&mut self, after: &(String, i64), limit: i64) -> Result<Vec<RawEvent>> {
                    events_page(&mut *self.tx, after, limit).await
                }

                async fn insert_events(&mut self, events: &[crate::domain::event::StoredEvent]) -> Result<()> {
                    let size = |e: &crate::domain::event::StoredEvent| {
                        ROW_SQL_BYTES + 400 + e.body.len() + e.stream.len() + len_all(&e.data.actors) + e.recorded_by.len()
                    };
                    for chunk in runs(events, ROWS_PER_STATEMENT, MAX_STATEMENT_BYTES, size) {
                        let mut q = sqlx::QueryBuilder::<Db>::new(INSERT_EVENTS);
                        q.push_values(chunk, |mut b, e| {
                            b.push_bind(e.position)
                                .push_bind(uid(e.id))
                                .push_bind(e.stream.clone())
                                .push_bind(e.version)
                                .push_bind(e.kind.as_str())
                                .push_bind(e.schema_version)
                                .push_bind(e.data.date.to_string())
                                .push_bind(e.data.actors.join(" "))
                                .push_bind(e.recorded_at)
                                .push_bind(e.recorded_by.clone())
                                .push_bind(e.correlation_id.map(uid))
                                .push_bind(e.causation_id.map(uid))
                                .push_bind(e.body.clone())
                                .push_bind(e.content_hash.clone())
                                .push_bind(e.prev_hash.clone())
                                .push_bind(e.hash.clone());
                        });
                        let stream = chunk.first().map(|e| e.stream.clone()).unwrap_or_default();
                        q.build().execute(&mut *self.tx).await.map_err(|err| map_write_err(err, &stream))?;
                    }
                    Ok(())
                }

                async fn write_rows(&mut self, d: &Delta) -> Result<()> {
                    let tx = &mut *self.tx;
                    for id in &d.delete.initiatives {
                        sqlx::query("DELETE FROM initiatives WHERE id = $1").bind(id).execute(&mut *tx).await?;
                    }
                    for (i, s) in &d.delete.positions {
                        sqlx::query("DELETE FROM positions WHERE initiative = $1 AND state = $2")
                            .bind(i).bind(s).execute(&mut *tx).await?;
                    }
                    for (i, s) in &d.delete.commitments {
                        sqlx::query("DELETE FROM commitments WHERE id = $1 AND state = $2")
                            .bind(i).bind(s).execute(&mut *tx).await?;
                    }
                    for id in &d.delete.meetings {
                        sqlx::query("DELETE FROM meetings WHERE id = $1").bind(id).execute(&mut *tx).await?;
                    }
                    for (t, s) in &d.delete.standings {
                        sqlx::query("DELETE FROM standings WHERE treaty = $1 AND state = $2")
                            .bind(t).bind(s).execute(&mut *tx).await?;
                    }
                    for p in &d.delete.timeline {
                        sqlx::query("DELETE FROM timeline WHERE log_position = $1").bind(*p).execute(&mut *tx).await?;
                    }
                    for (e, o) in &d.delete.sources {
                        sqlx::query("DELETE FROM source_refs WHERE event_id = $1 AND ordinal = $2")
                            .bind(uid(*e)).bind(*o).execute(&mut *tx).await?;
                    }
                    let mut q = sqlx::QueryBuilder::<Db>::new("");
                    macro_rules! upsert {
                        ($sql:expr, $rows:expr, $size:expr, |$b:ident, $r:ident| $push:block) => {{
                            let rows: Vec<_> = $rows.collect();
                            for chunk in runs(&rows, ROWS_PER_STATEMENT, MAX_STATEMENT_BYTES, |r| ROW_SQL_BYTES + $size(*r)) {
                                q.push($sql.0);
                                q.push_values(chunk, |mut $b, $r| $push);
                                q.push($sql.1);
                                q.build().execute(&mut *tx).await?;
                                q.reset();
                            }
                        }};
                    }
                    upsert!(UPSERT_INITIATIVE, d.upsert.initiatives.values(), |r: &InitiativeRow| 200 + r.title.len() + len_all(&r.proposers) + len_all(&r.scope), |b, r| {
                        b.push_bind(r.id.clone()).push_bind(r.stream.clone()).push_bind(r.title.clone())
                            .push_bind(join(&r.proposers)).push_bind(join(&r.scope)).push_bind(r.proposed_on.clone())
                            .push_bind(uid(r.event_id)).push_bind(r.status.clone()).push_bind(r.supporters)
                            .push_bind(r.opposers).push_bind(r.withdrawn).push_bind(r.silent)
                            .push_bind(r.form.clone()).push_bind(r.parent.clone()).push_bind(r.adopted_on.clone())
                            .push_bind(r.in_force_on.clone());
                    });
                    upsert!(UPSERT_STANDING, d.upsert.standings.values(), |r: &StandingRow| 200 + 37 * r.evidence.len(), |b, r| {
                        b.push_bind(r.treaty.clone()).push_bind(r.state.clone()).push_bind(r.stream.clone())
                            .push_bind(r.standing.as_str()).push_bind(r.signed_on.clone())
                            .push_bind(r.ratified_on.clone()).push_bind(r.consent.map(|c| c.as_str()))
                            .push_bind(r.in_force_on.clone()).push_bind(r.withdrawn_on.clone())
                            .push_bind(join_ids(&r.evidence)).push_bind(r.sources);
                    });
                    upsert!(UPSERT_POSITION, d.upsert.positions.values(), |r: &PositionRow| 150 + r.initiative.len() + r.stream.len() + 37 * r.evidence.len(), |b, r| {
                        b.push_bind(r.initiative.clone()).push_bind(r.state.clone()).push_bind(r.stream.clone())
                            .push_bind(r.position.as_str()).push_bind(r.since.clone()).push_bind(r.since_key.clone())
                            .push_bind(join_ids(&r.evidence)).push_bind(r.sources);
                    });
                    upsert!(UPSERT_COMMITMENT, d.upsert.commitments.values(), |r: &CommitmentRow| 250 + r.id.len() + r.text.len() + r.progress_text.as_ref().map_or(0, String::len), |b, r| {
                        b.push_bind(r.id.clone()).push_bind(r.state.clone()).push_bind(r.stream.clone())
                            .push_bind(r.initiative.clone()).push_bind(r.text.clone()).push_bind(r.made_on.clone())
                            .push_bind(r.deadline).push_bind(r.status.as_str()).push_bind(r.progress_percent)
                            .push_bind(r.progress_text.clone()).push_bind(r.last_report_on.clone())
                            .push_bind(r.last_activity).push_bind(uid(r.event_id));
                    });
                    upsert!(UPSERT_MEETING, d.upsert.meetings.values(), |r: &MeetingRow| 300 + r.title.len() + r.outcome.as_ref().map_or(0, String::len) + 200 * r.participants.len() + len_all(&r.topics) + len_all(&r.initiatives), |b, r| {
                        b.push_bind(r.id.clone()).push_bind(r.stream.clone()).push_bind(r.title.clone())
                            .push_bind(r.format.as_str()).push_bind(r.host.clone())
                            .push_bind(r.held_on.clone()).push_bind(r.venue.clone()).push_bind(join(&r.organisers))
                            .push_bind(to_json(&r.participants)).push_bind(to_json(&r.topics))
                            .push_bind(to_json(&r.initiatives)).push_bind(r.outcome.clone()).push_bind(uid(r.event_id));
                    });
                    upsert!(UPSERT_TIMELINE, d.upsert.timeline.values(), |r: &TimelineRow| 150 + r.stream.len() + r.summary.len() + len_all(&r.actors), |b, r| {
                        b.push_bind(r.log_position).push_bind(uid(r.event_id)).push_bind(r.stream.clone())
                            .push_bind(r.act_date.clone()).push_bind(r.sort_key.clone()).push_bind(r.kind.clone())
                            .push_bind(join(&r.actors)).push_bind(r.initiative.clone()).push_bind(r.summary.clone())
                            .push_bind(r.amended);
                    });
                    upsert!(UPSERT_SOURCE, d.upsert.sources.values().filter_map(|r| source_stored(r).map(|kept| (r, kept))), |(r, _): (&SourceRow, _)| 150 + r.stream.len() + if r.as_logged { 0 } else { r.title.len() + r.publisher.len() + r.quote.len() + r.url.as_ref().map_or(0, String::len) + r.note.as_ref().map_or(0, String::len) }, |b, r| {
                        let &(r, (via, copy)) = r;
                        b.push_bind(uid(r.event_id)).push_bind(r.ordinal).push_bind(r.stream.clone())
                            .push_bind(via.map(uid)).push_bind(copy.map(|c| c.title.clone()))
                            .push_bind(copy.map(|c| c.publisher.clone())).push_bind(copy.map(|c| c.published.clone()))
                            .push_bind(copy.and_then(|c| c.url.clone())).push_bind(copy.map(|c| c.quote.clone()))
                            .push_bind(copy.and_then(|c| c.note.clone()));
                    });
                    Ok(())
                }

                async fn clear_projections(&mut self) -> Result<()> {
                    for t in PROJECTION_TABLES.map(kept_in) {
                        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {t}")))
                            .execute(&mut *self.tx)
                            .await?;
                    }
                    Ok(())
                }

                async fn drop_projection_indexes(&mut self) -> Result<Vec<String>> {
                    let rows: Vec<(String, String, String)> = sqlx::query_as(SECONDARY_INDEXES_SQL)
                        .fetch_all(&mut *self.tx)
                        .await?;
                    let rows: Vec<(String, String)> = rows
                        .into_iter()
                        .filter(|(_, table, _)| PROJECTION_TABLES.iter().any(|t| kept_in(t) == table))
                        .map(|(name, _, sql)| (name, sql))
                        .collect();
                    for (name, _) in &rows {
                        sqlx::query(sqlx::AssertSqlSafe(format!("DROP INDEX \"{}\"", name.replace('"', "\"\""))))
                            .execute(&mut *self.tx)
                            .await?;
                    }
                    Ok(rows.into_iter().map(|(_, sql)| sql).collect())
                }

                async fn create_indexes(&mut self, statements: &[String]) -> Result<()> {
                    for sql in statements {
                        sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).execute(&mut *self.tx).await?;
                    }
                    Ok(())
                }

                async fn commit(self) -> Result<()> {
                    self.tx.commit().await.map_err(|e| map_write_err(e, ""))?;
                    Ok(())
                }
            }

        }
    };
}

pub(crate) use sqlx_write_tx;

#[cfg(test)]
mod tests {
    use super::runs;

    #[test]
    fn runs_respect_both_the_row_and_the_byte_limit() {
        let rows: Vec<usize> = vec![5, 5, 5, 5, 5, 5, 5];
        let by_rows: Vec<usize> = runs(&rows, 3, usize::MAX, |r| *r)
            .iter()
            .map(|r| r.len())
            .collect();
        assert_eq!(by_rows, [3, 3, 1]);
        let by_bytes: Vec<usize> = runs(&rows, 100, 12, |r| *r)
            .iter()
            .map(|r| r.len())
            .collect();
        assert_eq!(by_bytes, [2, 2, 2, 1]);
        // A row larger than the limit goes alone, never dropped.
        let big: Vec<usize> = vec![50, 1, 50];
        let alone: Vec<usize> = runs(&big, 100, 10, |r| *r)
            .iter()
            .map(|r| r.len())
            .collect();
        assert_eq!(alone, [1, 1, 1]);
        assert!(runs(&Vec::<usize>::new(), 3, 3, |r| *r).is_empty());
    }
}
