//! `GET /v1/openapi.json`: the OpenAPI 3.1 description of the relay's API, generated from the
//! handlers' annotations and the wire types (`baton_core::ops::wire`) — never kept by hand. What
//! an integrator's service desk reads, and what the property-based run of `npm test` checks the
//! live relay against.

use std::collections::BTreeMap;

use baton_core::ops::wire::{
    AssignBody, CredentialsBody, DeviceState, HandedOff, HistoryEntry, Outcome, Owner, Person,
    ProblemDoc, Registered, RegistrationRecord, Returned, UserSummary,
};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::http::{DeviceDetail, RegistrationBody};
use crate::service::Session;
use crate::store::AuditRow;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Baton Relay",
        description = "Hands staged Macs to their people in Workspace ONE UEM on behalf of devices (TLS client certificates from the device CA), pickup-desk kiosks (listed certificates), technicians (sessions) and integrations (bearer tokens). Every refusal is application/problem+json with a Baton support code."
    ),
    paths(
        crate::http::healthz,
        crate::http::readyz,
        crate::http::metrics,
        crate::http::openapi_json,
        crate::http::own_device,
        crate::http::own_handoff,
        crate::http::sign_in,
        crate::http::sign_out,
        crate::http::users,
        crate::http::any_device,
        crate::http::device_by_asset_tag,
        crate::http::kiosk_handoff,
        crate::http::assign,
        crate::http::return_to_staging,
        crate::http::preregister,
        crate::http::audit,
    ),
    components(schemas(
        AssignBody, AuditRow, CredentialsBody, DeviceDetail, DeviceState, HandedOff,
        HistoryEntry, Outcome, Owner, Person, ProblemDoc, Registered, RegistrationBody,
        RegistrationRecord, Returned, Session, UserSummary
    )),
    modifiers(&Security)
)]
pub struct ApiDoc;

/// The bearer scheme (technician sessions, integration tokens). Device and kiosk identities are
/// TLS client certificates, which OpenAPI 3.1 describes as `mutualTLS`.
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        components.add_security_scheme(
            "clientCertificate",
            SecurityScheme::MutualTls {
                description: Some("A device certificate from a DeviceCACertificates CA, or a kiosk certificate listed in Kiosks.".into()),
                extensions: None,
            },
        );
    }
}

/// The document as JSON.
pub fn document() -> String {
    ApiDoc::openapi().to_json().unwrap_or_default()
}

/// Every refusal a route may answer with: RFC 9457 problems with a Baton support code.
pub struct Problems;

impl utoipa::IntoResponses for Problems {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let problem = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/problem+json",
                        ContentBuilder::new()
                            .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                                "ProblemDoc",
                            ))))
                            .build(),
                    )
                    .build(),
            )
        };
        [
            ("400", "Bad input (the field is named)"),
            (
                "401",
                "No or unknown client identity, or the directory refused the password",
            ),
            ("403", "This identity may not do this"),
            ("404", "Device unknown or not enrolled, or user unknown"),
            (
                "409",
                "The device is not on a staging user (someone else's Mac)",
            ),
            ("413", "The body is too large"),
            (
                "429",
                "Too many failed attempts for this username (Retry-After)",
            ),
            ("502", "UEM or the directory answered with an error"),
            (
                "503",
                "UEM, the directory or the database cannot be reached",
            ),
            ("504", "UEM or the directory did not answer in time"),
        ]
        .into_iter()
        .map(|(status, description)| (status.to_owned(), problem(description)))
        .collect()
    }
}
