//! Starting a simulator and controlling it from a test: [`Sim::start`] → [`SimHandle`].

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::auth::TokenStore;
use crate::faults::{Fault, FaultRule, FaultSet};
use crate::latency::Latency;
use crate::ldap::seed::{AccountState, Directory};
use crate::ratelimit::{Quota, QuotaSnapshot, RateLimitConfig};
use crate::reqlog::{RequestLog, RequestRecord};
use crate::route::Route;
use crate::seed::{Device, DeviceNote, EventLogEntry, Registration, Seed, SeedError, User};
use crate::state::{CommandRecord, Tenant};
use crate::tls::TlsError;
use crate::{clock, config, ldap, routes, server, tls};

/// How to run a simulator (everything else comes from the [`Seed`]).
#[derive(Clone, Debug)]
pub struct SimOptions {
    /// Port on 127.0.0.1; 0 (the default) picks a free one.
    pub port: u16,
    /// Delay added to every token and API request.
    pub latency: Duration,
    /// How many requests the log keeps (the oldest are dropped).
    pub request_log_capacity: usize,
    /// Whether to serve the seed's directory over LDAP (default true).
    pub ldap: bool,
    /// LDAPS port on 127.0.0.1; 0 (the default) picks a free one.
    pub ldaps_port: u16,
    /// Plain LDAP port (StartTLS mandatory) on 127.0.0.1; 0 (the default) picks a free one.
    pub ldap_port: u16,
    /// The server certificate (HTTPS and LDAP): valid by default; expired or naming another
    /// host for the TLS fault tests.
    pub server_cert: ServerCert,
}

/// Which server certificate the simulator presents, signed by its CA either way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ServerCert {
    /// Names `localhost`, `127.0.0.1` and `::1`; valid now.
    #[default]
    Valid,
    /// The same names, but its validity ended yesterday.
    Expired,
    /// Valid now, but names only `uem.elsewhere.test`: every address of the simulator is a
    /// hostname mismatch.
    OtherHost,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            port: 0,
            latency: Duration::ZERO,
            request_log_capacity: 10_000,
            ldap: true,
            ldaps_port: 0,
            ldap_port: 0,
            server_cert: ServerCert::Valid,
        }
    }
}

/// Why a simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error(transparent)]
    Seed(#[from] SeedError),
    #[error(transparent)]
    Tls(#[from] TlsError),
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind { port: u16, source: std::io::Error },
    #[error("cannot start a runtime for the simulator: {0}")]
    Io(std::io::Error),
}

/// Everything the routes and the handle share.
pub(crate) struct Shared {
    pub seed: Seed,
    pub options: SimOptions,
    pub base_url: String,
    pub ca_pem: String,
    pub tenant: Mutex<Tenant>,
    pub tokens: Mutex<TokenStore>,
    pub log: Mutex<RequestLog>,
    pub faults: Mutex<FaultSet>,
    pub latency: Mutex<Latency>,
    pub quota: Mutex<Quota>,
    /// `ldaps://127.0.0.1:PORT` and `ldap://127.0.0.1:PORT` (None with LDAP off).
    pub ldaps_url: Option<String>,
    pub ldap_url: Option<String>,
    /// The seed's directory with the live account states.
    pub directory: Mutex<Directory>,
}

/// Locks a mutex; a panic elsewhere while holding it does not make the state unusable.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    /// The current tenant data in seed form (`GET /_sim/state`).
    pub(crate) fn state(&self) -> Seed {
        let tenant = lock(&self.tenant);
        Seed {
            users: tenant.users.clone(),
            devices: tenant.devices.clone(),
            registrations: tenant.registrations.clone(),
            directory: lock(&self.directory).clone(),
            ..self.seed.clone()
        }
    }

    /// Back to the seed: tenant data, commands, faults, latency and quota. Issued tokens and
    /// the request log are kept.
    pub(crate) fn reset(&self) {
        *lock(&self.tenant) = Tenant::from_seed(&self.seed, &clock::uem_now());
        lock(&self.faults).clear();
        *lock(&self.latency) = Latency::new(self.options.latency);
        *lock(&self.quota) = Quota::new(self.seed.behavior.rate_limit.clone(), clock::epoch_secs());
        *lock(&self.directory) = self.seed.directory.clone();
    }

    pub(crate) fn device_by_serial(&self, serial: &str) -> Option<Device> {
        lock(&self.tenant)
            .devices
            .iter()
            .find(|d| d.serial_number.eq_ignore_ascii_case(serial))
            .cloned()
    }

    /// The event log of the device with this serial, newest first.
    pub(crate) fn event_log(&self, serial: &str) -> Option<Vec<EventLogEntry>> {
        let tenant = lock(&self.tenant);
        let device = tenant
            .devices
            .iter()
            .find(|d| d.serial_number.eq_ignore_ascii_case(serial))?;
        let entries = tenant.event_log(device.id)?;
        Some(entries.into_iter().cloned().collect())
    }

    pub(crate) fn token_url(&self) -> String {
        format!("{}/connect/token", self.base_url)
    }

    pub(crate) fn baton_config(&self) -> Value {
        config::baton_config(
            &self.seed,
            &self.base_url,
            &self.token_url(),
            &self.ca_pem,
            self.ldaps_url.as_deref(),
        )
    }
}

