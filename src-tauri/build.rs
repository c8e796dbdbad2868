//! Declares Baton's own IPC commands once, so Tauri generates their `allow-*`/`deny-*`
//! permissions and the capabilities can name them.

/// Every `#[tauri::command]` in `src/commands.rs`.
const COMMANDS: &[&str] = &[
    "get_startup",
    "get_view",
    "username_entered",
    "submit_credentials",
    "submit_mac_password",
    "skip_mac_password",
    "retry",
    "quit",
    "form_ready",
    "open_help",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
