//! UEM's JSON, read leniently: unknown fields are ignored, ids may be `{"Value": n}`, `n` or
//! `"n"`, sub-objects may lack fields, and dates and other odd scalars are kept as text. A body that
//! still does not fit fails with the JSON path of the value at fault.

use std::fmt;

use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::{HttpDetails, UemError};

/// A device's numeric id (`Id.Value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct DeviceId(pub i64);

/// An enrollment user's numeric id (`Id.Value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct UserId(pub i64);

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The device record (`GET /api/mdm/devices?searchby=…`, v1), the fields Baton uses.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct Device {
    /// `Id.Value` (or a plain number).
    #[serde(rename = "Id", deserialize_with = "required_id")]
    pub id: DeviceId,
    /// `Uuid`.
    #[serde(rename = "Uuid", default, deserialize_with = "lenient_text")]
    pub uuid: Option<String>,
    /// `Udid`.
    #[serde(rename = "Udid", default, deserialize_with = "lenient_text")]
    pub udid: Option<String>,
    /// `SerialNumber`.
    #[serde(rename = "SerialNumber", default, deserialize_with = "lenient_text")]
    pub serial_number: Option<String>,
    /// `DeviceFriendlyName`.
    #[serde(
        rename = "DeviceFriendlyName",
        default,
        deserialize_with = "lenient_text"
    )]
    pub friendly_name: Option<String>,
    /// `UserId.Id.Value`: the enrollment user's id, when UEM says it.
    #[serde(rename = "UserId", default, deserialize_with = "entity_reference_id")]
    pub user_id: Option<UserId>,
    /// `UserName`: the enrollment user's name.
    #[serde(rename = "UserName", default, deserialize_with = "lenient_text")]
    pub user_name: Option<String>,
    /// `UserEmailAddress`.
    #[serde(
        rename = "UserEmailAddress",
        default,
        deserialize_with = "lenient_text"
    )]
    pub user_email: Option<String>,
    /// `EnrollmentStatus`, e.g. `Enrolled`, `Unenrolled`.
    #[serde(
        rename = "EnrollmentStatus",
        default,
        deserialize_with = "lenient_text"
    )]
    pub enrollment_status: Option<String>,
    /// `EnrollmentUserUuid`.
    #[serde(
        rename = "EnrollmentUserUuid",
        default,
        deserialize_with = "lenient_text"
    )]
    pub enrollment_user_uuid: Option<String>,
    /// `LocationGroupName`: the organization group.
    #[serde(
        rename = "LocationGroupName",
        default,
        deserialize_with = "lenient_text"
    )]
    pub location_group_name: Option<String>,
    /// `Platform` (not hard-coded: the macOS string is not documented).
    #[serde(rename = "Platform", default, deserialize_with = "lenient_text")]
    pub platform: Option<String>,
    /// `Model`.
    #[serde(rename = "Model", default, deserialize_with = "lenient_text")]
    pub model: Option<String>,
    /// `OperatingSystem`.
    #[serde(rename = "OperatingSystem", default, deserialize_with = "lenient_text")]
    pub operating_system: Option<String>,
    /// `AssetNumber`: the asset tag IT gave the device.
    #[serde(rename = "AssetNumber", default, deserialize_with = "lenient_text")]
    pub asset_number: Option<String>,
    /// `LastSeen`, as UEM wrote it.
    #[serde(rename = "LastSeen", default, deserialize_with = "lenient_text")]
    pub last_seen: Option<String>,
    /// `LastEnrolledOn`, as UEM wrote it.
    #[serde(rename = "LastEnrolledOn", default, deserialize_with = "lenient_text")]
    pub last_enrolled_on: Option<String>,
}

impl Device {
    /// `EnrollmentStatus` is `Enrolled` (case-insensitive).
    pub fn is_enrolled(&self) -> bool {
        self.enrollment_status
            .as_deref()
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("enrolled"))
    }

    /// The enrollment user is one of `staging_usernames` (case-insensitive).
    pub fn is_on_staging_user(&self, staging_usernames: &[String]) -> bool {
        self.user_name
            .as_deref()
            .is_some_and(|name| staging_usernames.iter().any(|s| same_username(s, name)))
    }

    /// The device is enrolled to `user`: same id when UEM gives one, else the same name.
    pub fn belongs_to(&self, user: &User) -> bool {
        match self.user_id {
            Some(id) => id == user.id,
            None => self
                .user_name
                .as_deref()
                .is_some_and(|name| same_username(name, &user.user_name)),
        }
    }
}