/// Starts simulators.
pub struct Sim;

impl Sim {
    /// Validates the seed, makes fresh certificates, listens on 127.0.0.1 and serves HTTPS
    /// on the current Tokio runtime until [`SimHandle::shutdown`] (or the handle is dropped).
    pub async fn start(seed: Seed, options: SimOptions) -> Result<SimHandle, SimError> {
        let mut seed = seed;
        seed.fill_defaults();
        seed.validate()?;
        let tls = tls::generate(options.server_cert)?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port))
            .await
            .map_err(|source| SimError::Bind {
                port: options.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| SimError::Bind {
            port: options.port,
            source,
        })?;
        let base_url = format!("https://{addr}");
        let ldap_listeners = if options.ldap {
            Some(ldap::bind(options.ldaps_port, options.ldap_port).await?)
        } else {
            None
        };
        let shared = Arc::new(Shared {
            ldaps_url: ldap_listeners
                .as_ref()
                .map(|l| format!("ldaps://{}", l.ldaps_addr)),
            ldap_url: ldap_listeners
                .as_ref()
                .map(|l| format!("ldap://{}", l.ldap_addr)),
            directory: Mutex::new(seed.directory.clone()),
            tenant: Mutex::new(Tenant::from_seed(&seed, &clock::uem_now())),
            tokens: Mutex::new(TokenStore::default()),
            log: Mutex::new(RequestLog::new(options.request_log_capacity)),
            faults: Mutex::new(FaultSet::default()),
            latency: Mutex::new(Latency::new(options.latency)),
            quota: Mutex::new(Quota::new(
                seed.behavior.rate_limit.clone(),
                clock::epoch_secs(),
            )),
            seed,
            options,
            base_url,
            ca_pem: tls.ca_pem,
        });
        let (stop, stopped) = watch::channel(false);
        let app = routes::router(shared.clone());
        let ldap_tasks = match ldap_listeners {
            Some(listeners) => {
                tracing::info!(
                    ldaps = %listeners.ldaps_addr,
                    starttls = %listeners.ldap_addr,
                    "uem-sim LDAP listening"
                );
                ldap::spawn(
                    listeners,
                    tls.ldap_server_config,
                    shared.clone(),
                    stopped.clone(),
                )
            }
            None => Vec::new(),
        };
        let task = tokio::spawn(server::serve(listener, tls.server_config, app, stopped));
        tracing::info!(url = %shared.base_url, "uem-sim listening");
        Ok(SimHandle {
            shared,
            addr,
            stop,
            task: Some(task),
            ldap_tasks,
        })
    }
}

/// A running simulator. Dropping it stops the server too.
pub struct SimHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
    ldap_tasks: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle")
            .field("base_url", &self.shared.base_url)
            .finish_non_exhaustive()
    }
}

