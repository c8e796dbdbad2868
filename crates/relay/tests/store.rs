//! `baton_relay::store` against both backends: SQLite in a temporary file and a real
//! PostgreSQL (a throwaway cluster, `support/pg.rs`). Every test runs its scenario on each.

#[path = "support/pg.rs"]
mod pg;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use baton_relay::store::{AttemptLimits, AuditRow, Claim, Database, Store, StoreError};
use serde_json::json;
use tokio::sync::Barrier;

/// One backend's database for one test.
struct Backend {
    db: Database,
    /// The SQLite file (None for PostgreSQL).
    file: Option<std::path::PathBuf>,
    _tmp: Option<tempfile::TempDir>,
}

impl Backend {
    fn name(&self) -> &'static str {
        self.db.kind()
    }
    async fn open(&self) -> Store {
        Store::open(&self.db)
            .await
            .unwrap_or_else(|e| panic!("open {}: {e}", self.name()))
    }
}

/// A fresh SQLite file, and a fresh PostgreSQL database when PostgreSQL is there.
async fn backends() -> Vec<Backend> {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("state.db");
    let mut all = vec![Backend {
        db: Database::Sqlite(file.clone()),
        file: Some(file),
        _tmp: Some(tmp),
    }];
    if let Some(cluster) = pg::cluster() {
        all.push(Backend {
            db: Database::parse(&cluster.fresh_database().await).unwrap(),
            file: None,
            _tmp: None,
        });
    }
    all
}

