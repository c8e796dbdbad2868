//! Thin `#[tauri::command]` adapters into `baton-core`. Each is declared in `build.rs` so that
//! its permission is generated, and allowed by name in `capabilities/`.

use baton_core::ipc::Startup;
use tauri::State;

use crate::AppState;

/// Most languages, and longest tag, accepted from the UI.
const MAX_LANGUAGES: usize = 16;
const MAX_TAG_LEN: usize = 35;

/// The sign-in screen resolved for the person's languages, or why Baton cannot start.
#[tauri::command]
pub(crate) fn get_startup(state: State<'_, AppState>, languages: Vec<String>) -> Startup {
    let languages: Vec<String> = languages
        .into_iter()
        .filter(|tag| tag.len() <= MAX_TAG_LEN)
        .take(MAX_LANGUAGES)
        .collect();
    Startup::new(&state.config, &languages)
}
