//! The fault matrix: one table, one row per thing that can go wrong during a self-service
//! hand-off, each driven through the real path — the app's [`Flow`] over [`Direct`] with the
//! real UEM client (HTTPS to uem-sim) and the real LDAP client (uem-sim's directory, or slapd) —
//! and each with the end a person sees: Done, or the screen and support code.
//!
//! Whatever the row, three things are checked against the servers' own records:
//! - the Mac is never assigned to anyone but the person whose password the directory accepted;
//! - no password is stored for a person the directory did not verify;
//! - once a PATCH was applied, no second PATCH follows (uem-sim's request log).
//!
//! Timeouts are short and configured (never measured): a "hang" ends when the client gives up.
//! "Killed after a step" is the flow stopped at that point (its task dropped, as a killed process
//! would stop) and a fresh flow, with the same Keychain, started over.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use baton_core::config::{self, source, Settings, Sources};
use baton_core::directory::{LdapDirectory, LdapOptions};
use baton_core::handoff::flow::{Flow, Services};
use baton_core::ipc::{CheckingDetail, HandoffView};
use baton_core::ops::{Direct, DirectOptions};
use baton_core::uem::{UemClient, UemOptions};
use baton_platform::app_prefs::PlistDirPreferences;
use baton_platform::keychain::{FoundItem, ItemSpec, MemoryStore, SecretStore, StoreError};
use secrecy::SecretString;
use uem_sim::{
    AccountState, Fault, RateLimitConfig, RequestRecord, Route, Seed, ServerCert, Sim, SimHandle,
    SimOptions, DEFAULT_OVERSIZE_BYTES,
};

const SERIAL: &str = "C02DEMO00001";
const ALICE: (&str, &str) = ("alice", "Alice-Pass-1");
const BOB: (&str, &str) = ("bob", "Bob-Pass-2");

// ---- the table -----------------------------------------------------------------------------

/// Where a row ends, as the person sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// "You're all set".
    Done,
    /// "This Mac is already set up for you" (nothing to do).
    Assigned,
    /// Back on the sign-in screen with this support code inline.
    SignIn(&'static str),
    /// A problem screen with this support code.
    Problem(&'static str),
    /// The start screen waits for UEM to be reachable (retrying by itself).
    Offline,
    /// The process was killed before the screen changed again.
    Killed,
}

/// Which directory the row binds to.
#[derive(Debug, Clone, Copy)]
enum Dir {
    /// uem-sim's LDAPS directory (Active Directory's sub-codes).
    Sim,
    /// uem-sim's plain port with StartTLS.
    SimStartTls,
    /// uem-sim's LDAPS, served by a second simulator with this certificate.
    SimCert(ServerCert),
    /// Nothing listens there.
    Down,
    /// The slapd fixture over LDAPS, at the URL of this fixture variable.
    Slapd(&'static str),
    /// The slapd fixture over LDAPS, trusting the fixture's wrong CA.
    SlapdWrongCa,
}

/// What the Keychain does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keychain {
    Ok,
    /// Locked and cannot be unlocked without a prompt: reads and writes refused.
    Locked,
    /// Reads work, the write is refused.
    Denied,
}

/// What happens after the first end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Then {
    Nothing,
    /// The fault goes away (faults cleared, Keychain unlocked) and the person presses
    /// "Try again" in the same process.
    Retry,
    /// The process ends there; the fault goes away; a fresh process starts the hand-off again
    /// with the same Keychain.
    Restart,
}

/// Where the first process is killed during the submit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kill {
    Never,
    /// As soon as the PATCH reached UEM (with a hang fault before the handler: not applied).
    WhenPatchArrives,
    /// As soon as UEM applied the PATCH (with a hang fault after the handler: no answer yet).
    WhenPatchApplied,
}

#[derive(Clone, Copy)]
struct Row {
    fault: &'static str,
    /// The UEM side's certificate.
    uem_cert: ServerCert,
    /// The UEM client trusts another CA than the simulator's.
    uem_wrong_ca: bool,
    dir: Dir,
    /// Applied after the start screen, before the person presses Continue.
    arm: fn(&SimHandle),
    keychain: Keychain,
    kill: Kill,
    who: (&'static str, &'static str),
    /// The directory accepts these credentials (so the person counts as verified).
    verified: bool,
    end: End,
    then: Then,
    /// The end after [`Then`] (None with [`Then::Nothing`]).
    end_then: Option<End>,
}

