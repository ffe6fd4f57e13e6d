//! The typed content of each event kind, and how it is written to and read
//! from the stored JSON body (with upcasting of older schema versions).

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::kind::{Kind, Stance};
pub use super::meeting::{MeetingFormat, MeetingHeld};
pub use super::treaty::{
    Consent, TreatyAct, TreatyAdopted, TreatyForm, TreatyInForce, TreatyRatified,
};

/// A participant of a panel or meeting: a party, a person, or a person for a party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    /// The registry id of the state or organisation taking part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The person's name, when the source names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// The person's role as the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// An initiative was proposed (proposers are the event's actors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitiativeProposed {
    /// Slug id of the initiative (its stream is `initiative/<id>`).
    pub initiative: String,
    pub title: String,
    /// The states it concerns, by alpha-3 code.
    pub scope: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Support declared, support withdrawn or opposition declared on an initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitiativeAct {
    pub initiative: String,
    /// Whom the act was addressed to (e.g. the proposing state), by registry id.
    /// Added in schema version 2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
}

/// A commitment made by the acting state(s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitmentMade {
    /// Id of the commitment: `<initiative>/<slug>` when made on an initiative, else `<slug>`.
    pub commitment: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiative: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
}

/// Progress reported on a commitment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressReported {
    pub commitment: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A commitment fulfilled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitmentFulfilled {
    pub commitment: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A statement on a topic, optionally about an initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub stance: Stance,
    pub topic: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiative: Option<String>,
    /// Whom the statement was addressed to, by registry id. Added in schema version 2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
}

/// A later event that retracts or amends an earlier one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The event corrected.
    pub target: Uuid,
    pub reason: String,
    /// Fields replaced in the target (e.g. `{"date": "2024-11-13"}`); none = retraction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amend: Option<Map<String, Value>>,
}

impl Eq for Correction {}

/// A further source for an event already recorded (corroboration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceAdded {
    pub target: Uuid,
}

/// The kind-specific content of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    MeetingHeld(MeetingHeld),
    InitiativeProposed(InitiativeProposed),
    SupportDeclared(InitiativeAct),
    SupportWithdrawn(InitiativeAct),
    OppositionDeclared(InitiativeAct),
    CommitmentMade(CommitmentMade),
    ProgressReported(ProgressReported),
    CommitmentFulfilled(CommitmentFulfilled),
    Statement(Statement),
    TreatyAdopted(TreatyAdopted),
    TreatySigned(TreatyAct),
    TreatyRatified(TreatyRatified),
    TreatyInForce(TreatyInForce),
    TreatyWithdrawn(TreatyAct),
    Correction(Correction),
    SourceAdded(SourceAdded),
}

fn from_map<T: DeserializeOwned>(m: Map<String, Value>) -> Result<T, serde_json::Error> {
    serde_json::from_value(Value::Object(m))
}

impl Payload {
    pub fn kind(&self) -> Kind {
        match self {
            Payload::MeetingHeld(_) => Kind::MeetingHeld,
            Payload::InitiativeProposed(_) => Kind::InitiativeProposed,
            Payload::SupportDeclared(_) => Kind::SupportDeclared,
            Payload::SupportWithdrawn(_) => Kind::SupportWithdrawn,
            Payload::OppositionDeclared(_) => Kind::OppositionDeclared,
            Payload::CommitmentMade(_) => Kind::CommitmentMade,
            Payload::ProgressReported(_) => Kind::ProgressReported,
            Payload::CommitmentFulfilled(_) => Kind::CommitmentFulfilled,
            Payload::Statement(_) => Kind::Statement,
            Payload::TreatyAdopted(_) => Kind::TreatyAdopted,
            Payload::TreatySigned(_) => Kind::TreatySigned,
            Payload::TreatyRatified(_) => Kind::TreatyRatified,
            Payload::TreatyInForce(_) => Kind::TreatyInForce,
            Payload::TreatyWithdrawn(_) => Kind::TreatyWithdrawn,
            Payload::Correction(_) => Kind::Correction,
            Payload::SourceAdded(_) => Kind::SourceAdded,
        }
    }

