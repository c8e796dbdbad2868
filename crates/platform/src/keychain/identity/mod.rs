//! This Mac's TLS client identity for the relay: a certificate chain and a private key that
//! never leaves the operating system — it only signs.
//!
//! The interface is OS-neutral so that the TLS code (in `baton-core`, which has rustls) can be
//! tested anywhere with any [`ClientKey`]:
//!
//! - [`ClientKey`]: a private key that reports its [`KeyAlgorithm`] and signs a message with a
//!   [`SignatureScheme`] (hashing included);
//! - [`ClientIdentity`]: the chain (leaf first, DER) and its key;
//! - [`client_identity_issued_by`]: on macOS, the keychain identity whose certificate was issued
//!   by the CA with this common name (`RelayClientIdentityIssuer`); elsewhere
//!   [`IdentityError::Unsupported`].
//!
//! How the macOS identity is chosen (the pure parts live in `x509` and are unit-tested on
//! every OS):
//! 1. every identity in the keychain search list (login and System keychains) is listed with
//!    `SecItemCopyMatching` (`kSecClassIdentity`, `kSecReturnRef`, `kSecMatchLimitAll`);
//! 2. those whose certificate's issuer has a common name equal to the configured one (trimmed,
//!    case-insensitive) are candidates;
//! 3. of the candidates valid now and with a key Baton can sign with (ECDSA P-256/P-384, RSA of
//!    2048 bits or more), the newest (latest `notBefore`) wins;
//! 4. the chain is the leaf plus the issuing CA certificates found in the keychains (matched by
//!    name, up to but not including a self-signed root);
//! 5. the key is `SecIdentityCopyPrivateKey`, used only through `SecKeyCreateSignature`.

mod x509;

#[cfg(all(target_os = "macos", feature = "os-keychain"))]
mod macos;

use std::fmt;

/// The kind of a client key, read from its certificate's public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyAlgorithm {
    /// ECDSA on NIST P-256 (secp256r1).
    EcdsaP256,
    /// ECDSA on NIST P-384 (secp384r1).
    EcdsaP384,
    /// RSA with a modulus of `bits` bits.
    Rsa { bits: u32 },
}

/// The smallest RSA key Baton signs with.
pub const MIN_RSA_BITS: u32 = 2048;

impl KeyAlgorithm {
    /// The schemes a key of this kind can sign with, most preferred first. TLS 1.3 ties ECDSA
    /// schemes to their curve, and Baton does so for TLS 1.2 too; RSA offers PSS before
    /// PKCS#1 v1.5 (TLS 1.3 allows only PSS). Empty for RSA keys below [`MIN_RSA_BITS`].
    pub fn signature_schemes(self) -> &'static [SignatureScheme] {
        use SignatureScheme::*;
        match self {
            KeyAlgorithm::EcdsaP256 => &[EcdsaSha256],
            KeyAlgorithm::EcdsaP384 => &[EcdsaSha384],
            KeyAlgorithm::Rsa { bits } if bits >= MIN_RSA_BITS => &[
                RsaPssSha256,
                RsaPssSha384,
                RsaPssSha512,
                RsaPkcs1Sha256,
                RsaPkcs1Sha384,
                RsaPkcs1Sha512,
            ],
            KeyAlgorithm::Rsa { .. } => &[],
        }
    }

    /// Whether a key of this kind signs with `scheme`.
    pub fn supports(self, scheme: SignatureScheme) -> bool {
        self.signature_schemes().contains(&scheme)
    }
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyAlgorithm::EcdsaP256 => f.write_str("ECDSA P-256"),
            KeyAlgorithm::EcdsaP384 => f.write_str("ECDSA P-384"),
            KeyAlgorithm::Rsa { bits } => write!(f, "RSA {bits}"),
        }
    }
}

/// How to sign: algorithm and hash, over the whole message (the key hashes). Signatures are
/// what TLS carries: ECDSA as a DER `Ecdsa-Sig-Value`, RSA-PSS with MGF1 of the same hash and
/// a salt as long as the hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureScheme {
    EcdsaSha256,
    EcdsaSha384,
    RsaPssSha256,
    RsaPssSha384,
    RsaPssSha512,
    RsaPkcs1Sha256,
    RsaPkcs1Sha384,
    RsaPkcs1Sha512,
}

