//! The UEM client against the UEM simulator over real TLS on 127.0.0.1.
//!
//! Every assertion about what happened on the wire reads the simulator's request log; none
//! depends on how long anything took.

use std::time::Duration;

use baton_core::problem::{ExitCode, Problem};
use baton_core::uem::{
    ClientAuth, DeviceCommand, DeviceId, NewDirectoryUser, TransportKind, UemApi, UemAuth,
    UemClient, UemError, UemOptions, User, UserId,
};
use secrecy::SecretString;
use uem_sim::{Fault, RateLimitConfig, RequestRecord, Route, Seed, Sim, SimHandle, SimOptions};
use url::Url;

const CLIENT_ID: &str = "baton-demo";
const CLIENT_SECRET: &str = "baton-demo-secret";
const STAGED_SERIAL: &str = "C02DEMO00001";
const STAGED_DEVICE: DeviceId = DeviceId(2001);
const ALICE: UserId = UserId(1002);

fn staging() -> Vec<String> {
    vec!["staging".to_string()]
}

async fn sim() -> SimHandle {
    sim_with(Seed::demo()).await
}

async fn sim_with(seed: Seed) -> SimHandle {
    Sim::start(seed, SimOptions::default())
        .await
        .expect("simulator starts")
}

fn oauth(sim: &SimHandle, client_auth: ClientAuth, secret: &str) -> UemAuth {
    UemAuth::OAuth {
        token_url: Url::parse(&sim.token_url()).unwrap(),
        client_id: CLIENT_ID.into(),
        client_secret: SecretString::from(secret.to_owned()),
        client_auth,
    }
}

fn options_with(sim: &SimHandle, auth: UemAuth) -> UemOptions {
    let mut options = UemOptions::new(Url::parse(sim.base_url()).unwrap(), auth).unwrap();
    options.trusted_ca_pems = vec![sim.ca_pem().to_owned()];
    options.request_timeout = Duration::from_secs(5);
    options.retry_budget = Duration::from_secs(20);
    options
}

fn options(sim: &SimHandle) -> UemOptions {
    options_with(sim, oauth(sim, ClientAuth::Form, CLIENT_SECRET))
}

fn client(sim: &SimHandle) -> UemClient {
    UemClient::new(options(sim)).unwrap()
}

fn on(sim: &SimHandle, route: Route) -> Vec<RequestRecord> {
    sim.requests()
        .into_iter()
        .filter(|r| r.route == route)
        .collect()
}

fn statuses(records: &[RequestRecord]) -> Vec<Option<u16>> {
    records.iter().map(|r| r.status).collect()
}

fn routes(sim: &SimHandle) -> Vec<Route> {
    sim.requests().into_iter().map(|r| r.route).collect()
}

async fn alice(client: &UemClient) -> User {
    let user = client.find_user("alice").await.unwrap();
    assert_eq!(user.id, ALICE);
    user
}

fn assert_no_secret(text: &str) {
    for secret in [CLIENT_SECRET, "api-admin-password", "DEMO-TENANT-CODE"] {
        assert!(!text.contains(secret), "secret {secret:?} in {text}");
    }
}

// ---- authentication ------------------------------------------------------------------------

#[tokio::test]
async fn one_token_serves_several_calls() {
    let sim = sim().await;
    let client = client(&sim);
    let device = client.device_by_serial(STAGED_SERIAL).await.unwrap();
    assert_eq!(device.id, STAGED_DEVICE);
    assert_eq!(device.user_name.as_deref(), Some("staging"));
    assert!(device.is_enrolled() && device.is_on_staging_user(&staging()));
    alice(&client).await;
    let info = client.system_info().await.unwrap();
    assert_eq!(info.product_version.as_deref(), Some("24.10.0.0"));
    client.device(STAGED_DEVICE).await.unwrap();

    assert_eq!(on(&sim, Route::Token).len(), 1, "{:?}", routes(&sim));
    let api: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.route != Route::Token)
        .collect();
    assert_eq!(api.len(), 4);
    for record in &api {
        assert_eq!(record.status, Some(200), "{record:?}");
        assert_eq!(
            record.headers.get("authorization").map(String::as_str),
            Some("Bearer [redacted]")
        );
        assert_eq!(record.principal.as_deref(), Some("oauth:baton-demo"));
        assert!(record.headers["user-agent"].starts_with("Baton/"));
    }
}

