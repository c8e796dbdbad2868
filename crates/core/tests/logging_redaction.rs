//! A configuration containing known secrets is logged every way a careless line could log it;
//! no sink — memory (standing in for stderr and the system log, which share the writer), the
//! rotating file — may contain any of them.

use std::sync::{Arc, Mutex};

use baton_core::config::{self, Sources, UemAuthSettings};
use baton_core::logging::{self, LogOptions, Sink};
use baton_core::redact;
use secrecy::ExposeSecret;

const CLIENT_SECRET: &str = "fixture-client-secret-8c1f";
const TENANT_CODE: &str = "fixture-tenant-code-77aa";

#[test]
fn secrets_reach_no_sink() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/config/good.json");
    let dict = config::source::read_file(&path).unwrap();
    let loaded = config::load_from(&Sources {
        file: Some(dict),
        ..Default::default()
    })
    .unwrap();

    let logs = tempfile::tempdir().unwrap();
    let memory = Arc::new(Mutex::new(Vec::new()));
    let options = LogOptions {
        stderr: false,
        stderr_filter: None,
        file_dir: Some(logs.path().to_owned()),
        system_log: true,
        default_filter: "trace".into(),
    };
    let (subscriber, guard) = logging::subscriber(&options, vec![Sink::Memory(memory.clone())]);

    let UemAuthSettings::OAuth { client_secret, .. } = &loaded.settings.uem.as_ref().unwrap().auth
    else {
        panic!("fixture uses oauth");
    };
    let _registered = redact::register(client_secret);
    let _tenant = redact::register(
        loaded
            .settings
            .uem
            .as_ref()
            .unwrap()
            .tenant_code
            .as_ref()
            .unwrap(),
    );

    tracing::subscriber::with_default(subscriber, || {
        tracing::info!(target: "baton_core", settings = ?loaded.settings, "loaded configuration SENTINEL-1");
        tracing::info!(target: "baton_core", effective = ?loaded.effective, "effective SENTINEL-2");
        // The careless lines: a secret exposed into a message and a field.
        tracing::warn!(target: "baton_core", "token request failed for secret {} SENTINEL-3", client_secret.expose_secret());
        tracing::error!(target: "baton_core", tenant = %loaded.settings.uem.as_ref().unwrap().tenant_code.as_ref().unwrap().expose_secret(), "SENTINEL-4");
        tracing::debug!(target: "baton_core", "raw body: {{\"client_secret\":\"{CLIENT_SECRET}\"}} SENTINEL-5");
    });
    drop(guard);

    let memory = String::from_utf8(memory.lock().unwrap().clone()).unwrap();
    let file: String = std::fs::read_dir(logs.path())
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    for (name, sink) in [("memory", &memory), ("file", &file)] {
        for sentinel in 1..=5 {
            assert!(
                sink.contains(&format!("SENTINEL-{sentinel}")),
                "{name} lacks line {sentinel}:\n{sink}"
            );
        }
        for secret in [CLIENT_SECRET, TENANT_CODE] {
            assert!(!sink.contains(secret), "{name} contains {secret}:\n{sink}");
        }
        assert!(sink.contains(redact::MASK), "{name} shows no mask");
    }
}
