//! Seed files: one article each, its metadata and the events it states, in
//! TOML (or the same structure in JSON). Names of states, organisations and
//! people resolve through the registry; every problem is reported with
//! file:line:column. The project's own `seeds/` are bundled into the binary.

use std::collections::BTreeSet;
use std::ops::Range;

use serde_json::{Map, Value};

use crate::domain::actor::{ActorKind, Registry};
use crate::domain::date::ActDate;
use crate::domain::event::{EventData, NewEvent, now_micros};
use crate::domain::input;
use crate::domain::kind::Kind;
use crate::domain::source::Source;
use crate::domain::validate::check_slug;
use crate::error::{Error, Result};

/// The seed files bundled into the binary, by file name.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "2024-11-12-kazakhstan-supports-caspian-expert-group.toml",
        include_str!("../seeds/2024-11-12-kazakhstan-supports-caspian-expert-group.toml"),
    ),
    (
        "2026-01-31-geneva-panel-caspian-governance.toml",
        include_str!("../seeds/2026-01-31-geneva-panel-caspian-governance.toml"),
    ),
];

/// One event of a seed file, with where it is.
#[derive(Debug, Clone)]
pub struct SeedEvent {
    pub line: usize,
    pub event: NewEvent,
}

/// A parsed seed file.
#[derive(Debug, Clone)]
pub struct SeedFile {
    pub name: String,
    pub source_title: String,
    pub events: Vec<SeedEvent>,
}

/// A field value with the byte range it came from.
struct Field {
    value: Value,
    span: Range<usize>,
}

struct RawEvent {
    span: Range<usize>,
    fields: Vec<(String, Field)>,
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    // A parser's column may point inside a multi-byte character: step back to its start.
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map(|i| offset - i).unwrap_or(offset + 1);
    (line, col)
}

struct Ctx<'a> {
    name: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn err(&self, span: &Range<usize>, message: impl Into<String>, hint: Option<String>) -> Error {
        let (line, column) = line_col(self.text, span.start);
        Error::InputFile {
            file: self.name.to_string(),
            line,
            column,
            message: message.into(),
            hint,
        }
    }
}

fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

type SpannedTable = std::collections::BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>>;

#[derive(serde::Deserialize)]
struct TomlDoc {
    source: toml::Spanned<toml::Value>,
    #[serde(default)]
    event: Vec<toml::Spanned<SpannedTable>>,
}

fn parse_toml(ctx: &Ctx) -> Result<(Field, Vec<RawEvent>)> {
    let doc: TomlDoc = toml::from_str(ctx.text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        ctx.err(
            &span,
            format!("not a valid seed file: {}", e.message()),
            Some("see seeds/README.md for the format".into()),
        )
    })?;
    let source = Field {
        span: doc.source.span(),
        value: toml_to_json(doc.source.into_inner()),
    };
    let events = doc
        .event
        .into_iter()
        .map(|t| {
            let span = t.span();
            let fields = t
                .into_inner()
                .into_iter()
                .map(|(k, v)| {
                    let span = v.span();
                    (
                        k.into_inner(),
                        Field {
                            span,
                            value: toml_to_json(v.into_inner()),
                        },
                    )
                })
                .collect();
            RawEvent { span, fields }
        })
        .collect();
    Ok((source, events))
}

