//! `accord export`: the whole log as JSON Lines, one event per line with every
//! envelope field, in global order (read page by page: memory stays flat).

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use crate::cli::{Env, OK};
use crate::error::{Error, Result};
use crate::store::EventFilter;
use crate::store::transfer::export_line;

/// Export every event as JSON Lines (for `accord import` into another store).
///
/// Example: accord export --out caspian.jsonl
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write to this file (default: standard output). The file appears only when complete.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

const PAGE: i64 = 5000;

async fn write_all(env: &Env, w: &mut dyn Write) -> Result<i64> {
    let mut after = 0;
    let mut n = 0;
    let io = |e: std::io::Error| Error::Store(format!("cannot write the export: {e}"));
    loop {
        let page = env
            .store
            .events(&EventFilter {
                after,
                limit: Some(PAGE),
                ..Default::default()
            })
            .await?;
        let Some(last) = page.last() else { break };
        after = last.position;
        for e in &page {
            writeln!(w, "{}", export_line(e)).map_err(io)?;
            n += 1;
        }
    }
    w.flush().map_err(io)?;
    Ok(n)
}

pub async fn run(env: &Env, a: Args) -> Result<i32> {
    match &a.out {
        None => {
            let stdout = std::io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            write_all(env, &mut w).await?;
        }
        Some(path) => {
            let tmp = path.with_extension("partial");
            let file = std::fs::File::create(&tmp).map_err(|e| {
                Error::invalid(
                    format!("cannot create {}: {e}", tmp.display()),
                    "check the folder and its permissions",
                )
            })?;
            let mut w = BufWriter::new(file);
            let n = write_all(env, &mut w).await?;
            drop(w);
            std::fs::rename(&tmp, path)
                .map_err(|e| Error::Store(format!("cannot move the export into place: {e}")))?;
            eprintln!("exported {n} events to {}", path.display());
        }
    }
    Ok(OK)
}
