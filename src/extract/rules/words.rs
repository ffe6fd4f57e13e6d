//! Words of a clause: content words, slugs, how much of a title a clause covers.

use super::patterns::STOP;

pub(super) fn content_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_lowercase();
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_string()
            } else {
                w
            }
        })
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

pub(super) fn slugify(words: &[String], max: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for w in words {
        let w: String = w.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        if !w.is_empty() && !out.contains(&w) {
            out.push(w);
        }
        if out.len() == max {
            break;
        }
    }
    if out.is_empty() {
        "unnamed".into()
    } else {
        out.join("-")
    }
}

/// How much of `title`'s words a clause covers (0..1).
pub(super) fn overlap(clause: &[String], title: &[String]) -> f32 {
    let mut t: Vec<&String> = title.iter().collect();
    t.sort();
    t.dedup();
    if t.is_empty() {
        return 0.0;
    }
    let hit = t.iter().filter(|w| clause.contains(w)).count();
    hit as f32 / t.len() as f32
}

pub(super) fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn shorten(s: &str, max_words: usize) -> String {
    let s = s.trim().trim_end_matches(['.', ',', ';']);
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() <= max_words {
        s.to_string()
    } else {
        words[..max_words].join(" ")
    }
}
