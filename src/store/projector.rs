//! Keeping the projections of the streams a write touches up to date, inside
//! the write's transaction. An act that is its stream's latest by date is
//! applied in place to the stream's rows; anything else (a late-logged act, a
//! correction, an added source) refolds the stream from its events. Rows are
//! loaded as acts need them: a declaration, a withdrawal or a commitment's act
//! loads only its initiatives and its actors' rows, and the initiatives' counts
//! are moved by the positions that changed; other acts load all of the stream's
//! rows but its timeline and sources, and the counts are computed from them. At
//! the end the source counts of the rows the write touched are recomputed
//! (reading only their sources), and only the rows that changed are written.

use std::collections::{BTreeMap, BTreeSet};

use super::backend::{RawEvent, WriteTx};
use crate::domain::event::EventData;
use crate::domain::event::StoredEvent;
use crate::error::Result;
use crate::projection::fold::Act;
use crate::projection::fold::{
    count_sources, finalize_some, recount, status, touches_only_its_actors,
};
use crate::projection::{Census, Delta, Projection, apply, diff, fold};

/// What a write knows of one stream.
pub struct StreamWork {
    /// The stream's version, this write's events included.
    pub version: i64,
    /// The stream's version before the write.
    pub start_version: i64,
    /// Whether the caller's expected version was checked.
    pub expected_checked: bool,
    /// Rows loaded before the write (without the timeline and sources).
    before: Projection,
    /// Which of the stream's rows `before` holds.
    loaded: Loaded,
    /// The stream's rows as of now, this write included.
    pub state: Projection,
    /// The stream's events logged before this write, loaded when needed.
    logged: Option<Vec<StoredEvent>>,
    /// This write's events on the stream.
    pub new: Vec<StoredEvent>,
    /// The act keys of this write's events on the stream (index into `new`).
    keys: std::collections::HashMap<String, usize>,
    max_sort: Option<String>,
    refold: bool,
}

/// Which of a stream's rows (timeline and sources aside) have been loaded.
enum Loaded {
    /// All of them (or the stream is new).
    All,
    /// The initiatives, and these actors' positions and commitments.
    Some(BTreeSet<String>),
    /// None yet.
    Nothing,
}

/// The streams touched by one write transaction.
pub struct Projector {
    /// The last global position before the write.
    start: i64,
    work: BTreeMap<String, StreamWork>,
    /// Versions of existing streams, learnt by `prefetch`.
    versions: BTreeMap<String, i64>,
}

pub fn decode_all(raw: Vec<RawEvent>) -> Result<Vec<StoredEvent>> {
    raw.into_iter().map(RawEvent::decode).collect()
}

impl Projector {
    pub fn new(start: i64) -> Self {
        Projector {
            start,
            work: BTreeMap::new(),
            versions: BTreeMap::new(),
        }
    }

    /// Learns the versions of the streams a write will touch in one query; a stream
    /// with no events yet has no rows either, so nothing more is read for it.
    pub async fn prefetch<T: WriteTx>(&mut self, tx: &mut T, streams: &[String]) -> Result<()> {
        let wanted: Vec<String> = streams
            .iter()
            .filter(|s| !self.work.contains_key(*s))
            .cloned()
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let versions = tx.stream_versions(&wanted).await?;
        for s in wanted {
            if let Some(v) = versions.get(&s) {
                self.versions.insert(s, *v);
                continue;
            }
            self.work.insert(
                s,
                StreamWork {
                    version: 0,
                    start_version: 0,
                    expected_checked: false,
                    state: Projection::default(),
                    before: Projection::default(),
                    loaded: Loaded::All,
                    logged: Some(Vec::new()),
                    new: Vec::new(),
                    keys: Default::default(),
                    max_sort: None,
                    refold: false,
                },
            );
        }
        Ok(())
    }

    /// The stream's working state, its version learnt on first use (its rows are
    /// loaded by `prepare`).
    pub async fn stream<T: WriteTx>(
        &mut self,
        tx: &mut T,
        stream: &str,
    ) -> Result<&mut StreamWork> {
        if !self.work.contains_key(stream) {
            let version = match self.versions.get(stream) {
                Some(v) => *v,
                None => tx.stream_version(stream).await?,
            };
            let max_sort = tx.stream_max_sort_key(stream).await?;
            self.work.insert(
                stream.to_string(),
                StreamWork {
                    version,
                    start_version: version,
                    expected_checked: false,
                    state: Projection::default(),
                    before: Projection::default(),
                    loaded: Loaded::Nothing,
                    logged: None,
                    new: Vec::new(),
                    keys: Default::default(),
                    max_sort,
                    refold: false,
                },
            );
        }
        Ok(self.work.get_mut(stream).expect("inserted"))
    }

