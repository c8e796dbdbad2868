//! Directory verification against a real OpenLDAP slapd with TLS (LDAPS and StartTLS), started by
//! `tests/fixtures/ldap/slapd.sh`. Skips with a printed reason when slapd is not installed.

mod support;

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use baton_core::directory::{
    Directory, DirectoryError, LdapDirectory, Throttle, ThrottleOptions, ThrottledDirectory,
};
use baton_core::problem::Problem;
use support::{secret, slapd, slapd_options, Fixture, SlapdUsers};

fn ldaps(f: &Fixture) -> LdapDirectory {
    LdapDirectory::new(&slapd_options(f, &f.var("BATON_TEST_SLAPD_LDAPS_URL"))).unwrap()
}

fn starttls(f: &Fixture) -> LdapDirectory {
    LdapDirectory::new(&slapd_options(f, &f.var("BATON_TEST_SLAPD_LDAP_URL"))).unwrap()
}

fn port_of(url: &str) -> u16 {
    url.rsplit(':').next().unwrap().parse().unwrap()
}

fn tls_detail(result: Result<baton_core::directory::VerifiedUser, DirectoryError>) -> String {
    match result {
        Err(DirectoryError::Tls { detail }) => detail,
        other => panic!("expected a TLS failure, got {other:?}"),
    }
}

#[tokio::test]
async fn good_password_over_ldaps_reads_the_users_entry() {
    let Some(f) = slapd() else { return };
    let (uid, pw) = SlapdUsers::ALICE;
    let user = ldaps(f).verify(uid, &secret(pw)).await.unwrap();
    assert_eq!(user.short_name, "alice");
    assert_eq!(user.dn, "uid=alice,ou=people,dc=example,dc=test");
    assert_eq!(user.upn.as_deref(), Some("alice@example.test"));
    assert_eq!(user.email.as_deref(), Some("alice@example.test"));
    assert_eq!(user.display_name.as_deref(), Some("alice Test"));
    assert_eq!(user.domain.as_deref(), Some("example.test"));
    assert_eq!(user.realm.as_deref(), Some("EXAMPLE.TEST"));
}

#[tokio::test]
async fn good_password_over_starttls() {
    let Some(f) = slapd() else { return };
    let (uid, pw) = SlapdUsers::BOB; // {SSHA512}
    let user = starttls(f).verify(uid, &secret(pw)).await.unwrap();
    assert_eq!(user.short_name, "bob");
    let (uid, pw) = SlapdUsers::CAROL; // {ARGON2}, UTF-8 with a space
    assert_eq!(
        starttls(f)
            .verify(uid, &secret(pw))
            .await
            .unwrap()
            .short_name,
        "carol"
    );
}

#[tokio::test]
async fn every_accepted_username_form_reaches_the_same_entry() {
    let Some(f) = slapd() else { return };
    let dir = ldaps(f);
    let (_, pw) = SlapdUsers::ALICE;
    for typed in ["alice", "  ALICE ", "Alice@Example.Test", "EXAMPLE\\alice"] {
        let user = dir
            .verify(typed, &secret(pw))
            .await
            .unwrap_or_else(|e| panic!("{typed:?}: {e}"));
        assert_eq!(
            user.dn, "uid=alice,ou=people,dc=example,dc=test",
            "{typed:?}"
        );
    }
    // Unicode case folding: the uid is "jürgen".
    let (_, pw) = SlapdUsers::JUERGEN;
    let user = dir.verify("JÜRGEN", &secret(pw)).await.unwrap();
    assert_eq!(user.short_name, "jürgen");
    // Decomposed input (u + combining diaeresis, as pasted from a macOS file name) verifies the
    // same person. (slapd also normalises DNs itself; that Baton composes before binding, and
    // so keys its attempt limit on one spelling, is proven in username.rs and throttle.rs.)
    let user = dir.verify("JU\u{308}RGEN", &secret(pw)).await.unwrap();
    assert_eq!(user.short_name, "jürgen");
}

