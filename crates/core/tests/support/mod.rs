//! Test harness for the real-server directory fixtures (`tests/fixtures/ldap/*.sh`).
//!
//! Each test binary starts a fixture at most once ([`Fixture::shared`]); the script's watchdog stops
//! the servers and removes their directory when the test process exits. Missing binaries (or, for
//! Samba, not being root) make the tests skip with a printed reason, unless
//! `BATON_REQUIRE_DIRECTORY_FIXTURES=1` is set (CI), in which case they fail.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use baton_core::directory::LdapOptions;
use secrecy::SecretString;

/// The repository's fixture scripts.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ldap")
}

/// A running fixture: the variables the script printed.
#[derive(Debug)]
pub struct Fixture {
    pub env: HashMap<String, String>,
    pub dir: PathBuf,
    /// Wall time of the script's `start`, as measured here.
    pub start_time: Duration,
}

impl Fixture {
    pub fn var(&self, key: &str) -> String {
        self.env
            .get(key)
            .unwrap_or_else(|| panic!("fixture did not print {key}"))
            .clone()
    }

    pub fn opt_var(&self, key: &str) -> Option<String> {
        self.env.get(key).cloned()
    }

    pub fn pem(&self, key: &str) -> String {
        std::fs::read_to_string(self.var(key)).expect("CA file")
    }

    /// Runs `script start DIR` (after `prepare(DIR)`), parses KEY=VALUE lines.
    pub fn start(
        script: &str,
        prefix: &str,
        prepare: impl FnOnce(&Path),
    ) -> Result<Fixture, String> {
        let dir = std::env::temp_dir().join(format!(
            "baton-{prefix}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        prepare(&dir);
        let started = Instant::now();
        let out = Command::new("bash")
            .arg(fixtures_dir().join(script))
            .arg("start")
            .arg(&dir)
            .env("BATON_FIXTURE_OWNER_PID", std::process::id().to_string())
            .env("BATON_FIXTURE_REMOVE_DIR", "1")
            .output()
            .map_err(|e| format!("cannot run {script}: {e}"))?;
        let start_time = started.elapsed();
        if !out.status.success() {
            return Err(format!(
                "{script} start failed ({}):\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let env = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let env: HashMap<String, String> = env;
        let phases: Vec<String> = env
            .iter()
            .filter(|(k, _)| k.ends_with("_MS"))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        eprintln!(
            "fixture {script}: started in {} ms ({})",
            start_time.as_millis(),
            phases.join(", ")
        );
        Ok(Fixture {
            env,
            dir,
            start_time,
        })
    }
}

/// Everything logged by this test process (tracing at TRACE, plus `log` records such as ldap3's),
/// from the moment [`capture_logs`] ran. Installed as the global subscriber before any fixture
/// starts, so no callsite can be missed.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

static CAPTURED: OnceLock<Captured> = OnceLock::new();

pub fn capture_logs() {
    CAPTURED.get_or_init(|| {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(captured.clone())
            .with_ansi(false)
            .finish();
        tracing_subscriber::util::SubscriberInitExt::try_init(subscriber)
            .expect("no other global subscriber in this test binary");
        captured
    });
}

/// What has been logged so far.
pub fn captured_logs() -> String {
    let captured = CAPTURED.get().expect("capture_logs() ran");
    String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned()
}

/// Skip (print and return None) or, when CI requires the fixtures, panic.
pub fn skip(reason: &str) -> Option<&'static Fixture> {
    if std::env::var("BATON_REQUIRE_DIRECTORY_FIXTURES").as_deref() == Ok("1") {
        panic!("directory fixture required but unavailable: {reason}");
    }
    // Straight to the process's stderr, past the test harness's output capture, once per binary.
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        use std::io::Write as _;
        let binary = std::env::args().next().unwrap_or_default();
        let binary = Path::new(&binary)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED ({binary}): {reason}; these tests pass without checking anything"
        );
    });
    eprintln!("SKIPPED: {reason}");
    None
}

/// Is `program` on PATH (or in the sbin directories, where the server binaries live)?
pub fn have_program(program: &str) -> bool {
    let path = std::env::var("PATH").unwrap_or_default();
    let found = path
        .split(':')
        .chain(["/usr/sbin", "/sbin", "/usr/bin"])
        .any(|d| Path::new(d).join(program).is_file());
    found
}

pub fn is_root() -> bool {
    // /proc/self/status: "Uid:\treal\teffective\t…"
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|e| e == "0"))
        })
        .unwrap_or(false)
}

