//! The tenant quota.

use reqwest::StatusCode;
use uem_sim::RateLimitConfig;

use crate::common::*;

fn limit(limit: u64, retry_after_secs: Option<u64>) -> RateLimitConfig {
    RateLimitConfig {
        limit,
        window_secs: 3_600,
        retry_after_secs,
    }
}

#[tokio::test]
async fn spent_quota_answers_429_with_remaining_zero_and_retry_after() {
    let env = Env::start().await;
    env.sim.set_rate_limit(limit(2, Some(30)), None);
    let first = env.get("/api/system/info").await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(header(&first, "x-ratelimit-limit"), Some("2"));
    assert_eq!(header(&first, "x-ratelimit-remaining"), Some("1"));
    let second = env.get("/api/system/info").await;
    assert_eq!(header(&second, "x-ratelimit-remaining"), Some("0"));
    assert_eq!(second.status(), StatusCode::OK);

    let third = env.get("/api/system/info").await;
    assert_eq!(header(&third, "x-ratelimit-remaining"), Some("0"));
    assert_eq!(header(&third, "retry-after"), Some("30"));
    let reset: u64 = header(&third, "x-ratelimit-reset")
        .unwrap()
        .parse()
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(
        (now + 3_500..=now + 3_601).contains(&reset),
        "{reset} vs {now}"
    );
    error_object(third, StatusCode::TOO_MANY_REQUESTS).await;

    // Tokens come from another service and are not counted.
    env.fetch_token().await;
}

#[tokio::test]
async fn no_retry_after_unless_configured() {
    let env = Env::start().await;
    env.sim.set_rate_limit(limit(5, None), Some(0));
    let refused = env.get("/api/system/info").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().get("retry-after").is_none());
}

#[tokio::test]
async fn every_api_answer_counts_down() {
    let env = Env::start().await;
    let before = env.sim.rate_limit().remaining;
    env.get("/api/system/users/search?username=nobody").await;
    env.get("/api/mdm/devices/99999").await;
    assert_eq!(env.sim.rate_limit().remaining, before - 2);
}
