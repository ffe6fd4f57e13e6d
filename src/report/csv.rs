//! The report as CSV tables (quoting by the `csv` crate): one row per state ×
//! initiative (the matrix), one row per state's commitment, one row per state ×
//! treaty (its standing), or the numbered sources the `sources` columns point to.

use super::view::Report;

/// Which table to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    /// One row per state × initiative: the position (or `none`), since when, sources.
    Positions,
    /// One row per state's part in a commitment, with its status on the report's day.
    Commitments,
    /// One row per state × treaty: its standing and the date of each step.
    Standings,
    /// The numbered sources the other tables cite.
    Sources,
}

fn numbers(v: &[usize]) -> String {
    v.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(";")
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

/// One table of the report as CSV with a header row.
pub fn render(r: &Report, table: Table) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let result = match table {
        Table::Positions => positions(&mut w, r),
        Table::Commitments => commitments(&mut w, r),
        Table::Standings => standings(&mut w, r),
        Table::Sources => sources(&mut w, r),
    };
    result.expect("writing CSV to memory cannot fail");
    let bytes = w.into_inner().expect("writing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 text is UTF-8")
}

type W = csv::Writer<Vec<u8>>;

fn positions(w: &mut W, r: &Report) -> csv::Result<()> {
    w.write_record([
        "initiative",
        "initiative_title",
        "state",
        "state_name",
        "in_scope",
        "position",
        "since",
        "sources",
    ])?;
    let m = &r.matrix;
    for (s, row) in m.states.iter().zip(&m.cells) {
        for (i, c) in m.initiatives.iter().zip(row) {
            w.write_record([
                i.id.as_str(),
                i.name.as_str(),
                s.id.as_str(),
                s.name.as_str(),
                if c.in_scope { "true" } else { "false" },
                c.position.as_deref().unwrap_or("none"),
                c.since.as_deref().unwrap_or(""),
                &numbers(&c.sources),
            ])?;
        }
    }
    Ok(())
}

fn standings(w: &mut W, r: &Report) -> csv::Result<()> {
    w.write_record([
        "treaty",
        "treaty_title",
        "form",
        "state",
        "state_name",
        "standing",
        "signed_on",
        "ratified_on",
        "consent",
        "in_force_on",
        "withdrawn_on",
        "sources",
    ])?;
    for i in &r.initiatives {
        for l in &i.standings {
            w.write_record([
                i.id.as_str(),
                i.title.as_str(),
                i.form.as_str(),
                l.state.as_str(),
                l.name.as_str(),
                l.standing.as_str(),
                &opt(&l.signed_on),
                &opt(&l.ratified_on),
                &opt(&l.consent),
                &opt(&l.in_force_on),
                &opt(&l.withdrawn_on),
                &numbers(&l.sources),
            ])?;
        }
    }
    Ok(())
}

fn commitments(w: &mut W, r: &Report) -> csv::Result<()> {
    w.write_record([
        "commitment",
        "state",
        "state_name",
        "initiative",
        "text",
        "made_on",
        "deadline",
        "status",
        "no_report_for_over_a_year",
        "days_since_last_report",
        "progress_percent",
        "progress_text",
        "last_report_on",
        "sources",
    ])?;
    for c in &r.commitments {
        w.write_record([
            c.id.as_str(),
            c.state.as_str(),
            c.name.as_str(),
            c.initiative.as_deref().unwrap_or(""),
            c.text.as_str(),
            c.made_on.as_str(),
            &opt(&c.deadline),
            c.status.as_str(),
            if c.stale { "true" } else { "false" },
            &c.days_since_last_report.to_string(),
            &opt(&c.progress_percent),
            c.progress_text.as_deref().unwrap_or(""),
            c.last_report_on.as_deref().unwrap_or(""),
            &numbers(&c.sources),
        ])?;
    }
    Ok(())
}

fn sources(w: &mut W, r: &Report) -> csv::Result<()> {
    w.write_record([
        "number",
        "publisher",
        "published",
        "title",
        "url",
        "quote",
        "note",
    ])?;
    for c in &r.sources {
        w.write_record([
            c.number.to_string().as_str(),
            c.publisher.as_str(),
            c.published.as_str(),
            c.title.as_str(),
            c.url.as_deref().unwrap_or(""),
            c.quote.as_str(),
            c.note.as_deref().unwrap_or(""),
        ])?;
    }
    Ok(())
}