pub fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

// ---------------------------------------------------------------------------------------------
// slapd

/// Test users of the slapd fixture: (uid, password, hash scheme). The passwords reach slapd only
/// through files (`slappasswd -T`).
pub struct SlapdUsers;

impl SlapdUsers {
    pub const ALICE: (&'static str, &'static str) = ("alice", "Alice-Pass-1");
    pub const BOB: (&'static str, &'static str) = ("bob", "Bob-Pass-2");
    pub const CAROL: (&'static str, &'static str) = ("carol", "pässwörd-Ω 3");
    pub const JUERGEN: (&'static str, &'static str) = ("jürgen", "Jürgen-Pass-4");
    /// Filter metacharacters in the uid itself.
    pub const EVE_STAR: (&'static str, &'static str) = ("eve*(x)", "Eve-Star-Pass-5");
    pub const EVE_ADMIN: (&'static str, &'static str) = ("eve-admin", "Eve-Admin-Pass-6");

    /// 200 characters, multi-byte, with spaces at both ends (they are part of the password).
    pub fn unicode_200() -> String {
        let unit: Vec<char> = " Ωmega-ß-🔑-日本語-ünïcödé-".chars().collect();
        let mut s: String = unit.iter().cycle().take(199).collect();
        s.push(' ');
        assert_eq!(s.chars().count(), 200);
        s
    }

    /// 300 ASCII characters.
    pub fn long_300() -> String {
        "0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUVWXYZ_"
            .chars()
            .cycle()
            .take(300)
            .collect()
    }
}

/// A random marker password for the process-list test (generated per test process).
pub fn marker_password() -> &'static str {
    static MARKER: OnceLock<String> = OnceLock::new();
    MARKER.get_or_init(|| {
        let n: u64 = rand_u64();
        format!("Argv-Marker-{n:016x}-Pw")
    })
}

fn rand_u64() -> u64 {
    // Good enough for a unique marker: time and pid through a hasher.
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    let mut h = RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos(),
    );
    h.write_u32(std::process::id());
    h.finish()
}

fn write_user(users: &Path, uid: &str, password: &str, scheme: Option<&str>) {
    std::fs::write(users.join(uid), password.as_bytes()).unwrap();
    if let Some(scheme) = scheme {
        std::fs::write(users.join(format!("{uid}.scheme")), scheme).unwrap();
    }
}

/// The entry's `description` (slapd fixture: `users.d/NAME.description`).
fn write_description(users: &Path, uid: &str, description: &str) {
    std::fs::write(users.join(format!("{uid}.description")), description).unwrap();
}

/// The groups of a user (slapd fixture: `users.d/NAME.groups`, one group cn a line): the group
/// `cn=GROUP,ou=groups,dc=example,dc=test` lists the user and the user's entry has `memberOf`.
fn write_groups(users: &Path, uid: &str, groups: &[&str]) {
    let mut text = groups.join("\n");
    text.push('\n');
    std::fs::write(users.join(format!("{uid}.groups")), text).unwrap();
}

/// The DN of a group of the slapd fixture.
pub fn slapd_group(cn: &str) -> String {
    format!("cn={cn},ou=groups,dc=example,dc=test")
}

