//! `accord verify`: check the hash chain, the versions and the projections.

use crate::cli::{Env, OK, print_json};
use crate::error::{Result, exit};

/// Verify the log's hash chain and versions, and compare the projections with a rebuild.
/// Exits with 8 and names the first bad event when anything is wrong.
///
/// Example: accord verify
#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(env: &Env, _a: Args) -> Result<i32> {
    let r = env.store.verify().await?;
    if env.json {
        print_json(&r);
    } else if r.ok() {
        println!(
            "ok: {} events in {} streams; hash chain intact; projections match a rebuild",
            r.events, r.streams
        );
    } else {
        if let Some(p) = &r.log_problem {
            eprintln!("verify: log: {p}");
        }
        if let Some(p) = &r.projection_problem {
            eprintln!("verify: projections: {p}");
        }
    }
    Ok(if r.ok() { OK } else { exit::INTEGRITY })
}
