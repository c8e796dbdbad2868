//! The relay's state in a real database, through one interface: [`Store`].
//!
//! * **Backends.** SQLite by default (embedded, one file, zero setup), or PostgreSQL when the
//!   `Database` setting is a `postgres://` URL, so several relay replicas share one state.
//! * **Crates.** [`sqlx`] 0.8 (default features off; `runtime-tokio`, `sqlite` (bundled),
//!   `postgres`, `migrate`, `tls-rustls-ring-webpki`): one async API and one pool type for both
//!   databases, pure-Rust PostgreSQL wire protocol with rustls (no OpenSSL), SQLite compiled in,
//!   and a migrator that takes PostgreSQL's advisory lock so replicas starting together migrate
//!   once. The `sqlx` macros are not used (no build-time database); the SQL text is shared by
//!   both backends (standard `INSERT … ON CONFLICT … RETURNING`), only the DDL differs.
//! * **Migrations** live in `crates/relay/migrations/{sqlite,postgres}/NNNN_name.sql`, are
//!   compiled into the binary and applied by [`Store::open`].
//! * **Secrets.** The store never holds a password. Usernames appear in the failure counters
//!   only as SHA-256 over a per-database random salt (table `meta`, key `user_key_salt`) and the
//!   username, because people sometimes type their password into the username field. The audit
//!   log holds hand-off usernames in clear: that is its purpose.
//! * **Time.** Attempt limits and [`Store::recent_answer`] take the caller's `now` (tests need
//!   no sleeps); leases and answer expiry use this host's clock (`SystemTime::now`), so replicas
//!   must keep their clocks in sync (NTP), as for TLS anyway.
//!
//! Atomicity across replicas: a failure is counted by one `INSERT … ON CONFLICT DO UPDATE …
//! RETURNING` (no read-modify-write in Rust), and the wait is derived from the count returned; a
//! lease is taken by one conditional upsert that only replaces an expired lease; settling stores
//! the answer and releases the lease in one transaction, so a waiter that sees the lease gone
//! also sees the answer.
//!
//! The intended use of the lease for one request (e.g. a hand-off of `SERIAL` to `alice`):
//!
//! ```text
//! key = "handoff:SERIAL:alice"
//! if let Some(a) = store.recent_answer(key, now) -> answer a
//! match store.claim(SERIAL, replica_id, ttl) {
//!   Acquired(lease) => { if let Some(a) = recent_answer(key) { release(lease); answer a }
//!                        do the work (fresh read, PATCH…); settle(lease, key, answer, keep)
//!                        (or release(lease) if nothing changed and the work failed) }
//!   Busy => match store.wait_for(SERIAL, key, timeout) { Some(a) => answer a,
//!                                                       None => start again from a fresh read }
//! }
//! ```

mod database;
mod error;

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection};

pub use database::Database;
pub use error::StoreError;

use database::Redacted;

/// Limits of the per-username attempt counter (the relay's `MaxAttempts` / `LockoutSeconds`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptLimits {
    /// Failures in a row before the user must wait (0 is treated as 1).
    pub max_attempts: u32,
    /// First wait; doubles with every further failure.
    pub lockout: Duration,
    /// Longest wait (never less than `lockout`).
    pub max_lockout: Duration,
}

impl AttemptLimits {
    /// The configured `MaxAttempts` and `LockoutSeconds`, with the longest wait one hour (or
    /// `lockout` if longer), as in the app's local throttle.
    pub fn new(max_attempts: u32, lockout: Duration) -> Self {
        AttemptLimits {
            max_attempts: max_attempts.max(1),
            lockout,
            max_lockout: lockout.max(Duration::from_secs(3600)),
        }
    }

    /// The wait after the `failures`-th failure in a row, if any.
    fn lockout_after(&self, failures: u32) -> Option<Duration> {
        let max = self.max_attempts.max(1);
        if failures < max {
            return None;
        }
        let cap = self.max_lockout.max(self.lockout);
        let doublings = (failures - max).min(31);
        let wait = self.lockout.checked_mul(1u32 << doublings).unwrap_or(cap);
        Some(wait.min(cap))
    }
}

