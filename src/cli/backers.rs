//! `accord backers INITIATIVE`: who proposes, supports, opposes or withdrew,
//! and which states in scope have no recorded position.

use crate::cli::{Env, OK, parse_as_of, print_json};
use crate::error::Result;
use crate::query::{backers, resolve_initiative};
use crate::render;

/// Show who backs an initiative, with dates and sources.
///
/// Example: accord backers caspian-expert-group --as-of 2024-11-11
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The initiative's id, or a unique part of its title.
    pub initiative: String,
    /// The record as it stood on this day (acts that certainly happened by then).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
}

pub async fn run(env: &Env, a: Args) -> Result<i32> {
    env.seed_if_empty().await?;
    let id = resolve_initiative(&env.store, &a.initiative).await?;
    let v = backers(&env.store, env.registry, &id, a.as_of).await?;
    if env.json {
        print_json(&v);
    } else {
        print!("{}", render::backers::text(&v));
    }
    Ok(OK)
}
