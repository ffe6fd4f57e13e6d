//! The event and its envelope: what was done (kind, actors, date, payload,
//! speaker, source) and how it sits in the log (id, stream, version, global
//! position, schema version, recording time and author, correlation and
//! causation, hash chain).

use chrono::{DateTime, SubsecRound, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::date::ActDate;
use super::kind::Kind;
use super::payload::{Payload, initiative_of_commitment};
use super::source::{Source, Speaker};

/// The namespace of accord's deterministic (v5) event ids.
pub const ID_NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2a8e_4b7d_5e90_a1c3_d5e7_f9b2_c4d6);

/// What an event states: an act, who did it, when, and where we know it from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventData {
    pub date: ActDate,
    /// Registry ids of who acted (states, organisations or people).
    pub actors: Vec<String>,
    pub payload: Payload,
    pub speaker: Option<Speaker>,
    /// The occasion of the act, e.g. "World Leaders Climate Action Summit, Baku".
    pub occasion: Option<String>,
    /// The source; mandatory for every kind but corrections.
    pub source: Option<Source>,
}

/// Why a stored body could not be read.
#[derive(Debug, thiserror::Error)]
#[error("event body of kind {kind} (schema v{schema_version}) cannot be read: {message}")]
pub struct BodyError {
    pub kind: String,
    pub schema_version: i32,
    pub message: String,
}

impl EventData {
    pub fn kind(&self) -> Kind {
        self.payload.kind()
    }

    /// The JSON body stored in the log: payload fields plus speaker, occasion and source.
    /// Date and actors are columns of their own.
    pub fn body_json(&self) -> String {
        let mut m = self.payload.to_map();
        if let Some(s) = &self.speaker {
            m.insert("speaker".into(), serde_json::to_value(s).expect("speaker"));
        }
        if let Some(o) = &self.occasion {
            m.insert("occasion".into(), Value::String(o.clone()));
        }
        if let Some(s) = &self.source {
            m.insert("source".into(), serde_json::to_value(s).expect("source"));
        }
        Value::Object(m).to_string()
    }

    /// Reads an event from its stored columns, upcasting older schema versions.
    pub fn from_stored(
        kind: &str,
        schema_version: i32,
        date: &str,
        actors: &str,
        body: &str,
    ) -> Result<EventData, BodyError> {
        let err = |message: String| BodyError {
            kind: kind.to_string(),
            schema_version,
            message,
        };
        let k: Kind = kind
            .parse()
            .map_err(|e: super::kind::UnknownKind| err(e.to_string()))?;
        let date: ActDate = date
            .parse()
            .map_err(|e: super::date::DateError| err(e.to_string()))?;
        let value: Value = serde_json::from_str(body).map_err(|e| err(e.to_string()))?;
        let Value::Object(m) = value else {
            return Err(err("the body is not a JSON object".into()));
        };
        let actors = actors.split_whitespace().map(str::to_string).collect();
        Self::from_parts(k, schema_version, date, actors, m).map_err(|e| err(e.to_string()))
    }

    /// Builds an event from a JSON object holding payload fields plus speaker, occasion, source.
    pub fn from_parts(
        kind: Kind,
        schema_version: i32,
        date: ActDate,
        actors: Vec<String>,
        mut m: Map<String, Value>,
    ) -> Result<EventData, serde_json::Error> {
        let speaker = m
            .remove("speaker")
            .map(serde_json::from_value)
            .transpose()?;
        let occasion = m
            .remove("occasion")
            .map(serde_json::from_value)
            .transpose()?;
        let source = m.remove("source").map(serde_json::from_value).transpose()?;
        let payload = Payload::from_map(kind, schema_version, m)?;
        Ok(EventData {
            date,
            actors,
            payload,
            speaker,
            occasion,
            source,
        })
    }

    /// The whole event as one JSON object (`date`, `actors` and the body's fields),
    /// the form amendments are applied to.
    pub fn to_full_map(&self) -> Map<String, Value> {
        let Ok(Value::Object(mut m)) = serde_json::from_str::<Value>(&self.body_json()) else {
            unreachable!("body is an object")
        };
        m.insert("date".into(), Value::String(self.date.to_string()));
        m.insert(
            "actors".into(),
            Value::Array(self.actors.iter().cloned().map(Value::String).collect()),
        );
        m
    }

