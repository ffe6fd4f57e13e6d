//! An article's text: the optional `key: value` header, the metadata found in
//! the text itself (a dateline, a headline, "X reports"), and the body split
//! into paragraphs, sentences and clauses, with direct quotes attributed.

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

use crate::error::{Error, Result};

/// What the draft says about its source article.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Meta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One clause of the body, the unit the rules read.
#[derive(Debug, Clone)]
pub struct Unit {
    pub text: String,
    /// Index of the sentence (clauses of one sentence share it).
    pub sentence: usize,
    /// Index of the paragraph.
    pub paragraph: usize,
    /// Inside a direct quote; `attribution` is what follows it ("Tokayev said ...").
    pub quoted: bool,
    pub attribution: Option<String>,
}

/// A parsed article.
#[derive(Debug, Clone)]
pub struct Article {
    pub meta: Meta,
    pub published: NaiveDate,
    pub units: Vec<Unit>,
}

static HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*([A-Za-z_-]+)\s*:\s*(.+?)\s*$").unwrap());
static SCRAPED_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*date (\d{4}-\d{2}-\d{2})\s+").unwrap());
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4}|\d{4}-\d{2}-\d{2})\s*$")
        .unwrap()
});
static REPORTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r",\s+((?:The )?[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,3})\s+(?:informs|reports)\b")
        .unwrap()
});
static QUOTE_PARA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^[“"](?P<q>[^“”"]+?)[,.]?\s*[”"],?\s+(?P<attr>[^“”"]+)$"#).unwrap()
});

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "no", "gen", "sen", "rep", "prof", "inc", "ltd", "co", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "etc",
    "e.g", "i.e", "h.e", "u.s", "u.n", "u.k",
];

fn is_headline(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    !t.is_empty()
        && !t.starts_with(['•', '-', '*'])
        && !t.ends_with(['.', '!', '?', '"', '”', ':', ')'])
        && (3..=30).contains(&words)
        && t.chars().next().is_some_and(char::is_uppercase)
        && !DATELINE.is_match(t)
}

fn is_body_line(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && !t.starts_with(['•', '*'])
        && t.ends_with(['.', '!', '?', '"', '”', '’', ')'])
        && t.split_whitespace().count() >= 4
}

/// Parses a date given on the command line or in a header.
pub fn parse_published(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    for f in ["%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d);
        }
    }
    None
}

