//! Scoring drafts against hand-labelled events: precision, recall and F1 per
//! kind and in total. A drafted event matches an expected one when the kind and
//! the actors agree, the initiative or treaty agrees (for the kinds about one),
//! and one date lies within the other (the text's precision).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::{Known, Meta, extract, render};
use crate::domain::actor::Registry;
use crate::domain::date::ActDate;
use crate::domain::kind::Kind;
use crate::error::{Error, Result};
use crate::seeds::{self, SeedFile};

/// An act reduced to what matching compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Act {
    pub kind: Kind,
    pub actors: BTreeSet<String>,
    pub subject: Option<String>,
    pub date: ActDate,
    /// The speaker's name (not compared by [`matches`]; the seed-article test checks it).
    pub speaker: Option<String>,
}

/// The acts of a parsed seed file (a panel of the first catalogue counts as a meeting).
pub fn acts(file: &SeedFile) -> Vec<Act> {
    file.events
        .iter()
        .map(|e| {
            let d = &e.event.data;
            let m = d.to_full_map();
            let kind = match d.kind() {
                Kind::PanelHeld => Kind::MeetingHeld,
                k => k,
            };
            Act {
                kind,
                actors: d.actors.iter().cloned().collect(),
                subject: ["initiative", "treaty"]
                    .iter()
                    .find_map(|k| m.get(*k).and_then(Value::as_str).map(str::to_string)),
                date: d.date,
                speaker: d.speaker.as_ref().map(|s| s.name.clone()),
            }
        })
        .collect()
}

fn words(slug: &str) -> BTreeSet<&str> {
    slug.split('-').filter(|w| !w.is_empty()).collect()
}

/// Whether two initiative or treaty ids name the same thing.
pub fn same_subject(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (x, y) = (words(a), words(b));
    let inter = x.intersection(&y).count() as f32;
    let union = x.union(&y).count() as f32;
    x.is_subset(&y) || y.is_subset(&x) || (union > 0.0 && inter / union >= 0.5)
}

/// Whether a drafted act matches an expected one.
pub fn matches(expected: &Act, got: &Act) -> bool {
    let about = matches!(
        expected.kind,
        Kind::SupportDeclared
            | Kind::SupportWithdrawn
            | Kind::OppositionDeclared
            | Kind::InitiativeProposed
            | Kind::TreatyAdopted
            | Kind::TreatySigned
            | Kind::TreatyRatified
            | Kind::TreatyInForce
            | Kind::TreatyWithdrawn
    );
    expected.kind == got.kind
        && expected.actors == got.actors
        && (!about
            || match (&expected.subject, &got.subject) {
                (Some(a), Some(b)) => same_subject(a, b),
                (None, None) => true,
                _ => false,
            })
        && (expected.date.contains(&got.date) || got.date.contains(&expected.date))
}

/// True and false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The scores of a set of articles.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub articles: usize,
    pub expected_events: usize,
    pub drafted_events: usize,
    pub per_kind: BTreeMap<String, Counts>,
    pub total: Counts,
    /// Per article: name, and its counts.
    pub per_article: Vec<(String, Counts)>,
}

/// Scores one article's drafted acts against its expected acts (greedy one-to-one).
pub fn score(name: &str, expected: &[Act], got: &[Act], report: &mut Report) {
    let mut used = vec![false; got.len()];
    let mut here = Counts::default();
    for e in expected {
        let slot = report
            .per_kind
            .entry(e.kind.as_str().to_string())
            .or_default();
        match (0..got.len()).find(|&i| !used[i] && matches(e, &got[i])) {
            Some(i) => {
                used[i] = true;
                slot.tp += 1;
                here.tp += 1;
            }
            None => {
                slot.fn_ += 1;
                here.fn_ += 1;
            }
        }
    }
    for (i, g) in got.iter().enumerate() {
        if !used[i] {
            report
                .per_kind
                .entry(g.kind.as_str().to_string())
                .or_default()
                .fp += 1;
            here.fp += 1;
        }
    }
    report.articles += 1;
    report.expected_events += expected.len();
    report.drafted_events += got.len();
    report.total.add(here);
    report.per_article.push((name.to_string(), here));
}

/// Drafts an article and parses the draft back as a seed file (as review would).
pub fn draft_acts(name: &str, text: &[u8], reg: &Registry, known: &[Known]) -> Result<Vec<Act>> {
    let draft = extract(name, text, &Meta::default(), reg, known)?;
    if draft.events.is_empty() {
        return Ok(Vec::new());
    }
    let toml = render::toml(&draft, name);
    let file = seeds::parse(&format!("{name}.draft.toml"), &toml, reg)?;
    Ok(acts(&file))
}

/// Evaluates every `NAME.txt` in `dir` that has a `NAME.expected.toml` beside it.
pub fn evaluate_dir(dir: &Path, reg: &Registry, known: &[Known]) -> Result<Report> {
    let read_dir = std::fs::read_dir(dir).map_err(|e| {
        Error::invalid(
            format!("cannot read the folder {}: {e}", dir.display()),
            "give a folder of NAME.txt and NAME.expected.toml pairs",
        )
    })?;
    let mut names: Vec<String> = read_dir
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter_map(|n| n.strip_suffix(".txt").map(str::to_string))
        .filter(|n| dir.join(format!("{n}.expected.toml")).exists())
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(Error::invalid(
            format!(
                "{} holds no NAME.txt with a NAME.expected.toml",
                dir.display()
            ),
            "label an article's events in NAME.expected.toml, in the seed-file format",
        ));
    }
    let mut report = Report::default();
    for n in names {
        let txt_path = dir.join(format!("{n}.txt"));
        let exp_path = dir.join(format!("{n}.expected.toml"));
        let text = std::fs::read(&txt_path).map_err(|e| {
            Error::invalid(
                format!("cannot read {}: {e}", txt_path.display()),
                "check the path",
            )
        })?;
        let exp_text = std::fs::read_to_string(&exp_path).map_err(|e| {
            Error::invalid(
                format!("cannot read {}: {e}", exp_path.display()),
                "check the path",
            )
        })?;
        let expected = acts(&seeds::parse(
            &exp_path.display().to_string(),
            &exp_text,
            reg,
        )?);
        let got = draft_acts(&txt_path.display().to_string(), &text, reg, known)?;
        score(&n, &expected, &got, &mut report);
    }
    Ok(report)
}

impl Report {
    /// The scores as a table (per kind, then the total).
    pub fn table(&self) -> String {
        let mut out = format!(
            "{} articles, {} expected events, {} drafted\n\n{:<22} {:>4} {:>4} {:>4} {:>9} {:>6} {:>5}\n",
            self.articles,
            self.expected_events,
            self.drafted_events,
            "kind",
            "tp",
            "fp",
            "fn",
            "precision",
            "recall",
            "F1"
        );
        let row = |name: &str, c: &Counts| {
            format!(
                "{:<22} {:>4} {:>4} {:>4} {:>9.2} {:>6.2} {:>5.2}\n",
                name,
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall(),
                c.f1()
            )
        };
        for (k, c) in &self.per_kind {
            out.push_str(&row(k, c));
        }
        out.push_str(&row("total", &self.total));
        out
    }
}
