//! UEM traffic ignores `HTTPS_PROXY`/`ALL_PROXY` unless the managed key `UEMUseSystemProxy` says
//! otherwise (security-review F6): a local account must not be able to route Baton's UEM traffic
//! through a proxy of its own. The proxy here is a listener that records every connection and
//! answers none. One test per binary: it sets process-wide environment variables.

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use baton_core::uem::{UemApi, UemAuth, UemClient, UemOptions};
use secrecy::SecretString;
use uem_sim::{Route, Seed, Sim, SimOptions};
use url::Url;

#[tokio::test]
async fn uem_traffic_goes_through_a_proxy_only_when_the_profile_allows_it() {
    // A "proxy" that accepts connections, counts them and closes them.
    let proxy = TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    {
        let connections = Arc::clone(&connections);
        std::thread::spawn(move || {
            for stream in proxy.incoming() {
                connections.fetch_add(1, Ordering::SeqCst);
                drop(stream);
            }
        });
    }
    for name in ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] {
        std::env::set_var(name, &proxy_url);
    }
    for name in ["NO_PROXY", "no_proxy"] {
        std::env::remove_var(name);
    }

    let sim = Sim::start(Seed::demo(), SimOptions::default())
        .await
        .unwrap();
    let options = |use_system_proxy: bool| {
        let auth = UemAuth::OAuth {
            token_url: Url::parse(&sim.token_url()).unwrap(),
            client_id: "baton-demo".into(),
            client_secret: SecretString::from("baton-demo-secret".to_owned()),
            client_auth: Default::default(),
        };
        let mut options = UemOptions::new(Url::parse(sim.base_url()).unwrap(), auth).unwrap();
        options.trusted_ca_pems = vec![sim.ca_pem().to_owned()];
        options.request_timeout = Duration::from_secs(5);
        options.retry_budget = Duration::from_secs(1);
        options.use_system_proxy = use_system_proxy;
        options
    };

    // Default: straight to UEM, the proxy never hears of it.
    let direct = UemClient::new(options(false)).unwrap();
    let device = direct.device_by_serial("C02DEMO00001").await.unwrap();
    assert_eq!(device.serial_number.as_deref(), Some("C02DEMO00001"));
    assert_eq!(connections.load(Ordering::SeqCst), 0);
    assert_eq!(sim.count(Route::DeviceLookup), 1);

    // Allowed by the profile: through the proxy (which answers nothing, so the read fails).
    let proxied = UemClient::new(options(true)).unwrap();
    assert!(proxied.device_by_serial("C02DEMO00001").await.is_err());
    assert!(connections.load(Ordering::SeqCst) >= 1);
    assert_eq!(
        sim.count(Route::DeviceLookup),
        1,
        "nothing reached UEM directly"
    );
}
