//! The timeline drawn as inline SVG: one row per act, oldest at the top, a
//! marker at the act's date on a shared time axis (a bar when the date is a
//! month, a year or a range; a dashed lead-in when it is "on or before"), and
//! the date and summary beside it. Every text is escaped.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};

use super::html::esc;
use super::view::Act;
use crate::domain::ActDate;

const WIDTH: f64 = 960.0;
const AXIS_LEFT: f64 = 24.0;
const AXIS_RIGHT: f64 = 360.0;
const TEXT_LEFT: f64 = 376.0;
const TOP: f64 = 44.0;
const ROW: f64 = 24.0;
/// Characters of summary that fit beside the axis at 12px.
const TEXT_CHARS: usize = 88;

/// The colour of an act's marker, by kind (the same on screen and in print).
pub fn kind_colour(kind: &str) -> &'static str {
    match kind {
        "panel_held" => "#6a3d9a",
        "initiative_proposed" => "#1f5fa8",
        "support_declared" => "#2e8b3e",
        "support_withdrawn" => "#d9822b",
        "opposition_declared" => "#c0392b",
        "commitment_made" => "#138086",
        "progress_reported" => "#4aa3a8",
        "commitment_fulfilled" => "#1b6b2b",
        _ => "#6b6b6b",
    }
}

/// The x position of a day on the time axis.
fn x_of(d: NaiveDate, lo: NaiveDate, hi: NaiveDate) -> f64 {
    let span = (hi - lo).num_days().max(1) as f64;
    AXIS_LEFT + (AXIS_RIGHT - AXIS_LEFT) * ((d - lo).num_days() as f64 / span)
}

fn months_between(a: NaiveDate, b: NaiveDate) -> i32 {
    (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32
}

/// Month-aligned ticks, at most about seven of them.
fn ticks(lo: NaiveDate, hi: NaiveDate) -> Vec<(NaiveDate, String)> {
    let months = months_between(lo, hi).max(1);
    let step = [1, 2, 3, 6, 12, 24, 60, 120, 240]
        .into_iter()
        .find(|s| months / s <= 6)
        .unwrap_or(600);
    let mut out = Vec::new();
    let (mut y, mut m) = (lo.year(), lo.month() as i32);
    loop {
        let index = y * 12 + m - 1;
        if index % step == 0
            && let Some(d) = NaiveDate::from_ymd_opt(y, m as u32, 1)
            && d >= lo
        {
            if d > hi {
                break;
            }
            let label = if step >= 12 {
                format!("{y:04}")
            } else {
                format!("{y:04}-{m:02}")
            };
            out.push((d, label));
        }
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
        if y > hi.year() + 1 {
            break;
        }
    }
    out
}

/// Cuts a text to `n` characters, with an ellipsis when cut.
fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The SVG of the acts, or an empty string when there are none.
pub fn timeline(acts: &[Act]) -> String {
    let dates: Vec<(Option<NaiveDate>, NaiveDate, bool)> = acts
        .iter()
        .map(|a| match a.date.parse::<ActDate>() {
            Ok(d) => (d.earliest(), d.latest(), d.exact_day().is_some()),
            Err(_) => (None, NaiveDate::MIN, false),
        })
        .collect();
    let known: Vec<NaiveDate> = dates
        .iter()
        .flat_map(|(e, l, _)| e.iter().copied().chain([*l]))
        .filter(|d| *d != NaiveDate::MIN)
        .collect();
    let (Some(min), Some(max)) = (known.iter().min(), known.iter().max()) else {
        return String::new();
    };
    let pad = ((*max - *min).num_days() / 25).max(20);
    let lo = *min - chrono::Duration::days(pad);
    let hi = *max + chrono::Duration::days(pad);
    let height = TOP + ROW * acts.len() as f64 + 12.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height:.0}\" width=\"100%\" role=\"img\" aria-labelledby=\"timeline-title\">\
         <title id=\"timeline-title\">Timeline of {} acts, oldest at the top</title>",
        acts.len()
    );
    // Axis with ticks and grid lines.
    let _ = write!(
        s,
        "<line x1=\"{AXIS_LEFT}\" y1=\"{:.1}\" x2=\"{AXIS_RIGHT}\" y2=\"{:.1}\" stroke=\"#444\" stroke-width=\"1\"/>",
        TOP - 12.0,
        TOP - 12.0
    );
    for (d, label) in ticks(lo, hi) {
        let x = x_of(d, lo, hi);
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#ddd\" stroke-width=\"1\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#444\">{}</text>",
            TOP - 16.0,
            height - 8.0,
            TOP - 20.0,
            esc(&label)
        );
    }
    for (i, (a, (earliest, latest, exact))) in acts.iter().zip(&dates).enumerate() {
        let y = TOP + ROW * i as f64 + ROW / 2.0;
        let colour = kind_colour(&a.kind);
        let full = format!("{} · {}", a.date, a.summary);
        let _ = write!(
            s,
            "<g class=\"act\" data-kind=\"{}\"><title>{}</title>",
            esc(&a.kind),
            esc(&full)
        );
        if i % 2 == 1 {
            let _ = write!(
                s,
                "<rect x=\"0\" y=\"{:.1}\" width=\"{WIDTH}\" height=\"{ROW}\" fill=\"#f6f6f6\"/>",
                y - ROW / 2.0
            );
        }
        if *latest != NaiveDate::MIN {
            let x = x_of(*latest, lo, hi);
            match earliest {
                Some(e) if e < latest => {
                    let x0 = x_of(*e, lo, hi);
                    let _ = write!(
                        s,
                        "<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"6\" rx=\"3\" fill=\"{colour}\" fill-opacity=\"0.35\"/>",
                        y - 3.0,
                        (x - x0).max(1.0)
                    );
                }
                None => {
                    let _ = write!(
                        s,
                        "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"3 3\"/>",
                        (x - 28.0).max(AXIS_LEFT - 20.0)
                    );
                }
                _ => {}
            }
            if *exact {
                let _ = write!(
                    s,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{colour}\"/>"
                );
            } else {
                let _ = write!(
                    s,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"#fff\" stroke=\"{colour}\" stroke-width=\"2\"/>"
                );
            }
        }
        let _ = write!(
            s,
            "<text x=\"{TEXT_LEFT}\" y=\"{:.1}\" font-size=\"12\" fill=\"#222\"><tspan font-weight=\"bold\">{}</tspan> {}</text></g>",
            y + 4.0,
            esc(&a.date),
            esc(&cut(
                &a.summary,
                TEXT_CHARS.saturating_sub(a.date.chars().count())
            ))
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn ticks_fall_on_month_starts_within_the_range_and_are_few() {
        let t = ticks(d("2024-10-20"), d("2026-02-20"));
        assert!(!t.is_empty() && t.len() <= 7, "{t:?}");
        for (day, _) in &t {
            assert_eq!(day.day(), 1);
            assert!(*day >= d("2024-10-20") && *day <= d("2026-02-20"));
        }
        let short = ticks(d("2024-11-01"), d("2024-12-31"));
        assert_eq!(
            short.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(),
            ["2024-11", "2024-12"]
        );
    }

    #[test]
    fn long_summaries_are_cut_with_an_ellipsis_and_short_ones_kept() {
        assert_eq!(cut("abc", 5), "abc");
        assert_eq!(cut("abcdefgh", 5), "abcd…");
    }
}
