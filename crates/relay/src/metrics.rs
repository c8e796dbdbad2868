//! `GET /metrics`: Prometheus text — requests by route and status, outcomes of the use cases,
//! UEM calls with their latency, and attempts the shared limit refused. Bind the relay so that
//! only the monitoring system reaches it. No label ever holds a username or a serial.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use baton_core::uem::{
    Device, DeviceCommand, DeviceId, EventLogEntry, NewDirectoryUser, Registration, SwitchReport,
    SystemInfo, UemApi, UemError, User, UserId,
};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    action: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct UemLabels {
    operation: String,
    result: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabels {
    operation: String,
}

type Seconds = Family<OperationLabels, Histogram, fn() -> Histogram>;

/// The relay's metrics.
pub struct Metrics {
    registry: Mutex<Registry>,
    requests: Family<RequestLabels, Counter>,
    outcomes: Family<OutcomeLabels, Counter>,
    uem_calls: Family<UemLabels, Counter>,
    uem_seconds: Seconds,
    throttled: Counter,
}

fn latency_histogram() -> Histogram {
    // 10 ms … ~20 s.
    Histogram::new(exponential_buckets(0.01, 2.0, 12))
}

impl Metrics {
    pub fn new() -> Arc<Self> {
        let mut registry = Registry::with_prefix("baton_relay");
        let requests = Family::<RequestLabels, Counter>::default();
        let outcomes = Family::<OutcomeLabels, Counter>::default();
        let uem_calls = Family::<UemLabels, Counter>::default();
        let uem_seconds: Seconds = Family::new_with_constructor(latency_histogram);
        let throttled = Counter::default();
        registry.register(
            "requests",
            "HTTP requests answered, by route and status",
            requests.clone(),
        );
        registry.register(
            "outcomes",
            "Use cases by action and outcome (switched, already-yours, refused CODE, …)",
            outcomes.clone(),
        );
        registry.register(
            "uem_requests",
            "UEM API operations by result",
            uem_calls.clone(),
        );
        registry.register(
            "uem_request_seconds",
            "UEM API operation latency",
            uem_seconds.clone(),
        );
        registry.register(
            "throttled_attempts",
            "Sign-ins refused by the per-username attempt limit",
            throttled.clone(),
        );
        Arc::new(Metrics {
            registry: Mutex::new(registry),
            requests,
            outcomes,
            uem_calls,
            uem_seconds,
            throttled,
        })
    }

    /// The Prometheus text of every metric.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        let registry = self.registry.lock().unwrap_or_else(|e| e.into_inner());
        if prometheus_client::encoding::text::encode(&mut text, &registry).is_err() {
            tracing::error!("the metrics could not be encoded");
        }
        text
    }

    pub fn request(&self, path: &str, status: u16) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route_of(path).into(),
                status: status.to_string(),
            })
            .inc();
    }

    pub fn outcome(&self, action: &str, outcome: &str) {
        self.outcomes
            .get_or_create(&OutcomeLabels {
                action: action.into(),
                outcome: outcome.into(),
            })
            .inc();
    }

    pub fn throttled(&self) {
        self.throttled.inc();
    }

    fn uem(&self, operation: &'static str, ok: bool, started: Instant) {
        self.uem_calls
            .get_or_create(&UemLabels {
                operation: operation.into(),
                result: if ok { "ok" } else { "error" }.into(),
            })
            .inc();
        self.uem_seconds
            .get_or_create(&OperationLabels {
                operation: operation.into(),
            })
            .observe(started.elapsed().as_secs_f64());
    }
}

/// The route template of a path, so that no serial becomes a label value.
pub fn route_of(path: &str) -> &'static str {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match parts.as_slice() {
        ["", "healthz"] => "/healthz",
        ["", "readyz"] => "/readyz",
        ["", "metrics"] => "/metrics",
        ["", "v1", "device"] => "/v1/device",
        ["", "v1", "handoff"] => "/v1/handoff",
        ["", "v1", "sessions"] => "/v1/sessions",
        ["", "v1", "users"] => "/v1/users",
        ["", "v1", "audit"] => "/v1/audit",
        ["", "v1", "registrations"] => "/v1/registrations",
        ["", "v1", "openapi.json"] => "/v1/openapi.json",
        ["", "v1", "devices"] => "/v1/devices",
        ["", "v1", "devices", _] => "/v1/devices/{serial}",
        ["", "v1", "devices", _, "handoff"] => "/v1/devices/{serial}/handoff",
        ["", "v1", "devices", _, "assign"] => "/v1/devices/{serial}/assign",
        ["", "v1", "devices", _, "return"] => "/v1/devices/{serial}/return",
        _ => "other",
    }
}

