//! The rustls configuration for a relay client whose private key stays in the OS (the macOS
//! keychain): the certificate chain is presented as is, and every signature of the handshake
//! is asked of the [`ClientKey`], which never hands over the key.
//!
//! - [`client_config`]: TLS 1.2/1.3 (only 1.2 for a key without an ECDSA or RSA-PSS scheme; ring
//!   provider), the given roots, ALPN http/1.1 only (what reqwest offers: baton-core builds it
//!   without HTTP/2), and a client-certificate resolver presenting the identity;
//! - [`root_store`]: the platform's roots (rustls-native-certs) plus `RelayCACertificates`,
//!   the same trust reqwest gives the PEM-file path;
//! - [`KeySigner`]: the [`SigningKey`] adapter. It offers only schemes the key supports, in the
//!   key's order of preference, and maps rustls's [`rustls::SignatureScheme`] to the platform's
//!   [`PlatformScheme`] ([`to_rustls`], [`from_rustls`]).
//!
//! [`ClientKey`]: baton_platform::keychain::identity::ClientKey
//!
//! Nothing here depends on macOS: tests drive it with a [`ClientKey`] backed by `ring`.

use std::sync::Arc;

use baton_platform::keychain::identity::{
    ClientIdentity, KeyAlgorithm, SignatureScheme as PlatformScheme,
};
use rustls::client::ResolvesClientCert;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::sign::{CertifiedKey, Signer, SigningKey};
use rustls::{ClientConfig, RootCertStore, SignatureAlgorithm, SignatureScheme};

use super::relay_client::RelayError;

fn identity_err(detail: impl Into<String>) -> RelayError {
    RelayError::Identity {
        detail: detail.into(),
    }
}

/// rustls's name for a platform scheme.
pub fn to_rustls(scheme: PlatformScheme) -> SignatureScheme {
    match scheme {
        PlatformScheme::EcdsaSha256 => SignatureScheme::ECDSA_NISTP256_SHA256,
        PlatformScheme::EcdsaSha384 => SignatureScheme::ECDSA_NISTP384_SHA384,
        PlatformScheme::RsaPssSha256 => SignatureScheme::RSA_PSS_SHA256,
        PlatformScheme::RsaPssSha384 => SignatureScheme::RSA_PSS_SHA384,
        PlatformScheme::RsaPssSha512 => SignatureScheme::RSA_PSS_SHA512,
        PlatformScheme::RsaPkcs1Sha256 => SignatureScheme::RSA_PKCS1_SHA256,
        PlatformScheme::RsaPkcs1Sha384 => SignatureScheme::RSA_PKCS1_SHA384,
        PlatformScheme::RsaPkcs1Sha512 => SignatureScheme::RSA_PKCS1_SHA512,
    }
}

/// The platform scheme for a rustls one, if the platform has it.
pub fn from_rustls(scheme: SignatureScheme) -> Option<PlatformScheme> {
    PlatformScheme::ALL
        .into_iter()
        .find(|ours| to_rustls(*ours) == scheme)
}

/// The trust anchors for the relay: the platform's (if `use_platform_roots`) plus every PEM
/// of `RelayCACertificates`.
pub fn root_store(
    use_platform_roots: bool,
    ca_pems: &[String],
) -> Result<RootCertStore, RelayError> {
    let mut roots = RootCertStore::empty();
    if use_platform_roots {
        let native = rustls_native_certs::load_native_certs();
        let (added, ignored) = roots.add_parsable_certificates(native.certs);
        tracing::debug!(
            added,
            ignored,
            errors = native.errors.len(),
            "platform roots loaded for the relay"
        );
    }
    for (index, pem) in ca_pems.iter().enumerate() {
        let mut count = 0usize;
        for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
            let cert = cert.map_err(|_| {
                identity_err(format!(
                    "RelayCACertificates[{index}] is not a PEM certificate"
                ))
            })?;
            roots.add(cert).map_err(|e| {
                identity_err(format!(
                    "RelayCACertificates[{index}] is not a usable CA certificate: {e}"
                ))
            })?;
            count += 1;
        }
        if count == 0 {
            return Err(identity_err(format!(
                "RelayCACertificates[{index}] is not a PEM certificate"
            )));
        }
    }
    if roots.is_empty() {
        return Err(identity_err(
            "no trusted root certificates: the platform has none and RelayCACertificates is empty",
        ));
    }
    Ok(roots)
}