/// An enrollment user (`/api/system/users/search`, v1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct User {
    /// `Id.Value`.
    #[serde(rename = "Id", deserialize_with = "required_id")]
    pub id: UserId,
    /// `Uuid`.
    #[serde(rename = "Uuid", default, deserialize_with = "lenient_text")]
    pub uuid: Option<String>,
    /// `UserName`.
    #[serde(
        rename = "UserName",
        default,
        deserialize_with = "lenient_text_or_empty"
    )]
    pub user_name: String,
    /// `FirstName`.
    #[serde(rename = "FirstName", default, deserialize_with = "lenient_text")]
    pub first_name: Option<String>,
    /// `LastName`.
    #[serde(rename = "LastName", default, deserialize_with = "lenient_text")]
    pub last_name: Option<String>,
    /// `DisplayName`.
    #[serde(rename = "DisplayName", default, deserialize_with = "lenient_text")]
    pub display_name: Option<String>,
    /// `Email`.
    #[serde(rename = "Email", default, deserialize_with = "lenient_text")]
    pub email: Option<String>,
    /// `Status`: active.
    #[serde(rename = "Status", default, deserialize_with = "lenient_bool")]
    pub active: Option<bool>,
    /// `SecurityType`: 1 directory, 2 basic (others uncertain).
    #[serde(rename = "SecurityType", default, deserialize_with = "lenient_i64")]
    pub security_type: Option<i64>,
    /// `Group`: the organization group's name.
    #[serde(rename = "Group", default, deserialize_with = "lenient_text")]
    pub group: Option<String>,
    /// `ExternalId`.
    #[serde(rename = "ExternalId", default, deserialize_with = "lenient_text")]
    pub external_id: Option<String>,
}

/// One page of `/api/system/users/search`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct UserSearchPage {
    /// `Users` (missing or null = none).
    #[serde(rename = "Users", default, deserialize_with = "null_as_empty")]
    pub users: Vec<User>,
    /// `Page` (0-based).
    #[serde(rename = "Page", default, deserialize_with = "lenient_i64")]
    pub page: Option<i64>,
    /// `PageSize`.
    #[serde(rename = "PageSize", default, deserialize_with = "lenient_i64")]
    pub page_size: Option<i64>,
    /// `Total`.
    #[serde(rename = "Total", default, deserialize_with = "lenient_i64")]
    pub total: Option<i64>,
}

/// `GET /api/system/info`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct SystemInfo {
    /// `ProductVersion`, e.g. `23.10.0.0`.
    #[serde(rename = "ProductVersion", default, deserialize_with = "lenient_text")]
    pub product_version: Option<String>,
    /// `BuildNumber`.
    #[serde(rename = "BuildNumber", default, deserialize_with = "lenient_text")]
    pub build_number: Option<String>,
}

/// A directory user to add to UEM (`POST /api/system/users/adduser`, v1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewDirectoryUser {
    /// The directory user name.
    pub user_name: String,
    /// E-mail address.
    pub email: Option<String>,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Organization group id the user belongs to (`LocationGroupId`, a string in v1).
    pub location_group_id: Option<String>,
    /// The directory entry's unique id ([`crate::directory::VerifiedUser::directory_id`]), sent
    /// as `ExternalId` so later hand-offs match the account by it.
    pub external_id: Option<String>,
}

/// The v1 `adduser` body: a directory user (`SecurityType` 1), active.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct AddUserBody<'a> {
    user_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location_group_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_id: Option<&'a str>,
    security_type: i64,
    status: bool,
}