/// A [`UemApi`] that counts and times every operation of the one it wraps.
pub struct Metered<U> {
    inner: U,
    metrics: Arc<Metrics>,
}

impl<U> Metered<U> {
    pub fn new(inner: U, metrics: Arc<Metrics>) -> Self {
        Metered { inner, metrics }
    }
}

impl<U: UemApi> Metered<U> {
    async fn timed<T>(
        &self,
        operation: &'static str,
        call: impl std::future::Future<Output = Result<T, UemError>>,
    ) -> Result<T, UemError> {
        let started = Instant::now();
        let result = call.await;
        self.metrics.uem(operation, result.is_ok(), started);
        result
    }
}

impl<U: UemApi> UemApi for Metered<U> {
    async fn device_by_serial(&self, serial: &str) -> Result<Device, UemError> {
        self.timed("device_by_serial", self.inner.device_by_serial(serial))
            .await
    }

    async fn device_by_udid(&self, udid: &str) -> Result<Device, UemError> {
        self.timed("device_by_udid", self.inner.device_by_udid(udid))
            .await
    }

    async fn device(&self, id: DeviceId) -> Result<Device, UemError> {
        self.timed("device", self.inner.device(id)).await
    }

    async fn find_user(&self, username: &str) -> Result<User, UemError> {
        self.timed("find_user", self.inner.find_user(username))
            .await
    }

    async fn find_users(&self, username: &str) -> Result<Vec<User>, UemError> {
        self.timed("find_user", self.inner.find_users(username))
            .await
    }

    async fn switch_enrollment_user(
        &self,
        device: DeviceId,
        target: &User,
        staging_usernames: &[String],
    ) -> Result<SwitchReport, UemError> {
        self.timed(
            "switch_enrollment_user",
            self.inner
                .switch_enrollment_user(device, target, staging_usernames),
        )
        .await
    }

    async fn device_command(
        &self,
        device: DeviceId,
        command: DeviceCommand,
    ) -> Result<(), UemError> {
        self.timed("device_command", self.inner.device_command(device, command))
            .await
    }

    async fn add_directory_user(&self, user: &NewDirectoryUser) -> Result<UserId, UemError> {
        self.timed("add_directory_user", self.inner.add_directory_user(user))
            .await
    }

    async fn add_device_note(&self, device: DeviceId, note: &str) -> Result<(), UemError> {
        self.timed("add_device_note", self.inner.add_device_note(device, note))
            .await
    }

    async fn search_users(&self, query: &str, limit: usize) -> Result<Vec<User>, UemError> {
        self.timed("search_users", self.inner.search_users(query, limit))
            .await
    }

    async fn event_log(
        &self,
        device: DeviceId,
        limit: usize,
    ) -> Result<Vec<EventLogEntry>, UemError> {
        self.timed("event_log", self.inner.event_log(device, limit))
            .await
    }

    async fn device_count_of_user(&self, username: &str) -> Result<Option<u32>, UemError> {
        self.timed(
            "device_count_of_user",
            self.inner.device_count_of_user(username),
        )
        .await
    }

    async fn register_device(&self, user: UserId, serial: &str) -> Result<(), UemError> {
        self.timed("register_device", self.inner.register_device(user, serial))
            .await
    }

    async fn registrations_by_asset_number(
        &self,
        asset_number: &str,
    ) -> Result<Vec<Registration>, UemError> {
        self.timed(
            "registrations_by_asset_number",
            self.inner.registrations_by_asset_number(asset_number),
        )
        .await
    }

    async fn registrations_by_serial(&self, serial: &str) -> Result<Vec<Registration>, UemError> {
        self.timed(
            "registrations_by_serial",
            self.inner.registrations_by_serial(serial),
        )
        .await
    }

    async fn system_info(&self) -> Result<SystemInfo, UemError> {
        self.timed("system_info", self.inner.system_info()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_serial_becomes_a_label() {
        assert_eq!(
            route_of("/v1/devices/C02SECRET1/handoff"),
            "/v1/devices/{serial}/handoff"
        );
        assert_eq!(route_of("/v1/devices/C02SECRET1"), "/v1/devices/{serial}");
        assert_eq!(route_of("/v1/devices/a/b/c/d"), "other");
        let metrics = Metrics::new();
        metrics.request("/v1/devices/C02SECRET1", 200);
        metrics.outcome("handoff", "switched");
        let text = metrics.encode();
        assert!(
            text.contains(
                "baton_relay_requests_total{route=\"/v1/devices/{serial}\",status=\"200\"} 1"
            ),
            "{text}"
        );
        assert!(!text.contains("C02SECRET1"));
    }
}
