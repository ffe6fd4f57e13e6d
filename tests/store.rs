//! Stories of the log's guarantees: expected versions, idempotent ids,
//! atomic batches, and projections equal to a rebuild.

mod common;

use std::collections::BTreeMap;

use accord::Error;
use accord::store::{Expected, RowSelect};
use common::events::*;
use common::{TestStore, opts};

#[tokio::test]
async fn appending_with_a_stale_expected_version_fails_with_the_typed_error_and_changes_nothing() {
    let t = TestStore::new().await;
    let s = t.open().await;
    let stream = "initiative/black-sea-monitoring";
    s.append(
        stream,
        Expected::NoStream,
        vec![propose("black-sea-monitoring", "AZE", "2024-03-01")],
        &opts(),
    )
    .await
    .unwrap();
    s.append(
        stream,
        Expected::Exactly(1),
        vec![support("black-sea-monitoring", "KAZ", "2024-03-02")],
        &opts(),
    )
    .await
    .unwrap();
    let before = s.rows(&RowSelect::All).await.unwrap();
    let n = s.count_events().await.unwrap();
    // A second writer read version 1 and appends after the first writer moved the stream on.
    let err = s
        .append(
            stream,
            Expected::Exactly(1),
            vec![support("black-sea-monitoring", "RUS", "2024-03-03")],
            &opts(),
        )
        .await
        .unwrap_err();
    match err {
        Error::Conflict {
            stream: st, actual, ..
        } => {
            assert_eq!(st, stream);
            assert_eq!(actual, 2);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(
        err_code(
            &s.append(
                stream,
                Expected::NoStream,
                vec![support("black-sea-monitoring", "TKM", "2024-03-03")],
                &opts()
            )
            .await
        ),
        5
    );
    assert_eq!(s.count_events().await.unwrap(), n);
    assert_eq!(s.rows(&RowSelect::All).await.unwrap(), before);
    assert!(s.verify().await.unwrap().ok());
}

fn err_code<T>(r: &accord::Result<T>) -> i32 {
    r.as_ref().err().map(|e| e.exit_code()).unwrap_or(0)
}

#[tokio::test]
async fn the_same_event_id_again_is_a_no_op_and_different_content_under_it_is_refused() {
    let t = TestStore::new().await;
    let s = t.open().await;
    let p = propose("aral-recovery", "KAZ", "2023-05-01");
    let first = s.append_any(vec![p.clone()], &opts()).await.unwrap();
    assert!(first[0].new);
    let again = s.append_any(vec![p.clone()], &opts()).await.unwrap();
    assert!(!again[0].new);
    assert_eq!(again[0].position, first[0].position);
    let mut changed = p.clone();
    changed.data.date = "2023-05-02".parse().unwrap();
    assert!(matches!(
        s.append_any(vec![changed], &opts())
            .await
            .unwrap_err()
            .innermost(),
        Error::IdClash { .. }
    ));
    assert_eq!(s.count_events().await.unwrap(), 1);
}

#[tokio::test]
async fn a_batch_with_one_bad_event_appends_nothing() {
    let t = TestStore::new().await;
    let s = t.open().await;
    let batch = vec![
        propose("caspian-seal-census", "RUS", "2024-02-01"),
        support("caspian-seal-census", "KAZ", "2024-02-03"),
        withdraw("caspian-seal-census", "IRN", "2024-02-04"), // IRN never supported it
    ];
    let err = s
        .append_batch(batch, &BTreeMap::new(), &opts())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InEvent { index: 2, .. }), "{err:?}");
    assert!(err.to_string().contains("no recorded support"), "{err}");
    assert_eq!(s.count_events().await.unwrap(), 0);
    assert_eq!(s.rows(&RowSelect::All).await.unwrap().row_count(), 0);
}

