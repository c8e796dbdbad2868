//! Starting a simulator and connecting to its directory.

use std::sync::Arc;
use std::time::Duration;

use ldap3::{Ldap, LdapConnAsync, LdapConnSettings, LdapError, LdapResult};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::CertificateDer;
use uem_sim::{Seed, Sim, SimHandle, SimOptions};

pub const ALICE_DN: &str = "uid=alice,ou=people,dc=example,dc=test";
pub const ALICE_PASSWORD: &str = "Alice-Pass-1";
pub const BASE_DN: &str = "dc=example,dc=test";

pub async fn start() -> SimHandle {
    start_with(Seed::demo()).await
}

pub async fn start_with(seed: Seed) -> SimHandle {
    Sim::start(seed, SimOptions::default()).await.unwrap()
}

/// A rustls client configuration (ring) that trusts only `ca_pem`.
pub fn tls_config(ca_pem: &str) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        roots.add(cert.unwrap()).unwrap();
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    Arc::new(config)
}

/// Connects to `url` trusting `ca_pem`; `starttls` upgrades an `ldap://` connection first.
pub async fn connect(url: &str, ca_pem: &str, starttls: bool) -> Result<Ldap, LdapError> {
    let settings = LdapConnSettings::new()
        .set_conn_timeout(Duration::from_secs(20))
        .set_config(tls_config(ca_pem))
        .set_starttls(starttls);
    let (conn, ldap) = LdapConnAsync::with_settings(settings, url).await?;
    ldap3::drive!(conn);
    Ok(ldap)
}

/// A connection to the LDAPS port.
pub async fn ldaps(sim: &SimHandle) -> Ldap {
    connect(sim.ldaps_url().unwrap(), sim.ca_pem(), false)
        .await
        .unwrap()
}

/// A connection to the plain port, upgraded with StartTLS.
pub async fn starttls(sim: &SimHandle) -> Ldap {
    connect(sim.ldap_url().unwrap(), sim.ca_pem(), true)
        .await
        .unwrap()
}

/// A simple bind on a fresh LDAPS connection.
pub async fn bind(sim: &SimHandle, name: &str, password: &str) -> LdapResult {
    let mut ldap = ldaps(sim).await;
    ldap.simple_bind(name, password).await.unwrap()
}

/// The AD diagnostic with sub-code `data`.
pub fn ad_diagnostic(data: &str) -> String {
    format!(
        "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data {data}, v1db1"
    )
}
