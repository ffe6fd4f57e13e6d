//! Dates of diplomatic acts: exact, partial ("2024-11", "2024") or bounded
//! ("on or before 2024-11-12", "between 2024-11-01 and 2024-11-12").
//!
//! A date is kept as given and printed as given. For filtering, every date has
//! an earliest and a latest possible day; an act counts "as of D" only when it
//! certainly happened by D (its latest possible day is on or before D).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date known to a day, a month or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Partial {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
    Year(i32),
}

impl Partial {
    /// The first day the partial date can stand for.
    pub fn first_day(self) -> NaiveDate {
        match self {
            Partial::Day(d) => d,
            Partial::Month { year, month } => {
                NaiveDate::from_ymd_opt(year, month, 1).expect("validated month")
            }
            Partial::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).expect("validated year"),
        }
    }

    /// The last day the partial date can stand for.
    pub fn last_day(self) -> NaiveDate {
        match self {
            Partial::Day(d) => d,
            Partial::Month { year, month } => {
                let (ny, nm) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                NaiveDate::from_ymd_opt(ny, nm, 1)
                    .and_then(|d| d.pred_opt())
                    .expect("validated month")
            }
            Partial::Year(y) => NaiveDate::from_ymd_opt(y, 12, 31).expect("validated year"),
        }
    }

    /// Whether this is a whole day.
    pub fn is_day(self) -> bool {
        matches!(self, Partial::Day(_))
    }

    fn parse(s: &str) -> Result<Self, DateError> {
        let bad = || DateError::Format(s.to_string());
        let parts: Vec<&str> = s.split('-').collect();
        let year = |p: &str| -> Result<i32, DateError> {
            if p.len() != 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let y: i32 = p.parse().map_err(|_| bad())?;
            if !(1800..=2999).contains(&y) {
                return Err(DateError::OutOfRange(s.to_string()));
            }
            Ok(y)
        };
        let two = |p: &str| -> Result<u32, DateError> {
            if p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse().map_err(|_| bad())
        };
        match parts.as_slice() {
            [y] => Ok(Partial::Year(year(y)?)),
            [y, m] => {
                let (year, month) = (year(y)?, two(m)?);
                if !(1..=12).contains(&month) {
                    return Err(DateError::NoSuchDay(s.to_string()));
                }
                Ok(Partial::Month { year, month })
            }
            [y, m, d] => {
                let (year, month, day) = (year(y)?, two(m)?, two(d)?);
                NaiveDate::from_ymd_opt(year, month, day)
                    .map(Partial::Day)
                    .ok_or_else(|| DateError::NoSuchDay(s.to_string()))
            }
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for Partial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Partial::Day(d) => write_day(f, *d),
            Partial::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Partial::Year(y) => write!(f, "{y:04}"),
        }
    }
}

/// The date of an act as the source gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActDate {
    /// "2024-11-12", "2024-11" or "2024".
    On(Partial),
    /// "on or before 2024-11-12": the source shows the act had happened by then.
    OnOrBefore(Partial),
    /// "between 2024-11-01 and 2024-11-12" (inclusive).
    Between(Partial, Partial),
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error(
        "`{0}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY, \"on or before YYYY-MM-DD\" or \"between YYYY-MM-DD and YYYY-MM-DD\""
    )]
    Format(String),
    #[error("`{0}` is not a day of the calendar")]
    NoSuchDay(String),
    #[error("`{0}` is outside the years 1800 to 2999")]
    OutOfRange(String),
    #[error("`{0}`: the range ends before it starts")]
    EmptyRange(String),
    #[error("`{0}` must be a whole day (YYYY-MM-DD) here")]
    NotADay(String),
}

impl ActDate {
    /// An exact day.
    pub fn day(d: NaiveDate) -> Self {
        ActDate::On(Partial::Day(d))
    }

    /// The earliest day the act can have happened, if bounded below.
    pub fn earliest(&self) -> Option<NaiveDate> {
        match self {
            ActDate::On(p) => Some(p.first_day()),
            ActDate::OnOrBefore(_) => None,
            ActDate::Between(a, _) => Some(a.first_day()),
        }
    }

    /// The latest day the act can have happened.
    pub fn latest(&self) -> NaiveDate {
        match self {
            ActDate::On(p) | ActDate::OnOrBefore(p) | ActDate::Between(_, p) => p.last_day(),
        }
    }

