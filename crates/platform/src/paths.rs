//! Where Baton keeps its files on this operating system.

use std::path::PathBuf;

/// The bundle identifier, also the name of per-app folders.
pub const IDENTIFIER: &str = "dev.baton.Baton";

fn home() -> PathBuf {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir)
}

#[cfg(not(target_os = "macos"))]
fn xdg(var: &str, fallback: &str) -> PathBuf {
    std::env::var_os(var)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(fallback))
}

/// The log folder: `~/Library/Logs/Baton` on macOS, `$XDG_STATE_HOME/baton/logs` elsewhere.
/// `BATON_LOG_DIR` replaces it (development and tests).
pub fn log_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("BATON_LOG_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    #[cfg(target_os = "macos")]
    {
        home().join("Library/Logs/Baton")
    }
    #[cfg(not(target_os = "macos"))]
    {
        xdg("XDG_STATE_HOME", ".local/state").join("baton/logs")
    }
}

/// The per-user data folder (throttling state and the like):
/// `~/Library/Application Support/dev.baton.Baton` on macOS, `$XDG_DATA_HOME/dev.baton.Baton`
/// elsewhere.
pub fn app_data_dir() -> PathBuf {
    #[cfg(target_os = "macos")]
    {
        home().join("Library/Application Support").join(IDENTIFIER)
    }
    #[cfg(not(target_os = "macos"))]
    {
        xdg("XDG_DATA_HOME", ".local/share").join(IDENTIFIER)
    }
}

/// The user's own (unmanaged) preferences folder.
pub fn user_preferences_dir() -> PathBuf {
    #[cfg(target_os = "macos")]
    {
        home().join("Library/Preferences")
    }
    #[cfg(not(target_os = "macos"))]
    {
        xdg("XDG_CONFIG_HOME", ".config").join("baton")
    }
}

/// Replaces [`managed_preferences_dir`] off macOS, so tests can install "a configuration
/// profile". Never read on macOS: there only a profile can write managed preferences.
pub const MANAGED_PREFERENCES_DIR_VAR: &str = "BATON_MANAGED_PREFERENCES_DIR";

/// The folder of managed (administrator-forced) preferences. On macOS this is where
/// configuration profiles land (fixed); elsewhere the root-owned analogue `/etc/baton/managed`,
/// or `BATON_MANAGED_PREFERENCES_DIR` when set.
pub fn managed_preferences_dir() -> PathBuf {
    #[cfg(target_os = "macos")]
    {
        PathBuf::from("/Library/Managed Preferences")
    }
    #[cfg(not(target_os = "macos"))]
    {
        std::env::var_os(MANAGED_PREFERENCES_DIR_VAR)
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/etc/baton/managed"))
    }
}
