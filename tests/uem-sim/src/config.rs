//! The Baton configuration (PRODUCT.md key names) that points a Baton build at a simulator.
//!
//! It contains the seed's client secret (or admin password) on purpose: it is the demo
//! tenant's throwaway credential, printed only when asked for (`--print-config`). With the
//! LDAP listeners on, it also points Baton's directory keys at the LDAPS port; no directory
//! password is ever part of it.

use serde_json::{json, Value};

use crate::seed::Seed;

pub(crate) fn baton_config(
    seed: &Seed,
    base_url: &str,
    token_url: &str,
    ca_pem: &str,
    ldaps_url: Option<&str>,
) -> Value {
    let mut config = json!({
        "UEMAPIURL": base_url,
        "StagingUsernames": seed.staging_usernames(),
        "TrustedCACertificates": [ca_pem],
    });
    let fields = config.as_object_mut().expect("a JSON object");
    if let Some(client) = seed.oauth_clients.first() {
        fields.insert("UEMAuthMethod".into(), json!("oauth"));
        fields.insert("UEMOAuthTokenURL".into(), json!(token_url));
        fields.insert("UEMOAuthClientID".into(), json!(client.client_id));
        fields.insert("UEMOAuthClientSecret".into(), json!(client.client_secret));
    } else if let Some(admin) = seed.basic_admins.first() {
        fields.insert("UEMAuthMethod".into(), json!("basic"));
        fields.insert("UEMUsername".into(), json!(admin.username));
        fields.insert("UEMPassword".into(), json!(admin.password));
        fields.insert("UEMTenantCode".into(), json!(admin.tenant_code));
    }
    if let Some(url) = ldaps_url {
        let directory = &seed.directory;
        fields.insert("DirectoryType".into(), json!("ldap"));
        fields.insert("LDAPURL".into(), json!(url));
        fields.insert("LDAPBindTemplate".into(), json!(directory.bind_template()));
        fields.insert("LDAPBaseDN".into(), json!(directory.base_dn));
        fields.insert("LDAPUserFilter".into(), json!("(uid={username})"));
        fields.insert("ADDomain".into(), json!(directory.domain));
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oauth_seed_gives_an_oauth_config() {
        let config = baton_config(
            &Seed::demo(),
            "https://127.0.0.1:1",
            "https://127.0.0.1:1/connect/token",
            "PEM",
            Some("ldaps://127.0.0.1:2"),
        );
        assert_eq!(config["UEMAuthMethod"], "oauth");
        assert_eq!(config["DirectoryType"], "ldap");
        assert_eq!(config["LDAPURL"], "ldaps://127.0.0.1:2");
        assert_eq!(
            config["LDAPBindTemplate"],
            "uid={username},ou=people,dc=example,dc=test"
        );
        assert_eq!(config["LDAPBaseDN"], "dc=example,dc=test");
        assert_eq!(config["LDAPUserFilter"], "(uid={username})");
        assert_eq!(config["ADDomain"], "example.test");
        let text = config.to_string();
        for user in &Seed::demo().directory.users {
            assert!(!text.contains(&user.password), "{}", user.username);
        }
        assert_eq!(config["UEMOAuthClientID"], "baton-demo");
        assert_eq!(
            config["UEMOAuthTokenURL"],
            "https://127.0.0.1:1/connect/token"
        );
        assert_eq!(config["StagingUsernames"], json!(["staging"]));
        assert_eq!(config["TrustedCACertificates"], json!(["PEM"]));
    }

    #[test]
    fn basic_only_seed_gives_a_basic_config() {
        let mut seed = Seed::demo();
        seed.oauth_clients.clear();
        let config = baton_config(&seed, "https://h", "https://h/connect/token", "PEM", None);
        assert_eq!(config["UEMAuthMethod"], "basic");
        assert!(config.get("DirectoryType").is_none() && config.get("LDAPURL").is_none());
        assert_eq!(
            config["UEMTenantCode"],
            seed.basic_admins[0].tenant_code.as_str()
        );
        assert!(config.get("UEMOAuthClientID").is_none());
    }
}
