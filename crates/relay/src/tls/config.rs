//! `server_config`: the relay's certificate and key, ALPN, and the client-certificate rule.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::sign::CertifiedKey;
use rustls::{RootCertStore, ServerConfig};
use rustls_pemfile::Item;

use super::settings::TlsSettings;
use super::verifier::RelayClientVerifier;

/// Why the relay's TLS configuration cannot be built; the text names the key, the file or the
/// entry, and what is wrong with it.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("TLSCertificateFile {}: {reason}", path.display())]
    Certificate { path: PathBuf, reason: String },
    #[error("TLSKeyFile {}: {reason}", path.display())]
    Key { path: PathBuf, reason: String },
    #[error(
        "TLSKeyFile {} does not match the certificate in TLSCertificateFile {} (they are not one key pair)",
        key.display(),
        cert.display()
    )]
    KeyMismatch { cert: PathBuf, key: PathBuf },
    #[error("DeviceCACertificates[{index}]: {reason}")]
    DeviceCa { index: usize, reason: String },
    #[error("TLS configuration: {0}")]
    Config(#[from] rustls::Error),
}

/// The relay's `rustls::ServerConfig`: its certificate chain and key from `TLSCertificateFile`
/// and `TLSKeyFile`; ALPN `h2` then `http/1.1`; client certificates optional, and when one is
/// presented it must chain to a `DeviceCACertificates` CA or be listed in `Kiosks`
/// ([`RelayClientVerifier`]).
pub fn server_config(settings: &TlsSettings) -> Result<Arc<ServerConfig>, TlsError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let certs = load_certificates(&settings.cert_pem_file)?;
    let key = load_key(&settings.key_pem_file)?;
    check_key_pair(settings, &certs, &key, &provider)?;

    let devices = if settings.device_cas.is_empty() {
        None
    } else {
        let roots = device_roots(&settings.device_cas)?;
        let verifier =
            WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .allow_unauthenticated()
                .build()
                .map_err(|e| TlsError::DeviceCa {
                    index: 0,
                    reason: format!("{e}"),
                })?;
        Some(verifier)
    };
    let kiosks = settings.kiosks.iter().map(|k| k.sha256).collect();
    let verifier = RelayClientVerifier::new(devices, kiosks, &provider);

    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_client_cert_verifier(Arc::new(verifier))
        .with_single_cert(certs, key)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

fn read_pem_file(path: &Path) -> Result<Vec<u8>, String> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "the file does not exist".to_string(),
        _ => format!("cannot be read: {e}"),
    })?;
    if !bytes.windows(11).any(|w| w == b"-----BEGIN ") {
        return Err(
            "is not PEM (no \"-----BEGIN ...-----\" block; DER files must be converted)".into(),
        );
    }
    Ok(bytes)
}

fn pem_items(bytes: &[u8]) -> Result<Vec<Item>, String> {
    rustls_pemfile::read_all(&mut &bytes[..])
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("is not valid PEM: {e}"))
}

fn load_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let err = |reason: String| TlsError::Certificate {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = read_pem_file(path).map_err(err)?;
    let certs: Vec<_> = pem_items(&bytes)
        .map_err(err)?
        .into_iter()
        .filter_map(|item| match item {
            Item::X509Certificate(cert) => Some(cert),
            _ => None,
        })
        .collect();
    if certs.is_empty() {
        return Err(err("holds no \"CERTIFICATE\" PEM block".into()));
    }
    for (i, cert) in certs.iter().enumerate() {
        if let Err(e) = x509_parser::parse_x509_certificate(cert.as_ref()) {
            return Err(err(format!("certificate #{} cannot be parsed: {e}", i + 1)));
        }
    }
    Ok(certs)
}

fn load_key(path: &Path) -> Result<PrivateKeyDer<'static>, TlsError> {
    let err = |reason: String| TlsError::Key {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = read_pem_file(path).map_err(err)?;
    let key = pem_items(&bytes)
        .map_err(err)?
        .into_iter()
        .find_map(|item| match item {
            Item::Pkcs8Key(key) => Some(PrivateKeyDer::from(key)),
            Item::Pkcs1Key(key) => Some(PrivateKeyDer::from(key)),
            Item::Sec1Key(key) => Some(PrivateKeyDer::from(key)),
            _ => None,
        });
    match key {
        Some(key) => Ok(key),
        None if bytes.windows(30).any(|w| w == b"-----BEGIN ENCRYPTED PRIVATE K") => Err(err(
            "the private key is encrypted; the relay needs an unencrypted PEM key (protect the file instead)".into(),
        )),
        None => Err(err(
            "holds no private key (no \"PRIVATE KEY\", \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\" block)".into(),
        )),
    }
}

fn check_key_pair(
    settings: &TlsSettings,
    certs: &[CertificateDer<'static>],
    key: &PrivateKeyDer<'static>,
    provider: &CryptoProvider,
) -> Result<(), TlsError> {
    let signing_key = provider
        .key_provider
        .load_private_key(key.clone_key())
        .map_err(|e| TlsError::Key {
            path: settings.key_pem_file.clone(),
            reason: format!("the private key cannot be used: {e}"),
        })?;
    match CertifiedKey::new(certs.to_vec(), signing_key).keys_match() {
        Ok(()) | Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::Unknown)) => Ok(()),
        Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch)) => {
            Err(TlsError::KeyMismatch {
                cert: settings.cert_pem_file.clone(),
                key: settings.key_pem_file.clone(),
            })
        }
        Err(e) => Err(TlsError::Certificate {
            path: settings.cert_pem_file.clone(),
            reason: format!("the first certificate cannot be used: {e}"),
        }),
    }
}

fn device_roots(pems: &[String]) -> Result<RootCertStore, TlsError> {
    let mut roots = RootCertStore::empty();
    for (index, pem) in pems.iter().enumerate() {
        let err = |reason: String| TlsError::DeviceCa { index, reason };
        if !pem.contains("-----BEGIN ") {
            return Err(err(
                "is not PEM (no \"-----BEGIN CERTIFICATE-----\" block)".into()
            ));
        }
        let items = pem_items(pem.as_bytes()).map_err(err)?;
        let mut found = 0;
        for item in items {
            if let Item::X509Certificate(cert) = item {
                found += 1;
                roots.add(cert).map_err(|e| {
                    err(format!(
                        "certificate #{found} is not a usable CA certificate: {e}"
                    ))
                })?;
            }
        }
        if found == 0 {
            return Err(err("holds no \"CERTIFICATE\" PEM block".into()));
        }
    }
    Ok(roots)
}
