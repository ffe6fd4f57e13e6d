//! Rebuilding every projection from the log, shared by every backend.
//!
//! One write transaction reads the log in pages of events in (stream, version)
//! order and writes the folded rows of many streams together (a few thousand at
//! a time), so the number of statements does not grow with the number of
//! streams. Decoding and folding run on a thread of their own, so they overlap
//! with the database's work on the pages and rows before and after them; the
//! channels between the two hold at most a few pages, so memory does not grow
//! with the log. The secondary indexes are dropped first and built again at the
//! end, from sorted rows, rather than updated row by row in random order.

use tokio::sync::mpsc;

use super::backend::{RawEvent, WriteTx};
use crate::domain::event::StoredEvent;
use crate::error::{Error, Result};
use crate::projection::{Delta, fold};

/// Rows folded before they are handed over to be written.
const ROWS_PER_WRITE: usize = 5000;
/// Events read per page.
const EVENTS_PER_PAGE: i64 = 2000;
/// Pages read ahead of the folding.
const PAGES_AHEAD: usize = 2;

/// What a rebuild did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RebuildReport {
    pub events: i64,
    pub streams: i64,
    pub rows: i64,
}

/// Rebuilds every projection from the log in one transaction.
pub async fn rebuild<T: WriteTx>(mut tx: T) -> Result<RebuildReport> {
    tx.clear_projections().await?;
    let indexes = tx.drop_projection_indexes().await?;

    let (pages, pages_rx) = mpsc::channel::<Vec<RawEvent>>(PAGES_AHEAD);
    // Unbounded, so the folding never waits for the writing while the writing waits
    // to hand it a page; what it holds is bounded by the pages handed over.
    let (deltas_tx, mut deltas) = mpsc::unbounded_channel::<Result<Delta>>();
    let folder = tokio::task::spawn_blocking(move || fold_pages(pages_rx, deltas_tx));

    let mut pages = Some(pages);
    let mut after = (String::new(), 0);
    while let Some(sender) = &pages {
        let page = tx.events_page(&after, EVENTS_PER_PAGE).await?;
        let last_page = (page.len() as i64) < EVENTS_PER_PAGE;
        if let Some(last) = page.last() {
            after = (last.stream.clone(), last.version);
        }
        // A failed send means the folding stopped; its error is waiting among the deltas.
        if sender.send(page).await.is_err() || last_page {
            pages = None;
        }
        while let Ok(delta) = deltas.try_recv() {
            tx.write_rows(&delta?).await?;
        }
    }
    while let Some(delta) = deltas.recv().await {
        tx.write_rows(&delta?).await?;
    }
    let report = folder
        .await
        .map_err(|e| Error::Integrity(format!("the rebuild's folding stopped: {e}")))?;

    tx.create_indexes(&indexes).await?;
    tx.commit().await?;
    Ok(report)
}

/// Decodes the pages, folds each stream once its last event is in, and sends the
/// rows on whenever enough have gathered (the last rows when the pages end).
fn fold_pages(
    mut pages: mpsc::Receiver<Vec<RawEvent>>,
    deltas: mpsc::UnboundedSender<Result<Delta>>,
) -> RebuildReport {
    let mut report = RebuildReport::default();
    let mut pending = Delta::default();
    // The events read so far of the stream being read.
    let mut stream: Vec<StoredEvent> = Vec::new();
    let mut fold_stream = |events: &mut Vec<StoredEvent>, pending: &mut Delta| {
        if events.is_empty() {
            return;
        }
        report.events += events.len() as i64;
        report.streams += 1;
        let p = fold(events.iter(), None);
        report.rows += p.row_count() as i64;
        pending.upsert.merge(p);
        events.clear();
    };
    while let Some(page) = pages.blocking_recv() {
        for raw in page {
            if stream.first().is_some_and(|e| e.stream != raw.stream) {
                fold_stream(&mut stream, &mut pending);
            }
            match raw.decode() {
                Ok(event) => stream.push(event),
                Err(e) => {
                    let _ = deltas.send(Err(e));
                    return report;
                }
            }
        }
        if pending.upsert.row_count() >= ROWS_PER_WRITE
            && deltas.send(Ok(std::mem::take(&mut pending))).is_err()
        {
            return report;
        }
    }
    fold_stream(&mut stream, &mut pending);
    if !pending.is_empty() {
        let _ = deltas.send(Ok(pending));
    }
    report
}
