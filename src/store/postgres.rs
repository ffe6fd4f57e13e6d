//! The PostgreSQL backend: the team's shared record. Appends take an
//! EXCLUSIVE lock on the events table for the transaction, so global
//! positions are assigned and become visible strictly in commit order (no
//! gaps, no late-committing reader skips) and the hash chain stays linear.
//! Plain reads are not blocked by the lock.

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgSslMode};

type DbRow = sqlx::postgres::PgRow;
type Db = sqlx::Postgres;

/// The PostgreSQL store.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: sqlx::PgPool,
}

/// A write transaction holding the append lock.
pub struct Tx {
    tx: sqlx::Transaction<'static, Db>,
}

type TxOf<'a> = Tx;

async fn begin_tx(store: &PgStore) -> crate::error::Result<Tx> {
    Ok(Tx {
        tx: begin_write(&store.pool).await?,
    })
}

/// The largest multi-row statement, in bytes of SQL and bound values: a bound on the
/// memory one statement takes. (sqlx 0.9.0 set no TCP_NODELAY, transact-rs/sqlx#4335,
/// and statements were kept under one TLS record to avoid a 40 ms stall per statement;
/// 0.9.1, which accord requires, sets it, and larger statements write faster.)
const MAX_STATEMENT_BYTES: usize = 1 << 20;

const ID_PREFIX_SQL: &str =
    "SELECT id FROM events WHERE id::text LIKE $1 ORDER BY position LIMIT 20";

/// Name, table and definition of each index in the current schema (those backing a
/// primary key or unique constraint are not listed).
const SECONDARY_INDEXES_SQL: &str = "SELECT i.indexname::text, i.tablename::text, i.indexdef FROM pg_indexes i \
     WHERE i.schemaname = current_schema() \
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = current_schema()::regnamespace) \
     ORDER BY 1";

/// A page of events in (stream, version) order, read row by row.
async fn events_page(
    conn: &mut sqlx::PgConnection,
    after: &(String, i64),
    limit: i64,
) -> crate::error::Result<Vec<crate::store::backend::RawEvent>> {
    let rows = sqlx::query(
        "SELECT * FROM events WHERE (stream, version) > ($1, $2) ORDER BY stream, version LIMIT $3",
    )
    .bind(&after.0)
    .bind(after.1)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(raw_event).collect()
}

/// The projection rows of one stream, a statement per table.
async fn load_stream_rows(
    conn: &mut sqlx::PgConnection,
    stream: &str,
    full: bool,
) -> crate::error::Result<crate::projection::Projection> {
    load_rows(conn, "WHERE stream = $1", Some(stream), full).await
}

fn uid(u: uuid::Uuid) -> uuid::Uuid {
    u
}

fn get_uid(r: &sqlx::postgres::PgRow, col: &str) -> crate::error::Result<uuid::Uuid> {
    Ok(sqlx::Row::try_get(r, col)?)
}

fn get_opt_uid(r: &sqlx::postgres::PgRow, col: &str) -> crate::error::Result<Option<uuid::Uuid>> {
    Ok(sqlx::Row::try_get(r, col)?)
}

async fn begin_write(pool: &sqlx::PgPool) -> crate::error::Result<sqlx::Transaction<'static, Db>> {
    let mut tx = pool.begin().await?;
    sqlx::query("LOCK TABLE events IN EXCLUSIVE MODE")
        .execute(&mut *tx)
        .await
        .map_err(|e| map_write_err(e, ""))?;
    Ok(tx)
}

fn map_write_err(e: sqlx::Error, stream: &str) -> crate::error::Error {
    if let sqlx::Error::Database(db) = &e {
        let code = db.code().unwrap_or_default();
        if db.is_unique_violation() || code == "40001" || code == "40P01" {
            return crate::error::Error::Conflict {
                stream: stream.to_string(),
                expected: "the version it read".into(),
                actual: -1,
            };
        }
    }
    // A missing privilege, a full disk, a read-only server: explained by `error::cannot_write`.
    e.into()
}

/// Shows a database URL with its password hidden.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("****"));
            }
            u.to_string()
        }
        Err(_) => "(an unparsable URL)".to_string(),
    }
}