/// The shared slapd of this test binary, or None (skipped) without slapd. carol's entry carries
/// `description: badge-bob` (a user filter on it finds carol's entry for bob), alice's
/// `badge-alice`; alice is a member of the groups `mac-users` and `staff`, bob of `staff`.
/// Besides the main instance (every bound user reads every entry) it runs `selfonly`, whose ACL
/// lets a user read their own entry and nothing else.
pub fn slapd() -> Option<&'static Fixture> {
    static SLAPD: OnceLock<Result<Fixture, String>> = OnceLock::new();
    capture_logs();
    if !(have_program("slapd") && have_program("slapadd") && have_program("openssl")) {
        return skip("slapd/openssl not installed (tests/fixtures/ldap/install-deps.sh)");
    }
    let fixture = SLAPD.get_or_init(|| {
        Fixture::start("slapd.sh", "slapd", |dir| {
            let users = dir.join("users.d");
            std::fs::create_dir_all(&users).unwrap();
            write_user(&users, SlapdUsers::ALICE.0, SlapdUsers::ALICE.1, None);
            write_user(
                &users,
                SlapdUsers::BOB.0,
                SlapdUsers::BOB.1,
                Some("{SSHA512}"),
            );
            write_user(
                &users,
                SlapdUsers::CAROL.0,
                SlapdUsers::CAROL.1,
                Some("{ARGON2}"),
            );
            write_description(&users, SlapdUsers::ALICE.0, "badge-alice");
            write_description(&users, SlapdUsers::CAROL.0, "badge-bob");
            write_groups(&users, SlapdUsers::ALICE.0, &["mac-users", "staff"]);
            write_groups(&users, SlapdUsers::BOB.0, &["staff"]);
            write_user(&users, SlapdUsers::JUERGEN.0, SlapdUsers::JUERGEN.1, None);
            write_user(&users, SlapdUsers::EVE_STAR.0, SlapdUsers::EVE_STAR.1, None);
            write_user(
                &users,
                SlapdUsers::EVE_ADMIN.0,
                SlapdUsers::EVE_ADMIN.1,
                None,
            );
            write_user(&users, "uma", &SlapdUsers::unicode_200(), Some("{SSHA512}"));
            write_user(&users, "lena", &SlapdUsers::long_300(), None);
            write_user(&users, "procwatch", marker_password(), None);
        })
    });
    match fixture {
        Ok(f) => Some(f),
        Err(e) => panic!("slapd fixture: {e}"),
    }
}

/// Options for the slapd fixture at `url`, trusting only the fixture's CA.
pub fn slapd_options(f: &Fixture, url: &str) -> LdapOptions {
    LdapOptions {
        url: url.to_string(),
        bind_template: f.var("BATON_TEST_SLAPD_BIND_TEMPLATE"),
        base_dn: f.var("BATON_TEST_SLAPD_BASE_DN"),
        user_filter: f.var("BATON_TEST_SLAPD_USER_FILTER"),
        trusted_ca_pems: vec![f.pem("BATON_TEST_SLAPD_CA")],
        use_platform_roots: false,
        connect_timeout: Duration::from_secs(5),
        operation_timeout: Duration::from_secs(5),
        ..LdapOptions::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Samba AD DC

/// Test users of the Samba fixture, one per account state: (sAMAccountName, password, state).
/// The domain locks an account after 3 bad passwords, so every test that sends a wrong password
/// has a user of its own: erin (lockout), kim (local throttle), lee (wrong password).
pub const SAMBA_USERS: &[(&str, &str, &str)] = &[
    ("alice", "Alice-Pass-1!", "ok"),
    ("bob", "Bob-Pass-2!", "disabled"),
    ("carol", "Carol-Pass-3!", "must_change"),
    ("dave", "Dave-Pass-4!", "account_expired"),
    ("erin", "Erin-Pass-5!", "ok"),
    ("frank", "Pässwörd-Ω 3", "ok"),
    ("grace", "Grace-Pass-7!", "password_expired"),
    ("henry", "Henry-Pass-8!", "logon_hours"),
    ("ivan", "Ivan-Pass-9!", "workstation"),
    ("kim", "Kim-Pass-10!", "ok"),
    ("lee", "Lee-Pass-11!", "ok"),
];

/// The password of a Samba fixture user.
pub fn samba_password(name: &str) -> &'static str {
    SAMBA_USERS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, p, _)| *p)
        .unwrap_or_else(|| panic!("no Samba test user {name}"))
}

