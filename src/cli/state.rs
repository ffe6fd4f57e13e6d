//! `accord state STATE`: a state's position on every initiative, its commitments, its panels.

use crate::cli::{Env, OK, parse_as_of, print_json};
use crate::error::{Error, Result};
use crate::query::state::state;
use crate::render;

/// Show where a state stands: positions, commitments (with status) and panels.
///
/// Example: accord state Kazakhstan --as-of 2025-01-01
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The state: an ISO code, a name or an alias.
    pub state: String,
    /// The record as it stood on this day; commitments are judged on it too.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
}

pub async fn run(env: &Env, a: Args) -> Result<i32> {
    env.seed_if_empty().await?;
    let code = env
        .registry
        .resolve_state(&a.state)
        .map_err(|e| {
            Error::invalid(
                e.to_string(),
                "give an ISO 3166 code such as KAZ, or the state's name",
            )
        })?
        .id
        .clone();
    let v = state(&env.store, env.registry, &code, a.as_of).await?;
    if env.json {
        print_json(&v);
    } else {
        print!("{}", render::views::state(&v));
    }
    Ok(OK)
}