    /// Loads the rows of the stream an act reads or changes, if not loaded yet:
    /// after this, `StreamWork::state` holds every row validating or applying
    /// the act looks at.
    pub async fn prepare<T: WriteTx>(
        &mut self,
        tx: &mut T,
        stream: &str,
        act: &EventData,
    ) -> Result<&mut StreamWork> {
        let w = self.stream(tx, stream).await?;
        if w.refold {
            // The stream's rows were folded whole from its events.
            return Ok(w);
        }
        let narrow = touches_only_its_actors(&act.payload);
        match &mut w.loaded {
            Loaded::All => {}
            Loaded::Some(actors) if narrow => {
                let wanted: Vec<String> = act
                    .actors
                    .iter()
                    .filter(|a| !actors.contains(*a))
                    .cloned()
                    .collect();
                if !wanted.is_empty() {
                    actors.extend(wanted.iter().cloned());
                    let rows = tx.stream_rows_of(stream, &wanted).await?;
                    w.take_loaded(rows);
                }
            }
            Loaded::Nothing if narrow => {
                let rows = tx.stream_rows_of(stream, &act.actors).await?;
                w.take_loaded(rows);
                w.loaded = Loaded::Some(act.actors.iter().cloned().collect());
            }
            _ => {
                let rows = tx.stream_rows(stream, false).await?;
                w.take_loaded(rows);
                w.loaded = Loaded::All;
            }
        }
        Ok(w)
    }

    /// This write's events on a stream so far.
    pub fn new_events(&self, stream: &str) -> &[StoredEvent] {
        self.work
            .get(stream)
            .map(|w| w.new.as_slice())
            .unwrap_or(&[])
    }

    /// This write's event on a stream with this act key, if any.
    pub fn new_event_by_key(&self, stream: &str, key: &str) -> Option<&StoredEvent> {
        let w = self.work.get(stream)?;
        w.keys.get(key).map(|i| &w.new[*i])
    }

    /// Every event of the stream: logged before the write, then this write's.
    pub async fn all_events<T: WriteTx>(
        &mut self,
        tx: &mut T,
        stream: &str,
    ) -> Result<Vec<StoredEvent>> {
        let start = self.start;
        let w = self.stream(tx, stream).await?;
        if w.logged.is_none() {
            let raw = tx.stream_events(stream).await?;
            w.logged = Some(decode_all(
                raw.into_iter().filter(|e| e.position <= start).collect(),
            )?);
        }
        Ok(w.logged
            .iter()
            .flatten()
            .chain(w.new.iter())
            .cloned()
            .collect())
    }

    /// Takes an event just inserted into the log into the stream's projections.
    pub async fn record<T: WriteTx>(&mut self, tx: &mut T, stored: StoredEvent) -> Result<()> {
        let stream = stored.stream.clone();
        let sort = stored.data.date.sort_key();
        let key = stored.data.act_key();
        let w = self.stream(tx, &stream).await?;
        if let Some(k) = key {
            w.keys.entry(k).or_insert(w.new.len());
        }
        let late = w.max_sort.as_ref().is_some_and(|m| *m > sort);
        let mut in_place = !stored.kind.is_meta() && !w.refold;
        if in_place && late {
            // A late act commutes with the later acts when none of them touches its rows.
            in_place = !w
                .new
                .iter()
                .any(|e| e.data.date.sort_key() > sort && conflicts(e, &stored));
            if in_place && w.start_version > 0 {
                let kinds: Vec<&str> = stored
                    .kind
                    .conflicts_beyond_actors()
                    .iter()
                    .map(|k| k.as_str())
                    .collect();
                in_place = !tx
                    .later_acts_touch(&stream, &sort, &kinds, &stored.data.actors)
                    .await?;
            }
        }
        if in_place {
            self.prepare(tx, &stream, &stored.data).await?;
        }
        let w = self.work.get_mut(&stream).expect("loaded");
        if in_place {
            apply(
                &mut w.state,
                &Act {
                    id: stored.id,
                    position: stored.position,
                    stream: &stored.stream,
                    data: std::borrow::Cow::Borrowed(&stored.data),
                    amended: false,
                },
            );
            if !late {
                w.max_sort = Some(sort);
            }
            w.new.push(stored);
        } else {
            w.refold = true;
            w.new.push(stored);
            let all = self.all_events(tx, &stream).await?;
            let w = self.work.get_mut(&stream).expect("loaded");
            w.state = fold(all.iter(), None);
            w.max_sort = w.state.timeline.values().map(|t| t.sort_key.clone()).max();
        }
        Ok(())
    }

    /// Writes the rows that changed, for every stream in one set of statements.
    pub async fn finish<T: WriteTx>(self, tx: &mut T) -> Result<()> {
        let mut all = Delta::default();
        for (stream, w) in self.work {
            if w.new.is_empty() {
                continue;
            }
            let delta = if w.refold {
                let before = tx.stream_rows(&stream, true).await?;
                diff(&before, &w.state)
            } else {
                let (mut before, mut state) = (w.before, w.state);
                let some = matches!(w.loaded, Loaded::Some(_));
                counted(tx, &mut before, &mut state, w.start_version > 0, some).await?;
                if before.row_count() == 0 {
                    // A new stream: every row is new, nothing to compare or copy.
                    Delta {
                        upsert: state,
                        ..Delta::default()
                    }
                } else {
                    diff(&before, &state)
                }
            };
            all.absorb(delta);
        }
        if !all.is_empty() {
            tx.write_rows(&all).await?;
        }
        Ok(())
    }
}