#[tokio::test]
async fn acts_logged_out_of_date_order_project_in_date_order() {
    let t = TestStore::new().await;
    let s = t.open().await;
    s.append_any(vec![propose("volga-delta", "RUS", "2022-01-10")], &opts())
        .await
        .unwrap();
    s.append_any(vec![support("volga-delta", "KAZ", "2022-06-01")], &opts())
        .await
        .unwrap();
    s.append_any(vec![withdraw("volga-delta", "KAZ", "2023-06-01")], &opts())
        .await
        .unwrap();
    // Logged last, but it happened first: the withdrawal still stands.
    s.append_any(vec![support("volga-delta", "KAZ", "2022-03-01")], &opts())
        .await
        .unwrap();
    let rows = s
        .rows(&RowSelect::Stream("initiative/volga-delta".into()))
        .await
        .unwrap();
    let kaz = &rows.positions[&("volga-delta".to_string(), "KAZ".to_string())];
    assert_eq!(kaz.position.as_str(), "withdrawn");
    assert_eq!(kaz.since, "2023-06-01");
    let before = s.rows(&RowSelect::All).await.unwrap();
    s.rebuild().await.unwrap();
    assert_eq!(s.rows(&RowSelect::All).await.unwrap(), before);
}

#[tokio::test]
async fn a_correction_changes_the_projections_as_if_the_retracted_event_were_gone() {
    let t = TestStore::new().await;
    let s = t.open().await;
    s.append_any(
        vec![propose("tehran-protocol-x", "IRN", "2021-01-10")],
        &opts(),
    )
    .await
    .unwrap();
    let sup = support("tehran-protocol-x", "TKM", "2021-02-01");
    let id = sup.id;
    s.append_any(vec![sup], &opts()).await.unwrap();
    s.append_any(vec![retract(id)], &opts()).await.unwrap();
    let rows = s
        .rows(&RowSelect::Stream("initiative/tehran-protocol-x".into()))
        .await
        .unwrap();
    assert!(
        !rows
            .positions
            .contains_key(&("tehran-protocol-x".to_string(), "TKM".to_string()))
    );
    assert!(rows.timeline.values().all(|t| t.event_id != id));
    assert!(s.verify().await.unwrap().ok());
    // Retracting twice is refused; the event count does not change.
    let n = s.count_events().await.unwrap();
    assert!(s.append_any(vec![retract(id)], &opts()).await.is_err());
    assert_eq!(s.count_events().await.unwrap(), n);
}

#[tokio::test]
async fn the_same_act_from_a_second_article_adds_a_source_instead_of_a_second_event() {
    let t = TestStore::new().await;
    let s = t.open().await;
    s.append_any(
        vec![propose("mekong-flow-data", "KAZ", "2024-01-10")],
        &opts(),
    )
    .await
    .unwrap();
    let first = support("mekong-flow-data", "RUS", "2024-02-01");
    let first_id = first.id;
    s.append_any(vec![first], &opts()).await.unwrap();
    let n = s.count_events().await.unwrap();

    // The same act, reported by another article.
    let mut second = support("mekong-flow-data", "RUS", "2024-02-01");
    second.data.source = Some(common::events::source(42, "2024-02-03"));
    let out = s.append_any(vec![second.clone()], &opts()).await.unwrap();
    assert_eq!(out[0].corroborates, Some(first_id));
    assert_eq!(
        s.count_events().await.unwrap(),
        n + 1,
        "a source_added event, not a second support"
    );

    let rows = s
        .rows(&RowSelect::Stream("initiative/mekong-flow-data".into()))
        .await
        .unwrap();
    let rus = &rows.positions[&("mekong-flow-data".to_string(), "RUS".to_string())];
    assert_eq!(rus.evidence, vec![first_id]);
    assert_eq!(rus.sources, 2);
    assert_eq!(rows.sources_of(first_id).count(), 2);

    // The same act from the same article again (a new event id): nothing is appended.
    let mut third = support("mekong-flow-data", "RUS", "2024-02-01");
    third.data.source = second.data.source.clone();
    let out = s.append_any(vec![third], &opts()).await.unwrap();
    assert!(!out[0].new);
    assert_eq!(s.count_events().await.unwrap(), n + 1);
    assert!(s.verify().await.unwrap().ok());
}

