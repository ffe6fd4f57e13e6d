//! Keeps the calling thread awake while SQLite's worker thread runs a write
//! transaction's statements.
//!
//! sqlx runs each SQLite statement on a worker thread of its own. When the
//! calling thread sleeps until the answer comes, every statement pays for waking
//! it up again: on a 2-core machine that is most of a statement's ~90 µs round
//! trip, and a single append runs about ten. While a write transaction holds the
//! store's write lock, the runtime's thread keeps yielding instead, so an answer
//! is picked up as soon as it arrives (~35 µs a round trip). This spends one core
//! for the duration of the write, so it is done only where the worker has another
//! core to run on.

use std::future::Future;
use std::sync::LazyLock;

/// Whether to poll: the machine has a core for the worker besides the calling
/// thread's, and `ACCORD_NO_SPIN` does not turn it off.
static POLL: LazyLock<bool> = LazyLock::new(|| {
    std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
        && std::env::var_os("ACCORD_NO_SPIN").is_none()
});

/// Runs `work` to completion, polling it again each time the runtime comes round
/// instead of letting the thread sleep while it waits (see the module doc).
pub(crate) async fn polling<F: Future>(work: F) -> F::Output {
    if !*POLL {
        return work.await;
    }
    // Never ends: each yield puts the task straight back on the runtime's queue, so
    // the runtime checks for I/O without blocking and polls `work` again.
    let keep_awake = async {
        loop {
            tokio::task::yield_now().await;
        }
    };
    tokio::select! {
        biased;
        out = work => out,
        () = keep_awake => unreachable!("the keep-awake loop never ends"),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::polling;

    #[tokio::test]
    async fn a_write_that_waits_on_another_thread_still_returns_its_answer() {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let worker = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            tx.send(42).expect("the receiver waits");
        });
        let answer = polling(async { rx.await.expect("the worker answers") }).await;
        assert_eq!(answer, 42);
        worker.join().expect("the worker ends");
    }

    #[tokio::test]
    async fn an_error_comes_back_unchanged() {
        let out: Result<(), String> = polling(async { Err("refused".to_string()) }).await;
        assert_eq!(out, Err("refused".to_string()));
    }
}
