//! The SQLite backend: one file, WAL, synchronous=NORMAL, foreign keys, a busy
//! timeout. Reads and migrations go through sqlx's pool; writes run on a
//! synchronous connection of their own (`sqlite_write`), in `BEGIN IMMEDIATE`
//! transactions so writers queue on the lock instead of failing.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::sqlite_write::{SyncTx, Writer};

type DbRow = sqlx::sqlite::SqliteRow;
type Db = sqlx::Sqlite;

/// The SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: sqlx::SqlitePool,
    writer: Arc<Writer>,
}

type TxOf<'a> = SyncTx<'a>;

async fn begin_tx(store: &SqliteStore) -> crate::error::Result<SyncTx<'_>> {
    store.writer.begin().await
}

const ID_PREFIX_SQL: &str = "SELECT id FROM events WHERE id LIKE $1 ORDER BY position LIMIT 20";

/// The projection tables and their columns, in the order the stream load reads them.
const STREAM_TABLES: [(&str, &[&str]); 7] = [
    (
        "initiatives",
        &[
            "id",
            "stream",
            "title",
            "proposers",
            "scope",
            "proposed_on",
            "event_id",
            "status",
            "supporters",
            "opposers",
            "withdrawn",
            "silent",
            "form",
            "parent",
            "adopted_on",
            "in_force_on",
        ],
    ),
    (
        "positions",
        &[
            "initiative",
            "state",
            "stream",
            "position",
            "since",
            "since_key",
            "evidence",
            "sources",
        ],
    ),
    (
        "commitments",
        &[
            "id",
            "state",
            "stream",
            "initiative",
            "text",
            "made_on",
            "deadline",
            "status",
            "progress_percent",
            "progress_text",
            "last_report_on",
            "last_activity",
            "event_id",
        ],
    ),
    (
        "meetings",
        &[
            "id",
            "stream",
            "title",
            "format",
            "host",
            "held_on",
            "venue",
            "organisers",
            "participants",
            "topics",
            "initiatives",
            "outcome",
            "event_id",
        ],
    ),
    (
        "standings",
        &[
            "treaty",
            "state",
            "stream",
            "standing",
            "signed_on",
            "ratified_on",
            "consent",
            "in_force_on",
            "withdrawn_on",
            "evidence",
            "sources",
        ],
    ),
    (
        "timeline",
        &[
            "event_id",
            "log_position",
            "stream",
            "act_date",
            "sort_key",
            "kind",
            "actors",
            "initiative",
            "summary",
            "amended",
        ],
    ),
    (
        "sources",
        &[
            "event_id",
            "ordinal",
            "stream",
            "via_event",
            "title",
            "publisher",
            "published",
            "url",
            "quote",
            "note",
            "via_body",
        ],
    ),
];

/// One statement that returns each table's rows of a stream as one JSON array.
fn stream_rows_sql(tables: usize) -> String {
    let parts: Vec<String> = STREAM_TABLES[..tables]
        .iter()
        .map(|(t, cols)| {
            format!(
                "(SELECT coalesce(json_group_array(json_array({})), '[]') FROM {t} WHERE stream = $1)",
                cols.join(", ")
            )
        })
        .collect();
    format!("SELECT {}", parts.join(", "))
}

/// The statement that reads a stream's projection rows (bound to the stream as
/// `$1`): one column per table, the first five, or all seven when `full`.
fn stream_rows_query(full: bool) -> &'static str {
    static SHORT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| stream_rows_sql(5));
    static FULL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| stream_rows_sql(7));
    if full { &FULL } else { &SHORT }
}

/// Decodes the columns read by `stream_rows_query`, one JSON array per table.
fn decode_stream_rows(
    stream: &str,
    columns: &[String],
) -> crate::error::Result<crate::projection::Projection> {
    use crate::store::sql::{JsonRow, put_row};
    let mut p = crate::projection::Projection::default();
    for ((table, cols), text) in STREAM_TABLES.iter().zip(columns) {
        let rows: Vec<Vec<serde_json::Value>> = serde_json::from_str(text).map_err(|e| {
            crate::error::Error::Integrity(format!(
                "the {table} rows of {stream} cannot be read: {e}"
            ))
        })?;
        for values in rows {
            put_row(&mut p, table, &JsonRow { cols, values })?;
        }
    }
    Ok(p)
}

