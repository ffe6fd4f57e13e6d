//! accord's input surfaces, driven from raw bytes: the fuzz targets
//! (`fuzz/fuzz_targets/`), the replay of the committed corpus
//! (`tests/fuzz_corpus.rs`) and the property tests (`tests/input_properties.rs`)
//! all call these functions. Each must never panic on any input; each also
//! asserts what must hold of what it accepts or refuses (a refusal is a typed
//! error with a message, and a location where the surface is a file), so a
//! broken invariant is a crash the fuzzer reports.

use std::collections::BTreeSet;

use accord::domain::event::EventData;
use accord::domain::input::{event_from_json, expand_states};
use accord::domain::validate::{Context, validate};
use accord::domain::{ActDate, Registry};
use accord::error::Error;
use accord::projection::Projection;
use serde_json::Value;

/// What a surface did with an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Accepted,
    Refused,
}

pub type Surface = fn(&[u8]) -> Outcome;

/// The surfaces by name (the names of the fuzz targets and corpus folders).
pub const SURFACES: &[(&str, Surface)] = &[
    ("seed_file", seed_file),
    ("log_json", log_json),
    ("import_line", import_line),
    ("act_date", act_date),
    ("registry_name", registry_name),
    ("cli_args", cli_args),
];

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// An error read from a file must name the file and a line and column in it.
fn located(e: &Error, file: &str, text: &str) {
    match e {
        Error::InputFile {
            file: f,
            line,
            column,
            message,
            ..
        } => {
            assert_eq!(f, file, "the error names the file");
            let lines = text.split('\n').count().max(1);
            assert!(
                *line >= 1 && *line <= lines,
                "line {line} of {lines}: {message}"
            );
            assert!(*column >= 1, "column {column}: {message}");
            assert!(!message.is_empty());
        }
        other => panic!("an error without a location: {other:?}"),
    }
}

/// The stored form of an accepted event reads back as the same event.
fn stores_and_reads_back(data: &EventData) {
    let body = data.body_json();
    let back = EventData::from_stored(
        data.kind().as_str(),
        data.kind().schema_version(),
        &data.date.to_string(),
        &data.actors.join(" "),
        &body,
    )
    .unwrap_or_else(|e| panic!("an accepted event does not read back: {e}: {body}"));
    assert_eq!(
        back.body_json(),
        body,
        "the stored body reads back the same"
    );
}

/// A seed file (`accord ingest`): the first byte picks TOML or JSON, the rest is the file.
pub fn seed_file(data: &[u8]) -> Outcome {
    let Some((&pick, rest)) = data.split_first() else {
        return Outcome::Refused;
    };
    let name = if pick & 1 == 0 {
        "fuzz.toml"
    } else {
        "fuzz.json"
    };
    let Some(text) = text(rest) else {
        return Outcome::Refused; // `ingest` refuses non-UTF-8 before parsing (bad_inputs.rs).
    };
    match accord::seeds::parse(name, text, Registry::bundled()) {
        Ok(file) => {
            for e in &file.events {
                assert!(e.line >= 1);
                stores_and_reads_back(&e.event.data);
            }
            Outcome::Accepted
        }
        Err(e) => {
            located(&e, name, text);
            Outcome::Refused
        }
    }
}

