//! `accord export`: the whole log as JSON Lines, one event per line with every
//! envelope field, in global order (read page by page: memory stays flat); or,
//! with `--format plover`, one PLOVER event-data record per act.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use crate::cli::{Env, OK};
use crate::error::{Error, Result};
use crate::store::EventFilter;
use crate::store::transfer::export_line;

/// Export every event as JSON Lines (for `accord import` into another store), or
/// the acts as PLOVER records (for political event-data tools).
///
/// Examples:
///   accord export --out caspian.jsonl
///   accord export --format plover --out caspian.plover.jsonl
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write to this file (default: standard output). The file appears only when complete.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// `accord`: every event with its envelope (for `accord import`); `plover`: one
    /// PLOVER JSON record per act, corrections applied.
    #[arg(long, value_enum, default_value_t = Format::Accord)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Accord,
    Plover,
}

/// Calls `f` on every event in log order, a page at a time.
async fn each_event(
    env: &Env,
    kind: Option<&str>,
    mut f: impl FnMut(&crate::domain::StoredEvent) -> Result<()>,
) -> Result<()> {
    let mut after = 0;
    loop {
        let page = env
            .store
            .events(&EventFilter {
                after,
                kind: kind.map(str::to_string),
                limit: Some(PAGE),
                ..Default::default()
            })
            .await?;
        let Some(last) = page.last() else { break };
        after = last.position;
        for e in &page {
            f(e)?;
        }
    }
    Ok(())
}

/// Writes the PLOVER records; returns how many were written and how many acts had
/// no PLOVER category.
async fn write_plover(env: &Env, w: &mut dyn Write) -> Result<(i64, i64)> {
    let io = |e: std::io::Error| Error::Store(format!("cannot write the export: {e}"));
    let mut am = crate::plover::Amendments::default();
    for kind in ["correction", "source_added"] {
        each_event(env, Some(kind), |e| {
            am.note(e);
            Ok(())
        })
        .await?;
    }
    let (mut n, mut skipped) = (0, 0);
    each_event(env, None, |e| {
        if e.kind.is_meta() {
            return Ok(());
        }
        let Some(d) = am.effective(e) else {
            return Ok(());
        };
        let more = am.sources.get(&e.id).map(Vec::as_slice).unwrap_or(&[]);
        match crate::plover::record(env.registry, e, &d, more) {
            Some(r) => {
                writeln!(w, "{r}").map_err(io)?;
                n += 1;
            }
            None => skipped += 1,
        }
        Ok(())
    })
    .await?;
    w.flush().map_err(io)?;
    Ok((n, skipped))
}

async fn write_format(env: &Env, format: Format, w: &mut dyn Write) -> Result<String> {
    Ok(match format {
        Format::Accord => format!("{} events", write_all(env, w).await?),
        Format::Plover => {
            let (n, skipped) = write_plover(env, w).await?;
            format!(
                "{n} PLOVER records ({skipped} statements and progress reports have no PLOVER category and were left out)"
            )
        }
    })
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
            let what = write_format(env, a.format, &mut w).await?;
            if a.format == Format::Plover {
                eprintln!("exported {what}");
            }
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
            let what = write_format(env, a.format, &mut w).await?;
            drop(w);
            std::fs::rename(&tmp, path)
                .map_err(|e| Error::Store(format!("cannot move the export into place: {e}")))?;
            eprintln!("exported {what} to {}", path.display());
        }
    }
    Ok(OK)
}
