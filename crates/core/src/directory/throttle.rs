//! Local attempt limit, so that Baton's own form is not the thing that locks a directory account
//! and a kiosk cannot be used to guess passwords quickly.
//!
//! What it guarantees: through Baton's form on this machine, one username gets at most
//! `max_attempts` failures within the directory's observation window (the first wait is at least
//! `observation_window`), so with `MaxAttempts` below the directory's lockout threshold the form
//! cannot lock an account. What it does not: the state is the user's own file (deleting it, or
//! another `HOME`, starts afresh), and nothing stops other tools on the Mac from binding to the
//! directory. It is a courtesy and a speed bump, not a control: the directory's lockout policy —
//! and, with a relay, the relay's per-account limit (RELAY.md) — is.
//!
//! Two limits, both checked before a verification and both persisted across restarts in one JSON
//! file in the directory the caller passes (the app-data directory):
//!
//! * **Per user** (keyed by the normalised username): after `max_attempts` failed verifications in a
//!   row, the next attempt must wait `lockout`; every further failure doubles the wait, up to
//!   `max_lockout`. A success clears the user's record; a record idle for `forget_after` is dropped.
//! * **Global** (all usernames together): at most `global_max_attempts` failures within
//!   `global_window`; then attempts wait until the oldest failure leaves the window. Successes do
//!   not reset it, so one valid account cannot launder guesses at others.
//!
//! Only verifications the directory judged count (wrong password, locked, disabled …; see
//! [`DirectoryError::is_credential_rejection`]); unreachable servers and TLS failures do not.
//!
//! The file stores no secret and not even the usernames in clear (people sometimes type their
//! password into the username field): keys are SHA-256 of a per-file random salt and the name.
//! Times come from an injected [`Clock`], so tests never sleep. If the wall clock jumps backwards,
//! waits are capped at `max_lockout` / `global_window` instead of growing.
//!
//! Concurrent Baton processes sharing one file are not coordinated (last writer wins); there is one
//! Baton per user session.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::error::DirectoryError;
use super::username::{normalize_username, NormalizedUsername};
use super::{BoxFuture, Directory, VerifiedUser};

/// Source of the current time.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Now, as wall-clock time (persisted state must survive restarts, so not `Instant`).
    fn now(&self) -> SystemTime;
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// Limits. `MaxAttempts` and `LockoutSeconds` from the configuration map to [`Self::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleOptions {
    /// Failures in a row before a user must wait (`MaxAttempts`, default 5; 0 is treated as 1).
    pub max_attempts: u32,
    /// First wait (`LockoutSeconds`, default 60 s); doubles with every further failure.
    pub lockout: Duration,
    /// Longest wait (default 1 hour, never less than `lockout`).
    pub max_lockout: Duration,
    /// Failures of all users together allowed within `global_window` (default 4 × `max_attempts`).
    pub global_max_attempts: u32,
    /// Window of the global limit (default 15 minutes).
    pub global_window: Duration,
    /// A user's record is dropped after this long without a failure (default 24 hours).
    pub forget_after: Duration,
    /// The directory's observation window (`DirectoryObservationSeconds`): no wait is shorter,
    /// so the directory has forgotten the failures when the next attempt comes. Zero in
    /// [`Self::new`]; see [`Self::with_observation_window`].
    pub observation_window: Duration,
}

impl ThrottleOptions {
    /// The configured `MaxAttempts` and `LockoutSeconds`, with the other limits derived.
    pub fn new(max_attempts: u32, lockout: Duration) -> Self {
        let max_attempts = max_attempts.max(1);
        ThrottleOptions {
            max_attempts,
            lockout,
            max_lockout: lockout.max(Duration::from_secs(3600)),
            global_max_attempts: max_attempts.saturating_mul(4),
            global_window: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(24 * 3600),
            observation_window: Duration::ZERO,
        }
    }

    /// No wait shorter than `window` (and the longest wait at least as long).
    pub fn with_observation_window(mut self, window: Duration) -> Self {
        self.observation_window = window;
        self.max_lockout = self.max_lockout.max(window);
        self
    }
}

impl Default for ThrottleOptions {
    fn default() -> Self {
        ThrottleOptions::new(5, Duration::from_secs(60))
    }
}

/// Which limit refused the attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleScope {
    /// This username failed too often.
    User,
    /// Too many failures across all usernames.
    Global,
}

/// An attempt refused by the local limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttled {
    /// How long until an attempt is allowed again (never zero).
    pub retry_after: Duration,
    /// Which limit applies.
    pub scope: ThrottleScope,
}

