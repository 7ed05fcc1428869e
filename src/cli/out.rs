//! Standard output for commands. A reader that goes away early
//! (`accord history | head -1`) ends the command quietly, the way it
//! returns from any failure: the store is closed as usual on the way out,
//! so the next command finds the database closed cleanly. (A process killed
//! by SIGPIPE mid-command left it open, and the next one kept a full copy.)

use std::io::Write;

use rust_i18n::t;

use super::{CmdResult, Failure};

/// Writes `text` to standard output and flushes it.
pub fn text(text: &str) -> CmdResult {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(failure)
}

/// Writes `args` and a newline to standard output.
pub fn line(args: std::fmt::Arguments<'_>) -> CmdResult {
    let mut out = std::io::stdout().lock();
    out.write_fmt(args)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .map_err(failure)
}

/// The failure for a write to standard output: quiet when the reader has
/// gone away, a sentence otherwise (a full disk behind `>`).
pub fn failure(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::reader_gone()
    } else {
        t!("cli.list.cannot_print", reason = e.to_string())
            .into_owned()
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_gone_is_quiet_and_any_other_write_failure_is_a_sentence() {
        let gone = failure(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(gone.is_quiet());
        let full = failure(std::io::Error::other("No space left on device"));
        assert!(!full.is_quiet());
        assert!(
            full.message.contains("No space left on device"),
            "{}",
            full.message
        );
    }
}
