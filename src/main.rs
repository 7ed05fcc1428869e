/// mimalloc rather than the system allocator: an import of 100k rows makes
/// and frees millions of small buffers (most of them in sled), and spends a
/// quarter of its time in glibc's malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    quiet_on_closed_pipe();
    accord::cli::main()
}

/// `accord history | head` ends when `head` has seen enough, as every other
/// command-line tool does, instead of reporting a failed write (Rust
/// ignores SIGPIPE by default, which turns it into a panic in `println!`).
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE at start-up,
    // before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
