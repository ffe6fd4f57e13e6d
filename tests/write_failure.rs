//! Write failures: a full disk, a read-only store file, a PostgreSQL role that
//! may read but not insert. Each time the real binary must fail with the store
//! error (exit 7) and a message that says what failed and what to do, the store
//! must be unchanged (the same export before and after) and `verify` clean.
//! The SQLite cases run when the test backend is SQLite, the PostgreSQL case
//! when it is PostgreSQL.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use accord::store::RowSelect;
use common::TestStore;

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("accord")
}

/// A command that runs `accord` through a wrapper (`bash -c`, `setpriv`).
fn wrapped(program: &str, pre: &[&str], store: (&str, &str), args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(pre)
        .arg(bin())
        .arg(store.0)
        .arg(store.1)
        .args(args)
        .env_remove("ACCORD_DB")
        .env_remove("DATABASE_URL")
        .env_remove("ACCORD_DATABASE_URL")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    c
}

/// A batch big enough to need several hundred kilobytes of writes.
fn big_batch(dir: &Path, n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!(
            r#"{{"kind": "statement", "date": "2025-01-01", "actor": "KAZ", "stance": "neutral", "topic": "write failure item {i}", "source": {{"title": "Wire {i}", "publisher": "Test Wire", "published": "2025-01-02"}}, "quote": "Statement {i}, long enough to take some room on the disk: {}."}}"#,
            "x".repeat(200)
        ));
        text.push('\n');
    }
    let p = dir.join("batch.jsonl");
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// The record before a failing command, to compare with afterwards.
struct Before {
    export: Vec<u8>,
    rows: accord::projection::Projection,
}

async fn before(t: &TestStore) -> Before {
    let export = t.accord().arg("export").output().unwrap().stdout;
    assert!(!export.is_empty());
    Before {
        export,
        rows: t.open().await.rows(&RowSelect::All).await.unwrap(),
    }
}

/// The failure is the store error, explained; the record is as it was and verifies.
async fn refused_and_unchanged(t: &TestStore, out: Output, before: Before, says: &[&str]) {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        out.status.code(),
        Some(7),
        "the store error (exit 7): {err}"
    );
    for s in says {
        assert!(err.contains(s), "the message says `{s}`: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    eprintln!("refused as expected: {}", err.trim());
    assert_eq!(
        t.accord().arg("export").output().unwrap().stdout,
        before.export,
        "the log is unchanged"
    );
    assert_eq!(
        t.open().await.rows(&RowSelect::All).await.unwrap(),
        before.rows,
        "the projections are unchanged"
    );
    t.accord().arg("verify").assert().success();
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[tokio::test]
async fn a_full_disk_fails_the_append_clearly_and_changes_nothing() {
    let t = TestStore::new().await;
    if t.is_postgres() {
        return; // A SQLite story: the file is what fills up.
    }
    t.accord().arg("init").assert().success();
    let dir = tempfile::tempdir().unwrap();
    let batch = big_batch(dir.path(), 1500);
    let before = before(&t).await;
    // No file of the process may grow past 256 KiB; a write past it fails with
    // EFBIG, as on a full disk (SIGXFSZ ignored, so the write returns the error).
    let out = wrapped(
        "bash",
        &["-c", r#"trap "" XFSZ; ulimit -f 256; exec "$0" "$@""#],
        (&t.arg.0, &t.arg.1),
        &["log", "--from-json", &batch],
    )
    .output()
    .unwrap();
    refused_and_unchanged(
        &t,
        out,
        before,
        &["cannot be written", "free space", "rolled back"],
    )
    .await;
    // With room again, the same batch goes in whole.
    t.accord()
        .args(["log", "--from-json", &batch])
        .assert()
        .success();
    t.accord().arg("verify").assert().success();
}

#[tokio::test]
async fn a_read_only_store_file_fails_the_append_clearly_and_changes_nothing() {
    let t = TestStore::new().await;
    if t.is_postgres() {
        return; // A SQLite story: file permissions.
    }
    t.accord().arg("init").assert().success();
    let db = Path::new(&t.arg.1);
    let folder = db.parent().unwrap();
    let chmod = |mode: &str, p: &Path| {
        assert!(
            Command::new("chmod")
                .arg(mode)
                .arg(p)
                .status()
                .unwrap()
                .success()
        );
    };
    // The store and its folder are readable by all and writable by no one but
    // their owner; the append runs as another user (as root, root would ignore
    // the modes), or as this user with the write bits removed.
    let root = is_root();
    chmod("0755", folder);
    for entry in std::fs::read_dir(folder).unwrap() {
        chmod(if root { "0644" } else { "0444" }, &entry.unwrap().path());
    }
    if !root {
        chmod("0555", folder);
    }
    let before = before(&t).await;
    let args = [
        "log",
        "statement",
        "--actor",
        "KAZ",
        "--stance",
        "neutral",
        "--topic",
        "read-only",
        "--on",
        "2025-01-01",
        "--source-title",
        "T",
        "--publisher",
        "P",
        "--published",
        "2025-01-02",
        "--quote",
        "Q",
    ];
    let out = if root {
        wrapped(
            "setpriv",
            &["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"],
            (&t.arg.0, &t.arg.1),
            &args,
        )
        .output()
        .unwrap()
    } else {
        wrapped("env", &[], (&t.arg.0, &t.arg.1), &args)
            .output()
            .unwrap()
    };
    if !root {
        chmod("0755", folder);
    }
    refused_and_unchanged(&t, out, before, &["cannot be written", "permissions"]).await;
}

#[tokio::test]
async fn a_postgres_role_without_insert_fails_the_append_clearly_and_changes_nothing() {
    let t = TestStore::new().await;
    if !t.is_postgres() {
        return; // A PostgreSQL story: privileges.
    }
    t.accord().arg("init").assert().success();
    let role = format!("accord_t_reader_{}", uuid::Uuid::now_v7().simple());
    let db = url::Url::parse(&t.arg.1).unwrap().path()[1..].to_string();
    t.sql(&format!("CREATE ROLE {role} LOGIN")).await;
    t.sql(&format!("GRANT CONNECT ON DATABASE {db} TO {role}"))
        .await;
    t.sql(&format!("GRANT USAGE ON SCHEMA public TO {role}"))
        .await;
    t.sql(&format!(
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"
    ))
    .await;
    let mut url = url::Url::parse(&t.arg.1).unwrap();
    url.set_username(&role).unwrap();
    let url = url.to_string();
    let before = before(&t).await;
    let out = wrapped(
        "env",
        &[],
        ("--database-url", &url),
        &[
            "log",
            "statement",
            "--actor",
            "KAZ",
            "--stance",
            "neutral",
            "--topic",
            "no insert",
            "--on",
            "2025-01-01",
            "--source-title",
            "T",
            "--publisher",
            "P",
            "--published",
            "2025-01-02",
            "--quote",
            "Q",
        ],
    )
    .output()
    .unwrap();
    // Reading still works for that role.
    let read = wrapped(
        "env",
        &[],
        ("--database-url", &url),
        &["backers", "caspian-expert-group"],
    )
    .output()
    .unwrap();
    refused_and_unchanged(&t, out, before, &["cannot be written", "privilege"]).await;
    assert!(
        read.status.success(),
        "a reader can still read: {}",
        String::from_utf8_lossy(&read.stderr)
    );
    t.sql(&format!("DROP OWNED BY {role}")).await;
    t.sql(&format!("DROP ROLE {role}")).await;
}
