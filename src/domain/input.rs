//! Events given as JSON objects (by `accord log --from-json`, and by the
//! `accord log <kind>` flags, which are turned into the same object): names of
//! states, organisations and people resolve through the registry; groups such
//! as "the five Caspian littoral states" expand in an initiative's scope.
//!
//! The object: `kind`, `date`, `actors` (or `actor`), optional `id`, `speaker`
//! (a name or `{name, role, person}`), `occasion`, `source` (`title`,
//! `publisher`, `published`, `url`, `note`, `quote`; `quote` may also stand at
//! the top level), and the kind's own fields.

use serde_json::{Map, Value};
use uuid::Uuid;

use super::actor::{ActorKind, Registry};
use super::date::ActDate;
use super::event::{EventData, NewEvent};
use super::kind::Kind;
use super::source::Speaker;
use crate::error::{Error, Result};

fn bad(message: impl Into<String>, hint: impl Into<String>) -> Error {
    Error::invalid(message, hint)
}

fn string_field(m: &mut Map<String, Value>, key: &str) -> Result<Option<String>> {
    match m.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(bad(
            format!("`{key}` must be a string, not {}", type_name(&other)),
            format!("write \"{key}\": \"...\""),
        )),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn names(v: Value, key: &str) -> Result<Vec<String>> {
    match v {
        Value::String(s) => Ok(vec![s]),
        Value::Array(a) => a
            .into_iter()
            .map(|x| match x {
                Value::String(s) => Ok(s),
                other => Err(bad(
                    format!("`{key}` must list names, not {}", type_name(&other)),
                    "give strings such as \"KAZ\" or \"Kazakhstan\"",
                )),
            })
            .collect(),
        other => Err(bad(
            format!(
                "`{key}` must be a name or a list of names, not {}",
                type_name(&other)
            ),
            "give strings such as \"KAZ\" or \"Kazakhstan\"",
        )),
    }
}

fn resolve(reg: &Registry, name: &str, kind: Option<ActorKind>) -> Result<String> {
    let r = match kind {
        Some(ActorKind::State) => reg.resolve_state(name),
        Some(_) => reg.resolve_party(name),
        None => reg.resolve(name),
    };
    r.map(|a| a.id.clone()).map_err(|e| {
        bad(
            e.to_string(),
            "use a code, name or alias from the registry (`accord actors` lists them)",
        )
    })
}

/// Resolves a speaker given as a name or an object; fills in the registered person and role.
pub fn speaker(reg: &Registry, v: Value, actors: &[String], date: &ActDate) -> Result<Speaker> {
    let mut sp: Speaker = match v {
        Value::String(n) => Speaker {
            name: n,
            role: None,
            person: None,
        },
        other => serde_json::from_value(other).map_err(|e| {
            bad(
                format!("bad `speaker`: {e}"),
                "give a name, or an object with name, role and person",
            )
        })?,
    };
    if sp.person.is_none()
        && let Ok(p) = reg.resolve(&sp.name)
        && p.kind == ActorKind::Person
    {
        sp.person = Some(p.id.clone());
    }
    if sp.role.is_none()
        && let Some(pid) = &sp.person
    {
        sp.role = reg
            .roles(pid)
            .iter()
            .find(|r| actors.contains(&r.acts_for) && r.covers(date.latest()))
            .map(|r| r.title.clone());
    }
    Ok(sp)
}

/// The state codes named by a list that may hold group names.
pub fn expand_states(reg: &Registry, list: Vec<String>) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for n in list {
        match reg.group(&n) {
            Some(g) => out.extend(g.members.iter().cloned()),
            None => out.push(resolve(reg, &n, Some(ActorKind::State))?),
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|s| seen.insert(s.clone()));
    Ok(out)
}

/// Resolves names of actors; a group's name ("the five Caspian littoral states")
/// stands for its members, so a joint act of a group is one event with each member
/// as an actor.
pub fn resolve_all(
    reg: &Registry,
    list: Vec<String>,
    kind: Option<ActorKind>,
) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for n in list {
        match reg.group(&n) {
            Some(g) => out.extend(g.members.iter().cloned()),
            None => out.push(resolve(reg, &n, kind)?),
        }
    }
    Ok(out)
}