#[tokio::test]
async fn wrong_password_and_unknown_user_are_indistinguishable() {
    let Some(f) = slapd() else { return };
    let dir = ldaps(f);
    let wrong = dir
        .verify("alice", &secret("Alice-Pass-2"))
        .await
        .unwrap_err();
    let unknown = dir
        .verify("nobody-here", &secret("Alice-Pass-1"))
        .await
        .unwrap_err();
    assert_eq!(wrong, DirectoryError::InvalidCredentials);
    assert_eq!(unknown, DirectoryError::InvalidCredentials);
    assert_eq!(wrong.user_facing(), unknown.user_facing());
    assert_eq!(wrong.user_facing().exit.code(), 3);
    assert_eq!(wrong.user_facing().code, "DIR-049");
}

#[tokio::test]
async fn password_is_used_exactly_as_typed() {
    let Some(f) = slapd() else { return };
    let dir = starttls(f);
    let (uid, pw) = SlapdUsers::ALICE;
    for variant in [
        format!(" {pw}"),
        format!("{pw} "),
        pw.to_lowercase(),
        pw.to_uppercase(),
    ] {
        assert_eq!(
            dir.verify(uid, &secret(&variant)).await,
            Err(DirectoryError::InvalidCredentials),
            "{variant:?} must not be accepted for {pw:?}"
        );
    }
}

#[tokio::test]
async fn unicode_password_of_200_characters() {
    let Some(f) = slapd() else { return };
    let pw = SlapdUsers::unicode_200();
    assert!(pw.len() > 200, "multi-byte: {} bytes", pw.len());
    let dir = ldaps(f);
    assert_eq!(
        dir.verify("uma", &secret(&pw)).await.unwrap().short_name,
        "uma"
    );
    // Its leading and trailing spaces are part of it.
    assert_eq!(
        dir.verify("uma", &secret(pw.trim())).await,
        Err(DirectoryError::InvalidCredentials)
    );
    // And a 300-character ASCII one.
    let long = SlapdUsers::long_300();
    assert_eq!(
        dir.verify("lena", &secret(&long)).await.unwrap().short_name,
        "lena"
    );
}

#[tokio::test]
async fn filter_injection_in_the_username_stays_literal() {
    let Some(f) = slapd() else { return };
    let dir = ldaps(f);
    let (_, alice_pw) = SlapdUsers::ALICE;
    for evil in ["*)(uid=*", "*", "alice)(|(uid=*", "*)(objectClass=*"] {
        assert_eq!(
            dir.verify(evil, &secret(alice_pw)).await,
            Err(DirectoryError::InvalidCredentials),
            "{evil:?}"
        );
    }
    // A uid that really contains filter metacharacters: without escaping, (uid=eve*(x)) would not
    // even parse, and (uid=eve*) would match eve-admin too.
    let (uid, pw) = SlapdUsers::EVE_STAR;
    let user = dir.verify(uid, &secret(pw)).await.unwrap();
    assert_eq!(user.dn, "uid=eve*(x),ou=people,dc=example,dc=test");
    assert_eq!(user.short_name, "eve*(x)");
}

#[tokio::test]
async fn the_bound_entry_itself_is_read_without_a_filter() {
    let Some(f) = slapd() else { return };
    let mut o = slapd_options(f, &f.var("BATON_TEST_SLAPD_LDAPS_URL"));
    o.base_dn.clear();
    o.user_filter.clear();
    let dir = LdapDirectory::new(&o).unwrap();
    let user = dir
        .verify("alice", &secret(SlapdUsers::ALICE.1))
        .await
        .unwrap();
    assert_eq!(user.dn, "uid=alice,ou=people,dc=example,dc=test");
}

