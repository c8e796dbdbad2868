//! The `uem-sim` binary: `--print-config` carries the directory keys; the LDAP flags work.

use serde_json::Value;

use crate::common::*;

#[path = "../shared/running.rs"]
mod running;
use running::Running;

/// Starts the binary (see `shared/running.rs`) off the async runtime.
async fn start_binary(extra: &[&str]) -> (Running, Value) {
    let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        running::start(&extra)
    })
    .await
    .unwrap()
}

/// A port that was free a moment ago.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[tokio::test]
async fn print_config_carries_the_directory_keys_and_they_work() {
    let port = free_port();
    let (_running, config) = start_binary(&["--ldaps-port", &port.to_string()]).await;
    assert_eq!(config["DirectoryType"], "ldap");
    assert_eq!(config["LDAPURL"], format!("ldaps://127.0.0.1:{port}"));
    assert_eq!(
        config["LDAPBindTemplate"],
        "uid={username},ou=people,dc=example,dc=test"
    );
    assert_eq!(config["LDAPBaseDN"], "dc=example,dc=test");
    assert_eq!(config["LDAPUserFilter"], "(uid={username})");
    assert_eq!(config["ADDomain"], "example.test");
    let ca = config["TrustedCACertificates"][0].as_str().unwrap();
    let mut ldap = connect(config["LDAPURL"].as_str().unwrap(), ca, false)
        .await
        .unwrap();
    assert_eq!(
        ldap.simple_bind(ALICE_DN, ALICE_PASSWORD).await.unwrap().rc,
        0
    );
    assert_eq!(ldap.simple_bind(ALICE_DN, "wrong").await.unwrap().rc, 49);
}

#[tokio::test]
async fn the_starttls_port_can_be_chosen() {
    let port = free_port();
    let (_running, config) = start_binary(&["--ldap-port", &port.to_string()]).await;
    let ca = config["TrustedCACertificates"][0].as_str().unwrap();
    let mut ldap = connect(&format!("ldap://127.0.0.1:{port}"), ca, true)
        .await
        .unwrap();
    assert_eq!(
        ldap.simple_bind(ALICE_DN, ALICE_PASSWORD).await.unwrap().rc,
        0
    );
}

#[tokio::test]
async fn no_ldap_leaves_the_directory_keys_out() {
    let (_running, config) = start_binary(&["--no-ldap"]).await;
    assert!(config["UEMAPIURL"].is_string());
    for key in [
        "DirectoryType",
        "LDAPURL",
        "LDAPBindTemplate",
        "LDAPBaseDN",
        "LDAPUserFilter",
        "ADDomain",
    ] {
        assert!(config.get(key).is_none(), "{key}: {config}");
    }
}
