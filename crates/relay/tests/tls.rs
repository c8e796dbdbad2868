//! `baton_relay::tls` over real TLS on loopback: a tokio-rustls server built with `server_config`
//! and `accept`, a tokio-rustls client presenting each kind of client certificate.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use baton_relay::tls::{
    accept, identify, parse_fingerprint, server_config, AcceptError, ClientIdentity, IdentityError,
    Kiosk, SerialFrom, SettingsError, TlsError, TlsSettings,
};
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose, SanType,
};
use rustls::client::ResolvesClientCert;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use rustls::sign::CertifiedKey;
use rustls::{ClientConfig, RootCertStore, SignatureScheme};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::{TlsAcceptor, TlsConnector};

// ---------------------------------------------------------------------------------------------
// Certificates

struct Identity {
    der: CertificateDer<'static>,
    key: PrivatePkcs8KeyDer<'static>,
}

impl Identity {
    fn fingerprint(&self) -> [u8; 32] {
        baton_relay::tls::sha256(self.der.as_ref())
    }
}

struct Fixtures {
    _dir: tempfile::TempDir,
    server_cert_file: PathBuf,
    server_key_file: PathBuf,
    server_ca: CertificateDer<'static>,
    device_ca_pem: String,
    /// CN " c02xyz1234 " (normalised to C02XYZ1234).
    device_cn: Identity,
    /// CN "Baton device", serialNumber C02SN00001.
    device_serialnumber: Identity,
    /// CN "Baton device", SAN URIs https://example.com/… and urn:baton:serial:C02XYZURI1.
    device_san_uri: Identity,
    /// CN "MacBook of Alice": not serial-shaped.
    device_bad_cn: Identity,
    /// An empty subject.
    device_no_subject: Identity,
    /// CN C02OLD0001, valid 2020–2021.
    device_expired: Identity,
    /// CN C02OTHER01, from another CA.
    other_ca_device: Identity,
    kiosk: Identity,
    kiosk_unlisted: Identity,
    /// A kiosk certificate issued by the other CA (not self-signed), listed as "Back Office".
    kiosk_from_other_ca: Identity,
}

fn ca(name: &str) -> (CertificateParams, KeyPair, CertificateDer<'static>) {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let cert = params.self_signed(&key).unwrap();
    (params, key, cert.der().clone())
}

fn leaf(
    issuer: Option<&Issuer<'_, KeyPair>>,
    subject: &[(DnType, DnValue)],
    sans: Vec<SanType>,
    expired: bool,
) -> Identity {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name = DistinguishedName::new();
    for (ty, value) in subject {
        params.distinguished_name.push(ty.clone(), value.clone());
    }
    params.subject_alt_names = sans;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    if expired {
        params.not_before = date_time_ymd(2020, 1, 1);
        params.not_after = date_time_ymd(2021, 1, 1);
    }
    let cert = match issuer {
        Some(issuer) => params.signed_by(&key, issuer).unwrap(),
        None => params.self_signed(&key).unwrap(),
    };
    Identity {
        der: cert.der().clone(),
        key: PrivatePkcs8KeyDer::from(key.serialize_der()),
    }
}

fn cn(value: &str) -> Vec<(DnType, DnValue)> {
    vec![(DnType::CommonName, DnValue::Utf8String(value.into()))]
}

