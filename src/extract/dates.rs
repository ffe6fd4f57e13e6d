//! Dates in an article's text, resolved relative to its publication date with
//! the precision the text supports: "on Tuesday" and "December 5" are days,
//! "in November 2024" a month, "in 2018" a year, "last week" a range. A day is
//! never invented: what the text leaves open stays partial or bounded.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;

use crate::domain::date::{ActDate, Partial};

const MONTHS: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";

static ISO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").unwrap());
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(\d{{1,2}})(?:st|nd|rd|th)? ({MONTHS})(?:,? (\d{{4}}))?\b"
    ))
    .unwrap()
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b({MONTHS})(?: (\d{{1,2}})(?:st|nd|rd|th)?\b)?(?:,? (\d{{4}}))?"
    ))
    .unwrap()
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(last|this past|on|On|Last)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
        .unwrap()
});
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(yesterday|today|last week|this week|earlier this week|last month|this month|earlier this month|last year|this year|earlier this year)\b")
        .unwrap()
});
static IN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:[Ii]n|[Dd]uring) (\d{4})\b").unwrap());

/// A date found in a text, where it was, and the rule that read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub date: ActDate,
    pub at: usize,
    pub rule: &'static str,
}

fn month_number(name: &str) -> u32 {
    MONTHS
        .split('|')
        .position(|m| m == name)
        .map(|i| i as u32 + 1)
        .unwrap_or(1)
}

/// The latest date on or before `published` with this month and day.
fn recent_day(month: u32, day: u32, published: NaiveDate) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(published.year(), month, day)?;
    if this <= published {
        Some(this)
    } else {
        NaiveDate::from_ymd_opt(published.year() - 1, month, day)
    }
}

fn week_start(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

fn between(a: NaiveDate, b: NaiveDate) -> ActDate {
    if a == b {
        ActDate::day(a)
    } else {
        ActDate::Between(Partial::Day(a), Partial::Day(b))
    }
}

fn year_ok(y: i32) -> bool {
    (1800..=2999).contains(&y)
}

/// Every date expression in `text`, in order of appearance.
pub fn find_all(text: &str, published: NaiveDate) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    let mut push = |out: &mut Vec<Found>, r: std::ops::Range<usize>, date: ActDate, rule| {
        if taken.iter().any(|t| t.start < r.end && r.start < t.end) {
            return;
        }
        taken.push(r.clone());
        out.push(Found {
            date,
            at: r.start,
            rule,
        });
    };
    for c in ISO.captures_iter(text) {
        let m = c.get(0).unwrap();
        if let Ok(d) = m.as_str().parse::<ActDate>() {
            push(&mut out, m.range(), d, "date-iso");
        }
    }
    for c in DAY_MONTH.captures_iter(text) {
        let m = c.get(0).unwrap();
        let day: u32 = c[1].parse().unwrap_or(0);
        let month = month_number(&c[2]);
        let d = match c.get(3).and_then(|y| y.as_str().parse::<i32>().ok()) {
            Some(y) if year_ok(y) => NaiveDate::from_ymd_opt(y, month, day),
            Some(_) => None,
            None => recent_day(month, day, published),
        };
        if let Some(d) = d {
            push(&mut out, m.range(), ActDate::day(d), "date-day-month");
        }
    }
    for c in MONTH_DAY.captures_iter(text) {
        let m = c.get(0).unwrap();
        let month = month_number(&c[1]);
        let year = c.get(3).and_then(|y| y.as_str().parse::<i32>().ok());
        let day = c.get(2).and_then(|d| d.as_str().parse::<u32>().ok());
        let before = &text[..m.start()];
        let preceded_by_in = before.trim_end().ends_with(" in") || before.trim_end() == "In";
        let date = match (day, year) {
            (Some(d), Some(y)) if year_ok(y) => {
                NaiveDate::from_ymd_opt(y, month, d).map(ActDate::day)
            }
            (Some(d), None) => recent_day(month, d, published).map(ActDate::day),
            (None, Some(y)) if year_ok(y) => Some(ActDate::On(Partial::Month { year: y, month })),
            (None, None) if preceded_by_in => {
                let y = if month <= published.month() {
                    published.year()
                } else {
                    published.year() - 1
                };
                Some(ActDate::On(Partial::Month { year: y, month }))
            }
            _ => None,
        };
        if let Some(d) = date {
            push(&mut out, m.range(), d, "date-month");
        }
    }
    for c in WEEKDAY.captures_iter(text) {
        let m = c.get(0).unwrap();
        let wd: Weekday = c[2].parse().unwrap_or(Weekday::Mon);
        let strictly_before = c
            .get(1)
            .is_some_and(|p| p.as_str().eq_ignore_ascii_case("last") || p.as_str() == "this past");
        let mut d = published;
        if strictly_before {
            d -= Duration::days(1);
        }
        while d.weekday() != wd {
            d -= Duration::days(1);
        }
        push(&mut out, m.range(), ActDate::day(d), "date-weekday");
    }
    for c in RELATIVE.captures_iter(text) {
        let m = c.get(0).unwrap();
        let p = published;
        let date = match c[1].to_lowercase().as_str() {
            "yesterday" => ActDate::day(p - Duration::days(1)),
            "today" => ActDate::day(p),
            "last week" => {
                let start = week_start(p) - Duration::days(7);
                between(start, start + Duration::days(6))
            }
            "this week" | "earlier this week" => between(week_start(p), p),
            "last month" => {
                let first = NaiveDate::from_ymd_opt(p.year(), p.month(), 1).unwrap();
                let prev = first - Duration::days(1);
                ActDate::On(Partial::Month {
                    year: prev.year(),
                    month: prev.month(),
                })
            }
            "this month" | "earlier this month" => {
                between(NaiveDate::from_ymd_opt(p.year(), p.month(), 1).unwrap(), p)
            }
            "last year" => ActDate::On(Partial::Year(p.year() - 1)),
            _ => between(NaiveDate::from_ymd_opt(p.year(), 1, 1).unwrap(), p),
        };
        push(&mut out, m.range(), date, "date-relative");
    }
    for c in IN_YEAR.captures_iter(text) {
        let m = c.get(1).unwrap();
        if let Ok(y) = m.as_str().parse::<i32>()
            && year_ok(y)
        {
            push(
                &mut out,
                m.range(),
                ActDate::On(Partial::Year(y)),
                "date-year",
            );
        }
    }
    out.sort_by_key(|f| f.at);
    out
}

