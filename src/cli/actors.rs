//! `accord actors [QUERY]`: the registry of states, organisations and people.

use serde_json::json;

use crate::cli::{OK, print_json};
use crate::domain::Registry;
use crate::domain::actor::normalise;
use crate::error::Result;
use crate::render::table::table;

/// List the registry: states (ISO 3166), organisations and people, with aliases and roles.
///
/// Example: accord actors caspian
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only actors whose id, name or alias contains this.
    pub query: Option<String>,
    /// Only this kind: state, organisation or person.
    #[arg(long, value_parser = ["state", "organisation", "person"])]
    pub kind: Option<String>,
}

pub fn run(registry: &Registry, json_out: bool, a: Args) -> Result<i32> {
    let q = a.query.as_deref().map(normalise);
    let list: Vec<_> = registry
        .actors()
        .filter(|x| a.kind.as_deref().is_none_or(|k| x.kind.as_str() == k))
        .filter(|x| {
            q.as_ref().is_none_or(|q| {
                std::iter::once(&x.id)
                    .chain(std::iter::once(&x.name))
                    .chain(x.aliases.iter())
                    .any(|n| normalise(n).contains(q.as_str()))
            })
        })
        .collect();
    if json_out {
        let v: Vec<_> = list
            .iter()
            .map(|x| {
                let roles: Vec<_> = registry.roles(&x.id).iter().map(|r| json!({"title": r.title, "acts_for": r.acts_for, "from": r.from, "until": r.until})).collect();
                json!({"id": x.id, "kind": x.kind.as_str(), "name": x.name, "aliases": x.aliases, "roles": roles})
            })
            .collect();
        print_json(&v);
    } else {
        let rows = list
            .iter()
            .map(|x| {
                let extra = match registry.roles(&x.id) {
                    [] => x
                        .aliases
                        .iter()
                        .filter(|s| s.chars().any(|c| c.is_alphabetic()))
                        .take(3)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", "),
                    roles => roles
                        .iter()
                        .map(|r| format!("{} ({})", r.title, r.acts_for))
                        .collect::<Vec<_>>()
                        .join("; "),
                };
                vec![
                    x.id.clone(),
                    x.kind.as_str().to_string(),
                    x.name.clone(),
                    extra,
                ]
            })
            .collect();
        print!(
            "{}",
            table(&["ID", "KIND", "NAME", "ALIASES / ROLES"], rows, 80)
        );
    }
    Ok(OK)
}