/// The shared Samba AD DC of this test binary, or None (skipped) when not root or not installed.
pub fn samba() -> Option<&'static Fixture> {
    static SAMBA: OnceLock<Result<Fixture, String>> = OnceLock::new();
    capture_logs();
    if !is_root() {
        return skip("the Samba AD DC fixture needs root (its LDAP ports 389/636 are fixed)");
    }
    if !(have_program("samba") && have_program("samba-tool") && have_program("openssl")) {
        return skip("samba is not installed (tests/fixtures/ldap/install-deps.sh)");
    }
    let fixture = SAMBA.get_or_init(|| {
        Fixture::start("samba.sh", "samba", |dir| {
            let mut users: Vec<serde_json::Value> = SAMBA_USERS
                .iter()
                .map(|(name, password, state)| {
                    serde_json::json!({
                        "name": name, "password": password, "state": state,
                        "mail": format!("{name}@example.test"),
                        "given": name.to_uppercase(), "surname": "Tester",
                    })
                })
                .collect();
            users.push(serde_json::json!({
                "name": "uma", "password": SlapdUsers::unicode_200(), "state": "ok",
            }));
            users.push(serde_json::json!({
                "name": "procwatch", "password": marker_password(), "state": "ok",
            }));
            let path = dir.join("users.json");
            std::fs::write(&path, serde_json::to_vec(&users).unwrap()).unwrap();
        })
    });
    match fixture {
        Ok(f) => Some(f),
        Err(e) => panic!("samba fixture: {e}"),
    }
}

/// Options for the Samba fixture at `url`, binding with `bind_template`.
pub fn samba_options(f: &Fixture, url: &str, bind_template: &str) -> LdapOptions {
    LdapOptions {
        url: url.to_string(),
        bind_template: bind_template.to_string(),
        base_dn: f.var("BATON_TEST_SAMBA_BASE_DN"),
        user_filter: "(sAMAccountName={username})".into(),
        ad_domain: Some(f.var("BATON_TEST_SAMBA_DNS_DOMAIN")),
        trusted_ca_pems: vec![f.pem("BATON_TEST_SAMBA_CA")],
        use_platform_roots: false,
        connect_timeout: Duration::from_secs(5),
        operation_timeout: Duration::from_secs(5),
        ..LdapOptions::default()
    }
}

// ---------------------------------------------------------------------------------------------
// process list

/// Scans every process's argv for `needle` until `stop`; returns (rounds, processes seen, hits).
pub fn scan_cmdlines(needle: &[u8], stop: &AtomicBool) -> (usize, usize, Vec<String>) {
    let mut rounds = 0;
    let mut seen = 0;
    let mut hits = Vec::new();
    loop {
        let last = stop.load(Ordering::SeqCst);
        if let Ok(procs) = std::fs::read_dir("/proc") {
            for p in procs.flatten() {
                let name = p.file_name();
                let Some(pid) = name
                    .to_str()
                    .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
                else {
                    continue;
                };
                let mut buf = Vec::new();
                if let Ok(mut file) = std::fs::File::open(p.path().join("cmdline")) {
                    if file.read_to_end(&mut buf).is_ok() {
                        seen += 1;
                        if buf.windows(needle.len()).any(|w| w == needle) {
                            hits.push(format!(
                                "pid {pid}: {}",
                                String::from_utf8_lossy(&buf).replace('\0', " ")
                            ));
                        }
                    }
                }
            }
        }
        rounds += 1;
        if last {
            return (rounds, seen, hits);
        }
    }
}

