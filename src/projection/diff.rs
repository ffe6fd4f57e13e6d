//! The difference between two sets of rows: what a backend must upsert and
//! delete to turn the stored rows into the newly computed ones.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::rows::Projection;

/// Keys of rows to delete, per table.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Deletes {
    pub initiatives: Vec<String>,
    pub positions: Vec<(String, String)>,
    pub commitments: Vec<(String, String)>,
    pub meetings: Vec<String>,
    pub standings: Vec<(String, String)>,
    pub timeline: Vec<i64>,
    pub sources: Vec<(Uuid, i64)>,
}

/// Rows to write and keys to delete.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Delta {
    pub upsert: Projection,
    pub delete: Deletes,
}

impl Delta {
    pub fn is_empty(&self) -> bool {
        self.upsert.row_count() == 0 && self.delete == Deletes::default()
    }

    /// Adds the changes of another stream (rows of distinct streams never collide).
    pub fn absorb(&mut self, other: Delta) {
        self.upsert.merge(other.upsert);
        let (d, o) = (&mut self.delete, other.delete);
        d.initiatives.extend(o.initiatives);
        d.positions.extend(o.positions);
        d.commitments.extend(o.commitments);
        d.meetings.extend(o.meetings);
        d.standings.extend(o.standings);
        d.timeline.extend(o.timeline);
        d.sources.extend(o.sources);
    }
}

fn table<K: Ord + Clone, V: PartialEq + Clone>(
    before: &BTreeMap<K, V>,
    after: &BTreeMap<K, V>,
    upsert: &mut BTreeMap<K, V>,
    delete: &mut Vec<K>,
) {
    for (k, v) in after {
        if before.get(k) != Some(v) {
            upsert.insert(k.clone(), v.clone());
        }
    }
    for k in before.keys() {
        if !after.contains_key(k) {
            delete.push(k.clone());
        }
    }
}

/// What turns `before` into `after`.
pub fn diff(before: &Projection, after: &Projection) -> Delta {
    let mut d = Delta::default();
    table(
        &before.initiatives,
        &after.initiatives,
        &mut d.upsert.initiatives,
        &mut d.delete.initiatives,
    );
    table(
        &before.positions,
        &after.positions,
        &mut d.upsert.positions,
        &mut d.delete.positions,
    );
    table(
        &before.commitments,
        &after.commitments,
        &mut d.upsert.commitments,
        &mut d.delete.commitments,
    );
    table(
        &before.meetings,
        &after.meetings,
        &mut d.upsert.meetings,
        &mut d.delete.meetings,
    );
    table(
        &before.standings,
        &after.standings,
        &mut d.upsert.standings,
        &mut d.delete.standings,
    );
    table(
        &before.timeline,
        &after.timeline,
        &mut d.upsert.timeline,
        &mut d.delete.timeline,
    );
    table(
        &before.sources,
        &after.sources,
        &mut d.upsert.sources,
        &mut d.delete.sources,
    );
    d
}