/// Whether the store has exactly this build's migrations applied. Then opening
/// it writes nothing, so a role that may only read can open it (running the
/// migrator would try to create its table and fail without CREATE privilege).
async fn up_to_date(conn: &mut sqlx::PgConnection, m: &sqlx::migrate::Migrator) -> bool {
    let applied: Result<Vec<(i64, Vec<u8>)>, _> = sqlx::query_as(
        "SELECT version, checksum FROM _sqlx_migrations WHERE success ORDER BY version",
    )
    .fetch_all(&mut *conn)
    .await;
    let ours: Vec<(i64, Vec<u8>)> = m
        .iter()
        .filter(|x| !x.migration_type.is_down_migration())
        .map(|x| (x.version, x.checksum.to_vec()))
        .collect();
    applied.is_ok_and(|a| a == ours)
}

/// Whether to connect without TLS: the server is on this machine (loopback or a
/// socket), and neither the URL nor `PGSSLMODE` asks for an SSL mode. TLS adds
/// nothing on loopback, and its handshake costs every `accord` process several
/// milliseconds.
fn plain_on_loopback(url: &str, opts: &PgConnectOptions) -> bool {
    let asked = url::Url::parse(url).map_or(true, |u| {
        u.query_pairs()
            .any(|(k, _)| k.eq_ignore_ascii_case("sslmode") || k.eq_ignore_ascii_case("ssl-mode"))
    }) || std::env::var_os("PGSSLMODE").is_some();
    let host = opts.get_host();
    let local = host.starts_with('/')
        || matches!(host, "localhost" | "::1" | "[::1]")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    !asked && local
}

impl PgStore {
    /// Connects and applies migrations.
    pub async fn open(url: &str) -> crate::error::Result<Self> {
        let shown = redact(url);
        let opts: PgConnectOptions = url
            .parse()
            .map_err(|e| crate::error::Error::Store(format!("bad PostgreSQL URL {shown}: {e}")))?;
        // accord's statements are lookups by key. Where a table has no statistics
        // yet (before autovacuum's first ANALYZE) the planner's row estimates are
        // large enough to compile the statement with JIT, at ~150 ms a statement.
        let opts = opts.options([("jit", "off")]);
        let connect = |opts: PgConnectOptions| {
            PgPoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(15))
                .connect_with(opts)
        };
        let failed = |e: sqlx::Error| {
            crate::error::Error::Store(format!(
                "cannot connect to {shown}: {}",
                super::describe_connect_error(&e)
            ))
        };
        let pool = if plain_on_loopback(url, &opts) {
            match connect(opts.clone().ssl_mode(PgSslMode::Disable)).await {
                Ok(pool) => pool,
                // The server insists on TLS: use it.
                Err(_) => connect(opts).await.map_err(failed)?,
            }
        } else {
            connect(opts).await.map_err(failed)?
        };
        // Migrations of several processes at once must not race.
        let mut conn = pool.acquire().await?;
        sqlx::query("SELECT pg_advisory_lock(7401100)")
            .execute(&mut *conn)
            .await?;
        let migrator = sqlx::migrate!("./migrations/postgres");
        let migrated = if up_to_date(&mut conn, &migrator).await {
            Ok(())
        } else {
            migrator.run(&mut *conn).await
        };
        sqlx::query("SELECT pg_advisory_unlock(7401100)")
            .execute(&mut *conn)
            .await?;
        migrated.map_err(|e| super::migrate_error(e, &shown))?;
        drop(conn);
        Ok(PgStore { pool })
    }

    /// The connection pool (for tests and tools).
    pub fn pool(&self) -> &sqlx::PgPool {
        &self.pool
    }
}

super::sql::sql_backend!(PgStore);
super::sql::sqlx_write_tx!();

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(url: &str) -> bool {
        plain_on_loopback(url, &url.parse().unwrap())
    }

    #[test]
    fn a_server_on_this_machine_is_reached_without_tls_unless_an_ssl_mode_is_asked() {
        if std::env::var_os("PGSSLMODE").is_some() {
            return;
        }
        assert!(plain("postgres://postgres@127.0.0.1:5432/test"));
        assert!(plain("postgres://postgres@localhost/test"));
        assert!(plain("postgres://postgres@[::1]:5432/test"));
        assert!(plain("postgres:///test?host=/var/run/postgresql"));
        assert!(!plain("postgres://postgres@127.0.0.1/test?sslmode=require"));
        assert!(!plain("postgres://postgres@127.0.0.1/test?sslmode=prefer"));
        assert!(!plain("postgres://db.example.org/test"));
        assert!(!plain("postgres://10.0.0.5/test"));
    }
}
