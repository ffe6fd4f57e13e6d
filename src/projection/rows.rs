//! The rows of the projections: the current picture kept in tables beside the
//! log. Every row belongs to one stream, so a stream's rows can be replaced by
//! refolding that stream alone.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::payload::{Consent, MeetingFormat, Participant};

/// A state's position on an initiative. No row = no recorded position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Proposer,
    Supports,
    Committed,
    Opposes,
    Withdrawn,
}

impl Position {
    pub fn as_str(self) -> &'static str {
        match self {
            Position::Proposer => "proposer",
            Position::Supports => "supports",
            Position::Committed => "committed",
            Position::Opposes => "opposes",
            Position::Withdrawn => "withdrawn",
        }
    }

    /// Whether the position backs the initiative.
    pub fn backs(self) -> bool {
        matches!(
            self,
            Position::Proposer | Position::Supports | Position::Committed
        )
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Position {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "proposer" => Position::Proposer,
            "supports" => Position::Supports,
            "committed" => Position::Committed,
            "opposes" => Position::Opposes,
            "withdrawn" => Position::Withdrawn,
            other => return Err(format!("unknown position `{other}`")),
        })
    }
}

/// Where a commitment stands (overdue and staleness are judged at query time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentState {
    Pending,
    Fulfilled,
    Withdrawn,
}

impl CommitmentState {
    pub fn as_str(self) -> &'static str {
        match self {
            CommitmentState::Pending => "pending",
            CommitmentState::Fulfilled => "fulfilled",
            CommitmentState::Withdrawn => "withdrawn",
        }
    }
}

impl FromStr for CommitmentState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "pending" => CommitmentState::Pending,
            "fulfilled" => CommitmentState::Fulfilled,
            "withdrawn" => CommitmentState::Withdrawn,
            other => return Err(format!("unknown commitment status `{other}`")),
        })
    }
}

/// One initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitiativeRow {
    pub id: String,
    pub stream: String,
    pub title: String,
    pub proposers: Vec<String>,
    pub scope: Vec<String>,
    /// The proposal's date as given.
    pub proposed_on: String,
    pub event_id: Uuid,
    pub status: String,
    pub supporters: i64,
    pub opposers: i64,
    pub withdrawn: i64,
    /// States in scope with no recorded position.
    pub silent: i64,
    /// `initiative`, or the form of a treaty or declaration.
    pub form: String,
    /// The instrument a treaty belongs to (a protocol's convention).
    pub parent: Option<String>,
    /// When the treaty was adopted, as given.
    pub adopted_on: Option<String>,
    /// When the treaty as a whole entered into force, as given.
    pub in_force_on: Option<String>,
}

impl InitiativeRow {
    /// Whether the initiative is a treaty or declaration (it has a legal lifecycle).
    pub fn is_treaty(&self) -> bool {
        self.form != "initiative"
    }
}

/// A state's standing on a treaty. No row = not signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Adopted a declaration (which binds by adoption alone).
    Adopted,
    Signed,
    /// Consented to be bound (ratified, accepted, approved or acceded).
    Ratified,
    InForce,
    Withdrawn,
}

impl Standing {
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Adopted => "adopted",
            Standing::Signed => "signed",
            Standing::Ratified => "ratified",
            Standing::InForce => "in_force",
            Standing::Withdrawn => "withdrawn",
        }
    }

    /// A human label.
    pub fn label(self) -> &'static str {
        match self {
            Standing::InForce => "in force",
            other => other.as_str(),
        }
    }

    /// Whether the state is bound (or about to be) by the treaty.
    pub fn consented(self) -> bool {
        matches!(self, Standing::Ratified | Standing::InForce)
    }
}

impl fmt::Display for Standing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Standing {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "adopted" => Standing::Adopted,
            "signed" => Standing::Signed,
            "ratified" => Standing::Ratified,
            "in_force" => Standing::InForce,
            "withdrawn" => Standing::Withdrawn,
            other => return Err(format!("unknown treaty standing `{other}`")),
        })
    }
}

/// One state's standing on one treaty, with the date of each step (as given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandingRow {
    pub treaty: String,
    pub state: String,
    pub stream: String,
    pub standing: Standing,
    pub signed_on: Option<String>,
    pub ratified_on: Option<String>,
    pub consent: Option<Consent>,
    pub in_force_on: Option<String>,
    pub withdrawn_on: Option<String>,
    /// The events that evidence the standing.
    pub evidence: Vec<Uuid>,
    /// Distinct sources across the evidence.
    pub sources: i64,
}

/// Who holds which position, keyed like `Projection::positions`, read without the
/// rest of the position rows.
pub type Census = BTreeMap<(String, String), Position>;

/// One state's position on one initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionRow {
    pub initiative: String,
    pub state: String,
    pub stream: String,
    pub position: Position,
    /// The date the position has held since, as given.
    pub since: String,
    pub since_key: String,
    /// The events that evidence the position.
    pub evidence: Vec<Uuid>,
    /// Distinct sources across the evidence.
    pub sources: i64,
}

/// One state's part in one commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentRow {
    pub id: String,
    pub state: String,
    pub stream: String,
    pub initiative: Option<String>,
    pub text: String,
    pub made_on: String,
    pub deadline: Option<NaiveDate>,
    pub status: CommitmentState,
    pub progress_percent: Option<i64>,
    pub progress_text: Option<String>,
    /// Date of the last progress report (or fulfilment), as given.
    pub last_report_on: Option<String>,
    /// The latest day of the last report (or of the commitment when none), for staleness.
    pub last_activity: NaiveDate,
    pub event_id: Uuid,
}