#[tokio::test]
async fn a_source_is_read_back_from_its_event_and_only_a_corrected_one_is_copied() {
    let t = TestStore::new().await;
    let s = t.open().await;
    s.append_any(vec![propose("caspian-level", "AZE", "2023-05-02")], &opts())
        .await
        .unwrap();
    let kaz = support("caspian-level", "KAZ", "2023-06-01");
    let rus = support("caspian-level", "RUS", "2023-06-02");
    let (kaz_id, rus_id) = (kaz.id, rus.id);
    s.append_any(vec![kaz, rus], &opts()).await.unwrap();
    // A second article on Kazakhstan's support, and a correction of the
    // article that evidences Russia's.
    s.append_any(vec![add_source(kaz_id, 42)], &opts())
        .await
        .unwrap();
    let mut fields = serde_json::Map::new();
    let corrected = common::events::source(7, "2023-06-03");
    fields.insert("source".into(), serde_json::to_value(&corrected).unwrap());
    s.append_any(
        vec![amend(rus_id, fields, "the wrong article was cited")],
        &opts(),
    )
    .await
    .unwrap();

    let rows = s.rows(&RowSelect::All).await.unwrap();
    let titles = |id| -> Vec<String> { rows.sources_of(id).map(|r| r.title.clone()).collect() };
    assert_eq!(titles(kaz_id), ["Test article 1", "Test article 42"]);
    assert_eq!(titles(rus_id), ["Test article 7"]);
    let rus_source = rows.sources_of(rus_id).next().unwrap();
    assert_eq!(rus_source.quote, corrected.quote);
    assert_eq!(rus_source.published, "2023-06-03");
    let added = rows.sources_of(kaz_id).nth(1).unwrap();
    assert_eq!(added.url.as_deref(), Some("https://example.org/test/42"));
    assert_ne!(added.via_event, kaz_id);

    // Stored: nothing for the acts' own sources, which are read from the acts;
    // a reference to the event that added an article; a copy of the corrected
    // source, which no event logged as it now reads.
    let stored = stored_sources(&s).await;
    assert_eq!(stored, vec![(false, false), (true, true)]);

    s.rebuild().await.unwrap();
    assert_eq!(s.rows(&RowSelect::All).await.unwrap(), rows);
    assert_eq!(stored_sources(&s).await, stored);
    assert!(s.verify().await.unwrap().ok());

    // Retracting Russia's support takes its copied source with it.
    s.append_any(vec![retract(rus_id)], &opts()).await.unwrap();
    assert_eq!(stored_sources(&s).await, vec![(true, true)]);
    let rows = s.rows(&RowSelect::All).await.unwrap();
    assert_eq!(rows.sources_of(rus_id).count(), 0);
    assert_eq!(rows.sources_of(kaz_id).count(), 2);
    assert!(s.verify().await.unwrap().ok());
}

/// For each row kept in `source_refs`, sorted: whether it names the event that
/// brought it (a source added later) and whether it is a reference (no copy).
async fn stored_sources(s: &accord::store::Store) -> Vec<(bool, bool)> {
    use accord::store::Store;
    const SQL: &str = "SELECT via_event IS NOT NULL, title IS NULL FROM source_refs";
    let mut out: Vec<(bool, bool)> = match s {
        Store::Sqlite(db) => sqlx::query_as(SQL).fetch_all(db.pool()).await.unwrap(),
        Store::Postgres(db) => sqlx::query_as(SQL).fetch_all(db.pool()).await.unwrap(),
    };
    out.sort();
    out
}

/// Every index of the store, with its definition.
async fn indexes(s: &accord::store::Store) -> Vec<String> {
    use accord::store::Store;
    match s {
        Store::Sqlite(db) => sqlx::query_scalar(
            "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
        )
        .fetch_all(db.pool())
        .await
        .unwrap(),
        Store::Postgres(db) => sqlx::query_scalar(
            "SELECT indexname::text || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1",
        )
        .fetch_all(db.pool())
        .await
        .unwrap(),
    }
}

