//! The benchmark workload of ../shared/bench/WORKLOAD.md, run through accord's
//! real append path (validation, projections and hash chain included), printing
//! the same figures as the peer scripts:
//!
//!   cargo bench --bench workload -- --events N --db PATH [--database-url URL]
//!
//! One deviation, forced by accord's rules: a withdrawal must follow a support
//! and progress must follow a commitment by the same state, so events with
//! `j % 10` of 6 (withdrawn) and 8 (progress) are made by the state that acted
//! at `j - 1` (which supported, resp. committed). Kinds, counts, streams, dates
//! and payload sizes are the workload's.

use std::collections::BTreeMap;
use std::time::Instant;

use accord::domain::event::{EventData, NewEvent};
use accord::domain::payload::*;
use accord::domain::{ActDate, Registry, Source, Speaker, Stance};
use accord::store::{AppendOptions, Expected, Location, Store};
use chrono::{Duration, NaiveDate};

/// The same allocator as the `accord` binary, so the figures are the binary's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// ISO 3166-1 alpha-3 codes of the 193 UN member states, sorted (as in the peer scripts).
const UN: &str = "AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL \
BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE \
PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD \
GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO \
LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR \
MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR \
ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN \
SUR SWE CHE SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN \
VNM YEM ZMB ZWE";

const FILLER: &str = " The delegation reaffirms its support for regional cooperation on the sea.";

struct Workload {
    codes: Vec<&'static str>,
    start: NaiveDate,
}

impl Workload {
    fn new() -> Self {
        let mut codes: Vec<&str> = UN.split_whitespace().collect();
        codes.sort();
        assert_eq!(codes.len(), 193);
        Workload {
            codes,
            start: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        }
    }

    fn state(&self, k: usize, j: usize) -> &'static str {
        let s = self.codes.len();
        match j {
            0 => self.codes[k % s],
            // See the module doc: the state that supported / committed just before.
            j if j % 10 == 6 || j % 10 == 8 => self.codes[(k + j - 1) % s],
            j => self.codes[(k + j) % s],
        }
    }

    /// Event `j` of stream `k`, global index `i`.
    fn event(&self, k: usize, j: usize, i: usize) -> NewEvent {
        let state = self.state(k, j);
        let day = self.start + Duration::days((i % 2000) as i64);
        let quote: String = format!("Quote {i}:{}", FILLER.repeat(4))
            .chars()
            .take(200)
            .collect();
        let initiative = format!("initiative-{k}");
        let payload = if j == 0 {
            Payload::InitiativeProposed(InitiativeProposed {
                initiative: initiative.clone(),
                title: format!("initiative-{k}"),
                scope: vec![state.to_string()],
                description: None,
            })
        } else {
            match j % 10 {
                0..=5 => Payload::SupportDeclared(InitiativeAct {
                    initiative,
                    recipients: Vec::new(),
                }),
                6 => Payload::SupportWithdrawn(InitiativeAct {
                    initiative,
                    recipients: Vec::new(),
                }),
                7 => Payload::CommitmentMade(CommitmentMade {
                    commitment: format!("{initiative}/c{j}"),
                    initiative: Some(initiative),
                    text: format!("Commitment {i}"),
                    deadline: Some(day + Duration::days(365)),
                }),
                8 => Payload::ProgressReported(ProgressReported {
                    commitment: format!("{initiative}/c{}", j - 1),
                    percent: Some((j % 100) as u8),
                    text: None,
                }),
                _ => Payload::Statement(Statement {
                    stance: Stance::Neutral,
                    topic: format!("Topic {i}"),
                    initiative: Some(initiative),
                    recipients: Vec::new(),
                }),
            }
        };
        let data = EventData {
            date: ActDate::day(day),
            actors: vec![state.to_string()],
            payload,
            speaker: Some(Speaker {
                name: format!("Speaker {state}"),
                role: None,
                person: None,
            }),
            occasion: None,
            source: Some(Source {
                title: format!("Article {i}"),
                publisher: "Bench Wire".into(),
                published: ActDate::day(day),
                url: Some(format!("https://example.org/article/{i}")),
                quote,
                note: None,
            }),
        };
        NewEvent::new(data, "bench")
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string())
        })
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

struct Args {
    events: usize,
    location: Location,
    log_runs: usize,
}

fn args() -> Args {
    let mut events = 100_000;
    let mut db: Option<String> = None;
    let mut url: Option<String> = None;
    let mut log_runs = 11;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--events" => {
                events = it
                    .next()
                    .and_then(|v| v.replace('_', "").parse().ok())
                    .expect("--events N")
            }
            "--db" => db = it.next(),
            "--database-url" => url = it.next(),
            "--log-runs" => {
                log_runs = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--log-runs N")
            }
            "--bench" => {}
            other => panic!(
                "unknown argument {other}; usage: --events N (--db PATH | --database-url URL)"
            ),
        }
    }
    assert!(
        events >= 1000 && events % 100 == 0,
        "--events must be a multiple of 100, at least 1000"
    );
    let location = match (url, db) {
        (Some(u), _) => Location::Postgres(u),
        (None, Some(p)) => {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{p}{suffix}"));
            }
            Location::SqliteFile(p.into())
        }
        (None, None) => panic!("give --db PATH or --database-url URL"),
    };
    Args {
        events,
        location,
        log_runs,
    }
}

