//! `baton-relay --config FILE doctor [--json]`: the relay host's preflight before the first
//! Mac asks. The configuration (already validated when this runs), the TLS certificate and
//! key, the database, UEM (reachable, TLS trusted, token obtained, the role's harmless reads)
//! and the directory over TLS. Each check is one line with the fix; exit 0 only when all pass.

use baton_core::doctor::{directory_check, uem_checks, Check};

use crate::config::RelayConfig;
use crate::store::Store;

/// A serial no Mac has: reading it shows whether the role may read devices, and finds nothing.
pub const PROBE_SERIAL: &str = "BATON-DOCTOR-PROBE";

/// Every check, in order.
pub async fn checks(config: &RelayConfig) -> Vec<Check> {
    let mut checks = vec![Check::pass(
        "config",
        format!("Configuration valid (listening on {})", config.listen),
    )];
    checks.push(match crate::tls::server_config(&config.tls) {
        Ok(_) => Check::pass(
            "tls",
            "TLS certificate and key load; the device CAs and kiosk list parse",
        ),
        Err(e) => Check::fail(
            "tls",
            format!("TLS settings cannot be used: {e}"),
            "Check TLSCertificateFile (PEM, full chain, names the relay's host), TLSKeyFile (its PEM key, readable by the relay's user) and DeviceCACertificates.",
        ),
    });
    checks.push(match Store::open(&config.database).await {
        Ok(store) => match store.ping().await {
            Ok(()) => Check::pass("database", format!("Database reachable ({})", store.kind())),
            Err(e) => database_failed(&e.to_string()),
        },
        Err(e) => database_failed(&e.to_string()),
    });
    checks.extend(uem_checks(&config.settings, Some(PROBE_SERIAL), false).await);
    checks.push(directory_check(&config.settings).await.unwrap_or_else(|| {
        Check::fail(
            "directory",
            "No directory configured",
            "The relay verifies every password itself: set LDAPURL and LDAPBindTemplate.",
        )
    }));
    checks
}

fn database_failed(error: &str) -> Check {
    Check::fail(
        "database",
        format!("Database not usable: {error}"),
        "Check Database: a writable sqlite: path for the relay's user, or postgres://… reachable with TLS and a user that may create tables.",
    )
}