impl SimHandle {
    /// `https://127.0.0.1:PORT` — Baton's `UEMAPIURL`.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// `https://127.0.0.1:PORT/connect/token` — Baton's `UEMOAuthTokenURL`.
    pub fn token_url(&self) -> String {
        self.shared.token_url()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `ldaps://127.0.0.1:PORT` — Baton's `LDAPURL`; `None` when LDAP is off
    /// (`SimOptions::ldap` false, `--no-ldap`).
    pub fn ldaps_url(&self) -> Option<&str> {
        self.shared.ldaps_url.as_deref()
    }

    /// `ldap://127.0.0.1:PORT`, where a bind needs StartTLS first; `None` when LDAP is off.
    pub fn ldap_url(&self) -> Option<&str> {
        self.shared.ldap_url.as_deref()
    }

    /// Whether the plain LDAP port accepts StartTLS (seed `directory.starttls`, default on);
    /// [`SimHandle::reset`] restores the seed's setting.
    pub fn set_starttls(&self, on: bool) {
        lock(&self.shared.directory).starttls = on;
    }

    /// Changes a directory account's state (e.g. lock `alice` for one test); `false` when
    /// the directory has no such user. [`SimHandle::reset`] restores the seed's states.
    pub fn set_account_state(&self, username: &str, state: AccountState) -> bool {
        match lock(&self.shared.directory).user_mut(username) {
            Some(user) => {
                user.state = state;
                true
            }
            None => false,
        }
    }

    /// Turns the directory's "Who am I?" answer on or off (seed `directory.whoami`); off, the
    /// request gets protocolError (2) as from a server without it. [`SimHandle::reset`]
    /// restores the seed's setting.
    pub fn set_whoami(&self, on: bool) {
        lock(&self.shared.directory).whoami = on;
    }

    /// PEM of this run's throwaway CA, to trust in a client.
    pub fn ca_pem(&self) -> &str {
        &self.shared.ca_pem
    }

    /// The seed the simulator started from.
    pub fn seed(&self) -> &Seed {
        &self.shared.seed
    }

    /// A Baton JSON configuration pointing at this simulator (see the README).
    pub fn baton_config(&self) -> Value {
        self.shared.baton_config()
    }

    /// The request log, oldest first.
    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.shared.log).entries()
    }

    pub fn clear_requests(&self) {
        lock(&self.shared.log).clear();
    }

    /// How many logged requests went to `route`.
    pub fn count(&self, route: Route) -> usize {
        lock(&self.shared.log)
            .entries()
            .iter()
            .filter(|r| r.route == route)
            .count()
    }

    /// Replaces the faults of `route` with `fault`.
    pub fn set_fault(&self, route: Route, fault: Fault) {
        lock(&self.shared.faults).set(Some(route), fault);
    }

    /// Appends a rule after the existing ones (rules fire in order, first match wins).
    pub fn add_fault(&self, rule: FaultRule) {
        lock(&self.shared.faults).add(rule);
    }

    /// The rules still active (one-shot rules disappear once spent).
    pub fn faults(&self) -> Vec<FaultRule> {
        lock(&self.shared.faults).rules()
    }

    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// Sets the global delay (`route` = `None`) or a route's extra delay (zero removes it).
    pub fn set_latency(&self, route: Option<Route>, delay: Duration) {
        lock(&self.shared.latency).set(route, delay);
    }

    /// Replaces the quota settings and starts a new window with `remaining` requests left
    /// (`None` = the whole limit).
    pub fn set_rate_limit(&self, config: RateLimitConfig, remaining: Option<u64>) {
        lock(&self.shared.quota).configure(config, remaining, clock::epoch_secs());
    }

    /// The quota as the next answer's headers would show it (before counting that request).
    pub fn rate_limit(&self) -> QuotaSnapshot {
        lock(&self.shared.quota).snapshot()
    }

    /// The enrollment user of the device with this serial (`None`: no such device, or none).
    pub fn owner(&self, serial: &str) -> Option<String> {
        self.device_by_serial(serial).and_then(|d| d.user)
    }

    pub fn device_by_serial(&self, serial: &str) -> Option<Device> {
        self.shared.device_by_serial(serial)
    }

    /// The notes of the device with this serial, oldest first (empty: no such device, or
    /// no notes).
    pub fn notes(&self, serial: &str) -> Vec<DeviceNote> {
        self.device_by_serial(serial)
            .map(|d| d.notes)
            .unwrap_or_default()
    }

    /// The event log of the device with this serial, newest first (empty: no such device,
    /// or no entries).
    pub fn event_log(&self, serial: &str) -> Vec<EventLogEntry> {
        self.shared.event_log(serial).unwrap_or_default()
    }

    /// The registration records, oldest first.
    pub fn registrations(&self) -> Vec<Registration> {
        lock(&self.shared.tenant).registrations.clone()
    }

    pub fn device(&self, id: i64) -> Option<Device> {
        lock(&self.shared.tenant).device(id).cloned()
    }

    pub fn user_by_username(&self, username: &str) -> Option<User> {
        lock(&self.shared.tenant).user_by_name(username).cloned()
    }

    /// The whole current state in seed form.
    pub fn state(&self) -> Seed {
        self.shared.state()
    }

    /// Device commands accepted so far, oldest first.
    pub fn commands(&self) -> Vec<CommandRecord> {
        lock(&self.shared.tenant).commands.clone()
    }

    /// Invalidates every issued access token (the next API call gets 401).
    pub fn expire_tokens(&self) {
        lock(&self.shared.tokens).expire_all();
    }

    /// Resets tenant data, commands, faults, latency, quota and directory account states (and
    /// WhoAmI) to the seed.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Stops listening, drops every open connection and waits for the server task.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        for task in self.ldap_tasks.drain(..) {
            let _ = task.await;
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