/// JSON has no value spans in serde_json: locate fields by searching the text.
fn parse_json(ctx: &Ctx) -> Result<(Field, Vec<RawEvent>)> {
    let v: Value = serde_json::from_str(ctx.text).map_err(|e| {
        let off = offset_of_line_col(ctx.text, e.line(), e.column());
        ctx.err(&(off..off), format!("not valid JSON: {e}"), None)
    })?;
    let Value::Object(mut top) = v else {
        return Err(ctx.err(
            &(0..0),
            "a seed file is a JSON object with `source` and `event`",
            None,
        ));
    };
    let source = top.remove("source").ok_or_else(|| {
        ctx.err(
            &(0..0),
            "missing `source`",
            Some("give the article's title, publisher and published date".into()),
        )
    })?;
    let events = match top.remove("event") {
        Some(Value::Array(a)) => a,
        None => Vec::new(),
        Some(_) => return Err(ctx.err(&(0..0), "`event` must be a list", None)),
    };
    let mut cursor = 0;
    let mut out = Vec::new();
    for e in events {
        let Value::Object(m) = e else {
            return Err(ctx.err(&(cursor..cursor), "an event must be an object", None));
        };
        let start = m
            .get("key")
            .and_then(Value::as_str)
            .and_then(|k| {
                ctx.text[cursor..]
                    .find(&format!("\"{k}\""))
                    .map(|i| cursor + i)
            })
            .unwrap_or(cursor);
        // Past the first character of this event (a character, not a byte: the
        // next search must start on a character boundary).
        cursor = start + ctx.text[start..].chars().next().map_or(0, char::len_utf8);
        let fields = m
            .into_iter()
            .map(|(k, v)| {
                let at = ctx.text[start..]
                    .find(&format!("\"{k}\""))
                    .map(|i| start + i)
                    .unwrap_or(start);
                (
                    k,
                    Field {
                        value: v,
                        span: at..at,
                    },
                )
            })
            .collect();
        out.push(RawEvent {
            span: start..start,
            fields,
        });
    }
    Ok((
        Field {
            value: source,
            span: 0..0,
        },
        out,
    ))
}

fn offset_of_line_col(text: &str, line: usize, col: usize) -> usize {
    let mut off = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return off + col.saturating_sub(1).min(l.len());
        }
        off += l.len();
    }
    text.len()
}

/// Parses a seed file (TOML, or JSON when the name ends in `.json`).
pub fn parse(name: &str, text: &str, reg: &Registry) -> Result<SeedFile> {
    let ctx = Ctx { name, text };
    let (source, raw_events) = if name.ends_with(".json") {
        parse_json(&ctx)?
    } else {
        parse_toml(&ctx)?
    };
    let Value::Object(src_map) = source.value else {
        return Err(ctx.err(&source.span, "`source` must be a table", None));
    };
    let src_title = src_map
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let stem = name.rsplit('/').next().unwrap_or(name);
    let stem = stem.rsplit_once('.').map(|(s, _)| s).unwrap_or(stem);
    if raw_events.is_empty() {
        return Err(ctx.err(
            &(0..0),
            "the file states no event",
            Some("add [[event]] tables".into()),
        ));
    }
    let mut keys = BTreeSet::new();
    let mut events = Vec::new();
    for raw in raw_events {
        let (line, _) = line_col(text, raw.span.start);
        let ev = parse_event(&ctx, reg, &src_map, &source.span, raw, stem, &mut keys)?;
        events.push(SeedEvent { line, event: ev });
    }
    Ok(SeedFile {
        name: name.to_string(),
        source_title: src_title,
        events,
    })
}

fn take(fields: &mut Vec<(String, Field)>, key: &str) -> Option<Field> {
    let i = fields.iter().position(|(k, _)| k == key)?;
    Some(fields.remove(i).1)
}

fn string(ctx: &Ctx, f: &Field, what: &str) -> Result<String> {
    f.value
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| ctx.err(&f.span, format!("`{what}` must be a string"), None))
}

fn strings(ctx: &Ctx, f: &Field, what: &str) -> Result<Vec<String>> {
    match &f.value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(a) => a
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| ctx.err(&f.span, format!("`{what}` must list strings"), None))
            })
            .collect(),
        _ => Err(ctx.err(&f.span, format!("`{what}` must be a list of strings"), None)),
    }
}

fn resolve_actor(
    ctx: &Ctx,
    reg: &Registry,
    f: &Field,
    name: &str,
    kind: Option<ActorKind>,
) -> Result<String> {
    let r = match kind {
        Some(ActorKind::State) => reg.resolve_state(name),
        Some(_) => reg.resolve_party(name),
        None => reg.resolve(name),
    };
    r.map(|a| a.id.clone())
        .map_err(|e| ctx.err(&f.span, e.to_string(), None))
}