impl StreamWork {
    /// Takes in rows just read from the store: each is how the row stood before
    /// the write, and how it stands now unless this write has changed it already.
    fn take_loaded(&mut self, rows: Projection) {
        fn each<K: Ord + Clone, V: Clone>(
            before: &mut BTreeMap<K, V>,
            now: &mut BTreeMap<K, V>,
            rows: BTreeMap<K, V>,
        ) {
            for (k, v) in rows {
                now.entry(k.clone()).or_insert_with(|| v.clone());
                before.insert(k, v);
            }
        }
        let (b, s) = (&mut self.before, &mut self.state);
        each(&mut b.initiatives, &mut s.initiatives, rows.initiatives);
        each(&mut b.positions, &mut s.positions, rows.positions);
        each(&mut b.commitments, &mut s.commitments, rows.commitments);
        each(&mut b.meetings, &mut s.meetings, rows.meetings);
        each(&mut b.standings, &mut s.standings, rows.standings);
        each(&mut b.timeline, &mut s.timeline, rows.timeline);
        each(&mut b.sources, &mut s.sources, rows.sources);
    }
}

/// Whether two acts may not be applied in either order (see `Kind::conflicts_beyond_actors`).
fn conflicts(a: &StoredEvent, b: &StoredEvent) -> bool {
    a.kind.is_meta()
        || b.kind.conflicts_beyond_actors().contains(&a.kind)
        || a.data.actors.iter().any(|x| b.data.actors.contains(x))
}

/// Recomputes the derived counts of the rows acts were applied to in place: the
/// source counts of the positions and standings whose evidence changed (reading
/// the sources of their earlier evidence when the stream existed before), and
/// the initiatives' counts: from their positions, or when only `some` of those
/// were loaded, by the positions that changed.
async fn counted<T: WriteTx>(
    tx: &mut T,
    before: &mut Projection,
    state: &mut Projection,
    existed: bool,
    some: bool,
) -> Result<()> {
    let positions: Vec<(String, String)> = state
        .positions
        .iter()
        .filter(|(k, r)| before.positions.get(*k).map(|b| &b.evidence) != Some(&r.evidence))
        .map(|(k, _)| k.clone())
        .collect();
    let standings: Vec<(String, String)> = state
        .standings
        .iter()
        .filter(|(k, r)| before.standings.get(*k).map(|b| &b.evidence) != Some(&r.evidence))
        .map(|(k, _)| k.clone())
        .collect();
    if existed {
        let mut wanted: Vec<uuid::Uuid> = positions
            .iter()
            .flat_map(|k| state.positions[k].evidence.iter())
            .chain(
                standings
                    .iter()
                    .flat_map(|k| state.standings[k].evidence.iter()),
            )
            .filter(|e| state.sources_of(**e).next().is_none())
            .copied()
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        if !wanted.is_empty() {
            for row in tx.sources_of_events(&wanted).await? {
                let key = (row.event_id, row.ordinal);
                before.sources.insert(key, row.clone());
                state.sources.insert(key, row);
            }
        }
    }
    if !some {
        finalize_some(state, &positions, &standings);
        return Ok(());
    }
    count_sources(state, &positions, &standings);
    for (id, row) in state.initiatives.iter_mut() {
        let mut changed = false;
        for ((_, s), r) in state
            .positions
            .range((id.clone(), String::new())..)
            .take_while(|((i, _), _)| i == id)
        {
            let old = before
                .positions
                .get(&(id.clone(), s.clone()))
                .map(|b| b.position);
            if old != Some(r.position) {
                recount(row, s, old, Some(r.position));
                changed = true;
            }
        }
        if !changed {
            continue;
        }
        // Whether every state in scope backs it: only possible when none is silent.
        let all_back = if row.silent > 0 || row.scope.is_empty() {
            false
        } else {
            let key = |s: &String| (id.clone(), s.clone());
            let unloaded: Vec<String> = row
                .scope
                .iter()
                .filter(|s| !state.positions.contains_key(&key(s)))
                .cloned()
                .collect();
            let held = if unloaded.is_empty() {
                Census::new()
            } else {
                tx.positions_held(id, &unloaded).await?
            };
            row.scope.iter().all(|s| {
                state
                    .positions
                    .get(&key(s))
                    .map(|r| r.position)
                    .or_else(|| held.get(&key(s)).copied())
                    .is_some_and(|x| x.backs())
            })
        };
        row.status = status(row, all_back).to_string();
    }
    Ok(())
}
