//! Writes the pictures in `screenshots/` from the demo data at 2026-11-23:
//!
//!     cargo run --example screenshots
//!
//! `tests/tui_screenshots.rs` fails when a committed picture no longer
//! matches what the code renders; run this to update them.

fn main() -> Result<(), String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (file, svg) in accord::tui::testing::screenshots()? {
        let path = dir.join(&file);
        std::fs::write(&path, svg).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
