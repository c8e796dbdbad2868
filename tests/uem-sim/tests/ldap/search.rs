//! Search after the bind: the user's own entry, nothing else (every user's with
//! `users_read_all`); anonymous reads refused.

use std::collections::HashMap;

use ldap3::{ldap_escape, Ldap, Scope, SearchEntry, SearchOptions};
use uem_sim::Seed;

use crate::common::*;

const ATTRIBUTES: [&str; 8] = [
    "uid",
    "sAMAccountName",
    "userPrincipalName",
    "mail",
    "cn",
    "displayName",
    "givenName",
    "sn",
];

async fn as_alice(sim: &uem_sim::SimHandle) -> Ldap {
    let mut ldap = ldaps(sim).await;
    let result = ldap.simple_bind(ALICE_DN, ALICE_PASSWORD).await.unwrap();
    assert_eq!(result.rc, 0);
    ldap
}

/// Runs a subtree search under the base DN and returns the entries (the search must succeed).
async fn find(ldap: &mut Ldap, filter: &str, attrs: Vec<&str>) -> Vec<SearchEntry> {
    let (entries, _) = ldap
        .search(BASE_DN, Scope::Subtree, filter, attrs)
        .await
        .unwrap()
        .success()
        .unwrap();
    entries.into_iter().map(SearchEntry::construct).collect()
}

#[tokio::test]
async fn a_bound_user_reads_their_own_entry() {
    let sim = start().await;
    let mut ldap = as_alice(&sim).await;
    let entries = find(&mut ldap, "(uid=alice)", ATTRIBUTES.to_vec()).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].dn, ALICE_DN);
    let expected: HashMap<String, Vec<String>> = [
        ("uid", "alice"),
        ("sAMAccountName", "alice"),
        ("userPrincipalName", "alice@example.test"),
        ("mail", "alice@example.test"),
        ("cn", "Alice Adams"),
        ("displayName", "Alice Adams"),
        ("givenName", "Alice"),
        ("sn", "Adams"),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_string(), vec![value.to_string()]))
    .collect();
    assert_eq!(entries[0].attrs, expected);
}

#[tokio::test]
async fn the_filters_baton_uses_find_the_entry_without_regard_to_case() {
    let sim = start().await;
    let mut ldap = as_alice(&sim).await;
    for filter in [
        "(uid=ALICE)",
        "(sAMAccountName=alice)",
        "(userPrincipalName=Alice@Example.TEST)",
        "(mail=alice@example.test)",
        "(|(uid=alice@example.test)(mail=alice@example.test)(userPrincipalName=alice@example.test))",
        "(&(objectClass=person)(sAMAccountName=alice))",
    ] {
        let entries = find(&mut ldap, filter, vec!["1.1"]).await;
        assert_eq!(entries.len(), 1, "{filter}");
        assert_eq!(entries[0].dn, ALICE_DN, "{filter}");
        assert!(entries[0].attrs.is_empty(), "1.1 asks for no attributes");
    }
    let only_mail = find(&mut ldap, "(uid=alice)", vec!["MAIL"]).await;
    assert_eq!(only_mail[0].attrs.keys().collect::<Vec<_>>(), ["mail"]);
}

#[tokio::test]
async fn other_users_entries_stay_invisible() {
    let sim = start().await;
    let mut ldap = as_alice(&sim).await;
    assert!(find(&mut ldap, "(uid=bob)", vec!["uid"]).await.is_empty());
    assert!(find(&mut ldap, "(|(uid=bob)(uid=alicia))", vec!["uid"])
        .await
        .is_empty());
    let everyone = find(&mut ldap, "(uid=*)", vec!["uid"]).await;
    let dns: Vec<_> = everyone.iter().map(|e| e.dn.as_str()).collect();
    assert_eq!(dns, [ALICE_DN]);
    let bob = ldap
        .search(
            "uid=bob,ou=people,dc=example,dc=test",
            Scope::Base,
            "(objectClass=*)",
            vec!["uid"],
        )
        .await
        .unwrap();
    assert_eq!(bob.1.rc, 32, "another user's DN looks like no entry");
    assert!(bob.0.is_empty());
}

#[tokio::test]
async fn escaped_filter_values_are_literal() {
    let sim = start().await;
    let mut ldap = as_alice(&sim).await;
    // `\2a` is a literal star, not a wildcard (RFC 4515), decoded by the client into the BER.
    assert!(find(&mut ldap, r"(uid=\2a)", vec!["uid"]).await.is_empty());
    let injected = format!("(uid={})", ldap_escape("alice)(uid=*"));
    assert!(find(&mut ldap, &injected, vec!["uid"]).await.is_empty());
    let escaped = format!("(uid={})", ldap_escape("alice"));
    assert_eq!(find(&mut ldap, &escaped, vec!["uid"]).await.len(), 1);
}