    /// The exact day, when the date is one.
    pub fn exact_day(&self) -> Option<NaiveDate> {
        match self {
            ActDate::On(Partial::Day(d)) => Some(*d),
            _ => None,
        }
    }

    /// True when the act certainly happened on or before `d`.
    pub fn certainly_by(&self, d: NaiveDate) -> bool {
        self.latest() <= d
    }

    /// True when the act may or may not have happened by `d` (its range straddles `d`).
    pub fn uncertain_at(&self, d: NaiveDate) -> bool {
        !self.certainly_by(d) && self.earliest().is_none_or(|e| e <= d)
    }

    /// True when `other` lies wholly within this date's range.
    pub fn contains(&self, other: &ActDate) -> bool {
        let lo_ok = match (self.earliest(), other.earliest()) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a <= b,
        };
        lo_ok && other.latest() <= self.latest()
    }

    /// A key that sorts acts by when they certainly happened, then by when they may have.
    pub fn sort_key(&self) -> String {
        let mut key = String::with_capacity(21);
        // Writing into a String cannot fail.
        let _ = write_day(&mut key, self.latest());
        key.push('|');
        match self.earliest() {
            Some(d) => {
                let _ = write_day(&mut key, d);
            }
            None => key.push_str("0000-00-00"),
        }
        key
    }

    /// A short explanation of how the date is treated by date filters.
    pub fn explain(&self) -> Option<String> {
        match self {
            ActDate::On(Partial::Day(_)) => None,
            ActDate::On(p) => Some(format!(
                "known only to the {}: counted from {}",
                if matches!(p, Partial::Year(_)) {
                    "year"
                } else {
                    "month"
                },
                p.last_day()
            )),
            ActDate::OnOrBefore(p) => Some(format!(
                "happened at an unstated date on or before {}: counted from {}",
                p,
                p.last_day()
            )),
            ActDate::Between(_, b) => Some(format!(
                "happened within a range: counted from its end, {}",
                b.last_day()
            )),
        }
    }
}

impl FromStr for ActDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, DateError> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("on or before ") {
            return Ok(ActDate::OnOrBefore(Partial::parse(rest.trim())?));
        }
        if let Some(rest) = lower.strip_prefix("between ") {
            let (a, b) = rest
                .split_once(" and ")
                .ok_or_else(|| DateError::Format(t.to_string()))?;
            let (a, b) = (Partial::parse(a.trim())?, Partial::parse(b.trim())?);
            if b.last_day() < a.first_day() {
                return Err(DateError::EmptyRange(t.to_string()));
            }
            return Ok(ActDate::Between(a, b));
        }
        if t.contains(' ') {
            return Err(DateError::Format(t.to_string()));
        }
        Ok(ActDate::On(Partial::parse(t)?))
    }
}

impl fmt::Display for ActDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActDate::On(p) => fmt::Display::fmt(p, f),
            ActDate::OnOrBefore(p) => write!(f, "on or before {p}"),
            ActDate::Between(a, b) => write!(f, "between {a} and {b}"),
        }
    }
}

impl Serialize for ActDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ActDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Parses a whole day (YYYY-MM-DD), as `--as-of` and deadlines need.
pub fn parse_day(s: &str) -> Result<NaiveDate, DateError> {
    match s.trim().parse::<ActDate>()? {
        ActDate::On(Partial::Day(d)) => Ok(d),
        _ => Err(DateError::NotADay(s.trim().to_string())),
    }
}

/// Formats a day as YYYY-MM-DD.
pub fn fmt_day(d: NaiveDate) -> String {
    let mut s = String::with_capacity(10);
    // Writing into a String cannot fail.
    let _ = write_day(&mut s, d);
    s
}

