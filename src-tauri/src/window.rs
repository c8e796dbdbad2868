//! The one window, `main`: fixed size, centred, content-protected, and full screen when the
//! configuration asks for it.

use std::borrow::Cow;

use baton_core::first_screen::FirstScreen;
use baton_core::ipc::Startup;
use tauri::{http, AppHandle, Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

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
        .on_web_resource_request(serve_first_screen(app.clone()))
        .build()?;
    Ok(())
}

/// A response of the app's own protocol, as the web view receives it.
type Served = http::Response<Cow<'static, [u8]>>;

/// Puts the first screen into the page when the web view asks for it (see
/// [`baton_core::first_screen`]): the start-up screen and the view of the moment the page is
/// requested, resolved for the languages the web view is expected to report. Every other
/// response is left as it is.
fn serve_first_screen<R: Runtime>(
    app: AppHandle<R>,
) -> impl Fn(http::Request<Vec<u8>>, &mut Served) + Send + Sync + 'static {
    move |_request, response| {
        let is_page = response
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("text/html"));
        if !is_page {
            return;
        }
        let state = app.state::<AppState>();
        let languages = baton_platform::locale::webview_languages();
        let first = FirstScreen {
            startup: Startup::new(&state.config, &languages),
            view: state.view(),
            languages,
        };
        if let Some(page) = first.embed(response.body()) {
            response.headers_mut().remove(http::header::CONTENT_LENGTH);
            *response.body_mut() = Cow::Owned(page);
            crate::startup_trace::mark("first screen served");
        }
    }
}
