//! `accord init`: create the store, migrate it, ingest the bundled seed articles (idempotent).

use crate::cli::{Env, OK, print_json};
use crate::error::Result;
use crate::seeds;

/// Create the store and ingest the bundled seed articles. Running it again changes nothing.
///
/// Example: accord init --db caspian.db
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Ingests the bundled seeds; returns how many events were new.
pub async fn ingest_bundled(env: &Env) -> Result<usize> {
    let mut new = 0;
    for file in seeds::bundled(env.registry)? {
        let out = seeds::append_file(&env.store, &file, &env.append_options()).await?;
        new += out.iter().filter(|a| a.new).count();
    }
    Ok(new)
}

pub async fn run(env: &Env, _a: Args) -> Result<i32> {
    let new = ingest_bundled(env).await?;
    let total = env.store.count_events().await?;
    if env.json {
        print_json(
            &serde_json::json!({"store": env.location.display(), "new_events": new, "events": total}),
        );
    } else {
        println!("store: {}", env.location.display());
        println!("bundled seeds: {new} new events ({total} events in the log)");
    }
    Ok(OK)
}
