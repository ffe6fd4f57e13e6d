//! The report as Markdown (CommonMark with GitHub tables): headings, lists and
//! tables that render on common viewers, citations linking to their sources.
//! Text from events is escaped so it can never become markup.

use std::fmt::Write;

use super::view::*;

/// Escapes text from events for Markdown: every character that could start
/// markup is backslash-escaped; line breaks become spaces (tables are one line).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URL as a Markdown link destination: characters that would end or break it
/// (spaces, parentheses, pipes, angle brackets) are percent-encoded.
fn url(u: &str) -> String {
    let mut out = String::new();
    for c in u.trim().chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '|' | '"' | '\\' | '`' | '\'' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Citations: `[[1]](https://…)` when the source has a link, else `[1]`.
fn cites(r: &Report, numbers: &[usize]) -> String {
    numbers
        .iter()
        .map(
            |n| match r.sources.get(n - 1).and_then(|c| c.url.as_deref()) {
                Some(u) if linkable(u) => format!("[\\[{n}\\]]({})", url(u)),
                _ => format!("\\[{n}\\]"),
            },
        )
        .collect::<Vec<_>>()
        .join(" ")
}

fn names(list: &[Named]) -> String {
    list.iter()
        .map(|n| text(&named_words(n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A symbol and the word, so a position reads at a glance.
fn position_cell(position: Option<&str>, in_scope: bool) -> String {
    let mark = match (position, in_scope) {
        (Some("proposer"), _) => "🔷",
        (Some("supports"), _) => "🟢",
        (Some("committed"), _) => "✅",
        (Some("opposes"), _) => "🔴",
        (Some("withdrawn"), _) => "🟠",
        (Some(_), _) => "•",
        (None, true) => "⚪",
        (None, false) => "—",
    };
    format!("{mark} {}", position_words(position, in_scope))
}

/// A symbol and the word for a commitment's status, with the staleness warning.
fn status_cell(c: &CommitmentLine) -> String {
    let mark = match c.status.as_str() {
        "pending" => "⏳",
        "overdue" => "⚠️",
        "fulfilled" => "✅",
        "withdrawn" => "✖️",
        _ => "•",
    };
    let mut s = format!("{mark} **{}**", c.status);
    if c.stale {
        let _ = write!(
            s,
            " · 💤 no report for over a year ({} days)",
            c.days_since_last_report
        );
    }
    s
}

fn act_line(r: &Report, a: &Act) -> String {
    let mut s = format!("{} — {}", text(&a.date), text(&a.summary));
    if let Some(x) = who_where(a) {
        let _ = write!(s, " — {}", text(&x));
    }
    if a.amended {
        s.push_str(" *(amended by a correction)*");
    }
    if !a.sources.is_empty() {
        let _ = write!(s, " {}", cites(r, &a.sources));
    }
    s
}

/// The whole report.
pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let w = &mut o;
    let _ = writeln!(w, "# Status report on the record\n");
    match r.as_of {
        Some(d) => {
            let _ = writeln!(
                w,
                "As of **{d}**: only acts that certainly happened by then. Commitments are judged on {}.",
                r.day
            );
        }
        None => {
            let _ = writeln!(
                w,
                "The record as it stands. Commitments are judged on {} (today, UTC).",
                r.day
            );
        }
    }
    if r.filter.initiative.is_some() || r.filter.state.is_some() {
        let mut parts = Vec::new();
        if let Some(i) = &r.filter.initiative {
            parts.push(format!("initiative `{}`", i.replace('`', "")));
        }
        if let Some(s) = &r.filter.state {
            parts.push(format!("state {}", text(s)));
        }
        let _ = writeln!(w, "Narrowed to {}.", parts.join(" and "));
    }
    if let Some(g) = &r.generated_at {
        let _ = writeln!(w, "Generated at {}.", text(g));
    }
    summary(w, r);
    matrix(w, r);
    initiatives(w, r);
    commitments(w, r);
    panels(w, r);
    timeline(w, r);
    sources(w, r);
    o
}

fn summary(w: &mut String, r: &Report) {
    let s = &r.summary;
    let p = &s.positions;
    let c = &s.commitments;
    let _ = writeln!(w, "\n## Summary\n");
    let _ = writeln!(w, "- **Initiatives:** {}", s.initiatives);
    let _ = writeln!(w, "- **States:** {}", s.states);
    let _ = writeln!(
        w,
        "- **Positions:** {} proposer · {} supports · {} committed · {} opposes · {} withdrawn · {} in scope with no recorded position",
        p.proposer, p.supports, p.committed, p.opposes, p.withdrawn, p.no_position
    );
    let _ = writeln!(
        w,
        "- **Commitments:** {} in all: ⏳ {} pending · ⚠️ {} overdue · ✅ {} fulfilled · ✖️ {} withdrawn · 💤 {} with no report for over a year",
        c.total, c.pending, c.overdue, c.fulfilled, c.withdrawn, c.stale
    );
    let _ = writeln!(w, "- **Meetings held:** {}", s.meetings);
    let _ = writeln!(w, "- **Acts on the timeline:** {}", s.acts);
    let _ = writeln!(w, "- **Sources cited:** {}", s.sources);
    match &s.latest {
        Some(a) => {
            let _ = writeln!(w, "- **Latest act:** {}", act_line(r, a));
        }
        None => {
            let _ = writeln!(w, "- **Latest act:** none recorded");
        }
    }
    if let (Some(since), Some(changes)) = (r.since, &s.changes) {
        let _ = writeln!(w, "\n### What changed since {since}\n");
        if changes.is_empty() {
            let _ = writeln!(w, "Nothing recorded is dated after {since}.");
        }
        for a in changes {
            let _ = writeln!(w, "- {}", act_line(r, a));
        }
    }
    if !r.left_out.is_empty() {
        let _ = writeln!(
            w,
            "\n### Left out: dates that may fall on either side of {}\n",
            r.as_of.map(|d| d.to_string()).unwrap_or_default()
        );
        for u in &r.left_out {
            let _ = writeln!(w, "- {} — {}", text(&u.date), text(&u.summary));
        }
    }
}

fn matrix(w: &mut String, r: &Report) {
    let m = &r.matrix;
    let _ = writeln!(w, "\n## Positions at a glance\n");
    if m.initiatives.is_empty() || m.states.is_empty() {
        let _ = writeln!(w, "No initiatives in this report.");
        return;
    }
    let _ = write!(w, "| State |");
    for i in &m.initiatives {
        let _ = write!(w, " {} |", text(&i.id));
    }
    let _ = write!(w, "\n| --- |");
    for _ in &m.initiatives {
        let _ = write!(w, " --- |");
    }
    let _ = writeln!(w);
    for (s, row) in m.states.iter().zip(&m.cells) {
        let _ = write!(w, "| {} |", text(&named_words(s)));
        for c in row {
            let _ = write!(w, " {} |", position_cell(c.position.as_deref(), c.in_scope));
        }
        let _ = writeln!(w);
    }
    let _ = writeln!(
        w,
        "\n🔷 proposer · 🟢 supports · ✅ committed · 🔴 opposes · 🟠 withdrawn · ⚪ no recorded position · — not in scope"
    );
}

fn initiatives(w: &mut String, r: &Report) {
    let _ = writeln!(w, "\n## Initiatives");
    if r.initiatives.is_empty() {
        let _ = writeln!(w, "\nNo initiatives in this report.");
    }
    for i in &r.initiatives {
        let _ = writeln!(
            w,
            "\n### {} (`{}`)\n",
            text(&i.title),
            i.id.replace('`', "")
        );
        let _ = writeln!(
            w,
            "- **{}:** {}, {} {}",
            if i.form == "initiative" {
                "Proposed by"
            } else {
                "First recorded by"
            },
            names(&i.proposers),
            text(&i.proposed_on),
            cites(r, &i.sources)
        );
        let _ = writeln!(w, "- **Status:** {}", text(&status_words(&i.status)));
        if i.form != "initiative" {
            let _ = writeln!(
                w,
                "- **Form:** {}; adopted {}; in force {}",
                text(&i.form),
                text(i.adopted_on.as_deref().unwrap_or("(not recorded)")),
                text(i.in_force_on.as_deref().unwrap_or("(not recorded)"))
            );
        }
        let _ = writeln!(w, "- **Scope:** {}\n", names(&i.scope));
        if !i.standings.is_empty() {
            let _ = writeln!(
                w,
                "| State | Standing | Signed | Consented | In force | Withdrew | Sources |"
            );
            let _ = writeln!(w, "| --- | --- | --- | --- | --- | --- | --- |");
            for l in &i.standings {
                let consented = match (&l.ratified_on, &l.consent) {
                    (Some(d), Some(c)) => format!("{} ({})", text(d), text(c)),
                    (Some(d), None) => text(d),
                    (None, _) => String::new(),
                };
                let _ = writeln!(
                    w,
                    "| {} ({}) | {} | {} | {} | {} | {} | {} |",
                    text(&l.name),
                    text(&l.state),
                    text(&l.standing.replace('_', " ")),
                    text(l.signed_on.as_deref().unwrap_or("")),
                    consented,
                    text(l.in_force_on.as_deref().unwrap_or("")),
                    text(l.withdrawn_on.as_deref().unwrap_or("")),
                    cites(r, &l.sources)
                );
            }
            let _ = writeln!(w);
        }
        let _ = writeln!(
            w,
            "| State | Position | Since | Spoke for the state | Sources |"
        );
        let _ = writeln!(w, "| --- | --- | --- | --- | --- |");
        for l in &i.states {
            let _ = writeln!(
                w,
                "| {} ({}) | {} | {} | {} | {} |",
                text(&l.name),
                text(&l.state),
                position_cell(l.position.as_deref(), l.in_scope),
                text(l.since.as_deref().unwrap_or("")),
                l.speakers
                    .iter()
                    .map(|s| text(s))
                    .collect::<Vec<_>>()
                    .join("; "),
                cites(r, &l.sources)
            );
        }
        let notes: Vec<&PositionLine> = i.states.iter().filter(|l| l.date_note.is_some()).collect();
        if !notes.is_empty() {
            let _ = writeln!(w, "\nDates:\n");
            for l in notes {
                let _ = writeln!(
                    w,
                    "- {} ({}): {}",
                    text(&l.name),
                    text(&l.state),
                    text(l.date_note.as_deref().unwrap_or(""))
                );
            }
        }
    }
}

fn commitments(w: &mut String, r: &Report) {
    let _ = writeln!(w, "\n## Commitments");
    if r.commitments.is_empty() {
        let _ = writeln!(w, "\nNo commitments in this report.");
    }
    let mut state: Option<&str> = None;
    for c in &r.commitments {
        if state != Some(c.state.as_str()) {
            state = Some(&c.state);
            let _ = writeln!(w, "\n### {} ({})\n", text(&c.name), text(&c.state));
            let _ = writeln!(
                w,
                "| Commitment | Made | Deadline | Progress | Last report | Status | Sources |"
            );
            let _ = writeln!(w, "| --- | --- | --- | --- | --- | --- | --- |");
        }
        let mut what = format!("**{}**: {}", text(&c.id), text(&c.text));
        if let Some(i) = &c.initiative {
            let _ = write!(what, " (initiative {})", text(i));
        }
        let mut progress = c
            .progress_percent
            .map(|p| format!("{p}%"))
            .unwrap_or_default();
        if let Some(t) = &c.progress_text {
            if !progress.is_empty() {
                progress.push_str(": ");
            }
            progress.push_str(&text(t));
        }
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} | {} |",
            what,
            text(&c.made_on),
            c.deadline
                .map(|d| d.to_string())
                .unwrap_or_else(|| "none".into()),
            if progress.is_empty() {
                "—".into()
            } else {
                progress
            },
            text(c.last_report_on.as_deref().unwrap_or("none")),
            status_cell(c),
            cites(r, &c.sources)
        );
    }
}

fn panels(w: &mut String, r: &Report) {
    let _ = writeln!(w, "\n## Meetings held");
    if r.meetings.is_empty() {
        let _ = writeln!(w, "\nNo meetings in this report.");
    }
    for x in &r.meetings {
        let _ = writeln!(w, "\n### {}\n", text(&x.title));
        let _ = writeln!(w, "- **Format:** {}", text(&x.format.replace('_', " ")));
        if let Some(h) = &x.host {
            let _ = writeln!(w, "- **Host:** {}", names(std::slice::from_ref(h)));
        }
        let mut held = text(&x.held_on);
        if let Some(v) = &x.venue {
            let _ = write!(held, ", {}", text(v));
        }
        let _ = writeln!(w, "- **Held:** {held} {}", cites(r, &x.sources));
        let _ = writeln!(w, "- **Organisers:** {}", names(&x.organisers));
        if !x.participants.is_empty() {
            let parts: Vec<String> = x
                .participants
                .iter()
                .map(|p| text(&participant_words(p)))
                .collect();
            let _ = writeln!(w, "- **Participants:** {}", parts.join("; "));
        }
        if !x.topics.is_empty() {
            let topics: Vec<String> = x.topics.iter().map(|t| text(t)).collect();
            let _ = writeln!(w, "- **Topics:** {}", topics.join("; "));
        }
        if !x.initiatives.is_empty() {
            let ids: Vec<String> = x.initiatives.iter().map(|t| text(t)).collect();
            let _ = writeln!(w, "- **Initiatives:** {}", ids.join(", "));
        }
        if let Some(out) = &x.outcome {
            let _ = writeln!(w, "- **Outcome:** {}", text(out));
        }
    }
}

fn timeline(w: &mut String, r: &Report) {
    let t = &r.timeline;
    let _ = writeln!(w, "\n## Timeline\n");
    if t.acts.is_empty() {
        let _ = writeln!(w, "No acts in this report.");
        return;
    }
    if t.earlier > 0 {
        let _ = writeln!(
            w,
            "The {} most recent of {} acts, oldest first.\n",
            t.acts.len(),
            t.total
        );
    } else {
        let _ = writeln!(w, "All {} acts, oldest first.\n", t.total);
    }
    let _ = writeln!(w, "| Date | Act | Who spoke | Sources |");
    let _ = writeln!(w, "| --- | --- | --- | --- |");
    for a in &t.acts {
        let mut act = text(&a.summary);
        if let Some(o) = &a.occasion {
            let _ = write!(act, " ({})", text(o));
        }
        if a.amended {
            act.push_str(" *(amended by a correction)*");
        }
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} |",
            text(&a.date),
            act,
            text(a.speaker.as_deref().unwrap_or("")),
            cites(r, &a.sources)
        );
    }
}

