//! The one window, `main`: fixed size, centred, content-protected, and full screen when the
//! configuration asks for it.

use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::AppState;

pub const MAIN: &str = "main";

/// Opens the window, `visible` or hidden (to be shown by the flow at login when needed).
pub fn open_main<R: Runtime>(app: &AppHandle<R>, visible: bool) -> tauri::Result<()> {
    let state = app.state::<AppState>();
    let (title, full_screen) = match &state.config {
        Ok(loaded) => (
            loaded.settings.branding.title.fallback().to_owned(),
            // A pickup desk is always full screen.
            loaded.settings.full_screen || loaded.settings.mode == baton_core::config::Mode::Kiosk,
        ),
        Err(_) => ("Baton".to_owned(), false),
    };
    WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title(if title.is_empty() {
            "Baton".into()
        } else {
            title
        })
        .inner_size(460.0, 560.0)
        .resizable(false)
        .maximizable(false)
        .minimizable(!full_screen)
        .closable(!full_screen)
        .fullscreen(full_screen)
        .always_on_top(full_screen)
        .center()
        .content_protected(true)
        .visible(visible)
        .build()?;
    Ok(())
}
