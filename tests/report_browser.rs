//! The HTML report in a real browser: headless Chromium opens the file, the
//! test checks the page loaded without errors and that the matrix has one cell
//! per state × initiative (from the DOM Chromium dumps), and keeps a
//! screenshot under `<target>/test-artifacts/` for a person to look at.
//!
//! Chromium is installed by `.ci/run` (Debian package `chromium`). Without it
//! this test fails, unless `ACCORD_SKIP_BROWSER=1` says to skip it.

mod common;
mod report_fixture;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::TestStore;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Where test artifacts are kept: `<target dir>/test-artifacts` (not committed).
fn artifacts() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(tmp).join("test-artifacts");
    std::fs::create_dir_all(&dir).expect("create the artifacts directory");
    dir
}

/// Runs headless Chromium with `args` on a file URL, killing it after two minutes.
fn chromium(profile: &Path, args: &[String], url: &str) -> Output {
    let mut child = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let stdout = child.stdout.take().expect("piped stdout");
    let stderr = child.stderr.take().expect("piped stderr");
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let (out, err) = (read(Box::new(stdout)), read(Box::new(stderr)));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for chromium") {
            break s;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
    }
}

#[tokio::test]
async fn the_html_report_opens_in_a_headless_browser_with_one_matrix_cell_per_state_and_initiative()
{
    if !Path::new(CHROMIUM).exists() {
        if std::env::var("ACCORD_SKIP_BROWSER").as_deref() == Ok("1") {
            eprintln!(
                "note: {CHROMIUM} is missing and ACCORD_SKIP_BROWSER=1: the browser test is SKIPPED"
            );
            return;
        }
        panic!(
            "{CHROMIUM} is missing: run `bash .ci/run` (which installs it) or `apt-get install -y chromium`; \
             set ACCORD_SKIP_BROWSER=1 to skip this test knowingly"
        );
    }
    let t = TestStore::new().await;
    report_fixture::generated(&t).await;
    let backend = if t.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    let dir = artifacts();
    let html = dir.join(format!("report-{backend}.html"));
    t.accord()
        .args([
            "report",
            "--format",
            "html",
            "--as-of",
            "2025-12-31",
            "--since",
            "2025-01-01",
            "--out",
        ])
        .arg(&html)
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(
        &t.accord()
            .args(["report", "--format", "json", "--as-of", "2025-12-31"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let states: Vec<String> = json["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| {
            i["scope"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].as_str().unwrap().to_string())
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let initiatives: Vec<String> = json["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        states.len() * initiatives.len(),
        10,
        "five states, two initiatives"
    );

    let url = format!("file://{}", html.display());
    let profile = tempfile::tempdir().unwrap();
    let dom = chromium(profile.path(), &["--dump-dom".to_string()], &url);
    let stderr = String::from_utf8_lossy(&dom.stderr);
    assert!(dom.status.success(), "chromium failed: {stderr}");
    let dom = String::from_utf8(dom.stdout).expect("the DOM is UTF-8");
    std::fs::write(dir.join(format!("report-{backend}.dom.html")), &dom).unwrap();

    // The page loaded: it is our report, not an error page, and logged no console error.
    assert!(
        dom.contains("<main id=\"report\">"),
        "not the report: {dom:.400}"
    );
    assert!(dom.contains("<h1>Status report on the record</h1>"));
    for bad in [
        "neterror",
        "ERR_FILE_NOT_FOUND",
        "ERR_ACCESS_DENIED",
        "This page isn",
    ] {
        assert!(!dom.contains(bad), "an error page: {bad}");
    }
    for line in stderr.lines() {
        assert!(
            !(line.contains("CONSOLE") && (line.contains("Error") || line.contains("Uncaught"))),
            "a console error: {line}"
        );
    }
    // One matrix cell per state × initiative, each pair once.
    assert_eq!(
        dom.matches("<td class=\"cell ").count(),
        states.len() * initiatives.len()
    );
    for s in &states {
        for i in &initiatives {
            let cell = format!("data-state=\"{s}\" data-initiative=\"{i}\"");
            assert_eq!(dom.matches(&cell).count(), 1, "{cell}");
        }
    }
    // The SVG timeline is drawn with one row per act.
    let acts = json["timeline"]["acts"].as_array().unwrap().len();
    assert!(dom.contains("<svg class=\"timeline\""));
    assert_eq!(dom.matches("<g class=\"act\"").count(), acts);

    let shot = dir.join(format!("report-{backend}.png"));
    let _ = std::fs::remove_file(&shot);
    let out = chromium(
        profile.path(),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000".to_string(),
        ],
        &url,
    );
    assert!(
        out.status.success(),
        "chromium screenshot failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).expect("the screenshot was written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(
        png.len() > 20_000,
        "a screenshot of a whole page, not a blank one ({} bytes)",
        png.len()
    );
    eprintln!("screenshot: {}", shot.display());
}
