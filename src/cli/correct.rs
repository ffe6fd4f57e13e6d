//! `accord correct EVENT_ID`: retract an event, or amend some of its fields,
//! by appending a correcting event (the log itself is never edited).

use serde_json::{Map, Value};

use crate::cli::log::recorded_by;
use crate::cli::{Env, OK, print_json};
use crate::domain::event::{EventData, NewEvent};
use crate::domain::payload::{Correction, Payload};
use crate::error::{Error, Result};

/// Retract an event (no field given), or amend fields of it (--date, --set).
///
/// Examples:
///   accord correct 0193a5c2 --reason "the article dates the support to 13 November" --date 2024-11-13
///   accord correct 0193a5c2 --reason "misread: it was Uzbekistan, not Kazakhstan" (retraction)
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The event to correct (its id or first characters).
    pub id: String,
    /// Why; kept with the correction.
    #[arg(long)]
    pub reason: String,
    /// The right date of the act.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Another field to replace, as FIELD=VALUE (VALUE as JSON, or as text); repeat.
    #[arg(long = "set", value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// Validate and show the correction without appending it.
    #[arg(long)]
    pub dry_run: bool,
}

pub async fn run(env: &Env, a: Args) -> Result<i32> {
    let target = env.store.resolve_event_id(&a.id).await?;
    let mut amend = Map::new();
    if let Some(d) = &a.date {
        amend.insert("date".into(), Value::String(d.clone()));
    }
    for s in &a.set {
        let (k, v) = s.split_once('=').ok_or_else(|| {
            Error::invalid(
                format!("`{s}` is not FIELD=VALUE"),
                "e.g. --set topic=\"the sea level\"",
            )
        })?;
        let value = serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_string()));
        amend.insert(k.trim().to_string(), value);
    }
    let data = EventData {
        date: crate::domain::ActDate::day(chrono::Utc::now().date_naive()),
        actors: Vec::new(),
        payload: Payload::Correction(Correction {
            target,
            reason: a.reason.clone(),
            amend: (!amend.is_empty()).then_some(amend),
        }),
        speaker: None,
        occasion: None,
        source: None,
    };
    let ev = NewEvent::new(data, recorded_by());
    let mut opts = env.append_options();
    opts.dry_run = a.dry_run;
    let out = env
        .store
        .append_any(vec![ev], &opts)
        .await
        .map_err(|e| match e {
            Error::InEvent { inner, .. } => *inner,
            other => other,
        })?;
    let r = &out[0];
    let what = if a.date.is_none() && a.set.is_empty() {
        "retracts"
    } else {
        "amends"
    };
    if env.json {
        print_json(
            &serde_json::json!({"id": r.id, "stream": r.stream, "version": r.version, "corrects": target, "action": what, "dry_run": a.dry_run}),
        );
    } else {
        let verb = if a.dry_run {
            "would append"
        } else {
            "appended"
        };
        println!(
            "{verb} correction {} ({what} {target}) to {} (version {})",
            r.id, r.stream, r.version
        );
    }
    Ok(OK)
}
