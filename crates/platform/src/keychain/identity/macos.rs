//! macOS only: the client identity from the keychain search list (login and System keychains),
//! its private key used through `SecKeyCreateSignature` only — never exported.
//!
//! Everything here goes through `security-framework`, which declares all the calls needed
//! (`SecItemCopyMatching`, `SecIdentityCopyCertificate`, `SecIdentityCopyPrivateKey`,
//! `SecKeyCreateSignature` and the `kSecKeyAlgorithm…Message…` constants); no FFI of our own.
//!
//! **Type-checked only** (`cargo clippy --target aarch64-apple-darwin` / `x86_64-apple-darwin`
//! on Linux); it has not been run on a Mac yet. See docs/keychain.md for what a Mac run must
//! confirm.

use core_foundation::base::TCFType;
use security_framework::identity::SecIdentity;
use security_framework::item::{ItemClass, ItemSearchOptions, Limit, Reference, SearchResult};
use security_framework::key::{Algorithm, SecKey};
use security_framework_sys::key::{kSecKeyOperationTypeSign, SecKeyIsAlgorithmSupported};

use super::{
    choose_certificate, issuer_chain, unix_now, ClientIdentity, ClientKey, IdentityError,
    KeyAlgorithm, SignatureScheme,
};

/// `errSecItemNotFound`: a search that matched nothing.
const ERR_SEC_ITEM_NOT_FOUND: i32 = -25300;

pub(super) fn client_identity_issued_by(issuer: &str) -> Result<ClientIdentity, IdentityError> {
    let now = unix_now();
    let mut identities: Vec<(SecIdentity, Vec<u8>)> = Vec::new();
    for found in search(ItemClass::identity())? {
        if let SearchResult::Ref(Reference::Identity(identity)) = found {
            match identity.certificate() {
                Ok(certificate) => {
                    let der = certificate.to_der();
                    identities.push((identity, der));
                }
                Err(e) => tracing::debug!(
                    code = e.code(),
                    "an identity's certificate could not be read; skipped"
                ),
            }
        }
    }
    let ders: Vec<&[u8]> = identities.iter().map(|(_, der)| der.as_slice()).collect();
    let (index, algorithm) = choose_certificate(&ders, issuer, now)?;
    let (identity, leaf) = &identities[index];

    let key = identity
        .private_key()
        .map_err(|e| IdentityError::Keychain {
            detail: format!(
                "the identity's private key is not available: {}",
                status_text(e)
            ),
        })?;

    let pool: Vec<Vec<u8>> = search(ItemClass::certificate())?
        .into_iter()
        .filter_map(|found| match found {
            SearchResult::Ref(Reference::Certificate(certificate)) => Some(certificate.to_der()),
            _ => None,
        })
        .collect();
    let pool: Vec<&[u8]> = pool.iter().map(Vec::as_slice).collect();
    let mut certificate_chain_der = vec![leaf.clone()];
    certificate_chain_der.extend(issuer_chain(leaf, &pool, now));

    let label = identity
        .certificate()
        .map(|c| c.subject_summary())
        .unwrap_or_default();
    tracing::info!(
        subject = %label,
        %algorithm,
        chain = certificate_chain_der.len(),
        "relay client identity found in the keychain"
    );
    let schemes: Vec<SignatureScheme> = algorithm
        .signature_schemes()
        .iter()
        .copied()
        .filter(|scheme| can_sign(&key, *scheme))
        .collect();
    if schemes.is_empty() {
        return Err(IdentityError::Unusable {
            detail: format!("the keychain key ({algorithm}) supports no TLS signature scheme"),
        });
    }
    tracing::debug!(?schemes, "the keychain key's signature schemes");
    Ok(ClientIdentity {
        certificate_chain_der,
        key: Box::new(KeychainKey {
            key,
            algorithm,
            schemes,
            label,
        }),
    })
}

/// Every item of `class` in the keychain search list, as references.
fn search(class: ItemClass) -> Result<Vec<SearchResult>, IdentityError> {
    match ItemSearchOptions::new()
        .class(class)
        .load_refs(true)
        .limit(Limit::All)
        .search()
    {
        Ok(found) => Ok(found),
        Err(e) if e.code() == ERR_SEC_ITEM_NOT_FOUND => Ok(Vec::new()),
        Err(e) => Err(IdentityError::Keychain {
            detail: status_text(e),
        }),
    }
}

fn status_text(error: security_framework::base::Error) -> String {
    format!("{error} (OSStatus {})", error.code())
}

/// A keychain private key: signs through Security.framework, which may ask the person to
/// allow Baton to use it.
struct KeychainKey {
    key: SecKey,
    algorithm: KeyAlgorithm,
    /// The schemes of `algorithm` that Security.framework says this key can sign with.
    schemes: Vec<SignatureScheme>,
    /// The certificate's subject summary, for logs.
    label: String,
}

impl std::fmt::Debug for KeychainKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeychainKey")
            .field("algorithm", &self.algorithm)
            .field("schemes", &self.schemes)
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

/// The Security.framework algorithm of a scheme: always a `…Message…` one (the key hashes).
fn sec_algorithm(scheme: SignatureScheme) -> Algorithm {
    match scheme {
        SignatureScheme::EcdsaSha256 => Algorithm::ECDSASignatureMessageX962SHA256,
        SignatureScheme::EcdsaSha384 => Algorithm::ECDSASignatureMessageX962SHA384,
        SignatureScheme::RsaPssSha256 => Algorithm::RSASignatureMessagePSSSHA256,
        SignatureScheme::RsaPssSha384 => Algorithm::RSASignatureMessagePSSSHA384,
        SignatureScheme::RsaPssSha512 => Algorithm::RSASignatureMessagePSSSHA512,
        SignatureScheme::RsaPkcs1Sha256 => Algorithm::RSASignatureMessagePKCS1v15SHA256,
        SignatureScheme::RsaPkcs1Sha384 => Algorithm::RSASignatureMessagePKCS1v15SHA384,
        SignatureScheme::RsaPkcs1Sha512 => Algorithm::RSASignatureMessagePKCS1v15SHA512,
    }
}

/// Whether Security.framework can sign with `key` in `scheme` (legacy CSSM keys of the
/// file-based keychains may lack some algorithms, RSA-PSS in particular). Asks no question of
/// the person.
fn can_sign(key: &SecKey, scheme: SignatureScheme) -> bool {
    // SAFETY: `key` is a live SecKeyRef for the whole call; the algorithm is one of the
    // framework's own constant CFStrings (linked statics); the call only reads both.
    unsafe {
        SecKeyIsAlgorithmSupported(
            key.as_concrete_TypeRef(),
            kSecKeyOperationTypeSign,
            sec_algorithm(scheme).into(),
        ) != 0
    }
}

impl ClientKey for KeychainKey {
    fn algorithm(&self) -> KeyAlgorithm {
        self.algorithm
    }

    fn signature_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes.clone()
    }

    fn sign(&self, scheme: SignatureScheme, message: &[u8]) -> Result<Vec<u8>, IdentityError> {
        if !self.schemes.contains(&scheme) {
            return Err(IdentityError::SchemeNotSupported {
                algorithm: self.algorithm,
                scheme,
            });
        }
        self.key
            .create_signature(sec_algorithm(scheme), message)
            .map_err(|e| IdentityError::Signing {
                detail: format!("{} ({} {})", e.description(), e.domain(), e.code()),
            })
    }
}

// `SecKey` is a CF object that Security.framework allows to be used from any thread;
// security-framework marks it Send + Sync, and KeychainKey holds nothing else.
const _: fn() = || {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<KeychainKey>();
};