#[tokio::test]
async fn a_rebuild_leaves_every_index_as_it_found_it_including_an_analysts_own() {
    let t = TestStore::new().await;
    let s = t.open().await;
    s.append_any(vec![propose("caspian-level", "AZE", "2023-05-02")], &opts())
        .await
        .unwrap();
    s.append_any(vec![support("caspian-level", "KAZ", "2023-06-01")], &opts())
        .await
        .unwrap();
    // An analyst's own index on a projection table, made behind accord's back.
    t.sql("CREATE INDEX analyst_timeline_kind ON timeline (kind, act_date)")
        .await;
    let before = indexes(&s).await;
    assert!(
        before
            .iter()
            .any(|i| i.starts_with("analyst_timeline_kind"))
    );
    assert!(before.iter().any(|i| i.starts_with("positions_state")));
    let rows = s.rows(&RowSelect::All).await.unwrap();

    s.rebuild().await.unwrap();

    assert_eq!(indexes(&s).await, before);
    assert_eq!(s.rows(&RowSelect::All).await.unwrap(), rows);
    assert!(s.verify().await.unwrap().ok());
}

#[tokio::test]
async fn a_rebuild_of_a_log_longer_than_one_read_page_equals_what_the_appends_kept() {
    // Three initiatives of 900 events each: the rebuild reads the log in pages of a
    // few thousand events, so at least one stream is split across two pages.
    let t = TestStore::new().await;
    let s = t.open().await;
    let states = ["AZE", "IRN", "KAZ", "RUS", "TKM"];
    let start = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    for id in ["aral-link", "caspian-level", "volga-delta"] {
        let mut batch = vec![propose(id, "AZE", "2015-01-01")];
        for i in 1..900 {
            let day = (start + chrono::Duration::days(i as i64)).to_string();
            let state = states[i % states.len()];
            batch.push(if (i / states.len()).is_multiple_of(2) {
                support(id, state, &day)
            } else {
                oppose(id, state, &day)
            });
        }
        s.append_any(batch, &opts()).await.unwrap();
    }
    let kept = s.rows(&RowSelect::All).await.unwrap();
    assert_eq!(kept.timeline.len(), 2700);

    let report = s.rebuild().await.unwrap();

    assert_eq!((report.events, report.streams), (2700, 3));
    assert_eq!(s.rows(&RowSelect::All).await.unwrap(), kept);
}

#[tokio::test]
async fn every_stream_read_on_its_own_gives_the_rows_of_the_whole_store() {
    // A stream's rows are read in one statement (on SQLite as JSON), the whole store
    // table by table: both must decode every table and column alike.
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    let s = t.open().await;
    let treaty = |date: &str, actors: &[&str], payload| event(date, actors, payload, 7);
    use accord::domain::payload::*;
    s.append_any(
        vec![
            commit(
                "caspian-expert-group",
                "monitoring",
                "KAZ",
                "2025-02-01",
                Some("2027-12-31"),
            ),
            commit(
                "caspian-expert-group",
                "reporting",
                "AZE",
                "2025-02-02",
                None,
            ),
            progress("caspian-expert-group/monitoring", "KAZ", "2025-06-01", 40),
            treaty(
                "2025-03-01",
                &["AZE", "KAZ"],
                Payload::TreatyAdopted(TreatyAdopted {
                    treaty: "caspian-level-protocol".into(),
                    title: "A protocol on the sea's level".into(),
                    form: TreatyForm::Convention,
                    parent: None,
                    scope: ["AZE", "IRN", "KAZ", "RUS", "TKM"]
                        .map(String::from)
                        .to_vec(),
                    opened_for_signature: false,
                    text: None,
                }),
            ),
            treaty(
                "2025-04-01",
                &["KAZ"],
                Payload::TreatySigned(TreatyAct {
                    treaty: "caspian-level-protocol".into(),
                }),
            ),
        ],
        &opts(),
    )
    .await
    .unwrap();
    let all = s.rows(&RowSelect::All).await.unwrap();
    assert!(!all.meetings.is_empty() && !all.standings.is_empty());
    assert!(all.commitments.values().any(|c| c.deadline.is_some()));
    assert!(
        all.commitments
            .values()
            .any(|c| c.progress_percent.is_some())
    );

    let mut merged = accord::projection::Projection::default();
    let streams: std::collections::BTreeSet<String> =
        all.timeline.values().map(|t| t.stream.clone()).collect();
    assert!(streams.len() >= 3);
    for stream in streams {
        merged.merge(s.rows(&RowSelect::Stream(stream)).await.unwrap());
    }
    assert_eq!(merged, all);
}

