//! The relay client with a key that only signs (the macOS keychain's way), over real TLS on
//! Linux: the adapter of `baton_core::ops::relay_tls` is driven by a `ClientKey` backed by
//! `ring`, against a tokio-rustls server that requires a client certificate from the device CA
//! (rustls's `WebPkiClientVerifier`). Each test fails when the guarantee it names is removed.
//!
//! `fixtures/relay-test-rsa2048.key.pem` is a throwaway RSA key made for these tests (ring
//! cannot generate RSA keys); it protects nothing.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use baton_core::ops::relay_tls::{client_config, root_store};
use baton_core::ops::{
    Authority, OpsError, RelayClient, RelayClientIdentity, RelayClientOptions, RelayError,
};
use baton_platform::keychain::identity::{
    choose_certificate, issuer_chain, unix_now, ClientIdentity, ClientKey, IdentityError,
    KeyAlgorithm, SignatureScheme,
};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, RsaKeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig, SupportedProtocolVersion};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_rustls::{TlsAcceptor, TlsConnector};

const DEVICE_CA: &str = "Baton Test Device CA";
const RSA_KEY_PEM: &str = include_str!("fixtures/relay-test-rsa2048.key.pem");

fn dn(common_name: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::OrganizationName, "Baton tests");
    dn.push(DnType::CommonName, common_name);
    dn
}

fn ca_params(common_name: &str, constraints: BasicConstraints) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = dn(common_name);
    params.is_ca = IsCa::Ca(constraints);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params
}

/// A root, the device CA under it (what UEM's SCEP would issue from), and a server certificate
/// for localhost / 127.0.0.1.
struct Pki {
    root_der: CertificateDer<'static>,
    root_pem: String,
    device_ca_der: Vec<u8>,
    device_ca: Issuer<'static, KeyPair>,
    server_chain: Vec<CertificateDer<'static>>,
    server_key: Vec<u8>,
}

impl Pki {
    fn new() -> Pki {
        let root_key = KeyPair::generate().unwrap();
        let root_params = ca_params("Baton Test Root", BasicConstraints::Unconstrained);
        let root = root_params.self_signed(&root_key).unwrap();
        let root_issuer = Issuer::new(root_params, root_key);

        let ca_key = KeyPair::generate().unwrap();
        let params = ca_params(DEVICE_CA, BasicConstraints::Constrained(0));
        let device_ca_der = params
            .signed_by(&ca_key, &root_issuer)
            .unwrap()
            .der()
            .to_vec();
        let device_ca = Issuer::new(params, ca_key);

        let server_key = KeyPair::generate().unwrap();
        let mut params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        params.distinguished_name = dn("localhost");
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let server = params.signed_by(&server_key, &root_issuer).unwrap();

        Pki {
            root_der: root.der().clone(),
            root_pem: root.pem(),
            device_ca_der,
            device_ca,
            server_chain: vec![server.der().clone()],
            server_key: server_key.serialize_der(),
        }
    }

    /// A device certificate for `key`, issued by the device CA.
    fn device_cert(&self, key: &KeyPair) -> Vec<u8> {
        let mut params = CertificateParams::default();
        params.distinguished_name = dn("C02TESTSERIAL");
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        params
            .signed_by(key, &self.device_ca)
            .unwrap()
            .der()
            .to_vec()
    }