impl From<Throttled> for DirectoryError {
    fn from(t: Throttled) -> Self {
        DirectoryError::Throttled {
            retry_after: t.retry_after,
        }
    }
}

/// The persisted state: one file, version 1.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct State {
    version: u32,
    /// Hex; makes the username hashes specific to this file.
    salt: String,
    /// Keyed by hex SHA-256(salt ‖ 0 ‖ normalised username).
    users: BTreeMap<String, UserRecord>,
    /// Unix milliseconds of recent failures of any user, oldest first.
    global_failures: Vec<u64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
struct UserRecord {
    failures: u32,
    last_failure_ms: u64,
    locked_until_ms: u64,
}

const STATE_VERSION: u32 = 1;

/// The local attempt limit. See the module documentation.
#[derive(Debug)]
pub struct Throttle {
    path: PathBuf,
    options: ThrottleOptions,
    clock: Arc<dyn Clock>,
    state: Mutex<State>,
}

impl Throttle {
    /// Name of the state file inside the directory passed to [`Self::open`].
    pub const FILE_NAME: &'static str = "directory-throttle.json";

    /// Opens (or starts) the state in `state_dir` with the system clock. Never fails: an unreadable
    /// or corrupt file is logged and replaced.
    pub fn open(state_dir: &Path, options: ThrottleOptions) -> Self {
        Self::with_clock(state_dir, options, Arc::new(SystemClock))
    }

