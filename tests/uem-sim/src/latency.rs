//! Artificial latency: a global delay for every request plus an extra delay per route.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use crate::route::Route;

/// Current latency settings (`GET /_sim/latency` shows them in milliseconds).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Latency {
    global: Duration,
    per_route: BTreeMap<Route, Duration>,
}

/// Serialised view of the latency settings.
#[derive(Debug, Serialize)]
pub(crate) struct LatencyView {
    pub global_ms: u128,
    pub per_route_ms: BTreeMap<Route, u128>,
}

impl Latency {
    pub(crate) fn new(global: Duration) -> Latency {
        Latency {
            global,
            per_route: BTreeMap::new(),
        }
    }

    /// Sets the global delay (`route` = `None`) or one route's extra delay.
    pub(crate) fn set(&mut self, route: Option<Route>, delay: Duration) {
        match route {
            None => self.global = delay,
            Some(route) if delay.is_zero() => {
                self.per_route.remove(&route);
            }
            Some(route) => {
                self.per_route.insert(route, delay);
            }
        }
    }

    /// The delay for one request to `route`.
    pub(crate) fn for_route(&self, route: Route) -> Duration {
        self.global + self.per_route.get(&route).copied().unwrap_or_default()
    }

    pub(crate) fn view(&self) -> LatencyView {
        LatencyView {
            global_ms: self.global.as_millis(),
            per_route_ms: self
                .per_route
                .iter()
                .map(|(route, delay)| (*route, delay.as_millis()))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_delay_adds_to_the_global_one() {
        let mut latency = Latency::new(Duration::from_millis(10));
        latency.set(Some(Route::SwitchUser), Duration::from_millis(200));
        assert_eq!(
            latency.for_route(Route::SwitchUser),
            Duration::from_millis(210)
        );
        assert_eq!(
            latency.for_route(Route::DeviceLookup),
            Duration::from_millis(10)
        );
        latency.set(Some(Route::SwitchUser), Duration::ZERO);
        assert_eq!(
            latency.for_route(Route::SwitchUser),
            Duration::from_millis(10)
        );
    }
}