fn nothing(_: &SimHandle) {}

const fn row(fault: &'static str, arm: fn(&SimHandle), end: End) -> Row {
    Row {
        fault,
        uem_cert: ServerCert::Valid,
        uem_wrong_ca: false,
        dir: Dir::Sim,
        arm,
        keychain: Keychain::Ok,
        kill: Kill::Never,
        who: ALICE,
        verified: true,
        end,
        then: Then::Nothing,
        end_then: None,
    }
}

impl Row {
    const fn then(mut self, then: Then, end: End) -> Row {
        self.then = then;
        self.end_then = Some(end);
        self
    }
    const fn dir(mut self, dir: Dir) -> Row {
        self.dir = dir;
        self
    }
    const fn who(mut self, who: (&'static str, &'static str), verified: bool) -> Row {
        self.who = who;
        self.verified = verified;
        self
    }
    const fn keychain(mut self, keychain: Keychain) -> Row {
        self.keychain = keychain;
        self
    }
    const fn kill(mut self, kill: Kill) -> Row {
        self.kill = kill;
        self
    }
    const fn uem_cert(mut self, cert: ServerCert) -> Row {
        self.uem_cert = cert;
        self
    }
    const fn uem_wrong_ca(mut self) -> Row {
        self.uem_wrong_ca = true;
        self
    }
}

fn on(route: Route, fault: Fault) -> impl Fn(&SimHandle) {
    move |sim: &SimHandle| sim.set_fault(route, fault.clone())
}

