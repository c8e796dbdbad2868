//! Which UEM operation a request is for. Faults, latency and the request log are keyed by
//! [`Route`]; each route also declares the API versions it serves.
//!
//! Paths are matched case-insensitively (real tenants answer `/api/…` and `/API/…`, uem-api.md
//! §1), and the URL-versioned form `/api/v{N}/…` is folded into the plain path.

use serde::{Deserialize, Serialize};

/// A simulated operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// `POST /connect/token`
    Token,
    /// `GET /api/mdm/devices?searchby=…`, `/api/mdm/devices/{id}`, `/api/mdm/devices/udid/{udid}`
    DeviceLookup,
    /// `GET /api/mdm/devices/search` (paged list)
    DeviceSearch,
    /// `PATCH /api/mdm/devices/{id}/enrollmentuser/{userId}`
    SwitchUser,
    /// `POST /api/mdm/devices/{id}/commands?command=…` and `/api/mdm/devices/commands?…`
    DeviceCommand,
    /// `GET /api/system/users/search`
    UserSearch,
    /// `GET /api/system/users/{id}`
    UserGet,
    /// `POST /api/system/users/adduser`
    AddUser,
    /// `GET /api/system/info`
    SystemInfo,
    /// `GET|POST /api/mdm/devices/{id}/notes` and `/api/mdm/devices/notes?searchBy=…&id=…`
    DeviceNotes,
    /// `GET /api/mdm/devices/{id}/eventlog` and `/api/mdm/devices/eventlog?searchBy=…&id=…`
    DeviceEventLog,
    /// `POST /api/system/users/{id}/registerdevice`
    RegisterDevice,
    /// `GET /api/system/users/registereddevices/search`
    RegisteredDeviceSearch,
    /// `POST /api/system/users/registereddevices/deletebyserialnumber|deletebyassetnumber`
    RegisteredDeviceDelete,
    /// `/_sim/…`, the simulator's own admin API (never faulted, delayed, counted or logged)
    Admin,
    /// Anything else (answered 404 by the router)
    Unknown,
    /// An LDAP operation on the directory listeners (request log only: faults, latency and
    /// the quota do not apply to LDAP)
    Ldap,
}

impl Route {
    /// Classifies a normalised (lower-case, unversioned) path.
    pub(crate) fn classify(path: &str) -> Route {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        match segments.as_slice() {
            ["connect", "token"] => Route::Token,
            ["_sim", ..] => Route::Admin,
            ["api", "mdm", "devices"] | ["api", "mdm", "devices", "udid", _] => Route::DeviceLookup,
            ["api", "mdm", "devices", "commands"] | ["api", "mdm", "devices", _, "commands"] => {
                Route::DeviceCommand
            }
            ["api", "mdm", "devices", "search"] => Route::DeviceSearch,
            ["api", "mdm", "devices", "notes"] | ["api", "mdm", "devices", _, "notes"] => {
                Route::DeviceNotes
            }
            ["api", "mdm", "devices", "eventlog"] | ["api", "mdm", "devices", _, "eventlog"] => {
                Route::DeviceEventLog
            }
            ["api", "mdm", "devices", _, "enrollmentuser", _] => Route::SwitchUser,
            ["api", "mdm", "devices", _] => Route::DeviceLookup,
            ["api", "system", "users", "search"] => Route::UserSearch,
            ["api", "system", "users", "adduser"] => Route::AddUser,
            ["api", "system", "users", "registereddevices", "search"] => {
                Route::RegisteredDeviceSearch
            }
            ["api", "system", "users", "registereddevices", "deletebyserialnumber" | "deletebyassetnumber"] => {
                Route::RegisteredDeviceDelete
            }
            ["api", "system", "users", _, "registerdevice"] => Route::RegisterDevice,
            ["api", "system", "users", _] => Route::UserGet,
            ["api", "system", "info"] => Route::SystemInfo,
            _ => Route::Unknown,
        }
    }