/// Writes a day as `YYYY-MM-DD` (years outside 0–9999 as `format!` pads them).
/// From its digits, in one `str`: every append formats its act's date several
/// times (the stored date, the sort key, the hash input, the rows), and
/// `format!`'s padding was a measurable part of bulk ingest.
fn write_day(out: &mut impl fmt::Write, d: NaiveDate) -> fmt::Result {
    let (y, m, day) = (d.year(), d.month(), d.day());
    let year = match u32::try_from(y) {
        Ok(year) if year <= 9999 => year,
        _ => return write!(out, "{y:04}-{m:02}-{day:02}"),
    };
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let text = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
    ];
    out.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_day(s).unwrap()
    }

    #[test]
    fn exact_partial_and_bounded_dates_read_and_print_as_given() {
        for s in [
            "2024-11-12",
            "2024-11",
            "2024",
            "on or before 2024-11-12",
            "on or before 2024-11",
            "between 2024-11-01 and 2024-11-12",
        ] {
            assert_eq!(s.parse::<ActDate>().unwrap().to_string(), s);
        }
    }

    proptest::proptest! {
        /// Days are written digit by digit; they read as chrono's own `%Y-%m-%d`,
        /// and the sort key as the two padded days it has always been.
        #[test]
        fn days_are_written_as_chrono_writes_them(n in -400_000i32..4_000_000) {
            let Some(day) = NaiveDate::from_num_days_from_ce_opt(n) else {
                return Ok(());
            };
            let padded = format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day());
            proptest::prop_assert_eq!(fmt_day(day), padded.clone());
            proptest::prop_assert_eq!(Partial::Day(day).to_string(), padded.clone());
            if (0..=9999).contains(&day.year()) {
                proptest::prop_assert_eq!(fmt_day(day), day.format("%Y-%m-%d").to_string());
            }
            let on = ActDate::On(Partial::Day(day));
            proptest::prop_assert_eq!(on.sort_key(), format!("{padded}|{padded}"));
            let by = ActDate::OnOrBefore(Partial::Day(day));
            proptest::prop_assert_eq!(by.sort_key(), format!("{padded}|0000-00-00"));
        }
    }

    #[test]
    fn bounds_of_partial_dates() {
        let m: ActDate = "2024-02".parse().unwrap();
        assert_eq!(m.earliest(), Some(d("2024-02-01")));
        assert_eq!(m.latest(), d("2024-02-29"));
        let y: ActDate = "2023".parse().unwrap();
        assert_eq!(y.latest(), d("2023-12-31"));
        let b: ActDate = "on or before 2024-11-12".parse().unwrap();
        assert_eq!(b.earliest(), None);
        assert_eq!(b.latest(), d("2024-11-12"));
        let dec: ActDate = "2024-12".parse().unwrap();
        assert_eq!(dec.latest(), d("2024-12-31"));
    }

    #[test]
    fn as_of_filters_are_conservative() {
        let month: ActDate = "2024-11".parse().unwrap();
        assert!(!month.certainly_by(d("2024-11-15")));
        assert!(month.uncertain_at(d("2024-11-15")));
        assert!(month.certainly_by(d("2024-11-30")));
        assert!(!month.uncertain_at(d("2024-10-31")));
        let before: ActDate = "on or before 2024-11-12".parse().unwrap();
        assert!(before.uncertain_at(d("2000-01-01")));
        assert!(before.certainly_by(d("2024-11-12")));
    }

    #[test]
    fn malformed_dates_are_refused_with_the_reason() {
        assert!(matches!(
            "2024-13-01".parse::<ActDate>(),
            Err(DateError::NoSuchDay(_))
        ));
        assert!(matches!(
            "2023-02-29".parse::<ActDate>(),
            Err(DateError::NoSuchDay(_))
        ));
        assert!(matches!(
            "12/11/2024".parse::<ActDate>(),
            Err(DateError::Format(_))
        ));
        assert!(matches!("".parse::<ActDate>(), Err(DateError::Format(_))));
        assert!(matches!(
            "between 2024-11-12 and 2024-11-01".parse::<ActDate>(),
            Err(DateError::EmptyRange(_))
        ));
        assert!(matches!(
            "0024-01-01".parse::<ActDate>(),
            Err(DateError::OutOfRange(_))
        ));
        assert!(matches!(parse_day("2024-11"), Err(DateError::NotADay(_))));
    }

    #[test]
    fn containment_of_ranges() {
        let range: ActDate = "2024-11".parse().unwrap();
        let day: ActDate = "2024-11-12".parse().unwrap();
        assert!(range.contains(&day));
        assert!(!day.contains(&range));
        let before: ActDate = "on or before 2024-11-12".parse().unwrap();
        assert!(before.contains(&day));
    }
}
