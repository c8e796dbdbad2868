// What `invoke("form_ready")` from @tauri-apps/api does, without a bundler (withGlobalTauri is
// off, as in Baton). Called once the form above is in the document.
window.__TAURI_INTERNALS__.invoke("form_ready");