/// A client configuration that trusts `roots` and authenticates with `identity`.
pub fn client_config(
    identity: Arc<ClientIdentity>,
    roots: RootCertStore,
) -> Result<ClientConfig, RelayError> {
    // TLS 1.3 signs only with ECDSA or RSA-PSS: a key that can do neither (an RSA keychain key
    // without PSS) still authenticates over TLS 1.2.
    let versions: &[&'static rustls::SupportedProtocolVersion] = if identity
        .key
        .signature_schemes()
        .iter()
        .any(|scheme| scheme.usable_in_tls13())
    {
        rustls::DEFAULT_VERSIONS
    } else {
        tracing::warn!("the relay client key cannot sign for TLS 1.3; using TLS 1.2");
        &[&rustls::version::TLS12]
    };
    let resolver = IdentityResolver::new(identity)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(versions)
        .map_err(|e| identity_err(format!("TLS protocol versions: {e}")))?
        .with_root_certificates(roots)
        .with_client_cert_resolver(Arc::new(resolver));
    // reqwest is built without HTTP/2 (Cargo.toml): offering h2 would let a server that picks
    // it (the relay offers h2 and http/1.1) expect HTTP/2 from a client that speaks HTTP/1.1.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Presents the one identity whenever its key can sign with a scheme the server accepts.
#[derive(Debug)]
struct IdentityResolver {
    certified: Arc<CertifiedKey>,
}

impl IdentityResolver {
    fn new(identity: Arc<ClientIdentity>) -> Result<Self, RelayError> {
        if identity.certificate_chain_der.is_empty() {
            return Err(identity_err("the client identity has no certificate"));
        }
        let algorithm = identity.key.algorithm();
        if identity.key.signature_schemes().is_empty() {
            return Err(identity_err(format!(
                "the client key ({algorithm}) cannot sign for TLS"
            )));
        }
        let chain = identity
            .certificate_chain_der
            .iter()
            .map(|der| CertificateDer::from(der.clone()))
            .collect();
        let key: Arc<dyn SigningKey> = Arc::new(KeySigner { identity });
        Ok(IdentityResolver {
            certified: Arc::new(CertifiedKey::new(chain, key)),
        })
    }
}

impl ResolvesClientCert for IdentityResolver {
    fn resolve(
        &self,
        _root_hint_subjects: &[&[u8]],
        sigschemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        if self.certified.key.choose_scheme(sigschemes).is_some() {
            Some(self.certified.clone())
        } else {
            tracing::warn!(
                offered = ?sigschemes,
                "the relay accepts no signature scheme this Mac's key can make; no client certificate sent"
            );
            None
        }
    }

    fn has_certs(&self) -> bool {
        true
    }
}

/// A [`SigningKey`] whose every signature is made by a
/// [`ClientKey`](baton_platform::keychain::identity::ClientKey).
#[derive(Debug)]
pub struct KeySigner {
    identity: Arc<ClientIdentity>,
}

impl KeySigner {
    /// The adapter for `identity`'s key.
    pub fn new(identity: Arc<ClientIdentity>) -> Self {
        KeySigner { identity }
    }
}

impl SigningKey for KeySigner {
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        let scheme = self
            .identity
            .key
            .signature_schemes()
            .into_iter()
            .find(|ours| offered.contains(&to_rustls(*ours)))?;
        Some(Box::new(SchemeSigner {
            identity: self.identity.clone(),
            scheme,
        }))
    }

    fn algorithm(&self) -> SignatureAlgorithm {
        match self.identity.key.algorithm() {
            KeyAlgorithm::EcdsaP256 | KeyAlgorithm::EcdsaP384 => SignatureAlgorithm::ECDSA,
            KeyAlgorithm::Rsa { .. } => SignatureAlgorithm::RSA,
        }
    }
}

/// One scheme of a [`KeySigner`].
#[derive(Debug)]
struct SchemeSigner {
    identity: Arc<ClientIdentity>,
    scheme: PlatformScheme,
}

impl Signer for SchemeSigner {
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, rustls::Error> {
        self.identity.key.sign(self.scheme, message).map_err(|e| {
            tracing::warn!("the relay client key did not sign: {e}");
            rustls::Error::General(format!("client key: {e}"))
        })
    }

    fn scheme(&self) -> SignatureScheme {
        to_rustls(self.scheme)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use baton_platform::keychain::identity::{ClientKey, IdentityError};

    #[test]
    fn schemes_map_both_ways() {
        for ours in PlatformScheme::ALL {
            assert_eq!(from_rustls(to_rustls(ours)), Some(ours));
        }
        assert_eq!(from_rustls(SignatureScheme::ED25519), None);
        assert_eq!(from_rustls(SignatureScheme::ECDSA_NISTP521_SHA512), None);
        assert_eq!(from_rustls(SignatureScheme::RSA_PKCS1_SHA1), None);
    }

    #[derive(Debug)]
    struct Fixed(KeyAlgorithm);
    impl ClientKey for Fixed {
        fn algorithm(&self) -> KeyAlgorithm {
            self.0
        }
        fn sign(&self, _: PlatformScheme, _: &[u8]) -> Result<Vec<u8>, IdentityError> {
            Err(IdentityError::Signing {
                detail: "denied".into(),
            })
        }
    }

    fn identity(algorithm: KeyAlgorithm) -> Arc<ClientIdentity> {
        Arc::new(ClientIdentity {
            certificate_chain_der: vec![vec![0x30, 0x00]],
            key: Box::new(Fixed(algorithm)),
        })
    }

    #[test]
    fn only_schemes_the_key_supports_are_chosen_in_its_order() {
        use SignatureScheme as S;
        let cases: [(KeyAlgorithm, &[S], Option<S>); 6] = [
            (
                KeyAlgorithm::EcdsaP256,
                &[S::ECDSA_NISTP384_SHA384, S::ECDSA_NISTP256_SHA256],
                Some(S::ECDSA_NISTP256_SHA256),
            ),
            (
                KeyAlgorithm::EcdsaP256,
                &[S::ECDSA_NISTP384_SHA384, S::RSA_PSS_SHA256, S::ED25519],
                None,
            ),
            (
                KeyAlgorithm::EcdsaP384,
                &[S::ECDSA_NISTP256_SHA256, S::ECDSA_NISTP384_SHA384],
                Some(S::ECDSA_NISTP384_SHA384),
            ),
            (
                KeyAlgorithm::Rsa { bits: 2048 },
                &[S::RSA_PKCS1_SHA256, S::RSA_PSS_SHA384],
                Some(S::RSA_PSS_SHA384),
            ),
            (
                KeyAlgorithm::Rsa { bits: 2048 },
                &[S::RSA_PKCS1_SHA512, S::ECDSA_NISTP256_SHA256],
                Some(S::RSA_PKCS1_SHA512),
            ),
            (
                KeyAlgorithm::Rsa { bits: 3072 },
                &[S::ECDSA_NISTP256_SHA256, S::RSA_PKCS1_SHA1],
                None,
            ),
        ];
        for (algorithm, offered, expected) in cases {
            let signer = KeySigner::new(identity(algorithm));
            let chosen = signer.choose_scheme(offered).map(|s| s.scheme());
            assert_eq!(chosen, expected, "{algorithm} offered {offered:?}");
        }
        assert_eq!(
            KeySigner::new(identity(KeyAlgorithm::EcdsaP384)).algorithm(),
            SignatureAlgorithm::ECDSA
        );
        assert_eq!(
            KeySigner::new(identity(KeyAlgorithm::Rsa { bits: 2048 })).algorithm(),
            SignatureAlgorithm::RSA
        );
    }

    #[test]
    fn a_refused_signature_is_a_tls_error_and_unusable_identities_are_refused_early() {
        let signer = KeySigner::new(identity(KeyAlgorithm::EcdsaP256));
        let err = signer
            .choose_scheme(&[SignatureScheme::ECDSA_NISTP256_SHA256])
            .unwrap()
            .sign(b"transcript")
            .unwrap_err();
        assert!(err.to_string().contains("denied"), "{err}");

        let roots = || {
            let mut roots = RootCertStore::empty();
            roots.roots.push(rustls::pki_types::TrustAnchor {
                subject: vec![].into(),
                subject_public_key_info: vec![].into(),
                name_constraints: None,
            });
            roots
        };
        let small = client_config(identity(KeyAlgorithm::Rsa { bits: 1024 }), roots()).unwrap_err();
        assert!(small.to_string().contains("RSA 1024"), "{small}");
        let empty = Arc::new(ClientIdentity {
            certificate_chain_der: vec![],
            key: Box::new(Fixed(KeyAlgorithm::EcdsaP256)),
        });
        assert!(client_config(empty, roots()).is_err());
    }

    #[test]
    fn relay_ca_certificates_must_be_pem() {
        let err = root_store(false, &["not a certificate".into()]).unwrap_err();
        assert!(err.to_string().contains("RelayCACertificates[0]"), "{err}");
        assert!(root_store(false, &[]).is_err());
    }
}