    /// A server that requires a client certificate chaining to the root and offers ALPN h2 and
    /// http/1.1 (as the relay does); accepts once and returns the chain the client presented (or
    /// why the handshake failed, or that the client spoke another protocol than ALPN agreed).
    async fn serve_once(
        &self,
        versions: &[&'static SupportedProtocolVersion],
        answer: &'static [u8],
    ) -> (SocketAddr, JoinHandle<Result<Vec<Vec<u8>>, String>>) {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = RootCertStore::empty();
        roots.add(self.root_der.clone()).unwrap();
        let verifier =
            WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .build()
                .unwrap();
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(versions)
            .unwrap()
            .with_client_cert_verifier(verifier)
            .with_single_cert(
                self.server_chain.clone(),
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.server_key.clone())),
            )
            .unwrap();
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.map_err(|e| e.to_string())?;
            let mut tls = acceptor.accept(tcp).await.map_err(|e| e.to_string())?;
            let chain: Vec<Vec<u8>> = tls
                .get_ref()
                .1
                .peer_certificates()
                .unwrap_or_default()
                .iter()
                .map(|c| c.to_vec())
                .collect();
            if answer.starts_with(b"HTTP/") {
                // Read the request head before answering.
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    let n = tls.read(&mut buf).await.map_err(|e| e.to_string())?;
                    if n == 0 {
                        break;
                    }
                    head.extend_from_slice(&buf[..n]);
                }
                // A client must speak what ALPN agreed: HTTP/2 starts with its preface.
                let agreed_h2 = tls.get_ref().1.alpn_protocol() == Some(&b"h2"[..]);
                let spoke_h2 = head.starts_with(b"PRI * HTTP/2.0");
                if agreed_h2 != spoke_h2 {
                    return Err(format!(
                        "ALPN agreed {} but the client sent {:?}",
                        if agreed_h2 { "h2" } else { "not h2" },
                        String::from_utf8_lossy(&head[..head.len().min(16)])
                    ));
                }
            }
            tls.write_all(answer).await.map_err(|e| e.to_string())?;
            tls.shutdown().await.map_err(|e| e.to_string())?;
            Ok(chain)
        });
        (addr, task)
    }
}

/// What a test key does when asked to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Behaviour {
    Honest,
    /// Signs something else than it was given.
    SignsOtherBytes,
    /// Refuses, as a denied keychain prompt would.
    Refuses,
}

#[derive(Debug)]
enum RingKey {
    Ecdsa(EcdsaKeyPair),
    Rsa(RsaKeyPair),
}

/// A `ClientKey` whose private key lives in `ring` and is never handed out.
#[derive(Debug)]
struct RingClientKey {
    key: RingKey,
    algorithm: KeyAlgorithm,
    behaviour: Behaviour,
    /// Fewer schemes than the algorithm has (a keychain key without RSA-PSS).
    only: Option<Vec<SignatureScheme>>,
    signatures: Arc<AtomicUsize>,
}

impl RingClientKey {
    fn ecdsa(key: &KeyPair, behaviour: Behaviour) -> Self {
        let pair = EcdsaKeyPair::from_pkcs8(
            &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
            &key.serialize_der(),
            &SystemRandom::new(),
        )
        .unwrap();
        RingClientKey {
            key: RingKey::Ecdsa(pair),
            algorithm: KeyAlgorithm::EcdsaP256,
            behaviour,
            only: None,
            signatures: Arc::default(),
        }
    }

    fn rsa(key: &KeyPair) -> Self {
        let pair = RsaKeyPair::from_pkcs8(&key.serialize_der()).unwrap();
        RingClientKey {
            key: RingKey::Rsa(pair),
            algorithm: KeyAlgorithm::Rsa { bits: 2048 },
            behaviour: Behaviour::Honest,
            only: None,
            signatures: Arc::default(),
        }
    }
}

impl ClientKey for RingClientKey {
    fn algorithm(&self) -> KeyAlgorithm {
        self.algorithm
    }

    fn signature_schemes(&self) -> Vec<SignatureScheme> {
        self.only
            .clone()
            .unwrap_or_else(|| self.algorithm.signature_schemes().to_vec())
    }