#[tokio::test]
async fn concurrent_first_calls_share_one_token_request() {
    let sim = sim().await;
    let client = client(&sim);
    let calls = (0..4).map(|_| {
        let client = client.clone();
        async move { client.device_by_serial(STAGED_SERIAL).await }
    });
    for result in futures_join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(on(&sim, Route::Token).len(), 1);
    assert_eq!(on(&sim, Route::DeviceLookup).len(), 4);
}

/// Minimal join_all without another dependency.
async fn futures_join_all<F: std::future::Future + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}

#[tokio::test]
async fn client_credentials_can_go_as_http_basic() {
    let sim = sim().await;
    let client = UemClient::new(options_with(
        &sim,
        oauth(&sim, ClientAuth::Basic, CLIENT_SECRET),
    ))
    .unwrap();
    client.device_by_serial(STAGED_SERIAL).await.unwrap();
    let token = on(&sim, Route::Token);
    assert_eq!(token.len(), 1);
    assert_eq!(token[0].status, Some(200));
    assert_eq!(
        token[0].headers.get("authorization").map(String::as_str),
        Some("Basic [redacted]")
    );
    assert_eq!(token[0].query, None, "credentials never go in the URL");
}

#[tokio::test]
async fn form_client_credentials_stay_out_of_the_url() {
    let sim = sim().await;
    client(&sim).system_info().await.unwrap();
    let token = on(&sim, Route::Token);
    assert_eq!(token.len(), 1);
    assert_eq!(token[0].query, None);
    assert_eq!(token[0].headers.get("authorization"), None);
    assert!(token[0].headers["content-type"].starts_with("application/x-www-form-urlencoded"));
}

#[tokio::test]
async fn expired_token_is_refreshed_once_on_401() {
    let sim = sim().await;
    let client = client(&sim);
    client.device_by_serial(STAGED_SERIAL).await.unwrap();
    sim.expire_tokens();
    let device = client.device_by_serial(STAGED_SERIAL).await.unwrap();
    assert_eq!(device.id, STAGED_DEVICE);
    assert_eq!(
        routes(&sim),
        [
            Route::Token,
            Route::DeviceLookup,
            Route::DeviceLookup,
            Route::Token,
            Route::DeviceLookup
        ]
    );
    assert_eq!(
        statuses(&on(&sim, Route::DeviceLookup)),
        [Some(200), Some(401), Some(200)]
    );
}

#[tokio::test]
async fn token_is_renewed_before_it_expires() {
    let mut seed = Seed::demo();
    seed.behavior.token_expires_in_secs = 2;
    let sim = sim_with(seed).await;
    let client = client(&sim);
    client.device_by_serial(STAGED_SERIAL).await.unwrap();
    // The client uses a 2 s token for 1 s; the simulator honours it for 2 s.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    client.device_by_serial(STAGED_SERIAL).await.unwrap();
    assert_eq!(on(&sim, Route::Token).len(), 2);
    assert!(
        on(&sim, Route::DeviceLookup)
            .iter()
            .all(|r| r.status == Some(200)),
        "renewed before UEM refused it: {:?}",
        sim.requests()
    );
}

#[tokio::test]
async fn a_401_that_persists_is_reported_after_one_refresh() {
    let sim = sim().await;
    sim.set_fault(Route::DeviceLookup, Fault::status(401));
    let err = client(&sim)
        .device_by_serial(STAGED_SERIAL)
        .await
        .unwrap_err();
    assert!(matches!(err, UemError::Unauthorized { .. }), "{err:?}");
    assert_eq!(err.user_facing().code, "UEM-401");
    assert_eq!(err.user_facing().exit, ExitCode::Usage);
    assert_eq!(on(&sim, Route::Token).len(), 2);
    assert_eq!(on(&sim, Route::DeviceLookup).len(), 2);
}

