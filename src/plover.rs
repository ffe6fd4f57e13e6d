//! PLOVER records of the acts in the log, for political event-data tools.
//!
//! One JSON object per act, with the fields of the PLOVER manual's JSON table
//! (draft 0.7b1): `id`, `date` (and `enddate` for a partial or bounded date),
//! `actor`/`source` and `recipient` (lists of actor objects: an ISO 3166
//! alpha-3 `code` with sector `GOV` for states, `IGO` for intergovernmental
//! bodies), `event` (PLOVER categories), `mode`, `context`, `quad_code`,
//! `text` (the source's short verbatim quote) and `cite_info`. The manual
//! calls the acting side `source`; the later interchange calls it `actor`; both
//! are written. Corrections apply (a retracted act is left out, an amended act
//! is written as amended); acts without a PLOVER category (statements and
//! progress reports, CAMEO 01) are left out and counted.

use std::collections::HashMap;

use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::domain::date::ActDate;
use crate::domain::event::{EventData, StoredEvent};
use crate::domain::meeting::MeetingFormat;
use crate::domain::payload::Payload;
use crate::domain::{ActorKind, Kind, Registry, Source};

/// The codebook the records follow.
pub const CODEBOOK: &str = "PLOVER (manual draft 0.7b1)";

/// PLOVER's quad category of an event category.
pub fn quad_code(category: &str) -> Option<u8> {
    Some(match category {
        "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" => 1,
        "COOPERATE" | "AID" | "RETREAT" | "INVESTIGATE" => 2,
        "DEMAND" | "ACCUSE" | "REJECT" | "SANCTION" | "THREATEN" => 3,
        "PROTEST" | "MOBILIZE" | "COERCE" | "ASSAULT" => 4,
        _ => return None,
    })
}

/// A party as a PLOVER actor object.
fn actor(reg: &Registry, id: &str, speaker: Option<&crate::domain::Speaker>) -> Value {
    let mut m = Map::new();
    match reg.get(id) {
        Some(a) if a.kind == ActorKind::State => {
            m.insert("code".into(), json!(a.id));
            m.insert("sector".into(), json!("GOV"));
            m.insert("actor_text".into(), json!(a.name));
        }
        Some(a) => {
            if intergovernmental(reg, id) {
                m.insert("code".into(), json!("IGO"));
            }
            m.insert("actor_text".into(), json!(a.name));
            m.insert("identifier_text".into(), json!(a.name));
            m.insert("identifier_id".into(), json!(a.id));
        }
        None => {
            m.insert("actor_text".into(), json!(id));
        }
    }
    if let Some(sp) = speaker {
        m.insert("identifier_text".into(), json!(sp.name));
        if let Some(r) = &sp.role {
            m.insert("office".into(), json!(r));
        }
    }
    Value::Object(m)
}

/// Whether an organisation is intergovernmental: a body of the UN family or a
/// convention's secretariat.
fn intergovernmental(reg: &Registry, id: &str) -> bool {
    let mut cur = Some(id.to_string());
    let mut hops = 0;
    while let Some(c) = cur {
        if c == "un" || c.contains("secretariat") {
            return true;
        }
        hops += 1;
        if hops > 10 {
            break;
        }
        cur = reg.get(&c).and_then(|a| a.parent.clone());
    }
    false
}

/// The date and end date of an act in YYYY-MM-DD form, and a comment when the
/// source gives no earliest day.
fn dates(d: &ActDate) -> (String, Option<String>, Option<String>) {
    let day = |x: chrono::NaiveDate| x.format("%Y-%m-%d").to_string();
    match (d.exact_day(), d.earliest()) {
        (Some(x), _) => (day(x), None, None),
        (None, Some(e)) => (day(e), Some(day(d.latest())), None),
        (None, None) => (
            day(d.latest()),
            None,
            Some(format!(
                "dated {d}: the source gives no earlier day; `date` is the latest day it can have happened"
            )),
        ),
    }
}

fn cite(s: &Source) -> Value {
    let mut m = Map::new();
    if let Some(u) = &s.url {
        m.insert("url".into(), json!(u));
    }
    m.insert("title".into(), json!(s.title));
    m.insert("publication".into(), json!(s.publisher));
    m.insert(
        "citation".into(),
        json!(format!("{}, {}: \"{}\"", s.publisher, s.published, s.title)),
    );
    m.insert(
        "coder".into(),
        json!(format!("accord {}", env!("CARGO_PKG_VERSION"))),
    );
    m.insert("codebook".into(), json!(CODEBOOK));
    Value::Object(m)
}

/// Source, recipients, category, CAMEO code and mode of an act.
struct Coded {
    source: Vec<String>,
    recipient: Vec<String>,
    category: &'static str,
    cameo: &'static str,
    mode: Option<&'static str>,
}

fn code(d: &EventData) -> Option<Coded> {
    let codes = d.kind().codes();
    let mut c = Coded {
        source: d.actors.clone(),
        recipient: d.payload.recipients(),
        category: codes.plover?,
        cameo: codes.cameo?,
        mode: codes.plover_mode,
    };
    if let Payload::MeetingHeld(m) = &d.payload {
        // PLOVER CONSULT: a visitor is the source and the host the recipient; a meeting
        // hosted by a third party, a multilateral one and a remote one have their modes.
        let host_is_party = m.host.as_ref().is_some_and(|h| d.actors.contains(h));
        (c.cameo, c.mode) = match m.format {
            MeetingFormat::Videoconference => ("041", Some("phone")),
            MeetingFormat::Bilateral if host_is_party => {
                let host = m.host.clone().expect("checked");
                c.source.retain(|a| *a != host);
                c.recipient = vec![host];
                ("042", Some("visit"))
            }
            MeetingFormat::Bilateral if m.host.is_some() => ("044", Some("third-party")),
            MeetingFormat::Bilateral => ("040", None),
            _ => ("040", Some("multilateral")),
        };
    }
    Some(c)
}