impl<'a> From<&'a NewDirectoryUser> for AddUserBody<'a> {
    fn from(u: &'a NewDirectoryUser) -> Self {
        AddUserBody {
            user_name: &u.user_name,
            email: u.email.as_deref(),
            first_name: u.first_name.as_deref(),
            last_name: u.last_name.as_deref(),
            location_group_id: u.location_group_id.as_deref(),
            external_id: u.external_id.as_deref(),
            security_type: 1,
            status: true,
        }
    }
}

/// One entry of a device's event log (`GET /api/mdm/devices/{id}/eventlog`, v1,
/// `DeviceEventLogEntries`). Whether UEM logs the enrollment-user switch, and with which
/// `Event` text, is UNCERTAIN (modes-and-relay.md §1.3): Baton shows what it finds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct EventLogEntry {
    #[serde(rename = "TimeStamp", default, deserialize_with = "lenient_text")]
    pub timestamp: Option<String>,
    #[serde(rename = "Severity", default, deserialize_with = "lenient_text")]
    pub severity: Option<String>,
    #[serde(rename = "Source", default, deserialize_with = "lenient_text")]
    pub source: Option<String>,
    #[serde(rename = "Event", default, deserialize_with = "lenient_text")]
    pub event: Option<String>,
    #[serde(rename = "AdminAccount", default, deserialize_with = "lenient_text")]
    pub admin_account: Option<String>,
}

/// A page of the event log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub(crate) struct EventLogPage {
    #[serde(
        rename = "DeviceEventLogEntries",
        default,
        deserialize_with = "null_as_empty"
    )]
    pub entries: Vec<EventLogEntry>,
}

/// One registration ("pre-registration") record (`GET /api/system/users/registereddevices/search`,
/// v1, `RegisteredDeviceInfoList`): what a kiosk resolves an asset tag through
/// (modes-and-relay.md §1.1; UEM has no device search by asset number).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Registration {
    #[serde(rename = "SerialNumber", default, deserialize_with = "lenient_text")]
    pub serial_number: Option<String>,
    #[serde(rename = "AssetNumber", default, deserialize_with = "lenient_text")]
    pub asset_number: Option<String>,
    #[serde(rename = "Username", default, deserialize_with = "lenient_text")]
    pub username: Option<String>,
}

/// The answer of the registration search.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub(crate) struct RegistrationPage {
    #[serde(
        rename = "RegisteredDeviceInfoList",
        default,
        deserialize_with = "null_as_empty"
    )]
    pub records: Vec<Registration>,
}

/// `EntityIdModel` returned by `adduser`: `{"Value": n, "uuid": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct EntityIdModel {
    #[serde(rename = "Value", deserialize_with = "required_id")]
    pub value: UserId,
}

/// Two user names are the same when they are equal, or equal ignoring (Unicode) case when both
/// are in NFKC already. A name with a compatibility or singleton character (the Kelvin sign
/// U+212A, the Ångström sign, full-width letters, ligatures, a decomposed `ü`) equals only
/// itself: case folding would merge "\u{212A}im" with "kim", two names a directory and UEM may
/// keep apart.
pub fn same_username(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    if a == b {
        return true;
    }
    let nfkc = icu_normalizer::ComposingNormalizerBorrowed::new_nfkc();
    nfkc.is_normalized(a) && nfkc.is_normalized(b) && a.to_lowercase() == b.to_lowercase()
}

/// Decodes a JSON body; a failure names the JSON path that failed. `keep_excerpt` is false for
/// bodies that may hold a secret (token responses).
pub(crate) fn decode<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    keep_excerpt: bool,
) -> Result<T, UemError> {
    // serde's messages may quote the offending value: for a body that may hold a secret, keep
    // only the kind of error and where it is.
    let describe = |e: &serde_json::Error| {
        if keep_excerpt {
            e.to_string()
        } else {
            format!(
                "{:?} error at line {} column {}",
                e.classify(),
                e.line(),
                e.column()
            )
        }
    };
    let details = || {
        if keep_excerpt {
            HttpDetails::from_body(status, body)
        } else {
            HttpDetails::without_body(status)
        }
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| UemError::Decode {
        path: e.path().to_string(),
        message: describe(e.inner()),
        details: details(),
    })?;
    de.end().map_err(|e| UemError::Decode {
        path: ".".to_owned(),
        message: describe(&e),
        details: details(),
    })?;
    Ok(value)
}