#[tokio::test]
async fn wrong_client_secret_is_token_rejected_without_echoing_it() {
    let sim = sim().await;
    let client = UemClient::new(options_with(
        &sim,
        oauth(&sim, ClientAuth::Form, "wrong-secret-123"),
    ))
    .unwrap();
    let err = client.device_by_serial(STAGED_SERIAL).await.unwrap_err();
    assert!(matches!(err, UemError::TokenRejected { .. }), "{err:?}");
    assert_eq!(err.http_details().unwrap().status, 401);
    assert_eq!(err.user_facing().exit, ExitCode::Usage);
    let text = format!("{err} {err:?}");
    assert!(!text.contains("wrong-secret-123"), "{text}");
    assert_eq!(on(&sim, Route::Token).len(), 1, "a refusal is not retried");
    assert!(on(&sim, Route::DeviceLookup).is_empty());
}

#[tokio::test]
async fn basic_auth_sends_the_tenant_code_and_no_token_request() {
    let sim = sim().await;
    let mut options = options_with(
        &sim,
        UemAuth::Basic {
            username: "api-admin".into(),
            password: SecretString::from("api-admin-password"),
        },
    );
    options.tenant_code = Some(SecretString::from("DEMO-TENANT-CODE"));
    assert_no_secret(&format!("{options:?}"));
    let client = UemClient::new(options).unwrap();
    assert_no_secret(&format!("{client:?}"));
    alice(&client).await;
    assert!(on(&sim, Route::Token).is_empty());
    let search = on(&sim, Route::UserSearch);
    assert_eq!(search.len(), 1);
    assert_eq!(search[0].principal.as_deref(), Some("basic:api-admin"));
    assert_eq!(
        search[0].headers.get("aw-tenant-code").map(String::as_str),
        Some("[redacted]")
    );
}

#[tokio::test]
async fn basic_auth_with_a_wrong_password_is_unauthorized_without_refresh() {
    let sim = sim().await;
    let mut options = options_with(
        &sim,
        UemAuth::Basic {
            username: "api-admin".into(),
            password: SecretString::from("not-the-password"),
        },
    );
    options.tenant_code = Some(SecretString::from("DEMO-TENANT-CODE"));
    let err = UemClient::new(options)
        .unwrap()
        .system_info()
        .await
        .unwrap_err();
    assert!(matches!(err, UemError::Unauthorized { .. }), "{err:?}");
    assert_eq!(err.http_details().unwrap().error_code, Some(1005));
    assert_eq!(on(&sim, Route::SystemInfo).len(), 1);
}

// ---- rate limits and server errors ---------------------------------------------------------

#[tokio::test]
async fn rate_limit_with_retry_after_is_waited_out() {
    let sim = sim().await;
    // The quota stays exhausted for the whole window (4 s, long enough that a loaded machine
    // still sends the first lookup inside it); Retry-After says 1 s, so the client waits and
    // retries until the window ends, then succeeds.
    sim.set_rate_limit(
        RateLimitConfig {
            limit: 1000,
            window_secs: 4,
            retry_after_secs: Some(1),
        },
        Some(0),
    );
    client(&sim).device_by_serial(STAGED_SERIAL).await.unwrap();
    let lookups = statuses(&on(&sim, Route::DeviceLookup));
    assert_eq!(lookups.first(), Some(&Some(429)), "{lookups:?}");
    assert_eq!(lookups.last(), Some(&Some(200)), "{lookups:?}");
}

#[tokio::test]
async fn rate_limit_without_retry_after_is_retried_with_backoff() {
    let sim = sim().await;
    sim.set_fault(Route::DeviceLookup, Fault::status(429).times(2));
    client(&sim).device_by_serial(STAGED_SERIAL).await.unwrap();
    assert_eq!(
        statuses(&on(&sim, Route::DeviceLookup)),
        [Some(429), Some(429), Some(200)]
    );
}

