//! Crash safety: the real `accord` binary is killed with SIGKILL at varied
//! moments, during a large `import` and during single `log` appends, and the
//! store must always be left whole: it opens, `verify` is clean (hash chain,
//! versions, projections = a rebuild), the events present are exactly a prefix
//! of what was being written (whole import batches, whole `log` calls), and
//! running the same command again completes without duplicates.
//!
//! Sizes are set by environment variables so that CI stays quick and a local
//! run can go large (RELIABILITY.md has the figures and the command):
//! `ACCORD_CRASH_EVENTS` (events in the import file, default 2,000),
//! `ACCORD_CRASH_BATCH` (import batch size, default 80),
//! `ACCORD_CRASH_TRIALS` (kills per story, default 20, never fewer than 20).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use accord::store::{EventFilter, RowSelect, Store};
use common::TestStore;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace(['_', ','], "").parse().ok())
        .unwrap_or(default)
}

/// The binary, pointed at a store, as a plain process that can be killed.
fn accord(flag: &str, location: &str) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("accord"));
    c.env_remove("ACCORD_DB")
        .env_remove("DATABASE_URL")
        .env_remove("ACCORD_DATABASE_URL")
        .env("NO_COLOR", "1")
        .arg(flag)
        .arg(location)
        .stdin(Stdio::null());
    c
}

fn on(t: &TestStore) -> Command {
    accord(&t.arg.0, &t.arg.1)
}

