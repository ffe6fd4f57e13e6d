//! Human rendering of `state`, `initiatives` and `timeline`.

use crate::query::initiatives::InitiativeLine;
use crate::query::state::StateView;
use crate::query::timeline::TimelineLine;
use crate::render::cite::{refs, sources};
use crate::render::table::table;

/// A state's standing.
pub fn state(v: &StateView) -> String {
    let mut out = format!("{} ({})", v.name, v.state);
    match v.as_of {
        Some(d) => out.push_str(&format!(", as of {d}\n")),
        None => out.push('\n'),
    }
    out.push_str("\nInitiatives:\n");
    if v.positions.is_empty() {
        out.push_str("  none recorded\n");
    } else {
        let rows = v
            .positions
            .iter()
            .map(|p| {
                vec![
                    p.initiative.clone(),
                    p.position
                        .clone()
                        .unwrap_or_else(|| "no recorded position".into()),
                    p.since.clone().unwrap_or_default(),
                    refs(&p.sources),
                ]
            })
            .collect();
        out.push_str(&table(
            &["INITIATIVE", "POSITION", "SINCE", "SOURCE"],
            rows,
            80,
        ));
    }
    out.push_str(&format!("\nCommitments (status on {}):\n", v.judged_on));
    if v.commitments.is_empty() {
        out.push_str("  none recorded\n");
    } else {
        let rows = v
            .commitments
            .iter()
            .map(|c| {
                let mut status = c.status.clone();
                if c.stale {
                    status.push_str(", no report for over a year");
                }
                let progress = match (c.progress_percent, &c.progress_text) {
                    (Some(p), _) => format!("{p}%"),
                    (None, Some(t)) => t.clone(),
                    (None, None) => String::new(),
                };
                vec![
                    c.text.clone(),
                    c.made_on.clone(),
                    c.deadline
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "none".into()),
                    progress,
                    status,
                    refs(&c.sources),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                "COMMITMENT",
                "MADE",
                "DEADLINE",
                "PROGRESS",
                "STATUS",
                "SOURCE",
            ],
            rows,
            80,
        ));
    }
    if !v.treaties.is_empty() {
        out.push_str("\nTreaties:\n");
        let rows = v
            .treaties
            .iter()
            .map(|t| {
                vec![
                    format!("{} ({})", t.treaty, t.form),
                    t.standing.replace('_', " "),
                    t.signed_on.clone().unwrap_or_else(|| "-".into()),
                    match (&t.ratified_on, &t.consent) {
                        (Some(d), Some(c)) if c != "ratification" => format!("{d} ({c})"),
                        (Some(d), _) => d.clone(),
                        (None, _) => "-".into(),
                    },
                    t.in_force_on.clone().unwrap_or_else(|| "-".into()),
                    refs(&t.sources),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                "TREATY", "STANDING", "SIGNED", "RATIFIED", "IN FORCE", "SOURCE",
            ],
            rows,
            80,
        ));
    }
    out.push_str("\nMeetings:\n");
    if v.meetings.is_empty() {
        out.push_str("  none recorded\n");
    } else {
        let rows = v
            .meetings
            .iter()
            .map(|p| {
                vec![
                    p.held_on.clone(),
                    format!("{} ({})", p.title, p.format.replace('_', " ")),
                    p.role.clone(),
                    refs(&p.sources),
                ]
            })
            .collect();
        out.push_str(&table(&["DATE", "MEETING", "ROLE", "SOURCE"], rows, 80));
    }
    out.push_str(&sources(&v.sources));
    out
}

/// All initiatives.
pub fn initiatives(list: &[InitiativeLine]) -> String {
    if list.is_empty() {
        return "no initiatives recorded\n".into();
    }
    let rows = list
        .iter()
        .map(|i| {
            vec![
                i.id.clone(),
                i.proposers.join(" "),
                i.status.replace('_', " "),
                i.supporters.to_string(),
                i.opposers.to_string(),
                i.withdrawn.to_string(),
                i.silent.to_string(),
            ]
        })
        .collect();
    table(
        &[
            "INITIATIVE",
            "PROPOSER",
            "STATUS",
            "FOR",
            "AGAINST",
            "WITHDRAWN",
            "SILENT",
        ],
        rows,
        80,
    )
}

/// The timeline.
pub fn timeline(list: &[TimelineLine]) -> String {
    if list.is_empty() {
        return "no acts in this window\n".into();
    }
    let rows = list
        .iter()
        .map(|t| {
            let mut what = t.summary.clone();
            if t.amended {
                what.push_str(" (amended)");
            }
            vec![
                t.date.clone(),
                t.kind.replace('_', " "),
                what,
                t.event_id.to_string()[..8].to_string(),
            ]
        })
        .collect();
    table(&["DATE", "KIND", "WHAT", "EVENT"], rows, 80)
}
