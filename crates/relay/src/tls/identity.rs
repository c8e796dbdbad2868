//! Who the client is, once the handshake has verified its certificate.

use std::fmt;

use rustls::pki_types::CertificateDer;
use tokio::net::TcpStream;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::GeneralName;
use x509_parser::oid_registry::OID_X509_SERIALNUMBER;
use x509_parser::prelude::FromDer;
use x509_parser::x509::AttributeTypeAndValue;

use super::settings::{fingerprint_hex, sha256, SerialFrom, TlsSettings};

/// The client of one TLS connection. `fingerprint` is the SHA-256 of the end-entity
/// certificate's DER, 64 lower-case hex digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientIdentity {
    /// No client certificate (technician, integration and health clients).
    None,
    /// A device certificate from a `DeviceCACertificates` CA; `serial` is normalised (upper case).
    Device { serial: String, fingerprint: String },
    /// A certificate listed in `Kiosks`; `name` is the entry's `Name`.
    Kiosk { name: String, fingerprint: String },
}

/// A client certificate passed the handshake but names no usable device serial.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("the client certificate {fingerprint} cannot be read: {reason}")]
    Unreadable { fingerprint: String, reason: String },
    #[error("the device certificate {fingerprint} has no {what} (DeviceSerialFrom = {from})")]
    NoSerial {
        fingerprint: String,
        from: SerialFrom,
        what: String,
    },
    #[error(
        "the device certificate {fingerprint} has {what} {value:?}, which is not a serial number \
         (4 to 32 letters and digits; DeviceSerialFrom = {from})"
    )]
    BadSerial {
        fingerprint: String,
        from: SerialFrom,
        what: String,
        value: String,
    },
}

/// Why [`accept`] did not produce a connection.
#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    #[error("TLS handshake failed: {0}")]
    Handshake(#[source] std::io::Error),
    #[error(transparent)]
    Identity(IdentityError),
}

/// Who the client is, from the certificates the handshake verified (`peer_certs`, end entity
/// first, as `rustls::ServerConnection::peer_certificates` gives them): a kiosk if the end
/// entity's SHA-256 is listed in `Kiosks`; otherwise a device, whose serial is read per
/// `DeviceSerialFrom`, trimmed and upper-cased, and must be 4 to 32 letters and digits.
///
/// It does not verify the chain: call it only with certificates from a handshake under
/// [`super::server_config`].
pub fn identify(
    peer_certs: Option<&[CertificateDer<'_>]>,
    settings: &TlsSettings,
) -> Result<ClientIdentity, IdentityError> {
    let Some(end_entity) = peer_certs.and_then(|certs| certs.first()) else {
        return Ok(ClientIdentity::None);
    };
    let der = end_entity.as_ref();
    let fingerprint = fingerprint_hex(der);
    let digest = sha256(der);
    if let Some(kiosk) = settings.kiosks.iter().find(|k| k.sha256 == digest) {
        return Ok(ClientIdentity::Kiosk {
            name: kiosk.name.clone(),
            fingerprint,
        });
    }

    let cert = match X509Certificate::from_der(der) {
        Ok((_, cert)) => cert,
        Err(e) => {
            return Err(IdentityError::Unreadable {
                fingerprint,
                reason: e.to_string(),
            })
        }
    };
    let from = &settings.serial_from;
    let (what, raw) = match from {
        SerialFrom::SubjectCn => {
            let what = "subject common name (CN)";
            (
                what,
                single_attribute(cert.subject().iter_common_name(), what, &fingerprint, from)?,
            )
        }
        SerialFrom::SubjectSerialNumber => {
            let what = "subject serialNumber attribute (2.5.4.5)";
            let values = cert.subject().iter_by_oid(&OID_X509_SERIALNUMBER);
            (what, single_attribute(values, what, &fingerprint, from)?)
        }
        SerialFrom::SanUri { prefix } => {
            let what = "subject alternative name URI";
            let san = cert
                .subject_alternative_name()
                .map_err(|e| IdentityError::Unreadable {
                    fingerprint: fingerprint.clone(),
                    reason: format!("its subject alternative names cannot be read: {e}"),
                })?;
            let uri = san.and_then(|san| {
                san.value.general_names.iter().find_map(|name| match name {
                    GeneralName::URI(uri) => uri.strip_prefix(prefix.as_str()),
                    _ => None,
                })
            });
            match uri {
                Some(rest) => (what, rest.to_string()),
                None => {
                    return Err(IdentityError::NoSerial {
                        fingerprint,
                        from: from.clone(),
                        what: format!("{what} starting with {prefix:?}"),
                    })
                }
            }
        }
    };
    match normalise_serial(&raw) {
        Some(serial) => Ok(ClientIdentity::Device {
            serial,
            fingerprint,
        }),
        None => Err(IdentityError::BadSerial {
            fingerprint,
            from: from.clone(),
            what: what.to_string(),
            value: shorten(&raw),
        }),
    }
}

/// Exactly one value of a subject attribute, as text (two different values would make the
/// serial ambiguous).
fn single_attribute<'a>(
    mut values: impl Iterator<Item = &'a AttributeTypeAndValue<'a>>,
    what: &str,
    fingerprint: &str,
    from: &SerialFrom,
) -> Result<String, IdentityError> {
    let Some(first) = values.next() else {
        return Err(IdentityError::NoSerial {
            fingerprint: fingerprint.to_string(),
            from: from.clone(),
            what: what.to_string(),
        });
    };
    let text = |v: &AttributeTypeAndValue<'_>| {
        v.as_str()
            .map(str::to_string)
            .map_err(|e| IdentityError::BadSerial {
                fingerprint: fingerprint.to_string(),
                from: from.clone(),
                what: what.to_string(),
                value: format!("<not a text string: {e}>"),
            })
    };
    let value = text(first)?;
    for other in values {
        let other = text(other)?;
        if other != value {
            return Err(IdentityError::BadSerial {
                fingerprint: fingerprint.to_string(),
                from: from.clone(),
                what: format!("more than one {what}"),
                value: format!("{value}, {other}"),
            });
        }
    }
    Ok(value)
}

/// Trim, upper-case, and require `^[A-Z0-9]{4,32}$`.
fn normalise_serial(raw: &str) -> Option<String> {
    let serial = raw.trim().to_ascii_uppercase();
    let ok = (4..=32).contains(&serial.len())
        && serial
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    ok.then_some(serial)
}

fn shorten(value: &str) -> String {
    const MAX: usize = 80;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let mut s: String = value.chars().take(MAX).collect();
        s.push('…');
        s
    }
}

/// One TLS connection: the handshake under `acceptor` (built from [`super::server_config`]),
/// then [`identify`]. A handshake refused by the client-certificate rule is
/// [`AcceptError::Handshake`]; a verified certificate without a usable serial is
/// [`AcceptError::Identity`] (the HTTP layer answers 401).
pub async fn accept(
    acceptor: &TlsAcceptor,
    tcp: TcpStream,
    settings: &TlsSettings,
) -> Result<(TlsStream<TcpStream>, ClientIdentity), AcceptError> {
    let stream = acceptor.accept(tcp).await.map_err(AcceptError::Handshake)?;
    let identity = identify(stream.get_ref().1.peer_certificates(), settings)
        .map_err(AcceptError::Identity)?;
    Ok((stream, identity))
}

impl fmt::Display for ClientIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientIdentity::None => f.write_str("no client certificate"),
            ClientIdentity::Device { serial, .. } => write!(f, "device {serial}"),
            ClientIdentity::Kiosk { name, .. } => write!(f, "kiosk {name}"),
        }
    }
}