fn parse_event(
    ctx: &Ctx,
    reg: &Registry,
    src_map: &Map<String, Value>,
    src_span: &Range<usize>,
    raw: RawEvent,
    stem: &str,
    keys: &mut BTreeSet<String>,
) -> Result<NewEvent> {
    let mut fields = raw.fields;
    let span = raw.span.clone();
    let key_f = take(&mut fields, "key").ok_or_else(|| {
        ctx.err(
            &span,
            "the event has no `key`",
            Some("give each event a unique slug key".into()),
        )
    })?;
    let key = string(ctx, &key_f, "key")?;
    check_slug("event key", &key).map_err(|e| ctx.err(&key_f.span, e.to_string(), None))?;
    if !keys.insert(key.clone()) {
        return Err(ctx.err(
            &key_f.span,
            format!("key `{key}` is used twice in this file"),
            Some("keys must be unique within a file".into()),
        ));
    }
    let kind_f =
        take(&mut fields, "kind").ok_or_else(|| ctx.err(&span, "the event has no `kind`", None))?;
    let kind: Kind =
        string(ctx, &kind_f, "kind")?
            .parse()
            .map_err(|e: crate::domain::kind::UnknownKind| {
                ctx.err(&kind_f.span, e.to_string(), None)
            })?;
    if kind.is_meta() {
        return Err(ctx.err(
            &kind_f.span,
            format!("a seed file records acts; `{kind}` cannot be seeded"),
            Some("record corrections with `accord correct`".into()),
        ));
    }
    let date_f = take(&mut fields, "date").ok_or_else(|| {
        ctx.err(
            &span,
            "the event has no `date`",
            Some("give the date of the act, e.g. 2024-11-12 or \"on or before 2024-11-12\"".into()),
        )
    })?;
    let date: ActDate = string(ctx, &date_f, "date")?
        .parse()
        .map_err(|e: crate::domain::date::DateError| ctx.err(&date_f.span, e.to_string(), None))?;

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
    let actors_f = take(&mut fields, "actors")
        .or_else(|| take(&mut fields, "actor"))
        .ok_or_else(|| {
            ctx.err(
                &span,
                "the event names no `actors`",
                Some("say who acted, e.g. actors = [\"KAZ\"]".into()),
            )
        })?;
    let mut actors = Vec::new();
    for n in strings(ctx, &actors_f, "actors")? {
        // A group's name stands for its members: one joint act of each of them.
        match reg.group(&n) {
            Some(g) => actors.extend(g.members.iter().cloned()),
            None => actors.push(resolve_actor(ctx, reg, &actors_f, &n, actor_kind)?),
        }
    }

    let speaker = match take(&mut fields, "speaker") {
        None => None,
        Some(f) => Some(
            input::speaker(reg, f.value.clone(), &actors, &date)
                .map_err(|e| ctx.err(&f.span, e.to_string(), e.hint()))?,
        ),
    };
    let occasion = take(&mut fields, "occasion")
        .map(|f| string(ctx, &f, "occasion"))
        .transpose()?;
    let quote_f = take(&mut fields, "quote").ok_or_else(|| {
        ctx.err(
            &span,
            "the event has no `quote`",
            Some("give the short verbatim passage of the article that states this act".into()),
        )
    })?;
    let quote = string(ctx, &quote_f, "quote")?;
    if quote.trim().is_empty() {
        return Err(ctx.err(
            &quote_f.span,
            "the quote is empty",
            Some("give the verbatim passage that states this act".into()),
        ));
    }
    let mut src = src_map.clone();
    src.insert("quote".into(), Value::String(quote));
    let source: Source = serde_json::from_value(Value::Object(src)).map_err(|e| {
        ctx.err(
            src_span,
            format!("bad `source`: {e}"),
            Some("give title, publisher and published; url and note are optional".into()),
        )
    })?;

    // Names inside the payload resolve through the registry too.
    let mut payload = Map::new();
    for (k, f) in fields {
        let v = match (kind, k.as_str()) {
            (Kind::InitiativeProposed | Kind::TreatyAdopted, "scope") => {
                let ids = input::expand_states(reg, strings(ctx, &f, "scope")?)
                    .map_err(|e| ctx.err(&f.span, e.to_string(), None))?;
                Value::Array(ids.into_iter().map(Value::String).collect())
            }
            (_, "recipients") => {
                let ids = input::resolve_all(reg, strings(ctx, &f, "recipients")?, None)
                    .map_err(|e| ctx.err(&f.span, e.to_string(), e.hint()))?;
                Value::Array(ids.into_iter().map(Value::String).collect())
            }
            (Kind::MeetingHeld, "host") => {
                let h = string(ctx, &f, "host")?;
                Value::String(resolve_actor(ctx, reg, &f, &h, None)?)
            }
            (Kind::PanelHeld | Kind::MeetingHeld, "participants") => {
                let Value::Array(list) = f.value.clone() else {
                    return Err(ctx.err(&f.span, "`participants` must be a list of tables", None));
                };
                let mut out = Vec::new();
                for p in list {
                    let Value::Object(mut m) = p else {
                        return Err(ctx.err(
                            &f.span,
                            "a participant must be a table with actor, person and/or role",
                            None,
                        ));
                    };
                    if let Some(Value::String(a)) = m.get("actor").cloned() {
                        m.insert(
                            "actor".into(),
                            Value::String(resolve_actor(ctx, reg, &f, &a, None)?),
                        );
                    }
                    out.push(Value::Object(m));
                }
                Value::Array(out)
            }
            _ => f.value.clone(),
        };
        payload.insert(k, v);
    }
    let data = EventData::from_parts(kind, kind.schema_version(), date, actors, {
        let mut m = payload;
        if let Some(s) = &speaker {
            m.insert("speaker".into(), serde_json::to_value(s).expect("speaker"));
        }
        if let Some(o) = occasion {
            m.insert("occasion".into(), Value::String(o));
        }
        m.insert(
            "source".into(),
            serde_json::to_value(&source).expect("source"),
        );
        m
    })
    .map_err(|e| {
        ctx.err(
            &span,
            format!("bad {kind} event: {e}"),
            Some(format!("see seeds/README.md for the fields of {kind}")),
        )
    })?;
    let mut ev = NewEvent::new(data, format!("accord seed {stem}"));
    ev.id = NewEvent::deterministic_id(&format!("seed:{stem}#{key}"));
    ev.recorded_at = now_micros();
    // All events of one article share a correlation id.
    ev.correlation_id = Some(NewEvent::deterministic_id(&format!("seed-file:{stem}")));
    Ok(ev)
}

