//! Declares Baton's own IPC commands once, so Tauri generates their `allow-*`/`deny-*`
//! permissions and the capabilities can name them.

/// Every `#[tauri::command]` in `src/commands.rs`, `src/technician.rs` and `src/kiosk.rs`.
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
    "technician_view",
    "technician_sign_in",
    "technician_look_up",
    "technician_history_page",
    "technician_find_person",
    "technician_search",
    "technician_choose",
    "technician_ask_return",
    "technician_confirm",
    "technician_back",
    "technician_sign_out",
    "kiosk_view",
    "kiosk_scan",
    "kiosk_username_entered",
    "kiosk_submit",
    "kiosk_activity",
    "kiosk_next_person",
    "kiosk_exit",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