#[tokio::test]
async fn filter_matching_nobody_is_reported_as_unreadable_entry() {
    let Some(f) = slapd() else { return };
    let mut o = slapd_options(f, &f.var("BATON_TEST_SLAPD_LDAPS_URL"));
    o.user_filter = "(mail={username})".into(); // mail is alice@example.test, never "alice"
    let dir = LdapDirectory::new(&o).unwrap();
    let err = dir
        .verify("alice", &secret(SlapdUsers::ALICE.1))
        .await
        .unwrap_err();
    assert!(
        matches!(err, DirectoryError::EntryUnavailable { .. }),
        "{err:?}"
    );
    assert_eq!(err.user_facing().code, "DIR-310");
}

/// What slapd answers to "Who am I?" (RFC 4532) after the bind Baton makes, asked directly.
async fn slapd_whoami(f: &Fixture, dn: &str, password: &str) -> String {
    let (rc, text, value) = support::whoami(
        &f.pem("BATON_TEST_SLAPD_CA"),
        &f.var("BATON_TEST_SLAPD_LDAPS_URL"),
        dn,
        password,
    )
    .await;
    assert_eq!(rc, 0, "slapd answers WhoAmI: {text}");
    value.unwrap_or_default()
}

#[tokio::test]
async fn good_password_is_confirmed_by_slapds_whoami() {
    let Some(f) = slapd() else { return };
    let (uid, pw) = SlapdUsers::JUERGEN;
    let answer = slapd_whoami(f, "uid=jürgen,ou=people,dc=example,dc=test", pw).await;
    eprintln!("slapd WhoAmI answer: {answer:?}");
    assert_eq!(answer, "dn:uid=jürgen,ou=people,dc=example,dc=test");
    for dir in [ldaps(f), starttls(f)] {
        let user = dir.verify(uid, &secret(pw)).await.unwrap();
        assert_eq!(user.dn, "uid=jürgen,ou=people,dc=example,dc=test");
    }
    // Every confirmation of jürgen in this binary (another test verifies him too) used WhoAmI.
    let logs = support::captured_logs();
    let confirmed: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("directory identity confirmed") && l.contains("user=jürgen"))
        .collect();
    assert!(confirmed.len() >= 2, "{logs}");
    assert!(
        confirmed
            .iter()
            .all(|l| l.contains("confirmed_by=whoami-dn")),
        "{confirmed:?}"
    );
}

/// carol's entry says `description: badge-bob`; a filter on it finds carol's entry for bob,
/// whose password is right. That must not become a `VerifiedUser` for carol.
#[tokio::test]
async fn a_filter_that_finds_another_users_entry_is_an_identity_mismatch() {
    let Some(f) = slapd() else { return };
    for key in ["BATON_TEST_SLAPD_LDAPS_URL", "BATON_TEST_SLAPD_LDAP_URL"] {
        let mut o = slapd_options(f, &f.var(key));
        o.user_filter = "(description=badge-{username})".into();
        let dir = LdapDirectory::new(&o).unwrap();
        let err = dir
            .verify("bob", &secret(SlapdUsers::BOB.1))
            .await
            .unwrap_err();
        match &err {
            DirectoryError::IdentityMismatch { detail } => {
                assert!(
                    detail.contains("uid=carol,ou=people,dc=example,dc=test")
                        && detail.contains("uid=bob,ou=people,dc=example,dc=test"),
                    "{detail}"
                );
            }
            other => panic!("{key}: expected a mismatch, got {other:?}"),
        }
        assert_eq!(err.user_facing().code, "DIR-320");
        assert_eq!(err.user_facing().exit.code(), 2);
        // The same filter for a user whose own entry carries her badge.
        let alice = dir
            .verify("alice", &secret(SlapdUsers::ALICE.1))
            .await
            .unwrap();
        assert_eq!(alice.dn, "uid=alice,ou=people,dc=example,dc=test");
    }
}

#[tokio::test]
async fn upn_bind_on_openldap_is_a_configuration_error() {
    let Some(f) = slapd() else { return };
    let mut o = slapd_options(f, &f.var("BATON_TEST_SLAPD_LDAPS_URL"));
    o.bind_template = "{username}@example.test".into();
    let err = LdapDirectory::new(&o)
        .unwrap()
        .verify("alice", &secret(SlapdUsers::ALICE.1))
        .await
        .unwrap_err();
    assert!(matches!(err, DirectoryError::Config { .. }), "{err:?}");
}