/// The events of every bundled seed file, in file order.
pub fn bundled(reg: &Registry) -> Result<Vec<SeedFile>> {
    BUNDLED
        .iter()
        .map(|(name, text)| parse(&format!("seeds/{name}"), text, reg))
        .collect()
}

/// Appends a parsed seed file in one transaction; errors carry the file and line.
pub async fn append_file(
    store: &crate::store::Store,
    file: &SeedFile,
    opts: &crate::store::AppendOptions<'_>,
) -> Result<Vec<crate::store::Appended>> {
    let events = file.events.iter().map(|e| e.event.clone()).collect();
    store
        .append_any(events, opts)
        .await
        .map_err(|e| locate(file, e))
}

/// Attaches a seed file's location to an error from appending its events.
pub fn locate(file: &SeedFile, err: Error) -> Error {
    match err {
        Error::InEvent { index, inner, .. } => {
            let line = file.events.get(index).map(|e| e.line).unwrap_or(1);
            Error::InputFile {
                file: file.name.clone(),
                line,
                column: 1,
                message: inner.to_string(),
                hint: inner.hint(),
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_seeds_parse() {
        let files = bundled(Registry::bundled()).unwrap();
        assert_eq!(files.len(), BUNDLED.len());
        assert!(files.iter().all(|f| !f.events.is_empty()));
    }

    #[test]
    fn every_file_in_seeds_is_bundled() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".toml") || n.ends_with(".json"))
            .collect();
        on_disk.sort();
        let mut bundled: Vec<String> = BUNDLED.iter().map(|(n, _)| n.to_string()).collect();
        bundled.sort();
        assert_eq!(on_disk, bundled);
    }

    #[test]
    fn line_and_column_of_offsets() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}
