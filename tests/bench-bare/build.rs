//! As in src-tauri: the app's one command is declared so the capability can name its permission.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(&["form_ready"])),
    )
    .expect("tauri build script");
}
