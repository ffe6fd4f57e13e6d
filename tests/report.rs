//! Stories of `accord report`: golden files of every format on the seeds and on
//! a generated record with corrections and withdrawals, the same bytes for the
//! same store and arguments, as-of dates on either side of a withdrawal,
//! hostile text escaped, filters, `--since`, and the errors a reader can meet.

mod common;
mod report_fixture;

use std::collections::BTreeMap;

use common::TestStore;
use serde_json::Value;

/// Runs `accord report ARGS` and returns stdout, failing on a non-zero exit.
fn report(t: &TestStore, args: &[&str]) -> String {
    let out = t
        .accord()
        .arg("report")
        .args(args)
        .output()
        .expect("run accord");
    assert!(
        out.status.success(),
        "accord report {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 report")
}

fn report_json(t: &TestStore, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&report(t, &all)).expect("a JSON report")
}

/// Replaces every UUID in a text (event ids are random in generated stores) with a placeholder.
fn redact_ids(text: &str) -> String {
    let shape = |w: &[u8]| {
        w.len() == 36
            && w.iter().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => *c == b'-',
                _ => c.is_ascii_hexdigit(),
            })
    };
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if i + 36 <= b.len() && shape(&b[i..i + 36]) {
            out.push_str("[event id]");
            i += 36;
        } else {
            let c = text[i..].chars().next().expect("in range");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

async fn seeded() -> TestStore {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    t
}

#[tokio::test]
async fn the_seed_reports_match_their_golden_files() {
    let t = seeded().await;
    let at = ["--as-of", "2026-02-01", "--since", "2025-01-01"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> { [&at[..], extra].concat() };
    insta::assert_snapshot!("seeds_md", report(&t, &with(&["--format", "md"])));
    insta::assert_snapshot!("seeds_json", report(&t, &with(&["--format", "json"])));
    insta::assert_snapshot!(
        "seeds_positions_csv",
        report(&t, &with(&["--format", "csv"]))
    );
    insta::assert_snapshot!(
        "seeds_sources_csv",
        report(&t, &with(&["--format", "csv", "--table", "sources"]))
    );
}

#[tokio::test]
async fn the_generated_reports_with_corrections_and_withdrawals_match_their_golden_files() {
    let t = TestStore::new().await;
    report_fixture::generated(&t).await;
    let at = ["--as-of", "2025-12-31", "--since", "2025-01-01"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> { [&at[..], extra].concat() };
    insta::assert_snapshot!("generated_md", report(&t, &with(&["--format", "md"])));
    insta::assert_snapshot!(
        "generated_json",
        redact_ids(&report(&t, &with(&["--format", "json"])))
    );
    insta::assert_snapshot!(
        "generated_positions_csv",
        report(&t, &with(&["--format", "csv", "--table", "positions"]))
    );
    insta::assert_snapshot!(
        "generated_commitments_csv",
        report(&t, &with(&["--format", "csv", "--table", "commitments"]))
    );
    insta::assert_snapshot!(
        "generated_sources_csv",
        report(&t, &with(&["--format", "csv", "--table", "sources"]))
    );
}

#[tokio::test]
async fn the_generated_report_shows_what_corrections_and_withdrawals_did() {
    let t = TestStore::new().await;
    let g = report_fixture::generated(&t).await;
    let v = report_json(&t, &["--as-of", "2025-12-31"]);
    assert_eq!(v["schema_version"], 2);
    let mon = v["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == g.monitoring)
        .expect("the monitoring initiative");
    let pos = |s: &str| {
        mon["states"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["state"] == s)
            .unwrap_or_else(|| panic!("{s} listed"))
            .clone()
    };
    // The retracted support is as if it never was; the withdrawal holds.
    assert!(pos("TKM")["position"].is_null(), "{mon}");
    assert_eq!(pos("RUS")["position"], "withdrawn");
    assert_eq!(pos("RUS")["since"], "2025-01-15");
    assert_eq!(pos("KAZ")["position"], "committed");
    assert_eq!(pos("KAZ")["since"], "2024-04-01");
    assert_eq!(pos("KAZ")["sources"].as_array().unwrap().len(), 1);
    let commitment = |id: &str| {
        v["commitments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} listed"))
            .clone()
    };
    assert_eq!(
        commitment("caspian-monitoring/joint-cruise")["status"],
        "withdrawn"
    );
    let data = commitment("caspian-monitoring/data-sharing");
    assert_eq!(data["status"], "overdue");
    assert_eq!(data["stale"], true);
    let census = commitment("fish-stock-census");
    assert_eq!(census["status"], "pending");
    assert_eq!(census["stale"], true, "no report since 2024-08-01");
    let survey = commitment("caspian-monitoring/baseline-survey");
    assert_eq!(survey["status"], "fulfilled");
    assert_eq!(survey["progress_percent"], 100);
    assert_eq!(
        survey["sources"].as_array().unwrap().len(),
        3,
        "the commitment, its progress report and its fulfilment are cited: {survey}"
    );
    // The amended statement is on the timeline at its corrected date.
    let acts = v["timeline"]["acts"].as_array().unwrap();
    let amended: Vec<&Value> = acts.iter().filter(|a| a["amended"] == true).collect();
    assert_eq!(amended.len(), 1);
    assert_eq!(amended[0]["date"], "2024-05-02");
    // The corroborated support cites both of its sources.
    let kaz_support = acts
        .iter()
        .find(|a| a["kind"] == "support_declared" && a["actors"][0]["id"] == "KAZ")
        .expect("Kazakhstan's support on the timeline");
    assert_eq!(kaz_support["sources"].as_array().unwrap().len(), 2);
    // The sources are numbered 1..n, and exactly those numbers are cited.
    let n = v["sources"].as_array().unwrap().len();
    for k in 1..=n {
        assert_eq!(v["sources"][k - 1]["number"], k);
    }
    assert_eq!(
        cited_numbers(&v),
        (1..=n).collect(),
        "every listed source is cited, and nothing else"
    );
}

/// Every number in a `sources` array of the report except the list itself.
fn cited_numbers(v: &Value) -> std::collections::BTreeSet<usize> {
    fn walk(v: &Value, out: &mut std::collections::BTreeSet<usize>, top: bool) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if k == "sources" && !top {
                        if let Value::Array(a) = x {
                            out.extend(a.iter().filter_map(|n| n.as_u64()).map(|n| n as usize));
                        }
                    } else if !(top && k == "sources") {
                        walk(x, out, false);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out, false)),
            _ => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    walk(v, &mut out, true);
    out
}

#[tokio::test]
async fn the_same_store_and_arguments_give_the_same_bytes() {
    let t = TestStore::new().await;
    report_fixture::generated(&t).await;
    for args in [
        vec!["--format", "md"],
        vec!["--format", "html"],
        vec!["--format", "json", "--since", "2024-06-01"],
        vec!["--format", "csv"],
        vec!["--format", "csv", "--table", "commitments"],
        vec!["--format", "html", "--as-of", "2024-12-31"],
        vec!["--format", "md", "--state", "KAZ", "--as-of", "2025-06-30"],
    ] {
        let a = report(&t, &args);
        let b = report(&t, &args);
        assert_eq!(a, b, "two runs of {args:?} differ");
        assert!(!a.contains("Generated at"), "no clock unless asked for");
    }
    let stamped = report(&t, &["--generated-at"]);
    assert!(stamped.contains("Generated at 20"), "{stamped}");
}

#[tokio::test]
async fn the_record_as_it_stands_equals_the_fold_of_the_log_as_of_today() {
    let t = TestStore::new().await;
    report_fixture::generated(&t).await;
    let today = chrono::Utc::now().date_naive().to_string();
    let mut now = report_json(&t, &["--since", "2024-06-01"]);
    let mut as_of = report_json(&t, &["--since", "2024-06-01", "--as-of", &today]);
    assert!(now["as_of"].is_null());
    assert_eq!(as_of["as_of"], today.as_str());
    assert_eq!(now["day"], today.as_str());
    now["as_of"] = Value::Null;
    as_of["as_of"] = Value::Null;
    assert_eq!(
        now, as_of,
        "the projection rows and the fold of the log give the same report"
    );
}

/// Flattens JSON to paths; arrays of objects are keyed by what identifies their items.
fn flatten(v: &Value, path: String, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                flatten(x, format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let key = match x {
                    Value::Object(m) => {
                        let s = |k: &str| m.get(k).map(|v| v.to_string().replace('"', ""));
                        match (s("number"), s("id"), s("state"), s("event_id")) {
                            (Some(n), ..) => n,
                            (None, Some(id), Some(st), _) => format!("{id}@{st}"),
                            (None, None, Some(st), _) => st,
                            (None, Some(id), None, _) => id,
                            (None, None, None, Some(e)) => e,
                            _ => i.to_string(),
                        }
                    }
                    _ => i.to_string(),
                };
                flatten(x, format!("{path}[{key}]"), out);
            }
        }
        x => {
            out.insert(path, x.to_string());
        }
    }
}

