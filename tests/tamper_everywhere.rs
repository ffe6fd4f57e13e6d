//! Tamper evidence at every position: a single-row UPDATE, DELETE, INSERT or
//! swap done with plain SQL anywhere in the log is caught by `verify`, which
//! names the first bad position. The log is restored between trials.

mod common;

use accord::store::Store;
use common::{TestStore, sql_on};

async fn problem(s: &Store) -> String {
    let r = s.verify().await.unwrap();
    r.log_problem.or(r.projection_problem).unwrap_or_default()
}

#[tokio::test]
async fn verify_catches_every_single_row_change_at_every_position() {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    // More events, in several streams, so positions and streams interleave.
    for (i, state) in ["TKM", "RUS", "IRN"].iter().enumerate() {
        t.accord()
            .args([
                "log",
                "statement",
                "--actor",
                state,
                "--stance",
                "neutral",
                "--topic",
                &format!("topic {i}"),
                "--on",
                "2025-01-0{i}"
                    .replace("0{i}", &format!("{:02}", i + 1))
                    .as_str(),
            ])
            .args([
                "--source-title",
                &format!("T{i}"),
                "--publisher",
                "P",
                "--published",
                "2025-02-01",
                "--quote",
                "Q",
            ])
            .assert()
            .success();
    }
    let store = t.open().await;
    let n = store.count_events().await.unwrap();
    assert!(problem(&store).await.is_empty());
    sql_on(&store, "CREATE TABLE events_backup AS SELECT * FROM events").await;
    let restore = "DELETE FROM events; INSERT INTO events SELECT * FROM events_backup";
    let mut missed = Vec::new();
    for p in 1..=n {
        let trials = [
            (
                "update",
                format!(
                    "UPDATE events SET body = replace(body, '\"', '\"') || ' ' WHERE position = {p}"
                ),
                format!("position {p}"),
            ),
            (
                "update date",
                format!("UPDATE events SET act_date = '2001-01-01' WHERE position = {p}"),
                format!("position {p}"),
            ),
            (
                "update author",
                format!("UPDATE events SET recorded_by = 'mallory' WHERE position = {p}"),
                format!("position {p}"),
            ),
            (
                "delete",
                format!("DELETE FROM events WHERE position = {p}"),
                format!("position {p}"),
            ),
            (
                "insert copy at end",
                format!(
                    "INSERT INTO events SELECT {next}, {new_id}, stream, version + 1000, kind, schema_version, act_date, actors, recorded_at, recorded_by, correlation_id, causation_id, body, content_hash, prev_hash, hash FROM events WHERE position = {p}",
                    next = n + 1,
                    new_id = if t.is_postgres() {
                        "gen_random_uuid()".to_string()
                    } else {
                        format!("'00000000-0000-4000-8000-{:012}'", p)
                    },
                ),
                format!("position {}", n + 1),
            ),
        ];
        for (what, sql, expect) in trials {
            sql_on(&store, &sql).await;
            let found = problem(&store).await;
            if !found.contains(&expect) {
                missed.push(format!("{what} at {p}: verify said `{found}`"));
            }
            for s in restore.split("; ") {
                sql_on(&store, s).await;
            }
        }
        if p < n {
            // Swap two neighbours' contents (positions kept): caught at the first of them.
            sql_on(
                &store,
                &format!("UPDATE events SET position = -1 WHERE position = {p}"),
            )
            .await;
            sql_on(
                &store,
                &format!(
                    "UPDATE events SET position = {p} WHERE position = {}",
                    p + 1
                ),
            )
            .await;
            sql_on(
                &store,
                &format!("UPDATE events SET position = {} WHERE position = -1", p + 1),
            )
            .await;
            let found = problem(&store).await;
            if !found.contains(&format!("position {p}")) {
                missed.push(format!("swap at {p}: verify said `{found}`"));
            }
            for s in restore.split("; ") {
                sql_on(&store, s).await;
            }
        }
        assert!(
            problem(&store).await.is_empty(),
            "restored after trials at {p}"
        );
    }
    assert!(
        missed.is_empty(),
        "tampering not caught where it happened:\n{}",
        missed.join("\n")
    );
}
