//! `accord ingest PATH...`: append the events of seed files (TOML or JSON),
//! one transaction per file; a bad file appends nothing and says where it is wrong.
//! `accord ingest ARTICLE.txt --review` drafts an article's events, opens the
//! draft in `$EDITOR` (or reads a reviewed `--draft FILE`) and appends what
//! remains, all or nothing; an act already recorded gets the article as a
//! further source.

use std::path::{Path, PathBuf};

use crate::cli::{Env, OK, print_json, report};
use crate::error::{Error, Result};
use crate::seeds;

/// Ingest seed files or folders of them. Idempotent: events already recorded are skipped.
///
/// Example: accord ingest seeds/ my-article.toml
///
/// Example: accord ingest article.txt --review      (draft, edit in $EDITOR, append)
///
/// Example: accord ingest article.txt --review --draft reviewed.toml
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files (.toml, .json) or folders holding them; with --review, one article's text.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Draft the article's events, review the draft in $EDITOR, append what remains.
    #[arg(long)]
    pub review: bool,
    /// The reviewed draft to append (instead of opening $EDITOR).
    #[arg(long, value_name = "FILE", requires = "review")]
    pub draft: Option<PathBuf>,
    #[command(flatten)]
    pub meta: crate::cli::extract::MetaArgs,
}

/// Drafts the article, has it reviewed, and appends the reviewed draft in one transaction.
async fn review(env: &Env, a: &Args) -> Result<i32> {
    let [article] = a.paths.as_slice() else {
        return Err(Error::invalid(
            "--review takes one article",
            "give one ARTICLE.txt; ingest its draft, then the next",
        ));
    };
    let stem = article
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "article".into());
    let (name, text) = match &a.draft {
        Some(f) => {
            let text = std::fs::read_to_string(f).map_err(|e| {
                Error::invalid(
                    format!("cannot read the draft {}: {e}", f.display()),
                    "check the path; the draft must be UTF-8 text",
                )
            })?;
            (f.display().to_string(), text)
        }
        None => {
            // Initiatives are matched against the bundled seeds and the record itself.
            let mut known = crate::extract::Known::bundled(env.registry);
            crate::cli::extract::add_recorded(&env.store, &mut known).await?;
            let draft =
                crate::cli::extract::draft_of(article, &a.meta.meta()?, env.registry, &known)?;
            let text = crate::extract::render::toml(&draft, &article.display().to_string());
            let editor = std::env::var("VISUAL")
                .ok()
                .or_else(|| std::env::var("EDITOR").ok())
                .filter(|e| !e.trim().is_empty())
                .ok_or_else(|| {
                    Error::invalid(
                        "no editor to review the draft in: $EDITOR is not set",
                        "set EDITOR, or write the draft with `accord extract ARTICLE --out FILE`, edit it, and give --draft FILE",
                    )
                })?;
            let dir = std::env::temp_dir().join(format!("accord-review-{}", std::process::id()));
            std::fs::create_dir_all(&dir).map_err(|e| {
                Error::invalid(
                    format!("cannot create {}: {e}", dir.display()),
                    "check the temporary folder",
                )
            })?;
            let path = dir.join(format!("{stem}.draft.toml"));
            std::fs::write(&path, &text).map_err(|e| {
                Error::invalid(
                    format!("cannot write {}: {e}", path.display()),
                    "check the temporary folder",
                )
            })?;
            let status = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("{editor} \"$1\""))
                .arg("sh")
                .arg(&path)
                .status()
                .map_err(|e| {
                    Error::invalid(
                        format!("cannot run the editor `{editor}`: {e}"),
                        "check EDITOR",
                    )
                })?;
            if !status.success() {
                return Err(Error::invalid(
                    format!("the editor exited with {status}; nothing was appended"),
                    format!("the draft is kept at {}", path.display()),
                ));
            }
            let reviewed = std::fs::read_to_string(&path).map_err(|e| {
                Error::invalid(
                    format!("cannot read {}: {e}", path.display()),
                    "check the temporary folder",
                )
            })?;
            (path.display().to_string(), reviewed)
        }
    };
    // Ids come from the article's name and each event's key, so the same reviewed draft
    // appended twice is recorded once.
    let mut file = seeds::parse(&name, &text, env.registry)?;
    let reparsed = seeds::parse(&format!("{stem}.draft.toml"), &text, env.registry)?;
    for (e, r) in file.events.iter_mut().zip(reparsed.events) {
        e.event.id = r.event.id;
        e.event.correlation_id = r.event.correlation_id;
        e.event.recorded_by = "accord ingest --review".into();
    }
    // An event of this draft appended before (perhaps as a further source of an act
    // recorded earlier) is not appended again.
    let total = file.events.len();
    let mut kept = Vec::new();
    for e in std::mem::take(&mut file.events) {
        if env.store.event(e.event.id).await?.is_none() {
            kept.push(e);
        }
    }
    file.events = kept;
    let mut opts = env.append_options();
    opts.on_similar = crate::store::OnSimilar::AddSource;
    let new = if file.events.is_empty() {
        0
    } else {
        let out = seeds::append_file(&env.store, &file, &opts).await?;
        out.iter().filter(|a| a.new).count()
    };
    if env.json {
        print_json(&serde_json::json!({"file": name, "new": new, "already_recorded": total - new}));
    } else {
        println!("{name}: {new} new, {} already recorded", total - new);
    }
    Ok(OK)
}

fn collect(p: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
            .map_err(|e| {
                Error::invalid(
                    format!("cannot read the folder {}: {e}", p.display()),
                    "check the path",
                )
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml" || x == "json"))
            .collect();
        entries.sort();
        out.extend(entries);
        Ok(())
    } else if p.exists() {
        out.push(p.to_path_buf());
        Ok(())
    } else {
        Err(Error::NotFound {
            what: format!("file {}", p.display()),
            hint: None,
        })
    }
}

pub async fn run(env: &Env, a: Args) -> Result<i32> {
    if a.review {
        return review(env, &a).await;
    }
    let mut files = Vec::new();
    for p in &a.paths {
        collect(p, &mut files)?;
    }
    let mut summary = Vec::new();
    let mut worst = OK;
    for f in files {
        let name = f.display().to_string();
        let result = async {
            let bytes = std::fs::read(&f).map_err(|e| {
                Error::invalid(
                    format!("cannot read {name}: {e}"),
                    "check the path and permissions",
                )
            })?;
            let text = String::from_utf8(bytes).map_err(|e| Error::InputFile {
                file: name.clone(),
                line: 1,
                column: 1,
                message: format!("not UTF-8 text ({e})"),
                hint: Some("save the file as UTF-8".into()),
            })?;
            let file = seeds::parse(&name, &text, env.registry)?;
            let out = seeds::append_file(&env.store, &file, &env.append_options()).await?;
            Ok::<_, Error>(out)
        }
        .await;
        match result {
            Ok(out) => {
                let new = out.iter().filter(|a| a.new).count();
                if !env.json {
                    println!("{name}: {new} new, {} already recorded", out.len() - new);
                }
                summary.push(serde_json::json!({"file": name, "new": new, "already_recorded": out.len() - new}));
            }
            Err(e) => {
                let code = report(&e);
                worst = if worst == OK { code } else { worst };
                summary.push(serde_json::json!({"file": name, "error": e.to_string()}));
            }
        }
    }
    if env.json {
        print_json(&summary);
    }
    Ok(worst)
}