fn sources(w: &mut String, r: &Report) {
    let _ = writeln!(w, "\n## Sources");
    if r.sources.is_empty() {
        let _ = writeln!(w, "\nNo sources cited.");
    }
    for c in &r.sources {
        let mut line = format!(
            "\n**\\[{}\\]** {}, {}: *{}*",
            c.number,
            text(&c.publisher),
            text(&c.published),
            text(&c.title)
        );
        if let Some(u) = &c.url {
            if linkable(u) {
                let _ = write!(line, ". <{}>", url(u));
            } else {
                let _ = write!(line, ". {}", text(u));
            }
        }
        let _ = writeln!(w, "{line}\n");
        let _ = writeln!(w, "> “{}”", text(&c.quote));
        if let Some(n) = &c.note {
            let _ = writeln!(w, "\nNote: {}", text(n));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{text, url};

    #[test]
    fn markup_characters_are_backslash_escaped_and_lines_joined() {
        assert_eq!(
            text("a *b* _c_ [d](e) <f> | g & h\nnext"),
            "a \\*b\\* \\_c\\_ \\[d\\](e) \\<f\\> \\| g \\& h next"
        );
    }

    #[test]
    fn a_url_cannot_end_its_link_or_split_a_table_cell() {
        assert_eq!(
            url("https://x.org/a b(c)|d"),
            "https://x.org/a%20b%28c%29%7Cd"
        );
    }
}
