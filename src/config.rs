//! The user's configuration file, `config.toml` in the configuration
//! directory (`~/.config/accord/config.toml` on Linux, or `ACCORD_CONFIG`):
//!
//! ```toml
//! server = "service=accord"   # the team database (as --server)
//! lang = "zh"                 # as --lang
//! me = "Li Na"                # who "mine" means on a personal database
//! ```

use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: Option<String>,
    pub lang: Option<String>,
    pub me: Option<String>,
    /// How digests are mailed (`[mail]`, see [`crate::mail::MailConfig`]).
    pub mail: Option<crate::mail::MailConfig>,
}

/// The configuration file's path.
pub fn path() -> Option<PathBuf> {
    match std::env::var_os("ACCORD_CONFIG") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => crate::paths::config_dir().map(|d| d.join("config.toml")),
    }
}

/// Reads the configuration file; a missing file is an empty configuration,
/// a broken one an error naming the file and the problem.
pub fn load() -> Result<Config, String> {
    let Some(path) = path() else {
        return Ok(Config::default());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(format!("could not read {}: {e}", path.display())),
    };
    toml::from_str(&text).map_err(|e| {
        format!(
            "{} is not a valid accord configuration: {e}",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_settings_and_refuses_unknown_ones() {
        let c: Config = toml::from_str("server = \"service=accord\"\nme = \"Li Na\"\n").unwrap();
        assert_eq!(c.server.as_deref(), Some("service=accord"));
        assert_eq!(c.me.as_deref(), Some("Li Na"));
        assert!(toml::from_str::<Config>("sever = \"x\"").is_err());
    }
}