#[tokio::test]
async fn wrong_ca_is_a_tls_failure_on_both_transports() {
    let Some(f) = slapd() else { return };
    for key in ["BATON_TEST_SLAPD_LDAPS_URL", "BATON_TEST_SLAPD_LDAP_URL"] {
        let mut o = slapd_options(f, &f.var(key));
        o.trusted_ca_pems = vec![f.pem("BATON_TEST_SLAPD_WRONG_CA")];
        let result = LdapDirectory::new(&o)
            .unwrap()
            .verify("alice", &secret(SlapdUsers::ALICE.1))
            .await;
        let detail = tls_detail(result);
        eprintln!("{key} with the wrong CA: {detail}");
        assert!(detail.contains("UnknownIssuer"), "{key}: {detail}");
    }
}

#[tokio::test]
async fn hostname_mismatch_is_a_tls_failure() {
    let Some(f) = slapd() else { return };
    // A certificate for ldap.other.test, from the trusted CA, served on 127.0.0.1.
    let o = slapd_options(f, &f.var("BATON_TEST_SLAPD_OTHERHOST_LDAPS_URL"));
    let result = LdapDirectory::new(&o)
        .unwrap()
        .verify("alice", &secret(SlapdUsers::ALICE.1))
        .await;
    let detail = tls_detail(result);
    eprintln!("other-host certificate: {detail}");
    assert!(
        detail.to_lowercase().contains("not valid for name"),
        "{detail}"
    );
    let err = DirectoryError::Tls { detail };
    assert_eq!(err.user_facing().code, "DIR-200");
    assert_eq!(err.user_facing().exit.code(), 7);
}

#[tokio::test]
async fn a_dns_name_in_the_certificate_is_verified_too() {
    let Some(f) = slapd() else { return };
    let port = port_of(&f.var("BATON_TEST_SLAPD_LDAPS_URL"));
    let o = slapd_options(f, &format!("ldaps://localhost:{port}"));
    let user = LdapDirectory::new(&o)
        .unwrap()
        .verify("alice", &secret(SlapdUsers::ALICE.1))
        .await
        .unwrap();
    assert_eq!(user.short_name, "alice");
}

#[tokio::test]
async fn expired_server_certificate_is_a_tls_failure() {
    let Some(f) = slapd() else { return };
    let o = slapd_options(f, &f.var("BATON_TEST_SLAPD_EXPIRED_LDAPS_URL"));
    let result = LdapDirectory::new(&o)
        .unwrap()
        .verify("alice", &secret(SlapdUsers::ALICE.1))
        .await;
    let detail = tls_detail(result);
    eprintln!("expired certificate: {detail}");
    assert!(detail.to_lowercase().contains("expired"), "{detail}");
}

#[tokio::test]
async fn ipv6_literal_urls_work_with_certificate_checks() {
    let Some(f) = slapd() else { return };
    let Some(url) = f.opt_var("BATON_TEST_SLAPD_LDAPS6_URL") else {
        eprintln!("SKIPPED: no ::1 on this host");
        return;
    };
    for url in [url, f.var("BATON_TEST_SLAPD_LDAP6_URL")] {
        let o = slapd_options(f, &url);
        let user = LdapDirectory::new(&o)
            .unwrap()
            .verify("alice", &secret(SlapdUsers::ALICE.1))
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(user.short_name, "alice");
        // The certificate is still checked on this path.
        let mut o = o;
        o.trusted_ca_pems = vec![f.pem("BATON_TEST_SLAPD_WRONG_CA")];
        let result = LdapDirectory::new(&o)
            .unwrap()
            .verify("alice", &secret(SlapdUsers::ALICE.1))
            .await;
        tls_detail(result);
    }
}

