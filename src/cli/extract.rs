//! `accord extract ARTICLE.txt`: draft the events an article states, as a seed
//! file to review (or JSON with `--json`); `--evaluate DIR` scores drafts
//! against hand-labelled articles. Needs no store: when one exists, its
//! initiatives are matched too.

use std::path::PathBuf;

use crate::cli::{OK, print_json};
use crate::domain::Registry;
use crate::error::{Error, Result};
use crate::extract::{self, Known, Meta, evaluate, render};
use crate::store::{Location, RowSelect, Store};

/// The article's metadata, when the text does not give it (or gives it wrong).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MetaArgs {
    /// The publication date (YYYY-MM-DD); dates in the text are read relative to it.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Who published the article.
    #[arg(long, value_name = "NAME")]
    pub publisher: Option<String>,
    /// Where the article is.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The article's headline.
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
}

impl MetaArgs {
    pub fn meta(&self) -> Result<Meta> {
        let published = match &self.published {
            None => None,
            Some(s) => Some(extract::text::parse_published(s).ok_or_else(|| {
                Error::invalid(
                    format!("`{s}` is not a publication date"),
                    "write --published YYYY-MM-DD",
                )
            })?),
        };
        Ok(Meta {
            title: self.title.clone(),
            publisher: self.publisher.clone(),
            published,
            url: self.url.clone(),
            note: None,
        })
    }
}

/// Draft the events an article states, for review.
///
/// The article is plain text: optionally a header of `key: value` lines (title, url, publisher,
/// published), a blank line, then the body. The draft is a seed file: review it, then append it
/// with `accord ingest ARTICLE --review`. Each event carries the rule that drafted it and a
/// confidence.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  accord extract article.txt --published 2024-11-12 > draft.toml
  accord extract article.txt --json
  accord extract --evaluate tests/fixtures/extract")]
pub struct Args {
    /// The article's text.
    #[arg(required_unless_present = "evaluate")]
    pub article: Option<PathBuf>,
    #[command(flatten)]
    pub meta: MetaArgs,
    /// Score drafts against NAME.txt + NAME.expected.toml pairs in DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "article")]
    pub evaluate: Option<PathBuf>,
    /// Write the draft to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Reads an article and drafts its events, matching initiatives against `known`.
pub fn draft_of(
    path: &std::path::Path,
    meta: &Meta,
    reg: &Registry,
    known: &[Known],
) -> Result<extract::Draft> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::NotFound {
        what: format!("article {name}"),
        hint: Some(e.to_string()),
    })?;
    extract::extract(&name, &bytes, meta, reg, known)
}

/// The initiatives of the bundled seeds, and of the record when one exists (extract
/// needs no store and does not create one).
pub async fn known(reg: &Registry, loc: &Location) -> Result<Vec<Known>> {
    let mut known = Known::bundled(reg);
    let exists = match loc {
        Location::SqliteFile(p) => p.exists(),
        Location::SqliteUrl(_) | Location::Postgres(_) => true,
    };
    if exists {
        let store = Store::open(loc).await?;
        add_recorded(&store, &mut known).await?;
    }
    Ok(known)
}

/// Adds the record's initiatives and treaties to `known`.
pub async fn add_recorded(store: &Store, known: &mut Vec<Known>) -> Result<()> {
    let rows = store.rows(&RowSelect::Initiatives).await?.initiatives;
    for r in rows.into_values() {
        if !known.iter().any(|k| k.id == r.id) {
            known.push(Known {
                treaty: r.is_treaty(),
                id: r.id,
                title: r.title,
                scope: r.scope,
            });
        }
    }
    Ok(())
}

pub async fn run(reg: &Registry, json: bool, loc: &Location, a: Args) -> Result<i32> {
    if let Some(dir) = a.evaluate {
        let report = evaluate::evaluate_dir(&dir, reg, &Known::bundled(reg))?;
        if json {
            print_json(&report);
        } else {
            print!("{}", report.table());
        }
        return Ok(OK);
    }
    let path = a.article.expect("required by clap");
    let draft = draft_of(&path, &a.meta.meta()?, reg, &known(reg, loc).await?)?;
    let out = if json {
        serde_json::to_string_pretty(&render::json(&draft)).expect("JSON") + "\n"
    } else {
        render::toml(&draft, &path.display().to_string())
    };
    match a.out {
        Some(f) => std::fs::write(&f, out).map_err(|e| {
            Error::invalid(
                format!("cannot write {}: {e}", f.display()),
                "check the path",
            )
        })?,
        None => print!("{out}"),
    }
    eprintln!(
        "accord: drafted {} event(s) from {}; {} left out (see the end of the draft)",
        draft.events.len(),
        path.display(),
        draft.skipped.len()
    );
    Ok(OK)
}