#[tokio::test]
async fn retry_after_beyond_the_budget_gives_up_at_once() {
    let sim = sim().await;
    sim.set_rate_limit(
        RateLimitConfig {
            limit: 1000,
            window_secs: 86_400,
            retry_after_secs: Some(3600),
        },
        Some(0),
    );
    let err = client(&sim)
        .device_by_serial(STAGED_SERIAL)
        .await
        .unwrap_err();
    match &err {
        UemError::RateLimited {
            retry_after,
            details,
        } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(3600)));
            assert_eq!(details.status, 429);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.user_facing().code, "UEM-429");
    assert_eq!(on(&sim, Route::DeviceLookup).len(), 1);
}

#[tokio::test]
async fn html_502_is_retried() {
    let sim = sim().await;
    sim.set_fault(Route::DeviceLookup, Fault::html(502).times(1));
    client(&sim).device_by_serial(STAGED_SERIAL).await.unwrap();
    assert_eq!(
        statuses(&on(&sim, Route::DeviceLookup)),
        [Some(502), Some(200)]
    );
}

#[tokio::test]
async fn html_502_that_persists_keeps_status_and_excerpt() {
    let sim = sim().await;
    sim.set_fault(Route::DeviceLookup, Fault::html(502));
    let mut options = options(&sim);
    options.retry_budget = Duration::from_secs(2);
    let err = UemClient::new(options)
        .unwrap()
        .device_by_serial(STAGED_SERIAL)
        .await
        .unwrap_err();
    let details = err.http_details().expect("details kept").clone();
    assert!(matches!(err, UemError::Server { .. }), "{err:?}");
    assert_eq!(details.status, 502);
    assert_eq!(details.error_code, None);
    assert!(
        details.excerpt.starts_with("<!DOCTYPE html>"),
        "{details:?}"
    );
    assert!(details.excerpt.chars().count() <= baton_core::uem::EXCERPT_CHARS + 1);
    assert_eq!(err.user_facing().exit, ExitCode::Unreachable);
    assert!(on(&sim, Route::DeviceLookup).len() >= 2, "retried");
}

#[tokio::test]
async fn json_500_is_not_retried_and_keeps_uem_error_fields() {
    let sim = sim().await;
    sim.set_fault(Route::UserSearch, Fault::status(500));
    let err = client(&sim).find_user("alice").await.unwrap_err();
    let details = err.http_details().unwrap();
    assert_eq!(details.status, 500);
    assert_eq!(details.error_code, Some(500));
    assert!(details.activity_id.is_some(), "{details:?}");
    assert_eq!(on(&sim, Route::UserSearch).len(), 1);
}

#[tokio::test]
async fn empty_503_is_retried_then_succeeds() {
    let sim = sim().await;
    sim.set_fault(Route::UserSearch, Fault::empty(503).times(1));
    alice(&client(&sim)).await;
    assert_eq!(
        statuses(&on(&sim, Route::UserSearch)),
        [Some(503), Some(200)]
    );
}

