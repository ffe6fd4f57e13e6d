//! Who can act in the record: states (ISO 3166-1 alpha-3), organisations, and
//! people who act for one of them in a role over a period.
//!
//! States come from the `celes` ISO 3166 table; common names, extra aliases,
//! groups, organisations and people come from `data/registry.toml`, bundled
//! into the binary. Resolution accepts codes, names and aliases in any case and
//! explains a miss with the nearest names.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use celes::{Country, LookupTable};
use chrono::NaiveDate;
use serde::Deserialize;

/// What kind of actor an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKind {
    State,
    Organisation,
    Person,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Organisation => "organisation",
            ActorKind::Person => "person",
        }
    }
}

/// One actor of the registry.
#[derive(Debug, Clone)]
pub struct Actor {
    /// alpha-3 code for states, a lowercase slug otherwise.
    pub id: String,
    pub kind: ActorKind,
    pub name: String,
    pub aliases: Vec<String>,
    pub parent: Option<String>,
}

/// A role a person holds for a state or organisation.
#[derive(Debug, Clone, Deserialize)]
pub struct Role {
    pub title: String,
    pub acts_for: String,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

impl Role {
    /// Whether the role is known to have been held on a day (open bounds count as held).
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= d) && self.until.is_none_or(|u| d <= u)
    }
}

/// A named set of states, e.g. the five Caspian littoral states.
#[derive(Debug, Clone, Deserialize)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub members: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Why a name did not resolve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActorError {
    #[error("unknown {wanted} `{name}`{}", suggest(.suggestions))]
    Unknown {
        name: String,
        wanted: &'static str,
        suggestions: Vec<String>,
    },
    #[error("`{name}` is ambiguous: it could be {}", .candidates.join(", "))]
    Ambiguous {
        name: String,
        candidates: Vec<String>,
    },
    #[error("`{name}` is {actual}, not a {wanted}")]
    WrongKind {
        name: String,
        actual: String,
        wanted: &'static str,
    },
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::from(
            " (use an ISO 3166 alpha-3 code such as KAZ, or see `accord actors` for the registry)",
        )
    } else {
        format!("; did you mean {}?", s.join(", "))
    }
}

#[derive(Deserialize)]
struct RawRegistry {
    #[serde(default)]
    state: Vec<RawState>,
    #[serde(default)]
    group: Vec<Group>,
    #[serde(default)]
    organisation: Vec<RawOrg>,
    #[serde(default)]
    person: Vec<RawPerson>,
}

#[derive(Deserialize)]
struct RawState {
    code: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    adjectives: Vec<String>,
}

#[derive(Deserialize)]
struct RawOrg {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    parent: Option<String>,
}

#[derive(Deserialize)]
struct RawPerson {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    roles: Vec<Role>,
}

/// The registry of actors, groups and roles.
#[derive(Debug)]
pub struct Registry {
    actors: BTreeMap<String, Actor>,
    index: HashMap<String, Vec<String>>,
    roles: HashMap<String, Vec<Role>>,
    groups: Vec<Group>,
    adjectives: HashMap<String, String>,
}

