//! The report as one self-contained HTML file: inline CSS, an inline SVG
//! timeline, no script and nothing fetched from the network; a state ×
//! initiative matrix coloured by position (cells carry `data-state` and
//! `data-initiative`), print-friendly. Every text from events is escaped.

use std::fmt::Write;

use super::svg;
use super::view::*;

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The stylesheet, inlined so the file needs nothing else.
const STYLE: &str = include_str!("report.css");

fn position_class(position: Option<&str>, in_scope: bool) -> &'static str {
    match (position, in_scope) {
        (Some("proposer"), _) => "pos-proposer",
        (Some("supports"), _) => "pos-supports",
        (Some("committed"), _) => "pos-committed",
        (Some("opposes"), _) => "pos-opposes",
        (Some("withdrawn"), _) => "pos-withdrawn",
        (Some(_), _) | (None, true) => "pos-none",
        (None, false) => "pos-out",
    }
}

/// Citations linking to the numbered sources at the end.
fn cites(numbers: &[usize]) -> String {
    if numbers.is_empty() {
        return String::new();
    }
    let links: Vec<String> = numbers
        .iter()
        .map(|n| format!("<a href=\"#source-{n}\">[{n}]</a>"))
        .collect();
    format!("<span class=\"cite\">{}</span>", links.join(""))
}