#[tokio::test]
async fn server_down_is_unreachable() {
    let Some(f) = slapd() else { return };
    // A port that was free a moment ago and has nothing listening now.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    for scheme in ["ldaps", "ldap"] {
        let o = slapd_options(f, &format!("{scheme}://127.0.0.1:{port}"));
        let err = LdapDirectory::new(&o)
            .unwrap()
            .verify("alice", &secret(SlapdUsers::ALICE.1))
            .await
            .unwrap_err();
        assert!(
            matches!(err, DirectoryError::Unreachable { .. }),
            "{scheme}: {err:?}"
        );
        assert_eq!(err.user_facing().code, "DIR-100");
        assert_eq!(err.user_facing().exit.code(), 7);
    }
}

#[tokio::test]
async fn slow_server_times_out_on_both_transports() {
    let Some(f) = slapd() else { return };
    // Accepts (the kernel completes the handshake) and never says a word.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    for scheme in ["ldaps", "ldap"] {
        let mut o = slapd_options(f, &format!("{scheme}://127.0.0.1:{port}"));
        o.connect_timeout = Duration::from_millis(700);
        let err = LdapDirectory::new(&o)
            .unwrap()
            .verify("alice", &secret(SlapdUsers::ALICE.1))
            .await
            .unwrap_err();
        assert!(
            matches!(err, DirectoryError::TimedOut { .. }),
            "{scheme}: {err:?}"
        );
        assert_eq!(err.user_facing().code, "DIR-101");
    }
    drop(silent);
}

