//! Aligned text tables that fit a terminal of 80 columns.

use comfy_table::presets::NOTHING;
use comfy_table::{ContentArrangement, Table};

/// A borderless table of `header` and `rows`, at most `width` columns wide.
pub fn table(header: &[&str], rows: Vec<Vec<String>>, width: u16) -> String {
    let mut t = Table::new();
    t.load_preset(NOTHING)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(header.iter().map(|h| h.to_string()));
    for r in rows {
        t.add_row(r);
    }
    // Two spaces between columns, none before the first.
    let n = header.len();
    for (i, c) in t.column_iter_mut().enumerate() {
        c.set_padding((0, if i + 1 == n { 0 } else { 2 }));
    }
    let mut out = String::new();
    for line in t.to_string().lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Wraps a paragraph at `width` columns; the first line keeps the text's own
/// leading spaces, continuation lines start with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let lead: String = text.chars().take_while(|c| *c == ' ').collect();
    let mut out = String::new();
    let mut line = lead.clone();
    let mut fresh = true;
    for word in text.split_whitespace() {
        if !fresh && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = indent.to_string();
            fresh = true;
        }
        if !fresh {
            line.push(' ');
        }
        line.push_str(word);
        fresh = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_keeps_the_first_indent_and_indents_the_rest() {
        let w = wrap("  one two three four", 10, "    ");
        assert_eq!(w, "  one two\n    three\n    four\n");
    }
}
