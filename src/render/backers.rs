//! Human rendering of `accord backers`.

use crate::query::BackersView;
use crate::render::table::{table, wrap};

/// The backers view as text of at most 80 columns.
pub fn text(v: &BackersView) -> String {
    let mut out = String::new();
    out.push_str(&wrap(&format!("{}: {}", v.initiative, v.title), 80, "  "));
    out.push_str(&wrap(
        &format!(
            "Proposed by {} ({}). Status: {}. Scope: {}.",
            v.proposer_names.join(", "),
            v.proposed_on,
            v.status.replace('_', " "),
            v.scope.join(" ")
        ),
        80,
        "  ",
    ));
    if let Some(d) = v.as_of {
        out.push_str(&format!(
            "As of {d}: acts that certainly happened by then.\n"
        ));
    }
    out.push('\n');
    let rows = v
        .states
        .iter()
        .map(|b| {
            vec![
                b.state.clone(),
                b.name.clone(),
                b.position
                    .clone()
                    .unwrap_or_else(|| "no recorded position".into()),
                b.since.clone().unwrap_or_default(),
                b.sources
                    .iter()
                    .map(|n| format!("[{n}]"))
                    .collect::<Vec<_>>()
                    .join(""),
            ]
        })
        .collect();
    out.push_str(&table(
        &["STATE", "NAME", "POSITION", "SINCE", "SOURCE"],
        rows,
        80,
    ));
    let notes: Vec<String> = v
        .states
        .iter()
        .filter_map(|b| b.date_note.as_ref().map(|n| format!("{}: {n}", b.state)))
        .collect();
    if !notes.is_empty() {
        out.push_str("\nDates:\n");
        for n in notes {
            out.push_str(&wrap(&format!("  {n}"), 80, "    "));
        }
    }
    if !v.uncertain.is_empty() {
        out.push_str("\nLeft out because their dates may fall on either side of the as-of date:\n");
        for u in &v.uncertain {
            out.push_str(&wrap(&format!("  {u}"), 80, "    "));
        }
    }
    out.push_str(&crate::render::cite::sources(&v.sources));
    out
}
