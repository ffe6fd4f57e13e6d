//! Resolving an initiative named on the command line: by id, or by a unique
//! part of its title; an ambiguous name lists the candidates.

use crate::error::{Error, Result};
use crate::store::{RowSelect, Store};

/// The id of the initiative `name` refers to.
pub async fn resolve_initiative(store: &Store, name: &str) -> Result<String> {
    let name = name.trim();
    if store.has_initiative(name).await? {
        return Ok(name.to_string());
    }
    let all = store.rows(&RowSelect::Initiatives).await?.initiatives;
    if all.contains_key(name) {
        return Ok(name.to_string());
    }
    let needle = name.to_lowercase();
    let hits: Vec<&String> = all
        .values()
        .filter(|r| r.id.contains(&needle) || r.title.to_lowercase().contains(&needle))
        .map(|r| &r.id)
        .collect();
    match hits.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::NotFound {
            what: format!("initiative `{name}`"),
            hint: Some(if all.is_empty() {
                "the store has no initiatives yet; run `accord init` to ingest the bundled seeds"
                    .into()
            } else {
                format!(
                    "known initiatives: {}",
                    all.keys().take(10).cloned().collect::<Vec<_>>().join(", ")
                )
            }),
        }),
        many => Err(Error::invalid(
            format!(
                "`{name}` matches several initiatives: {}",
                many.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "give the initiative's id",
        )),
    }
}