/// A user's failures are forgotten after this long without one (and never before their wait
/// is over).
pub const FORGET_FAILURES_AFTER: Duration = Duration::from_secs(24 * 3600);

/// The answer of [`Store::claim`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This caller holds the serial's lease and must do the work, then
    /// [`Store::settle`] or [`Store::release`].
    Acquired(Lease),
    /// Another caller (maybe on another replica) holds the lease: [`Store::wait_for`] its answer.
    Busy,
}

/// The right to switch one serial, until it is settled, released or expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    serial: String,
    holder: String,
    token: String,
    expires_at: SystemTime,
}

impl Lease {
    /// The serial this lease is for.
    pub fn serial(&self) -> &str {
        &self.serial
    }
    /// Who took it (the `holder` passed to [`Store::claim`]).
    pub fn holder(&self) -> &str {
        &self.holder
    }
    /// When another caller may take the serial over.
    pub fn expires_at(&self) -> SystemTime {
        self.expires_at
    }
}

/// One audited action. `at` is RFC 3339 UTC; the usernames of hand-offs are in clear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditRow {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who asked (the verified username, the technician, or the client).
    pub actor: String,
    /// The asker's role.
    pub role: String,
    /// The client identity (certificate subject).
    pub client: String,
    /// What was done.
    pub action: String,
    /// The device, if any.
    pub serial: Option<String>,
    /// Previous assignee, if any.
    pub from: Option<String>,
    /// New assignee, if any.
    pub to: Option<String>,
    /// How it ended.
    pub outcome: String,
    /// The request's id.
    pub request_id: String,
}

/// The relay's state. Cheap to clone (one shared pool inside).
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    backend: Backend,
    /// The `Database` setting, redacted.
    target: String,
    redacted: Redacted,
    /// Hex; makes the username keys specific to this database.
    salt: String,
}

enum Backend {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("database", &self.inner.target)
            .finish_non_exhaustive()
    }
}

/// Runs `$body` with `$pool` bound to the backend's pool (the body is compiled once per
/// backend; the SQL text is the same for both).
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.inner.backend {
            Backend::Sqlite($pool) => $body,
            Backend::Postgres($pool) => $body,
        }
    };
}

// ---- SQL shared by both backends ----

const SQL_SALT_INSERT: &str =
    "INSERT INTO meta (key, value) VALUES ('user_key_salt', $1) ON CONFLICT (key) DO NOTHING";
const SQL_SALT_SELECT: &str = "SELECT value FROM meta WHERE key = 'user_key_salt'";

const SQL_ATTEMPT_SELECT: &str =
    "SELECT failures, last_failure_ms FROM attempts WHERE user_key = $1";
/// $1 key, $2 now, $3 forget-after (ms). Atomic: the count is incremented by the database.
const SQL_ATTEMPT_FAIL: &str = "INSERT INTO attempts (user_key, failures, last_failure_ms) \
     VALUES ($1, 1, $2) \
     ON CONFLICT (user_key) DO UPDATE SET \
       failures = CASE WHEN attempts.last_failure_ms + $3 <= excluded.last_failure_ms \
                  THEN 1 ELSE attempts.failures + 1 END, \
       last_failure_ms = CASE WHEN attempts.last_failure_ms > excluded.last_failure_ms \
                  THEN attempts.last_failure_ms ELSE excluded.last_failure_ms END \
     RETURNING failures";
const SQL_ATTEMPT_CLEAR: &str = "DELETE FROM attempts WHERE user_key = $1";

/// $1 token hash, $2 username, $3 expires.
const SQL_SESSION_CREATE: &str =
    "INSERT INTO sessions (token_sha256, username, expires_ms) VALUES ($1, $2, $3)";
/// $1 token hash, $2 now, $3 new expiry: a live session is extended and named.
const SQL_SESSION_USE: &str = "UPDATE sessions SET expires_ms = $3 \
     WHERE token_sha256 = $1 AND expires_ms > $2 RETURNING username";
