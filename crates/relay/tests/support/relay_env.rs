//! The relay end to end, as the test files over it start it: uem-sim (UEM and its LDAPS
//! directory) behind a real TLS relay, device and kiosk certificates from a throwaway CA, state
//! in SQLite (or a given database). Included with `#[path]` by `relay.rs` and `kiosk.rs`.

use std::path::Path;

use baton_core::ops::{RelayClient, RelayClientIdentity, RelayClientOptions};
use baton_relay::config::{self, RelayConfig};
use plist::Value;
use secrecy::SecretString;
use uem_sim::pki::{self, CertificateAuthority, DeviceCertOptions, IssuedCert};
use uem_sim::{Seed, Sim, SimHandle, SimOptions};

pub const STAGED: &str = "C02DEMO00001";
pub const BOBS: &str = "C02DEMO00002";

pub struct Env {
    pub sim: SimHandle,
    pub ca: CertificateAuthority,
    pub relay: baton_relay::http::Running,
    pub dir: tempfile::TempDir,
    pub kiosk: IssuedCert,
    /// The configuration the relay runs with (to start a second replica).
    pub config: RelayConfig,
}

pub const TECHNICIANS: &str = "cn=baton-technicians,ou=groups,dc=example,dc=test";
/// The integration tokens of the test configuration (their SHA-256 is configured).
pub const READ_TOKEN: &str = "read-token-for-the-service-desk";
pub const ASSIGN_TOKEN: &str = "assign-token-for-the-asset-system";

pub async fn env() -> Env {
    env_with(|_| {}).await
}

pub async fn env_with(edit: impl FnOnce(&mut Seed)) -> Env {
    env_on(edit, None).await
}

/// The relay on `database` (`None`: SQLite in the test's folder).
pub async fn env_on(edit: impl FnOnce(&mut Seed), database: Option<String>) -> Env {
    env_full(edit, database, |_| {}).await
}

/// The relay's configuration for `sim`: listening on a free port of 127.0.0.1 with a server
/// certificate from `ca` (its files in `dir`), device certificates from `ca`, SQLite in `dir`.
pub fn base_config(sim: &SimHandle, ca: &CertificateAuthority, dir: &Path) -> serde_json::Value {
    let server = ca.server_cert(&["127.0.0.1", "localhost"]).unwrap();
    std::fs::write(dir.join("relay.pem"), &server.cert_pem).unwrap();
    std::fs::write(dir.join("relay-key.pem"), &server.key_pem).unwrap();
    let mut json = sim.baton_config();
    json["Listen"] = "127.0.0.1:0".into();
    json["TLSCertificateFile"] = dir.join("relay.pem").to_str().unwrap().into();
    json["TLSKeyFile"] = dir.join("relay-key.pem").to_str().unwrap().into();
    json["DeviceCACertificates"] = serde_json::json!([ca.cert_pem()]);
    json["Database"] = format!("sqlite:{}", dir.join("relay.db").display()).into();
    json
}

/// The relay's configuration from its JSON form, as from a configuration file.
pub fn relay_config(json: serde_json::Value) -> RelayConfig {
    let Value::Dictionary(dict) = baton_core::config::source::from_json(json) else {
        unreachable!()
    };
    config::from_dictionary(dict, &|_| None).unwrap()
}

/// The relay on `database`, its configuration JSON changed by `configure`.
pub async fn env_full(
    edit: impl FnOnce(&mut Seed),
    database: Option<String>,
    configure: impl FnOnce(&mut serde_json::Value),
) -> Env {
    let mut seed = Seed::demo();
    edit(&mut seed);
    let sim = Sim::start(seed, SimOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ca = CertificateAuthority::new("Baton Test Device CA").unwrap();
    let kiosk = pki::kiosk_cert("Front-Desk-1").unwrap();
    let mut json = base_config(&sim, &ca, dir.path());
    json["Kiosks"] =
        serde_json::json!([{"Name": "Front-Desk-1", "CertificateSHA256": kiosk.fingerprint()}]);
    if let Some(database) = database {
        json["Database"] = database.into();
    }
    json["TechnicianGroups"] = serde_json::json!([TECHNICIANS]);
    json["IntegrationTokens"] = serde_json::json!([
        {"Name": "ServiceDesk", "TokenSHA256": pki::sha256_fingerprint(READ_TOKEN.as_bytes()), "Role": "read"},
        {"Name": "AssetSystem", "TokenSHA256": pki::sha256_fingerprint(ASSIGN_TOKEN.as_bytes()), "Role": "assign"},
    ]);
    configure(&mut json);
    let config = relay_config(json);
    let relay = baton_relay::start(config.clone()).await.unwrap();
    Env {
        sim,
        ca,
        relay,
        dir,
        kiosk,
        config,
    }
}

impl Env {
    pub fn http(&self, identity: Option<&IssuedCert>) -> reqwest::Client {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .add_root_certificate(
                reqwest::Certificate::from_pem(self.ca.cert_pem().as_bytes()).unwrap(),
            );
        if let Some(cert) = identity {
            let pem = format!("{}\n{}", cert.cert_pem, cert.key_pem);
            builder = builder.identity(reqwest::Identity::from_pem(pem.as_bytes()).unwrap());
        }
        builder.build().unwrap()
    }

    pub fn device(&self, serial: &str) -> IssuedCert {
        self.ca
            .device_cert(serial, &DeviceCertOptions::default())
            .unwrap()
    }

    /// The app's own relay client, as this Mac `serial` would build it.
    pub fn client(&self, serial: &str) -> RelayClient {
        self.client_with(&self.device(serial))
    }

    /// The app's own relay client with the client certificate `identity`.
    pub fn client_with(&self, identity: &IssuedCert) -> RelayClient {
        RelayClient::new(RelayClientOptions {
            url: self.relay.url.parse().unwrap(),
            ca_certificates: vec![self.ca.cert_pem().to_owned()],
            identity: Some(RelayClientIdentity::Pem(SecretString::from(format!(
                "{}\n{}",
                identity.cert_pem, identity.key_pem
            )))),
            connect_timeout: std::time::Duration::from_secs(5),
            request_timeout: std::time::Duration::from_secs(30),
        })
        .unwrap()
    }

    pub async fn post(
        &self,
        identity: Option<&IssuedCert>,
        path: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value, reqwest::header::HeaderMap) {
        let response = self
            .http(identity)
            .post(format!("{}{path}", self.relay.url))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.json().await.unwrap_or(serde_json::Value::Null);
        (status, body, headers)
    }
}