    fn sign(&self, scheme: SignatureScheme, message: &[u8]) -> Result<Vec<u8>, IdentityError> {
        if !self.signature_schemes().contains(&scheme) {
            return Err(IdentityError::SchemeNotSupported {
                algorithm: self.algorithm,
                scheme,
            });
        }
        let message = match self.behaviour {
            Behaviour::Honest => message.to_vec(),
            Behaviour::SignsOtherBytes => [message, b"!"].concat(),
            Behaviour::Refuses => {
                return Err(IdentityError::Signing {
                    detail: "the person denied the keychain prompt".into(),
                })
            }
        };
        self.signatures.fetch_add(1, Ordering::SeqCst);
        let rng = SystemRandom::new();
        match &self.key {
            RingKey::Ecdsa(pair) => Ok(pair.sign(&rng, &message).unwrap().as_ref().to_vec()),
            RingKey::Rsa(pair) => {
                let padding: &'static dyn signature::RsaEncoding = match scheme {
                    SignatureScheme::RsaPssSha256 => &signature::RSA_PSS_SHA256,
                    SignatureScheme::RsaPssSha384 => &signature::RSA_PSS_SHA384,
                    SignatureScheme::RsaPssSha512 => &signature::RSA_PSS_SHA512,
                    SignatureScheme::RsaPkcs1Sha256 => &signature::RSA_PKCS1_SHA256,
                    SignatureScheme::RsaPkcs1Sha384 => &signature::RSA_PKCS1_SHA384,
                    SignatureScheme::RsaPkcs1Sha512 => &signature::RSA_PKCS1_SHA512,
                    _ => unreachable!("checked above"),
                };
                let mut out = vec![0u8; pair.public().modulus_len()];
                pair.sign(padding, &rng, &message, &mut out).unwrap();
                Ok(out)
            }
        }
    }
}

/// Connects with `identity` and reads what the server sends.
async fn connect(pki: &Pki, addr: SocketAddr, identity: ClientIdentity) -> Result<Vec<u8>, String> {
    let roots = root_store(false, std::slice::from_ref(&pki.root_pem)).unwrap();
    let config = client_config(Arc::new(identity), roots).map_err(|e| e.to_string())?;
    let connector = TlsConnector::from(Arc::new(config));
    let tcp = TcpStream::connect(addr).await.unwrap();
    let name = ServerName::try_from("localhost").unwrap();
    let mut tls = connector
        .connect(name, tcp)
        .await
        .map_err(|e| e.to_string())?;
    // The server prefers h2; the configuration offers only what reqwest speaks (HTTP/1.1).
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"http/1.1"[..]));
    let mut answer = Vec::new();
    tls.read_to_end(&mut answer)
        .await
        .map_err(|e| e.to_string())?;
    Ok(answer)
}

const BOTH: [&[&SupportedProtocolVersion]; 2] =
    [&[&rustls::version::TLS13], &[&rustls::version::TLS12]];

#[tokio::test]
async fn an_ecdsa_key_that_only_signs_authenticates_with_its_chain_over_tls_1_3_and_1_2() {
    let pki = Pki::new();
    let device_key = KeyPair::generate().unwrap();
    let leaf = pki.device_cert(&device_key);
    for versions in BOTH {
        let key = RingClientKey::ecdsa(&device_key, Behaviour::Honest);
        let signatures = key.signatures.clone();
        let identity = ClientIdentity {
            certificate_chain_der: vec![leaf.clone(), pki.device_ca_der.clone()],
            key: Box::new(key),
        };
        let (addr, server) = pki.serve_once(versions, b"hello device").await;
        let answer = connect(&pki, addr, identity).await;
        let seen = server.await.unwrap();
        assert_eq!(answer.as_deref(), Ok(&b"hello device"[..]), "{versions:?}");
        assert_eq!(
            seen,
            Ok(vec![leaf.clone(), pki.device_ca_der.clone()]),
            "{versions:?}"
        );
        assert_eq!(
            signatures.load(Ordering::SeqCst),
            1,
            "one CertificateVerify signature"
        );
    }
}

#[tokio::test]
async fn an_rsa_key_that_only_signs_authenticates_over_tls_1_3_and_1_2() {
    let pki = Pki::new();
    let device_key = KeyPair::from_pem(RSA_KEY_PEM).unwrap();
    let leaf = pki.device_cert(&device_key);
    for versions in BOTH {
        let key = RingClientKey::rsa(&device_key);
        let signatures = key.signatures.clone();
        let identity = ClientIdentity {
            certificate_chain_der: vec![leaf.clone(), pki.device_ca_der.clone()],
            key: Box::new(key),
        };
        let (addr, server) = pki.serve_once(versions, b"hello rsa").await;
        let answer = connect(&pki, addr, identity).await;
        assert_eq!(
            server.await.unwrap().map(|c| c.len()),
            Ok(2),
            "{versions:?}"
        );
        assert_eq!(answer.as_deref(), Ok(&b"hello rsa"[..]));
        assert_eq!(signatures.load(Ordering::SeqCst), 1);
    }
}

