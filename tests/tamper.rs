//! `verify` passes on a good store and names the event after an UPDATE, a
//! DELETE, an INSERT or a swap of two rows done behind accord's back with SQL.

mod common;

use common::{TestStore, json};

async fn seeded() -> TestStore {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    t.accord().arg("verify").assert().success();
    t
}

fn verify_fails_naming(t: &TestStore, needle: &str) {
    let out = t.accord().arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(8), "verify must fail");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(needle), "expected `{needle}` in: {err}");
}

#[tokio::test]
async fn an_edited_quote_is_caught_at_its_event() {
    let t = seeded().await;
    t.sql("UPDATE events SET body = replace(body, 'We support', 'We oppose') WHERE position = 2")
        .await;
    verify_fails_naming(&t, "position 2");
}

#[tokio::test]
async fn a_body_cut_short_is_caught_at_its_event_though_its_source_cannot_be_read() {
    let t = seeded().await;
    // The act's source is read from this body; verify still names the event.
    t.sql("UPDATE events SET body = substr(body, 1, 20) WHERE position = 2")
        .await;
    verify_fails_naming(&t, "position 2");
}

#[tokio::test]
async fn an_edited_date_is_caught_at_its_event() {
    let t = seeded().await;
    t.sql("UPDATE events SET act_date = '2024-11-13' WHERE position = 2")
        .await;
    verify_fails_naming(&t, "position 2");
}

#[tokio::test]
async fn a_deleted_event_is_caught_where_it_was() {
    let t = seeded().await;
    t.sql("DELETE FROM events WHERE position = 4").await;
    verify_fails_naming(&t, "position 4 is missing");
}

#[tokio::test]
async fn a_swap_of_two_rows_is_caught_at_the_first() {
    let t = seeded().await;
    t.sql("UPDATE events SET position = -3 WHERE position = 3")
        .await;
    t.sql("UPDATE events SET position = 3 WHERE position = 4")
        .await;
    t.sql("UPDATE events SET position = 4 WHERE position = -3")
        .await;
    verify_fails_naming(&t, "position 3");
}

#[tokio::test]
async fn a_row_inserted_at_the_end_is_caught() {
    let t = seeded().await;
    // A copy of event 2 under a new id and position, with the old hashes.
    let id_expr = if t.is_postgres() {
        "'00000000-0000-4000-8000-000000000001'::uuid"
    } else {
        "'00000000-0000-4000-8000-000000000001'"
    };
    t.sql(&format!(
        "INSERT INTO events (position, id, stream, version, kind, schema_version, act_date, actors, recorded_at, recorded_by, correlation_id, causation_id, body, content_hash, prev_hash, hash) \
         SELECT 1000, {id_expr}, stream, 99, kind, schema_version, act_date, actors, recorded_at, recorded_by, correlation_id, causation_id, body, content_hash, prev_hash, hash FROM events WHERE position = 2"
    ))
    .await;
    verify_fails_naming(&t, "position 10 is missing");
}

#[tokio::test]
async fn a_source_pointing_at_an_event_the_log_lacks_is_caught_and_rebuild_repairs_it() {
    let t = seeded().await;
    // A reference row, as if a later event had added a source, naming an event
    // that was never logged.
    let via = if t.is_postgres() {
        "'00000000-0000-4000-8000-000000000002'::uuid"
    } else {
        "'00000000-0000-4000-8000-000000000002'"
    };
    t.sql(&format!(
        "INSERT INTO source_refs (event_id, ordinal, stream, via_event) \
         SELECT id, 1, stream, {via} FROM events WHERE position = 2"
    ))
    .await;
    verify_fails_naming(&t, "the projection rows cannot be read");
    t.accord().arg("rebuild").assert().success();
    t.accord().arg("verify").assert().success();
}

#[tokio::test]
async fn edited_projections_are_caught_and_rebuild_repairs_them() {
    let t = seeded().await;
    t.sql("UPDATE positions SET position = 'opposes' WHERE state = 'KAZ'")
        .await;
    verify_fails_naming(&t, "initiative/caspian-expert-group");
    t.accord().arg("rebuild").assert().success();
    t.accord().arg("verify").assert().success();
}

#[tokio::test]
async fn a_rebuild_stops_at_an_unreadable_event_and_leaves_the_projections_as_they_were() {
    let t = seeded().await;
    let before = json(t.accord().args(["initiatives"]));
    let backers = json(t.accord().args(["backers", "caspian-expert-group"]));
    t.sql("UPDATE events SET body = 'not json' WHERE position = 3")
        .await;

    let out = t.accord().arg("rebuild").output().unwrap();
    assert_eq!(out.status.code(), Some(8), "rebuild must fail");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("position 3"),
        "expected the event named in: {err}"
    );

    assert_eq!(json(t.accord().args(["initiatives"])), before);
    assert_eq!(
        json(t.accord().args(["backers", "caspian-expert-group"])),
        backers
    );
}
