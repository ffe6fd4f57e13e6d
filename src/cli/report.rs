//! `accord report`: the status report on the record (summary, positions,
//! commitments, panels, timeline, sources) as Markdown, HTML, JSON or CSV,
//! to stdout or a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{Env, OK, parse_as_of};
use crate::error::{Error, Result};
use crate::query::resolve_initiative;
use crate::report::{self, Format, Options, Table};

/// Write a status report: summary, positions, commitments, panels, timeline and sources.
///
/// The report is a pure function of the record as it stands (or as of --as-of): the same
/// store and options give the same bytes. Commitments are judged on --as-of, else today (UTC).
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  accord report > report.md
  accord report --format html --out report.html
  accord report --format json --as-of 2025-01-31 --since 2024-12-31
  accord report --format csv --table commitments --state Kazakhstan
  accord report --initiative caspian-expert-group --format html --out expert-group.html

The JSON schema is described in docs/report-schema.md.")]
pub struct Args {
    /// The format [default: md; json with --json].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The record as it stood on this day (acts that certainly happened by then).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub as_of: Option<chrono::NaiveDate>,
    /// List what changed after this day: acts whose date's latest day is after it.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub since: Option<chrono::NaiveDate>,
    /// Only this initiative (its id, or a unique part of its title).
    #[arg(long, value_name = "ID")]
    pub initiative: Option<String>,
    /// Only this state (an ISO 3166 code or a name, e.g. KAZ or Kazakhstan).
    #[arg(long, value_name = "CODE")]
    pub state: Option<String>,
    /// The CSV table (with --format csv) [default: positions].
    #[arg(long, value_enum)]
    pub table: Option<Table>,
    /// How many of the most recent acts the timeline lists (0: all).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub recent: usize,
    /// Stamp the report with the time it was made (then it differs from run to run).
    #[arg(long)]
    pub generated_at: bool,
    /// Write the report to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Md => "md",
        Format::Html => "html",
        Format::Json => "json",
        Format::Csv => "csv",
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| {
        Error::invalid(
            format!("cannot write the report to {}: {e}", path.display()),
            "check that the directory exists and that you may write there, or leave out --out to print the report",
        )
    })
}

pub async fn run(env: &Env, a: Args) -> Result<i32> {
    let format = match (a.format, env.json) {
        (Some(f), true) if f != Format::Json => {
            return Err(Error::invalid(
                format!(
                    "--json asks for JSON but --format asks for {}",
                    format_name(f)
                ),
                "give one of them",
            ));
        }
        (Some(f), _) => f,
        (None, true) => Format::Json,
        (None, false) => Format::Md,
    };
    if a.table.is_some() && format != Format::Csv {
        return Err(Error::invalid(
            format!(
                "--table chooses a CSV table, but the format is {}",
                format_name(format)
            ),
            "add --format csv, or leave out --table",
        ));
    }
    env.seed_if_empty().await?;
    let initiative = match &a.initiative {
        Some(name) => Some(resolve_initiative(&env.store, name).await?),
        None => None,
    };
    let state = match &a.state {
        Some(name) => Some(
            env.registry
                .resolve_state(name)
                .map_err(|e| {
                    Error::invalid(
                        e.to_string(),
                        "give a state's ISO 3166 alpha-3 code or its name, e.g. KAZ or Kazakhstan",
                    )
                })?
                .id
                .clone(),
        ),
        None => None,
    };
    let now = chrono::Utc::now();
    let inputs = report::load(&env.store, a.as_of).await?;
    let r = report::build(
        &inputs,
        env.registry,
        &Options {
            as_of: a.as_of,
            day: a.as_of.unwrap_or_else(|| now.date_naive()),
            since: a.since,
            initiative,
            state,
            recent: a.recent,
            generated_at: a
                .generated_at
                .then(|| now.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        },
    );
    let text = report::render(&r, format, a.table.unwrap_or(Table::Positions));
    match &a.out {
        Some(path) => {
            write_file(path, text.as_bytes())?;
            eprintln!(
                "accord: wrote the {} report to {} ({} bytes)",
                format_name(format),
                path.display(),
                text.len()
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                Ok(()) => {}
                // A reader that stops early (`| head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => {
                    return Err(Error::invalid(
                        format!("cannot write the report to stdout: {e}"),
                        "write it to a file with --out FILE",
                    ));
                }
            }
        }
    }
    Ok(OK)
}