/// One initiative's events from `first_day` on: supports, oppositions, commitments with and
/// without a deadline, progress on them and statements, each quoting text with a tab, a
/// line break, backslashes and non-ASCII letters.
fn busy_initiative(id: &str, first_day: i64, n: usize) -> Vec<accord::domain::event::NewEvent> {
    let states = ["AZE", "IRN", "KAZ", "RUS", "TKM"];
    let start = chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap();
    let day = |i: usize| (start + chrono::Duration::days(first_day + i as i64)).to_string();
    let mut out = Vec::new();
    if first_day == 0 {
        out.push(propose(id, "AZE", &day(0)));
    }
    for i in 1..n {
        let state = states[i % states.len()];
        let mut e = match i % 6 {
            0 => support(id, state, &day(i)),
            1 => oppose(id, state, &day(i)),
            2 => statement(state, &day(i), Some(id)),
            3 => commit(
                id,
                &format!("c{first_day}-{i}"),
                state,
                &day(i),
                (i % 4 == 3).then_some("2031-06-30"),
            ),
            4 => {
                let by = states[(i - 1) % states.len()];
                progress(
                    &format!("{id}/c{first_day}-{}", i - 1),
                    by,
                    &day(i),
                    (i % 100) as u8,
                )
            }
            _ => support(id, state, &day(i)),
        };
        e.data.source.as_mut().unwrap().quote =
            format!("Quoted\tverbatim {i}:\n«Каспий» C:\\data\\N \\\\ end");
        out.push(e);
    }
    out
}

#[tokio::test]
async fn a_large_import_keeps_the_same_rows_as_the_same_events_logged_a_few_at_a_time() {
    // A large write goes as multi-row statements cut by rows and bytes, a small one as
    // a few rows (on SQLite in one query); the second large batch updates rows the first
    // one wrote.
    let mut events = busy_initiative("caspian-level", 0, 400);
    events.extend(busy_initiative("caspian-level", 400, 400));
    events.extend(busy_initiative("volga-delta", 0, 300));

    let large = TestStore::new().await;
    let large = large.open().await;
    let small = TestStore::new().await;
    let small = small.open().await;
    for batch in [&events[..400], &events[400..799], &events[799..]] {
        large.append_any(batch.to_vec(), &opts()).await.unwrap();
    }
    for batch in events.chunks(5) {
        small.append_any(batch.to_vec(), &opts()).await.unwrap();
    }

    let rows = large.rows(&RowSelect::All).await.unwrap();
    assert_eq!(rows.timeline.len(), events.len());
    assert!(
        rows.sources
            .values()
            .any(|s| s.quote.contains("\t") && s.quote.contains("\\N"))
    );
    assert!(rows.commitments.values().any(|c| c.deadline.is_none()));
    assert!(
        rows.commitments
            .values()
            .any(|c| c.progress_percent.is_some())
    );
    assert_eq!(rows, small.rows(&RowSelect::All).await.unwrap());
    large.rebuild().await.unwrap();
    assert_eq!(large.rows(&RowSelect::All).await.unwrap(), rows);
}