/// The projection rows of one stream in one statement: each table's rows come as
/// one JSON array, so a single row crosses from sqlx's worker thread (a stream can
/// hold a hundred positions or more).
async fn load_stream_rows(
    conn: &mut sqlx::SqliteConnection,
    stream: &str,
    full: bool,
) -> crate::error::Result<crate::projection::Projection> {
    let row = sqlx::query(sqlx::AssertSqlSafe(stream_rows_query(full)))
        .bind(stream)
        .fetch_one(conn)
        .await?;
    let columns = (0..if full { 7 } else { 5 })
        .map(|i| sqlx::Row::try_get::<String, _>(&row, i))
        .collect::<Result<Vec<_>, _>>()?;
    decode_stream_rows(stream, &columns)
}

fn uid(u: uuid::Uuid) -> uuid::fmt::Hyphenated {
    u.hyphenated()
}

fn get_uid(r: &sqlx::sqlite::SqliteRow, col: &str) -> crate::error::Result<uuid::Uuid> {
    crate::store::sql::parse_uid(col, &sqlx::Row::try_get::<String, _>(r, col)?)
}

fn get_opt_uid(r: &sqlx::sqlite::SqliteRow, col: &str) -> crate::error::Result<Option<uuid::Uuid>> {
    let s: Option<String> = sqlx::Row::try_get(r, col)?;
    s.map(|s| crate::store::sql::parse_uid(col, &s)).transpose()
}

/// Whether a `sqlite:` URL names an in-memory database, read as sqlx reads it
/// (`:memory:`, or `mode=memory`): the write connection must then join sqlx's
/// shared in-memory database instead of opening a file of that name.
fn is_in_memory(url: &str) -> bool {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (database, params) = rest.split_once('?').unwrap_or((rest, ""));
    database == ":memory:"
        || url::form_urlencoded::parse(params.as_bytes()).any(|(k, v)| k == "mode" && v == "memory")
}

impl SqliteStore {
    /// Opens (creating if missing) the store file and applies migrations.
    pub async fn open(path: &Path) -> crate::error::Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                crate::error::Error::Store(format!(
                    "cannot create the folder {}: {e}",
                    dir.display()
                ))
            })?;
        }
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30));
        Self::with_options(opts, &path.display().to_string(), false).await
    }

    /// Opens a store from a `sqlite:` URL.
    pub async fn open_url(url: &str) -> crate::error::Result<Self> {
        let opts = SqliteConnectOptions::from_str(url)
            .map_err(|e| crate::error::Error::Store(format!("bad SQLite URL {url}: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30));
        Self::with_options(opts, url, is_in_memory(url)).await
    }

    async fn with_options(
        opts: SqliteConnectOptions,
        name: &str,
        in_memory: bool,
    ) -> crate::error::Result<Self> {
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(60))
            .connect_with(opts.clone())
            .await
            .map_err(|e| {
                crate::error::Error::Store(format!("cannot open the store {name}: {e}"))
            })?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&pool)
            .await
            .map_err(|e| super::migrate_error(e, name))?;
        let writer = Arc::new(Writer::new(opts.get_filename(), name, in_memory));
        Ok(SqliteStore { pool, writer })
    }

    /// The connection pool (for tests and tools that inspect the file).
    pub fn pool(&self) -> &sqlx::SqlitePool {
        &self.pool
    }
}

super::sql::sql_backend!(SqliteStore);

#[cfg(test)]
mod tests {
    #[test]
    fn in_memory_urls_are_told_from_files() {
        assert!(super::is_in_memory("sqlite::memory:"));
        assert!(super::is_in_memory("sqlite://:memory:"));
        assert!(super::is_in_memory(
            "sqlite://scratch?mode=memory&cache=shared"
        ));
        assert!(!super::is_in_memory("sqlite://accord.db"));
        assert!(!super::is_in_memory("sqlite:///tmp/memory.db?mode=rwc"));
    }

    #[test]
    fn the_one_statement_stream_load_reads_the_projection_tables_in_their_order() {
        let names: Vec<&str> = super::STREAM_TABLES.iter().map(|(t, _)| *t).collect();
        assert_eq!(names, crate::store::sql::PROJECTION_TABLES);
    }
}
