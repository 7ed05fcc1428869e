//! Closing the terminal window (SIGHUP), `kill` (SIGTERM) or SIGQUIT end
//! the interface the way `q` does: the event loop sees the request within
//! a tick, the start-up copy is written and the database closed. Dying by
//! the signal instead left the database open, and the next start kept a
//! full copy of its files beside it.
//!
//! A closed window leaves a terminal that reading never waits on again:
//! crossterm then keeps reading it and never returns to the event loop.
//! So when the loop has not ended a moment after the signal and is still
//! inside crossterm, where nothing is being written, the store is closed
//! from here and the process ends.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::store::Store;

/// A signal asked the interface to end.
static ASKED: AtomicBool = AtomicBool::new(false);
/// The event loop is waiting on crossterm for input.
static WAITING: AtomicBool = AtomicBool::new(false);
/// The event loop has ended; the interface closes the store itself.
static LEFT: AtomicBool = AtomicBool::new(false);

/// How long the event loop has to end by itself after a signal (a live
/// terminal returns to it every 200 ms at most).
const GRACE: Duration = Duration::from_secs(2);

/// Starts noticing the signals, on a thread of their own.
pub fn watch(store: Arc<dyn Store>) {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGQUIT, SIGTERM};
        // Without the handler the signals keep their default: the process
        // ends as before, which is all that is lost.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGQUIT])
        else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("accord-signals".into())
            .spawn(move || {
                let Some(signal) = signals.forever().next() else {
                    return;
                };
                ASKED.store(true, Ordering::SeqCst);
                let step = Duration::from_millis(50);
                let mut waited = Duration::ZERO;
                while waited < GRACE {
                    if LEFT.load(Ordering::SeqCst) {
                        return;
                    }
                    std::thread::sleep(step);
                    waited += step;
                }
                if !LEFT.load(Ordering::SeqCst) && WAITING.load(Ordering::SeqCst) {
                    store.close();
                    std::process::exit(128 + signal);
                }
            });
    }
    #[cfg(not(unix))]
    let _ = store;
}

/// Whether a signal asked the interface to end.
pub fn asked() -> bool {
    ASKED.load(Ordering::SeqCst)
}

/// Runs `read` (crossterm waiting for input), noted as such.
pub fn waiting<T>(read: impl FnOnce() -> T) -> T {
    WAITING.store(true, Ordering::SeqCst);
    let r = read();
    WAITING.store(false, Ordering::SeqCst);
    r
}

/// The event loop has ended: closing is the interface's own from here.
pub fn left() {
    LEFT.store(true, Ordering::SeqCst);
}
