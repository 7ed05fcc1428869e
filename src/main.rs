/// mimalloc rather than the system allocator: an import of 100k rows makes
/// and frees millions of small buffers (most of them in sled), and spends a
/// quarter of its time in glibc's malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // SIGPIPE stays ignored, as Rust leaves it: a reader that goes away
    // early (`accord history | head`) is a failed write, which ends the
    // command quietly and closes the database on the way out (see
    // `cli::out`). Dying by the signal instead left sled open mid-command.
    accord::cli::main()
}
