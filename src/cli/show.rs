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
    let v = render::event::json(&e);
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
                    _ => out.push_str(&format!("{pad}{k}: {}\n", scalar(x))),
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
