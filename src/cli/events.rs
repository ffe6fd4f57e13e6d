//! `accord events`: the log in global order, filterable by stream, kind and actor.

use crate::cli::{Env, OK, print_json};
use crate::error::Result;
use crate::render;
use crate::store::EventFilter;

/// List the events of the log.
///
/// Example: accord events --actor KAZ --kind support_declared
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this stream, e.g. initiative/caspian-expert-group.
    #[arg(long)]
    pub stream: Option<String>,
    /// Only this kind, e.g. support_declared.
    #[arg(long)]
    pub kind: Option<String>,
    /// Only events this actor took part in (a code, name or alias).
    #[arg(long)]
    pub actor: Option<String>,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<i64>,
}

pub async fn run(env: &Env, a: Args) -> Result<i32> {
    let kind = match a.kind {
        Some(k) => Some(
            k.parse::<crate::domain::Kind>()
                .map_err(|e| crate::Error::invalid(e.to_string(), "use one of the kinds listed"))?
                .as_str()
                .to_string(),
        ),
        None => None,
    };
    let actor = match a.actor {
        Some(n) => Some(
            env.registry
                .resolve(&n)
                .map_err(|e| crate::Error::invalid(e.to_string(), "use a registry id or name"))?
                .id
                .clone(),
        ),
        None => None,
    };
    let events = env
        .store
        .events(&EventFilter {
            stream: a.stream,
            kind,
            actor,
            after: 0,
            limit: a.limit,
        })
        .await?;
    if env.json {
        print_json(&events.iter().map(render::event::json).collect::<Vec<_>>());
    } else {
        print!("{}", render::event::list(&events));
    }
    Ok(OK)
}
