//! `accord ingest PATH...`: append the events of seed files (TOML or JSON),
//! one transaction per file; a bad file appends nothing and says where it is wrong.

use std::path::{Path, PathBuf};

use crate::cli::{Env, OK, print_json, report};
use crate::error::{Error, Result};
use crate::seeds;

/// Ingest seed files or folders of them. Idempotent: events already recorded are skipped.
///
/// Example: accord ingest seeds/ my-article.toml
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files (.toml, .json) or folders holding them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
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