#[tokio::test]
async fn two_writers_in_one_process_take_turns_and_every_event_of_both_lands() {
    let t = TestStore::new().await;
    let first = t.open().await;
    let second = first.clone();
    let third = t.open().await;
    let write = |s: accord::store::Store, id: &'static str| async move {
        let mut appended = 0;
        for chunk in busy_initiative(id, 0, 60).chunks(7) {
            appended += s.append_any(chunk.to_vec(), &opts()).await.unwrap().len();
        }
        appended
    };
    // Two handles on one store share its write connection; a third store opened
    // on the same file has its own and waits on the file's lock.
    let (a, b, c) = tokio::join!(
        write(first.clone(), "shared-a"),
        write(second, "shared-b"),
        write(third.clone(), "shared-c"),
    );
    assert_eq!((a, b, c), (60, 60, 60));
    assert_eq!(first.count_events().await.unwrap(), 180);
    // A rebuild holds the lock while it waits for its folding; the other store's
    // append waits its turn instead of stalling the thread the rebuild runs on.
    let (rebuilt, d) = tokio::join!(first.rebuild(), write(third, "shared-d"));
    rebuilt.unwrap();
    assert_eq!(d, 60);
    assert_eq!(first.count_events().await.unwrap(), 240);
    let report = first.verify().await.unwrap();
    assert!(report.ok(), "{report:?}");
    let kept = first.rows(&RowSelect::All).await.unwrap();
    first.rebuild().await.unwrap();
    assert_eq!(first.rows(&RowSelect::All).await.unwrap(), kept);
}

#[tokio::test]
async fn an_in_memory_store_reads_back_what_it_wrote() {
    let s = accord::store::Store::open(&accord::store::Location::parse("sqlite::memory:"))
        .await
        .unwrap();
    let stream = "initiative/black-sea-monitoring";
    s.append(
        stream,
        Expected::NoStream,
        vec![
            propose("black-sea-monitoring", "AZE", "2024-03-01"),
            support("black-sea-monitoring", "KAZ", "2024-03-02"),
        ],
        &opts(),
    )
    .await
    .unwrap();
    assert_eq!(s.count_events().await.unwrap(), 2);
    let rows = s.rows(&RowSelect::All).await.unwrap();
    assert_eq!(rows.initiatives["black-sea-monitoring"].supporters, 1);
    assert!(s.verify().await.unwrap().ok());
    // Nothing was written to a file named after the database.
    assert!(std::fs::read_dir(".").unwrap().all(|e| {
        !e.unwrap()
            .file_name()
            .to_string_lossy()
            .contains("sqlx-in-memory")
    }));
}

#[tokio::test]
async fn an_act_known_only_by_its_month_is_found_again_from_a_day_inside_it_and_only_then() {
    let t = TestStore::new().await;
    let s = t.open().await;
    let stream = "initiative/caspian-water-level";
    let from_article = |mut e: accord::domain::event::NewEvent, n: usize| {
        e.data.source = Some(source(n, "2024-05-01"));
        e
    };
    let refuse = accord::store::AppendOptions {
        on_similar: accord::store::OnSimilar::Refuse,
        ..opts()
    };
    s.append(
        stream,
        Expected::NoStream,
        vec![
            propose("caspian-water-level", "AZE", "2024-01-10"),
            from_article(support("caspian-water-level", "KAZ", "2024-03"), 1),
        ],
        &opts(),
    )
    .await
    .unwrap();
    let month_act = s.events(&Default::default()).await.unwrap()[1].id;

    // A second article gives the day, inside the month: it may be the same act.
    let inside = s
        .append(
            stream,
            Expected::Any,
            vec![from_article(
                support("caspian-water-level", "KAZ", "2024-03-15"),
                2,
            )],
            &refuse,
        )
        .await
        .unwrap_err();
    let found = match &inside {
        Error::InEvent { inner, .. } => inner.as_ref(),
        other => other,
    };
    match found {
        Error::MaybeRecorded { existing, .. } => assert_eq!(*existing, month_act),
        other => panic!("expected the month's act to be offered, got {other:?}"),
    }

    // Days before and after the month are other acts, recorded as new.
    for (day, n) in [("2024-04-02", 3), ("2024-02-28", 4)] {
        let out = s
            .append(
                stream,
                Expected::Any,
                vec![from_article(support("caspian-water-level", "KAZ", day), n)],
                &refuse,
            )
            .await
            .unwrap();
        assert!(
            out[0].new && out[0].corroborates.is_none(),
            "{day}: {out:?}"
        );
    }
    assert_eq!(s.count_events().await.unwrap(), 4);
}
