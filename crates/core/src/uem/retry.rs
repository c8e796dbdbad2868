//! When to try an idempotent read again, and how long to wait first.
//!
//! Retried: connection failures (not sent, or the connection broke before an answer), 429, 502,
//! 503 and 504; not timeouts, TLS failures or other statuses. The wait is what
//! the server asked for (`Retry-After` seconds or HTTP date; on a 429 without it, an
//! `X-RateLimit-Reset` that falls within the budget), else a jittered exponential backoff from
//! backon. Nothing waits past the operation's total time budget: a wait that would is not started,
//! and the last error is returned instead. Writes never come through here with retries on.

use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use backon::{ExponentialBuilder, Retryable};
use reqwest::header::{HeaderMap, DATE, RETRY_AFTER};
use tokio::time::Instant;

use super::error::{TransportKind, UemError};

/// First backoff delay.
const MIN_DELAY: Duration = Duration::from_millis(250);
/// Longest backoff delay.
const MAX_DELAY: Duration = Duration::from_secs(8);
/// Most retries of one operation, whatever the budget.
const MAX_RETRIES: usize = 8;

/// When the server said to come back, relative to its own clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct ServerHint {
    /// From `Retry-After`.
    pub retry_after: Option<Duration>,
    /// From `X-RateLimit-Reset`, only on a 429, only when in the future.
    pub reset_in: Option<Duration>,
}

/// A failed attempt: the error, the server's hint and whether retrying may help at all.
#[derive(Debug)]
pub(crate) struct Failure {
    pub error: UemError,
    pub hint: ServerHint,
    /// False for failures that were already retried inside (token fetch).
    pub final_: bool,
}

impl From<UemError> for Failure {
    fn from(error: UemError) -> Self {
        Failure {
            error,
            hint: ServerHint::default(),
            final_: false,
        }
    }
}

/// `Retry-After`: delay-seconds or an HTTP date (a date in the past means now).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// `X-RateLimit-Reset` (epoch seconds): how long until then; `None` if unreadable or past.
pub(crate) fn parse_reset(value: &str, now: SystemTime) -> Option<Duration> {
    let epoch = value.trim().parse::<u64>().ok()?;
    let when = UNIX_EPOCH.checked_add(Duration::from_secs(epoch))?;
    when.duration_since(now).ok()
}

/// The hint in a response's headers. Times are taken against the server's `Date` when it sent
/// one (so a skewed local clock does not matter), else against `local_now`.
pub(crate) fn hint_from_headers(
    status: u16,
    headers: &HeaderMap,
    local_now: SystemTime,
) -> ServerHint {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let now = text(DATE.as_str())
        .and_then(|d| httpdate::parse_http_date(d).ok())
        .unwrap_or(local_now);
    ServerHint {
        retry_after: text(RETRY_AFTER.as_str()).and_then(|v| parse_retry_after(v, now)),
        reset_in: if status == 429 {
            text("x-ratelimit-reset").and_then(|v| parse_reset(v, now))
        } else {
            None
        },
    }
}

/// Whether repeating an idempotent request may help.
pub(crate) fn is_retryable(error: &UemError) -> bool {
    match error {
        // Not sent (connect), or the connection broke (reset, bad framing): a GET may be repeated.
        // A timeout is not retried: the server is slow, and the budget would go on waiting.
        UemError::Transport { kind, .. } => {
            matches!(kind, TransportKind::Connect | TransportKind::Other)
        }
        UemError::RateLimited { .. } => true,
        UemError::Server { details } => matches!(details.status, 502..=504),
        _ => false,
    }
}

/// How long to wait before the next try, or `None` to stop now.
///
/// * `Retry-After` wins; if it is longer than the budget left, stop (the server said when).
/// * else, a reset time within the budget left (a daily quota window is not);
/// * else the backoff's next delay if it fits in the budget left (`None` = backoff exhausted).
pub(crate) fn next_delay(
    hint: ServerHint,
    backoff: Option<Duration>,
    remaining: Duration,
) -> Option<Duration> {
    if let Some(wait) = hint.retry_after {
        return (wait <= remaining).then_some(wait);
    }
    if let Some(wait) = hint.reset_in.filter(|w| *w <= remaining) {
        return Some(wait);
    }
    backoff.filter(|d| *d <= remaining)
}