/// Lowercases, turns punctuation into spaces, splits CamelCase and drops a leading "the".
pub fn normalise(name: &str) -> String {
    let mut spaced = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_uppercase() && prev_lower {
            spaced.push(' ');
        }
        prev_lower = c.is_lowercase();
        if c.is_alphanumeric() {
            spaced.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "Europe's" -> "europes"
        } else {
            spaced.push(' ');
        }
    }
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let words = match words.first() {
        Some(&"the") if words.len() > 1 => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

impl Registry {
    /// The registry bundled with accord.
    pub fn bundled() -> &'static Registry {
        static REG: OnceLock<Registry> = OnceLock::new();
        REG.get_or_init(|| {
            Registry::from_toml(include_str!("../../data/registry.toml"))
                .expect("the bundled registry is valid (checked by tests)")
        })
    }

    /// Builds a registry from the ISO table plus a TOML document of extra data.
    pub fn from_toml(text: &str) -> Result<Registry, String> {
        let raw: RawRegistry = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut reg = Registry {
            actors: BTreeMap::new(),
            index: HashMap::new(),
            roles: HashMap::new(),
            groups: raw.group,
            adjectives: HashMap::new(),
        };
        let extra: HashMap<&str, &RawState> =
            raw.state.iter().map(|s| (s.code.as_str(), s)).collect();
        for c in Country::get_countries() {
            let mut aliases: Vec<String> = vec![
                c.alpha2.to_string(),
                c.long_name.to_string(),
                c.code.to_string(),
            ];
            aliases.extend(c.aliases.iter().map(|a| a.to_string()));
            let mut name = c
                .aliases
                .iter()
                .next()
                .map(|a| a.to_string())
                .unwrap_or_else(|| c.long_name.trim_start_matches("The ").to_string());
            if let Some(x) = extra.get(c.alpha3) {
                name = x.name.clone();
                aliases.extend(x.aliases.iter().cloned());
                for adj in &x.adjectives {
                    reg.adjectives.insert(normalise(adj), c.alpha3.to_string());
                }
            }
            reg.insert(Actor {
                id: c.alpha3.to_string(),
                kind: ActorKind::State,
                name,
                aliases,
                parent: None,
            })?;
        }
        for code in extra.keys() {
            if !reg.actors.contains_key(*code) {
                return Err(format!(
                    "registry: `{code}` is not an ISO 3166-1 alpha-3 code"
                ));
            }
        }
        for o in raw.organisation {
            reg.insert(Actor {
                id: o.id,
                kind: ActorKind::Organisation,
                name: o.name,
                aliases: o.aliases,
                parent: o.parent,
            })?;
        }
        for p in raw.person {
            reg.roles.insert(p.id.clone(), p.roles);
            reg.insert(Actor {
                id: p.id,
                kind: ActorKind::Person,
                name: p.name,
                aliases: p.aliases,
                parent: None,
            })?;
        }
        for (id, roles) in &reg.roles {
            for r in roles {
                if !reg.actors.contains_key(&r.acts_for) {
                    return Err(format!("registry: {id} acts for unknown `{}`", r.acts_for));
                }
            }
        }
        for g in &reg.groups {
            for m in &g.members {
                if reg.actors.get(m).map(|a| a.kind) != Some(ActorKind::State) {
                    return Err(format!("registry: group {} has unknown state {m}", g.id));
                }
            }
        }
        Ok(reg)
    }

    fn insert(&mut self, actor: Actor) -> Result<(), String> {
        if self.actors.contains_key(&actor.id) {
            return Err(format!("registry: duplicate id `{}`", actor.id));
        }
        let mut keys = vec![normalise(&actor.id), normalise(&actor.name)];
        keys.extend(actor.aliases.iter().map(|a| normalise(a)));
        keys.sort();
        keys.dedup();
        for k in keys {
            if !k.is_empty() {
                self.index.entry(k).or_default().push(actor.id.clone());
            }
        }
        self.actors.insert(actor.id.clone(), actor);
        Ok(())
    }

    /// The actor with this exact id.
    pub fn get(&self, id: &str) -> Option<&Actor> {
        self.actors.get(id)
    }

    /// Every actor, ordered by id.
    pub fn actors(&self) -> impl Iterator<Item = &Actor> {
        self.actors.values()
    }

    /// The display name of an id (the id itself when unknown).
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.actors.get(id).map(|a| a.name.as_str()).unwrap_or(id)
    }

    /// Resolves a code, name or alias to one actor of any kind.
    pub fn resolve(&self, name: &str) -> Result<&Actor, ActorError> {
        self.resolve_where(name, "actor", |_| true)
    }

    /// Resolves a code, name or alias to a state.
    pub fn resolve_state(&self, name: &str) -> Result<&Actor, ActorError> {
        self.resolve_kind(name, ActorKind::State, "state")
    }

    /// Resolves to a state or an organisation (anyone who can act as a party).
    pub fn resolve_party(&self, name: &str) -> Result<&Actor, ActorError> {
        let a = self.resolve_where(name, "state or organisation", |a| {
            a.kind != ActorKind::Person
        })?;
        Ok(a)
    }

    fn resolve_kind(
        &self,
        name: &str,
        kind: ActorKind,
        wanted: &'static str,
    ) -> Result<&Actor, ActorError> {
        match self.resolve_where(name, wanted, |a| a.kind == kind) {
            Ok(a) => Ok(a),
            Err(e @ ActorError::Unknown { .. }) => match self.resolve(name) {
                Ok(other) => Err(ActorError::WrongKind {
                    name: name.to_string(),
                    actual: format!("the {} {} ({})", other.kind.as_str(), other.name, other.id),
                    wanted,
                }),
                Err(_) => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    fn resolve_where(
        &self,
        name: &str,
        wanted: &'static str,
        keep: impl Fn(&Actor) -> bool,
    ) -> Result<&Actor, ActorError> {
        let trimmed = name.trim();
        if let Some(a) = self.actors.get(trimmed).filter(|a| keep(a)) {
            return Ok(a);
        }
        let key = normalise(trimmed);
        let hits: Vec<&Actor> = self
            .index
            .get(&key)
            .into_iter()
            .flatten()
            .filter_map(|id| self.actors.get(id))
            .filter(|a| keep(a))
            .collect();
        match hits.as_slice() {
            [one] => Ok(one),
            [] => Err(ActorError::Unknown {
                name: trimmed.to_string(),
                wanted,
                suggestions: self.nearest(&key, &keep),
            }),
            many => Err(ActorError::Ambiguous {
                name: trimmed.to_string(),
                candidates: many
                    .iter()
                    .map(|a| format!("{} ({})", a.name, a.id))
                    .collect(),
            }),
        }
    }

    fn nearest(&self, key: &str, keep: &impl Fn(&Actor) -> bool) -> Vec<String> {
        if key.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(f64, String)> = Vec::new();
        for (k, ids) in &self.index {
            let score = strsim::jaro_winkler(key, k);
            if score < 0.85 {
                continue;
            }
            for id in ids {
                if let Some(a) = self.actors.get(id).filter(|a| keep(a)) {
                    scored.push((score, format!("{} ({})", a.name, a.id)));
                }
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let mut out: Vec<String> = Vec::new();
        for (_, s) in scored {
            if !out.contains(&s) {
                out.push(s);
            }
            if out.len() == 3 {
                break;
            }
        }
        out
    }

    /// The roles a registered person holds.
    pub fn roles(&self, person_id: &str) -> &[Role] {
        self.roles.get(person_id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The named groups of states.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// A group by id, name or alias.
    pub fn group(&self, name: &str) -> Option<&Group> {
        let key = normalise(name);
        self.groups.iter().find(|g| {
            g.id == name.trim()
                || normalise(&g.name) == key
                || g.aliases.iter().any(|a| normalise(a) == key)
        })
    }

    /// Every adjective the registry knows, with the state it names (normalised, state id).
    pub fn adjectives(&self) -> impl Iterator<Item = (&str, &str)> {
        self.adjectives
            .iter()
            .map(|(a, s)| (a.as_str(), s.as_str()))
    }

    /// The state an adjective such as "Kazakh" refers to.
    pub fn state_by_adjective(&self, adjective: &str) -> Option<&Actor> {
        self.adjectives
            .get(&normalise(adjective))
            .and_then(|id| self.actors.get(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_registry_loads() {
        let r = Registry::bundled();
        assert!(r.actors().filter(|a| a.kind == ActorKind::State).count() >= 249);
        assert_eq!(r.group("caspian-littoral").unwrap().members.len(), 5);
    }

    #[test]
    fn states_resolve_by_code_name_and_alias() {
        let r = Registry::bundled();
        for n in [
            "Kazakhstan",
            "Republic of Kazakhstan",
            "KAZ",
            "KZ",
            "kaz",
            "kazakhstan",
        ] {
            assert_eq!(r.resolve_state(n).unwrap().id, "KAZ", "{n}");
        }
        assert_eq!(r.resolve_state("Russian Federation").unwrap().id, "RUS");
        assert_eq!(r.resolve_state("The Russian Federation").unwrap().id, "RUS");
        assert_eq!(r.resolve_state("Iran").unwrap().id, "IRN");
        assert_eq!(r.name_of("IRN"), "Iran");
    }

    #[test]
    fn an_unknown_name_suggests_the_nearest() {
        let r = Registry::bundled();
        let err = r.resolve_state("Kazakstan").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("Kazakhstan (KAZ)"), "{msg}");
    }

    #[test]
    fn organisations_and_people_resolve_and_kinds_are_checked() {
        let r = Registry::bundled();
        assert_eq!(r.resolve("UNEP").unwrap().id, "unep");
        assert_eq!(
            r.resolve("Tehran Convention Secretariat").unwrap().id,
            "tehran-convention-secretariat"
        );
        assert!(matches!(
            r.resolve_state("UNEP"),
            Err(ActorError::WrongKind { .. })
        ));
        assert_eq!(
            r.resolve("Kassym-Jomart Tokayev").unwrap().id,
            "kassym-jomart-tokayev"
        );
        assert_eq!(r.roles("kassym-jomart-tokayev")[0].acts_for, "KAZ");
    }

    #[test]
    fn shared_aliases_are_reported_as_ambiguous() {
        let r = Registry::from_toml(
            r#"
            [[organisation]]
            id = "a"
            name = "Alpha"
            aliases = ["AC"]
            [[organisation]]
            id = "b"
            name = "Beta"
            aliases = ["AC"]
            "#,
        )
        .unwrap();
        assert!(matches!(r.resolve("AC"), Err(ActorError::Ambiguous { .. })));
    }
}