fn fixtures() -> &'static Fixtures {
    static FIXTURES: OnceLock<Fixtures> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();

        let (server_ca_params, server_ca_key, server_ca) = ca("Relay Test Server CA");
        let server_issuer = Issuer::new(server_ca_params, server_ca_key);
        let server_key = KeyPair::generate().unwrap();
        let mut params =
            CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let server_cert = params.signed_by(&server_key, &server_issuer).unwrap();
        let server_cert_file = dir.path().join("relay.crt");
        let server_key_file = dir.path().join("relay.key");
        std::fs::write(&server_cert_file, server_cert.pem()).unwrap();
        std::fs::write(&server_key_file, server_key.serialize_pem()).unwrap();

        let (device_ca_params, device_ca_key, device_ca) = ca("Baton Device CA");
        let device_ca_pem = pem("CERTIFICATE", device_ca.as_ref());
        let devices = Issuer::new(device_ca_params, device_ca_key);
        let (other_params, other_key, _) = ca("Some Other CA");
        let other = Issuer::new(other_params, other_key);

        let mut serialnumber = cn("Baton device");
        serialnumber.push((
            DnType::CustomDnType(vec![2, 5, 4, 5]),
            DnValue::PrintableString("C02SN00001".try_into().unwrap()),
        ));
        let uris = vec![
            SanType::URI("https://example.com/device/XYZ".try_into().unwrap()),
            SanType::URI("urn:baton:serial:C02XYZURI1".try_into().unwrap()),
            SanType::URI("urn:baton:serial:C02SECOND1".try_into().unwrap()),
        ];

        Fixtures {
            server_cert_file,
            server_key_file,
            server_ca,
            device_ca_pem,
            device_cn: leaf(Some(&devices), &cn(" c02xyz1234 "), vec![], false),
            device_serialnumber: leaf(Some(&devices), &serialnumber, vec![], false),
            device_san_uri: leaf(Some(&devices), &cn("Baton device"), uris, false),
            device_bad_cn: leaf(Some(&devices), &cn("MacBook of Alice"), vec![], false),
            device_no_subject: leaf(Some(&devices), &[], vec![], false),
            device_expired: leaf(Some(&devices), &cn("C02OLD0001"), vec![], true),
            other_ca_device: leaf(Some(&other), &cn("C02OTHER01"), vec![], false),
            kiosk: leaf(None, &cn("Front Desk 1"), vec![], false),
            kiosk_unlisted: leaf(None, &cn("Front Desk 2"), vec![], false),
            kiosk_from_other_ca: leaf(Some(&other), &cn("Back Office"), vec![], false),
            _dir: dir,
        }
    })
}

fn pem(label: &str, der: &[u8]) -> String {
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::new();
    for chunk in der.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                text.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                text.push('=');
            }
        }
    }
    let body: Vec<&str> = text
        .as_bytes()
        .chunks(64)
        .map(|l| std::str::from_utf8(l).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        body.join("\n")
    )
}

