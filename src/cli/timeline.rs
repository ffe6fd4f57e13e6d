//! `accord timeline`: acts in the order they happened.

use crate::cli::{Env, OK, parse_as_of, print_json};
use crate::error::{Error, Result};
use crate::query::resolve_initiative;
use crate::query::timeline::{TimelineFilter, timeline};
use crate::render;

/// List acts in the order they happened (retracted acts are left out).
///
/// Example: accord timeline --state KAZ --since 2024-01-01
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only acts of this state (or organisation, or person).
    #[arg(long)]
    pub state: Option<String>,
    /// Only acts concerning this initiative.
    #[arg(long)]
    pub initiative: Option<String>,
    /// Only acts that may have happened on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub since: Option<chrono::NaiveDate>,
    /// Only acts that certainly happened by this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub until: Option<chrono::NaiveDate>,
    /// The record as it stood on this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
}

pub async fn run(env: &Env, a: Args) -> Result<i32> {
    env.seed_if_empty().await?;
    let state = match &a.state {
        Some(s) => Some(
            env.registry
                .resolve(s)
                .map_err(|e| Error::invalid(e.to_string(), "give a code or a name"))?
                .id
                .clone(),
        ),
        None => None,
    };
    let initiative = match &a.initiative {
        Some(i) => Some(resolve_initiative(&env.store, i).await?),
        None => None,
    };
    let list = timeline(
        &env.store,
        &TimelineFilter {
            state,
            initiative,
            since: a.since,
            until: a.until,
            as_of: a.as_of,
        },
    )
    .await?;
    if env.json {
        print_json(&list);
    } else {
        print!("{}", render::views::timeline(&list));
    }
    Ok(OK)
}