    /// The payload's fields as a JSON object.
    pub fn to_map(&self) -> Map<String, Value> {
        let v = match self {
            Payload::MeetingHeld(p) => serde_json::to_value(p),
            Payload::InitiativeProposed(p) => serde_json::to_value(p),
            Payload::SupportDeclared(p)
            | Payload::SupportWithdrawn(p)
            | Payload::OppositionDeclared(p) => serde_json::to_value(p),
            Payload::CommitmentMade(p) => serde_json::to_value(p),
            Payload::ProgressReported(p) => serde_json::to_value(p),
            Payload::CommitmentFulfilled(p) => serde_json::to_value(p),
            Payload::Statement(p) => serde_json::to_value(p),
            Payload::TreatyAdopted(p) => serde_json::to_value(p),
            Payload::TreatySigned(p) | Payload::TreatyWithdrawn(p) => serde_json::to_value(p),
            Payload::TreatyRatified(p) => serde_json::to_value(p),
            Payload::TreatyInForce(p) => serde_json::to_value(p),
            Payload::Correction(p) => serde_json::to_value(p),
            Payload::SourceAdded(p) => serde_json::to_value(p),
        };
        match v {
            Ok(Value::Object(m)) => m,
            _ => unreachable!("payload structs serialise to objects"),
        }
    }

    /// Reads a payload of `kind` written under `schema_version`, upcasting older versions:
    /// a `panel_held` body (v1) becomes a meeting of format panel; version 1 of
    /// support, withdrawal, opposition and statement bodies had no `recipients`
    /// (read as none).
    pub fn from_map(
        kind: Kind,
        schema_version: i32,
        m: Map<String, Value>,
    ) -> Result<Payload, serde_json::Error> {
        if schema_version > kind.schema_version() {
            return Err(serde::de::Error::custom(format!(
                "{kind} schema version {schema_version} is newer than this accord understands ({}); upgrade accord",
                kind.schema_version()
            )));
        }
        Ok(match kind {
            Kind::PanelHeld => Payload::MeetingHeld(from_map(super::meeting::upcast_panel_v1(m))?),
            Kind::MeetingHeld => Payload::MeetingHeld(from_map(m)?),
            Kind::InitiativeProposed => Payload::InitiativeProposed(from_map(m)?),
            Kind::SupportDeclared => Payload::SupportDeclared(from_map(m)?),
            Kind::SupportWithdrawn => Payload::SupportWithdrawn(from_map(m)?),
            Kind::OppositionDeclared => Payload::OppositionDeclared(from_map(m)?),
            Kind::CommitmentMade => Payload::CommitmentMade(from_map(m)?),
            Kind::ProgressReported => Payload::ProgressReported(from_map(m)?),
            Kind::CommitmentFulfilled => Payload::CommitmentFulfilled(from_map(m)?),
            Kind::Statement => Payload::Statement(from_map(m)?),
            Kind::TreatyAdopted => Payload::TreatyAdopted(from_map(m)?),
            Kind::TreatySigned => Payload::TreatySigned(from_map(m)?),
            Kind::TreatyRatified => Payload::TreatyRatified(from_map(m)?),
            Kind::TreatyInForce => Payload::TreatyInForce(from_map(m)?),
            Kind::TreatyWithdrawn => Payload::TreatyWithdrawn(from_map(m)?),
            Kind::Correction => Payload::Correction(from_map(m)?),
            Kind::SourceAdded => Payload::SourceAdded(from_map(m)?),
        })
    }

    /// The initiative the event concerns, if any.
    pub fn initiative(&self) -> Option<&str> {
        match self {
            Payload::InitiativeProposed(p) => Some(&p.initiative),
            Payload::SupportDeclared(p)
            | Payload::SupportWithdrawn(p)
            | Payload::OppositionDeclared(p) => Some(&p.initiative),
            Payload::CommitmentMade(p) => p.initiative.as_deref(),
            Payload::ProgressReported(p) => initiative_of_commitment(&p.commitment),
            Payload::CommitmentFulfilled(p) => initiative_of_commitment(&p.commitment),
            Payload::Statement(p) => p.initiative.as_deref(),
            Payload::TreatyAdopted(p) => Some(&p.treaty),
            Payload::TreatySigned(p) | Payload::TreatyWithdrawn(p) => Some(&p.treaty),
            Payload::TreatyRatified(p) => Some(&p.treaty),
            Payload::TreatyInForce(p) => Some(&p.treaty),
            Payload::MeetingHeld(_) | Payload::Correction(_) | Payload::SourceAdded(_) => None,
        }
    }

    /// Whom the act was addressed to (PLOVER's recipients), by registry id.
    pub fn recipients(&self) -> Vec<String> {
        match self {
            Payload::SupportDeclared(p)
            | Payload::SupportWithdrawn(p)
            | Payload::OppositionDeclared(p) => p.recipients.clone(),
            Payload::Statement(p) => p.recipients.clone(),
            _ => Vec::new(),
        }
    }
}

/// The initiative part of a commitment id `<initiative>/<slug>`.
pub fn initiative_of_commitment(id: &str) -> Option<&str> {
    id.split_once('/').map(|(i, _)| i)
}
