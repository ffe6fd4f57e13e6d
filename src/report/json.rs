//! The report as JSON for other programs: the [`Report`] view with a
//! `schema_version` first. The schema is documented field by field in
//! `docs/report-schema.md`; version 1 only ever gains fields, a breaking
//! change raises the version.

use serde::Serialize;

use super::view::Report;

/// The version of the JSON schema.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    #[serde(flatten)]
    report: &'a Report,
}

/// The report as pretty-printed JSON, ending with a newline.
pub fn render(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(&Document {
        schema_version: SCHEMA_VERSION,
        report: r,
    })
    .expect("the report view serialises");
    s.push('\n');
    s
}
