/// mimalloc rather than the system allocator: an import of 100k rows makes
/// and frees millions of small buffers (most of them in sled), and spends a
/// quarter of its time in glibc's malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    accord::cli::main()
}
