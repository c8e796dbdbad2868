//! A throwaway PKI for the relay demo and its tests: a CA, a server certificate for the
//! relay, a device client certificate naming a Mac's serial, and a self-signed kiosk client
//! certificate (pinned by its SHA-256 fingerprint rather than chained). Everything is made
//! fresh in memory with rcgen (ring); keys come out as PKCS#8 PEM.
//!
//! ```no_run
//! use uem_sim::pki::{self, CertificateAuthority, DeviceCertOptions};
//!
//! let ca = CertificateAuthority::new("relay demo CA")?;
//! let relay = ca.server_cert(&["localhost", "127.0.0.1"])?;
//! let device = ca.device_cert("C02DEMO00001", &DeviceCertOptions::default())?;
//! let kiosk = pki::kiosk_cert("desk-1")?;
//! println!("pin the kiosk as {}", kiosk.fingerprint());
//! # Ok::<(), uem_sim::pki::PkiError>(())
//! ```

use std::path::{Path, PathBuf};

use rcgen::string::{Ia5String, PrintableString};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose, SanType,
};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::CertificateDer;
use time::{Duration, OffsetDateTime};

/// How long certificates made here are valid (from an hour ago, against clock skew).
const VALIDITY_DAYS: i64 = 365;

/// The X.520 `serialNumber` attribute (2.5.4.5).
const SERIAL_NUMBER_OID: [u64; 4] = [2, 5, 4, 5];

/// Why a certificate could not be made, read or written.
#[derive(Debug, thiserror::Error)]
pub enum PkiError {
    #[error("certificate generation failed: {0}")]
    Certificate(#[from] rcgen::Error),
    #[error("not a PEM certificate: {0}")]
    Pem(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A certificate and its private key.
#[derive(Clone)]
pub struct IssuedCert {
    /// The certificate, PEM.
    pub cert_pem: String,
    /// Its private key, PKCS#8 PEM.
    pub key_pem: String,
    /// The certificate, DER.
    pub cert_der: Vec<u8>,
}

impl std::fmt::Debug for IssuedCert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedCert")
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

impl IssuedCert {
    /// SHA-256 of the certificate's DER, lower-case hex without separators.
    pub fn fingerprint(&self) -> String {
        sha256_fingerprint(&self.cert_der)
    }
}

/// What a device certificate carries besides subject CN = serial.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceCertOptions {
    /// Also put the serial in the subject's `serialNumber` attribute (2.5.4.5).
    pub serial_number_attribute: bool,
    /// Also put `<prefix><serial>` in a SAN URI, e.g. `urn:baton:device:` (no SAN when `None`).
    pub san_uri_prefix: Option<String>,
}

/// A CA that issues server and device certificates. Its key never leaves memory.
pub struct CertificateAuthority {
    issuer: Issuer<'static, KeyPair>,
    cert_pem: String,
    cert_der: Vec<u8>,
}

impl std::fmt::Debug for CertificateAuthority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertificateAuthority")
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

fn distinguished_name(common_name: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, common_name);
    dn.push(DnType::OrganizationName, "uem-sim");
    dn
}

fn validity(params: &mut CertificateParams) {
    let now = OffsetDateTime::now_utc();
    params.not_before = now - Duration::hours(1);
    params.not_after = now + Duration::days(VALIDITY_DAYS);
}

fn end_entity(params: &mut CertificateParams, purpose: ExtendedKeyUsagePurpose) {
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![purpose];
    validity(params);
}

impl CertificateAuthority {
    /// A new self-signed CA (basicConstraints CA:TRUE, pathlen 0).
    pub fn new(common_name: &str) -> Result<CertificateAuthority, PkiError> {
        let mut params = CertificateParams::default();
        params.distinguished_name = distinguished_name(common_name);
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        validity(&mut params);
        let key = KeyPair::generate()?;
        let cert = params.self_signed(&key)?;
        Ok(CertificateAuthority {
            cert_pem: cert.pem(),
            cert_der: cert.der().to_vec(),
            issuer: Issuer::new(params, key),
        })
    }

    /// The CA certificate, PEM (what a client or the relay trusts).
    pub fn cert_pem(&self) -> &str {
        &self.cert_pem
    }

    pub fn cert_der(&self) -> &[u8] {
        &self.cert_der
    }

    pub fn fingerprint(&self) -> String {
        sha256_fingerprint(&self.cert_der)
    }

    /// A TLS server certificate (EKU serverAuth) for `names`: each is a DNS name, or an IP
    /// address (v4 or v6) which becomes an IP SAN. The first name is also the subject CN.
    pub fn server_cert(&self, names: &[&str]) -> Result<IssuedCert, PkiError> {
        let mut params =
            CertificateParams::new(names.iter().map(|n| n.to_string()).collect::<Vec<_>>())?;
        params.distinguished_name = distinguished_name(names.first().copied().unwrap_or("server"));
        end_entity(&mut params, ExtendedKeyUsagePurpose::ServerAuth);
        self.sign(params)
    }

