//! Files written through a temporary file in the same directory and renamed
//! into place, so an interrupted export never leaves half a file under the
//! real name.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::{ExchangeError, Result};

/// The name writers give the stream they write to; replaced by the file.
pub const OUTPUT: &str = "the output";

/// Streams `fill` into `path` atomically.
pub fn write_file(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let shown = path.display().to_string();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "export".into());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let file = File::create(&tmp).map_err(|e| ExchangeError::write(&shown, e))?;
    let mut w = BufWriter::with_capacity(1 << 16, file);
    let result = fill(&mut w)
        .and_then(|_| w.flush().map_err(|e| ExchangeError::write(&shown, e)))
        .and_then(|_| {
            w.get_ref()
                .sync_all()
                .map_err(|e| ExchangeError::write(&shown, e))
        })
        .and_then(|_| std::fs::rename(&tmp, path).map_err(|e| ExchangeError::write(&shown, e)));
    if let Err(e) = result {
        drop(w);
        let _ = std::fs::remove_file(&tmp);
        return Err(match e {
            ExchangeError::Write { path: p, detail } if p == OUTPUT => ExchangeError::Write {
                path: shown,
                detail,
            },
            other => other,
        });
    }
    Ok(())
}

/// An I/O error while writing the output stream.
pub fn io(e: impl std::fmt::Display) -> ExchangeError {
    ExchangeError::write(OUTPUT, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_export_leaves_no_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        let err = write_file(&path, |w| {
            w.write_all(b"half").map_err(io)?;
            Err(io("disk full"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("out.md"), "{err}");
        assert!(err.to_string().contains("disk full"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        write_file(&path, |w| w.write_all(b"whole").map_err(io)).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"whole");
    }
}
