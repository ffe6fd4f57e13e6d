//! Meetings of every format (panels, summits, ministerial meetings, working
//! groups, bilateral talks, videoconferences, conferences of the parties), and
//! how a stored `panel_held` event (the catalogue's first version of a
//! meeting) reads as a meeting.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::payload::Participant;

/// The format of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingFormat {
    Panel,
    Summit,
    Ministerial,
    WorkingGroup,
    Bilateral,
    Videoconference,
    ConferenceOfParties,
    Other,
}

impl MeetingFormat {
    pub const ALL: [MeetingFormat; 8] = [
        MeetingFormat::Panel,
        MeetingFormat::Summit,
        MeetingFormat::Ministerial,
        MeetingFormat::WorkingGroup,
        MeetingFormat::Bilateral,
        MeetingFormat::Videoconference,
        MeetingFormat::ConferenceOfParties,
        MeetingFormat::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeetingFormat::Panel => "panel",
            MeetingFormat::Summit => "summit",
            MeetingFormat::Ministerial => "ministerial",
            MeetingFormat::WorkingGroup => "working_group",
            MeetingFormat::Bilateral => "bilateral",
            MeetingFormat::Videoconference => "videoconference",
            MeetingFormat::ConferenceOfParties => "conference_of_the_parties",
            MeetingFormat::Other => "other",
        }
    }

    /// A human label ("ministerial meeting", "working-group session").
    pub fn label(self) -> &'static str {
        match self {
            MeetingFormat::Panel => "panel",
            MeetingFormat::Summit => "summit",
            MeetingFormat::Ministerial => "ministerial meeting",
            MeetingFormat::WorkingGroup => "working-group session",
            MeetingFormat::Bilateral => "bilateral talks",
            MeetingFormat::Videoconference => "videoconference",
            MeetingFormat::ConferenceOfParties => "conference of the parties",
            MeetingFormat::Other => "meeting",
        }
    }
}

impl fmt::Display for MeetingFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MeetingFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let norm = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Ok(match norm.as_str() {
            "cop" | "conference_of_parties" | "conference_of_the_parties" => {
                MeetingFormat::ConferenceOfParties
            }
            "video" | "video_conference" | "videoconference" | "online" => {
                MeetingFormat::Videoconference
            }
            "working_group" | "workinggroup" | "working_group_session" => {
                MeetingFormat::WorkingGroup
            }
            "ministerial" | "ministerial_meeting" => MeetingFormat::Ministerial,
            "bilateral" | "bilateral_talks" => MeetingFormat::Bilateral,
            other => MeetingFormat::ALL
                .into_iter()
                .find(|f| f.as_str() == other)
                .ok_or_else(|| {
                    format!(
                        "unknown meeting format `{s}` (use {})",
                        MeetingFormat::ALL.map(|f| f.as_str()).join(", ")
                    )
                })?,
        })
    }
}

/// A meeting was held. The event's actors are the parties that held it (all
/// sides of a bilateral meeting, the members of a multilateral one, a panel's
/// organisers); `host` is the party that hosted it, if the source says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingHeld {
    /// Slug id of the meeting (its stream is `meeting/<id>`; a panel's is `panel/<id>`).
    pub meeting: String,
    pub title: String,
    pub format: MeetingFormat,
    /// The registry id of the hosting party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// People and further parties who took part (observers, organisations, speakers).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Participant>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// Initiatives the meeting concerned, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initiatives: Vec<String>,
    /// What came out of it, as the source states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

impl MeetingHeld {
    /// The stream of the meeting. Panels keep the stream name they had before
    /// meetings of other formats were recorded.
    pub fn stream(&self) -> String {
        match self.format {
            MeetingFormat::Panel => format!("panel/{}", self.meeting),
            _ => format!("meeting/{}", self.meeting),
        }
    }
}

/// Upcasts the body of a stored `panel_held` event (schema version 1, fields
/// `panel`, `title`, `venue`, `participants`, `topics`, `initiatives`,
/// `outcome`) to a meeting of format panel. The stored event is not rewritten.
pub fn upcast_panel_v1(mut m: Map<String, Value>) -> Map<String, Value> {
    if let Some(id) = m.remove("panel") {
        m.insert("meeting".into(), id);
    }
    m.entry("format")
        .or_insert_with(|| Value::String(MeetingFormat::Panel.as_str().into()));
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_from_everyday_names() {
        assert_eq!("COP".parse(), Ok(MeetingFormat::ConferenceOfParties));
        assert_eq!("working group".parse(), Ok(MeetingFormat::WorkingGroup));
        assert_eq!("video".parse(), Ok(MeetingFormat::Videoconference));
        for f in MeetingFormat::ALL {
            assert_eq!(f.as_str().parse(), Ok(f));
        }
        assert!("picnic".parse::<MeetingFormat>().is_err());
    }

    #[test]
    fn a_panel_body_reads_as_a_panel_meeting() {
        let v1 = serde_json::json!({"panel": "p", "title": "T", "venue": "Geneva"});
        let Value::Object(m) = v1 else { unreachable!() };
        let up: MeetingHeld = serde_json::from_value(Value::Object(upcast_panel_v1(m))).unwrap();
        assert_eq!(up.meeting, "p");
        assert_eq!(up.format, MeetingFormat::Panel);
        assert_eq!(up.stream(), "panel/p");
    }
}