fn run_ok(mut c: Command, what: &str) -> Vec<u8> {
    let out = c.output().expect("run accord");
    assert!(
        out.status.success(),
        "{what}: exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A small deterministic generator for kill moments (no dependency, no clock).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// An export file of `n` events (the bundled seed events `log` adds to an empty
/// store, then statements), made the honest way: logged into a scratch SQLite
/// store through the binary, then exported.
fn export_file(n: usize, dir: &Path) -> PathBuf {
    let input = dir.join("statements.jsonl");
    // Spread over every state's stream, as a real record is (and as appends are quick).
    let states: Vec<String> = accord::domain::Registry::bundled()
        .actors()
        .filter(|a| a.kind == accord::domain::ActorKind::State)
        .map(|a| a.id.clone())
        .collect();
    let mut text = String::with_capacity(n * 260);
    for i in 0..n {
        text.push_str(&format!(
            r#"{{"kind": "statement", "date": "2025-01-01", "actor": "{}", "stance": "neutral", "topic": "crash-safety item {i}", "source": {{"title": "Wire {i}", "publisher": "Test Wire", "published": "2025-01-02"}}, "quote": "Statement number {i}."}}"#,
            states[i % states.len()]
        ));
        text.push('\n');
    }
    std::fs::write(&input, text).unwrap();
    let db = dir.join("source.db").display().to_string();
    let mut log = accord("--db", &db);
    log.arg("log").arg("--from-json").arg(&input);
    run_ok(log, "logging the statements for the export file");
    let mut export = accord("--db", &db);
    export.arg("export");
    let exported = String::from_utf8(run_ok(export, "exporting the scratch store")).unwrap();
    // The first `n` records (a prefix of an export is an export): exactly `n` events.
    let file = dir.join("record.jsonl");
    let lines: Vec<&str> = exported.lines().take(n).collect();
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    file
}

/// What one kill left behind.
#[derive(Debug)]
struct Trial {
    after_ms: u128,
    killed: bool,
    found: usize,
}

/// The store after a kill: it opens, verifies, and its export is the first
/// `found` lines of `expected` (returned).
fn export_lines(t: &TestStore) -> Vec<String> {
    let out = on(t).arg("export").output().expect("run export");
    assert!(
        out.status.success(),
        "the store cannot be exported after a kill: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn verify_clean(t: &TestStore, when: &str) {
    let out = on(t).arg("verify").output().expect("run verify");
    assert!(
        out.status.success(),
        "verify after {when}: exit {:?}: {}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Waits until the store holds `at_least` events (or the child has finished);
/// returns the seconds per batch seen between two commits, when it saw two.
async fn wait_for_count(
    store: &Store,
    child: &mut Child,
    at_least: i64,
    batch: usize,
) -> Option<f64> {
    let mut last: Option<(i64, Instant)> = None;
    let mut seen = Vec::new();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        let now = store.count_events().await.unwrap_or(0);
        match last {
            None => last = Some((now, Instant::now())),
            Some((before, at)) if now != before => {
                // Only whole intervals count: the first change may have begun before we looked.
                {
                    let batches = ((now - before) as f64 / batch as f64).ceil().max(1.0);
                    seen.push(at.elapsed().as_secs_f64() / batches);
                }
                last = Some((now, Instant::now()));
            }
            _ => {}
        }
        if now >= at_least {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    // The first interval started at an arbitrary moment; later ones are commit to commit.
    let mut whole: Vec<f64> = seen.into_iter().skip(1).collect();
    whole.sort_by(f64::total_cmp);
    whole.get(whole.len() / 2).copied()
}

/// Kills the child unless it has already finished; says whether the kill landed.
fn kill(child: &mut Child) -> bool {
    let landed = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let status = child.wait().unwrap();
    if !landed {
        assert!(
            status.success() || status.code() == Some(6),
            "an unkilled run failed: {status:?}"
        );
    }
    landed
}

#[tokio::test]
async fn an_import_killed_at_any_moment_leaves_a_prefix_of_whole_batches() {
    let started = Instant::now();
    let n = setting("ACCORD_CRASH_EVENTS", 2_000);
    let batch = setting("ACCORD_CRASH_BATCH", 80).max(1);
    let trials = setting("ACCORD_CRASH_TRIALS", 20).max(20);
    let dir = tempfile::tempdir().unwrap();
    let file = export_file(n, dir.path());
    let expected: Vec<String> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let total = expected.len();
    let made = started.elapsed();

    let t = TestStore::new().await;
    let watcher = t.open().await;
    let import = || {
        let mut c = on(&t);
        c.arg("import")
            .arg(&file)
            .arg("--batch-size")
            .arg(batch.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    };
    let mut rng = Lcg(0x5eed_acc0);
    let mut log: Vec<Trial> = Vec::new();
    let mut found = 0usize;
    let mut k = 0usize;
    // Seconds per batch, as last seen (a guess until then).
    let mut batch_time = 0.05;
    while log.iter().filter(|t| t.killed).count() < trials {
        assert!(k < trials * 4, "too few kills landed: {log:?}");
        let kills = log.iter().filter(|t| t.killed).count();
        let mut child = import().spawn().expect("spawn import");
        let spawned = Instant::now();
        match kills {
            // Very early: while the process starts, opens the store, checks the file.
            0 => {}
            1 => tokio::time::sleep(Duration::from_millis(40)).await,
            _ => {
                // Spread the others over the import: wait until the next share of
                // what is left is in, then a random part of a batch's time more, so
                // the kill falls anywhere within a batch, its commit included. The
                // last kill aims at the final batch.
                let left = trials - 1 - kills;
                let target = if left == 0 {
                    total.saturating_sub(batch)
                } else {
                    found + total.saturating_sub(2 * batch + found) / (left + 1)
                }
                .max(found + 1)
                .min(total.saturating_sub(1));
                if let Some(t) = wait_for_count(&watcher, &mut child, target as i64, batch).await {
                    batch_time = t;
                }
                let extra = batch_time.clamp(0.002, 2.0) * rng.next();
                tokio::time::sleep(Duration::from_secs_f64(extra)).await;
            }
        }
        let after_ms = spawned.elapsed().as_millis();
        let killed = kill(&mut child);

        // The store opens, verifies, and holds a prefix of whole batches.
        Store::open(&t.location)
            .await
            .expect("the store opens after a kill");
        verify_clean(&t, &format!("kill {}", k + 1));
        let present = export_lines(&t);
        assert!(
            present.len().is_multiple_of(batch) || present.len() == total,
            "kill {}: {} events present, not a whole number of batches of {batch}",
            k + 1,
            present.len()
        );
        assert!(
            present[..] == expected[..present.len()],
            "kill {}: the events present are not the first {} records of the file, in order",
            k + 1,
            present.len()
        );
        assert!(present.len() >= found, "events never disappear");
        found = present.len();
        log.push(Trial {
            after_ms,
            killed,
            found,
        });
        k += 1;
    }
    let kills = log.iter().filter(|t| t.killed).count();

    // Running the import again completes it, without duplicates; once more appends nothing.
    let finish = import().status().unwrap();
    assert!(
        finish.success() || (found == total && finish.code() == Some(6)),
        "the resumed import failed: {finish:?}"
    );
    assert_eq!(export_lines(&t), expected, "the whole file, once, in order");
    verify_clean(&t, "the resumed import");
    let again = import().status().unwrap();
    assert_eq!(again.code(), Some(6), "a complete import appends nothing");
    assert_eq!(watcher.count_events().await.unwrap() as usize, total);
    let rows = watcher.rows(&RowSelect::All).await.unwrap();
    watcher.rebuild().await.unwrap();
    assert_eq!(
        watcher.rows(&RowSelect::All).await.unwrap(),
        rows,
        "projections equal a rebuild"
    );
    eprintln!(
        "crash_safety import [{}]: {total} events, batch {batch}, file made in {:.1} s; {kills} kills \
         (+{} runs that finished first); kill moments (ms after start) and events found: {}; total {:.1} s",
        if t.is_postgres() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        made.as_secs_f64(),
        log.len() - kills,
        log.iter()
            .map(|t| format!(
                "{}{}→{}",
                t.after_ms,
                if t.killed { "" } else { "(done)" },
                t.found
            ))
            .collect::<Vec<_>>()
            .join(", "),
        started.elapsed().as_secs_f64()
    );
}

/// The topics of the logged statements, in log order.
async fn logged_topics(t: &TestStore) -> Vec<String> {
    let store = Store::open(&t.location)
        .await
        .expect("the store opens after a kill");
    store
        .events(&EventFilter::default())
        .await
        .unwrap()
        .iter()
        .filter_map(|e| {
            let body: serde_json::Value = serde_json::from_str(&e.body).ok()?;
            let topic = body["topic"].as_str()?;
            topic.starts_with("crash item ").then(|| topic.to_string())
        })
        .collect()
}

fn log_item(t: &TestStore, i: usize) -> Command {
    let mut c = on(t);
    c.args(["log", "statement", "--actor", "KAZ", "--stance", "neutral"])
        .arg("--topic")
        .arg(format!("crash item {i}"))
        .args(["--on", "2025-01-01", "--publisher", "Test Wire"])
        .args(["--published", "2025-01-02"])
        .arg("--source-title")
        .arg(format!("Crash wire {i}"))
        .arg("--quote")
        .arg(format!("Crash statement {i}."))
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

#[tokio::test]
async fn a_log_killed_at_any_moment_records_the_act_whole_or_not_at_all() {
    let started = Instant::now();
    let trials = setting("ACCORD_CRASH_TRIALS", 20).max(20);
    let t = TestStore::new().await;
    run_ok(
        {
            let mut c = on(&t);
            c.arg("init");
            c
        },
        "init",
    );
    // One unkilled append tells how long an append takes here; kills spread over 0..1.2× that.
    let one = Instant::now();
    run_ok(log_item(&t, 1), "the first append");
    let mut span = one.elapsed().as_secs_f64() * 1.2;
    let first = span / 1.2;
    let mut logged = vec!["crash item 1".to_string()];
    let mut rng = Lcg(0x10c_a11);
    let mut moments = Vec::new();
    let mut kills = 0;
    let mut i = 1;
    while kills < trials {
        i += 1;
        assert!(i < trials * 6, "too few kills landed: {moments:?}");
        let mut child = log_item(&t, i).spawn().expect("spawn log");
        let share = (kills as f64 + rng.next()) / trials as f64;
        let delay = Duration::from_secs_f64(span * share);
        tokio::time::sleep(delay).await;
        let landed = kill(&mut child);
        kills += usize::from(landed);
        if !landed {
            // Appends are quicker now than the first one was: aim earlier.
            span *= 0.9;
        }

        // Whole or nothing, and everything logged before is still there, in order.
        verify_clean(&t, &format!("killing log {i}"));
        let topics = logged_topics(&t).await;
        let recorded = topics.len() == logged.len() + 1;
        assert!(
            topics.len() == logged.len() || recorded,
            "log {i}: {} statements present, {} expected before it",
            topics.len(),
            logged.len()
        );
        assert_eq!(
            topics[..logged.len()],
            logged[..],
            "a prefix of the logged acts"
        );
        if recorded {
            assert_eq!(topics[logged.len()], format!("crash item {i}"));
        }
        moments.push(format!(
            "{}{}",
            delay.as_millis(),
            match (landed, recorded) {
                (false, _) => "(done)",
                (true, true) => "+",
                (true, false) => "-",
            }
        ));

        // Logging the same act again records it exactly once.
        let out = log_item(&t, i).output().unwrap();
        let expected_code = if recorded { 6 } else { 0 };
        assert_eq!(
            out.status.code(),
            Some(expected_code),
            "logging item {i} again: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        logged.push(format!("crash item {i}"));
        assert_eq!(logged_topics(&t).await, logged, "each act once, in order");
    }
    verify_clean(&t, "the last append");
    eprintln!(
        "crash_safety log [{}]: {kills} kills over {} appends; kill moments (ms after spawn; + recorded, \
         - not recorded, (done) finished first): {}; one append took {:.0} ms; total {:.1} s",
        if t.is_postgres() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        logged.len(),
        moments.join(", "),
        first * 1000.0,
        started.elapsed().as_secs_f64()
    );
}
