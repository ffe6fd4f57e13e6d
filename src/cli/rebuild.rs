//! `accord rebuild`: recompute every projection from the log.

use crate::cli::{Env, OK, print_json};
use crate::error::Result;

/// Rebuild the projections from the log (the result equals what appends maintained).
///
/// Example: accord rebuild
#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(env: &Env, _a: Args) -> Result<i32> {
    let r = env.store.rebuild().await?;
    if env.json {
        print_json(&r);
    } else {
        println!(
            "rebuilt {} rows from {} events in {} streams",
            r.rows, r.events, r.streams
        );
    }
    Ok(OK)
}