#[tokio::test]
async fn an_rsa_key_without_pss_falls_back_to_tls_1_2_and_offers_only_pkcs1() {
    let pki = Pki::new();
    let device_key = KeyPair::from_pem(RSA_KEY_PEM).unwrap();
    let leaf = pki.device_cert(&device_key);
    let both: &[&SupportedProtocolVersion] = &[&rustls::version::TLS13, &rustls::version::TLS12];
    for (versions, accepted) in [(both, true), (BOTH[1], true), (BOTH[0], false)] {
        let mut key = RingClientKey::rsa(&device_key);
        key.only = Some(vec![SignatureScheme::RsaPkcs1Sha256]);
        let signatures = key.signatures.clone();
        let identity = ClientIdentity {
            certificate_chain_der: vec![leaf.clone(), pki.device_ca_der.clone()],
            key: Box::new(key),
        };
        let (addr, server) = pki.serve_once(versions, b"hello pkcs1").await;
        let answer = connect(&pki, addr, identity).await;
        let seen = server.await.unwrap();
        assert_eq!(seen.is_ok(), accepted, "{versions:?}: {seen:?}");
        assert_eq!(answer.is_ok(), accepted, "{versions:?}: {answer:?}");
        assert_eq!(signatures.load(Ordering::SeqCst), usize::from(accepted));
    }
}

#[tokio::test]
async fn a_key_that_signs_wrongly_or_refuses_fails_the_handshake() {
    let pki = Pki::new();
    let device_key = KeyPair::generate().unwrap();
    let leaf = pki.device_cert(&device_key);
    let other_key = KeyPair::generate().unwrap();
    for versions in BOTH {
        let cases = [
            (
                RingClientKey::ecdsa(&device_key, Behaviour::SignsOtherBytes),
                "BadSignature",
            ),
            // A valid signature, by a key that is not the certificate's.
            (
                RingClientKey::ecdsa(&other_key, Behaviour::Honest),
                "BadSignature",
            ),
            // The client gives up; the server sees the connection end.
            (RingClientKey::ecdsa(&device_key, Behaviour::Refuses), "eof"),
        ];
        for (key, server_error) in cases {
            let what = format!("{:?} {versions:?}", key.behaviour);
            let refuses = key.behaviour == Behaviour::Refuses;
            let identity = ClientIdentity {
                certificate_chain_der: vec![leaf.clone(), pki.device_ca_der.clone()],
                key: Box::new(key),
            };
            let (addr, server) = pki.serve_once(versions, b"must not arrive").await;
            let answer = connect(&pki, addr, identity).await;
            let seen = server.await.unwrap();
            assert!(
                matches!(&seen, Err(e) if e.contains(server_error)),
                "{what}: the server saw {seen:?}"
            );
            assert!(answer.is_err(), "{what}: the client read {answer:?}");
            if refuses {
                let client_error = answer.unwrap_err();
                assert!(
                    client_error.contains("denied the keychain prompt"),
                    "{client_error}"
                );
            }
        }
    }
}

#[tokio::test]
async fn without_its_issuing_ca_the_leaf_alone_is_not_trusted() {
    // The chain matters: the server trusts only the root, so the device CA must be presented.
    let pki = Pki::new();
    let device_key = KeyPair::generate().unwrap();
    let identity = ClientIdentity {
        certificate_chain_der: vec![pki.device_cert(&device_key)],
        key: Box::new(RingClientKey::ecdsa(&device_key, Behaviour::Honest)),
    };
    let (addr, server) = pki.serve_once(BOTH[0], b"must not arrive").await;
    let _ = connect(&pki, addr, identity).await;
    let seen = server.await.unwrap();
    assert!(seen.is_err(), "{seen:?}");
}

