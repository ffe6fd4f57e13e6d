//! `accord import FILE`: append the events of an `accord export` file. The file
//! is checked whole first (every record's hashes, the chain between records);
//! then it is appended in batches, each all or nothing. Events already present
//! are skipped, so an interrupted import can simply be run again.

use std::io::Read;

use crate::cli::{Env, OK, print_json};
use crate::error::{Error, Result, exit};
use crate::store::transfer::read_line;

/// Import an export file (JSON Lines) into this store.
///
/// Example: accord --database-url postgres://team@db/accord import caspian.jsonl
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The export file, or - for standard input.
    pub file: String,
    /// Events per transaction.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch_size: u32,
}

pub async fn run(env: &Env, a: Args) -> Result<i32> {
    let name = if a.file == "-" {
        "<stdin>".to_string()
    } else {
        a.file.clone()
    };
    let mut bytes = Vec::new();
    if a.file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| {
            Error::invalid(
                format!("cannot read standard input: {e}"),
                "pipe an export into accord",
            )
        })?;
    } else {
        bytes = std::fs::read(&a.file).map_err(|e| Error::NotFound {
            what: format!("file {}", a.file),
            hint: Some(e.to_string()),
        })?;
    }
    let bad = |line: usize, message: String| Error::InputFile {
        file: name.clone(),
        line,
        column: 1,
        message,
        hint: Some("import a file written by `accord export`, unchanged".into()),
    };
    let text = String::from_utf8(bytes).map_err(|e| bad(1, format!("not UTF-8 text ({e})")))?;
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l))
        .collect();
    if lines.is_empty() {
        return Err(bad(1, "the file holds no events".into()));
    }
    // Pass 1: check everything before appending anything.
    let mut prev_hash: Option<String> = None;
    for (n, line) in &lines {
        let e = read_line(line).map_err(|m| bad(*n, m))?;
        if let Some(p) = &prev_hash
            && *p != e.prev_hash
        {
            return Err(bad(
                *n,
                format!(
                    "event {} does not follow the record before it (a record was removed, added or moved)",
                    e.id
                ),
            ));
        }
        prev_hash = Some(e.hash);
    }
    // Pass 2: append in batches.
    let mut appended = 0;
    let mut present = 0;
    for chunk in lines.chunks(a.batch_size as usize) {
        let events = chunk
            .iter()
            .map(|(n, l)| read_line(l).map_err(|m| bad(*n, m)))
            .collect::<Result<Vec<_>>>()?;
        let done = env.store.import(events).await.map_err(|e| match e {
            Error::InEvent { index, inner, .. } => Error::InputFile {
                file: name.clone(),
                line: chunk.get(index).map(|(n, _)| *n).unwrap_or(1),
                column: 1,
                message: inner.to_string(),
                hint: inner.hint(),
            },
            other => other,
        })?;
        appended += done.appended;
        present += done.already_present;
    }
    if env.json {
        print_json(&serde_json::json!({"appended": appended, "already_present": present}));
    } else {
        println!("imported {appended} events ({present} already present)");
    }
    Ok(if appended == 0 { exit::DUPLICATE } else { OK })
}