/// The fingerprint as an administrator might paste it: upper case with colons.
fn colon_hex(bytes: &[u8; 32]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn settings(serial_from: SerialFrom) -> TlsSettings {
    let f = fixtures();
    TlsSettings {
        cert_pem_file: f.server_cert_file.clone(),
        key_pem_file: f.server_key_file.clone(),
        device_cas: vec![f.device_ca_pem.clone()],
        serial_from,
        kiosks: vec![
            Kiosk::parse("Front-Desk-1", &colon_hex(&f.kiosk.fingerprint())).unwrap(),
            Kiosk::parse(
                "Back-Office",
                &colon_hex(&f.kiosk_from_other_ca.fingerprint()).to_lowercase(),
            )
            .unwrap(),
        ],
    }
}

// ---------------------------------------------------------------------------------------------
// One connection

#[derive(Clone, Copy, PartialEq)]
enum Version {
    Tls13,
    Tls12,
}

#[derive(Debug)]
struct Fixed(Arc<CertifiedKey>);

impl ResolvesClientCert for Fixed {
    fn resolve(&self, _hints: &[&[u8]], _schemes: &[SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        Some(self.0.clone())
    }
    fn has_certs(&self) -> bool {
        true
    }
}

enum ClientCert<'a> {
    None,
    Cert(&'a Identity),
    /// The certificate of one identity with the private key of another.
    WrongKey(&'a Identity, &'a Identity),
}

fn client_config(cert: ClientCert<'_>, version: Version, alpn: &[&[u8]]) -> ClientConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore::empty();
    roots.add(fixtures().server_ca.clone()).unwrap();
    let versions: &[&rustls::SupportedProtocolVersion] = match version {
        Version::Tls13 => &[&rustls::version::TLS13],
        Version::Tls12 => &[&rustls::version::TLS12],
    };
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(versions)
        .unwrap()
        .with_root_certificates(roots);
    let mut config = match cert {
        ClientCert::None => builder.with_no_client_auth(),
        ClientCert::Cert(id) => builder
            .with_client_auth_cert(
                vec![id.der.clone()],
                PrivateKeyDer::from(id.key.clone_key()),
            )
            .unwrap(),
        ClientCert::WrongKey(cert, key) => {
            let signer = provider
                .key_provider
                .load_private_key(PrivateKeyDer::from(key.key.clone_key()))
                .unwrap();
            let certified = CertifiedKey::new(vec![cert.der.clone()], signer);
            builder.with_client_cert_resolver(Arc::new(Fixed(Arc::new(certified))))
        }
    };
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    config
}

struct Outcome {
    /// What `accept` gave the relay.
    server: Result<ClientIdentity, AcceptError>,
    /// What the client saw: the negotiated ALPN protocol and the bytes the relay sent, or an error.
    client: Result<(Option<Vec<u8>>, Vec<u8>), String>,
}

async fn connect_with(settings: &TlsSettings, client: ClientConfig) -> Outcome {
    let acceptor = TlsAcceptor::from(server_config(settings).unwrap());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let client = tokio::spawn(async move {
        let tcp = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
        let connector = TlsConnector::from(Arc::new(client));
        let name = ServerName::try_from("localhost").unwrap();
        let mut tls = connector
            .connect(name, tcp)
            .await
            .map_err(|e| e.to_string())?;
        let alpn = tls.get_ref().1.alpn_protocol().map(<[u8]>::to_vec);
        let mut got = Vec::new();
        tls.read_to_end(&mut got).await.map_err(|e| e.to_string())?;
        Ok((alpn, got))
    });
    let (tcp, _) = listener.accept().await.unwrap();
    let server = match accept(&acceptor, tcp, settings).await {
        Ok((mut stream, identity)) => {
            stream.write_all(b"hello").await.unwrap();
            stream.shutdown().await.unwrap();
            Ok(identity)
        }
        Err(e) => Err(e),
    };
    let client = client.await.unwrap();
    Outcome { server, client }
}

async fn connect(settings: &TlsSettings, cert: ClientCert<'_>, version: Version) -> Outcome {
    let client = client_config(cert, version, &[b"h2", b"http/1.1"]);
    tokio::time::timeout(Duration::from_secs(10), connect_with(settings, client))
        .await
        .expect("the connection finished in time")
}

fn device(outcome: &Outcome) -> String {
    match &outcome.server {
        Ok(ClientIdentity::Device {
            serial,
            fingerprint,
        }) => {
            assert_eq!(fingerprint.len(), 64);
            assert_eq!(outcome.client.as_ref().unwrap().1, b"hello");
            serial.clone()
        }
        other => panic!("expected a device, got {other:?}"),
    }
}

fn kiosk(outcome: &Outcome) -> String {
    match &outcome.server {
        Ok(ClientIdentity::Kiosk { name, .. }) => {
            assert_eq!(outcome.client.as_ref().unwrap().1, b"hello");
            name.clone()
        }
        other => panic!("expected a kiosk, got {other:?}"),
    }
}

/// The handshake was refused: the relay's `accept` failed in the handshake and the client got
/// no answer. Returns the relay's error text.
fn refused(outcome: &Outcome) -> String {
    assert!(
        outcome.client.is_err(),
        "the client got an answer: {:?}",
        outcome.client
    );
    match &outcome.server {
        Err(AcceptError::Handshake(e)) => e.to_string(),
        other => panic!("expected a refused handshake, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Who the client is

#[tokio::test]
async fn a_device_certificate_names_the_device_by_its_subject_cn() {
    let f = fixtures();
    let s = settings(SerialFrom::SubjectCn);
    let outcome = connect(&s, ClientCert::Cert(&f.device_cn), Version::Tls13).await;
    assert_eq!(device(&outcome), "C02XYZ1234");
    match outcome.server.unwrap() {
        ClientIdentity::Device { fingerprint, .. } => {
            assert_eq!(
                fingerprint,
                baton_relay::tls::fingerprint_hex(f.device_cn.der.as_ref())
            )
        }
        _ => unreachable!(),
    }
    // And over TLS 1.2 (the client's CertificateVerify goes through verify_tls12_signature).
    let outcome = connect(&s, ClientCert::Cert(&f.device_cn), Version::Tls12).await;
    assert_eq!(device(&outcome), "C02XYZ1234");
}

#[tokio::test]
async fn device_serial_from_subject_serialnumber() {
    let f = fixtures();
    let s = settings(SerialFrom::parse("subject-serialnumber").unwrap());
    let outcome = connect(&s, ClientCert::Cert(&f.device_serialnumber), Version::Tls13).await;
    assert_eq!(device(&outcome), "C02SN00001");
    // A certificate with a CN but no serialNumber attribute has no serial under this setting.
    let outcome = connect(&s, ClientCert::Cert(&f.device_cn), Version::Tls13).await;
    assert!(
        matches!(
            &outcome.server,
            Err(AcceptError::Identity(IdentityError::NoSerial { .. }))
        ),
        "{:?}",
        outcome.server
    );
}

#[tokio::test]
async fn device_serial_from_the_first_san_uri_with_the_prefix() {
    let f = fixtures();
    let s = settings(SerialFrom::parse("san-uri:urn:baton:serial:").unwrap());
    let outcome = connect(&s, ClientCert::Cert(&f.device_san_uri), Version::Tls13).await;
    assert_eq!(device(&outcome), "C02XYZURI1");
    // No URI with that prefix: no serial, and the error says which prefix was looked for.
    let outcome = connect(&s, ClientCert::Cert(&f.device_cn), Version::Tls13).await;
    match &outcome.server {
        Err(AcceptError::Identity(e @ IdentityError::NoSerial { .. })) => {
            assert!(e.to_string().contains("urn:baton:serial:"), "{e}")
        }
        other => panic!("expected no serial, got {other:?}"),
    }
}

#[tokio::test]
async fn a_listed_kiosk_certificate_is_a_kiosk_self_signed_or_from_any_ca() {
    let f = fixtures();
    let s = settings(SerialFrom::SubjectCn);
    let outcome = connect(&s, ClientCert::Cert(&f.kiosk), Version::Tls13).await;
    assert_eq!(kiosk(&outcome), "Front-Desk-1");
    let outcome = connect(&s, ClientCert::Cert(&f.kiosk), Version::Tls12).await;
    assert_eq!(kiosk(&outcome), "Front-Desk-1");
    let outcome = connect(&s, ClientCert::Cert(&f.kiosk_from_other_ca), Version::Tls13).await;
    assert_eq!(kiosk(&outcome), "Back-Office");
}

#[tokio::test]
async fn a_kiosk_listed_by_fingerprint_wins_over_a_device_serial() {
    // A certificate from the device CA whose fingerprint is also listed is the kiosk.
    let f = fixtures();
    let mut s = settings(SerialFrom::SubjectCn);
    s.kiosks
        .push(Kiosk::parse("Desk-Device", &colon_hex(&f.device_cn.fingerprint())).unwrap());
    let outcome = connect(&s, ClientCert::Cert(&f.device_cn), Version::Tls13).await;
    assert_eq!(kiosk(&outcome), "Desk-Device");
}

#[tokio::test]
async fn no_client_certificate_is_no_identity_and_the_handshake_succeeds() {
    let s = settings(SerialFrom::SubjectCn);
    let outcome = connect(&s, ClientCert::None, Version::Tls13).await;
    assert_eq!(outcome.server.unwrap(), ClientIdentity::None);
    let (alpn, body) = outcome.client.unwrap();
    assert_eq!(alpn.as_deref(), Some(&b"h2"[..]));
    assert_eq!(body, b"hello");
}

#[tokio::test]
async fn alpn_offers_h2_and_http_1_1() {
    let s = settings(SerialFrom::SubjectCn);
    let client = client_config(ClientCert::None, Version::Tls13, &[b"http/1.1"]);
    let outcome = connect_with(&s, client).await;
    assert_eq!(outcome.client.unwrap().0.as_deref(), Some(&b"http/1.1"[..]));
}

// ---------------------------------------------------------------------------------------------
// Refused

#[tokio::test]
async fn a_certificate_from_another_ca_is_refused() {
    let f = fixtures();
    let s = settings(SerialFrom::SubjectCn);
    let outcome = connect(&s, ClientCert::Cert(&f.other_ca_device), Version::Tls13).await;
    let e = refused(&outcome);
    assert!(e.contains("UnknownIssuer") || e.contains("issuer"), "{e}");
    let outcome = connect(&s, ClientCert::Cert(&f.other_ca_device), Version::Tls12).await;
    refused(&outcome);
}

#[tokio::test]
async fn an_expired_device_certificate_is_refused() {
    let f = fixtures();
    let s = settings(SerialFrom::SubjectCn);
    let outcome = connect(&s, ClientCert::Cert(&f.device_expired), Version::Tls13).await;
    let e = refused(&outcome);
    assert!(e.to_lowercase().contains("expired"), "{e}");
}

#[tokio::test]
async fn an_unlisted_self_signed_certificate_is_refused() {
    let f = fixtures();
    let s = settings(SerialFrom::SubjectCn);
    let outcome = connect(&s, ClientCert::Cert(&f.kiosk_unlisted), Version::Tls13).await;
    refused(&outcome);
}

#[tokio::test]
async fn a_listed_kiosk_certificate_without_its_private_key_is_refused() {
    // The fingerprint trusts the certificate, not whoever holds a copy of it: the handshake
    // signature must still verify against the certificate's key.
    let f = fixtures();
    let s = settings(SerialFrom::SubjectCn);
    for version in [Version::Tls13, Version::Tls12] {
        let outcome = connect(
            &s,
            ClientCert::WrongKey(&f.kiosk, &f.kiosk_unlisted),
            version,
        )
        .await;
        refused(&outcome);
    }
}

#[tokio::test]
async fn without_device_cas_only_kiosks_authenticate() {
    let f = fixtures();
    let mut s = settings(SerialFrom::SubjectCn);
    s.device_cas.clear();
    let outcome = connect(&s, ClientCert::Cert(&f.device_cn), Version::Tls13).await;
    refused(&outcome);
    let outcome = connect(&s, ClientCert::Cert(&f.kiosk), Version::Tls13).await;
    assert_eq!(kiosk(&outcome), "Front-Desk-1");
    let outcome = connect(&s, ClientCert::None, Version::Tls13).await;
    assert_eq!(outcome.server.unwrap(), ClientIdentity::None);
}

#[tokio::test]
async fn a_device_certificate_without_a_serial_shaped_cn_is_an_identity_error() {
    let f = fixtures();
    let s = settings(SerialFrom::SubjectCn);
    let outcome = connect(&s, ClientCert::Cert(&f.device_bad_cn), Version::Tls13).await;
    match &outcome.server {
        Err(AcceptError::Identity(e @ IdentityError::BadSerial { value, .. })) => {
            assert_eq!(value, "MacBook of Alice");
            let text = e.to_string();
            assert!(
                text.contains("not a serial number") && text.contains("subject-cn"),
                "{text}"
            );
        }
        other => panic!("expected a bad serial, got {other:?}"),
    }
    let outcome = connect(&s, ClientCert::Cert(&f.device_no_subject), Version::Tls13).await;
    assert!(
        matches!(
            &outcome.server,
            Err(AcceptError::Identity(IdentityError::NoSerial { .. }))
        ),
        "{:?}",
        outcome.server
    );
}

// ---------------------------------------------------------------------------------------------
// identify without a connection

#[test]
fn identify_normalises_and_checks_serials_and_survives_odd_certificates() {
    let s = settings(SerialFrom::SubjectCn);
    assert_eq!(identify(None, &s).unwrap(), ClientIdentity::None);
    assert_eq!(identify(Some(&[]), &s).unwrap(), ClientIdentity::None);
    let garbage = CertificateDer::from(vec![0x30, 0x03, 0x02, 0x01]);
    let e = identify(Some(&[garbage]), &s).unwrap_err();
    assert!(matches!(e, IdentityError::Unreadable { .. }), "{e:?}");

    let issuer_key = KeyPair::generate().unwrap();
    let (ca_params, _, _) = ca("Serial test CA");
    let issuer = Issuer::new(ca_params, issuer_key);
    for (cn_text, expected) in [
        ("abcd", Some("ABCD")),
        ("  c02abc  ", Some("C02ABC")),
        ("ABC", None),
        (
            "A".repeat(32).as_str(),
            Some("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        ),
        ("A".repeat(33).as_str(), None),
        ("C02-XYZ", None),
        ("C02 XYZ", None),
        ("ÄBCDE", None),
        ("", None),
    ] {
        let id = leaf(Some(&issuer), &cn(cn_text), vec![], false);
        let got = identify(Some(std::slice::from_ref(&id.der)), &s);
        match expected {
            Some(serial) => assert_eq!(
                got.unwrap(),
                ClientIdentity::Device {
                    serial: serial.to_string(),
                    fingerprint: baton_relay::tls::fingerprint_hex(id.der.as_ref())
                },
                "{cn_text:?}"
            ),
            None => assert!(
                matches!(got, Err(IdentityError::BadSerial { .. })),
                "{cn_text:?}: {got:?}"
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Settings and loading

#[test]
fn kiosk_fingerprints_accept_colons_and_either_case_and_refuse_anything_else() {
    let hex = "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF";
    let bytes = parse_fingerprint(hex).unwrap();
    assert_eq!(bytes[0], 0x00);
    assert_eq!(bytes[10], 0xaa);
    assert_eq!(bytes[31], 0xff);
    assert_eq!(parse_fingerprint(&hex.to_uppercase()).unwrap(), bytes);
    assert_eq!(parse_fingerprint(&hex.to_lowercase()).unwrap(), bytes);
    assert_eq!(parse_fingerprint(&colon_hex(&bytes)).unwrap(), bytes);
    assert_eq!(
        parse_fingerprint(&format!(" {} ", colon_hex(&bytes).to_lowercase())).unwrap(),
        bytes
    );

    let kiosk = Kiosk::parse("Front-Desk-1", &colon_hex(&bytes)).unwrap();
    assert_eq!(kiosk.name, "Front-Desk-1");
    assert_eq!(kiosk.sha256, bytes);

    for (text, needle) in [
        (&hex[..63], "63 hex digits"),
        (&hex[..40], "40 hex digits"),
        ("", "empty"),
        (
            "zz112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF",
            "'z'",
        ),
        ("00 11 22 33", "' '"),
    ] {
        let e = Kiosk::parse("Front-Desk-1", text).unwrap_err();
        assert!(matches!(e, SettingsError::Kiosk { .. }));
        let message = e.to_string();
        assert!(message.contains("Front-Desk-1"), "{message}");
        assert!(message.contains("CertificateSHA256"), "{message}");
        assert!(message.contains(needle), "{text:?}: {message}");
    }
    let mut too_long = hex.to_string();
    too_long.push_str("00");
    assert!(Kiosk::parse("K", &too_long)
        .unwrap_err()
        .to_string()
        .contains("66 hex digits"));
    assert!(Kiosk::parse("  ", hex).is_err());
}

#[test]
fn serial_from_parses_the_three_forms() {
    assert_eq!(
        SerialFrom::parse("subject-cn").unwrap(),
        SerialFrom::SubjectCn
    );
    assert_eq!(SerialFrom::default(), SerialFrom::SubjectCn);
    assert_eq!(
        SerialFrom::parse("subject-serialnumber").unwrap(),
        SerialFrom::SubjectSerialNumber
    );
    assert_eq!(
        SerialFrom::parse("san-uri:urn:baton:serial:").unwrap(),
        SerialFrom::SanUri {
            prefix: "urn:baton:serial:".into()
        }
    );
    assert_eq!(
        SerialFrom::parse("san-uri:urn:x:").unwrap().to_string(),
        "san-uri:urn:x:"
    );
    for bad in ["", "cn", "subject-CN ", "san-uri:", "san-uri"] {
        let e = SerialFrom::parse(bad).unwrap_err();
        assert!(e.to_string().contains("DeviceSerialFrom"), "{bad:?}: {e}");
    }
}

fn load_error(edit: impl FnOnce(&mut TlsSettings, &std::path::Path)) -> TlsError {
    let dir = tempfile::tempdir().unwrap();
    let mut s = settings(SerialFrom::SubjectCn);
    edit(&mut s, dir.path());
    server_config(&s).expect_err("the configuration must be refused")
}

#[test]
fn certificate_and_key_loading_errors_name_the_file_and_the_problem() {
    let f = fixtures();
    assert!(server_config(&settings(SerialFrom::SubjectCn)).is_ok());

    let e = load_error(|s, dir| s.cert_pem_file = dir.join("missing.crt")).to_string();
    assert!(
        e.starts_with("TLSCertificateFile ") && e.contains("missing.crt"),
        "{e}"
    );
    assert!(e.contains("does not exist"), "{e}");

    let e = load_error(|s, dir| s.key_pem_file = dir.join("missing.key")).to_string();
    assert!(
        e.starts_with("TLSKeyFile ") && e.contains("missing.key") && e.contains("does not exist"),
        "{e}"
    );

    let e = load_error(|s, dir| {
        let path = dir.join("relay.der");
        std::fs::write(&path, f.server_ca.as_ref()).unwrap();
        s.cert_pem_file = path;
    })
    .to_string();
    assert!(e.contains("relay.der") && e.contains("is not PEM"), "{e}");

    let e = load_error(|s, dir| {
        let path = dir.join("key-only.pem");
        std::fs::copy(&s.key_pem_file, &path).unwrap();
        s.cert_pem_file = path;
    })
    .to_string();
    assert!(
        e.starts_with("TLSCertificateFile ") && e.contains("no \"CERTIFICATE\""),
        "{e}"
    );

    let e = load_error(|s, dir| {
        let path = dir.join("cert-as-key.pem");
        std::fs::copy(&s.cert_pem_file, &path).unwrap();
        s.key_pem_file = path;
    })
    .to_string();
    assert!(
        e.starts_with("TLSKeyFile ") && e.contains("cert-as-key.pem"),
        "{e}"
    );
    assert!(e.contains("holds no private key"), "{e}");

    let e = load_error(|s, dir| {
        let path = dir.join("other.key");
        std::fs::write(&path, pem("PRIVATE KEY", f.kiosk.key.secret_pkcs8_der())).unwrap();
        s.key_pem_file = path;
    });
    assert!(matches!(e, TlsError::KeyMismatch { .. }), "{e:?}");
    let e = e.to_string();
    assert!(
        e.contains("other.key") && e.contains("relay.crt") && e.contains("does not match"),
        "{e}"
    );

    let e = load_error(|s, dir| {
        let path = dir.join("encrypted.key");
        std::fs::write(&path, pem("ENCRYPTED PRIVATE KEY", &[0x30, 0x00])).unwrap();
        s.key_pem_file = path;
    })
    .to_string();
    assert!(e.contains("encrypted"), "{e}");

    let e = load_error(|s, _| s.device_cas.push("not a certificate".into())).to_string();
    assert!(
        e.starts_with("DeviceCACertificates[1]") && e.contains("not PEM"),
        "{e}"
    );
    let e =
        load_error(|s, _| s.device_cas = vec![pem("CERTIFICATE", &[0x30, 0x03, 0x02, 0x01, 0x00])])
            .to_string();
    assert!(
        e.starts_with("DeviceCACertificates[0]") && e.contains("not a usable CA"),
        "{e}"
    );
}