/// The scanner must be able to see a marker when one is there (so the real check can fail).
pub fn scanner_sees_a_probe(marker: &str) {
    let probe_marker = format!("{marker}-probe");
    // Two commands, so the shell cannot replace itself with `sleep` and drop the marker.
    let mut probe = Command::new("sh")
        .args(["-c", "sleep 5; true", &probe_marker])
        .spawn()
        .unwrap();
    let mut seen = false;
    for _ in 0..50 {
        let (_, _, hits) = scan_cmdlines(probe_marker.as_bytes(), &AtomicBool::new(true));
        if !hits.is_empty() {
            seen = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    probe.kill().ok();
    probe.wait().ok();
    assert!(seen, "the scanner did not see the probe's argv");
}

/// Asks the directory at `url` (LDAPS, trusting only `ca_pem`) "Who am I?" (RFC 4532) after a
/// simple bind as `name`: the result code, its text and the answer, straight from the server.
pub async fn whoami(
    ca_pem: &str,
    url: &str,
    name: &str,
    password: &str,
) -> (u32, String, Option<String>) {
    use ldap3::exop::WhoAmI;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;

    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        roots.add(c.unwrap()).unwrap();
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let settings = ldap3::LdapConnSettings::new().set_config(Arc::new(config));
    let (conn, mut ldap) = ldap3::LdapConnAsync::with_settings(settings, url)
        .await
        .unwrap();
    ldap3::drive!(conn);
    ldap.simple_bind(name, password)
        .await
        .unwrap()
        .success()
        .unwrap();
    let ldap3::result::ExopResult(exop, result) = ldap.extended(WhoAmI).await.unwrap();
    let _ = ldap.unbind().await;
    let value = exop.val.map(|v| String::from_utf8_lossy(&v).into_owned());
    (result.rc, result.text, value)
}

/// A subtree search as `dn` (LDAPS, trusting only `ca_pem`): the result code and how many entries
/// came back, straight from the server.
pub async fn search_as(
    ca_pem: &str,
    url: &str,
    dn: &str,
    password: &str,
    base: &str,
    filter: &str,
) -> (u32, usize) {
    let (mut ldap, _) = connect_ldaps(ca_pem, url).await;
    ldap.simple_bind(dn, password)
        .await
        .unwrap()
        .success()
        .unwrap();
    let ldap3::SearchResult(entries, result) = ldap
        .search(base, ldap3::Scope::Subtree, filter, vec!["1.1"])
        .await
        .unwrap();
    let _ = ldap.unbind().await;
    (result.rc, entries.len())
}

async fn connect_ldaps(ca_pem: &str, url: &str) -> (ldap3::Ldap, ()) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;

    let mut roots = rustls::RootCertStore::empty();
    for c in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        roots.add(c.unwrap()).unwrap();
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let settings = ldap3::LdapConnSettings::new().set_config(Arc::new(config));
    let (conn, ldap) = ldap3::LdapConnAsync::with_settings(settings, url)
        .await
        .unwrap();
    ldap3::drive!(conn);
    (ldap, ())
}

/// The `entryUUID` of `uid`'s entry on the main slapd instance, read with `uid`'s own bind.
pub fn entry_uuid_blocking(f: &Fixture, uid: &str, password: &str) -> String {
    let ca = f.pem("BATON_TEST_SLAPD_CA");
    let url = f.var("BATON_TEST_SLAPD_LDAPS_URL");
    let dn = format!("uid={uid},ou=people,dc=example,dc=test");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (mut ldap, _) = connect_ldaps(&ca, &url).await;
        ldap.simple_bind(&dn, password)
            .await
            .unwrap()
            .success()
            .unwrap();
        let (entries, _) = ldap
            .search(
                &dn,
                ldap3::Scope::Base,
                "(objectClass=*)",
                vec!["entryUUID"],
            )
            .await
            .unwrap()
            .success()
            .unwrap();
        let _ = ldap.unbind().await;
        let entry = ldap3::SearchEntry::construct(entries.into_iter().next().unwrap());
        entry.attrs["entryUUID"][0].clone()
    })
}