#[tokio::test]
async fn connection_reset_on_a_read_is_retried() {
    let sim = sim().await;
    sim.set_fault(Route::DeviceLookup, Fault::reset().times(1));
    client(&sim).device_by_serial(STAGED_SERIAL).await.unwrap();
    let lookups = on(&sim, Route::DeviceLookup);
    assert_eq!(lookups.len(), 2, "{lookups:?}");
    assert_eq!(lookups[1].status, Some(200));
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_a_path() {
    let sim = sim().await;
    sim.set_fault(Route::DeviceLookup, Fault::truncated_json().times(1));
    let err = client(&sim)
        .device_by_serial(STAGED_SERIAL)
        .await
        .unwrap_err();
    match &err {
        UemError::Decode {
            path,
            message,
            details,
        } => {
            assert!(!path.is_empty());
            assert!(message.contains("EOF"), "{message}");
            assert_eq!(details.status, 200);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.user_facing().code, "UEM-UNREADABLE");
    assert_eq!(on(&sim, Route::DeviceLookup).len(), 1, "not retried");
}

#[tokio::test]
async fn oversize_body_is_refused() {
    let sim = sim().await;
    sim.set_fault(Route::DeviceLookup, Fault::oversize(4 * 1024 * 1024));
    let mut options = options(&sim);
    options.max_body_bytes = 64 * 1024;
    let err = UemClient::new(options)
        .unwrap()
        .device_by_serial(STAGED_SERIAL)
        .await
        .unwrap_err();
    assert!(
        matches!(err, UemError::BodyTooLarge { status: 200, limit } if limit == 64 * 1024),
        "{err:?}"
    );
    assert_eq!(on(&sim, Route::DeviceLookup).len(), 1);
}

// ---- TLS and URLs --------------------------------------------------------------------------

#[tokio::test]
async fn a_server_signed_by_another_ca_is_refused() {
    let other = sim().await;
    let sim = sim().await;
    let mut options = options(&sim);
    options.trusted_ca_pems = vec![other.ca_pem().to_owned()];
    let err = UemClient::new(options)
        .unwrap()
        .device_by_serial(STAGED_SERIAL)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            UemError::Transport {
                kind: TransportKind::Tls,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.user_facing().code, "UEM-TLS");
    assert!(sim.requests().is_empty(), "no request got through");
}

#[tokio::test]
async fn platform_roots_alone_do_not_trust_a_private_ca() {
    let sim = sim().await;
    let mut options = options(&sim);
    options.trusted_ca_pems.clear();
    let err = UemClient::new(options)
        .unwrap()
        .system_info()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            UemError::Transport {
                kind: TransportKind::Tls,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(sim.requests().is_empty());
}

#[tokio::test]
async fn http_urls_are_refused_before_any_request() {
    let sim = sim().await;
    let plain = sim.base_url().replacen("https://", "http://", 1);
    let err = UemOptions::new(
        Url::parse(&plain).unwrap(),
        oauth(&sim, ClientAuth::Form, CLIENT_SECRET),
    )
    .unwrap_err();
    assert!(matches!(err, UemError::InsecureUrl { .. }), "{err:?}");
    assert_eq!(err.user_facing().exit, ExitCode::Usage);

    // Options filled field by field are checked again by the client.
    let mut options = options(&sim);
    options.api_url = Url::parse(&plain).unwrap();
    let err = UemClient::new(options).unwrap_err();
    assert!(matches!(err, UemError::InsecureUrl { .. }), "{err:?}");

    let mut options = self::options(&sim);
    options.auth = UemAuth::OAuth {
        token_url: Url::parse(&sim.token_url().replacen("https://", "http://", 1)).unwrap(),
        client_id: CLIENT_ID.into(),
        client_secret: SecretString::from(CLIENT_SECRET),
        client_auth: ClientAuth::Form,
    };
    assert!(matches!(
        UemClient::new(options),
        Err(UemError::InsecureUrl { .. })
    ));
    assert!(sim.requests().is_empty());
}

#[tokio::test]
async fn nothing_listening_is_offline() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let sim = sim().await;
    let mut options = options(&sim);
    options.api_url = Url::parse(&format!("https://127.0.0.1:{port}")).unwrap();
    options.auth = UemAuth::Basic {
        username: "api-admin".into(),
        password: SecretString::from("api-admin-password"),
    };
    options.tenant_code = Some(SecretString::from("DEMO-TENANT-CODE"));
    options.retry_budget = Duration::from_secs(1);
    let err = UemClient::new(options)
        .unwrap()
        .system_info()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            UemError::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.user_facing().code, "UEM-OFFLINE");
    assert!(
        !format!("{err}").contains("https://"),
        "no URL in the error: {err}"
    );
}

// ---- look-ups --------------------------------------------------------------------------------

#[tokio::test]
async fn unknown_serial_is_device_not_found_and_serials_are_url_encoded() {
    let sim = sim().await;
    let client = client(&sim);
    let err = client.device_by_serial("C02 X&id=2002").await.unwrap_err();
    assert!(matches!(err, UemError::DeviceNotFound { .. }), "{err:?}");
    assert_eq!(err.user_facing().exit, ExitCode::DeviceNotFound);
    let lookup = &on(&sim, Route::DeviceLookup)[0];
    assert_eq!(lookup.status, Some(404));
    assert_eq!(
        lookup.query.as_deref(),
        Some("searchby=Serialnumber&id=C02+X%26id%3D2002")
    );
    assert_eq!(on(&sim, Route::DeviceLookup).len(), 1, "404 is not retried");
}

#[tokio::test]
async fn device_by_udid_and_by_id() {
    let sim = sim().await;
    let client = client(&sim);
    let by_udid = client
        .device_by_udid("1A1B2C3D4E5F60718293A4B5C6D7E8F9")
        .await
        .unwrap();
    assert_eq!(by_udid.id, DeviceId(2002));
    assert_eq!(by_udid.user_name.as_deref(), Some("bob"));
    let by_id = client.device(DeviceId(2003)).await.unwrap();
    assert_eq!(by_id.serial_number.as_deref(), Some("C02DEMO00003"));
    assert!(!by_id.is_enrolled());
    let err = client.device(DeviceId(999_999)).await.unwrap_err();
    assert!(matches!(err, UemError::DeviceNotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn user_search_picks_the_exact_name_among_substring_hits() {
    let sim = sim().await;
    let client = client(&sim);
    // "ALICE" matches alice and alicia as a substring; only alice exactly (ignoring case).
    let user = client.find_user("ALICE").await.unwrap();
    assert_eq!(user.id, ALICE);
    assert_eq!(user.user_name, "alice");
    let err = client.find_user("alic").await.unwrap_err();
    assert!(matches!(err, UemError::UserNotFound { .. }), "{err:?}");
    let err = client.find_user("nobody-here").await.unwrap_err();
    assert!(matches!(err, UemError::UserNotFound { .. }), "{err:?}");
    assert_eq!(err.user_facing().exit, ExitCode::UserNotFound);
    assert_eq!(
        statuses(&on(&sim, Route::UserSearch)),
        [Some(200), Some(200), Some(204)]
    );
}

#[tokio::test]
async fn exact_match_on_a_later_result_page_is_found() {
    // 500 users whose names contain "ann" come before "ann" itself (ordered by id), so with UEM's
    // page size of 500 the exact match is on the second page.
    let mut seed = Seed::demo();
    let user = |id: i64, name: &str| {
        serde_json::from_value::<uem_sim::User>(serde_json::json!({
            "id": id, "username": name, "security_type": "directory"
        }))
        .unwrap()
    };
    seed.users
        .extend((0..500).map(|i| user(5000 + i, &format!("annex{i:03}"))));
    seed.users.push(user(9000, "Ann"));
    let sim = sim_with(seed).await;
    let found = client(&sim).find_user("ann").await.unwrap();
    assert_eq!(found.id, UserId(9000));
    let searches = on(&sim, Route::UserSearch);
    assert_eq!(
        searches
            .iter()
            .map(|r| r.query.as_deref())
            .collect::<Vec<_>>(),
        [Some("username=ann"), Some("username=ann&page=1")]
    );
}

#[tokio::test]
async fn added_directory_user_can_be_found() {
    let sim = sim().await;
    let client = client(&sim);
    let id = client
        .add_directory_user(&NewDirectoryUser {
            user_name: "dave".into(),
            email: Some("dave@example.test".into()),
            first_name: Some("Dave".into()),
            last_name: Some("Davis".into()),
            location_group_id: Some("570".into()),
            external_id: Some("3f2504e0-4f89-11d3-9a0c-0305e82c3301".into()),
        })
        .await
        .unwrap();
    let found = client.find_user("dave").await.unwrap();
    assert_eq!(found.id, id);
    // The directory id went along, as ExternalId.
    assert_eq!(
        found.external_id.as_deref(),
        Some("3f2504e0-4f89-11d3-9a0c-0305e82c3301")
    );
    assert_eq!(found.security_type, Some(1), "a directory user");
    let add = on(&sim, Route::AddUser);
    assert_eq!(add.len(), 1);
    assert_eq!(add[0].headers["content-type"], "application/json");
}

#[tokio::test]
async fn device_command_is_accepted_and_not_retried() {
    let sim = sim().await;
    let client = client(&sim);
    client
        .device_command(STAGED_DEVICE, DeviceCommand::SyncDevice)
        .await
        .unwrap();
    let commands = sim.commands();
    assert_eq!(commands.len(), 1, "{commands:?}");
    assert_eq!(statuses(&on(&sim, Route::DeviceCommand)), [Some(202)]);

    sim.set_fault(Route::DeviceCommand, Fault::status(503).times(1));
    let err = client
        .device_command(STAGED_DEVICE, DeviceCommand::DeviceQuery)
        .await
        .unwrap_err();
    assert!(matches!(err, UemError::Server { .. }), "{err:?}");
    assert_eq!(
        on(&sim, Route::DeviceCommand).len(),
        2,
        "one more, no retry"
    );
}

// ---- the switch ----------------------------------------------------------------------------

#[tokio::test]
async fn full_switch_sequence_makes_exactly_the_expected_requests() {
    let sim = sim().await;
    let client = client(&sim);
    let device = client.device_by_serial(STAGED_SERIAL).await.unwrap();
    assert!(device.is_on_staging_user(&staging()));
    let user = alice(&client).await;
    let report = client
        .switch_enrollment_user(device.id, &user, &staging())
        .await
        .unwrap();
    assert_eq!(report.attempts, 1);
    assert!(!report.confirmed_by_reread);
    client
        .device_command(device.id, DeviceCommand::SyncDevice)
        .await
        .unwrap();
    let confirmed = client.device(device.id).await.unwrap();
    assert!(confirmed.belongs_to(&user), "{confirmed:?}");
    assert_eq!(confirmed.user_name.as_deref(), Some("alice"));

    assert_eq!(
        routes(&sim),
        [
            Route::Token,
            Route::DeviceLookup,
            Route::UserSearch,
            Route::SwitchUser,
            Route::DeviceCommand,
            Route::DeviceLookup
        ]
    );
    let patch = &on(&sim, Route::SwitchUser)[0];
    assert_eq!(patch.method, "PATCH");
    assert_eq!(patch.path, "/api/mdm/devices/2001/enrollmentuser/1002");
    assert_eq!(patch.status, Some(200));
    assert_eq!(patch.headers["accept"], "application/json;version=2");
    assert_eq!(patch.headers.get("content-type"), None, "no body");
}

#[tokio::test]
async fn patch_that_times_out_after_applying_is_not_repeated() {
    let sim = sim().await;
    sim.set_fault(Route::SwitchUser, Fault::hang().after_handler().times(1));
    let mut options = options(&sim);
    options.request_timeout = Duration::from_secs(1);
    let client = UemClient::new(options).unwrap();
    let user = alice(&client).await;
    let report = client
        .switch_enrollment_user(STAGED_DEVICE, &user, &staging())
        .await
        .unwrap();
    assert_eq!(report.attempts, 1);
    assert!(report.confirmed_by_reread);
    assert_eq!(on(&sim, Route::SwitchUser).len(), 1, "{:?}", routes(&sim));
    assert_eq!(
        routes(&sim)[2..],
        [Route::SwitchUser, Route::DeviceLookup],
        "one re-read after the PATCH"
    );
    assert_eq!(sim.device(2001).unwrap().user.as_deref(), Some("alice"));
}

#[tokio::test]
async fn patch_that_failed_before_applying_is_repeated_once_after_the_reread() {
    let sim = sim().await;
    sim.set_fault(Route::SwitchUser, Fault::status(503).times(1));
    let client = client(&sim);
    let user = alice(&client).await;
    let report = client
        .switch_enrollment_user(STAGED_DEVICE, &user, &staging())
        .await
        .unwrap();
    assert_eq!(report.attempts, 2);
    assert!(!report.confirmed_by_reread);
    assert_eq!(
        routes(&sim)[2..],
        [Route::SwitchUser, Route::DeviceLookup, Route::SwitchUser]
    );
    assert_eq!(
        statuses(&on(&sim, Route::SwitchUser)),
        [Some(503), Some(200)]
    );
    assert_eq!(sim.device(2001).unwrap().user.as_deref(), Some("alice"));
}

#[tokio::test]
async fn patch_that_timed_out_before_applying_is_repeated_once() {
    let sim = sim().await;
    sim.set_fault(Route::SwitchUser, Fault::hang().times(1));
    let mut options = options(&sim);
    options.request_timeout = Duration::from_secs(1);
    let client = UemClient::new(options).unwrap();
    let user = alice(&client).await;
    let report = client
        .switch_enrollment_user(STAGED_DEVICE, &user, &staging())
        .await
        .unwrap();
    assert_eq!(report.attempts, 2);
    assert_eq!(
        routes(&sim)[2..],
        [Route::SwitchUser, Route::DeviceLookup, Route::SwitchUser]
    );
}

#[tokio::test]
async fn two_patches_in_doubt_stop_with_the_server_error() {
    let sim = sim().await;
    sim.set_fault(Route::SwitchUser, Fault::status(503));
    let client = client(&sim);
    let user = alice(&client).await;
    let err = client
        .switch_enrollment_user(STAGED_DEVICE, &user, &staging())
        .await
        .unwrap_err();
    assert!(matches!(err, UemError::Server { .. }), "{err:?}");
    assert_eq!(
        routes(&sim)[2..],
        [
            Route::SwitchUser,
            Route::DeviceLookup,
            Route::SwitchUser,
            Route::DeviceLookup
        ]
    );
    assert_eq!(sim.device(2001).unwrap().user.as_deref(), Some("staging"));
}

#[tokio::test]
async fn patch_in_doubt_with_a_failing_reread_is_outcome_unknown() {
    let sim = sim().await;
    let client = client(&sim);
    let user = alice(&client).await;
    sim.set_fault(Route::SwitchUser, Fault::html(504).after_handler());
    sim.set_fault(Route::DeviceLookup, Fault::status(500));
    let err = client
        .switch_enrollment_user(STAGED_DEVICE, &user, &staging())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, UemError::SwitchOutcomeUnknown { cause, .. } if matches!(**cause, UemError::Server { .. })),
        "{err:?}"
    );
    assert_eq!(err.user_facing().code, "UEM-SWITCH-UNKNOWN");
    assert_eq!(
        on(&sim, Route::SwitchUser).len(),
        1,
        "never repeated blindly"
    );
}

#[tokio::test]
async fn switch_of_a_device_not_on_a_staging_user_is_rejected() {
    let sim = sim().await;
    let client = client(&sim);
    let user = alice(&client).await;
    // C02DEMO00002 belongs to bob.
    let err = client
        .switch_enrollment_user(DeviceId(2002), &user, &staging())
        .await
        .unwrap_err();
    assert!(matches!(err, UemError::SwitchRejected { .. }), "{err:?}");
    assert_eq!(err.http_details().unwrap().status, 400);
    assert_eq!(err.user_facing().exit, ExitCode::NotStaged);
    assert_eq!(
        routes(&sim)[2..],
        [Route::SwitchUser],
        "a refusal is final: no re-read"
    );
}

#[tokio::test]
async fn device_taken_by_someone_else_while_in_doubt_is_device_changed() {
    let sim = sim().await;
    sim.set_fault(Route::SwitchUser, Fault::hang().times(1));
    let mut options = options(&sim);
    options.request_timeout = Duration::from_secs(3);
    let client = UemClient::new(options).unwrap();
    let user = alice(&client).await;
    let other = UemClient::new(self::options(&sim)).unwrap();
    let bob = other.find_user("bob").await.unwrap();

    let switch = {
        let client = client.clone();
        let user = user.clone();
        tokio::spawn(async move {
            client
                .switch_enrollment_user(STAGED_DEVICE, &user, &staging())
                .await
        })
    };
    // Once the first PATCH is hanging in the simulator, someone else takes the device.
    while on(&sim, Route::SwitchUser).is_empty() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    other
        .switch_enrollment_user(STAGED_DEVICE, &bob, &staging())
        .await
        .unwrap();
    let err = switch.await.unwrap().unwrap_err();
    assert!(
        matches!(&err, UemError::DeviceChanged { now_user } if now_user.as_deref() == Some("bob")),
        "{err:?}"
    );
    assert_eq!(err.user_facing().code, "UEM-DEVICE-CHANGED");
    let patches = on(&sim, Route::SwitchUser);
    assert_eq!(
        patches.len(),
        2,
        "alice's hung PATCH and bob's: {patches:?}"
    );
    assert_eq!(sim.device(2001).unwrap().user.as_deref(), Some("bob"));
}