/// The date an act's clause gives: the first date expression in it that is not
/// in the future of the publication.
pub fn in_clause(text: &str, published: NaiveDate) -> Option<Found> {
    find_all(text, published)
        .into_iter()
        .find(|f| f.date.earliest().is_none_or(|e| e <= published))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn date_table() {
        // (text, published, expected)
        let table = [
            ("The ministers met on Tuesday.", "2024-11-14", "2024-11-12"),
            ("The ministers met on Thursday.", "2024-11-14", "2024-11-14"),
            ("They met last Thursday.", "2024-11-14", "2024-11-07"),
            (
                "The deal was signed on December 5.",
                "2025-01-03",
                "2024-12-05",
            ),
            (
                "The deal was signed on 5 December.",
                "2024-12-20",
                "2024-12-05",
            ),
            ("It was signed in November 2024.", "2025-02-01", "2024-11"),
            ("It was signed in 2018.", "2025-02-01", "2018"),
            ("It was signed on 14 May 2010.", "2024-10-13", "2010-05-14"),
            ("It was signed on May 14, 2010.", "2024-10-13", "2010-05-14"),
            ("It was signed yesterday.", "2024-03-01", "2024-02-29"),
            (
                "It was agreed last week.",
                "2024-11-14",
                "between 2024-11-04 and 2024-11-10",
            ),
            (
                "It entered into force on Sunday.",
                "2024-10-13",
                "2024-10-13",
            ),
            ("Ministers met in March.", "2024-11-14", "2024-03"),
            ("Ministers met in December.", "2024-11-14", "2023-12"),
        ];
        for (text, published, want) in table {
            let got = in_clause(text, d(published)).map(|f| f.date.to_string());
            assert_eq!(got.as_deref(), Some(want), "{text} (published {published})");
        }
    }

    #[test]
    fn may_the_verb_is_not_a_month() {
        assert!(in_clause("The plan may help the sea.", d("2024-11-14")).is_none());
    }
}
