//! TLS: the directory presents the HTTPS side's certificate; a client trusting another CA
//! refuses it, on LDAPS and after StartTLS alike.

use ldap3::LdapError;
use uem_sim::{Seed, Sim, SimOptions};

use crate::common::*;

/// The CA of another simulator run: same subject name, another key.
async fn other_runs_ca() -> String {
    let options = SimOptions {
        ldap: false,
        ..SimOptions::default()
    };
    let other = Sim::start(Seed::demo(), options).await.unwrap();
    assert!(other.ldaps_url().is_none() && other.ldap_url().is_none());
    other.ca_pem().to_string()
}

/// An unrelated CA (another name, another key).
fn unrelated_ca() -> String {
    let mut params = rcgen::CertificateParams::default();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Unrelated Test CA");
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let key = rcgen::KeyPair::generate().unwrap();
    params.self_signed(&key).unwrap().pem()
}

/// Asserts the connection failed on the server certificate with `expected`.
fn assert_refused_certificate(error: LdapError, expected: rustls::CertificateError) {
    let LdapError::Io { source } = &error else {
        panic!("not a TLS failure: {error:?}");
    };
    let tls = source
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    assert_eq!(
        tls,
        Some(&rustls::Error::InvalidCertificate(expected)),
        "{error:?}"
    );
}

#[tokio::test]
async fn ldaps_with_the_wrong_ca_is_refused() {
    let sim = start().await;
    let url = sim.ldaps_url().unwrap();
    let error = connect(url, &unrelated_ca(), false).await.unwrap_err();
    assert_refused_certificate(error, rustls::CertificateError::UnknownIssuer);
    let error = connect(url, &other_runs_ca().await, false)
        .await
        .unwrap_err();
    assert_refused_certificate(error, rustls::CertificateError::BadSignature);
}

#[tokio::test]
async fn starttls_with_the_wrong_ca_is_refused() {
    let sim = start().await;
    let url = sim.ldap_url().unwrap();
    let error = connect(url, &unrelated_ca(), true).await.unwrap_err();
    assert_refused_certificate(error, rustls::CertificateError::UnknownIssuer);
    let error = connect(url, &other_runs_ca().await, true)
        .await
        .unwrap_err();
    assert_refused_certificate(error, rustls::CertificateError::BadSignature);
    // The failed handshake left no bound session behind: the port still serves.
    let mut ldap = starttls(&sim).await;
    assert_eq!(
        ldap.simple_bind(ALICE_DN, ALICE_PASSWORD).await.unwrap().rc,
        0
    );
}

#[tokio::test]
async fn the_same_ca_signs_https_and_ldap() {
    let sim = start().await;
    let url = sim.ldaps_url().unwrap();
    assert!(url.starts_with("ldaps://127.0.0.1:"), "{url}");
    assert!(sim.ldap_url().unwrap().starts_with("ldap://127.0.0.1:"));
    // The name check uses the certificate's SANs: localhost works as well as 127.0.0.1.
    let port = url.rsplit(':').next().unwrap();
    let mut ldap = connect(&format!("ldaps://localhost:{port}"), sim.ca_pem(), false)
        .await
        .unwrap();
    assert_eq!(
        ldap.simple_bind(ALICE_DN, ALICE_PASSWORD).await.unwrap().rc,
        0
    );
}

#[tokio::test]
async fn ldaps_to_the_starttls_port_fails() {
    let sim = start().await;
    let url = sim.ldap_url().unwrap().replacen("ldap://", "ldaps://", 1);
    assert!(connect(&url, sim.ca_pem(), false).await.is_err());
    // The listener keeps serving after a client that spoke TLS to it.
    let mut ldap = starttls(&sim).await;
    assert_eq!(
        ldap.simple_bind(ALICE_DN, ALICE_PASSWORD).await.unwrap().rc,
        0
    );
}