fn names(list: &[Named]) -> String {
    list.iter()
        .map(|n| esc(&named_words(n)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn status_badges(c: &CommitmentLine) -> String {
    let mut s = format!(
        "<span class=\"status status-{0}\">{0}</span>",
        esc(&c.status)
    );
    if c.stale {
        let _ = write!(
            s,
            " <span class=\"status status-stale\" title=\"{} days since the last report\">no report for over a year</span>",
            c.days_since_last_report
        );
    }
    s
}

fn act_text(a: &Act) -> String {
    let mut s = esc(&a.summary);
    if let Some(x) = who_where(a) {
        let _ = write!(s, " <small>— {}</small>", esc(&x));
    }
    if a.amended {
        s.push_str(" <em>(amended by a correction)</em>");
    }
    s
}

/// The whole report as an HTML document.
pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let w = &mut o;
    let _ = write!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Status report on the record{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main id=\"report\">\n",
        r.as_of.map(|d| format!(" as of {d}")).unwrap_or_default()
    );
    let _ = writeln!(w, "<header>\n<h1>Status report on the record</h1>");
    match r.as_of {
        Some(d) => {
            let _ = writeln!(
                w,
                "<p class=\"scope\">As of <strong>{d}</strong>: only acts that certainly happened by then. Commitments are judged on {}.</p>",
                r.day
            );
        }
        None => {
            let _ = writeln!(
                w,
                "<p class=\"scope\">The record as it stands. Commitments are judged on {} (today, UTC).</p>",
                r.day
            );
        }
    }
    if r.filter.initiative.is_some() || r.filter.state.is_some() {
        let mut parts = Vec::new();
        if let Some(i) = &r.filter.initiative {
            parts.push(format!("initiative <code>{}</code>", esc(i)));
        }
        if let Some(s) = &r.filter.state {
            parts.push(format!("state {}", esc(s)));
        }
        let _ = writeln!(
            w,
            "<p class=\"scope\">Narrowed to {}.</p>",
            parts.join(" and ")
        );
    }
    if let Some(g) = &r.generated_at {
        let _ = writeln!(w, "<p class=\"scope\">Generated at {}.</p>", esc(g));
    }
    let _ = writeln!(w, "</header>");
    summary(w, r);
    matrix(w, r);
    initiatives(w, r);
    commitments(w, r);
    panels(w, r);
    timeline(w, r);
    sources(w, r);
    let _ = writeln!(w, "</main>\n</body>\n</html>");
    o
}

fn summary(w: &mut String, r: &Report) {
    let s = &r.summary;
    let p = &s.positions;
    let c = &s.commitments;
    let _ = writeln!(
        w,
        "<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"counts\">"
    );
    let mut row = |k: &str, v: String| {
        let _ = writeln!(w, "<dt>{k}</dt><dd>{v}</dd>");
    };
    row("Initiatives", s.initiatives.to_string());
    row("States", s.states.to_string());
    row(
        "Positions",
        format!(
            "{} proposer · {} supports · {} committed · {} opposes · {} withdrawn · {} in scope with no recorded position",
            p.proposer, p.supports, p.committed, p.opposes, p.withdrawn, p.no_position
        ),
    );
    row(
        "Commitments",
        format!(
            "{} in all: <span class=\"status status-pending\">{} pending</span> <span class=\"status status-overdue\">{} overdue</span> <span class=\"status status-fulfilled\">{} fulfilled</span> <span class=\"status status-withdrawn\">{} withdrawn</span> <span class=\"status status-stale\">{} with no report for over a year</span>",
            c.total, c.pending, c.overdue, c.fulfilled, c.withdrawn, c.stale
        ),
    );
    row("Meetings held", s.meetings.to_string());
    row("Acts on the timeline", s.acts.to_string());
    row("Sources cited", s.sources.to_string());
    row(
        "Latest act",
        match &s.latest {
            Some(a) => format!("{} — {} {}", esc(&a.date), act_text(a), cites(&a.sources)),
            None => "none recorded".into(),
        },
    );
    let _ = writeln!(w, "</dl>");
    if let (Some(since), Some(changes)) = (r.since, &s.changes) {
        let _ = writeln!(w, "<h3>What changed since {since}</h3>");
        if changes.is_empty() {
            let _ = writeln!(w, "<p>Nothing recorded is dated after {since}.</p>");
        } else {
            let _ = writeln!(w, "<ul class=\"facts changes\">");
            for a in changes {
                let _ = writeln!(
                    w,
                    "<li>{} — {} {}</li>",
                    esc(&a.date),
                    act_text(a),
                    cites(&a.sources)
                );
            }
            let _ = writeln!(w, "</ul>");
        }
    }
    if !r.left_out.is_empty() {
        let _ = writeln!(
            w,
            "<h3>Left out: dates that may fall on either side of {}</h3>\n<ul class=\"facts\">",
            r.as_of.map(|d| d.to_string()).unwrap_or_default()
        );
        for u in &r.left_out {
            let _ = writeln!(w, "<li>{} — {}</li>", esc(&u.date), esc(&u.summary));
        }
        let _ = writeln!(w, "</ul>");
    }
    let _ = writeln!(w, "</section>");
}

fn matrix(w: &mut String, r: &Report) {
    let m = &r.matrix;
    let _ = writeln!(w, "<section id=\"matrix\">\n<h2>Positions at a glance</h2>");
    if m.initiatives.is_empty() || m.states.is_empty() {
        let _ = writeln!(w, "<p>No initiatives in this report.</p>\n</section>");
        return;
    }
    let _ = write!(
        w,
        "<table class=\"matrix\">\n<thead><tr><th scope=\"col\">State</th>"
    );
    for i in &m.initiatives {
        let _ = write!(
            w,
            "<th scope=\"col\" title=\"{}\"><a href=\"#initiative-{}\">{}</a></th>",
            esc(&i.name),
            esc(&i.id),
            esc(&i.id)
        );
    }
    let _ = writeln!(w, "</tr></thead>\n<tbody>");
    for (s, row) in m.states.iter().zip(&m.cells) {
        let _ = write!(w, "<tr><th scope=\"row\">{}</th>", esc(&named_words(s)));
        for (i, c) in m.initiatives.iter().zip(row) {
            let _ = write!(
                w,
                "<td class=\"cell {}\" data-state=\"{}\" data-initiative=\"{}\">{}",
                position_class(c.position.as_deref(), c.in_scope),
                esc(&s.id),
                esc(&i.id),
                esc(position_words(c.position.as_deref(), c.in_scope))
            );
            if let Some(since) = &c.since {
                let _ = write!(w, "<small>{} {}</small>", esc(since), cites(&c.sources));
            }
            let _ = write!(w, "</td>");
        }
        let _ = writeln!(w, "</tr>");
    }
    let _ = writeln!(
        w,
        "</tbody>\n</table>\n<p class=\"legend\"><span class=\"pos-proposer\">proposer</span><span class=\"pos-supports\">supports</span><span class=\"pos-committed\">committed</span><span class=\"pos-opposes\">opposes</span><span class=\"pos-withdrawn\">withdrawn</span><span class=\"pos-none\">no recorded position</span><span class=\"pos-out\">not in scope</span></p>\n</section>"
    );
}

fn initiatives(w: &mut String, r: &Report) {
    let _ = writeln!(w, "<section id=\"initiatives\">\n<h2>Initiatives</h2>");
    if r.initiatives.is_empty() {
        let _ = writeln!(w, "<p>No initiatives in this report.</p>");
    }
    for i in &r.initiatives {
        let _ = writeln!(
            w,
            "<article class=\"initiative\" id=\"initiative-{}\">\n<h3>{} <code>{}</code></h3>",
            esc(&i.id),
            esc(&i.title),
            esc(&i.id)
        );
        let _ = writeln!(
            w,
            "<ul class=\"facts\"><li><strong>{}:</strong> {}, {} {}</li><li><strong>Status:</strong> {}</li><li><strong>Scope:</strong> {}</li></ul>",
            if i.form == "initiative" {
                "Proposed by"
            } else {
                "First recorded by"
            },
            names(&i.proposers),
            esc(&i.proposed_on),
            cites(&i.sources),
            esc(&status_words(&i.status)),
            names(&i.scope)
        );
        if i.form != "initiative" {
            let _ = writeln!(
                w,
                "<p class=\"treaty\">{}; adopted {}; in force {}</p>",
                esc(&i.form),
                esc(i.adopted_on.as_deref().unwrap_or("(not recorded)")),
                esc(i.in_force_on.as_deref().unwrap_or("(not recorded)"))
            );
            let _ = writeln!(
                w,
                "<table class=\"standings\"><thead><tr><th>State</th><th>Standing</th><th>Signed</th><th>Consented</th><th>In force</th><th>Withdrew</th><th>Sources</th></tr></thead><tbody>"
            );
            for l in &i.standings {
                let consented = match (&l.ratified_on, &l.consent) {
                    (Some(d), Some(c)) => format!("{} ({})", esc(d), esc(c)),
                    (Some(d), None) => esc(d),
                    (None, _) => String::new(),
                };
                let _ = writeln!(
                    w,
                    "<tr><td>{} ({})</td><td class=\"standing-{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(&l.name),
                    esc(&l.state),
                    esc(&l.standing),
                    esc(&l.standing.replace('_', " ")),
                    esc(l.signed_on.as_deref().unwrap_or("")),
                    consented,
                    esc(l.in_force_on.as_deref().unwrap_or("")),
                    esc(l.withdrawn_on.as_deref().unwrap_or("")),
                    cites(&l.sources)
                );
            }
            let _ = writeln!(w, "</tbody></table>");
        }
        let _ = writeln!(
            w,
            "<table class=\"positions\"><thead><tr><th>State</th><th>Position</th><th>Since</th><th>Spoke for the state</th><th>Sources</th></tr></thead><tbody>"
        );
        for l in &i.states {
            let since = match (&l.since, &l.date_note) {
                (Some(s), Some(n)) => format!("{} <small>({})</small>", esc(s), esc(n)),
                (Some(s), None) => esc(s),
                _ => String::new(),
            };
            let _ = writeln!(
                w,
                "<tr><td>{} ({})</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&l.name),
                esc(&l.state),
                position_class(l.position.as_deref(), l.in_scope),
                esc(position_words(l.position.as_deref(), l.in_scope)),
                since,
                l.speakers
                    .iter()
                    .map(|s| esc(s))
                    .collect::<Vec<_>>()
                    .join("; "),
                cites(&l.sources)
            );
        }
        let _ = writeln!(w, "</tbody></table>\n</article>");
    }
    let _ = writeln!(w, "</section>");
}

fn commitments(w: &mut String, r: &Report) {
    let _ = writeln!(w, "<section id=\"commitments\">\n<h2>Commitments</h2>");
    if r.commitments.is_empty() {
        let _ = writeln!(w, "<p>No commitments in this report.</p>");
    }
    let mut state: Option<&str> = None;
    for c in &r.commitments {
        if state != Some(c.state.as_str()) {
            if state.is_some() {
                let _ = writeln!(w, "</tbody></table>");
            }
            state = Some(&c.state);
            let _ = writeln!(
                w,
                "<h3>{} ({})</h3>\n<table class=\"commitments\"><thead><tr><th>Commitment</th><th>Made</th><th>Deadline</th><th>Progress</th><th>Last report</th><th>Status</th><th>Sources</th></tr></thead><tbody>",
                esc(&c.name),
                esc(&c.state)
            );
        }
        let mut what = format!("<strong>{}</strong>: {}", esc(&c.id), esc(&c.text));
        if let Some(i) = &c.initiative {
            let _ = write!(what, " <small>(initiative {})</small>", esc(i));
        }
        let mut progress = c
            .progress_percent
            .map(|p| format!("{p}%"))
            .unwrap_or_default();
        if let Some(t) = &c.progress_text {
            if !progress.is_empty() {
                progress.push_str(": ");
            }
            progress.push_str(&esc(t));
        }
        let _ = writeln!(
            w,
            "<tr><td>{what}</td><td class=\"date\">{}</td><td class=\"date\">{}</td><td>{}</td><td class=\"date\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.made_on),
            c.deadline
                .map(|d| d.to_string())
                .unwrap_or_else(|| "none".into()),
            if progress.is_empty() {
                "—".into()
            } else {
                progress
            },
            esc(c.last_report_on.as_deref().unwrap_or("none")),
            status_badges(c),
            cites(&c.sources)
        );
    }
    if state.is_some() {
        let _ = writeln!(w, "</tbody></table>");
    }
    let _ = writeln!(w, "</section>");
}

fn panels(w: &mut String, r: &Report) {
    let _ = writeln!(w, "<section id=\"meetings\">\n<h2>Meetings held</h2>");
    if r.meetings.is_empty() {
        let _ = writeln!(w, "<p>No meetings in this report.</p>");
    }
    for x in &r.meetings {
        let _ = writeln!(
            w,
            "<article class=\"panel\">\n<h3>{}</h3>\n<ul class=\"facts\">",
            esc(&x.title)
        );
        let _ = writeln!(
            w,
            "<li><strong>Format:</strong> {}</li>",
            esc(&x.format.replace('_', " "))
        );
        if let Some(h) = &x.host {
            let _ = writeln!(
                w,
                "<li><strong>Host:</strong> {}</li>",
                names(std::slice::from_ref(h))
            );
        }
        let mut held = esc(&x.held_on);
        if let Some(v) = &x.venue {
            let _ = write!(held, ", {}", esc(v));
        }
        let _ = writeln!(
            w,
            "<li><strong>Held:</strong> {held} {}</li>",
            cites(&x.sources)
        );
        let _ = writeln!(
            w,
            "<li><strong>Organisers:</strong> {}</li>",
            names(&x.organisers)
        );
        if !x.participants.is_empty() {
            let parts: Vec<String> = x
                .participants
                .iter()
                .map(|p| esc(&participant_words(p)))
                .collect();
            let _ = writeln!(
                w,
                "<li><strong>Participants:</strong> {}</li>",
                parts.join("; ")
            );
        }
        if !x.topics.is_empty() {
            let topics: Vec<String> = x.topics.iter().map(|t| esc(t)).collect();
            let _ = writeln!(w, "<li><strong>Topics:</strong> {}</li>", topics.join("; "));
        }
        if !x.initiatives.is_empty() {
            let ids: Vec<String> = x.initiatives.iter().map(|t| esc(t)).collect();
            let _ = writeln!(
                w,
                "<li><strong>Initiatives:</strong> {}</li>",
                ids.join(", ")
            );
        }
        if let Some(out) = &x.outcome {
            let _ = writeln!(w, "<li><strong>Outcome:</strong> {}</li>", esc(out));
        }
        let _ = writeln!(w, "</ul>\n</article>");
    }
    let _ = writeln!(w, "</section>");
}

fn timeline(w: &mut String, r: &Report) {
    let t = &r.timeline;
    let _ = writeln!(w, "<section id=\"timeline\">\n<h2>Timeline</h2>");
    if t.acts.is_empty() {
        let _ = writeln!(w, "<p>No acts in this report.</p>\n</section>");
        return;
    }
    let _ = writeln!(
        w,
        "<p class=\"note\">{}; filled dots are exact days, hollow dots partial or bounded dates (a bar spans a month, a year or a range; a dashed lead-in marks \"on or before\").</p>",
        if t.earlier > 0 {
            format!(
                "The {} most recent of {} acts, oldest first",
                t.acts.len(),
                t.total
            )
        } else {
            format!("All {} acts, oldest first", t.total)
        }
    );
    let _ = writeln!(w, "{}", svg::timeline(&t.acts));
    let _ = writeln!(
        w,
        "<table class=\"acts\"><thead><tr><th>Date</th><th>Act</th><th>Sources</th></tr></thead><tbody>"
    );
    for a in &t.acts {
        let _ = writeln!(
            w,
            "<tr><td class=\"date\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&a.date),
            act_text(a),
            cites(&a.sources)
        );
    }
    let _ = writeln!(w, "</tbody></table>\n</section>");
}

fn sources(w: &mut String, r: &Report) {
    let _ = writeln!(w, "<section id=\"sources\">\n<h2>Sources</h2>");
    if r.sources.is_empty() {
        let _ = writeln!(w, "<p>No sources cited.</p>");
    } else {
        let _ = writeln!(w, "<ol class=\"sources\">");
        for c in &r.sources {
            let title = match &c.url {
                Some(u) if linkable(u) => {
                    format!("<a href=\"{}\">{}</a>", esc(u.trim()), esc(&c.title))
                }
                Some(u) => format!("{} ({})", esc(&c.title), esc(u)),
                None => esc(&c.title),
            };
            let _ = write!(
                w,
                "<li id=\"source-{0}\" value=\"{0}\">{1}, {2}: <cite>{3}</cite>\n<blockquote>“{4}”</blockquote>",
                c.number,
                esc(&c.publisher),
                esc(&c.published),
                title,
                esc(&c.quote)
            );
            if let Some(n) = &c.note {
                let _ = write!(w, "<p class=\"note\">Note: {}</p>", esc(n));
            }
            let _ = writeln!(w, "</li>");
        }
        let _ = writeln!(w, "</ol>");
    }
    let _ = writeln!(w, "</section>");
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn every_character_that_could_open_markup_or_end_an_attribute_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\" title='y'>&amp;</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
        );
        assert_eq!(
            esc("plain text, “quoted” — ok"),
            "plain text, “quoted” — ok"
        );
    }
}