    /// As [`Self::open`], with an injected clock.
    pub fn with_clock(state_dir: &Path, options: ThrottleOptions, clock: Arc<dyn Clock>) -> Self {
        let path = state_dir.join(Self::FILE_NAME);
        let state = match fs::read(&path) {
            Ok(bytes) => match serde_json::from_slice::<State>(&bytes) {
                Ok(s) if s.version == STATE_VERSION && !s.salt.is_empty() => s,
                Ok(_) | Err(_) => {
                    tracing::warn!(
                        target: "baton::directory",
                        path = %path.display(),
                        "throttle state unreadable; starting afresh"
                    );
                    fresh_state()
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => fresh_state(),
            Err(e) => {
                tracing::warn!(target: "baton::directory", path = %path.display(), "throttle state not readable: {e}");
                fresh_state()
            }
        };
        Throttle {
            path,
            options,
            clock,
            state: Mutex::new(state),
        }
    }

    /// The state file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The limits in force.
    pub fn options(&self) -> &ThrottleOptions {
        &self.options
    }

    /// May `user` attempt a verification now?
    pub fn check(&self, user: &NormalizedUsername) -> Result<(), Throttled> {
        let now = self.now_ms();
        let state = self.lock();
        let key = user_key(&state.salt, user);
        if let Some(record) = state.users.get(&key) {
            if record.locked_until_ms > now {
                let wait = (record.locked_until_ms - now).min(millis(self.options.max_lockout));
                return Err(Throttled {
                    retry_after: at_least_a_second(wait),
                    scope: ThrottleScope::User,
                });
            }
        }
        let window = millis(self.options.global_window);
        let recent: Vec<u64> = state
            .global_failures
            .iter()
            .copied()
            .filter(|t| t.saturating_add(window) > now)
            .collect();
        if recent.len() as u64 >= u64::from(self.options.global_max_attempts.max(1)) {
            let oldest = recent.iter().copied().min().unwrap_or(now);
            let wait = (oldest.saturating_add(window).saturating_sub(now)).min(window);
            return Err(Throttled {
                retry_after: at_least_a_second(wait),
                scope: ThrottleScope::Global,
            });
        }
        Ok(())
    }

    /// Records a failed verification of `user`; returns the wait now imposed on that user, if any.
    pub fn record_failure(&self, user: &NormalizedUsername) -> Option<Duration> {
        let now = self.now_ms();
        let mut state = self.lock();
        self.prune(&mut state, now);
        let key = user_key(&state.salt, user);
        let record = state.users.entry(key).or_default();
        record.failures = record.failures.saturating_add(1);
        record.last_failure_ms = now;
        let wait = self.lockout_after(record.failures);
        if let Some(wait) = wait {
            record.locked_until_ms = now.saturating_add(millis(wait));
        }
        state.global_failures.push(now);
        let keep = self.options.global_max_attempts.max(1) as usize;
        if state.global_failures.len() > keep {
            let excess = state.global_failures.len() - keep;
            state.global_failures.drain(..excess);
        }
        self.save(&state);
        if let Some(wait) = wait {
            tracing::warn!(
                target: "baton::directory",
                wait_s = wait.as_secs(),
                "repeated failed sign-ins: further attempts for this user wait"
            );
        }
        wait
    }

    /// Records a successful verification: clears `user`'s failures (not the global ones).
    pub fn record_success(&self, user: &NormalizedUsername) {
        let now = self.now_ms();
        let mut state = self.lock();
        let key = user_key(&state.salt, user);
        let removed = state.users.remove(&key).is_some();
        let pruned = self.prune(&mut state, now);
        if removed || pruned {
            self.save(&state);
        }
    }

    /// The wait after the `failures`-th failure in a row, if any.
    fn lockout_after(&self, failures: u32) -> Option<Duration> {
        let max = self.options.max_attempts.max(1);
        if failures < max {
            return None;
        }
        let doublings = (failures - max).min(31);
        let wait = self
            .options
            .lockout
            .checked_mul(1u32 << doublings)
            .unwrap_or(self.options.max_lockout);
        Some(
            wait.min(self.options.max_lockout.max(self.options.lockout))
                .max(self.options.observation_window),
        )
    }

    /// Drops idle user records and failures outside the global window; true if anything changed.
    fn prune(&self, state: &mut State, now: u64) -> bool {
        let forget = millis(self.options.forget_after);
        let before = state.users.len();
        state.users.retain(|_, r| {
            r.locked_until_ms > now || r.last_failure_ms.saturating_add(forget) > now
        });
        let window = millis(self.options.global_window);
        let global_before = state.global_failures.len();
        state
            .global_failures
            .retain(|t| t.saturating_add(window) > now);
        before != state.users.len() || global_before != state.global_failures.len()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves consistent data (every change is a plain store).
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn now_ms(&self) -> u64 {
        self.clock
            .now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }

    /// Writes the state atomically (temporary file + rename). Failures are logged: the in-memory
    /// limit still applies to this process.
    fn save(&self, state: &State) {
        if let Err(e) = write_atomically(&self.path, state) {
            tracing::warn!(
                target: "baton::directory",
                path = %self.path.display(),
                "throttle state not saved: {e}"
            );
        }
    }
}

fn write_atomically(path: &Path, state: &State) -> std::io::Result<()> {
    let bytes = serde_json::to_vec_pretty(state).map_err(std::io::Error::other)?;
    baton_platform::fs::write_private_atomic(path, &bytes)
}

fn fresh_state() -> State {
    let mut salt = [0u8; 16];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut salt)
        .expect("the operating system's random number generator failed");
    State {
        version: STATE_VERSION,
        salt: hex(&salt),
        users: BTreeMap::new(),
        global_failures: Vec::new(),
    }
}

fn user_key(salt: &str, user: &NormalizedUsername) -> String {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    ctx.update(salt.as_bytes());
    ctx.update(&[0]);
    ctx.update(user.as_str().as_bytes());
    hex(ctx.finish().as_ref())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Waits are reported in whole seconds to people; never report "0 s".
fn at_least_a_second(ms: u64) -> Duration {
    Duration::from_millis(ms).max(Duration::from_secs(1))
}

/// Any [`Directory`] behind the local attempt limit: refused attempts never reach the directory
/// and end as [`DirectoryError::Throttled`] (exit code 9).
#[derive(Debug)]
pub struct ThrottledDirectory<D> {
    inner: D,
    throttle: Throttle,
}

impl<D> ThrottledDirectory<D> {
    /// Wraps `inner`.
    pub fn new(inner: D, throttle: Throttle) -> Self {
        ThrottledDirectory { inner, throttle }
    }

    /// The limit in front of the directory.
    pub fn throttle(&self) -> &Throttle {
        &self.throttle
    }

    /// The wrapped directory.
    pub fn inner(&self) -> &D {
        &self.inner
    }
}

impl<D: Directory> Directory for ThrottledDirectory<D> {
    fn verify<'a>(
        &'a self,
        username: &'a str,
        password: &'a SecretString,
    ) -> BoxFuture<'a, Result<VerifiedUser, DirectoryError>> {
        Box::pin(async move {
            let user = match normalize_username(username) {
                Ok(user) => user,
                Err(problem) => {
                    return Err(DirectoryError::InvalidUsername {
                        reason: problem.as_str(),
                    })
                }
            };
            if let Err(throttled) = self.throttle.check(&user) {
                tracing::warn!(
                    target: "baton::directory",
                    scope = ?throttled.scope,
                    retry_after_s = throttled.retry_after.as_secs(),
                    "sign-in attempt throttled locally"
                );
                return Err(throttled.into());
            }
            let result = self.inner.verify(username, password).await;
            match &result {
                Ok(_) => self.throttle.record_success(&user),
                Err(e) if e.is_credential_rejection() => {
                    self.throttle.record_failure(&user);
                }
                Err(_) => {}
            }
            result
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// A clock the test moves by hand.
    #[derive(Debug)]
    struct FakeClock(Mutex<SystemTime>);

    impl FakeClock {
        fn new() -> Arc<Self> {
            Arc::new(FakeClock(Mutex::new(
                UNIX_EPOCH + Duration::from_secs(1_800_000_000),
            )))
        }
        fn advance(&self, d: Duration) {
            *self.0.lock().unwrap() += d;
        }
        fn rewind(&self, d: Duration) {
            *self.0.lock().unwrap() -= d;
        }
    }

    impl Clock for FakeClock {
        fn now(&self) -> SystemTime {
            *self.0.lock().unwrap()
        }
    }

    fn user(name: &str) -> NormalizedUsername {
        normalize_username(name).unwrap()
    }

    fn opts() -> ThrottleOptions {
        ThrottleOptions::new(3, Duration::from_secs(60))
    }

    #[test]
    fn the_first_wait_is_at_least_the_directorys_observation_window() {
        let options = ThrottleOptions::new(3, Duration::from_secs(60))
            .with_observation_window(Duration::from_secs(600));
        let dir = tempfile::tempdir().unwrap();
        let throttle = Throttle::open(dir.path(), options);
        assert_eq!(throttle.lockout_after(2), None);
        assert_eq!(throttle.lockout_after(3), Some(Duration::from_secs(600)));
        // Doubling takes over once it exceeds the window: 60 s × 2⁴.
        assert_eq!(throttle.lockout_after(7), Some(Duration::from_secs(960)));
        // Without a window the configured lockout stands.
        let plain = Throttle::open(dir.path(), ThrottleOptions::new(3, Duration::from_secs(60)));
        assert_eq!(plain.lockout_after(3), Some(Duration::from_secs(60)));
    }

    #[test]
    fn locks_after_max_attempts_with_growing_backoff() {
        let dir = tempfile::tempdir().unwrap();
        let clock = FakeClock::new();
        let t = Throttle::with_clock(dir.path(), opts(), clock.clone());
        let jdoe = user("jdoe");

        assert_eq!(t.record_failure(&jdoe), None);
        assert_eq!(t.record_failure(&jdoe), None);
        assert!(t.check(&jdoe).is_ok(), "two failures are allowed");
        assert_eq!(t.record_failure(&jdoe), Some(Duration::from_secs(60)));
        let err = t.check(&jdoe).unwrap_err();
        assert_eq!(err.scope, ThrottleScope::User);
        assert_eq!(err.retry_after, Duration::from_secs(60));

        clock.advance(Duration::from_secs(59));
        assert_eq!(
            t.check(&jdoe).unwrap_err().retry_after,
            Duration::from_secs(1)
        );
        clock.advance(Duration::from_secs(1));
        assert!(t.check(&jdoe).is_ok(), "lockout over");

        // Each further failure doubles the wait.
        assert_eq!(t.record_failure(&jdoe), Some(Duration::from_secs(120)));
        clock.advance(Duration::from_secs(120));
        assert_eq!(t.record_failure(&jdoe), Some(Duration::from_secs(240)));
        assert_eq!(
            t.check(&jdoe).unwrap_err().retry_after,
            Duration::from_secs(240)
        );

        // Other users are not affected by jdoe's lock.
        assert!(t.check(&user("asmith")).is_ok());
    }

    #[test]
    fn backoff_is_capped() {
        let dir = tempfile::tempdir().unwrap();
        let clock = FakeClock::new();
        let mut o = ThrottleOptions::new(1, Duration::from_secs(60));
        o.global_max_attempts = 1000;
        let t = Throttle::with_clock(dir.path(), o, clock.clone());
        let jdoe = user("jdoe");
        let mut last = Duration::ZERO;
        for _ in 0..80 {
            last = t.record_failure(&jdoe).unwrap();
            clock.advance(last);
        }
        assert_eq!(last, Duration::from_secs(3600));
    }

    #[test]
    fn success_clears_the_user_record() {
        let dir = tempfile::tempdir().unwrap();
        let clock = FakeClock::new();
        let t = Throttle::with_clock(dir.path(), opts(), clock.clone());
        let jdoe = user("jdoe");
        t.record_failure(&jdoe);
        t.record_failure(&jdoe);
        t.record_success(&jdoe);
        assert_eq!(t.record_failure(&jdoe), None, "count started again");
        assert_eq!(t.record_failure(&jdoe), None);
        assert!(t.record_failure(&jdoe).is_some());
    }

    #[test]
    fn all_spellings_of_a_user_share_one_record() {
        let dir = tempfile::tempdir().unwrap();
        let t = Throttle::with_clock(dir.path(), opts(), FakeClock::new());
        t.record_failure(&user("JDoe"));
        t.record_failure(&user("jdoe@example.com"));
        t.record_failure(&user("EXAMPLE\\jdoe"));
        assert!(t.check(&user(" jdoe ")).is_err());

        // Composed and decomposed Unicode are one user: alternating them gains no attempts.
        t.record_failure(&user("J\u{fc}rgen"));
        t.record_failure(&user("ju\u{308}rgen"));
        t.record_failure(&user("JU\u{308}RGEN@example.com"));
        assert!(t.check(&user("j\u{fc}rgen")).is_err());
    }

    #[test]
    fn state_survives_a_restart_and_holds_no_names() {
        let dir = tempfile::tempdir().unwrap();
        let clock = FakeClock::new();
        {
            let t = Throttle::with_clock(dir.path(), opts(), clock.clone());
            for _ in 0..3 {
                t.record_failure(&user("Secret-Looking-Name"));
            }
        }
        let raw = fs::read_to_string(dir.path().join(Throttle::FILE_NAME)).unwrap();
        assert!(!raw.to_lowercase().contains("secret-looking-name"), "{raw}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join(Throttle::FILE_NAME))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "state file is private: {mode:o}");
        }
        clock.advance(Duration::from_secs(10));
        let again = Throttle::with_clock(dir.path(), opts(), clock.clone());
        let err = again.check(&user("secret-looking-name")).unwrap_err();
        assert_eq!(err.retry_after, Duration::from_secs(50));
    }

    #[test]
    fn corrupt_state_starts_afresh() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(Throttle::FILE_NAME), b"{ not json").unwrap();
        let t = Throttle::with_clock(dir.path(), opts(), FakeClock::new());
        assert!(t.check(&user("jdoe")).is_ok());
        t.record_failure(&user("jdoe"));
        let raw = fs::read_to_string(t.path()).unwrap();
        assert!(raw.contains("\"version\": 1"), "{raw}");
    }

    #[test]
    fn global_limit_spans_usernames_and_slides() {
        let dir = tempfile::tempdir().unwrap();
        let clock = FakeClock::new();
        let mut o = opts();
        o.global_max_attempts = 4;
        o.global_window = Duration::from_secs(600);
        let t = Throttle::with_clock(dir.path(), o, clock.clone());
        for (i, name) in ["a", "b", "c", "d"].iter().enumerate() {
            assert!(t.check(&user(name)).is_ok(), "attempt {i}");
            t.record_failure(&user(name));
            clock.advance(Duration::from_secs(10));
        }
        let err = t.check(&user("e")).unwrap_err();
        assert_eq!(err.scope, ThrottleScope::Global);
        // The first failure was 40 s ago; it leaves the window in 560 s.
        assert_eq!(err.retry_after, Duration::from_secs(560));
        // A success does not launder the global count.
        t.record_success(&user("e"));
        assert!(t.check(&user("f")).is_err());
        clock.advance(Duration::from_secs(560));
        assert!(
            t.check(&user("f")).is_ok(),
            "oldest failure left the window"
        );
    }

    #[test]
    fn idle_records_are_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let clock = FakeClock::new();
        let t = Throttle::with_clock(dir.path(), opts(), clock.clone());
        t.record_failure(&user("jdoe"));
        t.record_failure(&user("jdoe"));
        clock.advance(Duration::from_secs(25 * 3600));
        assert_eq!(
            t.record_failure(&user("jdoe")),
            None,
            "old failures forgotten"
        );
    }

    #[test]
    fn clock_going_backwards_never_lengthens_the_wait_beyond_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let clock = FakeClock::new();
        let t = Throttle::with_clock(dir.path(), opts(), clock.clone());
        for _ in 0..3 {
            t.record_failure(&user("jdoe"));
        }
        clock.rewind(Duration::from_secs(10 * 24 * 3600));
        let err = t.check(&user("jdoe")).unwrap_err();
        assert!(err.retry_after <= t.options().max_lockout, "{err:?}");
    }