    /// API versions the route serves (`api-supported-versions`); empty for non-API routes.
    pub(crate) fn supported_versions(self) -> &'static [u32] {
        match self {
            // Only in the mdm v2 spec (uem-api.md §4.5).
            Route::SwitchUser => &[2],
            // v1 and v2 have the same shape (uem-api.md §4.2).
            Route::DeviceSearch => &[1, 2],
            Route::DeviceLookup
            | Route::DeviceCommand
            | Route::UserSearch
            | Route::UserGet
            | Route::AddUser
            | Route::SystemInfo
            | Route::DeviceNotes
            | Route::DeviceEventLog
            | Route::RegisterDevice
            | Route::RegisteredDeviceSearch
            | Route::RegisteredDeviceDelete => &[1],
            Route::Token | Route::Admin | Route::Unknown | Route::Ldap => &[],
        }
    }

    /// Whether the route is part of the UEM REST API (authenticated, counted, versioned).
    pub(crate) fn is_api(self) -> bool {
        !matches!(self, Route::Token | Route::Admin | Route::Ldap)
    }
}

/// A path with the `/api` prefix case folded and an URL version (`/api/v2/…`) taken out.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct NormalizedPath {
    pub path: String,
    pub url_version: Option<u32>,
}

pub(crate) fn normalize(path: &str) -> NormalizedPath {
    let lower = path.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("/api/v") {
        if let Some((digits, tail)) = rest.split_once('/') {
            if let Ok(version) = digits.parse::<u32>() {
                return NormalizedPath {
                    path: format!("/api/{tail}"),
                    url_version: Some(version),
                };
            }
        }
    }
    NormalizedPath {
        path: lower,
        url_version: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_every_simulated_operation() {
        let cases = [
            ("/connect/token", Route::Token),
            ("/api/mdm/devices", Route::DeviceLookup),
            ("/api/mdm/devices/2001", Route::DeviceLookup),
            ("/api/mdm/devices/udid/abc", Route::DeviceLookup),
            ("/api/mdm/devices/search", Route::DeviceSearch),
            (
                "/api/mdm/devices/2001/enrollmentuser/1002",
                Route::SwitchUser,
            ),
            ("/api/mdm/devices/2001/commands", Route::DeviceCommand),
            ("/api/mdm/devices/commands", Route::DeviceCommand),
            ("/api/system/users/search", Route::UserSearch),
            ("/api/system/users/adduser", Route::AddUser),
            ("/api/system/users/1002", Route::UserGet),
            ("/api/system/info", Route::SystemInfo),
            ("/api/mdm/devices/2001/notes", Route::DeviceNotes),
            ("/api/mdm/devices/notes", Route::DeviceNotes),
            ("/api/mdm/devices/2001/eventlog", Route::DeviceEventLog),
            ("/api/mdm/devices/eventlog", Route::DeviceEventLog),
            (
                "/api/system/users/1002/registerdevice",
                Route::RegisterDevice,
            ),
            (
                "/api/system/users/registereddevices/search",
                Route::RegisteredDeviceSearch,
            ),
            (
                "/api/system/users/registereddevices/deletebyserialnumber",
                Route::RegisteredDeviceDelete,
            ),
            ("/_sim/requests", Route::Admin),
            ("/api/mdm/nothing", Route::Unknown),
        ];
        for (path, route) in cases {
            assert_eq!(Route::classify(path), route, "{path}");
        }
    }

    #[test]
    fn normalises_case_and_url_versions() {
        assert_eq!(
            normalize("/API/MDM/Devices"),
            NormalizedPath {
                path: "/api/mdm/devices".into(),
                url_version: None
            }
        );
        assert_eq!(
            normalize("/API/v1/system/users/adduser"),
            NormalizedPath {
                path: "/api/system/users/adduser".into(),
                url_version: Some(1)
            }
        );
        // A segment that merely starts with "v" is not a version.
        assert_eq!(normalize("/api/vx/a").url_version, None);
    }
}
