//! The tenant's request quota: `X-RateLimit-Limit/Remaining/Reset` on every API answer and
//! 429 once the quota of the current window is spent (uem-api.md §6: a daily window on real
//! tenants). Token requests do not count; they go to a separate service on real tenants.

use serde::{Deserialize, Serialize};

/// Quota settings (seed `behavior.rate_limit`, `PUT /_sim/ratelimit`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimitConfig {
    /// Requests allowed per window.
    pub limit: u64,
    /// Window length; `X-RateLimit-Reset` is the end of the current window (epoch seconds).
    pub window_secs: u64,
    /// When set, 429 answers carry `Retry-After` with this many seconds (UNCERTAIN on real
    /// tenants, so off by default).
    pub retry_after_secs: Option<u64>,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        RateLimitConfig {
            limit: 50_000,
            window_secs: 86_400,
            retry_after_secs: None,
        }
    }
}

/// The values for the `X-RateLimit-*` headers of one answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct QuotaSnapshot {
    pub limit: u64,
    pub remaining: u64,
    /// Epoch seconds when the window ends.
    pub reset: u64,
    pub retry_after_secs: Option<u64>,
}

/// The live quota.
#[derive(Debug)]
pub(crate) struct Quota {
    config: RateLimitConfig,
    remaining: u64,
    reset_at: u64,
}

impl Quota {
    pub(crate) fn new(config: RateLimitConfig, now_epoch: u64) -> Quota {
        Quota {
            remaining: config.limit,
            reset_at: now_epoch + config.window_secs.max(1),
            config,
        }
    }

    /// Counts one request. `Ok` = allowed, `Err` = quota spent (answer 429).
    pub(crate) fn take(&mut self, now_epoch: u64) -> Result<QuotaSnapshot, QuotaSnapshot> {
        self.roll_window(now_epoch);
        if self.remaining == 0 {
            return Err(self.snapshot());
        }
        self.remaining -= 1;
        Ok(self.snapshot())
    }

    /// Replaces the settings; `remaining` sets what is left in a fresh window (default: all).
    pub(crate) fn configure(
        &mut self,
        config: RateLimitConfig,
        remaining: Option<u64>,
        now_epoch: u64,
    ) {
        *self = Quota::new(config, now_epoch);
        if let Some(left) = remaining {
            self.remaining = left.min(self.config.limit);
        }
    }

    pub(crate) fn snapshot(&self) -> QuotaSnapshot {
        QuotaSnapshot {
            limit: self.config.limit,
            remaining: self.remaining,
            reset: self.reset_at,
            retry_after_secs: self.config.retry_after_secs,
        }
    }

    pub(crate) fn config(&self) -> &RateLimitConfig {
        &self.config
    }

    fn roll_window(&mut self, now_epoch: u64) {
        if now_epoch >= self.reset_at {
            self.remaining = self.config.limit;
            self.reset_at = now_epoch + self.config.window_secs.max(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(limit: u64) -> RateLimitConfig {
        RateLimitConfig {
            limit,
            window_secs: 60,
            retry_after_secs: Some(7),
        }
    }

    #[test]
    fn counts_down_then_refuses() {
        let mut quota = Quota::new(config(2), 1_000);
        assert_eq!(quota.take(1_000).unwrap().remaining, 1);
        assert_eq!(quota.take(1_001).unwrap().remaining, 0);
        let refused = quota.take(1_002).unwrap_err();
        assert_eq!(
            (refused.remaining, refused.reset, refused.retry_after_secs),
            (0, 1_060, Some(7))
        );
    }

    #[test]
    fn new_window_restores_the_quota() {
        let mut quota = Quota::new(config(1), 1_000);
        quota.take(1_000).unwrap();
        assert!(quota.take(1_059).is_err());
        let next = quota.take(1_060).unwrap();
        assert_eq!((next.remaining, next.reset), (0, 1_120));
    }

    #[test]
    fn configure_can_start_with_part_of_the_quota_spent() {
        let mut quota = Quota::new(config(10), 1_000);
        quota.configure(config(10), Some(1), 1_000);
        assert!(quota.take(1_000).is_ok());
        assert!(quota.take(1_000).is_err());
    }
}