/// Runs `attempt` once, or, when `retry` is set, again after retryable failures within `budget`.
pub(crate) async fn run<T, F, Fut>(budget: Duration, retry: bool, attempt: F) -> Result<T, UemError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    let deadline = Instant::now() + budget;
    let backoff = ExponentialBuilder::default()
        .with_min_delay(MIN_DELAY)
        .with_max_delay(MAX_DELAY)
        .with_factor(2.0)
        .with_jitter()
        .with_max_times(MAX_RETRIES);
    attempt
        .retry(backoff)
        .sleep(tokio::time::sleep)
        .when(|f: &Failure| retry && !f.final_ && is_retryable(&f.error))
        .adjust(|f: &Failure, backoff| {
            next_delay(f.hint, backoff, deadline.saturating_duration_since(Instant::now()))
        })
        .notify(|f: &Failure, wait: Duration| {
            tracing::info!(error = %f.error, wait_ms = wait.as_millis() as u64, "UEM request will be retried");
        })
        .await
        .map_err(|f| f.error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uem::error::HttpDetails;
    use reqwest::header::HeaderValue;

    fn at(epoch: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(epoch)
    }

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn retry_after_seconds() {
        let now = at(1_700_000_000);
        assert_eq!(parse_retry_after("3", now), Some(S(3)));
        assert_eq!(parse_retry_after(" 120 ", now), Some(S(120)));
        assert_eq!(parse_retry_after("0", now), Some(S(0)));
    }

    #[test]
    fn retry_after_http_date() {
        // Tue, 14 Nov 2023 22:13:20 GMT = 1_700_000_000
        let now = at(1_700_000_000);
        assert_eq!(
            parse_retry_after("Tue, 14 Nov 2023 22:13:25 GMT", now),
            Some(S(5))
        );
        assert_eq!(
            parse_retry_after("Tue, 14 Nov 2023 22:13:00 GMT", now),
            Some(S(0)),
            "a date in the past means: now"
        );
    }

    #[test]
    fn retry_after_garbage_is_ignored() {
        let now = at(1_700_000_000);
        for bad in [
            "",
            "soon",
            "-1",
            "1.5",
            "99999999999999999999999",
            "Tue, 99 Nov",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn reset_epoch_is_relative_and_past_resets_are_ignored() {
        let now = at(1_700_000_000);
        assert_eq!(parse_reset("1700000010", now), Some(S(10)));
        assert_eq!(parse_reset("1700000000", now), Some(S(0)));
        assert_eq!(parse_reset("1699999999", now), None);
        assert_eq!(parse_reset("soon", now), None);
        assert_eq!(parse_reset("18446744073709551615", now), None);
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn hints_use_the_server_clock() {
        // Local clock an hour fast; the server's Date says 1_700_000_000.
        let local = at(1_700_003_600);
        let h = headers(&[
            ("date", "Tue, 14 Nov 2023 22:13:20 GMT"),
            ("retry-after", "Tue, 14 Nov 2023 22:13:27 GMT"),
            ("x-ratelimit-reset", "1700000030"),
        ]);
        let hint = hint_from_headers(429, &h, local);
        assert_eq!(hint.retry_after, Some(S(7)));
        assert_eq!(hint.reset_in, Some(S(30)));
    }

    #[test]
    fn reset_is_only_read_on_429() {
        let h = headers(&[("x-ratelimit-reset", "1700000030")]);
        assert_eq!(hint_from_headers(503, &h, at(1_700_000_000)).reset_in, None);
        assert_eq!(
            hint_from_headers(429, &h, at(1_700_000_000)).reset_in,
            Some(S(30))
        );
        let h = headers(&[("retry-after", "2")]);
        assert_eq!(
            hint_from_headers(503, &h, at(1_700_000_000)).retry_after,
            Some(S(2)),
            "Retry-After counts on 503 too"
        );
    }

    #[test]
    fn next_delay_prefers_retry_after() {
        let hint = ServerHint {
            retry_after: Some(S(2)),
            reset_in: Some(S(1)),
        };
        assert_eq!(next_delay(hint, Some(S(4)), S(60)), Some(S(2)));
    }

    #[test]
    fn retry_after_beyond_the_budget_stops() {
        let hint = ServerHint {
            retry_after: Some(S(120)),
            reset_in: None,
        };
        assert_eq!(next_delay(hint, Some(S(1)), S(60)), None);
    }

    #[test]
    fn sane_reset_is_used_and_a_daily_window_is_not() {
        let soon = ServerHint {
            retry_after: None,
            reset_in: Some(S(5)),
        };
        assert_eq!(next_delay(soon, Some(S(1)), S(60)), Some(S(5)));
        let daily = ServerHint {
            retry_after: None,
            reset_in: Some(S(86_369)),
        };
        assert_eq!(
            next_delay(daily, Some(S(1)), S(60)),
            Some(S(1)),
            "falls back to the backoff"
        );
    }

    #[test]
    fn backoff_used_without_hints_and_budget_exhaustion_stops() {
        let none = ServerHint::default();
        assert_eq!(next_delay(none, Some(S(2)), S(60)), Some(S(2)));
        assert_eq!(
            next_delay(none, Some(S(2)), S(1)),
            None,
            "budget left too small"
        );
        assert_eq!(next_delay(none, Some(S(2)), Duration::ZERO), None);
        assert_eq!(next_delay(none, None, S(60)), None, "backoff exhausted");
    }

    fn details(status: u16) -> HttpDetails {
        HttpDetails::from_body(status, b"")
    }

    #[test]
    fn only_transient_failures_are_retryable() {
        for status in [502, 503, 504] {
            assert!(is_retryable(&UemError::Server {
                details: details(status)
            }));
        }
        for status in [500, 501, 505] {
            assert!(!is_retryable(&UemError::Server {
                details: details(status)
            }));
        }
        assert!(is_retryable(&UemError::RateLimited {
            details: details(429),
            retry_after: None
        }));
        for e in [
            UemError::Unauthorized {
                details: details(401),
            },
            UemError::DeviceNotFound {
                details: details(404),
            },
            UemError::UnexpectedStatus {
                details: details(400),
            },
            UemError::BodyTooLarge {
                status: 200,
                limit: 1,
            },
        ] {
            assert!(!is_retryable(&e), "{e:?}");
        }
    }

    fn server(status: u16) -> Failure {
        Failure::from(UemError::Server {
            details: details(status),
        })
    }

    #[tokio::test(start_paused = true)]
    async fn run_retries_transient_failures_until_success() {
        let mut calls = 0;
        let result = run(S(60), true, || {
            calls += 1;
            let n = calls;
            async move {
                if n < 3 {
                    Err(server(503))
                } else {
                    Ok(n)
                }
            }
        })
        .await;
        assert_eq!(result.unwrap(), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn run_without_retry_makes_one_attempt() {
        let mut calls = 0;
        let result: Result<(), _> = run(S(60), false, || {
            calls += 1;
            async { Err(server(503)) }
        })
        .await;
        assert!(matches!(result, Err(UemError::Server { .. })));
        assert_eq!(calls, 1);
    }

    #[tokio::test(start_paused = true)]
    async fn run_stops_on_final_and_non_retryable_failures() {
        let mut calls = 0;
        let result: Result<(), _> = run(S(60), true, || {
            calls += 1;
            async {
                Err(Failure {
                    final_: true,
                    ..server(503)
                })
            }
        })
        .await;
        assert!(result.is_err());
        assert_eq!(calls, 1);
        let mut calls = 0;
        let _ = run::<(), _, _>(S(60), true, || {
            calls += 1;
            async { Err(server(500)) }
        })
        .await;
        assert_eq!(calls, 1);
    }

    #[tokio::test(start_paused = true)]
    async fn run_gives_up_when_the_budget_is_spent() {
        let mut calls = 0;
        let result: Result<(), _> = run(S(3), true, || {
            calls += 1;
            async {
                Err(Failure {
                    hint: ServerHint {
                        retry_after: Some(S(2)),
                        reset_in: None,
                    },
                    ..server(503)
                })
            }
        })
        .await;
        assert!(matches!(result, Err(UemError::Server { .. })));
        assert_eq!(calls, 2, "one wait of 2 s fits in 3 s, a second does not");
    }
}
