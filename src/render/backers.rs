//! Human rendering of `accord backers`.

use crate::query::BackersView;
use crate::render::table::{table, wrap};

/// The backers view as text of at most 80 columns.
pub fn text(v: &BackersView) -> String {
    let mut out = String::new();
    out.push_str(&wrap(&format!("{}: {}", v.initiative, v.title), 80, "  "));
    out.push_str(&wrap(
        &format!(
            "{} by {} ({}). Status: {}. Scope: {}.",
            if v.form == "initiative" {
                "Proposed"
            } else {
                "First recorded"
            },
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
    if v.form != "initiative" {
        out.push_str(&wrap(
            &format!(
                "A {}: adopted {}; in force {}.",
                v.form,
                v.adopted_on.as_deref().unwrap_or("(not recorded)"),
                v.in_force_on.as_deref().unwrap_or("(not recorded)")
            ),
            80,
            "  ",
        ));
        out.push('\n');
        out.push_str(&standings(v));
        out.push_str(&crate::render::cite::sources(&v.sources));
        return out;
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

/// The standing table of a treaty: each state's step and its dates.
fn standings(v: &BackersView) -> String {
    let dash = |d: &Option<String>| d.clone().unwrap_or_else(|| "-".into());
    let rows = v
        .states
        .iter()
        .map(|b| {
            vec![
                b.state.clone(),
                b.standing
                    .as_deref()
                    .unwrap_or("not_signed")
                    .replace('_', " "),
                dash(&b.signed_on),
                match (&b.ratified_on, &b.consent) {
                    (Some(d), Some(c)) if c != "ratification" => format!("{d} ({c})"),
                    (d, _) => dash(d),
                },
                dash(&b.in_force_on),
                b.sources
                    .iter()
                    .map(|n| format!("[{n}]"))
                    .collect::<Vec<_>>()
                    .join(""),
            ]
        })
        .collect();
    table(
        &[
            "STATE", "STANDING", "SIGNED", "RATIFIED", "IN FORCE", "SOURCE",
        ],
        rows,
        80,
    )
}
