//! `accord show EVENT_ID`: one whole event with its provenance and hash.

use crate::cli::{Env, OK, print_json};
use crate::error::{Error, Result};
use crate::render;

/// Show one event: envelope, content, sources and hash.
///
/// Example: accord show 0193a5c2
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The event id (or its first characters).
    pub id: String,
}

pub async fn run(env: &Env, a: Args) -> Result<i32> {
    let id = env.store.resolve_event_id(&a.id).await?;
    let e = env.store.event(id).await?.ok_or_else(|| Error::NotFound {
        what: format!("event {id}"),
        hint: None,
    })?;
    let mut v = render::event::json(&e);
    // Every source of the act (its own and those added later), and what corrected it.
    let rows = env
        .store
        .rows(&crate::store::RowSelect::Stream(e.stream.clone()))
        .await?;
    let sources: Vec<_> = rows
        .sources_of(e.id)
        .map(|s| serde_json::json!({"title": s.title, "publisher": s.publisher, "published": s.published, "url": s.url, "quote": s.quote, "note": s.note, "via_event": s.via_event}))
        .collect();
    v["sources"] = serde_json::json!(sources);
    let corrections: Vec<_> = env
        .store
        .stream_events(&e.stream)
        .await?
        .into_iter()
        .filter_map(|c| match &c.data.payload {
            crate::domain::Payload::Correction(x) if x.target == e.id => {
                Some(serde_json::json!({"id": c.id, "reason": x.reason, "amend": x.amend, "retracts": x.amend.is_none()}))
            }
            _ => None,
        })
        .collect();
    if !corrections.is_empty() {
        v["corrected_by"] = serde_json::json!(corrections);
    }
    if env.json {
        print_json(&v);
    } else {
        print!("{}", serde_yaml_like(&v, 0));
    }
    Ok(OK)
}

/// A readable indented rendering of a JSON value.
fn serde_yaml_like(v: &serde_json::Value, indent: usize) -> String {
    use serde_json::Value;
    let pad = " ".repeat(indent);
    let mut out = String::new();
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match x {
                    Value::Null => {}
                    Value::Object(_) | Value::Array(_) if !is_flat(x) => {
                        out.push_str(&format!("{pad}{k}:\n{}", serde_yaml_like(x, indent + 2)));
                    }
                    _ => out.push_str(&crate::render::table::wrap(
                        &format!("{pad}{k}: {}", scalar(x)),
                        80,
                        &format!("{pad}    "),
                    )),
                }
            }
        }
        Value::Array(a) => {
            for x in a {
                let inner = serde_yaml_like(x, indent + 2);
                out.push_str(&format!(
                    "{pad}-{}\n",
                    inner
                        .trim_end()
                        .strip_prefix(&" ".repeat(indent + 1))
                        .unwrap_or(inner.trim_end())
                ));
            }
        }
        _ => out.push_str(&format!("{pad}{}\n", scalar(v))),
    }
    out
}

fn is_flat(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Array(a) => a.iter().all(|x| !x.is_object() && !x.is_array()),
        _ => false,
    }
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a.iter().map(scalar).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}