const SQL_SESSION_END: &str = "DELETE FROM sessions WHERE token_sha256 = $1 OR expires_ms <= $2";

/// $1 serial, $2 holder, $3 token, $4 expires, $5 now. Only an expired lease is replaced.
const SQL_LEASE_CLAIM: &str = "INSERT INTO leases (serial, holder, token, expires_ms) \
     VALUES ($1, $2, $3, $4) \
     ON CONFLICT (serial) DO UPDATE SET \
       holder = excluded.holder, token = excluded.token, expires_ms = excluded.expires_ms \
     WHERE leases.expires_ms <= $5 \
     RETURNING token";
const SQL_LEASE_DROP: &str = "DELETE FROM leases WHERE serial = $1 AND token = $2";
const SQL_LEASE_HELD: &str = "SELECT holder FROM leases WHERE serial = $1 AND expires_ms > $2";

const SQL_ANSWER_PUT: &str =
    "INSERT INTO answers (request_key, serial, answer, settled_ms, expires_ms) \
     VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (request_key) DO UPDATE SET \
       serial = excluded.serial, answer = excluded.answer, \
       settled_ms = excluded.settled_ms, expires_ms = excluded.expires_ms";
const SQL_ANSWER_GET: &str =
    "SELECT answer FROM answers WHERE request_key = $1 AND expires_ms > $2";
const SQL_ANSWER_PRUNE: &str = "DELETE FROM answers WHERE expires_ms <= $1";

const SQL_AUDIT_PUT: &str = "INSERT INTO audit \
     (at, actor, role, client, action, serial, from_state, to_state, outcome, request_id) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
const SQL_AUDIT_ALL: &str = "SELECT at, actor, role, client, action, serial, from_state, \
     to_state, outcome, request_id FROM audit ORDER BY id DESC LIMIT $1";
const SQL_AUDIT_SERIAL: &str = "SELECT at, actor, role, client, action, serial, from_state, \
     to_state, outcome, request_id FROM audit WHERE serial = $1 ORDER BY id DESC LIMIT $2";

type AuditTuple = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    String,
);

/// How long [`Store::open`] tries to reach PostgreSQL.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// How often [`Store::wait_for`] looks at the lease.
pub const WAIT_POLL: Duration = Duration::from_millis(25);