#[tokio::test]
async fn an_anonymous_search_is_refused() {
    let sim = start().await;
    let mut ldap = ldaps(&sim).await;
    let search = ldap
        .search(BASE_DN, Scope::Subtree, "(uid=alice)", vec!["uid"])
        .await
        .unwrap();
    assert_eq!(search.1.rc, 50);
    assert!(search.0.is_empty());
    assert_eq!(
        ldap.simple_bind("", "").await.unwrap().rc,
        0,
        "anonymous bind"
    );
    let search = ldap
        .search(BASE_DN, Scope::Subtree, "(uid=alice)", vec!["uid"])
        .await
        .unwrap();
    assert_eq!(search.1.rc, 50);
}

#[tokio::test]
async fn anyone_reads_the_root_dse() {
    let sim = start().await;
    let mut ldap = ldaps(&sim).await;
    let (entries, _) = ldap
        .search("", Scope::Base, "(objectClass=*)", vec!["*"])
        .await
        .unwrap()
        .success()
        .unwrap();
    let root = SearchEntry::construct(entries.into_iter().next().unwrap());
    assert_eq!(root.attrs["namingContexts"], [BASE_DN]);
    assert!(root.attrs["supportedExtension"].contains(&"1.3.6.1.4.1.1466.20037".to_string()));
}

#[tokio::test]
async fn a_search_outside_the_directory_finds_no_such_object() {
    let sim = start().await;
    let mut ldap = as_alice(&sim).await;
    let search = ldap
        .search(
            "dc=elsewhere,dc=test",
            Scope::Subtree,
            "(uid=alice)",
            vec!["uid"],
        )
        .await
        .unwrap();
    assert_eq!(search.1.rc, 32);
}

#[tokio::test]
async fn starttls_search_reads_the_own_entry() {
    let sim = start().await;
    let mut ldap = starttls(&sim).await;
    assert_eq!(
        ldap.simple_bind("bob@example.test", "Bob-Pass-2")
            .await
            .unwrap()
            .rc,
        0
    );
    let entries = find(
        &mut ldap,
        "(userPrincipalName=bob@example.test)",
        vec!["mail", "cn"],
    )
    .await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].dn, "uid=bob,ou=people,dc=example,dc=test");
    assert_eq!(entries[0].attrs["mail"], ["bob@example.test"]);
    assert_eq!(entries[0].attrs["cn"], ["Bob Brown"]);
    ldap.unbind().await.unwrap();
}

/// `users_read_all` (slapd's `by users read`, AD's default): a bound user's filter can find
/// another person's entry, e.g. through a `description` that names someone else. The client's
/// size limit holds.
#[tokio::test]
async fn with_users_read_all_a_filter_can_find_another_users_entry() {
    let mut seed = Seed::demo();
    seed.directory.users_read_all = true;
    seed.directory.user_mut("alice").unwrap().description = Some("badge-bob".into());
    let sim = start_with(seed).await;
    let mut ldap = starttls(&sim).await;
    assert_eq!(
        ldap.simple_bind("uid=bob,ou=people,dc=example,dc=test", "Bob-Pass-2")
            .await
            .unwrap()
            .rc,
        0
    );
    let found = find(
        &mut ldap,
        "(description=badge-bob)",
        vec!["uid", "description"],
    )
    .await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].dn, ALICE_DN, "alice's entry, read by bob");
    assert_eq!(found[0].attrs["description"], ["badge-bob"]);
    let own = find(&mut ldap, "(uid=bob)", vec!["description"]).await;
    assert_eq!(own.len(), 1);
    assert!(own[0].attrs.is_empty(), "bob's entry has no description");
    let alice = ldap
        .search(ALICE_DN, Scope::Base, "(objectClass=*)", vec!["uid"])
        .await
        .unwrap()
        .success()
        .unwrap();
    assert_eq!(alice.0.len(), 1, "another user's DN is a base now");

    let everyone = find(&mut ldap, "(uid=*)", vec!["1.1"]).await;
    assert_eq!(everyone.len(), 6, "every directory user");
    let ldap3::SearchResult(entries, done) = ldap
        .with_search_options(SearchOptions::new().sizelimit(2))
        .search(BASE_DN, Scope::Subtree, "(uid=*)", vec!["1.1"])
        .await
        .unwrap();
    assert_eq!(done.rc, 4, "sizeLimitExceeded");
    assert_eq!(entries.len(), 2);
}
