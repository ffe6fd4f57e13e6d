//! Who a text names: states (by name, alias or adjective), organisations,
//! registered people, named groups of states, and titled people the registry
//! does not know ("Egypt's Foreign Minister Sameh Shoukry"); and who acts
//! when they speak: a person's state or organisation in their role at the date.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::domain::actor::{ActorKind, Registry, normalise};

/// What a mention names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    State(String),
    Organisation(String),
    Person(String),
    Group(String),
    /// A person the registry does not know, with the title the text gives.
    Titled {
        name: String,
        title: String,
    },
}

/// One mention in a text (byte offsets).
#[derive(Debug, Clone)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub named: Named,
}

/// Who acts: an actor id (a state, an organisation, or a person acting as themself),
/// and the person speaking for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub actor: String,
    pub speaker: Option<String>,
}

#[derive(Debug, Clone)]
struct Entry {
    named: Named,
    /// Short acronyms ("UN", "WHO") match only as written.
    exact: Option<String>,
}

/// The registry's names, indexed for scanning text.
pub struct Gazetteer<'r> {
    reg: &'r Registry,
    entries: HashMap<String, Entry>,
    max_words: usize,
}

static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?P<title>(?:(?:First |Deputy |Vice )*(?:Prime Minister|President|Foreign Minister|Environment Minister|Water Minister|Minister(?: of(?: [A-Z][a-z]+| and| the)+| for(?: [A-Z][a-z]+| and| the)+)?|Secretary-General|Secretary General|Executive Secretary|Ambassador|Chairman|Chair|King|Emir|Director-General|Commissioner|Sheikh)))\s+(?P<name>[A-Z][a-z]+(?:[- ](?:bin |al-|Al |de |van )?[A-Z][a-z]+){1,3})",
    )
    .unwrap()
});

/// A word of the text with its byte range (possessive 's dropped).
fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        if c.is_alphanumeric() {
            if cur.is_empty() {
                start = off;
            }
            cur.extend(c.to_lowercase());
            i += 1;
            continue;
        }
        if (c == '\'' || c == '’') && !cur.is_empty() {
            let next = chars.get(i + 1).map(|x| x.1);
            let after = chars.get(i + 2).map(|x| x.1);
            if next == Some('s') && !after.is_some_and(char::is_alphanumeric) {
                out.push((start, off, std::mem::take(&mut cur)));
                i += 2;
                continue;
            }
            i += 1;
            continue;
        }
        if !cur.is_empty() {
            out.push((start, off, std::mem::take(&mut cur)));
        }
        i += 1;
    }
    if !cur.is_empty() {
        out.push((start, text.len(), cur));
    }
    out
}

impl<'r> Gazetteer<'r> {
    pub fn new(reg: &'r Registry) -> Self {
        let mut g = Gazetteer {
            reg,
            entries: HashMap::new(),
            max_words: 1,
        };
        for a in reg.actors() {
            let named = match a.kind {
                ActorKind::State => Named::State(a.id.clone()),
                ActorKind::Organisation => Named::Organisation(a.id.clone()),
                ActorKind::Person => Named::Person(a.id.clone()),
            };
            let mut names = vec![a.name.clone()];
            names.extend(a.aliases.iter().cloned());
            for n in names {
                let letters = n.chars().filter(|c| c.is_alphanumeric()).count();
                // ISO two- and three-letter codes are not names in running text.
                if a.kind == ActorKind::State
                    && letters <= 3
                    && !["US", "UK", "USA"].contains(&n.as_str())
                {
                    continue;
                }
                let exact =
                    (letters <= 5 && n.chars().all(|c| !c.is_lowercase())).then(|| n.clone());
                g.add(&n, named.clone(), exact);
            }
        }
        for (adj, state) in reg.adjectives() {
            g.add(adj, Named::State(state.to_string()), None);
        }
        for grp in reg.groups() {
            let mut names = vec![grp.name.clone()];
            names.extend(grp.aliases.iter().cloned());
            for n in names {
                g.add(&n, Named::Group(grp.id.clone()), None);
            }
        }
        g
    }

    fn add(&mut self, name: &str, named: Named, exact: Option<String>) {
        let key = normalise(name);
        if key.is_empty() {
            return;
        }
        self.max_words = self.max_words.max(key.split(' ').count());
        // The first entry wins: organisations and people do not displace a state's name.
        self.entries.entry(key).or_insert(Entry { named, exact });
    }