async fn reset_postgres(url: &str) {
    use sqlx::Connection;
    let mut c = sqlx::PgConnection::connect(url).await.expect("connect");
    for t in [
        "events",
        "initiatives",
        "positions",
        "commitments",
        "panels",
        "meetings",
        "standings",
        "timeline",
        "sources",
        "source_refs",
        "_sqlx_migrations",
    ] {
        // CASCADE: the `sources` view depends on `events` and `source_refs`.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP TABLE IF EXISTS {t} CASCADE"
        )))
        .execute(&mut c)
        .await
        .expect("drop");
    }
}

fn main() {
    let a = args();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run(a));
}

async fn run(a: Args) {
    if let Location::Postgres(u) = &a.location {
        reset_postgres(u).await;
    }
    let store = Store::open(&a.location).await.expect("open store");
    let reg = Registry::bundled();
    let opts = AppendOptions {
        registry: reg,
        today: chrono::Utc::now().date_naive(),
        dry_run: false,
        on_similar: Default::default(),
    };
    let w = Workload::new();
    let n = a.events;
    let m = n / 100;

    // 1. Bulk ingest: transactions of 1,000 events in stream order, each stream expected new.
    let mut storing = 0.0;
    let t0 = Instant::now();
    for first in (0..n).step_by(1000) {
        let events: Vec<NewEvent> = (first..(first + 1000).min(n))
            .map(|i| w.event(i / 100, i % 100, i))
            .collect();
        let expected: BTreeMap<String, Expected> = (first / 100..(first + 1000).min(n) / 100)
            .map(|k| (format!("initiative/initiative-{k}"), Expected::NoStream))
            .collect();
        let t = Instant::now();
        store
            .append_batch(events, &expected, &opts)
            .await
            .expect("bulk append");
        storing += t.elapsed().as_secs_f64();
    }
    println!("bulk_ingest_events_per_s={:.0}", n as f64 / storing);
    eprintln!(
        "info: bulk_ingest_with_generation_events_per_s={:.0} peak_rss_mb_after_ingest={:.0}",
        n as f64 / t0.elapsed().as_secs_f64(),
        peak_rss_mb()
    );

    // 2. Single appends: 1,000 events, one transaction each, with the expected version.
    let mut times = Vec::new();
    for x in 0..1000 {
        let (k, j) = (x % m, 100 + x / m);
        let ev = w.event(k, j, n + x);
        let stream = format!("initiative/initiative-{k}");
        let t = Instant::now();
        store
            .append(&stream, Expected::Exactly(j as i64), vec![ev], &opts)
            .await
            .expect("single append");
        times.push(t.elapsed().as_secs_f64());
    }
    println!("single_append_median_us={:.0}", median(times) * 1e6);

    // 3. Rebuild: every event in global order into every projection.
    let t = Instant::now();
    let r = store.rebuild().await.expect("rebuild");
    assert_eq!(r.events as usize, n + 1000);
    println!(
        "rebuild_events_per_s={:.0}",
        r.events as f64 / t.elapsed().as_secs_f64()
    );

    // 4. Query: the backers of one initiative, median of 20.
    let target = format!("initiative-{}", m / 2);
    let mut times = Vec::new();
    let mut backers = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let v = accord::query::backers(&store, reg, &target, None)
            .await
            .expect("backers");
        times.push(t.elapsed().as_secs_f64());
        backers = v
            .states
            .iter()
            .filter(|b| matches!(b.position.as_deref(), Some("supports") | Some("committed")))
            .map(|b| b.state.clone())
            .collect();
    }
    println!("query_median_ms={:.2}", median(times) * 1e3);
    println!("peak_rss_mb={:.0}", peak_rss_mb());

    // 5. One whole `accord log support` process on the store holding N events.
    let bin = env!("CARGO_BIN_EXE_accord");
    let (flag, loc) = match &a.location {
        Location::Postgres(u) => ("--database-url", u.clone()),
        Location::SqliteFile(p) => ("--db", p.display().to_string()),
        Location::SqliteUrl(u) => ("--database-url", u.clone()),
    };
    let mut times = Vec::new();
    for r in 0..a.log_runs {
        let state = w.codes[(r * 7 + 3) % 193];
        let t = Instant::now();
        let out = std::process::Command::new(bin)
            .args([
                flag,
                &loc,
                "log",
                "support",
                "--initiative",
                &target,
                "--state",
                state,
                "--on",
                "2024-06-01",
            ])
            .args([
                "--source-title",
                &format!("Process run {r}"),
                "--publisher",
                "Bench Wire",
                "--published",
                "2024-06-02",
                "--quote",
                "A process logs a support.",
            ])
            .output()
            .expect("run accord");
        times.push(t.elapsed().as_secs_f64());
        assert!(
            out.status.success() || out.status.code() == Some(6),
            "accord log failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    println!("log_process_median_ms={:.1}", median(times) * 1e3);
    let total = store.count_events().await.unwrap();
    eprintln!(
        "check: events={total} initiatives={m} {target}_backers={} first={:?}",
        backers.len(),
        &backers[..backers.len().min(3)]
    );
}
