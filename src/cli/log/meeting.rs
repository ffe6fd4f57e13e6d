//! `accord log meeting` (and `accord log panel`, a meeting of format panel):
//! a meeting of any format, with its host, the parties that held it, its
//! participants, venue, topics and the initiatives it concerned.

use serde_json::{Map, Value, json};

use super::{Common, base, initiative, participant};
use crate::cli::Env;
use crate::domain::Kind;
use crate::domain::meeting::MeetingFormat;
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Meeting {
    /// The meeting's id, a slug such as 2025-tehran-ministerial.
    #[arg(long)]
    pub id: String,
    #[arg(long)]
    pub title: String,
    /// panel, summit, ministerial, working-group, bilateral, videoconference, cop or other.
    #[arg(long, default_value = "other")]
    pub format: String,
    /// The hosting state or organisation.
    #[arg(long)]
    pub host: Option<String>,
    /// A party that held the meeting (a state, an organisation, or a group such as
    /// "Caspian littoral states"); repeat.
    #[arg(long = "party", required = true)]
    pub parties: Vec<String>,
    #[arg(long)]
    pub venue: Option<String>,
    /// A further participant: a state or organisation, a person's name, or "PARTY: PERSON"; repeat.
    #[arg(long = "participant")]
    pub participants: Vec<String>,
    /// A topic discussed; repeat.
    #[arg(long = "topic")]
    pub topics: Vec<String>,
    /// An initiative the meeting concerned; repeat.
    #[arg(long = "initiative")]
    pub initiatives: Vec<String>,
    #[arg(long)]
    pub outcome: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

/// The event a meeting's flags describe.
pub async fn build(env: &Env, a: Meeting) -> Result<(Map<String, Value>, Common)> {
    let format: MeetingFormat = a
        .format
        .parse()
        .map_err(|e: String| Error::invalid(e, "pick one of the formats listed"))?;
    let mut m = base(Kind::MeetingHeld, &a.common, &a.parties);
    m.insert("meeting".into(), json!(a.id));
    m.insert("title".into(), json!(a.title));
    m.insert("format".into(), json!(format));
    if let Some(h) = &a.host {
        m.insert("host".into(), json!(h));
    }
    if let Some(v) = &a.venue {
        m.insert("venue".into(), json!(v));
    }
    let parts: Vec<Value> = a.participants.iter().map(|p| participant(env, p)).collect();
    m.insert("participants".into(), Value::Array(parts));
    m.insert("topics".into(), json!(a.topics));
    let mut inits = Vec::new();
    for i in &a.initiatives {
        inits.push(initiative(env, i).await?);
    }
    m.insert("initiatives".into(), json!(inits));
    if let Some(o) = &a.outcome {
        m.insert("outcome".into(), json!(o));
    }
    Ok((m, a.common))
}
