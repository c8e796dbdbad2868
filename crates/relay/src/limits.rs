//! Per-client request rate: a token bucket per client identity (a certificate's fingerprint, a
//! bearer token's SHA-256, else the peer's address), so one misbehaving Mac, kiosk or script
//! cannot starve the others or burn the tenant's UEM quota. In memory, per replica: the
//! per-username attempt limit that protects directory accounts is the shared one in the store.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Requests a client may make per second, sustained (`ClientRequestsPerSecond`, default).
pub const PER_SECOND: u32 = 10;
/// Requests a client may make at once: this many seconds' worth.
const BURST_SECONDS: f64 = 4.0;
/// A client not seen for this long is forgotten.
const FORGET: Duration = Duration::from_secs(600);

/// The buckets of every client seen recently.
pub struct RateLimits {
    per_second: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimits {
    pub fn new(per_second: u32) -> Self {
        RateLimits {
            per_second: f64::from(per_second.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn burst(&self) -> f64 {
        self.per_second * BURST_SECONDS
    }

    /// Takes one request from `client`'s bucket; `Err(wait)` when it is empty.
    pub fn take(&self, client: &str, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > 10_000 {
            buckets.retain(|_, (_, seen)| now.duration_since(*seen) < FORGET);
        }
        let burst = self.burst();
        let (tokens, seen) = buckets.entry(client.to_owned()).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*seen).as_secs_f64() * self.per_second).min(burst);
        *seen = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - *tokens) / self.per_second))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_burst_then_the_sustained_rate_and_others_are_not_affected() {
        let limits = RateLimits::new(PER_SECOND);
        let start = Instant::now();
        for _ in 0..(PER_SECOND * 4) {
            assert!(limits.take("mac-1", start).is_ok());
        }
        let wait = limits.take("mac-1", start).unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_millis(100),
            "{wait:?}"
        );
        assert!(
            limits.take("mac-2", start).is_ok(),
            "another client is not affected"
        );
        assert!(
            limits
                .take("mac-1", start + Duration::from_millis(100))
                .is_ok(),
            "refilled"
        );
    }
}
