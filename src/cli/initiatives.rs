//! `accord initiatives`: every initiative with its status and counts.

use crate::cli::{Env, OK, parse_as_of, print_json};
use crate::error::Result;
use crate::query::initiatives::initiatives;
use crate::render;

/// List every initiative with its status and the number of supporters, opposers,
/// withdrawn and silent states in its scope.
///
/// Example: accord initiatives --as-of 2024-12-31
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record as it stood on this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
}

pub async fn run(env: &Env, a: Args) -> Result<i32> {
    env.seed_if_empty().await?;
    let list = initiatives(&env.store, env.registry, a.as_of).await?;
    if env.json {
        print_json(&list);
    } else {
        print!("{}", render::views::initiatives(&list));
    }
    Ok(OK)
}
