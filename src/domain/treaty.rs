//! Treaties and declarations: initiatives with a legal lifecycle. A text is
//! adopted (and perhaps opened for signature), states sign it, ratify it (or
//! accept, approve or accede to it), it enters into force (overall, and for
//! each state), and a state may withdraw. The payloads of those acts live here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What kind of instrument a treaty initiative is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TreatyForm {
    Convention,
    Protocol,
    Agreement,
    Declaration,
    Memorandum,
    Other,
}

impl TreatyForm {
    pub const ALL: [TreatyForm; 6] = [
        TreatyForm::Convention,
        TreatyForm::Protocol,
        TreatyForm::Agreement,
        TreatyForm::Declaration,
        TreatyForm::Memorandum,
        TreatyForm::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TreatyForm::Convention => "convention",
            TreatyForm::Protocol => "protocol",
            TreatyForm::Agreement => "agreement",
            TreatyForm::Declaration => "declaration",
            TreatyForm::Memorandum => "memorandum",
            TreatyForm::Other => "other",
        }
    }

    /// Whether adopting the text commits each adopting state by itself (a joint
    /// declaration), rather than opening a process of signature and ratification.
    pub fn adoption_commits(self) -> bool {
        self == TreatyForm::Declaration
    }
}

impl fmt::Display for TreatyForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TreatyForm {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let norm = s.trim().to_ascii_lowercase();
        let norm = match norm.as_str() {
            "treaty" => "agreement",
            "joint declaration" | "joint-declaration" => "declaration",
            "mou" | "memorandum of understanding" => "memorandum",
            other => other,
        };
        TreatyForm::ALL
            .into_iter()
            .find(|f| f.as_str() == norm)
            .ok_or_else(|| {
                format!(
                    "unknown treaty form `{s}` (use {})",
                    TreatyForm::ALL.map(|f| f.as_str()).join(", ")
                )
            })
    }
}

/// How a state expressed its consent to be bound.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    #[default]
    Ratification,
    Acceptance,
    Approval,
    Accession,
}

impl Consent {
    pub const ALL: [Consent; 4] = [
        Consent::Ratification,
        Consent::Acceptance,
        Consent::Approval,
        Consent::Accession,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Consent::Ratification => "ratification",
            Consent::Acceptance => "acceptance",
            Consent::Approval => "approval",
            Consent::Accession => "accession",
        }
    }

    /// The past participle ("ratified", "acceded").
    pub fn done(self) -> &'static str {
        match self {
            Consent::Ratification => "ratified",
            Consent::Acceptance => "accepted",
            Consent::Approval => "approved",
            Consent::Accession => "acceded",
        }
    }
}

impl FromStr for Consent {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let norm = s.trim().to_ascii_lowercase();
        Consent::ALL
            .into_iter()
            .find(|c| c.as_str() == norm || c.done() == norm)
            .ok_or_else(|| {
                format!(
                    "unknown way of consenting `{s}` (use {})",
                    Consent::ALL.map(|c| c.as_str()).join(", ")
                )
            })
    }
}

/// A treaty or declaration was adopted (the actors adopted it). Creates the
/// initiative, or turns an initiative proposed earlier into a treaty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatyAdopted {
    /// Slug id (its stream is `initiative/<id>`).
    pub treaty: String,
    pub title: String,
    pub form: TreatyForm,
    /// The instrument it belongs to (a protocol's convention), by id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The states that may become party, by alpha-3 code (default: the states that adopted it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scope: Vec<String>,
    /// Whether the text was opened for signature on adoption.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub opened_for_signature: bool,
    /// What the text commits its parties to, as the source states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A state signs, or withdraws from, a treaty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatyAct {
    pub treaty: String,
}

/// A state consents to be bound: ratification, acceptance, approval or accession.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatyRatified {
    pub treaty: String,
    #[serde(default)]
    pub consent: Consent,
}

/// A treaty entered into force for the acting states; with `overall`, the
/// treaty itself entered into force that day (and so for every state that had
/// consented by then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreatyInForce {
    pub treaty: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overall: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_consents_parse_from_everyday_words() {
        assert_eq!("Treaty".parse(), Ok(TreatyForm::Agreement));
        assert_eq!("joint declaration".parse(), Ok(TreatyForm::Declaration));
        assert_eq!("acceded".parse(), Ok(Consent::Accession));
        assert_eq!("ratification".parse(), Ok(Consent::Ratification));
        assert!("pact of steel".parse::<TreatyForm>().is_err());
        assert!(TreatyForm::Declaration.adoption_commits());
        assert!(!TreatyForm::Protocol.adoption_commits());
    }
}
