//! The test harness: every story runs against the backend chosen by
//! `ACCORD_TEST_DATABASE_URL` (a PostgreSQL server URL: each test gets its own
//! fresh database on it), or a fresh SQLite file when it is unset.

#![allow(dead_code)]

pub mod events;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use accord::domain::Registry;
use accord::store::{AppendOptions, Location, Store};
use assert_cmd::Command;
use sqlx::Connection;

static SAID: AtomicBool = AtomicBool::new(false);

/// A fresh, empty store for one test.
pub struct TestStore {
    pub location: Location,
    /// What to pass to the binary: `--db PATH` or `--database-url URL`.
    pub arg: (String, String),
    _dir: tempfile::TempDir,
}

fn unique_name() -> String {
    format!("accord_t_{}", uuid::Uuid::now_v7().simple())
}

impl TestStore {
    pub async fn new() -> TestStore {
        let dir = tempfile::tempdir().expect("temp dir");
        match std::env::var("ACCORD_TEST_DATABASE_URL")
            .ok()
            .filter(|s| !s.is_empty())
        {
            Some(server) => {
                let name = unique_name();
                let mut admin = sqlx::PgConnection::connect(&server)
                    .await
                    .unwrap_or_else(|e| {
                        panic!(
                            "ACCORD_TEST_DATABASE_URL is set but PostgreSQL cannot be reached: {e}"
                        )
                    });
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut admin)
                    .await
                    .expect("create test database");
                let mut url = url::Url::parse(&server).expect("a URL");
                url.set_path(&name);
                let url = url.to_string();
                TestStore {
                    location: Location::Postgres(url.clone()),
                    arg: ("--database-url".into(), url),
                    _dir: dir,
                }
            }
            None => {
                if !SAID.swap(true, Ordering::SeqCst) {
                    // Said by a child process: the test harness captures this process's own
                    // stderr, but a child writes to the terminal (or the CI log) itself.
                    let _ = std::process::Command::new("sh")
                        .arg("-c")
                        .arg("echo \"$0\" >&2")
                        .arg("note: ACCORD_TEST_DATABASE_URL is not set: these stories ran on SQLite only; the PostgreSQL half was SKIPPED")
                        .status();
                }
                let path: PathBuf = dir.path().join("accord.db");
                TestStore {
                    location: Location::SqliteFile(path.clone()),
                    arg: ("--db".into(), path.display().to_string()),
                    _dir: dir,
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.location, Location::Postgres(_))
    }

    pub async fn open(&self) -> Store {
        Store::open(&self.location).await.expect("open store")
    }

    /// The real binary, pointed at this store.
    pub fn accord(&self) -> Command {
        let mut c = Command::cargo_bin("accord").expect("binary");
        c.env_remove("ACCORD_DB")
            .env_remove("DATABASE_URL")
            .env_remove("ACCORD_DATABASE_URL")
            .env("NO_COLOR", "1")
            .arg(&self.arg.0)
            .arg(&self.arg.1);
        c
    }

    /// Runs SQL behind accord's back.
    pub async fn sql(&self, statement: &str) {
        sql_on(&self.open().await, statement).await;
    }
}

/// Runs SQL behind accord's back on an open store.
pub async fn sql_on(store: &Store, statement: &str) {
    let q = sqlx::query(sqlx::AssertSqlSafe(statement.to_string()));
    match store {
        Store::Sqlite(s) => q.execute(s.pool()).await.map(|_| ()),
        Store::Postgres(p) => sqlx::query(sqlx::AssertSqlSafe(statement.to_string()))
            .execute(p.pool())
            .await
            .map(|_| ()),
    }
    .expect("sql");
}

/// Append options with the bundled registry and today's date.
pub fn opts() -> AppendOptions<'static> {
    AppendOptions {
        registry: Registry::bundled(),
        today: chrono::Utc::now().date_naive(),
        dry_run: false,
        on_similar: Default::default(),
    }
}

/// Runs the binary and parses its stdout as JSON.
pub fn json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.arg("--json").output().expect("run accord");
    assert!(
        out.status.success(),
        "accord failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// The number of events in the store.
pub async fn count(t: &TestStore) -> i64 {
    t.open().await.count_events().await.unwrap()
}
