//! Simple binds: slapd's result codes, AD's bind names and diagnostic sub-codes.

use ldap3::exop::{WhoAmI, WhoAmIResp};
use ldap3::Scope;
use uem_sim::{AccountState, Seed};

use crate::common::*;

#[tokio::test]
async fn ldaps_bind_with_the_right_password_succeeds() {
    let sim = start().await;
    let mut ldap = ldaps(&sim).await;
    let result = ldap.simple_bind(ALICE_DN, ALICE_PASSWORD).await.unwrap();
    assert_eq!(result.rc, 0, "{result:?}");
    let (exop, _) = ldap.extended(WhoAmI).await.unwrap().success().unwrap();
    assert_eq!(exop.parse::<WhoAmIResp>().authzid, format!("dn:{ALICE_DN}"));
    ldap.unbind().await.unwrap();
}

#[tokio::test]
async fn every_demo_user_binds_with_their_password() {
    let sim = start().await;
    for (user, password) in [
        ("alice", "Alice-Pass-1"),
        ("bob", "Bob-Pass-2"),
        ("alicia", "Alicia-Pass-3"),
    ] {
        let dn = format!("uid={user},ou=people,dc=example,dc=test");
        assert_eq!(bind(&sim, &dn, password).await.rc, 0, "{user}");
        assert_eq!(bind(&sim, &dn, "Alice-Pass-1x").await.rc, 49, "{user}");
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_invalid_credentials() {
    let sim = start().await;
    let wrong = bind(&sim, ALICE_DN, "Alice-Pass-2").await;
    assert_eq!(wrong.rc, 49);
    assert_eq!(wrong.text, ad_diagnostic("52e"));
    for unknown in [
        "uid=mallory,ou=people,dc=example,dc=test",
        "uid=staging,ou=people,dc=example,dc=test",
        "mallory@example.test",
        "EXAMPLE\\mallory",
    ] {
        let result = bind(&sim, unknown, ALICE_PASSWORD).await;
        assert_eq!(
            (result.rc, &result.text),
            (wrong.rc, &wrong.text),
            "{unknown}"
        );
    }
}

#[tokio::test]
async fn a_dn_with_an_empty_password_is_unwilling_to_perform() {
    let sim = start().await;
    let result = bind(&sim, ALICE_DN, "").await;
    assert_eq!(result.rc, 53);
    assert_eq!(
        result.text,
        "unauthenticated bind (DN with no password) disallowed"
    );
}

#[tokio::test]
async fn upn_and_down_level_names_bind_like_active_directory() {
    let sim = start().await;
    for name in [
        "alice@example.test",
        "ALICE@Example.Test",
        "EXAMPLE\\alice",
        "example\\Alice",
    ] {
        let mut ldap = ldaps(&sim).await;
        let result = ldap.simple_bind(name, ALICE_PASSWORD).await.unwrap();
        assert_eq!(result.rc, 0, "{name}: {result:?}");
        let (exop, _) = ldap.extended(WhoAmI).await.unwrap().success().unwrap();
        assert_eq!(exop.parse::<WhoAmIResp>().authzid, format!("dn:{ALICE_DN}"));
    }
    for wrong_domain in ["alice@other.test", "OTHER\\alice"] {
        let result = bind(&sim, wrong_domain, ALICE_PASSWORD).await;
        assert_eq!(result.rc, 49, "{wrong_domain}");
    }
    assert_eq!(bind(&sim, "alice@example.test", "nope").await.rc, 49);
}

#[tokio::test]
async fn a_name_that_is_not_a_dn_is_invalid_dn_syntax() {
    let sim = start().await;
    let result = bind(&sim, "alice", ALICE_PASSWORD).await;
    assert_eq!(result.rc, 34, "{result:?}");
}

#[tokio::test]
async fn starttls_bind_succeeds() {
    let sim = start().await;
    let mut ldap = starttls(&sim).await;
    let result = ldap.simple_bind(ALICE_DN, ALICE_PASSWORD).await.unwrap();
    assert_eq!(result.rc, 0, "{result:?}");
    assert_eq!(
        ldap.simple_bind(ALICE_DN, "wrong").await.unwrap().rc,
        49,
        "the same rules after StartTLS"
    );
}

#[tokio::test]
async fn a_bind_on_the_plain_port_without_starttls_needs_stronger_auth() {
    let sim = start().await;
    let mut ldap = connect(sim.ldap_url().unwrap(), sim.ca_pem(), false)
        .await
        .unwrap();
    let result = ldap.simple_bind(ALICE_DN, ALICE_PASSWORD).await.unwrap();
    assert_eq!(result.rc, 8, "{result:?}");
    assert!(result.text.contains("SSL\\TLS"), "{}", result.text);
    let search = ldap
        .search(BASE_DN, Scope::Subtree, "(uid=alice)", vec!["uid"])
        .await
        .unwrap();
    assert_eq!(search.1.rc, 13, "no reading in plaintext either");
    assert!(search.0.is_empty());
}

#[tokio::test]
async fn account_states_answer_with_ad_sub_codes() {
    let cases = [
        ("disabled", AccountState::Disabled, "533"),
        ("locked", AccountState::Locked, "775"),
        ("password_expired", AccountState::PasswordExpired, "532"),
        (
            "must_change_password",
            AccountState::MustChangePassword,
            "773",
        ),
        ("account_expired", AccountState::AccountExpired, "701"),
    ];
    let users: Vec<String> = cases
        .iter()
        .map(|(name, ..)| {
            format!(r#"{{"username": "{name}", "password": "Pw-{name}", "state": "{name}"}}"#)
        })
        .collect();
    let seed = Seed::from_json(&format!(
        r#"{{"directory": {{"users": [{}]}}}}"#,
        users.join(",")
    ))
    .unwrap();
    let sim = start_with(seed).await;
    for (name, state, data) in cases {
        assert_eq!(sim.seed().directory.user(name).unwrap().state, state);
        let dn = format!("uid={name},ou=people,dc=example,dc=test");
        let right = bind(&sim, &dn, &format!("Pw-{name}")).await;
        assert_eq!((right.rc, right.text), (49, ad_diagnostic(data)), "{name}");
        let wrong = bind(&sim, &dn, "wrong").await;
        let expected = if state == AccountState::Locked {
            data
        } else {
            "52e"
        };
        assert_eq!(
            (wrong.rc, wrong.text),
            (49, ad_diagnostic(expected)),
            "{name}, wrong password"
        );
    }
}

#[tokio::test]
async fn the_demo_has_a_disabled_and_a_locked_account() {
    let sim = start().await;
    let carol = bind(&sim, "carol@example.test", "Carol-Pass-4").await;
    assert_eq!((carol.rc, carol.text), (49, ad_diagnostic("533")));
    let dave = bind(&sim, "EXAMPLE\\dave", "Dave-Pass-5").await;
    assert_eq!((dave.rc, dave.text), (49, ad_diagnostic("775")));
}

#[tokio::test]
async fn a_test_can_lock_an_account_and_reset_brings_it_back() {
    let sim = start().await;
    assert!(sim.set_account_state("Alice", AccountState::Locked));
    assert!(!sim.set_account_state("mallory", AccountState::Locked));
    let locked = bind(&sim, ALICE_DN, ALICE_PASSWORD).await;
    assert_eq!((locked.rc, locked.text), (49, ad_diagnostic("775")));
    assert_eq!(
        sim.state().directory.user("alice").unwrap().state,
        AccountState::Locked
    );
    sim.reset();
    assert_eq!(bind(&sim, ALICE_DN, ALICE_PASSWORD).await.rc, 0);
}

#[tokio::test]
async fn a_failed_bind_leaves_the_connection_anonymous() {
    let sim = start().await;
    let mut ldap = ldaps(&sim).await;
    assert_eq!(
        ldap.simple_bind(ALICE_DN, ALICE_PASSWORD).await.unwrap().rc,
        0
    );
    assert_eq!(ldap.simple_bind(ALICE_DN, "wrong").await.unwrap().rc, 49);
    let search = ldap
        .search(BASE_DN, Scope::Subtree, "(uid=alice)", vec!["uid"])
        .await
        .unwrap();
    assert_eq!(search.1.rc, 50);
    let (exop, _) = ldap.extended(WhoAmI).await.unwrap().success().unwrap();
    assert_eq!(exop.parse::<WhoAmIResp>().authzid, "");
}

#[tokio::test]
async fn whoami_names_the_bound_dn_for_every_bind_name_form() {
    let sim = start().await;
    for name in [ALICE_DN, "alice@example.test", "EXAMPLE\\alice"] {
        let mut ldap = ldaps(&sim).await;
        assert_eq!(ldap.simple_bind(name, ALICE_PASSWORD).await.unwrap().rc, 0);
        let (exop, _) = ldap.extended(WhoAmI).await.unwrap().success().unwrap();
        assert_eq!(
            exop.parse::<WhoAmIResp>().authzid,
            format!("dn:{ALICE_DN}"),
            "{name}"
        );
    }
}

/// `directory.whoami: false` plays a server without RFC 4532: protocolError, as for any
/// operation it does not know, and the root DSE does not list it. A test can switch it.
#[tokio::test]
async fn whoami_can_be_turned_off_like_a_server_without_it() {
    let mut seed = Seed::demo();
    seed.directory.whoami = false;
    let sim = start_with(seed).await;
    let mut ldap = ldaps(&sim).await;
    assert_eq!(
        ldap.simple_bind(ALICE_DN, ALICE_PASSWORD).await.unwrap().rc,
        0
    );
    let result = ldap.extended(WhoAmI).await.unwrap();
    assert_eq!(result.1.rc, 2, "protocolError: {:?}", result.1);
    assert!(result.0.val.is_none());
    let (entries, _) = ldap
        .search(
            "",
            Scope::Base,
            "(objectClass=*)",
            vec!["supportedExtension"],
        )
        .await
        .unwrap()
        .success()
        .unwrap();
    let root = ldap3::SearchEntry::construct(entries.into_iter().next().unwrap());
    assert_eq!(
        root.attrs["supportedExtension"],
        ["1.3.6.1.4.1.1466.20037"],
        "StartTLS only"
    );
    let logged: Vec<_> = sim
        .requests()
        .into_iter()
        .filter(|r| r.method == "WHOAMI")
        .map(|r| r.ldap.unwrap().result_code)
        .collect();
    assert_eq!(logged, [Some(2)]);

    sim.set_whoami(true);
    let (exop, _) = ldap.extended(WhoAmI).await.unwrap().success().unwrap();
    assert_eq!(exop.parse::<WhoAmIResp>().authzid, format!("dn:{ALICE_DN}"));
    sim.reset();
    assert_eq!(ldap.extended(WhoAmI).await.unwrap().1.rc, 2, "the seed's");
}
