//! The numbered source list printed under a human answer.

use crate::query::cite::Cite;
use crate::render::table::wrap;

/// "Sources:" and one entry per source, each with its quote.
pub fn sources(list: &[Cite]) -> String {
    let mut out = String::new();
    if list.is_empty() {
        return out;
    }
    out.push_str("\nSources:\n");
    for c in list {
        let mut s = format!(
            "[{}] {}, {}: \"{}\"",
            c.number, c.publisher, c.published, c.title
        );
        if let Some(u) = &c.url {
            s.push_str(&format!(" <{u}>"));
        }
        out.push_str(&wrap(&s, 80, "    "));
        out.push_str(&wrap(
            &format!("    \u{201c}{}\u{201d}", c.quote),
            80,
            "    ",
        ));
    }
    out
}

/// "[1][2]" for a list of source numbers.
pub fn refs(numbers: &[usize]) -> String {
    numbers.iter().map(|n| format!("[{n}]")).collect()
}
