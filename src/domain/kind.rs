//! The event kinds of the catalogue, their schema versions and their codes in
//! the political event-data vocabularies CAMEO and PLOVER.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Every kind of event accord records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    PanelHeld,
    InitiativeProposed,
    SupportDeclared,
    SupportWithdrawn,
    OppositionDeclared,
    CommitmentMade,
    ProgressReported,
    CommitmentFulfilled,
    Statement,
    Correction,
    SourceAdded,
}

/// A CAMEO code and PLOVER category (with mode) for interchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Codes {
    pub cameo: Option<&'static str>,
    pub plover: Option<&'static str>,
    pub plover_mode: Option<&'static str>,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::PanelHeld,
        Kind::InitiativeProposed,
        Kind::SupportDeclared,
        Kind::SupportWithdrawn,
        Kind::OppositionDeclared,
        Kind::CommitmentMade,
        Kind::ProgressReported,
        Kind::CommitmentFulfilled,
        Kind::Statement,
        Kind::Correction,
        Kind::SourceAdded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::PanelHeld => "panel_held",
            Kind::InitiativeProposed => "initiative_proposed",
            Kind::SupportDeclared => "support_declared",
            Kind::SupportWithdrawn => "support_withdrawn",
            Kind::OppositionDeclared => "opposition_declared",
            Kind::CommitmentMade => "commitment_made",
            Kind::ProgressReported => "progress_reported",
            Kind::CommitmentFulfilled => "commitment_fulfilled",
            Kind::Statement => "statement",
            Kind::Correction => "correction",
            Kind::SourceAdded => "source_added",
        }
    }

    /// The schema version new events of this kind are written with.
    pub fn schema_version(self) -> i32 {
        1
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Kind::PanelHeld => "panel held",
            Kind::InitiativeProposed => "proposed",
            Kind::SupportDeclared => "supports",
            Kind::SupportWithdrawn => "withdrew support",
            Kind::OppositionDeclared => "opposes",
            Kind::CommitmentMade => "commitment",
            Kind::ProgressReported => "progress",
            Kind::CommitmentFulfilled => "fulfilled",
            Kind::Statement => "statement",
            Kind::Correction => "correction",
            Kind::SourceAdded => "source added",
        }
    }

    /// CAMEO code and PLOVER category per the CAMEO-to-PLOVER table of the PLOVER
    /// manual. Statements (CAMEO 01) and corrections have no PLOVER category.
    pub fn codes(self) -> Codes {
        let c = |cameo, plover, mode| Codes {
            cameo: Some(cameo),
            plover,
            plover_mode: mode,
        };
        match self {
            // 040 Consult; a panel of several parties is a multilateral consultation.
            Kind::PanelHeld => c("040", Some("CONSULT"), Some("multilateral")),
            // 030 Express intent to cooperate -> AGREE.
            Kind::InitiativeProposed => c("030", Some("AGREE"), None),
            // 051 Praise or endorse -> SUPPORT.
            Kind::SupportDeclared => c("051", Some("SUPPORT"), None),
            // 120 Reject -> REJECT (support taken back).
            Kind::SupportWithdrawn => c("120", Some("REJECT"), None),
            Kind::OppositionDeclared => c("120", Some("REJECT"), None),
            // 030 Express intent to cooperate -> AGREE.
            Kind::CommitmentMade => c("030", Some("AGREE"), None),
            // 010 Make statement: no PLOVER category.
            Kind::ProgressReported => c("010", None, None),
            // 060 Engage in material cooperation -> COOPERATE.
            Kind::CommitmentFulfilled => c("060", Some("COOPERATE"), None),
            Kind::Statement => c("010", None, None),
            Kind::Correction | Kind::SourceAdded => Codes {
                cameo: None,
                plover: None,
                plover_mode: None,
            },
        }
    }

    /// Whether the kind is about another event rather than an act in the world.
    pub fn is_meta(self) -> bool {
        matches!(self, Kind::Correction | Kind::SourceAdded)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown kind name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown event kind `{0}` (known: {known})", known = Kind::ALL.map(|k| k.as_str()).join(", "))]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, UnknownKind> {
        let norm = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == norm)
            .ok_or_else(|| UnknownKind(s.to_string()))
    }
}

/// How a statement leans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    Supportive,
    Neutral,
    Concerned,
    Critical,
    /// A call on others to act (CAMEO 02, "make an appeal").
    Appeal,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Supportive => "supportive",
            Stance::Neutral => "neutral",
            Stance::Concerned => "concerned",
            Stance::Critical => "critical",
            Stance::Appeal => "appeal",
        }
    }
}

impl FromStr for Stance {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "supportive" => Ok(Stance::Supportive),
            "neutral" => Ok(Stance::Neutral),
            "concerned" => Ok(Stance::Concerned),
            "critical" => Ok(Stance::Critical),
            "appeal" => Ok(Stance::Appeal),
            other => Err(format!(
                "unknown stance `{other}` (use supportive, neutral, concerned, critical or appeal)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>().unwrap(), k);
        }
        assert_eq!(
            "support-declared".parse::<Kind>().unwrap(),
            Kind::SupportDeclared
        );
        assert!("treaty".parse::<Kind>().is_err());
    }

    #[test]
    fn codes_follow_the_catalogue() {
        assert_eq!(Kind::SupportDeclared.codes().cameo, Some("051"));
        assert_eq!(Kind::SupportDeclared.codes().plover, Some("SUPPORT"));
        assert_eq!(Kind::PanelHeld.codes().plover_mode, Some("multilateral"));
        assert_eq!(Kind::OppositionDeclared.codes().plover, Some("REJECT"));
        assert_eq!(Kind::CommitmentMade.codes().plover, Some("AGREE"));
        assert_eq!(Kind::Statement.codes().cameo, Some("010"));
    }
}