impl Store {
    /// Connects to `db` (creating an SQLite file if missing, mode 0600) and applies the
    /// migrations.
    pub async fn open(db: &Database) -> Result<Store, StoreError> {
        let target = db.redacted();
        let redacted = match db {
            Database::Postgres(url) => Redacted::of(url),
            Database::Sqlite(_) => Redacted::default(),
        };
        let open_err = |e: &dyn fmt::Display| StoreError::Open {
            target: target.clone(),
            detail: redacted.scrub(&e.to_string()),
        };
        let migrate_err = |e: &dyn fmt::Display| StoreError::Migrate {
            target: target.clone(),
            detail: redacted.scrub(&e.to_string()),
        };
        let backend = match db {
            Database::Sqlite(path) => {
                create_private_file(path).map_err(|e| open_err(&e))?;
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10));
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(Duration::from_secs(15))
                    .connect_with(options)
                    .await
                    .map_err(|e| open_err(&e))?;
                migrator(SQLITE_MIGRATIONS)
                    .await
                    .map_err(|e| migrate_err(&e))?
                    .run(&pool)
                    .await
                    .map_err(|e| migrate_err(&e))?;
                Backend::Sqlite(pool)
            }
            Database::Postgres(url) => {
                let options = PgConnectOptions::from_str(url).map_err(|e| open_err(&e))?;
                // One direct connection first: a refused or rejected connection is reported at
                // once (the pool would retry it until its acquire timeout).
                let probe = tokio::time::timeout(CONNECT_TIMEOUT, options.connect())
                    .await
                    .map_err(|_| open_err(&"timed out connecting"))?
                    .map_err(|e: sqlx::Error| open_err(&e))?;
                probe.close().await.ok();
                let pool = PgPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(CONNECT_TIMEOUT)
                    .connect_with(options)
                    .await
                    .map_err(|e| open_err(&e))?;
                migrator(POSTGRES_MIGRATIONS)
                    .await
                    .map_err(|e| migrate_err(&e))?
                    .run(&pool)
                    .await
                    .map_err(|e| migrate_err(&e))?;
                Backend::Postgres(pool)
            }
        };
        let mut store = Store {
            inner: Arc::new(Inner {
                backend,
                target,
                redacted,
                salt: String::new(),
            }),
        };
        let salt = store.load_salt().await?;
        Arc::get_mut(&mut store.inner)
            .expect("store not shared yet")
            .salt = salt;
        Ok(store)
    }

    /// The `Database` setting this store was opened with, password redacted.
    pub fn target(&self) -> &str {
        &self.inner.target
    }

    /// `"sqlite"` or `"postgres"`.
    pub fn kind(&self) -> &'static str {
        match self.inner.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Is the database answering? (For `/readyz`.)
    pub async fn ping(&self) -> Result<(), StoreError> {
        let r: Result<(i32,), sqlx::Error> =
            with_pool!(self, pool => sqlx::query_as("SELECT 1").fetch_one(pool).await);
        r.map(|_| ()).map_err(|e| self.err("pinging", e))
    }

    // ---- per-username attempt limit ----

    /// May `username` (normalised by the caller) attempt a verification at `now`? `Err` holds
    /// how long to wait (at least a second, never more than `max_lockout`).
    pub async fn attempt_allowed(
        &self,
        username: &str,
        now: SystemTime,
        limits: &AttemptLimits,
    ) -> Result<Result<(), Duration>, StoreError> {
        let key = self.user_key(username);
        let row: Result<Option<(i64, i64)>, sqlx::Error> = with_pool!(self, pool =>
            sqlx::query_as(SQL_ATTEMPT_SELECT).bind(&key).fetch_optional(pool).await);
        let Some((failures, last_ms)) = row.map_err(|e| self.err("checking attempts", e))? else {
            return Ok(Ok(()));
        };
        let failures = u32::try_from(failures.max(0)).unwrap_or(u32::MAX);
        let Some(wait) = limits.lockout_after(failures) else {
            return Ok(Ok(()));
        };
        let locked_until = last_ms.saturating_add(millis(wait));
        let now = epoch_ms(now);
        if locked_until <= now {
            return Ok(Ok(()));
        }
        let left = Duration::from_millis((locked_until - now) as u64)
            .min(limits.max_lockout.max(limits.lockout));
        Ok(Err(left.max(Duration::from_secs(1))))
    }

    /// Counts a failed verification of `username` at `now`; returns the wait now imposed, if
    /// any. One atomic statement: concurrent failures on any replica are all counted.
    pub async fn record_failure(
        &self,
        username: &str,
        now: SystemTime,
        limits: &AttemptLimits,
    ) -> Result<Option<Duration>, StoreError> {
        let key = self.user_key(username);
        let forget = millis(FORGET_FAILURES_AFTER.max(limits.max_lockout));
        let row: Result<(i64,), sqlx::Error> = with_pool!(self, pool =>
            sqlx::query_as(SQL_ATTEMPT_FAIL)
                .bind(&key)
                .bind(epoch_ms(now))
                .bind(forget)
                .fetch_one(pool)
                .await);
        let (failures,) = row.map_err(|e| self.err("recording a failure", e))?;
        let failures = u32::try_from(failures.max(0)).unwrap_or(u32::MAX);
        let wait = limits.lockout_after(failures);
        if let Some(wait) = wait {
            tracing::warn!(
                target: "baton::relay::store",
                wait_s = wait.as_secs(),
                "repeated failed sign-ins: further attempts for this user wait"
            );
        }
        Ok(wait)
    }

    /// A successful verification: clears `username`'s failures.
    pub async fn record_success(&self, username: &str) -> Result<(), StoreError> {
        let key = self.user_key(username);
        let r = with_pool!(self, pool =>
            sqlx::query(SQL_ATTEMPT_CLEAR).bind(&key).execute(pool).await.map(|_| ()));
        r.map_err(|e| self.err("clearing attempts", e))
    }

    // ---- technician sessions ----

    /// Records a session for `username` whose bearer token hashes to `token_sha256` (hex),
    /// valid for `idle` from now.
    pub async fn create_session(
        &self,
        token_sha256: &str,
        username: &str,
        idle: Duration,
    ) -> Result<(), StoreError> {
        let expires = epoch_ms(SystemTime::now() + idle);
        let r = with_pool!(self, pool =>
            sqlx::query(SQL_SESSION_CREATE)
                .bind(token_sha256)
                .bind(username)
                .bind(expires)
                .execute(pool)
                .await
                .map(|_| ()));
        r.map_err(|e| self.err("creating a session", e))
    }

    /// The username of a live session, which is extended by `idle` from now; `None` when the
    /// token is unknown or the session ran out.
    pub async fn use_session(
        &self,
        token_sha256: &str,
        idle: Duration,
    ) -> Result<Option<String>, StoreError> {
        let now = SystemTime::now();
        let row: Result<Option<(String,)>, sqlx::Error> = with_pool!(self, pool =>
            sqlx::query_as(SQL_SESSION_USE)
                .bind(token_sha256)
                .bind(epoch_ms(now))
                .bind(epoch_ms(now + idle))
                .fetch_optional(pool)
                .await);
        Ok(row
            .map_err(|e| self.err("reading a session", e))?
            .map(|(username,)| username))
    }

    /// Ends the session (sign-out), and drops every session that ran out.
    pub async fn end_session(&self, token_sha256: &str) -> Result<(), StoreError> {
        let r = with_pool!(self, pool =>
            sqlx::query(SQL_SESSION_END)
                .bind(token_sha256)
                .bind(epoch_ms(SystemTime::now()))
                .execute(pool)
                .await
                .map(|_| ()));
        r.map_err(|e| self.err("ending a session", e))
    }

    // ---- one switch in flight per serial ----

    /// Tries to take `serial`'s lease for `ttl`. Exactly one of any number of concurrent callers
    /// (on any replica) gets [`Claim::Acquired`]; an expired lease is taken over.
    pub async fn claim(
        &self,
        serial: &str,
        holder: &str,
        ttl: Duration,
    ) -> Result<Claim, StoreError> {
        let now = SystemTime::now();
        let expires_at = now + ttl;
        let token = random_hex(16);
        let row: Result<Option<(String,)>, sqlx::Error> = with_pool!(self, pool =>
            sqlx::query_as(SQL_LEASE_CLAIM)
                .bind(serial)
                .bind(holder)
                .bind(&token)
                .bind(epoch_ms(expires_at))
                .bind(epoch_ms(now))
                .fetch_optional(pool)
                .await);
        match row.map_err(|e| self.err("claiming a serial", e))? {
            Some((t,)) if t == token => Ok(Claim::Acquired(Lease {
                serial: serial.to_string(),
                holder: holder.to_string(),
                token,
                expires_at,
            })),
            _ => Ok(Claim::Busy),
        }
    }

    /// Stores the finished `answer` for `request_key` (kept for `keep`) and releases the lease,
    /// in one transaction.
    pub async fn settle(
        &self,
        lease: &Lease,
        request_key: &str,
        answer: &serde_json::Value,
        keep: Duration,
    ) -> Result<(), StoreError> {
        let now = epoch_ms(SystemTime::now());
        let text = answer.to_string();
        let released: Result<u64, sqlx::Error> = with_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            sqlx::query(SQL_ANSWER_PUT)
                .bind(request_key)
                .bind(&lease.serial)
                .bind(&text)
                .bind(now)
                .bind(now.saturating_add(millis(keep)))
                .execute(&mut *tx)
                .await?;
            let released = sqlx::query(SQL_LEASE_DROP)
                .bind(&lease.serial)
                .bind(&lease.token)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query(SQL_ANSWER_PRUNE).bind(now).execute(&mut *tx).await?;
            tx.commit().await?;
            Ok::<_, sqlx::Error>(released)
        }
        .await);
        if released.map_err(|e| self.err("settling a serial", e))? == 0 {
            tracing::warn!(
                target: "baton::relay::store",
                serial = %lease.serial,
                "the lease had expired before the answer was stored"
            );
        }
        Ok(())
    }

    /// Releases the lease without an answer (the work failed before anything changed).
    pub async fn release(&self, lease: &Lease) -> Result<(), StoreError> {
        let r = with_pool!(self, pool =>
            sqlx::query(SQL_LEASE_DROP)
                .bind(&lease.serial)
                .bind(&lease.token)
                .execute(pool)
                .await
                .map(|_| ()));
        r.map_err(|e| self.err("releasing a serial", e))
    }

    /// The answer settled for `request_key`, if it is still kept at `now`.
    pub async fn recent_answer(
        &self,
        request_key: &str,
        now: SystemTime,
    ) -> Result<Option<serde_json::Value>, StoreError> {
        let row: Result<Option<(String,)>, sqlx::Error> = with_pool!(self, pool =>
            sqlx::query_as(SQL_ANSWER_GET)
                .bind(request_key)
                .bind(epoch_ms(now))
                .fetch_optional(pool)
                .await);
        match row.map_err(|e| self.err("reading an answer", e))? {
            None => Ok(None),
            Some((text,)) => {
                serde_json::from_str(&text)
                    .map(Some)
                    .map_err(|e| StoreError::Corrupt {
                        what: "answer",
                        detail: e.to_string(),
                    })
            }
        }
    }

    /// Waits (polling every [`WAIT_POLL`]) until `serial`'s lease is released or expired, then
    /// returns the answer stored for `request_key`, if any. `None` after `timeout`, or when the
    /// lease went without an answer for this key: the caller re-evaluates from a fresh read.
    pub async fn wait_for(
        &self,
        serial: &str,
        request_key: &str,
        timeout: Duration,
    ) -> Result<Option<serde_json::Value>, StoreError> {
        let deadline = Instant::now() + timeout;
        loop {
            let held: Result<Option<(String,)>, sqlx::Error> = with_pool!(self, pool =>
                sqlx::query_as(SQL_LEASE_HELD)
                    .bind(serial)
                    .bind(epoch_ms(SystemTime::now()))
                    .fetch_optional(pool)
                    .await);
            if held
                .map_err(|e| self.err("waiting for a serial", e))?
                .is_none()
            {
                break;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            tokio::time::sleep(left.min(WAIT_POLL)).await;
        }
        self.recent_answer(request_key, SystemTime::now()).await
    }

    // ---- audit log ----

    /// Appends one audit row.
    pub async fn append_audit(&self, row: &AuditRow) -> Result<(), StoreError> {
        let r = with_pool!(self, pool =>
            sqlx::query(SQL_AUDIT_PUT)
                .bind(&row.at)
                .bind(&row.actor)
                .bind(&row.role)
                .bind(&row.client)
                .bind(&row.action)
                .bind(&row.serial)
                .bind(&row.from)
                .bind(&row.to)
                .bind(&row.outcome)
                .bind(&row.request_id)
                .execute(pool)
                .await
                .map(|_| ()));
        r.map_err(|e| self.err("writing the audit log", e))
    }

    /// Up to `limit` audit rows, newest (last written) first, of one serial or of all.
    pub async fn audit(
        &self,
        serial: Option<&str>,
        limit: u32,
    ) -> Result<Vec<AuditRow>, StoreError> {
        let limit = i64::from(limit);
        let rows: Result<Vec<AuditTuple>, sqlx::Error> = with_pool!(self, pool => match serial {
            Some(serial) => sqlx::query_as(SQL_AUDIT_SERIAL)
                .bind(serial)
                .bind(limit)
                .fetch_all(pool)
                .await,
            None => sqlx::query_as(SQL_AUDIT_ALL).bind(limit).fetch_all(pool).await,
        });
        Ok(rows
            .map_err(|e| self.err("reading the audit log", e))?
            .into_iter()
            .map(
                |(at, actor, role, client, action, serial, from, to, outcome, request_id)| {
                    AuditRow {
                        at,
                        actor,
                        role,
                        client,
                        action,
                        serial,
                        from,
                        to,
                        outcome,
                        request_id,
                    }
                },
            )
            .collect())
    }

    // ---- helpers ----

    /// The per-database salt: the first opener's random value wins.
    async fn load_salt(&self) -> Result<String, StoreError> {
        let fresh = random_hex(16);
        let r: Result<(String,), sqlx::Error> = with_pool!(self, pool => async {
            sqlx::query(SQL_SALT_INSERT).bind(&fresh).execute(pool).await?;
            sqlx::query_as::<_, (String,)>(SQL_SALT_SELECT).fetch_one(pool).await
        }
        .await);
        let (salt,) = r.map_err(|e| self.err("reading the salt", e))?;
        if salt.len() < 16 {
            return Err(StoreError::Corrupt {
                what: "salt",
                detail: "too short".into(),
            });
        }
        Ok(salt)
    }

    /// Hex SHA-256(salt ‖ 0 ‖ username): the only form in which a username is counted.
    fn user_key(&self, username: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.inner.salt.as_bytes());
        h.update([0u8]);
        h.update(username.as_bytes());
        hex(&h.finalize())
    }

    fn err(&self, op: &'static str, e: sqlx::Error) -> StoreError {
        StoreError::Query {
            op,
            detail: self.inner.redacted.scrub(&e.to_string()),
        }
    }
}