    /// Every mention in `text`, longest first at each position, in order.
    pub fn scan(&self, text: &str) -> Vec<Mention> {
        let ws = words(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            let mut hit = None;
            for n in (1..=self.max_words.min(ws.len() - i)).rev() {
                let key: Vec<&str> = ws[i..i + n].iter().map(|w| w.2.as_str()).collect();
                let key = key.join(" ");
                let Some(e) = self.entries.get(&key) else {
                    continue;
                };
                let (s, end) = (ws[i].0, ws[i + n - 1].1);
                let written = &text[s..end];
                if let Some(x) = &e.exact
                    && written != x
                {
                    continue;
                }
                if !written.chars().next().is_some_and(char::is_uppercase) {
                    continue;
                }
                // "Lake Chad", "the Niger River", "the Chad Basin": places, not states.
                if matches!(e.named, Named::State(_)) {
                    let prev = i.checked_sub(1).map(|p| ws[p].2.as_str());
                    let next = ws.get(i + n).map(|w| w.2.as_str());
                    if prev == Some("lake")
                        || matches!(next, Some("river" | "basin" | "sea" | "lake" | "delta"))
                    {
                        continue;
                    }
                }
                hit = Some((
                    n,
                    Mention {
                        start: s,
                        end,
                        named: e.named.clone(),
                    },
                ));
                break;
            }
            match hit {
                Some((n, m)) => {
                    out.push(m);
                    i += n;
                }
                None => i += 1,
            }
        }
        for c in TITLED.captures_iter(text) {
            let name = c.name("name").unwrap();
            if out
                .iter()
                .any(|m| m.start < name.end() && name.start() < m.end)
            {
                continue;
            }
            // A registered person's surname alone is already found above.
            if self
                .reg
                .resolve(name.as_str())
                .is_ok_and(|a| a.kind == ActorKind::Person)
            {
                continue;
            }
            out.push(Mention {
                start: name.start(),
                end: name.end(),
                named: Named::Titled {
                    name: name.as_str().to_string(),
                    title: c["title"].to_string(),
                },
            });
        }
        out.sort_by_key(|m| m.start);
        out
    }

    /// Who acts, from the mentions in a subject: each person for their state or
    /// organisation at `date` (the states and bodies around them are their
    /// titles); else each state, organisation or group named (a group for its members).
    pub fn agents(&self, mentions: &[Mention], date: NaiveDate) -> Vec<Agent> {
        let mut out: Vec<Agent> = Vec::new();
        let push = |out: &mut Vec<Agent>, a: Agent| {
            if !out.iter().any(|x| x.actor == a.actor) {
                out.push(a);
            }
        };
        let people: Vec<&Mention> = mentions
            .iter()
            .filter(|m| matches!(m.named, Named::Person(_) | Named::Titled { .. }))
            .collect();
        if !people.is_empty() {
            for p in people {
                match &p.named {
                    Named::Person(id) => {
                        let name = self.reg.name_of(id).to_string();
                        let roles = self.reg.roles(id);
                        let role = roles.iter().find(|r| r.covers(date));
                        let actor = match role {
                            Some(r) => r.acts_for.clone(),
                            None if roles.is_empty() => id.clone(),
                            None => continue,
                        };
                        push(
                            &mut out,
                            Agent {
                                actor,
                                speaker: Some(name),
                            },
                        );
                    }
                    Named::Titled { name, .. } => {
                        // The nearest state or body named with the title.
                        let near = mentions
                            .iter()
                            .filter(|m| matches!(m.named, Named::State(_) | Named::Organisation(_)))
                            .min_by_key(|m| (m.start as i64 - p.start as i64).abs());
                        if let Some(Named::State(id) | Named::Organisation(id)) =
                            near.map(|m| &m.named)
                        {
                            push(
                                &mut out,
                                Agent {
                                    actor: id.clone(),
                                    speaker: Some(name.clone()),
                                },
                            );
                        }
                    }
                    _ => {}
                }
            }
            return out;
        }
        for m in mentions {
            match &m.named {
                Named::State(id) | Named::Organisation(id) => push(
                    &mut out,
                    Agent {
                        actor: id.clone(),
                        speaker: None,
                    },
                ),
                Named::Group(g) => {
                    if let Some(grp) = self.reg.group(g) {
                        for s in &grp.members {
                            push(
                                &mut out,
                                Agent {
                                    actor: s.clone(),
                                    speaker: None,
                                },
                            );
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Whether an actor id is a state.
    pub fn is_state(&self, id: &str) -> bool {
        self.reg.get(id).is_some_and(|a| a.kind == ActorKind::State)
    }

    /// The registry's display name of an id.
    pub fn name(&self, id: &str) -> String {
        self.reg.name_of(id).to_string()
    }

    /// The group a mention names, by its display name.
    pub fn group_name(&self, id: &str) -> Option<String> {
        self.reg.group(id).map(|g| g.name.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_people_and_groups_are_found() {
        let reg = Registry::bundled();
        let g = Gazetteer::new(reg);
        let ms = g.scan("Kazakh President Kassym-Jomart Tokayev backed Azerbaijan's plan for the Caspian states.");
        let named: Vec<_> = ms.iter().map(|m| m.named.clone()).collect();
        assert_eq!(
            named,
            vec![
                Named::State("KAZ".into()),
                Named::Person("kassym-jomart-tokayev".into()),
                Named::State("AZE".into()),
                Named::Group("caspian-littoral".into()),
            ]
        );
        let d = NaiveDate::from_ymd_opt(2024, 11, 12).unwrap();
        let agents = g.agents(&ms[..2], d);
        assert_eq!(
            agents,
            vec![Agent {
                actor: "KAZ".into(),
                speaker: Some("Kassym-Jomart Tokayev".into())
            }]
        );
    }

    #[test]
    fn lake_chad_is_not_chad() {
        let g = Gazetteer::new(Registry::bundled());
        assert!(g.scan("Lake Chad is shrinking.").is_empty());
        assert_eq!(g.scan("Chad acceded.").len(), 1);
    }
}
