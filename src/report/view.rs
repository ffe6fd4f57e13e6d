//! The report as plain data: what every format prints. Built by
//! [`super::build`], serialised as-is (with a schema version) by
//! [`super::json`]; the field names below are the JSON schema (see
//! `docs/report-schema.md`).

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

/// The status report on the record, as it stands or as of a day.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Report {
    /// The `--as-of` day, or null: the record as it stands.
    pub as_of: Option<NaiveDate>,
    /// The day commitments are judged on (overdue, no report for over a year).
    pub day: NaiveDate,
    /// The `--since` day, or null.
    pub since: Option<NaiveDate>,
    /// When the report was made, only when asked for (`--generated-at`).
    pub generated_at: Option<String>,
    pub filter: Filter,
    pub summary: Summary,
    pub initiatives: Vec<InitiativeSection>,
    /// The state × initiative grid (derivable from `initiatives`; not in the JSON).
    #[serde(skip)]
    pub matrix: Matrix,
    pub commitments: Vec<CommitmentLine>,
    pub meetings: Vec<MeetingSection>,
    pub timeline: Timeline,
    /// Acts left out of an `--as-of` report: their dates may fall on either side of the day.
    pub left_out: Vec<LeftOut>,
    /// Every source a fact points to, numbered from 1.
    pub sources: Vec<Cite>,
}

/// What the report was narrowed to.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Filter {
    /// An initiative id.
    pub initiative: Option<String>,
    /// A state code.
    pub state: Option<String>,
}

/// An actor by registry id and display name.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// Counts, the latest act and what changed since `--since`.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub initiatives: usize,
    /// States in the matrix (in the scope of, or holding a position on, an initiative shown).
    pub states: usize,
    pub positions: PositionCounts,
    pub commitments: CommitmentCounts,
    pub meetings: usize,
    /// Acts on the timeline (all of them, not only the recent ones listed).
    pub acts: usize,
    pub sources: usize,
    /// The act that happened last (by its date), or null when there is none.
    pub latest: Option<Act>,
    /// Acts whose date's latest day is after `--since`, oldest first; null without `--since`.
    pub changes: Option<Vec<Act>>,
}

/// How many state × initiative pairs hold each position.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct PositionCounts {
    pub proposer: usize,
    pub supports: usize,
    pub committed: usize,
    pub opposes: usize,
    pub withdrawn: usize,
    /// States in an initiative's scope with no recorded position on it.
    pub no_position: usize,
}

/// How many commitments (one per state) stand in each status.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct CommitmentCounts {
    pub total: usize,
    pub pending: usize,
    pub overdue: usize,
    pub fulfilled: usize,
    pub withdrawn: usize,
    /// Pending or overdue with no report for over a year.
    pub stale: usize,
}

/// One state's standing on a treaty, with the date of each step as given.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StandingLine {
    pub state: String,
    pub name: String,
    /// `not_signed`, `adopted`, `signed`, `ratified`, `in_force` or `withdrawn`.
    pub standing: String,
    pub signed_on: Option<String>,
    pub ratified_on: Option<String>,
    /// `ratification`, `acceptance`, `approval` or `accession`.
    pub consent: Option<String>,
    pub in_force_on: Option<String>,
    pub withdrawn_on: Option<String>,
    pub sources: Vec<usize>,
}

/// One initiative with every state's position.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InitiativeSection {
    pub id: String,
    pub title: String,
    /// `initiative`, or a treaty's form: `convention`, `protocol`, `agreement`,
    /// `declaration`, `memorandum`, `other`.
    pub form: String,
    /// A treaty's adoption and entry into force, as given (null for initiatives).
    pub adopted_on: Option<String>,
    pub in_force_on: Option<String>,
    /// A treaty's standing per state in its scope or with a step recorded (empty for initiatives).
    pub standings: Vec<StandingLine>,
    /// `proposed`, `gaining_support`, `endorsed`, `opposed`, `contested`, or
    /// `not_certainly_proposed` (as of a day before its proposal certainly happened).
    pub status: String,
    pub proposers: Vec<Named>,
    pub proposed_on: String,
    pub scope: Vec<Named>,
    /// Sources of the proposal.
    pub sources: Vec<usize>,
    /// Proposers, supporters, committed, opposers, withdrawn, then states in scope with no
    /// recorded position; by code within each group.
    pub states: Vec<PositionLine>,
}

/// One state's position on one initiative.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PositionLine {
    pub state: String,
    pub name: String,
    pub in_scope: bool,
    /// `proposer`, `supports`, `committed`, `opposes`, `withdrawn`, or null: no recorded position.
    pub position: Option<String>,
    /// The date the position has held since, as the source gives it.
    pub since: Option<String>,
    /// How a partial or bounded date is counted, when it is one.
    pub date_note: Option<String>,
    /// Who spoke for the state, as the sources name them ("Name (role)").
    pub speakers: Vec<String>,
    pub sources: Vec<usize>,
    /// The events that evidence the position.
    pub evidence: Vec<Uuid>,
}

