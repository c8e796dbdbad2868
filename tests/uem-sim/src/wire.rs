//! The v1 wire shapes (PascalCase, uem-api.md §4.1 and §4.3): Device and User objects as a
//! real tenant renders them, built from the simulator's records.

use serde_json::{json, Value};

use crate::seed::{Device, DeviceNote, EventLogEntry, Registration, TenantInfo, User};
use crate::state::Tenant;

const NO_UUID: &str = "00000000-0000-0000-0000-000000000000";

/// A Device (v1) object.
pub(crate) fn device(device: &Device, tenant: &Tenant, info: &TenantInfo) -> Value {
    let og = &info.organization_group;
    let user = device
        .user
        .as_deref()
        .and_then(|name| tenant.user_by_name(name));
    let (user_ref, user_name, user_email, user_uuid) = match user {
        Some(u) => (
            json!({"Id": {"Value": u.id}, "Name": u.username, "Uuid": u.uuid}),
            u.username.as_str(),
            u.email.as_str(),
            u.uuid.as_str(),
        ),
        // The swagger sample shows an empty reference when there is no user.
        None => (json!({}), "", "", NO_UUID),
    };
    json!({
        "Udid": device.udid,
        "SerialNumber": device.serial_number,
        "MacAddress": device.mac_address.clone().unwrap_or_default(),
        "Imei": device.imei.clone().unwrap_or_default(),
        "EasId": device.eas_id.clone().unwrap_or_default(),
        "AssetNumber": device.asset_number,
        "DeviceFriendlyName": device.friendly_name,
        "DeviceReportedName": device.friendly_name,
        "LocationGroupId": {"Id": {"Value": og.id}, "Name": og.name, "Uuid": og.uuid},
        "LocationGroupName": og.name,
        "UserId": user_ref,
        "UserName": user_name,
        "UserEmailAddress": user_email,
        "Ownership": device.ownership,
        "PlatformId": {"Id": {"Value": device.platform_id}, "Name": device.platform},
        "Platform": device.platform,
        "ModelId": {"Id": {"Value": 0}, "Name": device.model},
        "Model": device.model,
        "OperatingSystem": device.operating_system,
        "LastSeen": device.last_seen.clone().unwrap_or_default(),
        "EnrollmentStatus": device.enrollment_status,
        "ComplianceStatus": "Compliant",
        "CompromisedStatus": false,
        "IsSupervised": device.is_supervised,
        "EnrolledViaDEP": device.enrolled_via_dep,
        "EnrollmentUserUuid": user_uuid,
        "Id": {"Value": device.id},
        "Uuid": device.uuid,
    })
}

/// A User (v1) object.
pub(crate) fn user(user: &User, tenant: &Tenant, info: &TenantInfo) -> Value {
    let og = &info.organization_group;
    let display = format!("{} {}", user.first_name, user.last_name)
        .trim()
        .to_string();
    json!({
        "UserName": user.username,
        "FirstName": user.first_name,
        "LastName": user.last_name,
        "Status": user.active,
        "Email": user.email,
        "SecurityType": user.security_type.code(),
        "ContactNumber": "",
        "DisplayName": if display.is_empty() { user.username.clone() } else { display },
        "MobileNumber": "",
        "MessageType": 0,
        "EmailUserName": user.email,
        "Group": og.name,
        // A string on the wire, unlike the devices' LocationGroupId reference.
        "LocationGroupId": og.id.to_string(),
        "OrganizationGroupUuid": og.uuid,
        "Role": "Full Access",
        "EnrolledDevicesCount": tenant.enrolled_device_count(&user.username).to_string(),
        "ExternalId": user.external_id.clone().unwrap_or_default(),
        "StagingMode": user.staging.map_or(0, |s| s.staging_mode()),
        "DeviceStagingEnabled": user.staging.is_some(),
        "DeviceStagingType": user.staging.map_or(0, |s| s.device_staging_type()),
        "Id": {"Value": user.id},
        "Uuid": user.uuid,
    })
}

/// A `DeviceNotes` object: `Id` and `DeviceId` are plain ints here (mdm v1 spec), unlike
/// the `{"Value": n}` ids of Device and User.
pub(crate) fn note(note: &DeviceNote, device_id: i64) -> Value {
    json!({
        "Id": note.id,
        "DeviceId": device_id,
        "Note": note.note,
        "CreatedOn": note.created_on,
        "ModifiedOn": note.modified_on,
    })
}

/// A `DeviceEventLogEntry` object (modes-and-relay.md §1.3). The items of `EventDataList`
/// carry `Id`/`Uuid` in the spec too; the simulator numbers them within the entry.
pub(crate) fn event_entry(entry: &EventLogEntry) -> Value {
    let data: Vec<Value> = entry
        .event_data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            json!({
                "EventDataType": d.event_data_type,
                "OldValue": d.old_value,
                "NewValue": d.new_value,
                "Id": {"Value": i + 1},
                "Uuid": NO_UUID,
            })
        })
        .collect();
    json!({
        "Severity": entry.severity,
        "TimeStamp": entry.timestamp,
        "Source": entry.source,
        "Event": entry.event,
        "AdminAccount": entry.admin_account,
        "EventDataList": data,
        "Id": {"Value": entry.id},
        "Uuid": entry.uuid,
    })
}

/// A `RegisteredDeviceDetails` object (modes-and-relay.md §1.5). `OrganizationGroup` is the
/// OG name (a string in the spec; UNCERTAIN whether name or group id). `UDID` is the record's
/// own, else that of an enrolled device with the serial. `CustomAttributes` is left out.
pub(crate) fn registration(record: &Registration, tenant: &Tenant, info: &TenantInfo) -> Value {
    let udid = record.udid.clone().unwrap_or_else(|| {
        tenant
            .devices
            .iter()
            .find(|d| d.serial_number.eq_ignore_ascii_case(&record.serial_number))
            .map(|d| d.udid.clone())
            .unwrap_or_default()
    });
    json!({
        "OrganizationGroup": info.organization_group.name,
        "Username": record.username,
        "FriendlyName": record.friendly_name,
        "AssetNumber": record.asset_number,
        "UDID": udid,
        "RegistrationDate": record.registration_date,
        "SerialNumber": record.serial_number,
        "Platform": record.platform,
    })
}
