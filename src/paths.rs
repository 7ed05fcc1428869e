//! Where accord keeps its files.

use std::path::PathBuf;

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("org", "accord", "accord")
}

/// The default database: `accord.db` in the platform data directory
/// (`~/.local/share/accord/` on Linux).
pub fn default_db() -> Result<PathBuf, String> {
    project()
        .map(|p| p.data_dir().join("accord.db"))
        .ok_or_else(|| rust_i18n::t!("paths.no_home").into_owned())
}

/// The user's configuration directory (`~/.config/accord/` on Linux).
pub fn config_dir() -> Option<PathBuf> {
    project().map(|p| p.config_dir().to_path_buf())
}