impl SignatureScheme {
    /// Whether TLS 1.3 allows the scheme for a CertificateVerify (ECDSA and RSA-PSS; not
    /// PKCS#1 v1.5).
    pub fn usable_in_tls13(self) -> bool {
        !matches!(
            self,
            SignatureScheme::RsaPkcs1Sha256
                | SignatureScheme::RsaPkcs1Sha384
                | SignatureScheme::RsaPkcs1Sha512
        )
    }

    /// Every scheme.
    pub const ALL: [SignatureScheme; 8] = [
        SignatureScheme::EcdsaSha256,
        SignatureScheme::EcdsaSha384,
        SignatureScheme::RsaPssSha256,
        SignatureScheme::RsaPssSha384,
        SignatureScheme::RsaPssSha512,
        SignatureScheme::RsaPkcs1Sha256,
        SignatureScheme::RsaPkcs1Sha384,
        SignatureScheme::RsaPkcs1Sha512,
    ];
}

/// A private key that signs and never shows itself. `Debug` must not print key material (an
/// OS-held key has none to print).
pub trait ClientKey: Send + Sync + fmt::Debug {
    /// The key's kind (that of its certificate's public key).
    fn algorithm(&self) -> KeyAlgorithm;

    /// The schemes this key signs with, most preferred first: those of its
    /// [algorithm](KeyAlgorithm::signature_schemes) unless the key knows better (a macOS
    /// keychain key leaves out what Security.framework says it cannot do, e.g. RSA-PSS).
    fn signature_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithm().signature_schemes().to_vec()
    }

    /// Signs `message` (hashing it first, as `scheme` says). A scheme the key does not
    /// [support](KeyAlgorithm::supports) is [`IdentityError::SchemeNotSupported`]. On macOS this
    /// may wait for the person to answer a keychain access prompt.
    fn sign(&self, scheme: SignatureScheme, message: &[u8]) -> Result<Vec<u8>, IdentityError>;
}

/// A certificate chain and the private key of its first certificate.
#[derive(Debug)]
pub struct ClientIdentity {
    /// DER certificates: the leaf first, then the CAs that issued it (no self-signed root).
    pub certificate_chain_der: Vec<Vec<u8>>,
    pub key: Box<dyn ClientKey>,
}

/// Why no client identity could be used. Never holds key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdentityError {
    /// This build or OS cannot read identities from a keychain.
    #[error("client identities from the keychain are not available here: {detail}")]
    Unsupported { detail: String },
    /// No identity issued by this CA, or only ones not valid now.
    #[error("{}", not_found_text(issuer, *not_valid_now))]
    NotFound {
        issuer: String,
        not_valid_now: usize,
    },
    /// An identity was found but cannot be used (its certificate cannot be read, its key type
    /// is not supported, …).
    #[error("the client identity cannot be used: {detail}")]
    Unusable { detail: String },
    /// The keychain refused or failed.
    #[error("the keychain failed: {detail}")]
    Keychain { detail: String },
    /// The key was asked to sign with a scheme it does not support.
    #[error("the {algorithm} key cannot sign with {scheme:?}")]
    SchemeNotSupported {
        algorithm: KeyAlgorithm,
        scheme: SignatureScheme,
    },
    /// The key refused or failed to sign (e.g. the person denied the keychain prompt).
    #[error("the private key did not sign: {detail}")]
    Signing { detail: String },
}

fn not_found_text(issuer: &str, not_valid_now: usize) -> String {
    if not_valid_now == 0 {
        format!("no identity issued by {issuer:?} is in the keychain")
    } else {
        format!(
            "no identity issued by {issuer:?} is valid now ({not_valid_now} expired or not yet valid)"
        )
    }
}

/// The client identity issued by the CA whose common name is `issuer_common_name` (see the
/// module documentation): on macOS with the `os-keychain` feature, from the keychains;
/// elsewhere [`IdentityError::Unsupported`].
pub fn client_identity_issued_by(
    issuer_common_name: &str,
) -> Result<ClientIdentity, IdentityError> {
    if issuer_common_name.trim().is_empty() {
        return Err(IdentityError::Unusable {
            detail: "no issuer common name is configured".into(),
        });
    }
    #[cfg(all(target_os = "macos", feature = "os-keychain"))]
    {
        macos::client_identity_issued_by(issuer_common_name)
    }
    #[cfg(not(all(target_os = "macos", feature = "os-keychain")))]
    {
        Err(IdentityError::Unsupported {
            detail: if cfg!(target_os = "macos") {
                "this build has no keychain support (feature os-keychain)".into()
            } else {
                "the keychain identity is macOS only; use a certificate and key file".into()
            },
        })
    }
}