// ---- migrations ----

/// (version, description, SQL) of each migration, in order.
type Embedded = &'static [(i64, &'static str, &'static str)];

const SQLITE_MIGRATIONS: Embedded = &[
    (
        1,
        "initial",
        include_str!("../../migrations/sqlite/0001_initial.sql"),
    ),
    (
        2,
        "sessions",
        include_str!("../../migrations/sqlite/0002_sessions.sql"),
    ),
];
const POSTGRES_MIGRATIONS: Embedded = &[
    (
        1,
        "initial",
        include_str!("../../migrations/postgres/0001_initial.sql"),
    ),
    (
        2,
        "sessions",
        include_str!("../../migrations/postgres/0002_sessions.sql"),
    ),
];

#[derive(Debug)]
struct EmbeddedMigrations(Embedded);

impl<'s> MigrationSource<'s> for EmbeddedMigrations {
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, sqlx::error::BoxDynError>> + Send + 's>>
    {
        Box::pin(async move {
            Ok(self
                .0
                .iter()
                .map(|(version, description, sql)| {
                    Migration::new(
                        *version,
                        Cow::Borrowed(*description),
                        MigrationType::Simple,
                        Cow::Borrowed(*sql),
                        false,
                    )
                })
                .collect())
        })
    }
}

async fn migrator(set: Embedded) -> Result<Migrator, sqlx::migrate::MigrateError> {
    Migrator::new(EmbeddedMigrations(set)).await
}

// ---- small helpers ----

fn create_private_file(path: &std::path::Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(|_| ())
}

fn epoch_ms(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn random_hex(bytes: usize) -> String {
    let v: Vec<u8> = (0..bytes).map(|_| rand::random::<u8>()).collect();
    hex(&v)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockout_doubles_and_is_capped() {
        let l = AttemptLimits::new(3, Duration::from_secs(60));
        assert_eq!(l.lockout_after(2), None);
        assert_eq!(l.lockout_after(3), Some(Duration::from_secs(60)));
        assert_eq!(l.lockout_after(4), Some(Duration::from_secs(120)));
        assert_eq!(l.lockout_after(5), Some(Duration::from_secs(240)));
        assert_eq!(l.lockout_after(100), Some(Duration::from_secs(3600)));
        assert_eq!(
            AttemptLimits::new(0, Duration::from_secs(1)).max_attempts,
            1
        );
    }
}
