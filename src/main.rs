fn main() -> std::process::ExitCode {
    accord::cli::main()
}