    #[test]
    fn zero_max_attempts_means_one() {
        let o = ThrottleOptions::new(0, Duration::from_secs(30));
        assert_eq!(o.max_attempts, 1);
        assert_eq!(o.global_max_attempts, 4);
        assert_eq!(o.max_lockout, Duration::from_secs(3600));
        assert_eq!(ThrottleOptions::default().max_attempts, 5);
    }

    #[test]
    fn unwritable_directory_still_throttles_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-dir");
        fs::write(&file, b"x").unwrap();
        let t = Throttle::with_clock(&file, opts(), FakeClock::new());
        for _ in 0..3 {
            t.record_failure(&user("jdoe"));
        }
        assert!(t.check(&user("jdoe")).is_err());
    }

    /// A scripted directory that counts calls.
    #[derive(Debug)]
    struct Scripted {
        calls: AtomicU32,
        answer: fn(&str) -> Result<VerifiedUser, DirectoryError>,
    }

    impl Directory for Scripted {
        fn verify<'a>(
            &'a self,
            username: &'a str,
            _password: &'a SecretString,
        ) -> BoxFuture<'a, Result<VerifiedUser, DirectoryError>> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move { (self.answer)(username) })
        }
    }

    fn ok_user(name: &str) -> Result<VerifiedUser, DirectoryError> {
        Ok(VerifiedUser {
            short_name: name.to_string(),
            upn: None,
            display_name: None,
            email: None,
            dn: format!("uid={name}"),
            domain: None,
            realm: None,
            groups: Vec::new(),
            directory_id: None,
        })
    }

    #[tokio::test]
    async fn throttled_directory_stops_calling_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let clock = FakeClock::new();
        let inner = Scripted {
            calls: AtomicU32::new(0),
            answer: |_| Err(DirectoryError::InvalidCredentials),
        };
        let d = ThrottledDirectory::new(
            inner,
            Throttle::with_clock(dir.path(), opts(), clock.clone()),
        );
        let pw = SecretString::from("wrong".to_string());
        for _ in 0..3 {
            assert_eq!(
                d.verify("jdoe", &pw).await,
                Err(DirectoryError::InvalidCredentials)
            );
        }
        let fourth = d.verify("JDOE@example.com", &pw).await;
        assert_eq!(
            fourth,
            Err(DirectoryError::Throttled {
                retry_after: Duration::from_secs(60)
            })
        );
        assert_eq!(
            d.inner().calls.load(Ordering::SeqCst),
            3,
            "4th attempt never sent"
        );
        clock.advance(Duration::from_secs(60));
        assert_eq!(
            d.verify("jdoe", &pw).await,
            Err(DirectoryError::InvalidCredentials)
        );
        assert_eq!(d.inner().calls.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn only_credential_rejections_count() {
        let dir = tempfile::tempdir().unwrap();
        let inner = Scripted {
            calls: AtomicU32::new(0),
            answer: |_| {
                Err(DirectoryError::Unreachable {
                    detail: "down".into(),
                })
            },
        };
        let d = ThrottledDirectory::new(
            inner,
            Throttle::with_clock(dir.path(), opts(), FakeClock::new()),
        );
        let pw = SecretString::from("pw".to_string());
        for _ in 0..10 {
            assert!(matches!(
                d.verify("jdoe", &pw).await,
                Err(DirectoryError::Unreachable { .. })
            ));
        }
        assert!(d.throttle().check(&user("jdoe")).is_ok());
    }

    #[tokio::test]
    async fn success_through_the_wrapper_resets() {
        let dir = tempfile::tempdir().unwrap();
        let inner = Scripted {
            calls: AtomicU32::new(0),
            answer: |name| {
                if name == "good" {
                    ok_user(name)
                } else {
                    Err(DirectoryError::AccountLocked)
                }
            },
        };
        let d = ThrottledDirectory::new(
            inner,
            Throttle::with_clock(dir.path(), opts(), FakeClock::new()),
        );
        let pw = SecretString::from("pw".to_string());
        assert_eq!(
            d.verify("bad", &pw).await,
            Err(DirectoryError::AccountLocked)
        );
        assert_eq!(d.verify("good", &pw).await.unwrap().short_name, "good");
        assert!(matches!(
            d.verify(" ", &pw).await,
            Err(DirectoryError::InvalidUsername { .. })
        ));
        assert_eq!(
            d.inner().calls.load(Ordering::SeqCst),
            2,
            "blank username never sent"
        );
    }
}
