//! The rustls client configuration for directory connections.
//!
//! Roots: the platform's (rustls-native-certs) unless switched off, plus every configured PEM.
//! Protocols: TLS 1.2 and 1.3 (rustls's safe defaults), ring provider.
//!
//! The certificate is always checked against the host of `LDAPURL`, whatever name ldap3 hands to
//! rustls: [`PinnedName`] wraps the standard WebPKI verifier and substitutes the configured name.
//! That lets the client dial a pre-connected socket (for TCP_NODELAY) and handle IPv6 literals,
//! which ldap3 0.12 would otherwise pass to rustls in brackets and fail on.

use std::net::IpAddr;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use super::error::DirectoryError;
use super::options::Host;

/// The DNS name ldap3 is given for IP-literal hosts. It is never verified (see [`PinnedName`]) and
/// never sent (SNI is off for IP hosts); `.invalid` is reserved and can never resolve.
pub(crate) const IP_LITERAL_PLACEHOLDER: &str = "ip-literal.invalid";

fn config_err(detail: impl Into<String>) -> DirectoryError {
    DirectoryError::Config {
        detail: detail.into(),
    }
}

/// The trust anchors: platform roots (optional) plus the configured PEMs.
pub(crate) fn root_store(
    use_platform_roots: bool,
    trusted_ca_pems: &[String],
) -> Result<RootCertStore, DirectoryError> {
    let mut roots = RootCertStore::empty();
    if use_platform_roots {
        let native = rustls_native_certs::load_native_certs();
        let (added, ignored) = roots.add_parsable_certificates(native.certs);
        tracing::debug!(
            target: "baton::directory",
            added,
            ignored,
            errors = native.errors.len(),
            "platform roots loaded"
        );
    }
    for (i, pem) in trusted_ca_pems.iter().enumerate() {
        let mut count = 0usize;
        for cert in CertificateDer::pem_slice_iter(pem.as_bytes()) {
            let cert = cert.map_err(|e| {
                config_err(format!(
                    "LDAPTrustedCACertificates[{i}] is not valid PEM: {e}"
                ))
            })?;
            roots.add(cert).map_err(|e| {
                config_err(format!(
                    "LDAPTrustedCACertificates[{i}] is not a usable CA certificate: {e}"
                ))
            })?;
            count += 1;
        }
        if count == 0 {
            return Err(config_err(format!(
                "LDAPTrustedCACertificates[{i}] contains no PEM certificate"
            )));
        }
    }
    if roots.is_empty() {
        return Err(config_err(
            "no trusted root certificates for LDAP: LDAPUsePlatformRoots is false (or the platform has none) and LDAPTrustedCACertificates is empty",
        ));
    }
    Ok(roots)
}

/// The name the certificate must carry.
pub(crate) fn server_name(host: &Host) -> Result<ServerName<'static>, DirectoryError> {
    match host {
        Host::Ip(ip) => Ok(ServerName::IpAddress((*ip).into())),
        Host::Name(name) => ServerName::try_from(name.clone()).map_err(|e| {
            config_err(format!(
                "LDAPURL host {name:?} is not a valid TLS name: {e}"
            ))
        }),
    }
}

/// The host string to put into the URL handed to ldap3: the real name for DNS hosts (it becomes
/// SNI), the bare address for IPv4, and a placeholder for IPv6 (ldap3 would keep the brackets).
pub(crate) fn ldap3_host(host: &Host) -> String {
    match host {
        Host::Name(name) => name.clone(),
        Host::Ip(IpAddr::V4(ip)) => ip.to_string(),
        Host::Ip(IpAddr::V6(_)) => IP_LITERAL_PLACEHOLDER.to_string(),
    }
}

/// A complete client configuration verifying against `name`.
pub(crate) fn client_config(
    roots: RootCertStore,
    name: ServerName<'static>,
) -> Result<Arc<ClientConfig>, DirectoryError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| config_err(format!("TLS verifier: {e}")))?;
    let sni = matches!(name, ServerName::DnsName(_));
    let verifier = Arc::new(PinnedName { inner, name });
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| config_err(format!("TLS protocol versions: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.enable_sni = sni;
    Ok(Arc::new(config))
}

/// The standard WebPKI verification (chain to a trusted root, validity dates, key usage,
/// signatures), always against the configured server name rather than the one ldap3 passes.
#[derive(Debug)]
struct PinnedName {
    inner: Arc<WebPkiServerVerifier>,
    name: ServerName<'static>,
}

impl ServerCertVerifier for PinnedName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _name_from_url: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.inner
            .verify_server_cert(end_entity, intermediates, &self.name, ocsp_response, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_pems_are_configuration_errors() {
        for pem in [
            "",
            "not a pem",
            "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n",
        ] {
            let err = root_store(false, &[pem.to_string()]).expect_err(pem);
            assert!(
                matches!(err, DirectoryError::Config { .. }),
                "{pem:?}: {err:?}"
            );
        }
    }

    #[test]
    fn no_roots_at_all_is_a_configuration_error() {
        assert!(matches!(
            root_store(false, &[]),
            Err(DirectoryError::Config { .. })
        ));
    }

    #[test]
    fn ldap3_gets_a_bracket_free_host() {
        assert_eq!(
            ldap3_host(&Host::Name("dc1.example.com".into())),
            "dc1.example.com"
        );
        assert_eq!(
            ldap3_host(&Host::Ip("127.0.0.1".parse().unwrap())),
            "127.0.0.1"
        );
        assert_eq!(
            ldap3_host(&Host::Ip("::1".parse().unwrap())),
            IP_LITERAL_PLACEHOLDER
        );
        assert!(matches!(
            server_name(&Host::Ip("::1".parse().unwrap())).unwrap(),
            ServerName::IpAddress(_)
        ));
        assert!(matches!(
            server_name(&Host::Name("dc1.example.com".into())).unwrap(),
            ServerName::DnsName(_)
        ));
    }
}
