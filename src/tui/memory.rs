//! The interface's resident size is what it holds, not what it once
//! needed.
//!
//! The binary allocates with mimalloc (see `main.rs`), which keeps the
//! pages freed by each thread a second before it returns them to the
//! system, and returns them only when that thread allocates again: what
//! start-up decoded, the index thread's copy of the records, a search's
//! candidates and sled's buffers stayed resident. At 100k records
//! (`/proc/PID/status`, same database, same script) returning them at once
//! took 8–10 MB off the session's resident size at every step, and the
//! first frame took no longer. Commands of the command line keep the
//! default: an import frees millions of small buffers, and would pay a
//! system call for many of them.

use libmimalloc_sys as mi;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (the crate names
/// only some options): how many milliseconds freed memory is kept before
/// it goes back to the system (1,000: a second, by default).
const PURGE_DELAY: mi::mi_option_t = 15;

/// From now on, freed memory goes back to the system at once.
pub fn give_back_promptly() {
    // SAFETY: sets one of mimalloc's options, which it reads whenever it
    // frees memory; no allocation is touched.
    unsafe { mi::mi_option_set(PURGE_DELAY, 0) }
}

/// Returns the memory this thread's heap has freed to the system now: once
/// start-up is over, and whenever the interface falls idle after work.
pub fn give_back() {
    // SAFETY: mi_collect frees nothing in use: it returns the pages the
    // heap no longer uses (a no-op where mimalloc is not the allocator,
    // as in tests).
    unsafe { mi::mi_collect(true) }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of glibc's heap (what C
    // libraries allocate) to the system; it touches no allocation in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_the_option_before_numa_nodes() {
        // mimalloc's option list: purge_delay comes right before
        // use_numa_nodes, which the crate names.
        assert_eq!(PURGE_DELAY + 1, mi::mi_option_use_numa_nodes);
        // SAFETY: reads an option.
        let default = unsafe { mi::mi_option_get(PURGE_DELAY) };
        assert!(default == 1000 || default == 0, "{default}");
    }
}
