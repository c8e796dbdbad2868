//! The entry read after the bind must be the identity that bound, against the simulator's
//! directory (LDAPS, the demo users): with its "Who am I?" answer (as slapd gives it) and, with
//! WhoAmI turned off, by the bind name alone — for DN, UPN and `EXAMPLE\user` binds. The mismatch
//! case is a `LDAPUserFilter` that finds another person's entry: alice's entry carries
//! `description: badge-bob`, and every bound user may read every entry (as in slapd and AD).

mod support;

use std::time::Duration;

use baton_core::directory::{Directory, DirectoryError, LdapDirectory, LdapOptions};
use baton_core::problem::Problem;
use support::secret;
use uem_sim::{Route, Seed, Sim, SimHandle, SimOptions};

const BOB_PASSWORD: &str = "Bob-Pass-2";
const ALICE_DN: &str = "uid=alice,ou=people,dc=example,dc=test";
const BOB_DN: &str = "uid=bob,ou=people,dc=example,dc=test";

/// The three bind name forms the simulator accepts, as Baton templates.
const TEMPLATES: [&str; 3] = [
    "uid={username},ou=people,dc=example,dc=test",
    "{username}@example.test",
    "EXAMPLE\\{username}",
];

/// The demo directory where bound users read every entry, alice's entry says `badge-bob` and
/// alicia's says `badge-alicia`; WhoAmI on or off.
async fn start(whoami: bool) -> SimHandle {
    let mut seed = Seed::demo();
    seed.directory.whoami = whoami;
    seed.directory.users_read_all = true;
    seed.directory.user_mut("alice").unwrap().description = Some("badge-bob".into());
    seed.directory.user_mut("alicia").unwrap().description = Some("badge-alicia".into());
    Sim::start(seed, SimOptions::default()).await.unwrap()
}

fn options(sim: &SimHandle, template: &str, filter: &str) -> LdapOptions {
    LdapOptions {
        url: sim.ldaps_url().unwrap().to_string(),
        bind_template: template.into(),
        base_dn: "dc=example,dc=test".into(),
        user_filter: filter.into(),
        ad_domain: Some("example.test".into()),
        trusted_ca_pems: vec![sim.ca_pem().to_string()],
        use_platform_roots: false,
        connect_timeout: Duration::from_secs(5),
        operation_timeout: Duration::from_secs(5),
        ..LdapOptions::default()
    }
}

fn directory(sim: &SimHandle, template: &str, filter: &str) -> LdapDirectory {
    LdapDirectory::new(&options(sim, template, filter)).unwrap()
}

/// The result codes of the WhoAmI requests the simulator received, oldest first.
fn whoami_results(sim: &SimHandle) -> Vec<Option<u32>> {
    sim.requests()
        .into_iter()
        .filter(|r| r.route == Route::Ldap && r.method == "WHOAMI")
        .map(|r| r.ldap.unwrap().result_code)
        .collect()
}