    /// This event with some fields replaced, as a correction amends it.
    pub fn amended(&self, amend: &Map<String, Value>) -> Result<EventData, String> {
        let mut m = self.to_full_map();
        for (k, v) in amend {
            if matches!(k.as_str(), "kind" | "id" | "stream" | "target") {
                return Err(format!(
                    "`{k}` cannot be amended; retract the event instead"
                ));
            }
            if !m.contains_key(k) && !optional_field(self.kind(), k) {
                return Err(format!(
                    "`{k}` is not a field of a {} event",
                    self.kind().as_str()
                ));
            }
            m.insert(k.clone(), v.clone());
        }
        let date: ActDate = m
            .remove("date")
            .and_then(|v| v.as_str().map(str::to_string))
            .ok_or("`date` must be a string")?
            .parse()
            .map_err(|e: super::date::DateError| e.to_string())?;
        let actors = match m.remove("actors") {
            Some(Value::Array(a)) => a
                .into_iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or("actors must be strings")
                })
                .collect::<Result<Vec<_>, _>>()?,
            _ => return Err("`actors` must be a list".into()),
        };
        EventData::from_parts(self.kind(), self.kind().schema_version(), date, actors, m)
            .map_err(|e| e.to_string())
    }

    /// The stream an event belongs to, when it can be told from the event alone
    /// (corrections and added sources go to their target's stream).
    pub fn stream(&self) -> Option<String> {
        Some(match &self.payload {
            Payload::MeetingHeld(p) => p.stream(),
            Payload::InitiativeProposed(p) => format!("initiative/{}", p.initiative),
            Payload::SupportDeclared(p)
            | Payload::SupportWithdrawn(p)
            | Payload::OppositionDeclared(p) => format!("initiative/{}", p.initiative),
            Payload::CommitmentMade(p) => commitment_stream(&p.commitment),
            Payload::ProgressReported(p) => commitment_stream(&p.commitment),
            Payload::CommitmentFulfilled(p) => commitment_stream(&p.commitment),
            Payload::Statement(p) => match &p.initiative {
                Some(i) => format!("initiative/{i}"),
                None => format!("actor/{}", self.actors.first()?),
            },
            Payload::TreatyAdopted(_)
            | Payload::TreatySigned(_)
            | Payload::TreatyRatified(_)
            | Payload::TreatyInForce(_)
            | Payload::TreatyWithdrawn(_) => {
                format!("initiative/{}", self.payload.initiative()?)
            }
            Payload::Correction(_) | Payload::SourceAdded(_) => return None,
        })
    }

    /// The event this one is about, for corrections and added sources.
    pub fn target(&self) -> Option<Uuid> {
        match &self.payload {
            Payload::Correction(c) => Some(c.target),
            Payload::SourceAdded(s) => Some(s.target),
            _ => None,
        }
    }

    /// What makes two reports the same act: kind, actors, date and what the act is about
    /// (None for corrections and added sources).
    pub fn act_key(&self) -> Option<String> {
        self.undated_act_key().map(|k| format!("{k}|{}", self.date))
    }

    /// The act's key without its date: two reports with this key whose dates contain
    /// one another may be the same act.
    pub fn undated_act_key(&self) -> Option<String> {
        let about = match &self.payload {
            Payload::MeetingHeld(p) => p.meeting.clone(),
            Payload::InitiativeProposed(p) => p.initiative.clone(),
            Payload::SupportDeclared(p)
            | Payload::SupportWithdrawn(p)
            | Payload::OppositionDeclared(p) => p.initiative.clone(),
            Payload::CommitmentMade(p) => p.commitment.clone(),
            Payload::ProgressReported(p) => format!(
                "{}|{:?}|{}",
                p.commitment,
                p.percent,
                p.text.as_deref().unwrap_or_default()
            ),
            Payload::CommitmentFulfilled(p) => p.commitment.clone(),
            Payload::Statement(p) => format!(
                "{}|{}|{}",
                p.stance.as_str(),
                p.topic.trim().to_lowercase(),
                p.initiative.as_deref().unwrap_or_default()
            ),
            Payload::TreatyAdopted(p) => p.treaty.clone(),
            Payload::TreatySigned(p) | Payload::TreatyWithdrawn(p) => p.treaty.clone(),
            Payload::TreatyRatified(p) => p.treaty.clone(),
            Payload::TreatyInForce(p) => format!("{}|{}", p.treaty, p.overall),
            Payload::Correction(_) | Payload::SourceAdded(_) => return None,
        };
        let mut actors = self.actors.clone();
        actors.sort();
        Some(format!(
            "{}|{}|{}",
            self.kind().as_str(),
            actors.join(" "),
            about
        ))
    }

    /// A one-line human summary of the act.
    pub fn summary(&self) -> String {
        let who = self.actors.join(", ");
        match &self.payload {
            Payload::MeetingHeld(p) => {
                let host = p
                    .host
                    .as_ref()
                    .map(|h| format!(" hosted by {h}"))
                    .unwrap_or_default();
                format!("{who} held {} \"{}\"{host}", p.format.label(), p.title)
            }
            Payload::InitiativeProposed(p) => format!("{who} proposed {}", p.initiative),
            Payload::SupportDeclared(p) => format!("{who} supports {}", p.initiative),
            Payload::SupportWithdrawn(p) => format!("{who} withdrew support for {}", p.initiative),
            Payload::OppositionDeclared(p) => format!("{who} opposes {}", p.initiative),
            Payload::CommitmentMade(p) => format!("{who} committed: {}", p.text),
            Payload::ProgressReported(p) => match (p.percent, &p.text) {
                (Some(pc), _) => format!("{who} reported {pc}% on {}", p.commitment),
                (None, _) => format!("{who} reported progress on {}", p.commitment),
            },
            Payload::CommitmentFulfilled(p) => format!("{who} fulfilled {}", p.commitment),
            Payload::Statement(p) => format!("{who} ({}): {}", p.stance.as_str(), p.topic),
            Payload::TreatyAdopted(p) => format!("{who} adopted {} {}", p.form, p.treaty),
            Payload::TreatySigned(p) => format!("{who} signed {}", p.treaty),
            Payload::TreatyRatified(p) => format!("{who} {} {}", p.consent.done(), p.treaty),
            Payload::TreatyInForce(p) if p.overall => {
                format!("{} entered into force ({who})", p.treaty)
            }
            Payload::TreatyInForce(p) => format!("{} entered into force for {who}", p.treaty),
            Payload::TreatyWithdrawn(p) => format!("{who} withdrew from {}", p.treaty),
            Payload::Correction(c) => match c.amend {
                Some(_) => format!("amends {}: {}", c.target, c.reason),
                None => format!("retracts {}: {}", c.target, c.reason),
            },
            Payload::SourceAdded(s) => format!("adds a source to {}", s.target),
        }
    }
}

