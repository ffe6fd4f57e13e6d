//! Snapshots (insta) of the human output of every query on the seed data.
//! The same snapshots hold on SQLite and PostgreSQL: the output is identical.

mod common;

use common::TestStore;

fn stdout(t: &TestStore, args: &[&str]) -> String {
    let out = t.accord().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Recording times and the hashes that cover them differ from run to run.
fn redact(s: &str) -> String {
    s.lines()
        .map(|l| {
            let t = l.trim_start();
            if ["recorded_at:", "hash:", "prev_hash:", "content_hash:"]
                .iter()
                .any(|k| t.starts_with(k))
                && !t.starts_with("content_hash:")
            {
                let indent = &l[..l.len() - t.len()];
                format!("{indent}{}: [redacted]", t.split(':').next().unwrap())
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn human_output_of_every_query_on_the_seed_data() {
    let t = TestStore::new().await;
    t.accord().arg("init").assert().success();
    insta::assert_snapshot!("backers", stdout(&t, &["backers", "caspian-expert-group"]));
    insta::assert_snapshot!(
        "backers_as_of",
        stdout(
            &t,
            &["backers", "caspian-expert-group", "--as-of", "2024-11-11"]
        )
    );
    insta::assert_snapshot!(
        "state_kaz",
        stdout(&t, &["state", "Kazakhstan", "--as-of", "2026-06-01"])
    );
    insta::assert_snapshot!(
        "state_aze",
        stdout(&t, &["state", "AZE", "--as-of", "2026-06-01"])
    );
    insta::assert_snapshot!("initiatives", stdout(&t, &["initiatives"]));
    insta::assert_snapshot!("timeline", stdout(&t, &["timeline"]));
    insta::assert_snapshot!(
        "timeline_kaz",
        stdout(&t, &["timeline", "--state", "KAZ", "--since", "2024-01-01"])
    );
    insta::assert_snapshot!("events", stdout(&t, &["events"]));
    insta::assert_snapshot!("show_support", redact(&stdout(&t, &["show", "f45f3c2d"])));
    insta::assert_snapshot!("actors_caspian", stdout(&t, &["actors", "caspi"]));
}