impl Article {
    /// Reads the header, the metadata in the text and the body. Command-line
    /// values in `overrides` win over what the text says.
    pub fn parse(name: &str, raw: &str, overrides: &Meta) -> Result<Article> {
        let err = |line: usize, message: String, hint: &str| Error::InputFile {
            file: name.to_string(),
            line,
            column: 1,
            message,
            hint: Some(hint.to_string()),
        };
        let lines: Vec<&str> = raw.lines().collect();
        let mut meta = Meta::default();
        let mut start = 0;
        while start < lines.len() && lines[start].trim().is_empty() {
            start += 1;
        }
        // The header: `key: value` lines, then a blank line.
        let mut i = start;
        let mut header = Vec::new();
        while i < lines.len() {
            let Some(c) = HEADER.captures(lines[i]) else {
                break;
            };
            let key = c[1].to_ascii_lowercase();
            if !["title", "url", "publisher", "published", "date", "note"].contains(&key.as_str()) {
                break;
            }
            header.push((i + 1, key, c[2].to_string()));
            i += 1;
        }
        if !header.is_empty() && (i == lines.len() || lines[i].trim().is_empty()) {
            for (line, key, value) in header {
                match key.as_str() {
                    "title" => meta.title = Some(value),
                    "url" => meta.url = Some(value),
                    "publisher" => meta.publisher = Some(value),
                    "note" => meta.note = Some(value),
                    _ => {
                        meta.published = Some(parse_published(&value).ok_or_else(|| {
                            err(
                                line,
                                format!("`{value}` is not a publication date"),
                                "write published: YYYY-MM-DD",
                            )
                        })?)
                    }
                }
            }
            start = i;
        }
        let mut body: Vec<String> = lines[start..].iter().map(|l| l.to_string()).collect();
        // A scraped dateline: " date 2026-01-31 A high-level panel ...".
        if let Some(first) = body.iter_mut().find(|l| !l.trim().is_empty())
            && let Some(c) = SCRAPED_DATE.captures(first)
        {
            if meta.published.is_none() {
                meta.published = parse_published(&c[1]);
            }
            let end = c.get(0).map(|m| m.end()).unwrap_or(0);
            *first = first[end..].to_string();
        }
        // A dateline near the top ("12 November 2024") and the headline after it.
        let mut after_dateline = None;
        for (n, l) in body.iter().enumerate().take(12) {
            if DATELINE.is_match(l) {
                if meta.published.is_none() {
                    meta.published = parse_published(l);
                }
                after_dateline = Some(n + 1);
                break;
            }
        }
        if meta.title.is_none() {
            let from = after_dateline.unwrap_or(0);
            meta.title = body
                .iter()
                .skip(from)
                .take(6)
                .find(|l| is_headline(l))
                .or_else(|| body.iter().take(12).find(|l| is_headline(l)))
                .map(|l| l.trim().to_string());
        }
        // Overrides from the command line.
        if overrides.title.is_some() {
            meta.title = overrides.title.clone();
        }
        if overrides.publisher.is_some() {
            meta.publisher = overrides.publisher.clone();
        }
        if overrides.published.is_some() {
            meta.published = overrides.published;
        }
        if overrides.url.is_some() {
            meta.url = overrides.url.clone();
        }
        let mut seen = std::collections::HashSet::new();
        let paragraphs: Vec<String> = body
            .iter()
            .map(|l| l.trim().to_string())
            .filter(|l| is_body_line(l))
            .filter(|l| seen.insert(l.clone()))
            .collect();
        if paragraphs.is_empty() {
            return Err(err(
                start + 1,
                "the article has no body: no line of sentences was found".into(),
                "give the article's text: an optional header of `key: value` lines, a blank line, then the body",
            ));
        }
        let published = meta.published.ok_or_else(|| {
            err(
                1,
                "the article gives no publication date, and dates are read relative to it".into(),
                "give --published YYYY-MM-DD or a `published: YYYY-MM-DD` header line",
            )
        })?;
        if meta.publisher.is_none() {
            let joined = paragraphs.join("\n");
            if let Some(c) = REPORTS.captures(&joined) {
                meta.publisher = Some(c[1].to_string());
                meta.note = Some(format!(
                    "Publisher read from \"{} informs/reports\" in the text; check it.",
                    &c[1]
                ));
            }
        }
        if meta.title.is_none() {
            let first = paragraphs[0].chars().take(80).collect::<String>();
            meta.title = Some(format!("{first}… (the text has no headline)"));
        }
        let mut units = Vec::new();
        let mut sentence = 0;
        for (p, para) in paragraphs.iter().enumerate() {
            if let Some(c) = QUOTE_PARA.captures(para) {
                let attribution = c["attr"].trim().to_string();
                for s in sentences(&c["q"]) {
                    units.push(Unit {
                        text: s.trim_end_matches(',').to_string(),
                        sentence,
                        paragraph: p,
                        quoted: true,
                        attribution: Some(attribution.clone()),
                    });
                    sentence += 1;
                }
                continue;
            }
            for s in sentences(para) {
                for clause in s.split("; ") {
                    let clause = clause.trim();
                    if !clause.is_empty() {
                        units.push(Unit {
                            text: clause.to_string(),
                            sentence,
                            paragraph: p,
                            quoted: false,
                            attribution: None,
                        });
                    }
                }
                sentence += 1;
            }
        }
        Ok(Article {
            meta,
            published,
            units,
        })
    }
}

/// Splits a paragraph into sentences, minding abbreviations and closing quotes.
pub fn sentences(para: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut out = Vec::new();
    let mut begin = 0;
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | ')') {
                j += 1;
            }
            let end = chars.get(j).map(|x| x.0).unwrap_or(para.len());
            let next_starts = chars.get(j).is_some_and(|x| x.1.is_whitespace())
                && chars[j..]
                    .iter()
                    .find(|x| !x.1.is_whitespace())
                    .is_some_and(|x| {
                        x.1.is_uppercase() || x.1.is_ascii_digit() || matches!(x.1, '"' | '“')
                    });
            let word: String = para[begin..off]
                .rsplit(|ch: char| ch.is_whitespace())
                .next()
                .unwrap_or("")
                .to_lowercase();
            let abbreviation = c == '.'
                && (ABBREVIATIONS.contains(&word.trim_start_matches(['(', '"', '“']))
                    || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic)));
            if (next_starts || j >= chars.len()) && !abbreviation {
                let s = para[begin..end].trim();
                if !s.is_empty() {
                    out.push(s.to_string());
                }
                begin = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    let rest = para[begin..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    let _ = chars;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_then_a_body() {
        let a = Article::parse(
            "a.txt",
            "title: T\npublished: 2024-11-12\nurl: https://x\n\nKazakhstan backed the plan on Monday.\n",
            &Meta::default(),
        )
        .unwrap();
        assert_eq!(a.meta.title.as_deref(), Some("T"));
        assert_eq!(a.published.to_string(), "2024-11-12");
        assert_eq!(a.units.len(), 1);
    }

    #[test]
    fn sentences_mind_abbreviations_and_quotes() {
        let s = sentences("Mr. Smith met the U.S. envoy. He said “Yes.” Then he left.");
        assert_eq!(s.len(), 3, "{s:?}");
    }

    #[test]
    fn a_quote_paragraph_is_attributed() {
        let a = Article::parse(
            "a.txt",
            "published: 2024-11-12\n\n“The sea is in danger. We support the plan,” Tokayev said in Baku.\n",
            &Meta::default(),
        )
        .unwrap();
        assert_eq!(a.units.len(), 2);
        assert!(a.units.iter().all(|u| u.quoted));
        assert_eq!(a.units[1].text, "We support the plan");
    }
}
