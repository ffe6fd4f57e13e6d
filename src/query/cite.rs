//! Numbered source citations shared by the views: each distinct source gets
//! one number, and every fact points to its numbers.

use serde::Serialize;
use uuid::Uuid;

use crate::projection::{Projection, SourceRow};

/// One source cited by a view.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Cite {
    pub number: usize,
    pub publisher: String,
    pub published: String,
    pub title: String,
    pub url: Option<String>,
    pub quote: String,
}

/// The numbered list of sources a view cites.
#[derive(Debug, Default, Clone)]
pub struct Citations {
    pub list: Vec<Cite>,
}

impl Citations {
    /// The number of a source, adding it when new.
    pub fn number(&mut self, s: &SourceRow) -> usize {
        if let Some(c) = self.list.iter().find(|c| {
            c.url == s.url && c.title == s.title && c.publisher == s.publisher && c.quote == s.quote
        }) {
            return c.number;
        }
        let n = self.list.len() + 1;
        self.list.push(Cite {
            number: n,
            publisher: s.publisher.clone(),
            published: s.published.clone(),
            title: s.title.clone(),
            url: s.url.clone(),
            quote: s.quote.clone(),
        });
        n
    }

    /// The numbers of every source of some events.
    pub fn numbers(&mut self, p: &Projection, events: &[Uuid]) -> Vec<usize> {
        let mut out = Vec::new();
        for e in events {
            for s in p.sources_of(*e) {
                let n = self.number(s);
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    }
}
