//! Stories of a team on the shared backend: many writers at once, moving a
//! store between SQLite and PostgreSQL, and connection errors that never show
//! a password.

mod common;

use std::process::{Command, Stdio};

use accord::store::{EventFilter, Location, RowSelect, Store};
use common::{TestStore, count};
use predicates::str::contains;

/// Runs `n` appends of statements from one process-local shell loop.
fn writer(t: &TestStore, who: usize, n: usize) -> std::process::Child {
    let bin = assert_cmd::cargo::cargo_bin("accord");
    let own = ["AZE", "IRN", "KAZ", "RUS", "TKM", "UZB", "GEO", "ARM"][who];
    // Odd appends go to the shared initiative stream, even ones to this writer's own stream.
    let script = format!(
        r#"for i in $(seq 1 {n}); do
             if [ $((i % 2)) -eq 1 ]; then extra="--initiative caspian-expert-group"; else extra=""; fi
             "{bin}" {flag} "{loc}" log statement --actor {own} --stance neutral --topic "writer {who} item $i" $extra \
               --on 2025-01-01 --source-title "Wire {who}-$i" --publisher "Test Wire" --published 2025-01-02 \
               --quote "Statement {who}-$i." > /dev/null || {{ echo "writer {who} failed at $i" >&2; exit 1; }}
           done"#,
        bin = bin.display(),
        flag = t.arg.0,
        loc = t.arg.1,
    );
    Command::new("bash")
        .arg("-c")
        .arg(script)
        .env_remove("ACCORD_DB")
        .env_remove("DATABASE_URL")
        .env_remove("ACCORD_DATABASE_URL")
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn writer")
}

#[tokio::test]
async fn eight_processes_append_at_once_and_nothing_is_lost_or_duplicated() {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    let before = count(&t).await;
    let per = 200;
    let writers: Vec<_> = (0..8).map(|w| writer(&t, w, per)).collect();
    for w in writers {
        let out = w.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a writer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("locked"),
            "no lock error reaches the user"
        );
    }
    let s = t.open().await;
    assert_eq!(count(&t).await, before + 8 * per as i64);
    // Every stream's versions run 1..n without a gap.
    let events = s.events(&EventFilter::default()).await.unwrap();
    let mut versions: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
    for e in &events {
        versions
            .entry(e.stream.clone())
            .or_default()
            .push(e.version);
    }
    for (stream, v) in &versions {
        assert_eq!(
            *v,
            (1..=v.len() as i64).collect::<Vec<_>>(),
            "versions of {stream}"
        );
    }
    assert_eq!(
        versions["initiative/caspian-expert-group"].len(),
        2 + 8 * per / 2
    );
    let report = s.verify().await.unwrap();
    assert!(report.ok(), "{report:?}");
    let rows = s.rows(&RowSelect::All).await.unwrap();
    s.rebuild().await.unwrap();
    assert_eq!(s.rows(&RowSelect::All).await.unwrap(), rows);
}

#[tokio::test]
async fn a_store_moves_sqlite_to_postgres_to_sqlite_with_identical_exports_and_answers() {
    let source = tempfile::tempdir().unwrap();
    let sqlite_a = source.path().join("a.db");
    let run = |loc: &str, args: &[&str]| -> Vec<u8> {
        let flag = if loc.starts_with("postgres") {
            "--database-url"
        } else {
            "--db"
        };
        let out = assert_cmd::Command::cargo_bin("accord")
            .unwrap()
            .env_remove("ACCORD_DB")
            .env_remove("DATABASE_URL")
            .env_remove("ACCORD_DATABASE_URL")
            .arg(flag)
            .arg(loc)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let a = sqlite_a.display().to_string();
    run(&a, &["init"]);
    run(
        &a,
        &[
            "log",
            "support",
            "--initiative",
            "caspian-expert-group",
            "--state",
            "TKM",
            "--on",
            "2025-03-01",
            "--source-title",
            "T",
            "--publisher",
            "P",
            "--published",
            "2025-03-02",
            "--quote",
            "Q",
        ],
    );
    let export_a = run(&a, &["export"]);
    let file = source.path().join("a.jsonl");
    std::fs::write(&file, &export_a).unwrap();

    // The middle store: the test backend (PostgreSQL when configured, else another SQLite file).
    let middle = TestStore::new().await;
    let m = middle.arg.1.clone();
    run(&m, &["import", file.to_str().unwrap()]);
    let export_m = run(&m, &["export"]);
    assert_eq!(
        export_a,
        export_m,
        "export after import is byte-identical ({})",
        if middle.is_postgres() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    let file_m = source.path().join("m.jsonl");
    std::fs::write(&file_m, &export_m).unwrap();

    let c = source.path().join("c.db").display().to_string();
    run(&c, &["import", file_m.to_str().unwrap()]);
    assert_eq!(run(&c, &["export"]), export_a);
    for q in [
        vec!["backers", "caspian-expert-group"],
        vec!["state", "KAZ", "--as-of", "2026-01-01"],
        vec!["timeline"],
        vec!["initiatives", "--json"],
    ] {
        assert_eq!(
            run(&a, &q),
            run(&m, &q),
            "{q:?} answers the same on both backends"
        );
    }
    run(&m, &["verify"]);
    // Importing again changes nothing.
    let again = assert_cmd::Command::cargo_bin("accord")
        .unwrap()
        .arg(&middle.arg.0)
        .arg(&m)
        .args(["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(6));
    assert_eq!(run(&m, &["export"]), export_a);
}

#[tokio::test]
async fn an_edited_export_is_refused_whole_with_its_line() {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    let out = t.accord().arg("export").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let edited = text.replacen("We support the initiative", "We oppose the initiative", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edited.jsonl");
    std::fs::write(&path, edited).unwrap();
    let other = TestStore::new().await;
    other
        .accord()
        .arg("import")
        .arg(&path)
        .assert()
        .code(3)
        .stderr(contains("edited.jsonl:2:"))
        .stderr(contains("content hash"));
    assert_eq!(count(&other).await, 0);
    // Records out of stream order are refused too.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.swap(0, 1);
    std::fs::write(&path, lines.join("\n")).unwrap();
    other.accord().arg("import").arg(&path).assert().code(3);
    assert_eq!(count(&other).await, 0);
}

#[tokio::test]
async fn a_connection_error_names_the_url_without_its_password() {
    let t = TestStore::new().await;
    let _ = &t;
    let out = assert_cmd::Command::cargo_bin("accord")
        .unwrap()
        .env_remove("ACCORD_DB")
        .args([
            "--database-url",
            "postgres://analyst:s3cret-pw@127.0.0.1:1/accord",
            "backers",
            "x",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("postgres://analyst:****@127.0.0.1:1/accord"),
        "{err}"
    );
    assert!(!err.contains("s3cret-pw"), "{err}");
    // DATABASE_URL is read too, and a path-less location still opens.
    let store = Store::open(&Location::parse(&t.arg.1)).await;
    assert!(store.is_ok());
}
