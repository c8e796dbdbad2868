//! The throwaway PKI: certificates parse, chain (or pin) as a relay needs.

use std::sync::Arc;

use rustls::client::danger::ServerCertVerifier as _;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::server::WebPkiClientVerifier;
use rustls::RootCertStore;
use uem_sim::pki::{self, CertificateAuthority, DeviceCertOptions};

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn der(pem: &str) -> CertificateDer<'static> {
    CertificateDer::from_pem_slice(pem.as_bytes()).unwrap()
}

fn roots(ca_pem: &str) -> Arc<RootCertStore> {
    let mut roots = RootCertStore::empty();
    roots.add(der(ca_pem)).unwrap();
    Arc::new(roots)
}

/// Whether a client certificate chains to the CA (as a relay's mTLS verifier checks).
pub fn client_chains_to(cert_pem: &str, ca_pem: &str) -> bool {
    let verifier = WebPkiClientVerifier::builder_with_provider(roots(ca_pem), provider())
        .build()
        .unwrap();
    verifier
        .verify_client_cert(&der(cert_pem), &[], UnixTime::now())
        .is_ok()
}

/// Whether a server certificate chains to the CA and names `host`.
pub fn server_valid_for(cert_pem: &str, ca_pem: &str, host: &str) -> bool {
    let verifier =
        rustls::client::WebPkiServerVerifier::builder_with_provider(roots(ca_pem), provider())
            .build()
            .unwrap();
    verifier
        .verify_server_cert(
            &der(cert_pem),
            &[],
            &ServerName::try_from(host.to_string()).unwrap(),
            &[],
            UnixTime::now(),
        )
        .is_ok()
}

/// The string value of the last attribute with this OID in a DER certificate — the subject's,
/// as it follows the issuer (a crude scan: OID, then a UTF8String or PrintableString).
pub fn attribute(der: &[u8], oid: &[u8]) -> Option<String> {
    let mut pattern = vec![0x06, oid.len() as u8];
    pattern.extend_from_slice(oid);
    let at = der.windows(pattern.len()).rposition(|w| w == pattern)? + pattern.len();
    let (tag, len) = (der[at], der[at + 1] as usize);
    [0x0c, 0x13]
        .contains(&tag)
        .then(|| String::from_utf8_lossy(&der[at + 2..at + 2 + len]).into_owned())
}

pub const CN: &[u8] = &[0x55, 0x04, 0x03];
pub const SERIAL_NUMBER: &[u8] = &[0x55, 0x04, 0x05];

#[test]
fn device_certificate_names_the_serial_and_chains_to_the_ca() {
    let ca = CertificateAuthority::new("test CA").unwrap();
    let device = ca
        .device_cert("C02DEMO00001", &DeviceCertOptions::default())
        .unwrap();
    assert!(client_chains_to(&device.cert_pem, ca.cert_pem()));
    assert_eq!(
        attribute(&device.cert_der, CN).as_deref(),
        Some("C02DEMO00001")
    );
    assert_eq!(attribute(&device.cert_der, SERIAL_NUMBER), None);
    PrivateKeyDer::from_pem_slice(device.key_pem.as_bytes()).unwrap();

    // Another CA's device certificate does not chain; the server certificate is no client one.
    let other = CertificateAuthority::new("other CA").unwrap();
    assert!(!client_chains_to(&device.cert_pem, other.cert_pem()));
    let server = ca.server_cert(&["localhost"]).unwrap();
    assert!(!client_chains_to(&server.cert_pem, ca.cert_pem()));
}

#[test]
fn device_certificate_options_add_the_serial_attribute_and_a_san_uri() {
    let ca = CertificateAuthority::new("test CA").unwrap();
    let options = DeviceCertOptions {
        serial_number_attribute: true,
        san_uri_prefix: Some("urn:baton:device:".into()),
    };
    let device = ca.device_cert("C02DEMO00004", &options).unwrap();
    assert!(client_chains_to(&device.cert_pem, ca.cert_pem()));
    assert_eq!(
        attribute(&device.cert_der, SERIAL_NUMBER).as_deref(),
        Some("C02DEMO00004")
    );
    let uri = b"urn:baton:device:C02DEMO00004";
    let mut san = vec![0x86, uri.len() as u8];
    san.extend_from_slice(uri);
    assert!(device.cert_der.windows(san.len()).any(|w| w == san));
}

#[test]
fn server_certificate_covers_dns_names_and_ips() {
    let ca = CertificateAuthority::new("test CA").unwrap();
    let relay = ca
        .server_cert(&["relay.example.test", "127.0.0.1", "::1"])
        .unwrap();
    for host in ["relay.example.test", "127.0.0.1", "::1"] {
        assert!(
            server_valid_for(&relay.cert_pem, ca.cert_pem(), host),
            "{host}"
        );
    }
    assert!(!server_valid_for(
        &relay.cert_pem,
        ca.cert_pem(),
        "other.example.test"
    ));
    // A device certificate is no server certificate.
    let device = ca.device_cert("S", &DeviceCertOptions::default()).unwrap();
    assert!(!server_valid_for(&device.cert_pem, ca.cert_pem(), "S"));
}

#[test]
fn kiosk_certificate_is_self_signed_and_pinned_by_fingerprint() {
    let ca = CertificateAuthority::new("test CA").unwrap();
    let kiosk = pki::kiosk_cert("desk-1").unwrap();
    assert!(!client_chains_to(&kiosk.cert_pem, ca.cert_pem()));
    assert_eq!(attribute(&kiosk.cert_der, CN).as_deref(), Some("desk-1"));
    let fingerprint = kiosk.fingerprint();
    assert_eq!(fingerprint.len(), 64);
    assert!(fingerprint
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    assert_eq!(pki::pem_fingerprint(&kiosk.cert_pem).unwrap(), fingerprint);
    assert_ne!(
        pki::kiosk_cert("desk-1").unwrap().fingerprint(),
        fingerprint
    );
    assert_eq!(
        pki::sha256_fingerprint(der(&kiosk.cert_pem).as_ref()),
        fingerprint
    );
}

#[test]
fn write_bundle_writes_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pki");
    let bundle = pki::write_bundle(
        &out,
        "C02DEMO00001",
        "desk-1",
        pki::DEFAULT_RELAY_NAMES,
        &DeviceCertOptions::default(),
    )
    .unwrap();
    let read = |name: &str| std::fs::read_to_string(out.join(name)).unwrap();
    assert_eq!(read("ca.pem"), bundle.ca.cert_pem());
    assert_eq!(read("kiosk.pem"), bundle.kiosk.cert_pem);
    assert!(client_chains_to(&read("device.pem"), &read("ca.pem")));
    assert!(server_valid_for(
        &read("relay.pem"),
        &read("ca.pem"),
        "localhost"
    ));
    for key in ["relay-key.pem", "device-key.pem", "kiosk-key.pem"] {
        PrivateKeyDer::from_pem_slice(read(key).as_bytes()).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(out.join(key))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "{key} is readable by others");
        }
    }
}
