//! The command line: global options, the subcommands (one file each), where
//! the store lives, and how errors become messages and exit codes.

mod actors;
mod backers;
mod completions;
mod correct;
mod events;
mod export;
pub(crate) mod extract;
mod import;
mod ingest;
mod init;
mod initiatives;
mod log;
mod rebuild;
mod report;
mod show;
mod state;
mod timeline;
mod verify;

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::domain::Registry;
use crate::error::{Error, Result, exit};
use crate::store::{AppendOptions, Location, Store};

/// accord keeps an append-only record of diplomatic acts (panels, proposals,
/// support, opposition, commitments, progress) and answers who backs what.
#[derive(Debug, Parser)]
#[command(name = "accord", version, about, long_about = None, after_help = "\
Examples:
  accord backers caspian-expert-group
  accord backers caspian-expert-group --as-of 2024-11-11 --json
  accord events --kind support_declared
  accord report --format html --out report.html
  accord verify

The store is the SQLite file given by --db or ACCORD_DB (default: ~/.local/share/accord/accord.db),
or a PostgreSQL database given by --database-url, ACCORD_DATABASE_URL or DATABASE_URL.

Exit codes: 0 ok, 2 usage, 3 invalid input, 4 not found, 5 concurrency conflict,
6 duplicate ignored, 7 store error, 8 integrity failure (verify), 1 internal error.")]
pub struct Cli {
    /// The SQLite store file.
    #[arg(long, global = true, env = "ACCORD_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// A PostgreSQL (or sqlite:) URL; takes precedence over --db. Also read from
    /// ACCORD_DATABASE_URL or DATABASE_URL.
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Print data as JSON.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    Ingest(ingest::Args),
    Log(Box<log::Args>),
    Correct(correct::Args),
    Backers(backers::Args),
    State(state::Args),
    Initiatives(initiatives::Args),
    Timeline(timeline::Args),
    Events(events::Args),
    Show(show::Args),
    Actors(actors::Args),
    Export(export::Args),
    Extract(extract::Args),
    Import(import::Args),
    Rebuild(rebuild::Args),
    Report(report::Args),
    Verify(verify::Args),
    Completions(completions::Args),
    Man(completions::ManArgs),
}

/// The store location from the options and the environment.
pub fn location(cli: &Cli) -> Location {
    let url = cli
        .database_url
        .clone()
        .or_else(|| {
            std::env::var("ACCORD_DATABASE_URL")
                .ok()
                .filter(|s| !s.is_empty())
        })
        .or_else(|| std::env::var("DATABASE_URL").ok().filter(|s| !s.is_empty()));
    if let Some(u) = url
        && cli.db.is_none()
    {
        return Location::parse(&u);
    }
    if let Some(p) = &cli.db {
        return Location::SqliteFile(p.clone());
    }
    Location::SqliteFile(default_db_path())
}

/// `$XDG_DATA_HOME/accord/accord.db`, else `~/.local/share/accord/accord.db`, else `./accord.db`.
pub fn default_db_path() -> PathBuf {
    if let Some(d) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(d).join("accord").join("accord.db");
    }
    if let Some(h) = std::env::var_os("HOME").filter(|d| !d.is_empty()) {
        return PathBuf::from(h).join(".local/share/accord/accord.db");
    }
    PathBuf::from("accord.db")
}

/// What every command gets.
pub struct Env {
    pub store: Store,
    pub location: Location,
    pub registry: &'static Registry,
    pub json: bool,
}

impl Env {
    pub fn append_options(&self) -> AppendOptions<'static> {
        AppendOptions {
            registry: self.registry,
            today: chrono::Utc::now().date_naive(),
            dry_run: false,
            on_similar: Default::default(),
        }
    }

    /// Seeds an empty store with the bundled articles, saying so on stderr.
    pub async fn seed_if_empty(&self) -> Result<()> {
        if self.store.is_empty().await? {
            let n = init::ingest_bundled(self).await?;
            eprintln!(
                "accord: the store {} was empty; ingested {n} events from the bundled seed articles",
                self.location.display()
            );
        }
        Ok(())
    }
}

/// Prints JSON to stdout.
pub fn print_json<T: serde::Serialize>(v: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).expect("views serialise")
    );
}

/// Whether stderr messages may use colour.
fn colour() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints an error with its hint and returns its exit code.
pub fn report(e: &Error) -> i32 {
    let (red, dim, off) = if colour() {
        ("\x1b[31m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    eprintln!("{red}error:{off} {e}");
    if let Some(h) = e.hint() {
        eprintln!("{dim}  hint:{off} {h}");
    }
    e.exit_code()
}

/// Runs the command line; returns the exit code.
pub async fn run(cli: Cli) -> i32 {
    // Commands that need no store.
    let loc = location(&cli);
    let cli = match cli.command {
        Command::Completions(a) => return completions::run(a).unwrap_or_else(|e| report(&e)),
        Command::Man(a) => return completions::man(a).unwrap_or_else(|e| report(&e)),
        Command::Actors(a) => {
            return actors::run(Registry::bundled(), cli.json, a).unwrap_or_else(|e| report(&e));
        }
        Command::Extract(a) => {
            return extract::run(Registry::bundled(), cli.json, &loc, a)
                .await
                .unwrap_or_else(|e| report(&e));
        }
        _ => cli,
    };
    let location = location(&cli);
    let store = match Store::open(&location).await {
        Ok(s) => s,
        Err(e) => return report(&e),
    };
    let env = Env {
        store,
        location,
        registry: Registry::bundled(),
        json: cli.json,
    };
    let result = match cli.command {
        Command::Init(a) => init::run(&env, a).await,
        Command::Ingest(a) => ingest::run(&env, a).await,
        Command::Log(a) => log::run(&env, *a).await,
        Command::Correct(a) => correct::run(&env, a).await,
        Command::State(a) => state::run(&env, a).await,
        Command::Initiatives(a) => initiatives::run(&env, a).await,
        Command::Timeline(a) => timeline::run(&env, a).await,
        Command::Completions(_) | Command::Man(_) | Command::Actors(_) | Command::Extract(_) => {
            unreachable!("handled above")
        }
        Command::Backers(a) => backers::run(&env, a).await,
        Command::Events(a) => events::run(&env, a).await,
        Command::Show(a) => show::run(&env, a).await,
        Command::Export(a) => export::run(&env, a).await,
        Command::Import(a) => import::run(&env, a).await,
        Command::Rebuild(a) => rebuild::run(&env, a).await,
        Command::Report(a) => report::run(&env, a).await,
        Command::Verify(a) => verify::run(&env, a).await,
    };
    match result {
        Ok(code) => code,
        Err(e) => report(&e),
    }
}

/// Parses an `--as-of` day.
pub fn parse_as_of(s: &str) -> std::result::Result<chrono::NaiveDate, String> {
    crate::domain::date::parse_day(s).map_err(|e| e.to_string())
}

pub(crate) const OK: i32 = exit::OK;

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        let path = format!("{path} {}", cmd.get_name());
        let text = format!(
            "{}{}",
            cmd.get_long_about()
                .map(|s| s.to_string())
                .unwrap_or_default(),
            cmd.get_after_help()
                .map(|s| s.to_string())
                .unwrap_or_default()
        );
        if cmd.get_name() != "help" && !text.contains("Example") {
            missing.push(path.clone());
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &path, missing);
        }
    }

    #[test]
    fn every_command_has_an_example_in_its_help() {
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(
            missing.is_empty(),
            "commands without an example: {missing:?}"
        );
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