/// Builds an event from a JSON object.
pub fn event_from_json(v: Value, reg: &Registry, recorded_by: &str) -> Result<NewEvent> {
    let Value::Object(mut m) = v else {
        return Err(bad(
            format!("an event must be a JSON object, not {}", type_name(&v)),
            "write one object per line: {\"kind\": \"support_declared\", ...}",
        ));
    };
    let kind: Kind = string_field(&mut m, "kind")?
        .ok_or_else(|| {
            bad(
                "the event has no `kind`",
                "e.g. \"kind\": \"support_declared\"",
            )
        })?
        .parse()
        .map_err(|e: super::kind::UnknownKind| bad(e.to_string(), "use one of the kinds listed"))?;
    let id = match string_field(&mut m, "id")? {
        Some(s) => Some(Uuid::parse_str(&s).map_err(|e| {
            bad(
                format!("`id` is not a UUID: {e}"),
                "leave `id` out to get a new one",
            )
        })?),
        None => None,
    };
    let date: ActDate = match kind {
        Kind::Correction | Kind::SourceAdded if !m.contains_key("date") => {
            ActDate::day(chrono::Utc::now().date_naive())
        }
        _ => string_field(&mut m, "date")?
            .ok_or_else(|| {
                bad(
                    "the event has no `date`",
                    "give the date of the act, e.g. \"2024-11-12\" or \"on or before 2024-11-12\"",
                )
            })?
            .parse()
            .map_err(|e: super::date::DateError| bad(e.to_string(), "fix the date"))?,
    };
    let actor_kind = match kind {
        Kind::SupportDeclared
        | Kind::SupportWithdrawn
        | Kind::OppositionDeclared
        | Kind::TreatySigned
        | Kind::TreatyRatified
        | Kind::TreatyInForce
        | Kind::TreatyWithdrawn => Some(ActorKind::State),
        _ => None,
    };
    let raw_actors = match (m.remove("actors"), m.remove("actor")) {
        (Some(a), None) | (None, Some(a)) => names(a, "actors")?,
        (None, None) => Vec::new(),
        (Some(_), Some(_)) => {
            return Err(bad(
                "both `actor` and `actors` are given",
                "give one of them",
            ));
        }
    };
    let actors = resolve_all(reg, raw_actors, actor_kind)?;
    let sp = match m.remove("speaker") {
        None | Some(Value::Null) => None,
        Some(v) => Some(speaker(reg, v, &actors, &date)?),
    };
    let mut source = match m.remove("source") {
        None | Some(Value::Null) => None,
        Some(Value::Object(s)) => Some(s),
        Some(other) => {
            return Err(bad(
                format!("`source` must be an object, not {}", type_name(&other)),
                "give title, publisher, published, url and quote",
            ));
        }
    };
    if let Some(q) = m.remove("quote") {
        source
            .get_or_insert_with(Map::new)
            .insert("quote".into(), q);
    }
    let source = match source {
        None => None,
        Some(s) => Some(serde_json::from_value(Value::Object(s)).map_err(|e| {
            bad(
                format!("bad `source`: {e}"),
                "give title, publisher, published and quote (url and note are optional)",
            )
        })?),
    };
    if let Some(Value::Array(scope)) = m.remove("scope") {
        let list = names(Value::Array(scope), "scope")?;
        m.insert(
            "scope".into(),
            Value::Array(
                expand_states(reg, list)?
                    .into_iter()
                    .map(Value::String)
                    .collect(),
            ),
        );
    }
    for key in ["recipients", "recipient"] {
        if let Some(v) = m.remove(key) {
            let list = resolve_all(reg, names(v, key)?, None)?;
            m.insert(
                "recipients".into(),
                Value::Array(list.into_iter().map(Value::String).collect()),
            );
        }
    }
    if let Some(h) = string_field(&mut m, "host")? {
        m.insert("host".into(), Value::String(resolve(reg, &h, None)?));
    }
    if let Some(Value::Array(parts)) = m.get_mut("participants") {
        for p in parts.iter_mut() {
            if let Value::Object(pm) = p
                && let Some(Value::String(a)) = pm.get("actor").cloned()
            {
                pm.insert("actor".into(), Value::String(resolve(reg, &a, None)?));
            }
        }
    }
    let occasion = string_field(&mut m, "occasion")?;
    let mut body = m;
    if let Some(s) = &sp {
        body.insert("speaker".into(), serde_json::to_value(s).expect("speaker"));
    }
    if let Some(o) = occasion {
        body.insert("occasion".into(), Value::String(o));
    }
    if let Some(s) = &source {
        body.insert(
            "source".into(),
            serde_json::to_value::<&super::source::Source>(s).expect("source"),
        );
    }
    let data =
        EventData::from_parts(kind, kind.schema_version(), date, actors, body).map_err(|e| {
            bad(
                format!("bad {kind} event: {e}"),
                format!("see `accord log {} --help` for its fields", cli_name(kind)),
            )
        })?;
    let mut ev = NewEvent::new(data, recorded_by);
    if let Some(id) = id {
        ev.id = id;
    }
    Ok(ev)
}

