//! The request log and the Baton configuration cover the directory; no password reaches them.

use ldap3::Scope;
use uem_sim::{RequestRecord, Route, SimHandle, REDACTED};

use crate::common::*;

/// Polls the log (bounded) until a record matches.
async fn wait_for(sim: &SimHandle, wanted: impl Fn(&RequestRecord) -> bool) {
    for _ in 0..1000 {
        if sim.requests().iter().any(&wanted) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("never logged: {:?}", sim.requests());
}

#[tokio::test]
async fn the_request_log_records_ldap_operations_without_passwords() {
    let sim = start().await;
    sim.clear_requests();
    let mut ldap = ldaps(&sim).await;
    ldap.simple_bind(ALICE_DN, "Wrong-Secret-9").await.unwrap();
    ldap.simple_bind(ALICE_DN, ALICE_PASSWORD).await.unwrap();
    ldap.search(BASE_DN, Scope::Subtree, "(uid=alice)", vec!["uid"])
        .await
        .unwrap();
    ldap.unbind().await.unwrap();
    // An unbind has no response: wait until the simulator has logged it.
    wait_for(&sim, |r| r.method == "UNBIND").await;
    let mut plain = starttls(&sim).await;
    plain
        .simple_bind("EXAMPLE\\bob", "Bob-Pass-2")
        .await
        .unwrap();

    let records: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.route == Route::Ldap)
        .collect();
    let summary: Vec<_> = records
        .iter()
        .map(|r| {
            let ldap = r.ldap.as_ref().unwrap();
            (
                r.method.as_str(),
                r.path.as_str(),
                ldap.port.as_str(),
                ldap.tls,
                ldap.result_code,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("BIND", ALICE_DN, "ldaps", true, Some(49)),
            ("BIND", ALICE_DN, "ldaps", true, Some(0)),
            ("SEARCH", BASE_DN, "ldaps", true, Some(0)),
            ("UNBIND", "", "ldaps", true, None),
            ("STARTTLS", "", "ldap", false, Some(0)),
            ("BIND", "EXAMPLE\\bob", "ldap", true, Some(0)),
        ]
    );
    let failed = records[0].ldap.as_ref().unwrap();
    assert_eq!(
        failed.diagnostic.as_deref(),
        Some(ad_diagnostic("52e").as_str())
    );
    assert_eq!(records[0].principal, None);
    assert_eq!(
        records[1].principal.as_deref(),
        Some(&*format!("ldap:{ALICE_DN}"))
    );
    assert_eq!(records[2].query.as_deref(), Some("(uid=alice)"));
    assert_eq!(records[2].ldap.as_ref().unwrap().entries, Some(1));
    let seqs: Vec<u64> = records.iter().map(|r| r.seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");

    let text = serde_json::to_string(&sim.requests()).unwrap();
    for secret in ["Wrong-Secret-9", ALICE_PASSWORD, "Bob-Pass-2"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    // The admin API shows the same log.
    let http = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(sim.ca_pem().as_bytes()).unwrap())
        .build()
        .unwrap();
    let served = http
        .get(format!("{}/_sim/requests", sim.base_url()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(served.contains("\"route\":\"ldap\""), "{served}");
    assert!(!served.contains(ALICE_PASSWORD) && !served.contains("Wrong-Secret-9"));
}

#[tokio::test]
async fn a_password_like_filter_value_is_redacted() {
    let sim = start().await;
    let mut ldap = ldaps(&sim).await;
    ldap.simple_bind(ALICE_DN, ALICE_PASSWORD).await.unwrap();
    ldap.search(
        BASE_DN,
        Scope::Subtree,
        "(userPassword=Alice-Pass-1)",
        vec!["uid"],
    )
    .await
    .unwrap();
    let search = sim
        .requests()
        .into_iter()
        .find(|r| r.method == "SEARCH")
        .unwrap();
    assert_eq!(
        search.query.as_deref(),
        Some(&*format!("(userPassword={REDACTED})"))
    );
}

#[tokio::test]
async fn baton_config_points_at_the_ldaps_port_and_works_as_given() {
    let sim = start().await;
    let config = sim.baton_config();
    assert_eq!(config["DirectoryType"], "ldap");
    assert_eq!(config["LDAPURL"], sim.ldaps_url().unwrap());
    assert_eq!(
        config["LDAPBindTemplate"],
        "uid={username},ou=people,dc=example,dc=test"
    );
    assert_eq!(config["LDAPBaseDN"], BASE_DN);
    assert_eq!(config["LDAPUserFilter"], "(uid={username})");
    assert_eq!(config["ADDomain"], "example.test");

    // What Baton does with those keys: bind with the template, read the entry with the filter.
    let ca = config["TrustedCACertificates"][0].as_str().unwrap();
    let mut ldap = connect(config["LDAPURL"].as_str().unwrap(), ca, false)
        .await
        .unwrap();
    let dn = config["LDAPBindTemplate"]
        .as_str()
        .unwrap()
        .replace("{username}", "alicia");
    assert_eq!(ldap.simple_bind(&dn, "Alicia-Pass-3").await.unwrap().rc, 0);
    let filter = config["LDAPUserFilter"]
        .as_str()
        .unwrap()
        .replace("{username}", "alicia");
    let (entries, _) = ldap
        .search(
            config["LDAPBaseDN"].as_str().unwrap(),
            Scope::Subtree,
            &filter,
            vec!["mail"],
        )
        .await
        .unwrap()
        .success()
        .unwrap();
    assert_eq!(entries.len(), 1);
    let text = config.to_string();
    for user in &sim.seed().directory.users {
        assert!(!text.contains(&user.password), "{}", user.username);
    }
}
