//! The event kinds of the catalogue, their schema versions and their codes in
//! the political event-data vocabularies CAMEO and PLOVER.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Every kind of event accord records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The first version of `meeting_held` (schema version 1): stored events of
    /// this kind read as meetings of format panel. New events are meetings.
    PanelHeld,
    MeetingHeld,
    InitiativeProposed,
    SupportDeclared,
    SupportWithdrawn,
    OppositionDeclared,
    CommitmentMade,
    ProgressReported,
    CommitmentFulfilled,
    Statement,
    TreatyAdopted,
    TreatySigned,
    TreatyRatified,
    TreatyInForce,
    TreatyWithdrawn,
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
    pub const ALL: [Kind; 17] = [
        Kind::PanelHeld,
        Kind::MeetingHeld,
        Kind::InitiativeProposed,
        Kind::SupportDeclared,
        Kind::SupportWithdrawn,
        Kind::OppositionDeclared,
        Kind::CommitmentMade,
        Kind::ProgressReported,
        Kind::CommitmentFulfilled,
        Kind::Statement,
        Kind::TreatyAdopted,
        Kind::TreatySigned,
        Kind::TreatyRatified,
        Kind::TreatyInForce,
        Kind::TreatyWithdrawn,
        Kind::Correction,
        Kind::SourceAdded,
    ];

    /// The kinds new events are written with (`panel_held` is read, never written).
    pub fn current() -> impl Iterator<Item = Kind> {
        Kind::ALL.into_iter().filter(|k| *k != Kind::PanelHeld)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::PanelHeld => "panel_held",
            Kind::MeetingHeld => "meeting_held",
            Kind::InitiativeProposed => "initiative_proposed",
            Kind::SupportDeclared => "support_declared",
            Kind::SupportWithdrawn => "support_withdrawn",
            Kind::OppositionDeclared => "opposition_declared",
            Kind::CommitmentMade => "commitment_made",
            Kind::ProgressReported => "progress_reported",
            Kind::CommitmentFulfilled => "commitment_fulfilled",
            Kind::Statement => "statement",
            Kind::TreatyAdopted => "treaty_adopted",
            Kind::TreatySigned => "treaty_signed",
            Kind::TreatyRatified => "treaty_ratified",
            Kind::TreatyInForce => "treaty_in_force",
            Kind::TreatyWithdrawn => "treaty_withdrawn",
            Kind::Correction => "correction",
            Kind::SourceAdded => "source_added",
        }
    }

    /// The schema version new events of this kind are written with.
    ///
    /// History: version 2 of support_declared, support_withdrawn,
    /// opposition_declared and statement added `recipients` (whom the act was
    /// addressed to); version 1 events read with no recipients.
    pub fn schema_version(self) -> i32 {
        match self {
            Kind::SupportDeclared
            | Kind::SupportWithdrawn
            | Kind::OppositionDeclared
            | Kind::Statement => 2,
            _ => 1,
        }
    }

    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            Kind::PanelHeld => "panel held",
            Kind::MeetingHeld => "meeting",
            Kind::InitiativeProposed => "proposed",
            Kind::SupportDeclared => "supports",
            Kind::SupportWithdrawn => "withdrew support",
            Kind::OppositionDeclared => "opposes",
            Kind::CommitmentMade => "commitment",
            Kind::ProgressReported => "progress",
            Kind::CommitmentFulfilled => "fulfilled",
            Kind::Statement => "statement",
            Kind::TreatyAdopted => "treaty_adopted",
            Kind::TreatySigned => "treaty_signed",
            Kind::TreatyRatified => "treaty_ratified",
            Kind::TreatyInForce => "treaty_in_force",
            Kind::TreatyWithdrawn => "treaty_withdrawn",
            Kind::Correction => "correction",
            Kind::SourceAdded => "source added",
        }
    }

    /// CAMEO code and PLOVER category per the CAMEO-to-PLOVER table of the PLOVER
    /// manual. Statements (CAMEO 01) and corrections have no PLOVER category.
    /// A meeting's CAMEO code and PLOVER mode depend on its format and host
    /// (see `crate::export::plover`); this is the general case.
    pub fn codes(self) -> Codes {
        let c = |cameo, plover, mode| Codes {
            cameo: Some(cameo),
            plover,
            plover_mode: mode,
        };
        match self {
            // 040 Consult; a panel of several parties is a multilateral consultation.
            Kind::PanelHeld => c("040", Some("CONSULT"), Some("multilateral")),
            Kind::MeetingHeld => c("040", Some("CONSULT"), None),
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
            // 057 Sign formal agreement. PLOVER codes signing, ratifying and
            // finalising an agreement as SUPPORT (a promise to sign is AGREE).
            Kind::TreatyAdopted
            | Kind::TreatySigned
            | Kind::TreatyRatified
            | Kind::TreatyInForce => c("057", Some("SUPPORT"), None),
            // 16 Reduce relations -> SANCTION, mode `withdraw` ("withdraw oneself
            // from a group, organization").
            Kind::TreatyWithdrawn => c("160", Some("SANCTION"), Some("withdraw")),
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

    /// The kinds whose acts may not be reordered against an act of this kind even when
    /// they share no actor: they write the same rows beyond their actors' (the
    /// initiative row, a meeting row, or every ratified state's standing on entry into
    /// force). Acts that share an actor never commute; all others do, so a late act
    /// that meets none of these among the acts dated after it can be applied in place.
    pub fn conflicts_beyond_actors(self) -> &'static [Kind] {
        const ROW: &[Kind] = &[
            Kind::InitiativeProposed,
            Kind::TreatyAdopted,
            Kind::TreatyInForce,
        ];
        const TREATY: &[Kind] = &[
            Kind::InitiativeProposed,
            Kind::TreatyAdopted,
            Kind::TreatySigned,
            Kind::TreatyRatified,
            Kind::TreatyInForce,
            Kind::TreatyWithdrawn,
        ];
        match self {
            Kind::InitiativeProposed | Kind::TreatyAdopted => ROW,
            Kind::TreatyInForce => TREATY,
            Kind::TreatySigned | Kind::TreatyRatified | Kind::TreatyWithdrawn => {
                &[Kind::TreatyInForce]
            }
            Kind::MeetingHeld | Kind::PanelHeld => &[Kind::MeetingHeld, Kind::PanelHeld],
            _ => &[],
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown kind name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown event kind `{0}` (known: {known})", known = Kind::current().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))]
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
        assert_eq!("treaty-signed".parse::<Kind>().unwrap(), Kind::TreatySigned);
        assert!(Kind::current().all(|k| k != Kind::PanelHeld));
    }

    #[test]
    fn codes_follow_the_catalogue() {
        assert_eq!(Kind::SupportDeclared.codes().cameo, Some("051"));
        assert_eq!(Kind::SupportDeclared.codes().plover, Some("SUPPORT"));
        assert_eq!(Kind::PanelHeld.codes().plover_mode, Some("multilateral"));
        assert_eq!(Kind::OppositionDeclared.codes().plover, Some("REJECT"));
        assert_eq!(Kind::CommitmentMade.codes().plover, Some("AGREE"));
        assert_eq!(Kind::Statement.codes().cameo, Some("010"));
        assert_eq!(Kind::TreatySigned.codes().cameo, Some("057"));
        assert_eq!(Kind::TreatyRatified.codes().plover, Some("SUPPORT"));
    }
}
