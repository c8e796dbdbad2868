//! A directory where people read only their own entry, for the bind forms slapd cannot take: the
//! simulator's directory with `self_only` (the base DN and the people container are invisible
//! too, as with slapd's `access to * by self read by anonymous auth by * none`). A UPN or
//! `EXAMPLE\user` bind names no DN, so Baton reads the entry at the DN the server's "Who am I?"
//! answer names; without WhoAmI there is no DN to read and the verification ends in DIR-310.

mod support;

use std::time::Duration;

use baton_core::directory::{Directory, DirectoryError, LdapDirectory, LdapOptions};
use baton_core::problem::Problem;
use support::secret;
use uem_sim::{Route, Seed, Sim, SimHandle, SimOptions};

const ALICE_PASSWORD: &str = "Alice-Pass-1";
const ALICE_DN: &str = "uid=alice,ou=people,dc=example,dc=test";

const TEMPLATES: [&str; 3] = [
    "uid={username},ou=people,dc=example,dc=test",
    "{username}@example.test",
    "EXAMPLE\\{username}",
];

async fn start(whoami: bool) -> SimHandle {
    let mut seed = Seed::demo();
    seed.directory.whoami = whoami;
    seed.directory.self_only = true;
    Sim::start(seed, SimOptions::default()).await.unwrap()
}

fn directory(sim: &SimHandle, template: &str) -> LdapDirectory {
    LdapDirectory::new(&LdapOptions {
        url: sim.ldaps_url().unwrap().to_string(),
        bind_template: template.into(),
        base_dn: "dc=example,dc=test".into(),
        user_filter: "(uid={username})".into(),
        ad_domain: Some("example.test".into()),
        trusted_ca_pems: vec![sim.ca_pem().to_string()],
        use_platform_roots: false,
        connect_timeout: Duration::from_secs(5),
        operation_timeout: Duration::from_secs(5),
        ..LdapOptions::default()
    })
    .unwrap()
}

/// The searches the simulator answered: (scope as logged, result code).
fn searches(sim: &SimHandle) -> Vec<Option<u32>> {
    sim.requests()
        .into_iter()
        .filter(|r| r.route == Route::Ldap && r.method == "SEARCH")
        .map(|r| r.ldap.unwrap().result_code)
        .collect()
}

fn whoamis(sim: &SimHandle) -> usize {
    sim.requests()
        .into_iter()
        .filter(|r| r.route == Route::Ldap && r.method == "WHOAMI")
        .count()
}

#[tokio::test]
async fn every_bind_form_reads_the_own_entry_at_the_dn_whoami_names() {
    let sim = start(true).await;
    for template in TEMPLATES {
        sim.clear_requests();
        let user = directory(&sim, template)
            .verify("alice", &secret(ALICE_PASSWORD))
            .await
            .unwrap_or_else(|e| panic!("{template}: {e} ({})", e.user_facing().code));
        assert_eq!(user.dn, ALICE_DN, "{template}");
        assert_eq!(user.short_name, "alice");
        // The subtree search saw nothing (32); the base read at alice's DN found her.
        let results = searches(&sim);
        assert_eq!(results.first(), Some(&Some(32)), "{template}: {results:?}");
        assert!(results.contains(&Some(0)), "{template}: {results:?}");
        // WhoAmI asked once: the answer that named the DN also confirmed the identity.
        assert_eq!(whoamis(&sim), 1, "{template}");
    }
}

#[tokio::test]
async fn without_whoami_only_a_dn_bind_can_read_the_own_entry() {
    let sim = start(false).await;
    let user = directory(&sim, TEMPLATES[0])
        .verify("alice", &secret(ALICE_PASSWORD))
        .await
        .unwrap();
    assert_eq!(user.dn, ALICE_DN);
    for template in &TEMPLATES[1..] {
        let err = directory(&sim, template)
            .verify("alice", &secret(ALICE_PASSWORD))
            .await
            .unwrap_err();
        match &err {
            DirectoryError::EntryUnavailable { detail } => {
                assert!(detail.contains("names no DN"), "{template}: {detail}")
            }
            other => panic!("{template}: {other:?}"),
        }
        assert_eq!(err.user_facing().code, "DIR-310");
    }
}