/// Which of `certificates` (DER) to use for `issuer_common_name` at `now` (Unix seconds): the
/// newest valid one with a supported key whose issuer CN matches.
pub fn choose_certificate(
    certificates: &[&[u8]],
    issuer_common_name: &str,
    now: i64,
) -> Result<(usize, KeyAlgorithm), IdentityError> {
    x509::choose(certificates, issuer_common_name, now)
}

/// The CA certificates of `pool` (DER) that issued `leaf`, nearest first, without a
/// self-signed root; empty when none are found.
pub fn issuer_chain(leaf: &[u8], pool: &[&[u8]], now: i64) -> Vec<Vec<u8>> {
    x509::issuer_chain(leaf, pool, now)
}

/// Now, in Unix seconds.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_kind_offers_only_its_own_schemes() {
        use SignatureScheme::*;
        let table: [(KeyAlgorithm, &[SignatureScheme]); 5] = [
            (KeyAlgorithm::EcdsaP256, &[EcdsaSha256]),
            (KeyAlgorithm::EcdsaP384, &[EcdsaSha384]),
            (
                KeyAlgorithm::Rsa { bits: 2048 },
                &[
                    RsaPssSha256,
                    RsaPssSha384,
                    RsaPssSha512,
                    RsaPkcs1Sha256,
                    RsaPkcs1Sha384,
                    RsaPkcs1Sha512,
                ],
            ),
            (
                KeyAlgorithm::Rsa { bits: 4096 },
                KeyAlgorithm::Rsa { bits: 2048 }.signature_schemes(),
            ),
            (KeyAlgorithm::Rsa { bits: 1024 }, &[]),
        ];
        for (algorithm, schemes) in table {
            assert_eq!(algorithm.signature_schemes(), schemes, "{algorithm}");
            for scheme in SignatureScheme::ALL {
                assert_eq!(algorithm.supports(scheme), schemes.contains(&scheme));
            }
        }
    }

    #[test]
    fn every_scheme_belongs_to_some_key() {
        for scheme in SignatureScheme::ALL {
            assert!(
                [
                    KeyAlgorithm::EcdsaP256,
                    KeyAlgorithm::EcdsaP384,
                    KeyAlgorithm::Rsa { bits: 3072 }
                ]
                .iter()
                .any(|a| a.supports(scheme)),
                "{scheme:?}"
            );
        }
    }

    #[test]
    fn tls13_excludes_only_pkcs1() {
        for scheme in SignatureScheme::ALL {
            let pkcs1 = format!("{scheme:?}").starts_with("RsaPkcs1");
            assert_eq!(scheme.usable_in_tls13(), !pkcs1, "{scheme:?}");
        }
    }

    #[derive(Debug)]
    struct P384;
    impl ClientKey for P384 {
        fn algorithm(&self) -> KeyAlgorithm {
            KeyAlgorithm::EcdsaP384
        }
        fn sign(&self, _: SignatureScheme, _: &[u8]) -> Result<Vec<u8>, IdentityError> {
            Ok(vec![])
        }
    }

    #[test]
    fn a_key_signs_with_its_algorithms_schemes_unless_it_says_otherwise() {
        assert_eq!(P384.signature_schemes(), vec![SignatureScheme::EcdsaSha384]);
    }

    #[test]
    fn errors_read_well() {
        let none = IdentityError::NotFound {
            issuer: "Example Device CA".into(),
            not_valid_now: 0,
        };
        assert!(none
            .to_string()
            .contains("no identity issued by \"Example Device CA\""));
        let expired = IdentityError::NotFound {
            issuer: "Example Device CA".into(),
            not_valid_now: 2,
        };
        assert!(expired.to_string().contains("2 expired"), "{expired}");
    }

    #[cfg(not(all(target_os = "macos", feature = "os-keychain")))]
    #[test]
    fn elsewhere_the_keychain_identity_is_unsupported() {
        assert!(matches!(
            client_identity_issued_by("Example Device CA"),
            Err(IdentityError::Unsupported { .. })
        ));
        assert!(matches!(
            client_identity_issued_by("  "),
            Err(IdentityError::Unusable { .. })
        ));
    }
}