/// The PLOVER record of one act (None when the kind has no PLOVER category).
pub fn record(
    reg: &Registry,
    e: &StoredEvent,
    d: &EventData,
    more_sources: &[Source],
) -> Option<Value> {
    let c = code(d)?;
    let speaker_for = |id: &str| {
        d.speaker
            .as_ref()
            .filter(|_| d.actors.len() == 1 && d.actors[0] == id)
    };
    let source: Vec<Value> = c
        .source
        .iter()
        .map(|a| actor(reg, a, speaker_for(a)))
        .collect();
    let recipient: Vec<Value> = c.recipient.iter().map(|a| actor(reg, a, None)).collect();
    let (date, enddate, comment) = dates(&d.date);
    let mut m = Map::new();
    m.insert("id".into(), json!(e.id.to_string()));
    m.insert("date".into(), json!(date));
    if let Some(end) = enddate {
        m.insert("enddate".into(), json!(end));
    }
    m.insert("actor".into(), Value::Array(source.clone()));
    m.insert("source".into(), Value::Array(source));
    m.insert("recipient".into(), Value::Array(recipient));
    m.insert("event".into(), json!([c.category]));
    if let Some(q) = quad_code(c.category) {
        m.insert("quad_code".into(), json!(q));
    }
    m.insert(
        "mode".into(),
        Value::Array(c.mode.into_iter().map(|x| json!(x)).collect()),
    );
    let mut context = vec!["diplomatic"];
    if matches!(
        d.kind(),
        Kind::TreatyAdopted
            | Kind::TreatySigned
            | Kind::TreatyRatified
            | Kind::TreatyInForce
            | Kind::TreatyWithdrawn
    ) {
        context.push("legal");
    }
    m.insert("context".into(), json!(context));
    if let Some(s) = &d.source {
        m.insert("text".into(), json!(s.quote));
        m.insert("cite_info".into(), cite(s));
    }
    if !more_sources.is_empty() {
        m.insert(
            "more_cite_info".into(),
            Value::Array(
                more_sources
                    .iter()
                    .map(|s| {
                        let mut v = cite(s);
                        v["text"] = json!(s.quote);
                        v
                    })
                    .collect(),
            ),
        );
    }
    if let Some(o) = &d.occasion {
        m.insert("event_text".into(), json!([o]));
    }
    m.insert("coder".into(), json!("accord"));
    m.insert(
        "coded_date".into(),
        json!(e.recorded_at.format("%Y-%m-%d").to_string()),
    );
    m.insert("cameo".into(), json!(c.cameo));
    m.insert("accord_kind".into(), json!(d.kind().as_str()));
    m.insert("summary".into(), json!(d.summary()));
    if let Some(c) = comment {
        m.insert("comment".into(), json!(c));
    }
    Some(Value::Object(m))
}

/// What corrections and added sources do to the acts, read before writing them.
#[derive(Debug, Default)]
pub struct Amendments {
    pub retracted: std::collections::BTreeSet<Uuid>,
    /// Correction events by target, in log order (applied in turn).
    pub amend: HashMap<Uuid, Vec<Map<String, Value>>>,
    pub sources: HashMap<Uuid, Vec<Source>>,
}

impl Amendments {
    /// Reads a correction or an added source.
    pub fn note(&mut self, e: &StoredEvent) {
        match &e.data.payload {
            Payload::Correction(c) => match &c.amend {
                None => {
                    self.retracted.insert(c.target);
                }
                Some(f) => self.amend.entry(c.target).or_default().push(f.clone()),
            },
            Payload::SourceAdded(s) => {
                if let Some(src) = &e.data.source {
                    self.sources.entry(s.target).or_default().push(src.clone());
                }
            }
            _ => {}
        }
    }

    /// The act as it stands after corrections (None when retracted).
    pub fn effective(&self, e: &StoredEvent) -> Option<EventData> {
        if self.retracted.contains(&e.id) {
            return None;
        }
        let mut d = e.data.clone();
        for f in self.amend.get(&e.id).into_iter().flatten() {
            if let Ok(x) = d.amended(f) {
                d = x;
            }
        }
        Some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quads_follow_the_manual() {
        assert_eq!(quad_code("SUPPORT"), Some(1));
        assert_eq!(quad_code("COOPERATE"), Some(2));
        assert_eq!(quad_code("SANCTION"), Some(3));
        assert_eq!(quad_code("ASSAULT"), Some(4));
        assert_eq!(quad_code("STATEMENT"), None);
    }

    #[test]
    fn dates_keep_their_precision() {
        let d: ActDate = "2024-11".parse().unwrap();
        assert_eq!(
            dates(&d),
            ("2024-11-01".into(), Some("2024-11-30".into()), None)
        );
        let d: ActDate = "on or before 2024-11-12".parse().unwrap();
        let (date, end, comment) = dates(&d);
        assert_eq!((date.as_str(), end), ("2024-11-12", None));
        assert!(comment.unwrap().contains("no earlier day"));
    }
}