/// The LDAP operations logged, once the unbind (sent as Baton returns) has arrived.
async fn methods_until_unbind(sim: &SimHandle) -> Vec<String> {
    for _ in 0..200 {
        let methods: Vec<String> = sim.requests().into_iter().map(|r| r.method).collect();
        if methods.iter().any(|m| m == "UNBIND") {
            return methods;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("no UNBIND: {:?}", sim.requests());
}

#[tokio::test]
async fn the_bound_users_own_entry_is_confirmed_with_and_without_whoami() {
    for whoami in [true, false] {
        let sim = start(whoami).await;
        for template in TEMPLATES {
            for filter in [
                "(uid={username})",
                "(sAMAccountName={username})",
                "(description=badge-{username})",
            ] {
                let (user, password) = if filter.contains("badge") {
                    ("alicia", "Alicia-Pass-3")
                } else {
                    ("bob", BOB_PASSWORD)
                };
                sim.clear_requests();
                let verified = directory(&sim, template, filter)
                    .verify(user, &secret(password))
                    .await
                    .unwrap_or_else(|e| panic!("whoami {whoami}, {template}, {filter}: {e}"));
                assert_eq!(verified.short_name, user, "{template} {filter}");
                assert_eq!(
                    verified.dn,
                    format!("uid={user},ou=people,dc=example,dc=test")
                );
                // Asked once, on the same connection, before the unbind.
                let methods = methods_until_unbind(&sim).await;
                assert_eq!(
                    methods,
                    ["BIND", "SEARCH", "WHOAMI", "UNBIND"],
                    "{template} {filter}"
                );
                let expected = if whoami { 0 } else { 2 };
                assert_eq!(whoami_results(&sim), [Some(expected)]);
            }
        }
    }
}

#[tokio::test]
async fn the_bound_dn_read_without_a_filter_passes_trivially() {
    for whoami in [true, false] {
        let sim = start(whoami).await;
        let mut o = options(&sim, TEMPLATES[0], "");
        o.base_dn.clear();
        let verified = LdapDirectory::new(&o)
            .unwrap()
            .verify("bob", &secret(BOB_PASSWORD))
            .await
            .unwrap_or_else(|e| panic!("whoami {whoami}: {e}"));
        assert_eq!(verified.dn, BOB_DN);
        assert_eq!(whoami_results(&sim).len(), 1, "still checked");
    }
}

/// Bob's right password with a filter that finds alice's entry: without the check this would be
/// a `VerifiedUser` for alice.
#[tokio::test]
async fn a_filter_that_finds_another_persons_entry_is_an_identity_mismatch() {
    for whoami in [true, false] {
        let sim = start(whoami).await;
        for template in TEMPLATES {
            let dir = directory(&sim, template, "(description=badge-{username})");
            let result = dir.verify("bob", &secret(BOB_PASSWORD)).await;
            let detail = match &result {
                Err(DirectoryError::IdentityMismatch { detail }) => detail.clone(),
                other => panic!("whoami {whoami}, {template}: expected a mismatch, got {other:?}"),
            };
            assert!(detail.contains(ALICE_DN), "names the entry: {detail}");
            assert!(detail.contains("bob"), "names the bound identity: {detail}");
            assert!(!detail.contains(BOB_PASSWORD));
            let err = result.unwrap_err();
            let facing = err.user_facing();
            assert_eq!(facing.code, "DIR-320");
            assert_eq!(facing.exit.code(), 2, "a configuration error");
            assert!(!err.is_credential_rejection(), "not the person's doing");
        }
        // The check compares identities, not filters: the same filter works for alicia, whose
        // own entry carries her badge.
        let alicia = directory(&sim, TEMPLATES[1], "(description=badge-{username})")
            .verify("alicia", &secret("Alicia-Pass-3"))
            .await
            .unwrap();
        assert_eq!(alicia.short_name, "alicia");
    }
}

#[tokio::test]
async fn the_log_says_how_the_identity_was_confirmed() {
    support::capture_logs();
    // lena is nobody else's user in this binary: her lines are this test's.
    let mut seed = Seed::demo();
    seed.directory.users.push(uem_sim::DirectoryUser {
        username: "lena".into(),
        password: "Lena-Pass-7".into(),
        state: Default::default(),
        first_name: Some("Lena".into()),
        last_name: Some("Lind".into()),
        email: None,
        description: None,
    });
    let sim = Sim::start(seed, SimOptions::default()).await.unwrap();
    let cases = [
        (true, TEMPLATES[0], "whoami-dn"),
        (false, TEMPLATES[0], "bind-dn"),
        (false, TEMPLATES[1], "bind-upn"),
        (false, TEMPLATES[2], "bind-user"),
    ];
    for (whoami, template, method) in cases {
        sim.set_whoami(whoami);
        directory(&sim, template, "(uid={username})")
            .verify("lena", &secret("Lena-Pass-7"))
            .await
            .unwrap();
        let logs = support::captured_logs();
        let line = logs
            .lines()
            .rfind(|l| l.contains("directory identity confirmed") && l.contains("user=lena"))
            .unwrap_or_else(|| panic!("no confirmation line:\n{logs}"));
        assert!(
            line.contains(&format!("confirmed_by={method}")),
            "{template}, whoami {whoami}: {line}"
        );
        assert!(!logs.contains("Lena-Pass-7"));
    }
}