#[tokio::test]
async fn reports_before_and_after_a_withdrawal_differ_exactly_where_they_should() {
    let t = TestStore::new().await;
    let g = report_fixture::generated(&t).await;
    let before = report_json(&t, &["--as-of", g.before_withdrawal]);
    let after = report_json(&t, &["--as-of", g.withdrawal]);
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    flatten(&before, String::new(), &mut a);
    flatten(&after, String::new(), &mut b);
    let mut differ: Vec<String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect();
    differ.sort();
    differ.dedup();

    // The day moved on by one: every commitment is one day further from its last report.
    let days: Vec<&String> = differ
        .iter()
        .filter(|k| k.ends_with(".days_since_last_report"))
        .collect();
    assert_eq!(days.len(), before["commitments"].as_array().unwrap().len());
    for k in &days {
        let (x, y): (i64, i64) = (a[*k].parse().unwrap(), b[*k].parse().unwrap());
        assert_eq!(y, x + 1, "{k}");
    }

    let withdrawal = after["summary"]["latest"]["event_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(after["summary"]["latest"]["kind"], "support_withdrawn");
    let new_source = after["sources"].as_array().unwrap().len();
    assert_eq!(
        new_source,
        before["sources"].as_array().unwrap().len() + 1,
        "the withdrawal's source is added"
    );
    let rus = format!(".initiatives[{}].states[RUS]", g.monitoring);
    let expected = [
        ".as_of".to_string(),
        ".day".to_string(),
        ".summary.acts".into(),
        ".summary.sources".into(),
        ".summary.latest.".into(),
        ".summary.positions.committed".into(),
        ".summary.positions.withdrawn".into(),
        ".summary.commitments.pending".into(),
        ".summary.commitments.withdrawn".into(),
        format!("{rus}.position"),
        format!("{rus}.since"),
        format!("{rus}.sources["),
        format!("{rus}.evidence["),
        format!(".commitments[{}/joint-cruise@RUS].status", g.monitoring),
        ".timeline.total".into(),
        format!(".timeline.acts[{withdrawal}]."),
        format!(".sources[{new_source}]."),
    ];
    let rest: Vec<&String> = differ
        .iter()
        .filter(|k| !k.ends_with(".days_since_last_report"))
        .collect();
    for k in &rest {
        assert!(
            expected.iter().any(|e| k.starts_with(e.as_str())),
            "{k} changed but should not have: {:?} -> {:?}",
            a.get(*k),
            b.get(*k)
        );
    }
    for e in &expected {
        assert!(
            rest.iter().any(|k| k.starts_with(e.as_str())),
            "{e} should have changed; changed: {rest:#?}"
        );
    }
    assert_eq!(a[&format!("{rus}.position")], "\"committed\"");
    assert_eq!(b[&format!("{rus}.position")], "\"withdrawn\"");

    // The CSV matrix differs in the one row of Russia on the monitoring initiative.
    let csv_before = report(&t, &["--format", "csv", "--as-of", g.before_withdrawal]);
    let csv_after = report(&t, &["--format", "csv", "--as-of", g.withdrawal]);
    let changed: Vec<(&str, &str)> = csv_before
        .lines()
        .zip(csv_after.lines())
        .filter(|(x, y)| x != y)
        .collect();
    assert_eq!(csv_before.lines().count(), csv_after.lines().count());
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert!(
        changed[0].0.starts_with("caspian-monitoring,")
            && changed[0].0.contains(",RUS,Russia,true,committed,")
    );
    assert!(
        changed[0]
            .1
            .contains(",RUS,Russia,true,withdrawn,2025-01-15,")
    );
}

#[tokio::test]
async fn since_lists_exactly_the_acts_dated_after_it() {
    let t = TestStore::new().await;
    report_fixture::generated(&t).await;
    let kinds = |since: &str| -> Vec<String> {
        report_json(&t, &["--as-of", "2025-12-31", "--since", since])["summary"]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                format!(
                    "{} {}",
                    a["date"].as_str().unwrap(),
                    a["kind"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        kinds("2025-01-14"),
        [
            "2025-01-15 support_withdrawn",
            "2025-06-01 commitment_fulfilled"
        ]
    );
    assert_eq!(kinds("2025-01-15"), ["2025-06-01 commitment_fulfilled"]);
    assert!(kinds("2025-06-01").is_empty());
    // A bounded date counts by its latest day.
    assert!(
        kinds("2024-07-10")
            .contains(&"between 2024-07-01 and 2024-07-15 support_declared".to_string())
    );
    assert!(
        !kinds("2024-07-15")
            .contains(&"between 2024-07-01 and 2024-07-15 support_declared".to_string())
    );
    let no_since = report_json(&t, &["--as-of", "2025-12-31"]);
    assert!(no_since["summary"]["changes"].is_null());
}

#[tokio::test]
async fn filters_narrow_every_section_to_the_state_and_the_initiative() {
    let t = TestStore::new().await;
    let g = report_fixture::generated(&t).await;
    let v = report_json(
        &t,
        &[
            "--as-of",
            "2025-12-31",
            "--state",
            "Russia",
            "--initiative",
            "monitoring",
        ],
    );
    assert_eq!(v["filter"]["state"], "RUS");
    assert_eq!(v["filter"]["initiative"], g.monitoring);
    let inits = v["initiatives"].as_array().unwrap();
    assert_eq!(inits.len(), 1);
    assert_eq!(inits[0]["id"], g.monitoring);
    let states = inits[0]["states"].as_array().unwrap();
    assert_eq!(states.len(), 1);
    assert_eq!(states[0]["state"], "RUS");
    let commitments = v["commitments"].as_array().unwrap();
    assert_eq!(commitments.len(), 1);
    assert_eq!(commitments[0]["state"], "RUS");
    assert_eq!(
        v["meetings"].as_array().unwrap().len(),
        1,
        "Russia took part in the meeting"
    );
    for a in v["timeline"]["acts"].as_array().unwrap() {
        let by_rus = a["actors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == "RUS");
        assert!(by_rus || a["kind"] == "meeting_held", "{a}");
    }
    assert_eq!(v["summary"]["states"], 1);
    let csv = report(
        &t,
        &[
            "--format",
            "csv",
            "--as-of",
            "2025-12-31",
            "--state",
            "RUS",
            "--initiative",
            g.monitoring,
        ],
    );
    assert_eq!(csv.lines().count(), 2, "a header and one cell: {csv}");

    let fisheries = report_json(&t, &["--as-of", "2025-12-31", "--initiative", g.fisheries]);
    assert!(fisheries["meetings"].as_array().unwrap().is_empty());
    assert!(fisheries["commitments"].as_array().unwrap().is_empty());
    assert_eq!(fisheries["summary"]["positions"]["proposer"], 1);
    assert_eq!(fisheries["summary"]["positions"]["supports"], 1);
    assert_eq!(fisheries["summary"]["positions"]["no_position"], 3);
}

#[tokio::test]
async fn as_of_a_day_before_a_proposal_certainly_happened_the_report_says_so() {
    let t = TestStore::new().await;
    let s = t.open().await;
    for e in [
        common::events::propose("aral-fund", "AZE", "2024-11"),
        common::events::support("aral-fund", "KAZ", "2024-11-12"),
    ] {
        s.append_any(vec![e], &common::opts()).await.unwrap();
    }
    let v = report_json(&t, &["--as-of", "2024-11-15"]);
    assert_eq!(v["initiatives"][0]["status"], "not_certainly_proposed");
    assert_eq!(v["initiatives"][0]["states"][0]["state"], "KAZ");
    assert_eq!(v["left_out"][0]["date"], "2024-11");
    let md = report(&t, &["--as-of", "2024-11-15"]);
    assert!(md.contains("not certainly proposed"), "{md}");
    assert!(md.contains("### Left out: dates that may fall on either side of 2024-11-15"));
    let later = report_json(&t, &["--as-of", "2024-11-30"]);
    assert_eq!(later["initiatives"][0]["status"], "gaining_support");
    assert!(later["left_out"].as_array().unwrap().is_empty());
}

/// The names of every tag in an HTML text (all `<` in escaped output open a tag).
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|rest| {
            rest.trim_start_matches(['/', '!'])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .collect()
}

#[tokio::test]
async fn hostile_text_in_a_quote_a_speaker_and_a_title_is_escaped() {
    use report_fixture::*;
    let t = TestStore::new().await;
    hostile(&t).await;
    let html = report(&t, &["--format", "html", "--as-of", "2025-03-01"]);
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script",
        "<img",
        "<b>",
        "<a href=\"javascript",
        "<svg onload",
        "<h1>inj",
        "<u>",
        "<i>",
        "<em>things",
    ] {
        assert!(!lower.contains(bad), "`{bad}` got through");
    }
    assert!(
        !lower.contains("href=\"javascript"),
        "a javascript: URL is never a link"
    );
    let allowed = [
        "doctype",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "header",
        "h1",
        "h2",
        "h3",
        "p",
        "strong",
        "em",
        "small",
        "code",
        "section",
        "dl",
        "dt",
        "dd",
        "ul",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "a",
        "span",
        "article",
        "ol",
        "cite",
        "blockquote",
        "svg",
        "line",
        "text",
        "g",
        "rect",
        "circle",
        "tspan",
    ];
    for tag in tags(&html) {
        assert!(allowed.contains(&tag.as_str()), "unexpected tag <{tag}>");
    }
    assert!(html.contains(
        "Clean-up &lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; &quot;friends&quot; | &#39;all&#39;"
    ));
    assert!(html.contains("&lt;img src=x onerror=alert(&#39;speaker&#39;)&gt;"));
    assert!(html.contains(
        "He said &quot;&lt;b&gt;never&lt;/b&gt;&quot; &amp; left, then &lt;/blockquote&gt;&lt;script&gt;alert(&#39;quote&#39;)&lt;/script&gt;"
    ));
    assert!(
        html.contains("&lt;/td&gt;&lt;td class=&quot;cell&quot; data-state=&quot;XXX&quot;&gt;")
    );
    assert_eq!(
        html.matches("<td class=\"cell").count(),
        5,
        "one matrix cell per state, whatever the text says"
    );

    let md = report(&t, &["--format", "md", "--as-of", "2025-03-01"]);
    // Every `<` from an event is backslash-escaped, so none can open an HTML tag.
    let b = md.as_bytes();
    for i in (0..b.len()).filter(|&i| b[i] == b'<') {
        assert!(
            i > 0 && b[i - 1] == b'\\' || md[i..].starts_with("<http"),
            "an unescaped `<` in Markdown: {}",
            String::from_utf8_lossy(&b[i.saturating_sub(20)..(i + 20).min(b.len())])
        );
    }
    assert!(
        md.contains("Clean-up \\<script\\>alert(\"title\")\\</script\\> \\& \"friends\" \\| 'all'")
    );
    assert!(md.contains("\\<img src=x onerror=alert('speaker')\\>"));
    assert!(
        !md.contains("](javascript"),
        "a javascript: URL is never a link"
    );
    // Escaped pipes never split a table cell: every row of a table has the header's columns.
    let unescaped_pipes = |l: &str| {
        let b = l.as_bytes();
        (0..b.len())
            .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
            .count()
    };
    let mut table: Vec<&str> = Vec::new();
    for line in md.lines().chain([""]) {
        if line.starts_with('|') {
            table.push(line);
        } else if !table.is_empty() {
            let n = unescaped_pipes(table[0]);
            for row in &table {
                assert_eq!(
                    unescaped_pipes(row),
                    n,
                    "a row of the table lost its columns: {row}"
                );
            }
            table.clear();
        }
    }
}

#[tokio::test]
async fn hostile_text_survives_csv_quoting() {
    use report_fixture::*;
    let t = TestStore::new().await;
    hostile(&t).await;
    let csv = report(
        &t,
        &[
            "--format",
            "csv",
            "--table",
            "sources",
            "--as-of",
            "2025-03-01",
        ],
    );
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 1, "one source, cited twice: {csv}");
    assert_eq!(&rows[0][3], HOSTILE_SOURCE_TITLE);
    assert_eq!(&rows[0][4], HOSTILE_URL);
    assert_eq!(&rows[0][5], HOSTILE_QUOTE);
    let positions = report(&t, &["--format", "csv", "--as-of", "2025-03-01"]);
    let mut r = csv::Reader::from_reader(positions.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|row| &row[1] == HOSTILE_TITLE));
}

#[tokio::test]
async fn out_writes_the_same_bytes_as_stdout_and_says_so() {
    let t = seeded().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let printed = report(&t, &["--format", "html", "--as-of", "2026-02-01"]);
    let out = t
        .accord()
        .args([
            "report",
            "--format",
            "html",
            "--as-of",
            "2026-02-01",
            "--out",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "nothing on stdout with --out");
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote the html report to"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), printed);
}

#[tokio::test]
async fn a_reader_gets_clear_errors_and_exit_codes() {
    let t = seeded().await;
    let fails = |args: &[&str], code: i32, needle: &str| {
        let out = t.accord().arg("report").args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(
            err.contains(needle),
            "{args:?}: expected `{needle}` in {err}"
        );
    };
    fails(
        &["--format", "pdf"],
        2,
        "possible values: md, html, json, csv",
    );
    fails(&["--as-of", "2024-13-01"], 2, "not a day of the calendar");
    fails(
        &["--out", "/nonexistent-dir/report.md"],
        3,
        "cannot write the report to /nonexistent-dir/report.md",
    );
    fails(
        &["--table", "commitments"],
        3,
        "--table chooses a CSV table",
    );
    fails(&["--state", "Atlantis"], 3, "Atlantis");
    fails(
        &["--initiative", "aral-sea-fund"],
        4,
        "initiative `aral-sea-fund` not found",
    );
    let out = t
        .accord()
        .args(["--json", "report", "--format", "md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: Value = serde_json::from_slice(
        &t.accord()
            .args(["--json", "report"])
            .output()
            .unwrap()
            .stdout,
    )
    .expect("--json gives the JSON report");
    assert_eq!(v["schema_version"], 2);
}