fn rows() -> Vec<Row> {
    use End::*;
    vec![
        row("none (baseline)", nothing, Done),
        row("none, bob signs in (the verified person is bob)", nothing, Done).who(BOB, true),
        // ---- UEM status codes on the PATCH, before it is applied
        row("UEM 401 on the PATCH, persistent", |s| on(Route::SwitchUser, Fault::status(401))(s), Problem("UEM-401"))
            .then(Then::Retry, Done),
        row("UEM 403 on the PATCH", |s| on(Route::SwitchUser, Fault::status(403))(s), Problem("UEM-403")),
        row("UEM 404 on the PATCH", |s| on(Route::SwitchUser, Fault::status(404))(s), Problem("UEM-SWITCH-REJECTED")),
        row("UEM 429 without Retry-After on the PATCH, once", |s| on(Route::SwitchUser, Fault::status(429).times(1))(s), Done),
        row("UEM 429 without Retry-After on the PATCH, persistent", |s| on(Route::SwitchUser, Fault::status(429))(s), Problem("UEM-429")),
        row("UEM 429 with Retry-After 1 s (quota spent for 2 s)", |s| s.set_rate_limit(RateLimitConfig { limit: 1000, window_secs: 2, retry_after_secs: Some(1) }, Some(0)), Done),
        row("UEM 429 with Retry-After 1 h (beyond the retry budget)", |s| s.set_rate_limit(RateLimitConfig { limit: 1000, window_secs: 86_400, retry_after_secs: Some(3600) }, Some(0)), Problem("UEM-429"))
            .then(Then::Retry, Done),
        row("UEM 500 (JSON) on the PATCH", |s| on(Route::SwitchUser, Fault::status(500))(s), Problem("UEM-5XX")),
        row("UEM 502 (HTML) on the PATCH, once", |s| on(Route::SwitchUser, Fault::html(502).times(1))(s), Done),
        row("UEM 502 (HTML) on the PATCH, persistent", |s| on(Route::SwitchUser, Fault::html(502))(s), Problem("UEM-5XX")),
        row("UEM 503 (empty) on the PATCH, once", |s| on(Route::SwitchUser, Fault::empty(503).times(1))(s), Done),
        row("UEM 504 on the PATCH, persistent", |s| on(Route::SwitchUser, Fault::status(504))(s), Problem("UEM-5XX")),
        row("UEM 500 on the PATCH after it was applied", |s| on(Route::SwitchUser, Fault::status(500).after_handler().times(1))(s), Done),
        // ---- bodies
        row("HTML 502 page on the fresh device read, persistent", |s| on(Route::DeviceLookup, Fault::html(502))(s), Problem("UEM-5XX")),
        row("truncated JSON on the fresh device read", |s| on(Route::DeviceLookup, Fault::truncated_json())(s), Problem("UEM-UNREADABLE")),
        row("truncated JSON on the user search", |s| on(Route::UserSearch, Fault::truncated_json())(s), Problem("UEM-UNREADABLE")),
        row("truncated JSON answer to the PATCH (applied)", |s| on(Route::SwitchUser, Fault::truncated_json().times(1))(s), Done),
        row("oversize body on the fresh device read", |s| on(Route::DeviceLookup, Fault::oversize(DEFAULT_OVERSIZE_BYTES))(s), Problem("UEM-UNREADABLE")),
        row("oversize body on the user search", |s| on(Route::UserSearch, Fault::oversize(DEFAULT_OVERSIZE_BYTES))(s), Problem("UEM-UNREADABLE")),
        // ---- connections
        row("connection reset before the PATCH is applied, once", |s| on(Route::SwitchUser, Fault::reset().times(1))(s), Done),
        row("connection reset after the PATCH is applied, once", |s| on(Route::SwitchUser, Fault::reset().after_handler().times(1))(s), Done),
        row("connection reset on every PATCH (both before applying; the re-read shows it unchanged)", |s| on(Route::SwitchUser, Fault::reset())(s), Problem("UEM-OFFLINE")),
        row("hang before the PATCH is applied, once", |s| on(Route::SwitchUser, Fault::hang().times(1))(s), Done),
        row("hang after the PATCH is applied, once", |s| on(Route::SwitchUser, Fault::hang().after_handler().times(1))(s), Done),
        row("hang on the fresh device read, persistent", |s| on(Route::DeviceLookup, Fault::hang())(s), Problem("UEM-TIMEOUT"))
            .then(Then::Retry, Done),
        row("connection reset on the user search, persistent", |s| on(Route::UserSearch, Fault::reset())(s), Problem("UEM-OFFLINE")),
        // ---- UEM TLS (the start screen already refuses)
        row("UEM: server certificate from another CA", nothing, Problem("UEM-TLS")).uem_wrong_ca(),
        row("UEM: expired server certificate", nothing, Problem("UEM-TLS")).uem_cert(ServerCert::Expired),
        row("UEM: certificate for another host name", nothing, Problem("UEM-TLS")).uem_cert(ServerCert::OtherHost),
        // ---- the directory
        row("LDAP down (nothing listening)", nothing, Problem("DIR-100")).dir(Dir::Down).who(ALICE, false),
        row("LDAP server refuses StartTLS", |s| s.set_starttls(false), Problem("DIR-200")).dir(Dir::SimStartTls).who(ALICE, false),
        row("LDAPS certificate expired", nothing, Problem("DIR-200")).dir(Dir::SimCert(ServerCert::Expired)).who(ALICE, false),
        row("LDAPS certificate for another host name", nothing, Problem("DIR-200")).dir(Dir::SimCert(ServerCert::OtherHost)).who(ALICE, false),
        row("slapd: good password over LDAPS", nothing, Done).dir(Dir::Slapd("BATON_TEST_SLAPD_LDAPS_URL")),
        row("slapd: certificate from the wrong CA", nothing, Problem("DIR-200")).dir(Dir::SlapdWrongCa).who(ALICE, false),
        row("slapd: expired certificate", nothing, Problem("DIR-200")).dir(Dir::Slapd("BATON_TEST_SLAPD_EXPIRED_LDAPS_URL")).who(ALICE, false),
        row("slapd: certificate for another host name", nothing, Problem("DIR-200")).dir(Dir::Slapd("BATON_TEST_SLAPD_OTHERHOST_LDAPS_URL")).who(ALICE, false),
        row("wrong password (AD 52e)", nothing, SignIn("DIR-049")).who(("alice", "Bob-Pass-2"), false),
        row("alice's password typed with bob's name", nothing, SignIn("DIR-049")).who(("bob", "Alice-Pass-1"), false),
        row("AD 533: account disabled", |s| { s.set_account_state("alice", AccountState::Disabled); }, SignIn("DIR-533")).who(ALICE, false),
        row("AD 775: account locked out", |s| { s.set_account_state("alice", AccountState::Locked); }, SignIn("DIR-775")).who(ALICE, false),
        row("AD 532: password expired", |s| { s.set_account_state("alice", AccountState::PasswordExpired); }, SignIn("DIR-532")).who(ALICE, false),
        row("AD 773: must change password", |s| { s.set_account_state("alice", AccountState::MustChangePassword); }, SignIn("DIR-773")).who(ALICE, false),
        row("AD 701: account expired", |s| { s.set_account_state("alice", AccountState::AccountExpired); }, SignIn("DIR-701")).who(ALICE, false),
        // ---- the Keychain
        row("Keychain locked", nothing, Problem("KEYCHAIN-LOCKED")).keychain(Keychain::Locked)
            .then(Then::Retry, Done),
        row("Keychain refuses the write", nothing, Problem("KEYCHAIN-LOCKED")).keychain(Keychain::Denied)
            .then(Then::Restart, Done),
        // ---- the process killed after each step
        row("killed after the directory check, the PATCH not applied", |s| on(Route::SwitchUser, Fault::hang().times(1))(s), Killed)
            .kill(Kill::WhenPatchArrives).then(Then::Restart, Done),
        row("killed after the PATCH was applied, before UEM confirmed", |s| on(Route::SwitchUser, Fault::hang().after_handler().times(1))(s), Killed)
            .kill(Kill::WhenPatchApplied).then(Then::Restart, Done),
        row("killed after UEM confirmed, before the Keychain write", nothing, Problem("KEYCHAIN-LOCKED")).keychain(Keychain::Denied)
            .then(Then::Restart, Done),
        row("killed after the Keychain write", nothing, Done).then(Then::Restart, Assigned),
    ]
}