#[tokio::test]
async fn the_relay_client_presents_a_keychain_style_identity_through_reqwest() {
    let pki = Pki::new();
    let device_key = KeyPair::generate().unwrap();
    let leaf = pki.device_cert(&device_key);
    let identity = ClientIdentity {
        certificate_chain_der: vec![leaf.clone(), pki.device_ca_der.clone()],
        key: Box::new(RingClientKey::ecdsa(&device_key, Behaviour::Honest)),
    };
    const PROBLEM: &[u8] = b"HTTP/1.1 401 Unauthorized\r\ncontent-type: application/problem+json\r\ncontent-length: 58\r\nconnection: close\r\n\r\n{\"title\":\"not a known device\",\"status\":401,\"code\":\"T-401\"}";
    let (addr, server) = pki.serve_once(BOTH[0], PROBLEM).await;
    let client = RelayClient::new(RelayClientOptions {
        url: format!("https://127.0.0.1:{}/", addr.port())
            .parse()
            .unwrap(),
        ca_certificates: vec![pki.root_pem.clone()],
        identity: Some(RelayClientIdentity::Key(Arc::new(identity))),
        connect_timeout: std::time::Duration::from_secs(5),
        request_timeout: std::time::Duration::from_secs(10),
    })
    .unwrap();
    let answer = client.device("ignored").await;
    assert_eq!(
        server.await.unwrap(),
        Ok(vec![leaf, pki.device_ca_der.clone()])
    );
    match answer {
        Err(OpsError::Relay(RelayError::Refused { status, code, .. })) => {
            assert_eq!((status, code.as_str()), (401, "T-401"));
        }
        other => panic!("expected the relay's 401, got {other:?}"),
    }
}

#[test]
fn the_platform_reads_real_certificates_to_choose_the_identity_and_its_chain() {
    let pki = Pki::new();
    let ecdsa = pki.device_cert(&KeyPair::generate().unwrap());
    let rsa = pki.device_cert(&KeyPair::from_pem(RSA_KEY_PEM).unwrap());
    let now = unix_now();
    assert_eq!(
        choose_certificate(&[&pki.device_ca_der, &ecdsa], DEVICE_CA, now),
        Ok((1, KeyAlgorithm::EcdsaP256))
    );
    assert_eq!(
        choose_certificate(&[&rsa], &DEVICE_CA.to_lowercase(), now),
        Ok((0, KeyAlgorithm::Rsa { bits: 2048 }))
    );
    assert!(choose_certificate(&[&ecdsa], "Baton Test Root", now).is_err());
    let root = pki.root_der.to_vec();
    assert_eq!(
        issuer_chain(&ecdsa, &[&root, &ecdsa, &pki.device_ca_der], now),
        vec![pki.device_ca_der.clone()]
    );
}

#[tokio::test]
async fn a_refused_signature_through_the_relay_client_is_a_tls_problem() {
    let pki = Pki::new();
    let device_key = KeyPair::generate().unwrap();
    let identity = ClientIdentity {
        certificate_chain_der: vec![pki.device_cert(&device_key), pki.device_ca_der.clone()],
        key: Box::new(RingClientKey::ecdsa(&device_key, Behaviour::Refuses)),
    };
    let (addr, server) = pki.serve_once(BOTH[0], b"HTTP/1.1 500 x\r\n\r\n").await;
    let client = RelayClient::new(RelayClientOptions {
        url: format!("https://127.0.0.1:{}/", addr.port())
            .parse()
            .unwrap(),
        ca_certificates: vec![pki.root_pem.clone()],
        identity: Some(RelayClientIdentity::Key(Arc::new(identity))),
        connect_timeout: std::time::Duration::from_secs(5),
        request_timeout: std::time::Duration::from_secs(10),
    })
    .unwrap();
    let answer = client.device("ignored").await;
    assert!(server.await.unwrap().is_err());
    match answer {
        Err(OpsError::Relay(RelayError::Tls { detail })) => {
            assert!(detail.contains("denied the keychain prompt"), "{detail}");
        }
        other => panic!("expected a TLS problem, got {other:?}"),
    }
}