fn t0() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_800_000_000)
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn limits() -> AttemptLimits {
    AttemptLimits::new(3, secs(60))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn attempts_are_refused_after_the_limit_with_a_doubling_wait() {
    for b in backends().await {
        let s = b.open().await;
        let l = limits();
        let now = t0();
        assert_eq!(s.attempt_allowed("jdoe", now, &l).await.unwrap(), Ok(()));
        assert_eq!(s.record_failure("jdoe", now, &l).await.unwrap(), None);
        assert_eq!(s.record_failure("jdoe", now, &l).await.unwrap(), None);
        assert_eq!(
            s.attempt_allowed("jdoe", now, &l).await.unwrap(),
            Ok(()),
            "{}: two failures are allowed",
            b.name()
        );
        assert_eq!(
            s.record_failure("jdoe", now, &l).await.unwrap(),
            Some(secs(60))
        );
        assert_eq!(
            s.attempt_allowed("jdoe", now, &l).await.unwrap(),
            Err(secs(60)),
            "{}: third failure locks",
            b.name()
        );
        assert_eq!(
            s.attempt_allowed("jdoe", now + secs(59), &l).await.unwrap(),
            Err(secs(1))
        );
        // Other users are not affected.
        assert_eq!(s.attempt_allowed("asmith", now, &l).await.unwrap(), Ok(()));

        // Lockout over; every further failure doubles the wait.
        let now = now + secs(60);
        assert_eq!(s.attempt_allowed("jdoe", now, &l).await.unwrap(), Ok(()));
        assert_eq!(
            s.record_failure("jdoe", now, &l).await.unwrap(),
            Some(secs(120))
        );
        assert_eq!(
            s.attempt_allowed("jdoe", now + secs(100), &l)
                .await
                .unwrap(),
            Err(secs(20))
        );
        let now = now + secs(120);
        assert_eq!(
            s.record_failure("jdoe", now, &l).await.unwrap(),
            Some(secs(240))
        );
        assert_eq!(
            s.attempt_allowed("jdoe", now, &l).await.unwrap(),
            Err(secs(240)),
            "{}",
            b.name()
        );

        // The wait is capped at max_lockout.
        let capped = AttemptLimits {
            max_attempts: 1,
            lockout: secs(60),
            max_lockout: secs(300),
        };
        let mut now = now;
        let mut last = None;
        for _ in 0..10 {
            last = s.record_failure("capped", now, &capped).await.unwrap();
            now += last.unwrap();
        }
        assert_eq!(last, Some(secs(300)), "{}", b.name());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_success_clears_the_user_and_the_count_survives_a_reopen() {
    for b in backends().await {
        let l = limits();
        let now = t0();
        {
            let s = b.open().await;
            s.record_failure("jdoe", now, &l).await.unwrap();
            s.record_failure("jdoe", now, &l).await.unwrap();
            s.record_success("jdoe").await.unwrap();
            assert_eq!(
                s.record_failure("jdoe", now, &l).await.unwrap(),
                None,
                "{}: count started again",
                b.name()
            );
            assert_eq!(s.record_failure("jdoe", now, &l).await.unwrap(), None);
        }
        // Reopened (a restart, or another replica): same salt, same count.
        let s = b.open().await;
        assert_eq!(
            s.record_failure("jdoe", now, &l).await.unwrap(),
            Some(secs(60)),
            "{}: the count survives a reopen",
            b.name()
        );
        assert!(s.attempt_allowed("jdoe", now, &l).await.unwrap().is_err());
        s.record_success("jdoe").await.unwrap();
        assert_eq!(s.attempt_allowed("jdoe", now, &l).await.unwrap(), Ok(()));

        // Failures idle for a day are forgotten.
        s.record_failure("idle", now, &l).await.unwrap();
        s.record_failure("idle", now, &l).await.unwrap();
        assert_eq!(
            s.record_failure("idle", now + secs(25 * 3600), &l)
                .await
                .unwrap(),
            None,
            "{}: old failures forgotten",
            b.name()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_failures_on_two_replicas_are_all_counted() {
    for b in backends().await {
        let replicas = [b.open().await, b.open().await];
        // The 20th failure in a row locks for 60 s; the 21st for 120 s.
        let l = AttemptLimits::new(20, secs(60));
        let now = t0();
        let barrier = Arc::new(Barrier::new(20));
        let mut tasks = Vec::new();
        for i in 0..20 {
            let s = replicas[i % 2].clone();
            let barrier = barrier.clone();
            tasks.push(tokio::spawn(async move {
                barrier.wait().await;
                s.record_failure("shared-user", now, &l).await.unwrap()
            }));
        }
        let mut imposed = Vec::new();
        for t in tasks {
            imposed.push(t.await.unwrap());
        }
        assert_eq!(
            imposed.iter().filter(|w| w.is_some()).count(),
            1,
            "{}: exactly one failure was the 20th: {imposed:?}",
            b.name()
        );
        for s in &replicas {
            assert_eq!(
                s.attempt_allowed("shared-user", now, &l).await.unwrap(),
                Err(secs(60)),
                "{}: 20 failures counted",
                b.name()
            );
        }
        assert_eq!(
            replicas[1]
                .record_failure("shared-user", now + secs(60), &l)
                .await
                .unwrap(),
            Some(secs(120)),
            "{}: exactly 20 before this one",
            b.name()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_of_twenty_concurrent_claims_acquires_and_the_others_get_its_answer() {
    for b in backends().await {
        let replicas = [b.open().await, b.open().await];
        let n = 20;
        let claimed = Arc::new(Barrier::new(n));
        let mut tasks = Vec::new();
        for i in 0..n {
            let s = replicas[i % 2].clone();
            let claimed = claimed.clone();
            tasks.push(tokio::spawn(async move {
                let key = "handoff:C02XY:alice";
                let claim = s
                    .claim("C02XY", &format!("replica-{}", i % 2), secs(30))
                    .await
                    .unwrap();
                // Everybody has claimed before the winner settles.
                claimed.wait().await;
                match claim {
                    Claim::Acquired(lease) => {
                        let answer = json!({"serial": "C02XY", "to": "alice", "by": i});
                        s.settle(&lease, key, &answer, secs(60)).await.unwrap();
                        (true, Some(answer))
                    }
                    Claim::Busy => (false, s.wait_for("C02XY", key, secs(10)).await.unwrap()),
                }
            }));
        }
        let mut results = Vec::new();
        for t in tasks {
            results.push(t.await.unwrap());
        }
        let winners: Vec<_> = results.iter().filter(|(won, _)| *won).collect();
        assert_eq!(winners.len(), 1, "{}: exactly one Acquired", b.name());
        let answer = winners[0].1.clone().unwrap();
        for (_, got) in &results {
            assert_eq!(got.as_ref(), Some(&answer), "{}", b.name());
        }
        // The answer is kept for `keep`, then gone.
        let now = SystemTime::now();
        assert_eq!(
            replicas[0]
                .recent_answer("handoff:C02XY:alice", now)
                .await
                .unwrap(),
            Some(answer.clone())
        );
        assert_eq!(
            replicas[1]
                .recent_answer("handoff:C02XY:alice", now + secs(61))
                .await
                .unwrap(),
            None,
            "{}: expired after keep",
            b.name()
        );
        assert_eq!(
            replicas[1]
                .recent_answer("handoff:C02XY:bob", now)
                .await
                .unwrap(),
            None
        );
        // Settled means released: the next claim succeeds.
        assert!(matches!(
            replicas[1].claim("C02XY", "r", secs(30)).await.unwrap(),
            Claim::Acquired(_)
        ));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn leases_expire_release_and_wait_without_an_answer() {
    for b in backends().await {
        let a = b.open().await;
        let other = b.open().await;

        // Release lets the next claim succeed.
        let Claim::Acquired(lease) = a.claim("S1", "a", secs(30)).await.unwrap() else {
            panic!("{}: free serial", b.name());
        };
        assert_eq!(lease.serial(), "S1");
        assert_eq!(lease.holder(), "a");
        assert_eq!(other.claim("S1", "b", secs(30)).await.unwrap(), Claim::Busy);
        // Another serial is independent.
        assert!(matches!(
            other.claim("S2", "b", secs(30)).await.unwrap(),
            Claim::Acquired(_)
        ));
        // While held, wait_for times out with None.
        let started = std::time::Instant::now();
        assert_eq!(
            other
                .wait_for("S1", "handoff:S1:x", Duration::from_millis(120))
                .await
                .unwrap(),
            None
        );
        assert!(started.elapsed() >= Duration::from_millis(120));
        a.release(&lease).await.unwrap();
        // Released without an answer: wait_for returns None at once.
        let started = std::time::Instant::now();
        assert_eq!(
            other
                .wait_for("S1", "handoff:S1:x", secs(10))
                .await
                .unwrap(),
            None
        );
        assert!(started.elapsed() < secs(2), "{}", b.name());
        let Claim::Acquired(second) = other.claim("S1", "b", secs(30)).await.unwrap() else {
            panic!("{}: released serial can be claimed", b.name());
        };
        // The first holder's stale lease cannot release the second holder's.
        a.release(&lease).await.unwrap();
        assert_eq!(a.claim("S1", "a", secs(30)).await.unwrap(), Claim::Busy);
        other.release(&second).await.unwrap();

        // An expired lease (a crashed replica) can be re-claimed.
        let Claim::Acquired(crashed) = a.claim("S3", "a", Duration::from_millis(1)).await.unwrap()
        else {
            panic!("{}", b.name());
        };
        tokio::time::sleep(Duration::from_millis(10)).await;
        let Claim::Acquired(taken_over) = other.claim("S3", "b", secs(30)).await.unwrap() else {
            panic!("{}: an expired lease is taken over", b.name());
        };
        // The late settle of the crashed holder stores its answer but does not release the
        // new holder's lease.
        a.settle(&crashed, "handoff:S3:y", &json!({"late": true}), secs(60))
            .await
            .unwrap();
        assert_eq!(a.claim("S3", "a", secs(30)).await.unwrap(), Claim::Busy);
        other
            .settle(
                &taken_over,
                "handoff:S3:y",
                &json!({"late": false}),
                secs(60),
            )
            .await
            .unwrap();
        assert_eq!(
            a.wait_for("S3", "handoff:S3:y", secs(5)).await.unwrap(),
            Some(json!({"late": false})),
            "{}",
            b.name()
        );
    }
}

fn row(i: u32, serial: Option<&str>) -> AuditRow {
    AuditRow {
        at: format!("2026-12-05T10:{:02}:00Z", i),
        actor: format!("user{i}"),
        role: "self-service".into(),
        client: "CN=kiosk-1".into(),
        action: "handoff".into(),
        serial: serial.map(str::to_string),
        from: Some("staging".into()),
        to: Some(format!("user{i}")),
        outcome: "switched".into(),
        request_id: format!("req-{i}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn audit_lists_newest_first_by_serial_with_a_limit() {
    for b in backends().await {
        let s = b.open().await;
        assert!(s.audit(None, 10).await.unwrap().is_empty());
        let rows = [
            row(0, Some("A")),
            row(1, Some("B")),
            row(2, Some("A")),
            row(3, None),
            row(4, Some("A")),
        ];
        for r in &rows {
            s.append_audit(r).await.unwrap();
        }
        let all = s.audit(None, 100).await.unwrap();
        let expected: Vec<AuditRow> = rows.iter().rev().cloned().collect();
        assert_eq!(all, expected, "{}: all rows, newest first", b.name());
        let a = s.audit(Some("A"), 100).await.unwrap();
        assert_eq!(
            a,
            vec![rows[4].clone(), rows[2].clone(), rows[0].clone()],
            "{}",
            b.name()
        );
        assert_eq!(
            s.audit(Some("A"), 2).await.unwrap(),
            vec![rows[4].clone(), rows[2].clone()]
        );
        assert_eq!(s.audit(None, 1).await.unwrap(), vec![rows[4].clone()]);
        assert!(s.audit(Some("nope"), 10).await.unwrap().is_empty());
        // Serialises with the documented field names.
        let v = serde_json::to_value(&rows[1]).unwrap();
        assert_eq!(v["from"], "staging");
        assert_eq!(v["request_id"], "req-1");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn failure_counters_never_hold_a_username_in_clear() {
    let name = "Secret-Looking-Name-hunter2";
    for b in backends().await {
        let s = b.open().await;
        for _ in 0..3 {
            s.record_failure(name, t0(), &limits()).await.unwrap();
        }
        assert!(s
            .attempt_allowed(name, t0(), &limits())
            .await
            .unwrap()
            .is_err());
        // Every text in the counter and meta tables, read through a separate connection.
        let texts: Vec<String> = match &b.db {
            Database::Sqlite(path) => {
                let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
                    .await
                    .unwrap();
                let mut t: Vec<(String,)> =
                    sqlx::query_as("SELECT user_key || '|' || failures FROM attempts")
                        .fetch_all(&pool)
                        .await
                        .unwrap();
                t.extend(
                    sqlx::query_as::<_, (String,)>("SELECT key || '|' || value FROM meta")
                        .fetch_all(&pool)
                        .await
                        .unwrap(),
                );
                pool.close().await;
                t.into_iter().map(|(x,)| x).collect()
            }
            Database::Postgres(url) => {
                let pool = sqlx::PgPool::connect(url).await.unwrap();
                let t: Vec<(String,)> = sqlx::query_as(
                    "SELECT a::text FROM attempts a UNION ALL SELECT m::text FROM meta m",
                )
                .fetch_all(&pool)
                .await
                .unwrap();
                pool.close().await;
                t.into_iter().map(|(x,)| x).collect()
            }
        };
        assert!(texts.len() >= 2, "{}: {texts:?}", b.name());
        for t in &texts {
            assert!(
                !t.to_lowercase().contains("secret-looking"),
                "{}: {t}",
                b.name()
            );
        }
        // The SQLite file and its write-ahead log, byte for byte.
        if let Some(file) = &b.file {
            for path in [file.clone(), file.with_extension("db-wal")] {
                let bytes = std::fs::read(&path).unwrap_or_default();
                let lower = String::from_utf8_lossy(&bytes).to_lowercase();
                assert!(
                    !lower.contains("secret-looking"),
                    "{} holds the username",
                    path.display()
                );
            }
            assert!(std::fs::metadata(file).unwrap().len() > 0);
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(file).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "state file is private: {mode:o}");
        }
        // Positive control: the audit log does hold names in clear, so the scan can see them.
        if let Some(file) = &b.file {
            let mut r = row(9, Some("X"));
            r.actor = name.to_string();
            s.append_audit(&r).await.unwrap();
            let mut all = std::fs::read(file).unwrap();
            all.extend(std::fs::read(file.with_extension("db-wal")).unwrap_or_default());
            assert!(String::from_utf8_lossy(&all).contains(name));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ping_and_reopen_and_errors_without_passwords() {
    for b in backends().await {
        let s = b.open().await;
        s.ping().await.unwrap();
        // Migrations are applied once; reopening an up-to-date database works.
        let again = b.open().await;
        again.ping().await.unwrap();
        assert!(!format!("{s:?}").is_empty());
    }
    // An unreachable PostgreSQL with a password in its URL: the error never shows it.
    let url = format!(
        "postgres://relay:hunter2-pw@127.0.0.1:{}/relay",
        pg::Cluster::closed_port()
    );
    let db = Database::parse(&url).unwrap();
    assert!(!db.to_string().contains("hunter2"));
    let err: StoreError = Store::open(&db).await.unwrap_err();
    let shown = format!("{err} / {err:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("relay:***@127.0.0.1"), "{shown}");

    if let Some(cluster) = pg::cluster() {
        // Replicas starting together on an empty database: the migration runs once.
        let db = Database::parse(&cluster.fresh_database().await).unwrap();
        let (a, b, c) = tokio::join!(Store::open(&db), Store::open(&db), Store::open(&db));
        let (a, b, c) = (a.unwrap(), b.unwrap(), c.unwrap());
        a.record_failure("u", t0(), &limits()).await.unwrap();
        b.record_failure("u", t0(), &limits()).await.unwrap();
        assert_eq!(
            c.record_failure("u", t0(), &limits()).await.unwrap(),
            Some(secs(60)),
            "one salt for all replicas"
        );

        // A real server rejecting the connection (no such database): still redacted.
        let db = Database::parse(&cluster.url_with_password("no_such_db", "hunter2-pw")).unwrap();
        let err = Store::open(&db).await.unwrap_err();
        let shown = format!("{err} / {err:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("no_such_db"), "{shown}");
        // And with a password accepted (trust auth), the store works and its Debug hides it.
        let url = cluster.fresh_database().await;
        let name = url.rsplit('/').next().unwrap().to_string();
        let s =
            Store::open(&Database::parse(&cluster.url_with_password(&name, "hunter2-pw")).unwrap())
                .await
                .unwrap();
        s.ping().await.unwrap();
        assert!(!format!("{s:?} {}", s.target()).contains("hunter2"));
    }

    // An SQLite path that cannot be created.
    let err = Store::open(&Database::Sqlite("/nonexistent-dir/x/state.db".into()))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err}");
}
