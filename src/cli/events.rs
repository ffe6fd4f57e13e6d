//! `accord events`: the log in global order, filterable by stream, kind and
//! actor. By default it shows the record as corrected (retracted events and the
//! corrections themselves left out, amended events marked); `--show-corrected`
//! shows every event as logged, with what corrected what.

use std::collections::HashMap;

use serde_json::Value;
use uuid::Uuid;

use crate::cli::{Env, OK, print_json};
use crate::domain::Kind;
use crate::domain::payload::Payload;
use crate::error::{Error, Result};
use crate::render;
use crate::store::EventFilter;

/// List the events of the log.
///
/// Example: accord events --actor KAZ --kind support_declared --show-corrected
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
    /// Show corrected events and the corrections too, marked.
    #[arg(long)]
    pub show_corrected: bool,
    /// Only acts that certainly happened by this day (the log as it stood then).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::cli::parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
}

pub async fn run(env: &Env, a: Args) -> Result<i32> {
    let kind = match a.kind {
        Some(k) => Some(
            k.parse::<Kind>()
                .map_err(|e| Error::invalid(e.to_string(), "use one of the kinds listed"))?
                .as_str()
                .to_string(),
        ),
        None => None,
    };
    let actor = match a.actor {
        Some(n) => Some(
            env.registry
                .resolve(&n)
                .map_err(|e| Error::invalid(e.to_string(), "use a registry id or name"))?
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
    // What corrects what, across the whole log.
    let corrections = env
        .store
        .events(&EventFilter {
            kind: Some(Kind::Correction.as_str().into()),
            ..Default::default()
        })
        .await?;
    let mut by_target: HashMap<Uuid, Vec<(Uuid, bool)>> = HashMap::new();
    for c in &corrections {
        if let Payload::Correction(x) = &c.data.payload {
            by_target
                .entry(x.target)
                .or_default()
                .push((c.id, x.amend.is_none()));
        }
    }
    let retracted = |id: &Uuid| by_target.get(id).is_some_and(|v| v.iter().any(|(_, r)| *r));
    let shown: Vec<_> = events
        .into_iter()
        .filter(|e| a.show_corrected || (e.kind != Kind::Correction && !retracted(&e.id)))
        .filter(|e| {
            a.as_of
                .is_none_or(|d| e.kind.is_meta() || e.data.date.certainly_by(d))
        })
        .collect();
    if env.json {
        let list: Vec<Value> = shown
            .iter()
            .map(|e| {
                let mut v = render::event::json(e);
                if let Some(cs) = by_target.get(&e.id) {
                    v["corrected_by"] = serde_json::json!(
                        cs.iter()
                            .map(|(id, r)| serde_json::json!({"id": id, "retracts": r}))
                            .collect::<Vec<_>>()
                    );
                }
                v
            })
            .collect();
        print_json(&list);
    } else {
        let marks: HashMap<Uuid, String> = shown
            .iter()
            .filter_map(|e| {
                by_target.get(&e.id).map(|cs| {
                    let (id, r) = cs.last().expect("non-empty");
                    (
                        e.id,
                        format!(
                            " [{} by {}]",
                            if *r { "retracted" } else { "amended" },
                            &id.to_string()[..8]
                        ),
                    )
                })
            })
            .collect();
        print!("{}", render::event::list_marked(&shown, &marks));
    }
    Ok(OK)
}