// ---- lenient field readers -------------------------------------------------------------------

/// A scalar as an integer: `5`, `"5"`, `5.0`. Null, absent or anything else → `None`.
fn scalar_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// An id in any of UEM's shapes: `n`, `"n"`, `{"Value": n}`, or an entity reference
/// `{"Id": {"Value": n}, "Name": …}`.
fn any_id(value: &Value) -> Option<i64> {
    match value {
        Value::Object(map) => map
            .get("Value")
            .or_else(|| map.get("value"))
            .and_then(scalar_i64)
            .or_else(|| map.get("Id").or_else(|| map.get("id")).and_then(any_id)),
        other => scalar_i64(other),
    }
}

fn required_id<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: From<i64>,
{
    let value = Value::deserialize(d)?;
    any_id(&value).map(T::from).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "expected an id (a number or {{\"Value\": number}}), found {}",
            kind(&value)
        ))
    })
}

fn entity_reference_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<UserId>, D::Error> {
    let value = Option::<Value>::deserialize(d)?;
    Ok(value.as_ref().and_then(any_id).map(UserId))
}

impl From<i64> for DeviceId {
    fn from(v: i64) -> Self {
        DeviceId(v)
    }
}

impl From<i64> for UserId {
    fn from(v: i64) -> Self {
        UserId(v)
    }
}

/// Text from any scalar (numbers and booleans written out); null, objects and arrays → `None`.
pub(crate) fn lenient_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    })
}

fn lenient_text_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    lenient_text(d).map(Option::unwrap_or_default)
}

/// An integer from a number or numeric string; anything else → `None`.
pub(crate) fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(Option::<Value>::deserialize(d)?
        .as_ref()
        .and_then(scalar_i64))
}

fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Bool(b)) => Some(b),
        Some(Value::Number(n)) => n.as_i64().map(|n| n != 0),
        Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "active" => Some(true),
            "false" | "0" | "inactive" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object without a numeric Value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// F7: names equal ignoring case, but Unicode folding never merges two different names.
    #[test]
    fn same_username_ignores_case_but_merges_no_distinct_names() {
        let table: &[(&str, &str, bool)] = &[
            ("kim", "kim", true),
            ("Kim", "kIM", true),
            (" kim ", "kim", true),
            ("Jürgen", "JÜRGEN", true),
            ("ΣΟΦΙΑ", "σοφια", true),
            // The Kelvin sign lower-cases to `k`, the Ångström sign to `å`: not the same names.
            ("\u{212A}im", "kim", false),
            ("\u{212A}im", "Kim", false),
            ("\u{212B}sa", "åsa", false),
            // Full-width letters and ligatures (NFKC would make them ASCII).
            ("ｋｉｍ", "kim", false),
            ("ﬁona", "fiona", false),
            // A decomposed ü is not the composed one here (names arrive composed).
            ("ju\u{308}rgen", "jürgen", false),
            // Each is still itself.
            ("\u{212A}im", "\u{212A}im", true),
            ("ｋｉｍ", "ｋｉｍ", true),
            ("kim", "kimi", false),
            ("", "", true),
        ];
        for (a, b, want) in table {
            assert_eq!(same_username(a, b), *want, "{a:?} vs {b:?}");
            assert_eq!(same_username(b, a), *want, "{b:?} vs {a:?}");
        }
    }

    /// The swagger sample from uem-api.md §4.1, as written there (trimmed only where it was).
    const DEVICE_SWAGGER_SAMPLE: &str = r#"{"Udid":"827BE1C5A7D1","SerialNumber":"R51G844T90R","DeviceFriendlyName":"users iPhone iOS 10.3.2 ",
 "LocationGroupId":{"Name":"Text value","Uuid":"c4bf3648-0000-0000-0000-000000000000"},"LocationGroupName":"locationgroup1",
 "UserId":{},"UserName":"user1","UserEmailAddress":"user1@vmware.com","Ownership":"C",
 "Platform":"Apple","Model":"iPhone","OperatingSystem":"10.3.2","EnrollmentStatus":"Enrolled",
 "ComplianceStatus":"Compliant","EnrollmentUserUuid":"00000000-0000-0000-0000-000000000000",
 "Id":{"Value":0},"Uuid":"e4774bca-85bf-44d2-b5cf-dc68324d66ad"}"#;

    #[test]
    fn device_swagger_sample_parses_with_empty_user_reference() {
        let d: Device = decode(200, DEVICE_SWAGGER_SAMPLE.as_bytes(), true).unwrap();
        assert_eq!(d.id, DeviceId(0));
        assert_eq!(d.user_id, None, "UserId: {{}} has no id");
        assert_eq!(d.user_name.as_deref(), Some("user1"));
        assert_eq!(d.serial_number.as_deref(), Some("R51G844T90R"));
        assert_eq!(d.platform.as_deref(), Some("Apple"));
        assert!(d.is_enrolled());
        assert_eq!(
            d.uuid.as_deref(),
            Some("e4774bca-85bf-44d2-b5cf-dc68324d66ad")
        );
    }

    #[test]
    fn device_with_full_entity_reference_and_odd_dates() {
        let body = r#"{"Id":{"Value":4711},"UserId":{"Id":{"Value":42},"Name":"staging-mac","Uuid":"u"},
            "UserName":"staging-mac","EnrollmentStatus":"Enrolled","LastSeen":"10/27/2023 3:05:53 PM",
            "LastEnrolledOn":"2024-09-11T13:23:29.9817843+02:00","PlatformId":{"Id":{"Value":10},"Name":"AppleOsX"},
            "SomethingNew":{"deep":[1,2,3]}}"#;
        let d: Device = decode(200, body.as_bytes(), true).unwrap();
        assert_eq!(d.id, DeviceId(4711));
        assert_eq!(d.user_id, Some(UserId(42)));
        assert_eq!(d.last_seen.as_deref(), Some("10/27/2023 3:05:53 PM"));
        assert_eq!(
            d.last_enrolled_on.as_deref(),
            Some("2024-09-11T13:23:29.9817843+02:00")
        );
        assert!(d.is_on_staging_user(&["Staging-Mac".to_string()]));
        assert!(!d.is_on_staging_user(&["other".to_string()]));
    }

    #[test]
    fn plain_integer_and_string_ids_are_accepted() {
        let d: Device = decode(200, br#"{"Id":1112,"UserId":7}"#, true).unwrap();
        assert_eq!((d.id, d.user_id), (DeviceId(1112), Some(UserId(7))));
        let d: Device = decode(200, br#"{"Id":{"Value":"15"},"UserId":null}"#, true).unwrap();
        assert_eq!((d.id, d.user_id), (DeviceId(15), None));
    }

    #[test]
    fn unenrolled_device_is_not_enrolled() {
        let d: Device = decode(
            200,
            br#"{"Id":{"Value":1},"EnrollmentStatus":"Unenrolled"}"#,
            true,
        )
        .unwrap();
        assert!(!d.is_enrolled());
        let d: Device = decode(200, br#"{"Id":{"Value":1}}"#, true).unwrap();
        assert!(!d.is_enrolled());
    }

    #[test]
    fn missing_device_id_names_the_path() {
        let err = decode::<Device>(200, br#"{"Id":{},"UserName":"x"}"#, true).unwrap_err();
        match err {
            UemError::Decode { path, message, .. } => {
                assert_eq!(path, "Id");
                assert!(message.contains("expected an id"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn nested_failure_names_the_full_path() {
        let body = br#"{"Users":[{"Id":{"Value":1},"UserName":"a"},{"Id":{"Value":[]},"UserName":"b"}],"Total":2}"#;
        let err = decode::<UserSearchPage>(200, body, true).unwrap_err();
        match err {
            UemError::Decode { path, details, .. } => {
                assert_eq!(path, "Users[1].Id");
                assert_eq!(details.status, 200);
                assert!(details.excerpt.starts_with("{\"Users\""));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn truncated_json_is_a_decode_error() {
        let err = decode::<Device>(200, br#"{"Id":{"Value":1},"UserName":"sta"#, true).unwrap_err();
        assert!(
            matches!(&err, UemError::Decode { path, message, .. } if path == "UserName" && message.contains("EOF")),
            "{err:?}"
        );
    }

    #[test]
    fn trailing_garbage_is_a_decode_error() {
        let err = decode::<SystemInfo>(200, br#"{"ProductVersion":"1"} <html>"#, true).unwrap_err();
        assert!(matches!(err, UemError::Decode { .. }), "{err:?}");
    }

    #[test]
    fn decode_without_excerpt_keeps_no_body() {
        let err =
            decode::<EntityIdModel>(200, br#"{"access_token":"tok-SECRET"}"#, false).unwrap_err();
        assert!(!format!("{err:?} {err}").contains("tok-SECRET"));
    }

    #[test]
    fn user_search_page_from_swagger_shape() {
        let body = r#"{"Users":[
            {"UserName":"jdoe","FirstName":"Jane","LastName":"Doe","Status":true,"Email":"jdoe@example.test",
             "SecurityType":1,"Group":"Corp","LocationGroupId":"570","EnrolledDevicesCount":"0",
             "Id":{"Value":101},"Uuid":"5b1c0de0-0000-0000-0000-000000000101"},
            {"UserName":"jdoe2","Status":"false","SecurityType":"2","Id":{"Value":102}}],
            "Page":0,"PageSize":500,"Total":2}"#;
        let page: UserSearchPage = decode(200, body.as_bytes(), true).unwrap();
        assert_eq!(page.total, Some(2));
        assert_eq!(page.users.len(), 2);
        let jane = &page.users[0];
        assert_eq!(jane.id, UserId(101));
        assert_eq!(jane.user_name, "jdoe");
        assert_eq!(jane.active, Some(true));
        assert_eq!(jane.security_type, Some(1));
        assert_eq!(page.users[1].active, Some(false));
        assert_eq!(page.users[1].security_type, Some(2));
    }

    #[test]
    fn user_search_page_tolerates_null_or_missing_users() {
        let page: UserSearchPage = decode(200, br#"{"Users":null,"Total":0}"#, true).unwrap();
        assert!(page.users.is_empty());
        let page: UserSearchPage = decode(200, br#"{}"#, true).unwrap();
        assert!(page.users.is_empty() && page.total.is_none());
    }

    #[test]
    fn system_info_and_entity_id() {
        let info: SystemInfo = decode(
            200,
            br#"{"ProductVersion":"23.10.0.12","BuildNumber":2310,"Other":1}"#,
            true,
        )
        .unwrap();
        assert_eq!(info.product_version.as_deref(), Some("23.10.0.12"));
        assert_eq!(info.build_number.as_deref(), Some("2310"));
        let id: EntityIdModel =
            decode(200, br#"{"Value":321,"uuid":"9d0c0000-0000"}"#, true).unwrap();
        assert_eq!(id.value, UserId(321));
    }

    #[test]
    fn add_user_body_is_a_directory_user() {
        let user = NewDirectoryUser {
            user_name: "jdoe".into(),
            email: Some("jdoe@example.test".into()),
            location_group_id: Some("570".into()),
            ..Default::default()
        };
        let json = serde_json::to_value(AddUserBody::from(&user)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"UserName":"jdoe","Email":"jdoe@example.test","LocationGroupId":"570",
                               "SecurityType":1,"Status":true})
        );
    }

    #[test]
    fn belongs_to_prefers_the_id_and_falls_back_to_the_name() {
        let user = User {
            id: UserId(9),
            user_name: "JDoe".into(),
            ..Default::default()
        };
        let by_id = Device {
            user_id: Some(UserId(9)),
            user_name: Some("someone-else".into()),
            ..Default::default()
        };
        assert!(by_id.belongs_to(&user));
        let other_id = Device {
            user_id: Some(UserId(8)),
            user_name: Some("jdoe".into()),
            ..Default::default()
        };
        assert!(!other_id.belongs_to(&user));
        let by_name = Device {
            user_name: Some("jdoe".into()),
            ..Default::default()
        };
        assert!(by_name.belongs_to(&user));
        assert!(!Device::default().belongs_to(&user));
    }
}