// ---- the harness ---------------------------------------------------------------------------

/// A store that can be locked or refuse writes, over the platform's in-memory store.
#[derive(Clone)]
struct FaultyStore {
    inner: MemoryStore,
    mode: Arc<Mutex<Keychain>>,
}

impl FaultyStore {
    fn mode(&self) -> Keychain {
        *self.mode.lock().unwrap()
    }
    fn refused() -> StoreError {
        StoreError::Locked {
            backend: "memory",
            detail: "the fault matrix refuses access".into(),
        }
    }
}

impl SecretStore for FaultyStore {
    fn backend(&self) -> &'static str {
        "memory"
    }
    fn put(&self, spec: &ItemSpec, password: &SecretString) -> Result<(), StoreError> {
        match self.mode() {
            Keychain::Ok => self.inner.put(spec, password),
            Keychain::Locked | Keychain::Denied => Err(Self::refused()),
        }
    }
    fn find(&self, service: &str, account: &str) -> Result<Option<FoundItem>, StoreError> {
        match self.mode() {
            Keychain::Locked => Err(Self::refused()),
            Keychain::Ok | Keychain::Denied => self.inner.find(service, account),
        }
    }
    fn delete(&self, service: &str, account: &str) -> Result<bool, StoreError> {
        match self.mode() {
            Keychain::Locked => Err(Self::refused()),
            Keychain::Ok | Keychain::Denied => self.inner.delete(service, account),
        }
    }
}

type AppFlow = Flow<Direct<UemClient, LdapDirectory>, FaultyStore, PlistDirPreferences>;

/// One row's world: the simulator(s), the configuration, the Keychain and preferences that
/// outlive a "process".
struct World {
    sim: SimHandle,
    /// Serves the directory when the row needs another certificate than the UEM side's.
    ldap_sim: Option<SimHandle>,
    settings: Settings,
    uem: UemOptions,
    ldap: LdapOptions,
    store: FaultyStore,
    prefs_dir: tempfile::TempDir,
}

async fn start_sim(cert: ServerCert) -> SimHandle {
    Sim::start(
        Seed::demo(),
        SimOptions {
            server_cert: cert,
            ..SimOptions::default()
        },
    )
    .await
    .expect("the simulator starts")
}

