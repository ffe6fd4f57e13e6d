//! `accord report`: a status report on the record — summary, initiatives with
//! every state's position, commitments and their status, panels, the recent
//! timeline, and the numbered sources every fact points to — as Markdown,
//! HTML, JSON or CSV.
//!
//! The report is a pure function of the projection rows (as they stand, or
//! the fold of the log as of a day), the registry and the reader's options:
//! [`load`] reads the store, [`build()`] makes the [`Report`] view without I/O,
//! and one module per format prints it. The same store and options give the
//! same bytes; no clock enters it unless asked for (`generated_at`).

pub mod build;
pub mod cite;
pub mod csv;
pub mod html;
pub mod json;
pub mod load;
pub mod markdown;
pub mod svg;
pub mod view;

pub use build::{Inputs, Options, build};
pub use csv::Table;
pub use load::{inputs_as_of, load};
pub use view::Report;

/// The formats a report is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown with tables, for reading and for Markdown viewers.
    #[value(alias = "markdown")]
    Md,
    /// One self-contained HTML file (inline CSS and SVG), printable.
    Html,
    /// JSON with a `schema_version` (see docs/report-schema.md).
    Json,
    /// CSV: one table, chosen with `--table`.
    Csv,
}

/// The report printed in a format (`table` picks the CSV table).
pub fn render(r: &Report, format: Format, table: Table) -> String {
    match format {
        Format::Md => markdown::render(r),
        Format::Html => html::render(r),
        Format::Json => json::render(r),
        Format::Csv => csv::render(r, table),
    }
}