/// The grid of positions: one cell per state × initiative.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matrix {
    pub states: Vec<Named>,
    /// Initiative ids and titles, in column order.
    pub initiatives: Vec<Named>,
    /// `cells[row][column]`, one row per state.
    pub cells: Vec<Vec<Cell>>,
}

/// One cell of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub position: Option<String>,
    pub in_scope: bool,
    pub since: Option<String>,
    pub sources: Vec<usize>,
}

/// One state's part in one commitment.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CommitmentLine {
    pub id: String,
    pub state: String,
    pub name: String,
    pub initiative: Option<String>,
    pub text: String,
    pub made_on: String,
    pub deadline: Option<NaiveDate>,
    /// `pending`, `overdue`, `fulfilled` or `withdrawn`, judged on `day`.
    pub status: String,
    /// True when pending (or overdue) with no report for over a year.
    pub stale: bool,
    pub days_since_last_report: i64,
    pub progress_percent: Option<i64>,
    pub progress_text: Option<String>,
    pub last_report_on: Option<String>,
    /// Sources of the commitment, its progress reports and its fulfilment.
    pub sources: Vec<usize>,
    pub event_id: Uuid,
}

/// One meeting held (a panel, summit, ministerial meeting, working-group session…).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MeetingSection {
    pub id: String,
    pub title: String,
    /// `panel`, `summit`, `ministerial`, `working_group`, `bilateral`,
    /// `videoconference`, `conference_of_the_parties` or `other`.
    pub format: String,
    pub host: Option<Named>,
    pub held_on: String,
    pub venue: Option<String>,
    pub organisers: Vec<Named>,
    pub participants: Vec<ParticipantLine>,
    pub topics: Vec<String>,
    pub initiatives: Vec<String>,
    pub outcome: Option<String>,
    pub sources: Vec<usize>,
    pub event_id: Uuid,
}

/// One participant of a panel: a party, a person, or a person for a party.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ParticipantLine {
    pub actor: Option<Named>,
    pub person: Option<String>,
    pub role: Option<String>,
}

/// The recent acts.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Timeline {
    /// Acts on the timeline in all.
    pub total: usize,
    /// Acts before the ones listed.
    pub earlier: usize,
    /// The most recent acts, oldest first.
    pub acts: Vec<Act>,
}

/// One act on the timeline.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Act {
    /// As the source gives it.
    pub date: String,
    pub kind: String,
    pub actors: Vec<Named>,
    pub initiative: Option<String>,
    pub summary: String,
    pub speaker: Option<String>,
    pub occasion: Option<String>,
    /// True when a correction amended the act.
    pub amended: bool,
    pub sources: Vec<usize>,
    pub event_id: Uuid,
}

/// An act left out of an `--as-of` report.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LeftOut {
    pub date: String,
    pub summary: String,
    pub event_id: Uuid,
}

/// One numbered source.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Cite {
    pub number: usize,
    pub publisher: String,
    pub published: String,
    pub title: String,
    pub url: Option<String>,
    pub quote: String,
    pub note: Option<String>,
}

/// The words for a matrix cell or a position line.
pub fn position_words(position: Option<&str>, in_scope: bool) -> &str {
    match (position, in_scope) {
        (Some(p), _) => p,
        (None, true) => "no recorded position",
        (None, false) => "not in scope",
    }
}

/// An initiative status for people: `gaining_support` reads "gaining support".
pub fn status_words(s: &str) -> String {
    s.replace('_', " ")
}

/// Whether a source URL is offered as a link (http and https only; anything else is
/// shown as text, never as a link a reader could follow into a script).
pub fn linkable(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A participant for people: "Person, role (Party)".
pub fn participant_words(p: &ParticipantLine) -> String {
    let mut s = p.person.clone().unwrap_or_default();
    if let Some(r) = &p.role {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(r);
    }
    match (&p.actor, s.is_empty()) {
        (Some(a), true) => a.name.clone(),
        (Some(a), false) => format!("{s} ({})", a.name),
        (None, _) => s,
    }
}

/// "Azerbaijan (AZE)" for a state; the name alone for anyone else.
pub fn named_words(n: &Named) -> String {
    if n.name != n.id && crate::projection::fold::is_state_code(&n.id) {
        format!("{} ({})", n.name, n.id)
    } else {
        n.name.clone()
    }
}

/// Who spoke and where, for an act: "Name (role) at Occasion".
pub fn who_where(a: &Act) -> Option<String> {
    match (&a.speaker, &a.occasion) {
        (Some(sp), Some(o)) => Some(format!("{sp} at {o}")),
        (Some(x), None) => Some(x.clone()),
        (None, Some(o)) => Some(format!("at {o}")),
        (None, None) => None,
    }
}
