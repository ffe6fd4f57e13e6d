//! Provenance: where a fact is known from (article, publisher, date, URL, a
//! short verbatim quote), and who spoke for the acting party.

use serde::{Deserialize, Serialize};

use super::date::ActDate;

/// Longest quote accepted: a short verbatim passage, not an article.
pub const MAX_QUOTE_CHARS: usize = 1200;
/// Longest free-text field accepted (titles, names, topics, texts).
pub const MAX_TEXT_CHARS: usize = 2000;

/// The source that evidences an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The article's title (or a bracketed description when it has none).
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// When it was published (may be partial).
    pub published: ActDate,
    /// Where it can be read, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A short verbatim quote from the source that evidences the event.
    pub quote: String,
    /// Anything a reader should know about the source (e.g. whom it relays).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Source {
    /// The identity of a source for de-duplication: its URL, else publisher + title + date.
    pub fn identity(&self) -> String {
        match &self.url {
            Some(u) if !u.trim().is_empty() => u.trim().to_string(),
            _ => format!(
                "{}|{}|{}",
                self.publisher.trim(),
                self.title.trim(),
                self.published
            ),
        }
    }
}

/// The person who spoke or acted for the acting party.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    /// The person's name as the source gives it.
    pub name: String,
    /// Their role, e.g. "President of Kazakhstan".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The registry id of the person, when registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
}