    /// A device client certificate (EKU clientAuth) whose subject CN is `serial`.
    pub fn device_cert(
        &self,
        serial: &str,
        options: &DeviceCertOptions,
    ) -> Result<IssuedCert, PkiError> {
        let mut params = CertificateParams::default();
        let mut dn = distinguished_name(serial);
        if options.serial_number_attribute {
            let value = PrintableString::try_from(serial.to_string())?;
            dn.push(
                DnType::CustomDnType(SERIAL_NUMBER_OID.to_vec()),
                DnValue::PrintableString(value),
            );
        }
        params.distinguished_name = dn;
        if let Some(prefix) = &options.san_uri_prefix {
            let uri = Ia5String::try_from(format!("{prefix}{serial}"))?;
            params.subject_alt_names = vec![SanType::URI(uri)];
        }
        end_entity(&mut params, ExtendedKeyUsagePurpose::ClientAuth);
        self.sign(params)
    }

    fn sign(&self, params: CertificateParams) -> Result<IssuedCert, PkiError> {
        let key = KeyPair::generate()?;
        let cert = params.signed_by(&key, &self.issuer)?;
        Ok(IssuedCert {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            cert_der: cert.der().to_vec(),
        })
    }
}

/// A self-signed kiosk client certificate (EKU clientAuth, not a CA), subject CN = `name`.
/// It chains to nothing: a relay recognises it by [`IssuedCert::fingerprint`].
pub fn kiosk_cert(name: &str) -> Result<IssuedCert, PkiError> {
    let mut params = CertificateParams::default();
    params.distinguished_name = distinguished_name(name);
    end_entity(&mut params, ExtendedKeyUsagePurpose::ClientAuth);
    let key = KeyPair::generate()?;
    let cert = params.self_signed(&key)?;
    Ok(IssuedCert {
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
        cert_der: cert.der().to_vec(),
    })
}

/// SHA-256 of `der`, lower-case hex without separators (64 characters).
pub fn sha256_fingerprint(der: &[u8]) -> String {
    // rustls's ring provider exposes SHA-256 through a SHA-256 cipher suite's hash, which
    // spares a direct dependency on ring.
    let suite = rustls::crypto::ring::cipher_suite::TLS13_AES_128_GCM_SHA256;
    let hash = suite.tls13().expect("a TLS 1.3 suite").common.hash_provider;
    hash.hash(der)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The fingerprint of the first certificate in a PEM text.
pub fn pem_fingerprint(pem: &str) -> Result<String, PkiError> {
    let der =
        CertificateDer::from_pem_slice(pem.as_bytes()).map_err(|e| PkiError::Pem(e.to_string()))?;
    Ok(sha256_fingerprint(&der))
}

/// What [`write_bundle`] wrote.
#[derive(Debug)]
pub struct Bundle {
    pub ca: CertificateAuthority,
    pub relay: IssuedCert,
    pub device: IssuedCert,
    pub kiosk: IssuedCert,
}

/// Names the relay certificate gets unless told otherwise.
pub const DEFAULT_RELAY_NAMES: &[&str] = &["localhost", "127.0.0.1", "::1"];

/// Makes a CA, a relay server certificate for `relay_names`, a device certificate for
/// `serial` and a kiosk certificate named `kiosk`, and writes into `dir` (created if
/// missing): `ca.pem`, `relay.pem`, `relay-key.pem`, `device.pem`, `device-key.pem`,
/// `kiosk.pem`, `kiosk-key.pem`. Key files are private to the owner on Unix.
pub fn write_bundle(
    dir: &Path,
    serial: &str,
    kiosk: &str,
    relay_names: &[&str],
    device_options: &DeviceCertOptions,
) -> Result<Bundle, PkiError> {
    let ca = CertificateAuthority::new("uem-sim relay demo CA")?;
    let relay = ca.server_cert(relay_names)?;
    let device = ca.device_cert(serial, device_options)?;
    let kiosk = kiosk_cert(kiosk)?;
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PkiError::Write { path, source }
    };
    std::fs::create_dir_all(dir).map_err(failed(dir))?;
    let files: [(&str, &str, bool); 7] = [
        ("ca.pem", ca.cert_pem(), false),
        ("relay.pem", &relay.cert_pem, false),
        ("relay-key.pem", &relay.key_pem, true),
        ("device.pem", &device.cert_pem, false),
        ("device-key.pem", &device.key_pem, true),
        ("kiosk.pem", &kiosk.cert_pem, false),
        ("kiosk-key.pem", &kiosk.key_pem, true),
    ];
    for (name, contents, secret) in files {
        let path = dir.join(name);
        write_file(&path, contents, secret).map_err(failed(&path))?;
    }
    Ok(Bundle {
        ca,
        relay,
        device,
        kiosk,
    })
}

fn write_file(path: &Path, contents: &str, secret: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(if secret { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = secret;
    use std::io::Write as _;
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_lower_hex_sha256() {
        // SHA-256 of the empty input.
        assert_eq!(
            sha256_fingerprint(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let kiosk = kiosk_cert("desk-1").unwrap();
        assert_eq!(
            pem_fingerprint(&kiosk.cert_pem).unwrap(),
            kiosk.fingerprint()
        );
        assert!(pem_fingerprint("not pem").is_err());
    }
}
