//! IT's way out of the full-screen kiosk: a secret whose SHA-256 is configured as
//! `KioskExitSecretSHA256` (a managed preference, so the person at the desk can read only the
//! digest, never the secret).

use secrecy::{ExposeSecret, SecretString};

/// Whether `secret` hashes to `expected_hex` (SHA-256, hex, any case), compared in constant time.
pub fn exit_secret_matches(secret: &SecretString, expected_hex: &str) -> bool {
    let digest = ring::digest::digest(&ring::digest::SHA256, secret.expose_secret().as_bytes());
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    let expected = expected_hex.trim().to_ascii_lowercase();
    hex.len() == expected.len()
        && hex
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_configured_exit_secret_matches() {
        // printf %s 'abc' | sha256sum
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let secret = |s: &str| SecretString::from(s.to_owned());
        assert!(exit_secret_matches(&secret("abc"), abc));
        assert!(exit_secret_matches(&secret("abc"), &abc.to_uppercase()));
        assert!(!exit_secret_matches(&secret("abd"), abc));
        assert!(!exit_secret_matches(&secret(""), abc));
        assert!(!exit_secret_matches(&secret("abc"), ""));
    }
}