/// The world of `row`, or None when it needs the slapd fixture and there is none.
async fn world(row: &Row) -> Option<World> {
    let sim = start_sim(row.uem_cert).await;
    let mut config = sim.baton_config();
    // Short retry budget: a persistent fault ends the hand-off within seconds.
    config["UEMRetrySeconds"] = 3.into();
    let settings = config::load_from(&Sources {
        file: source::from_json(config).into_dictionary(),
        ..Default::default()
    })
    .expect("the simulator's configuration validates")
    .settings;
    let mut uem = UemOptions::from_settings(&settings).unwrap();
    uem.connect_timeout = Duration::from_secs(2);
    uem.request_timeout = Duration::from_secs(1);
    if row.uem_wrong_ca {
        let other = uem_sim::pki::CertificateAuthority::new("another CA").unwrap();
        uem.trusted_ca_pems = vec![other.cert_pem().to_owned()];
    }
    let mut ldap = LdapOptions::from_settings(&settings).unwrap();
    ldap.connect_timeout = Duration::from_secs(2);
    ldap.operation_timeout = Duration::from_secs(2);
    let mut ldap_sim = None;
    match row.dir {
        Dir::Sim => {}
        Dir::SimStartTls => ldap.url = sim.ldap_url().unwrap().to_owned(),
        Dir::SimCert(cert) => {
            let other = start_sim(cert).await;
            ldap.url = other.ldaps_url().unwrap().to_owned();
            ldap.trusted_ca_pems = vec![other.ca_pem().to_owned()];
            ldap_sim = Some(other);
        }
        Dir::Down => {
            let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            ldap.url = format!("ldaps://127.0.0.1:{}", free.local_addr().unwrap().port());
        }
        Dir::Slapd(_) | Dir::SlapdWrongCa => {
            let f = support::slapd()?;
            let var = if let Dir::Slapd(var) = row.dir {
                var
            } else {
                "BATON_TEST_SLAPD_LDAPS_URL"
            };
            let ca = if matches!(row.dir, Dir::SlapdWrongCa) {
                "BATON_TEST_SLAPD_WRONG_CA"
            } else {
                "BATON_TEST_SLAPD_CA"
            };
            ldap = LdapOptions {
                trusted_ca_pems: vec![f.pem(ca)],
                ..support::slapd_options(f, &f.var(var))
            };
            ldap.connect_timeout = Duration::from_secs(2);
            ldap.operation_timeout = Duration::from_secs(2);
        }
    }
    Some(World {
        sim,
        ldap_sim,
        settings,
        uem,
        ldap,
        store: FaultyStore {
            inner: MemoryStore::new(),
            mode: Arc::new(Mutex::new(row.keychain)),
        },
        prefs_dir: tempfile::tempdir().unwrap(),
    })
}

impl World {
    /// A fresh "process": a new UEM client, directory client and flow over the same Keychain
    /// and preferences.
    fn process(&self) -> Arc<AppFlow> {
        let direct = Direct::new(
            UemClient::new(self.uem.clone()).unwrap(),
            LdapDirectory::new(&self.ldap).unwrap(),
            DirectOptions::from_settings(&self.settings),
        );
        Flow::new(
            Services {
                authority: direct,
                store: self.store.clone(),
                prefs: PlistDirPreferences::new(self.prefs_dir.path()),
            },
            Arc::new(self.settings.clone()),
            Box::new(|_: &HandoffView| {}),
        )
    }

    fn heal(&self) {
        self.sim.clear_faults();
        self.sim.set_rate_limit(RateLimitConfig::default(), None);
        self.sim.set_starttls(true);
        *self.store.mode.lock().unwrap() = Keychain::Ok;
    }
}

/// What the screen says, as an [`End`] (None while the flow is still working).
fn end_of(view: &HandoffView) -> Option<End> {
    let code = |p: &baton_core::problem::UserFacing| -> &'static str { p.code };
    match view {
        HandoffView::Done { .. } => Some(End::Done),
        HandoffView::Assigned { .. } => Some(End::Assigned),
        HandoffView::SignIn {
            problem: Some(p), ..
        } => Some(End::SignIn(code(p))),
        HandoffView::Problem { problem, .. } => Some(End::Problem(code(problem))),
        HandoffView::Checking {
            detail: CheckingDetail::Offline { .. },
        } => Some(End::Offline),
        _ => None,
    }
}

