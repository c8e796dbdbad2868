//! The client-certificate rule: no certificate, or a device certificate that chains to one of
//! `DeviceCACertificates`, or an end-entity certificate whose SHA-256 is listed in `Kiosks`.

use std::sync::Arc;

use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, Error, SignatureScheme};

use super::settings::{sha256, to_hex};

/// Wraps rustls's `WebPkiClientVerifier` (the device CAs; signature, validity dates, key usage)
/// and adds the kiosk fingerprints. Client authentication is offered but not mandatory:
/// technician, integration and health clients present no certificate.
pub struct RelayClientVerifier {
    /// `None` when no `DeviceCACertificates` are configured: then only kiosks authenticate.
    devices: Option<Arc<dyn ClientCertVerifier>>,
    kiosks: Vec<[u8; 32]>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl RelayClientVerifier {
    /// `devices` is the webpki verifier built from the device CAs (it must allow unauthenticated
    /// clients), or `None`.
    pub fn new(
        devices: Option<Arc<dyn ClientCertVerifier>>,
        kiosks: Vec<[u8; 32]>,
        provider: &CryptoProvider,
    ) -> Self {
        RelayClientVerifier {
            devices,
            kiosks,
            algorithms: provider.signature_verification_algorithms,
        }
    }

    fn is_kiosk(&self, end_entity: &CertificateDer<'_>) -> bool {
        let fingerprint = sha256(end_entity.as_ref());
        self.kiosks.contains(&fingerprint)
    }
}

impl std::fmt::Debug for RelayClientVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelayClientVerifier")
            .field("device_cas", &self.devices.is_some())
            .field(
                "kiosks",
                &self.kiosks.iter().map(|k| to_hex(k)).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl ClientCertVerifier for RelayClientVerifier {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        match &self.devices {
            Some(devices) => devices.root_hint_subjects(),
            None => &[],
        }
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, Error> {
        // The fingerprint alone trusts a kiosk (self-signed or from any CA, whatever its dates).
        if self.is_kiosk(end_entity) {
            return Ok(ClientCertVerified::assertion());
        }
        match &self.devices {
            Some(devices) => devices.verify_client_cert(end_entity, intermediates, now),
            None => Err(Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            )),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