impl CommitmentRow {
    /// The status a reader sees on a given day: `overdue` when still pending after its
    /// deadline; otherwise the stored `pending`, `fulfilled` or `withdrawn`. (Overdue depends
    /// on the day asked, so it is derived here rather than stored.)
    pub fn status_on(&self, day: NaiveDate) -> &'static str {
        match (self.status, self.deadline) {
            (CommitmentState::Pending, Some(d)) if d < day => "overdue",
            (s, _) => s.as_str(),
        }
    }

    /// Days since the last report (or since the commitment, when none) on a given day.
    pub fn days_since_last_report(&self, day: NaiveDate) -> i64 {
        (day - self.last_activity).num_days()
    }

    /// True when a pending commitment has had no report for over a year.
    pub fn is_stale(&self, day: NaiveDate) -> bool {
        self.status == CommitmentState::Pending && self.days_since_last_report(day) > 365
    }
}

/// One meeting (a panel, summit, ministerial meeting, working-group session…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingRow {
    pub id: String,
    pub stream: String,
    pub title: String,
    pub format: MeetingFormat,
    pub host: Option<String>,
    pub held_on: String,
    pub venue: Option<String>,
    /// The parties that held the meeting (the event's actors).
    pub organisers: Vec<String>,
    pub participants: Vec<Participant>,
    pub topics: Vec<String>,
    pub initiatives: Vec<String>,
    pub outcome: Option<String>,
    pub event_id: Uuid,
}

/// One act on the timeline (retracted acts are not on it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineRow {
    pub event_id: Uuid,
    pub log_position: i64,
    pub stream: String,
    pub act_date: String,
    pub sort_key: String,
    pub kind: String,
    pub actors: Vec<String>,
    pub initiative: Option<String>,
    pub summary: String,
    /// True when a correction amended the event.
    pub amended: bool,
}

/// One source of one act (ordinal 0 is the event's own source).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRow {
    pub event_id: Uuid,
    pub ordinal: i64,
    pub stream: String,
    /// The event that brought this source (the act itself, or a `source_added`).
    pub via_event: Uuid,
    pub title: String,
    pub publisher: String,
    pub published: String,
    pub url: Option<String>,
    pub quote: String,
    pub note: Option<String>,
    /// True when the fields read exactly as `via_event` logged its source, so
    /// the store reads them from that event instead of keeping a copy. False
    /// for the source of an amended act, which no event logged as it now reads.
    #[serde(skip)]
    pub as_logged: bool,
}

/// A set of projection rows: all of a store, one stream, or a fold in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Projection {
    pub initiatives: BTreeMap<String, InitiativeRow>,
    pub positions: BTreeMap<(String, String), PositionRow>,
    pub commitments: BTreeMap<(String, String), CommitmentRow>,
    pub meetings: BTreeMap<String, MeetingRow>,
    pub standings: BTreeMap<(String, String), StandingRow>,
    pub timeline: BTreeMap<i64, TimelineRow>,
    pub sources: BTreeMap<(Uuid, i64), SourceRow>,
}

impl Projection {
    /// Adds every row of `other` (rows of distinct streams never collide).
    pub fn merge(&mut self, other: Projection) {
        self.initiatives.extend(other.initiatives);
        self.positions.extend(other.positions);
        self.commitments.extend(other.commitments);
        self.meetings.extend(other.meetings);
        self.standings.extend(other.standings);
        self.timeline.extend(other.timeline);
        self.sources.extend(other.sources);
    }

    /// The number of rows in all tables.
    pub fn row_count(&self) -> usize {
        self.initiatives.len()
            + self.positions.len()
            + self.commitments.len()
            + self.meetings.len()
            + self.standings.len()
            + self.timeline.len()
            + self.sources.len()
    }

    /// The sources of an event, in order.
    pub fn sources_of(&self, event: Uuid) -> impl Iterator<Item = &SourceRow> {
        self.sources
            .range((event, i64::MIN)..=(event, i64::MAX))
            .map(|(_, r)| r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: CommitmentState, deadline: Option<&str>, last: &str) -> CommitmentRow {
        CommitmentRow {
            id: "x/c".into(),
            state: "KAZ".into(),
            stream: "initiative/x".into(),
            initiative: Some("x".into()),
            text: "t".into(),
            made_on: last.into(),
            deadline: deadline.map(|d| d.parse().unwrap()),
            status,
            progress_percent: None,
            progress_text: None,
            last_report_on: None,
            last_activity: last.parse().unwrap(),
            event_id: Uuid::nil(),
        }
    }

    #[test]
    fn a_pending_commitment_past_its_deadline_is_overdue_and_a_fulfilled_one_is_not() {
        let day: NaiveDate = "2026-01-01".parse().unwrap();
        assert_eq!(
            row(CommitmentState::Pending, Some("2025-12-31"), "2024-01-01").status_on(day),
            "overdue"
        );
        assert_eq!(
            row(CommitmentState::Pending, Some("2026-01-01"), "2024-01-01").status_on(day),
            "pending"
        );
        assert_eq!(
            row(CommitmentState::Pending, None, "2024-01-01").status_on(day),
            "pending"
        );
        assert_eq!(
            row(CommitmentState::Fulfilled, Some("2025-01-01"), "2024-01-01").status_on(day),
            "fulfilled"
        );
        assert_eq!(
            row(CommitmentState::Withdrawn, Some("2025-01-01"), "2024-01-01").status_on(day),
            "withdrawn"
        );
    }

    #[test]
    fn no_report_for_over_a_year_is_stale() {
        let day: NaiveDate = "2026-01-01".parse().unwrap();
        assert!(row(CommitmentState::Pending, None, "2024-12-31").is_stale(day));
        assert!(!row(CommitmentState::Pending, None, "2025-06-01").is_stale(day));
        assert!(!row(CommitmentState::Fulfilled, None, "2020-01-01").is_stale(day));
    }
}
