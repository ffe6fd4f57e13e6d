//! Numbered citations. Identical sources (same publisher, date, title, URL and
//! quote) share one number; numbers follow the date of the first act each
//! source evidences, so a later act adds a source at the end rather than
//! renumbering the ones before it.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::view::{Cite, Report};
use crate::projection::Projection;

/// Where a source first appears in time: (the act's date sort key, log position, ordinal).
type When = (String, i64, i64);

/// What makes two source rows the same citation.
type Identity = (String, String, String, Option<String>, String);

struct Entry {
    cite: Cite,
    first: When,
}

/// Collects citations while a report is built; [`Citer::finish`] numbers them.
pub struct Citer<'a> {
    p: &'a Projection,
    when: BTreeMap<Uuid, (String, i64)>,
    index: BTreeMap<Identity, usize>,
    entries: Vec<Entry>,
}

impl<'a> Citer<'a> {
    pub fn new(p: &'a Projection) -> Self {
        Citer {
            p,
            when: p
                .timeline
                .values()
                .map(|t| (t.event_id, (t.sort_key.clone(), t.log_position)))
                .collect(),
            index: BTreeMap::new(),
            entries: Vec::new(),
        }
    }

    /// Provisional numbers of the sources of one event.
    pub fn of(&mut self, event: Uuid) -> Vec<usize> {
        self.of_all(&[event])
    }

    /// Provisional numbers of the sources of several events (each number once).
    pub fn of_all(&mut self, events: &[Uuid]) -> Vec<usize> {
        let mut out = Vec::new();
        for e in events {
            let (key, pos) = self
                .when
                .get(e)
                .cloned()
                .unwrap_or_else(|| ("~".to_string(), i64::MAX));
            for s in self.p.sources_of(*e) {
                let first = (key.clone(), pos, s.ordinal);
                let id: Identity = (
                    s.publisher.clone(),
                    s.published.clone(),
                    s.title.clone(),
                    s.url.clone(),
                    s.quote.clone(),
                );
                let n = match self.index.get(&id) {
                    Some(&i) => {
                        if first < self.entries[i].first {
                            self.entries[i].first = first;
                        }
                        i + 1
                    }
                    None => {
                        self.entries.push(Entry {
                            cite: Cite {
                                number: 0,
                                publisher: s.publisher.clone(),
                                published: s.published.clone(),
                                title: s.title.clone(),
                                url: s.url.clone(),
                                quote: s.quote.clone(),
                                note: s.note.clone(),
                            },
                            first,
                        });
                        self.index.insert(id, self.entries.len() - 1);
                        self.entries.len()
                    }
                };
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    }

    /// Numbers the sources by the date of the first act each evidences, rewrites every
    /// provisional number in the report, and lists the sources.
    pub fn finish(self, r: &mut Report) {
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by(|a, b| {
            self.entries[*a]
                .first
                .cmp(&self.entries[*b].first)
                .then(a.cmp(b))
        });
        // final_of[provisional - 1] = final number
        let mut final_of = vec![0; order.len()];
        for (n, i) in order.iter().enumerate() {
            final_of[*i] = n + 1;
        }
        let fix = |v: &mut Vec<usize>| {
            for n in v.iter_mut() {
                *n = final_of[*n - 1];
            }
            v.sort_unstable();
            v.dedup();
        };
        if let Some(a) = &mut r.summary.latest {
            fix(&mut a.sources);
        }
        for a in r.summary.changes.iter_mut().flatten() {
            fix(&mut a.sources);
        }
        for i in &mut r.initiatives {
            fix(&mut i.sources);
            for l in &mut i.states {
                fix(&mut l.sources);
            }
            for l in &mut i.standings {
                fix(&mut l.sources);
            }
        }
        for row in &mut r.matrix.cells {
            for c in row {
                fix(&mut c.sources);
            }
        }
        for c in &mut r.commitments {
            fix(&mut c.sources);
        }
        for x in &mut r.meetings {
            fix(&mut x.sources);
        }
        for a in &mut r.timeline.acts {
            fix(&mut a.sources);
        }
        let mut entries: Vec<Option<Entry>> = self.entries.into_iter().map(Some).collect();
        r.sources = order
            .iter()
            .enumerate()
            .filter_map(|(n, i)| {
                entries[*i].take().map(|e| Cite {
                    number: n + 1,
                    ..e.cite
                })
            })
            .collect();
    }
}