/// `accord log --from-json`: one object, a list, or JSON Lines (as `cli::log::read_events`
/// reads them), each turned into an event and validated against an empty picture.
pub fn log_json(data: &[u8]) -> Outcome {
    let Some(text) = text(data) else {
        return Outcome::Refused;
    };
    let values: Vec<Value> = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(list)) => list,
        Ok(v @ Value::Object(_)) => vec![v],
        Ok(_) => return Outcome::Refused,
        Err(_) => {
            let mut out = Vec::new();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                match serde_json::from_str(line) {
                    Ok(v) => out.push(v),
                    Err(_) => return Outcome::Refused,
                }
            }
            out
        }
    };
    let reg = Registry::bundled();
    let state = Projection::default();
    let known = BTreeSet::new();
    let ctx = Context {
        registry: reg,
        state: &state,
        known_initiatives: &known,
        today: chrono::Utc::now().date_naive(),
    };
    let mut outcome = if values.is_empty() {
        Outcome::Refused
    } else {
        Outcome::Accepted
    };
    for v in values {
        match event_from_json(v, reg, "fuzz") {
            Ok(ev) => {
                stores_and_reads_back(&ev.data);
                if !ev.data.kind().is_meta() && validate(&ctx, &ev.data).is_err() {
                    outcome = Outcome::Refused;
                }
            }
            Err(e) => {
                assert!(
                    matches!(e, Error::Invalid { .. } | Error::NotFound { .. }),
                    "{e:?}"
                );
                assert!(!e.to_string().is_empty());
                outcome = Outcome::Refused;
            }
        }
    }
    outcome
}

/// `accord import`: each line of an export file, read and checked.
pub fn import_line(data: &[u8]) -> Outcome {
    let Some(text) = text(data) else {
        return Outcome::Refused;
    };
    let mut outcome = Outcome::Refused;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match accord::store::transfer::read_line(line) {
            Ok(e) => {
                // What was accepted exports and reads back as the same event.
                let again = accord::store::transfer::export_line(&e);
                let back = accord::store::transfer::read_line(&again)
                    .unwrap_or_else(|m| panic!("an accepted record does not read back: {m}"));
                assert_eq!((back.id, &back.hash), (e.id, &e.hash));
                outcome = Outcome::Accepted;
            }
            Err(m) => assert!(!m.is_empty()),
        }
    }
    outcome
}

/// A date as the source gives it (`--on`, `date` fields) and a whole day (`--as-of`).
pub fn act_date(data: &[u8]) -> Outcome {
    let Some(s) = text(data) else {
        return Outcome::Refused;
    };
    if let Ok(d) = accord::domain::date::parse_day(s) {
        let shown = accord::domain::date::fmt_day(d);
        assert_eq!(accord::domain::date::parse_day(&shown), Ok(d));
    }
    match s.parse::<ActDate>() {
        Ok(d) => {
            let shown = d.to_string();
            assert_eq!(shown.parse::<ActDate>(), Ok(d), "`{shown}` reads back");
            if let Some(e) = d.earliest() {
                assert!(e <= d.latest());
            }
            assert!(d.contains(&d));
            assert!(d.certainly_by(d.latest()));
            let _ = (d.sort_key(), d.explain(), d.exact_day());
            Outcome::Accepted
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            Outcome::Refused
        }
    }
}

/// A name of a state, organisation, person or group, resolved through the registry.
pub fn registry_name(data: &[u8]) -> Outcome {
    let Some(s) = text(data) else {
        return Outcome::Refused;
    };
    let reg = Registry::bundled();
    let _ = accord::domain::actor::normalise(s);
    let _ = reg.group(s);
    let _ = reg.state_by_adjective(s);
    let _ = expand_states(reg, vec![s.to_string()]);
    let _ = reg.resolve_state(s);
    let _ = reg.resolve_party(s);
    match reg.resolve(s) {
        Ok(a) => {
            assert!(reg.get(&a.id).is_some());
            let by_id = reg.resolve(&a.id).expect("an actor resolves by its own id");
            assert_eq!(by_id.id, a.id);
            Outcome::Accepted
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            Outcome::Refused
        }
    }
}

/// The command line: NUL-separated arguments after `accord`, parsed by clap.
pub fn cli_args(data: &[u8]) -> Outcome {
    use clap::Parser;
    use std::os::unix::ffi::OsStrExt;
    let args = std::iter::once(std::ffi::OsStr::new("accord")).chain(
        data.split(|b| *b == 0)
            .filter(|a| !data.is_empty() || !a.is_empty())
            .map(std::ffi::OsStr::from_bytes),
    );
    match accord::cli::Cli::try_parse_from(args) {
        Ok(_) => Outcome::Accepted,
        Err(e) => {
            let _ = e.render().to_string();
            Outcome::Refused
        }
    }
}