#[tokio::test]
async fn server_that_never_answers_the_bind_times_out() {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    use std::io::Read as _;

    let Some(f) = slapd() else { return };
    // A real TLS server (the fixture's certificate) that reads the bind and never answers.
    let tls = f.dir.join("tls");
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(tls.join("server.crt"))
        .unwrap()
        .map(|c| c.unwrap())
        .collect();
    let key = PrivateKeyDer::from_pem_file(tls.join("server.key")).unwrap();
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (sock, _) = listener.accept().unwrap();
        sock.set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut stream =
            rustls::StreamOwned::new(rustls::ServerConnection::new(config).unwrap(), sock);
        let mut buf = [0u8; 2048];
        let first = stream.read(&mut buf).unwrap_or(0);
        let bind_tag = buf.get(5).copied(); // LDAPMessage { id, [APPLICATION 0] BindRequest }
                                            // Hold the connection open until the client gives up and leaves.
        while matches!(stream.read(&mut buf), Ok(n) if n > 0) {}
        (first, bind_tag)
    });
    let mut o = slapd_options(f, &format!("ldaps://127.0.0.1:{port}"));
    o.operation_timeout = Duration::from_millis(500);
    let err = LdapDirectory::new(&o)
        .unwrap()
        .verify("alice", &secret(SlapdUsers::ALICE.1))
        .await
        .unwrap_err();
    match &err {
        DirectoryError::TimedOut { detail } => assert!(detail.contains("bind"), "{detail}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
    let (first, bind_tag) = server.join().unwrap();
    assert!(first > 0, "the bind request arrived over TLS");
    assert_eq!(bind_tag, Some(0x60), "and it was a BindRequest");
}

#[tokio::test]
async fn ldaps_to_a_plain_ldap_port_is_a_tls_failure() {
    let Some(f) = slapd() else { return };
    let port = port_of(&f.var("BATON_TEST_SLAPD_LDAP_URL"));
    let o = slapd_options(f, &format!("ldaps://127.0.0.1:{port}"));
    let result = LdapDirectory::new(&o)
        .unwrap()
        .verify("alice", &secret(SlapdUsers::ALICE.1))
        .await;
    eprintln!("ldaps:// to the plain port: {}", tls_detail(result));
}

#[tokio::test]
async fn empty_password_is_refused_before_any_packet() {
    let Some(f) = slapd() else { return };
    // A listener that records whether anybody connected.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let o = slapd_options(f, &format!("ldaps://127.0.0.1:{port}"));
    let dir = LdapDirectory::new(&o).unwrap();
    assert_eq!(
        dir.verify("alice", &secret("")).await,
        Err(DirectoryError::EmptyPassword)
    );
    assert!(listener.accept().is_err(), "nobody connected");
    // Whereas a real attempt does connect (so the check above can fail).
    let mut o = o;
    o.connect_timeout = Duration::from_millis(300);
    let _ = LdapDirectory::new(&o)
        .unwrap()
        .verify("alice", &secret("x"))
        .await;
    assert!(listener.accept().is_ok(), "the non-empty attempt connected");
}

#[tokio::test]
async fn throttle_in_front_of_slapd_stops_guessing_and_persists() {
    let Some(f) = slapd() else { return };
    let state = tempfile::tempdir().unwrap();
    let options = ThrottleOptions::new(3, Duration::from_secs(300));
    let guarded = ThrottledDirectory::new(ldaps(f), Throttle::open(state.path(), options.clone()));
    for _ in 0..3 {
        assert_eq!(
            guarded.verify("bob", &secret("guess")).await,
            Err(DirectoryError::InvalidCredentials)
        );
    }
    // Even the right password is not tried now.
    let err = guarded
        .verify("bob", &secret(SlapdUsers::BOB.1))
        .await
        .unwrap_err();
    assert!(matches!(err, DirectoryError::Throttled { .. }), "{err:?}");
    assert_eq!(err.user_facing().exit.code(), 9);
    // Other users are unaffected.
    assert!(guarded
        .verify("alice", &secret(SlapdUsers::ALICE.1))
        .await
        .is_ok());
    // A restart keeps the lock.
    let again = ThrottledDirectory::new(ldaps(f), Throttle::open(state.path(), options));
    assert!(matches!(
        again.verify("BOB", &secret(SlapdUsers::BOB.1)).await,
        Err(DirectoryError::Throttled { .. })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_never_appears_in_any_process_argv() {
    if !std::path::Path::new("/proc/self/cmdline").exists() {
        eprintln!("SKIPPED: no /proc");
        return;
    }
    let Some(f) = slapd() else { return };
    let marker = support::marker_password();

    support::scanner_sees_a_probe(marker);
    let stop = Arc::new(AtomicBool::new(false));

    // Now verify repeatedly (good and bad, both transports) while scanning.
    let scanner = {
        let stop = stop.clone();
        let needle = marker.as_bytes().to_vec();
        std::thread::spawn(move || support::scan_cmdlines(&needle, &stop))
    };
    let done = Arc::new(AtomicUsize::new(0));
    for i in 0..10 {
        let dir = if i % 2 == 0 { ldaps(f) } else { starttls(f) };
        let ok = dir.verify("procwatch", &secret(marker)).await;
        assert!(ok.is_ok(), "{ok:?}");
        let bad = dir.verify("alice", &secret(marker)).await;
        assert_eq!(bad, Err(DirectoryError::InvalidCredentials));
        done.fetch_add(1, Ordering::SeqCst);
    }
    stop.store(true, Ordering::SeqCst);
    let (rounds, seen, hits) = scanner.join().unwrap();
    assert_eq!(done.load(Ordering::SeqCst), 10);
    assert!(
        rounds >= 2 && seen > rounds,
        "scanner ran: {rounds} rounds, {seen} reads"
    );
    assert!(hits.is_empty(), "password found in argv: {hits:?}");
}

#[tokio::test]
async fn password_never_appears_in_logs() {
    let Some(f) = slapd() else { return };
    // Everything this test binary logs, at TRACE, including ldap3's `log` records, is captured
    // (support::capture_logs, installed before the fixture started).
    let marker = support::marker_password();
    let dir = ldaps(f);
    dir.verify("procwatch", &secret(marker)).await.unwrap();
    let _ = dir.verify("alice", &secret(marker)).await;
    let _ = dir.verify(marker, &secret(marker)).await; // password typed as the username too
    let mut o = slapd_options(f, &f.var("BATON_TEST_SLAPD_LDAPS_URL"));
    o.trusted_ca_pems = vec![f.pem("BATON_TEST_SLAPD_WRONG_CA")];
    let _ = LdapDirectory::new(&o)
        .unwrap()
        .verify("alice", &secret(marker))
        .await;
    // Errors' Display and Debug are what callers log.
    let err = dir.verify("alice", &secret(marker)).await.unwrap_err();
    let shown = format!("{err} {err:?}");

    let logs = support::captured_logs();
    assert!(
        logs.contains("directory verification succeeded") && logs.contains("user=procwatch"),
        "capture works:\n{logs}"
    );
    assert!(logs.contains("directory verification failed"), "{logs}");
    let mut secrets = vec![
        marker.to_string(),
        SlapdUsers::unicode_200(),
        SlapdUsers::long_300(),
    ];
    for (_, pw) in [
        SlapdUsers::ALICE,
        SlapdUsers::BOB,
        SlapdUsers::CAROL,
        SlapdUsers::JUERGEN,
    ] {
        secrets.push(pw.to_string());
    }
    for pw in &secrets {
        assert!(
            !logs.contains(pw.as_str()),
            "password {pw:?} in logs:\n{logs}"
        );
    }
    assert!(!shown.contains(marker), "{shown}");
    // Nor in Debug output of the secret.
    assert!(!format!("{:?}", secret(marker)).contains(marker));
}

/// Measurement, not a check of timing: median latency of one verification (connect, TLS, bind,
/// entry read, unbind) with Baton's pre-connected NODELAY socket versus ldap3 dialling by itself
/// (Nagle on). Run with `cargo test -p baton-core --test directory_slapd -- --ignored --nocapture`.
#[tokio::test]
#[ignore = "measurement; prints figures"]
async fn measure_verify_latency_with_and_without_nodelay() {
    use ldap3::{LdapConnAsync, LdapConnSettings, Scope};
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    use std::time::Instant;

    let Some(f) = slapd() else { return };
    const N: usize = 30;
    let (uid, pw) = SlapdUsers::ALICE;

    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_slice_iter(f.pem("BATON_TEST_SLAPD_CA").as_bytes()) {
        roots.add(c.unwrap()).unwrap();
    }
    let config = Arc::new(
        rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth(),
    );
    let dn = format!("uid={uid},ou=people,dc=example,dc=test");

    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    for key in ["BATON_TEST_SLAPD_LDAPS_URL", "BATON_TEST_SLAPD_LDAP_URL"] {
        let url = f.var(key);
        let dir = LdapDirectory::new(&slapd_options(f, &url)).unwrap();
        let mut with = Vec::new();
        for _ in 0..N {
            let t = Instant::now();
            dir.verify(uid, &secret(pw)).await.unwrap();
            with.push(t.elapsed());
        }
        let mut without = Vec::new();
        for _ in 0..N {
            let t = Instant::now();
            let settings = LdapConnSettings::new()
                .set_config(config.clone())
                .set_starttls(url.starts_with("ldap://"));
            let (conn, mut ldap) = LdapConnAsync::with_settings(settings, &url).await.unwrap();
            ldap3::drive!(conn);
            ldap.simple_bind(&dn, pw).await.unwrap().success().unwrap();
            let (entries, _) = ldap
                .search(
                    "dc=example,dc=test",
                    Scope::Subtree,
                    "(uid=alice)",
                    vec!["uid", "mail", "displayName"],
                )
                .await
                .unwrap()
                .success()
                .unwrap();
            assert_eq!(entries.len(), 1);
            ldap.unbind().await.unwrap();
            without.push(t.elapsed());
        }
        eprintln!(
            "{key}: median verify {:?} with NODELAY (LdapDirectory), {:?} without (ldap3 dialling itself), n={N}",
            median(with),
            median(without)
        );
    }
}