/// The `accord log` subcommand of a kind.
pub fn cli_name(kind: Kind) -> &'static str {
    match kind {
        Kind::PanelHeld => "panel",
        Kind::MeetingHeld => "meeting",
        Kind::InitiativeProposed => "propose",
        Kind::SupportDeclared => "support",
        Kind::SupportWithdrawn => "withdraw",
        Kind::OppositionDeclared => "oppose",
        Kind::CommitmentMade => "commit",
        Kind::ProgressReported => "progress",
        Kind::CommitmentFulfilled => "fulfil",
        Kind::Statement => "statement",
        Kind::TreatyAdopted => "adopt",
        Kind::TreatySigned => "sign",
        Kind::TreatyRatified => "ratify",
        Kind::TreatyInForce => "in-force",
        Kind::TreatyWithdrawn => "leave",
        Kind::Correction => "--from-json (corrections: `accord correct`)",
        Kind::SourceAdded => "--from-json",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_resolve_and_groups_expand() {
        let reg = Registry::bundled();
        let e = event_from_json(
            json!({"kind": "initiative_proposed", "date": "2024-01-01", "actor": "Azerbaijan",
                   "initiative": "x", "title": "X", "scope": ["Caspian littoral states"],
                   "source": {"title": "t", "publisher": "p", "published": "2024-01-02"}, "quote": "q"}),
            reg,
            "test",
        )
        .unwrap();
        assert_eq!(e.data.actors, vec!["AZE"]);
        match e.data.payload {
            super::super::payload::Payload::InitiativeProposed(p) => assert_eq!(p.scope.len(), 5),
            _ => panic!(),
        }
    }

    #[test]
    fn wrong_types_and_unknown_fields_are_explained() {
        let reg = Registry::bundled();
        let err = event_from_json(
            json!({"kind": "support_declared", "date": 20241112}),
            reg,
            "t",
        )
        .unwrap_err();
        assert!(err.to_string().contains("`date` must be a string"), "{err}");
        let err = event_from_json(json!({"kind": "support_declared", "date": "2024-11-12", "actor": "KAZ", "initiative": "x", "colour": "red"}), reg, "t").unwrap_err();
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
        let err = event_from_json(json!([1, 2]), reg, "t").unwrap_err();
        assert!(err.to_string().contains("JSON object"), "{err}");
        let err = event_from_json(json!({"kind": "treaty_sealed"}), reg, "t").unwrap_err();
        assert!(err.to_string().contains("unknown event kind"), "{err}");
    }
}
