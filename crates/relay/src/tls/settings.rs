//! The relay's TLS keys in parsed form.

use std::fmt;
use std::path::PathBuf;

/// `TLSCertificateFile`, `TLSKeyFile`, `DeviceCACertificates`, `DeviceSerialFrom`, `Kiosks`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsSettings {
    /// `TLSCertificateFile`: PEM, the relay's certificate first, then any intermediates.
    pub cert_pem_file: PathBuf,
    /// `TLSKeyFile`: PEM, the private key of that certificate (PKCS#8, PKCS#1 or SEC1).
    pub key_pem_file: PathBuf,
    /// `DeviceCACertificates`: PEM texts of the CAs that issue device certificates.
    pub device_cas: Vec<String>,
    /// `DeviceSerialFrom`.
    pub serial_from: SerialFrom,
    /// `Kiosks`.
    pub kiosks: Vec<Kiosk>,
}

/// `DeviceSerialFrom`: where a device certificate carries the device's serial number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SerialFrom {
    /// `subject-cn` (the default): the subject's common name.
    #[default]
    SubjectCn,
    /// `subject-serialnumber`: the subject's serialNumber attribute (OID 2.5.4.5).
    SubjectSerialNumber,
    /// `san-uri:PREFIX`: the first subject-alternative-name URI starting with `prefix`; the rest
    /// of the URI is the serial.
    SanUri { prefix: String },
}

impl SerialFrom {
    /// Parses `subject-cn`, `subject-serialnumber` or `san-uri:PREFIX` (PREFIX not empty).
    pub fn parse(text: &str) -> Result<SerialFrom, SettingsError> {
        let text = text.trim();
        match text {
            "subject-cn" => Ok(SerialFrom::SubjectCn),
            "subject-serialnumber" => Ok(SerialFrom::SubjectSerialNumber),
            _ => match text.strip_prefix("san-uri:") {
                Some(prefix) if !prefix.is_empty() => Ok(SerialFrom::SanUri {
                    prefix: prefix.to_string(),
                }),
                Some(_) => Err(SettingsError::SerialFrom {
                    value: text.to_string(),
                    reason: "san-uri: needs a prefix, e.g. san-uri:urn:baton:serial:".into(),
                }),
                None => Err(SettingsError::SerialFrom {
                    value: text.to_string(),
                    reason: "expected subject-cn, subject-serialnumber or san-uri:PREFIX".into(),
                }),
            },
        }
    }
}

impl fmt::Display for SerialFrom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SerialFrom::SubjectCn => f.write_str("subject-cn"),
            SerialFrom::SubjectSerialNumber => f.write_str("subject-serialnumber"),
            SerialFrom::SanUri { prefix } => write!(f, "san-uri:{prefix}"),
        }
    }
}

/// One `Kiosks` entry: `{Name, CertificateSHA256}`.
#[derive(Clone, PartialEq, Eq)]
pub struct Kiosk {
    pub name: String,
    /// SHA-256 of the kiosk certificate's DER.
    pub sha256: [u8; 32],
}

impl Kiosk {
    /// Parses one `Kiosks` entry; the fingerprint as [`parse_fingerprint`] reads it.
    pub fn parse(name: &str, certificate_sha256: &str) -> Result<Kiosk, SettingsError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(SettingsError::Kiosk {
                name: String::new(),
                reason: "the kiosk has no Name".into(),
            });
        }
        let sha256 =
            parse_fingerprint(certificate_sha256).map_err(|reason| SettingsError::Kiosk {
                name: name.to_string(),
                reason,
            })?;
        Ok(Kiosk {
            name: name.to_string(),
            sha256,
        })
    }
}

impl fmt::Debug for Kiosk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Kiosk")
            .field("name", &self.name)
            .field("sha256", &to_hex(&self.sha256))
            .finish()
    }
}

/// A problem in the relay's TLS keys; the text names the key and the entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("DeviceSerialFrom {value:?}: {reason}")]
    SerialFrom { value: String, reason: String },
    #[error("Kiosks entry {name:?}: CertificateSHA256 {reason}")]
    Kiosk { name: String, reason: String },
}

/// Reads a SHA-256 fingerprint: 64 hex digits, either case; colons (and surrounding blanks) are
/// ignored. The error text says what is wrong (it is put after "CertificateSHA256").
pub fn parse_fingerprint(text: &str) -> Result<[u8; 32], String> {
    let digits: Vec<char> = text.trim().chars().filter(|c| *c != ':').collect();
    if digits.is_empty() {
        return Err(
            "is empty: expected the SHA-256 of the certificate's DER, 64 hex digits".into(),
        );
    }
    if let Some(bad) = digits.iter().find(|c| !c.is_ascii_hexdigit()) {
        return Err(format!(
            "contains {bad:?}, which is not a hex digit: expected 64 hex digits (colons allowed)"
        ));
    }
    if digits.len() != 64 {
        return Err(format!(
            "has {} hex digits: a SHA-256 fingerprint has 64 (is it SHA-1 or truncated?)",
            digits.len()
        ));
    }
    let mut out = [0u8; 32];
    for (i, pair) in digits.chunks(2).enumerate() {
        let hi = pair[0].to_digit(16).unwrap_or(0) as u8;
        let lo = pair[1].to_digit(16).unwrap_or(0) as u8;
        out[i] = hi << 4 | lo;
    }
    Ok(out)
}

/// SHA-256 of `bytes` (for a certificate: of its DER).
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

/// The fingerprint of a certificate as the relay reports it: SHA-256 of the DER, 64 lower-case
/// hex digits, no colons.
pub fn fingerprint_hex(der: &[u8]) -> String {
    to_hex(&sha256(der))
}

pub(crate) fn to_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}