/// Waits (polling, never timing) until `done` holds or `task` ends.
async fn until(task: &tokio::task::JoinHandle<()>, done: impl Fn() -> bool) {
    while !task.is_finished() && !done() {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Opens the dialog: the start screen's end, and whether it offers the sign-in.
async fn open(flow: &Arc<AppFlow>) -> (HandoffView, bool) {
    let starting = Arc::clone(flow);
    let task = tokio::spawn(async move { starting.start(SERIAL).await });
    until(&task, || {
        matches!(
            flow.view(),
            HandoffView::Checking {
                detail: CheckingDetail::Offline { .. }
            }
        )
    })
    .await;
    task.abort();
    let _ = task.await;
    let view = flow.view();
    let sign_in = matches!(view, HandoffView::SignIn { .. });
    (view, sign_in)
}

/// Presses Continue; with [`Kill::WhenPatchArrives`] the "process" dies as soon as the PATCH
/// reached UEM.
async fn submit(world: &World, flow: &Arc<AppFlow>, row: &Row) -> Option<End> {
    let (user, password) = row.who;
    let submitting = Arc::clone(flow);
    let task = tokio::spawn(async move {
        submitting
            .submit(user, SecretString::from(password.to_owned()))
            .await
    });
    if row.kill != Kill::Never {
        until(&task, || match row.kill {
            Kill::WhenPatchArrives => world.sim.count(Route::SwitchUser) > 0,
            _ => world.sim.owner(SERIAL).as_deref() == Some(user),
        })
        .await;
        task.abort();
        let _ = task.await;
        return Some(End::Killed);
    }
    task.await.unwrap();
    end_of(&flow.view())
}

/// Whether UEM applied this PATCH (its handler ran and answered success, or a fault struck
/// only after it).
fn applied(record: &RequestRecord) -> bool {
    match &record.fault {
        None => record.status.is_some_and(|s| (200..300).contains(&s)),
        Some(label) => label.contains("after handler") || label == "truncated_json",
    }
}

/// The three invariants, whatever the row's end, from the servers' records. Returns what is
/// wrong.
fn invariants(world: &World, row: &Row) -> Vec<String> {
    let patches: Vec<RequestRecord> = world
        .sim
        .requests()
        .into_iter()
        .filter(|r| r.route == Route::SwitchUser)
        .collect();
    check(
        &world.sim.owner(SERIAL).unwrap_or_default(),
        &world.store.inner.specs(),
        &patches,
        row,
    )
}

/// The invariants over the Mac's owner in UEM, the Keychain items and the PATCH requests.
fn check(owner: &str, items: &[ItemSpec], patches: &[RequestRecord], row: &Row) -> Vec<String> {
    let mut wrong = Vec::new();
    let person = row.who.0;
    if owner != "staging" && !(row.verified && owner == person) {
        wrong.push(format!(
            "the Mac is assigned to {owner:?}; verified: {}",
            if row.verified { person } else { "nobody" }
        ));
    }
    if !row.verified && !items.is_empty() {
        wrong.push(format!(
            "{} item(s) stored for an unverified person",
            items.len()
        ));
    }
    for item in items {
        if !item.account.to_lowercase().contains(person) {
            wrong.push(format!("an item for {:?} was stored", item.account));
        }
    }
    if let Some(first) = patches.iter().position(applied) {
        if patches.len() > first + 1 {
            wrong.push(format!(
                "{} PATCH(es) after one was applied: {:?}",
                patches.len() - first - 1,
                patches
                    .iter()
                    .map(|p| (p.status, p.fault.clone()))
                    .collect::<Vec<_>>()
            ));
        }
    }
    wrong
}

#[test]
fn the_checks_catch_each_violation() {
    let patch = |status: Option<u16>, fault: Option<&str>| -> RequestRecord {
        serde_json::from_value(serde_json::json!({
            "seq": 1, "timestamp": "2026-01-01T00:00:00Z", "method": "PATCH",
            "path": "/api/mdm/devices/2001/enrollmentuser/1002", "query": null,
            "route": "switch_user", "headers": {}, "principal": null, "api_version": 2,
            "status": status, "fault": fault,
        }))
        .unwrap()
    };
    let alice = row("", nothing, End::Done);
    let unverified = alice.who(ALICE, false);
    let item = |account: &str| ItemSpec::new("com.trusourcelabs.NoMAD", account);
    assert!(check(
        "alice",
        &[item("alice@EXAMPLE.TEST")],
        &[patch(Some(200), None)],
        &alice
    )
    .is_empty());
    // Assigned to someone the directory did not verify.
    assert_eq!(check("alice", &[], &[], &unverified).len(), 1);
    assert_eq!(check("bob", &[], &[], &alice).len(), 1);
    // A password stored for an unverified person, or under another name.
    assert_eq!(
        check("staging", &[item("alice@EXAMPLE.TEST")], &[], &unverified).len(),
        1
    );
    assert_eq!(
        check("alice", &[item("bob@EXAMPLE.TEST")], &[], &alice).len(),
        1
    );
    // A second PATCH after an applied one (answered, or applied and then cut off).
    assert_eq!(
        check(
            "alice",
            &[],
            &[patch(Some(200), None), patch(Some(200), None)],
            &alice
        )
        .len(),
        1
    );
    assert_eq!(
        check(
            "alice",
            &[],
            &[
                patch(None, Some("reset after handler")),
                patch(Some(200), None)
            ],
            &alice
        )
        .len(),
        1
    );
    // A repeat after one that was not applied is fine.
    assert!(check(
        "alice",
        &[],
        &[patch(None, Some("reset")), patch(Some(200), None)],
        &alice
    )
    .is_empty());
}

/// Runs one row: the ends seen (first, then after [`Then`]) and what is wrong.
async fn run(row: &Row) -> Option<(End, Option<End>, Vec<String>)> {
    let world = world(row).await?;
    let flow = world.process();
    let (view, sign_in) = open(&flow).await;
    let first = if sign_in {
        (row.arm)(&world.sim);
        submit(&world, &flow, row).await
    } else {
        end_of(&view)
    };
    let first = first.unwrap_or_else(|| panic!("{}: no end: {:?}", row.fault, flow.view()));
    let mut second = None;
    match row.then {
        Then::Nothing => {}
        Then::Retry => {
            world.heal();
            flow.retry().await;
            let view = flow.view();
            second = if matches!(view, HandoffView::SignIn { .. }) {
                submit(
                    &world,
                    &flow,
                    &Row {
                        kill: Kill::Never,
                        ..*row
                    },
                )
                .await
            } else {
                let (view, sign_in) = open(&flow).await;
                if sign_in {
                    submit(
                        &world,
                        &flow,
                        &Row {
                            kill: Kill::Never,
                            ..*row
                        },
                    )
                    .await
                } else {
                    end_of(&view)
                }
            };
        }
        Then::Restart => {
            drop(flow);
            world.heal();
            let flow = world.process();
            let (view, sign_in) = open(&flow).await;
            second = if sign_in {
                submit(
                    &world,
                    &flow,
                    &Row {
                        kill: Kill::Never,
                        ..*row
                    },
                )
                .await
            } else {
                end_of(&view)
            };
        }
    }
    let wrong = invariants(&world, row);
    drop(world.ldap_sim);
    Some((first, second, wrong))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_ends_where_the_table_says_and_never_hands_a_mac_to_the_wrong_person() {
    let rows = rows();
    assert!(rows.len() >= 30, "the matrix has {} rows", rows.len());
    let mut failures = Vec::new();
    let mut table = String::from("| fault | end | then |\n|---|---|---|\n");
    for row in &rows {
        let Some((first, second, wrong)) = run(row).await else {
            table.push_str(&format!("| {} | skipped (no slapd) | |\n", row.fault));
            continue;
        };
        table.push_str(&format!(
            "| {} | {first:?} | {} |\n",
            row.fault,
            second
                .as_ref()
                .map(|e| format!("{e:?}"))
                .unwrap_or_default()
        ));
        if first != row.end {
            failures.push(format!(
                "{}: ended {first:?}, expected {:?}",
                row.fault, row.end
            ));
        }
        if second != row.end_then {
            failures.push(format!(
                "{}: after {:?} ended {second:?}, expected {:?}",
                row.fault, row.then, row.end_then
            ));
        }
        for w in wrong {
            failures.push(format!("{}: {w}", row.fault));
        }
    }
    eprintln!("{table}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