fn optional_field(kind: Kind, field: &str) -> bool {
    matches!(field, "speaker" | "occasion" | "source")
        || matches!(
            (kind, field),
            (
                Kind::PanelHeld | Kind::MeetingHeld,
                "host" | "venue" | "participants" | "topics" | "initiatives" | "outcome"
            ) | (Kind::InitiativeProposed, "description")
                | (Kind::CommitmentMade, "deadline" | "initiative")
                | (Kind::ProgressReported, "percent" | "text")
                | (Kind::CommitmentFulfilled, "text")
                | (Kind::Statement, "initiative" | "recipients")
                | (
                    Kind::SupportDeclared | Kind::SupportWithdrawn | Kind::OppositionDeclared,
                    "recipients"
                )
                | (
                    Kind::TreatyAdopted,
                    "parent" | "scope" | "opened_for_signature" | "text"
                )
                | (Kind::TreatyRatified, "consent")
                | (Kind::TreatyInForce, "overall")
        )
}

/// The stream of a commitment: its initiative's stream, or its own.
pub fn commitment_stream(id: &str) -> String {
    match initiative_of_commitment(id) {
        Some(i) => format!("initiative/{i}"),
        None => format!("commitment/{id}"),
    }
}

/// An event ready to be appended (the store assigns version, position and hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub id: Uuid,
    pub data: EventData,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
    pub correlation_id: Option<Uuid>,
    pub causation_id: Option<Uuid>,
}

impl NewEvent {
    /// A new event with a fresh time-ordered (v7) id, recorded now.
    pub fn new(data: EventData, recorded_by: impl Into<String>) -> Self {
        NewEvent {
            id: Uuid::now_v7(),
            data,
            recorded_at: now_micros(),
            recorded_by: recorded_by.into(),
            correlation_id: None,
            causation_id: None,
        }
    }

    /// A deterministic (v5) id from a name, e.g. a seed file and an event key.
    pub fn deterministic_id(name: &str) -> Uuid {
        Uuid::new_v5(&ID_NAMESPACE, name.as_bytes())
    }
}

/// The current time, truncated to microseconds (what every backend stores exactly).
pub fn now_micros() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// An event as stored in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub position: i64,
    pub id: Uuid,
    pub stream: String,
    pub version: i64,
    pub kind: Kind,
    pub schema_version: i32,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
    pub correlation_id: Option<Uuid>,
    pub causation_id: Option<Uuid>,
    pub data: EventData,
    /// The exact JSON body as stored (what the hash covers).
    pub body: String,
    pub content_hash: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Formats a recording time the one way it is hashed and exported.
pub fn fmt_time(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}
