//! The OpenAPI document, generated from the handlers' `#[utoipa::path]`
//! and the model's types (`linli-model`'s `openapi` feature): the routes
//! of [`super::api`] are registered with `routes!`, which adds each one to
//! the router and to the document together, so neither can drift from the
//! other. Built once, served at `/api/v1/openapi.json`.

use std::sync::LazyLock;

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use linli_model::{ApiErrorBody, BookingRequest, Channel, ErrorCode};
use utoipa::openapi::response::{Response as Answer, ResponseBuilder};
use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, HeaderBuilder, Ref, RefOr};
use utoipa::{Modify, OpenApi, PartialSchema, ToResponse, ToSchema};

const DESCRIPTION: &str = "Booking API of the community service centres. All times are \
the centres' civil time (UTC+8). Every error answers {\"error\":{\"code\",\"message\",\"field\"}} \
with one of the codes of ErrorCode: 400 malformed JSON or a missing Idempotency-Key, 401 \
unauthorized/invalid_pin, 404 unknown, 409 conflict, 413 body too large (16 KiB), 415 not \
JSON, 422 invalid field or parameter, 429 rate_limited (with Retry-After), 503 storage \
unavailable (with Retry-After: try again). An unknown path is 404 not_found, a method a path \
doesn't have is 405 method_not_allowed.";

#[derive(OpenApi)]
#[openapi(
    info(title = "Linli 邻里 API", version = "1", description = DESCRIPTION),
    servers((url = "/api/v1")),
    modifiers(&VolunteerAuth),
    components(
        schemas(ApiErrorBody),
        responses(
            Malformed,
            Unauthorized,
            TooLarge,
            NotJson,
            Unavailable,
            NotThisCentres,
            LookupsLimited,
            SignInRequired,
            NotAllowed,
            SignInsLimited
        )
    )
)]
pub(super) struct ApiDoc;

/// The `volunteer` security scheme the volunteer operations name.
struct VolunteerAuth;

impl Modify for VolunteerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "The token from POST /volunteer/session (64 hex characters). It decides \
                 the centre: no volunteer request names one.",
            ))
            .build();
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme("volunteer", SecurityScheme::Http(scheme));
            let bearer = HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "A staff session's token from POST /manage/session with \"bearer\": true, \
                     for scripts. Needs no CSRF token.",
                ))
                .build();
            components.add_security_scheme("staff_bearer", SecurityScheme::Http(bearer));
            let cookie = ApiKey::Cookie(ApiKeyValue::with_description(
                crate::staff_auth::COOKIE,
                "The console's session cookie (HttpOnly, SameSite=Strict, Path=/api/v1/manage). \
                 Writes (POST, DELETE) also need the session's csrf_token in the X-CSRF-Token \
                 header, else 403 csrf_token_invalid.",
            ));
            components.add_security_scheme("staff_cookie", SecurityScheme::ApiKey(cookie));
        }
    }
}

/// An answer with the error body, and a header where the error sends one.
fn error(description: &str, header: Option<(&str, &str)>) -> RefOr<Answer> {
    let body = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("ApiErrorBody")))
        .build();
    let mut answer = ResponseBuilder::new()
        .description(description)
        .content("application/json", body);
    if let Some((name, about)) = header {
        let kind = if name == "Retry-After" {
            Type::Integer
        } else {
            Type::String
        };
        let schema = ObjectBuilder::new().schema_type(kind);
        answer = answer.header(
            name,
            HeaderBuilder::new()
                .schema(schema)
                .description(Some(about))
                .build(),
        );
    }
    answer.build().into()
}

/// Declares the reusable error answers, `(status = N, response = Name)`
/// in the handlers' annotations.
macro_rules! error_responses {
    ($($name:ident: $description:literal $(, $header:literal = $about:literal)?;)*) => {$(
        pub(super) struct $name;
        impl<'r> ToResponse<'r> for $name {
            fn response() -> (&'r str, RefOr<Answer>) {
                (stringify!($name), error($description, None $(.or(Some(($header, $about))))?))
            }
        }
    )*};
}

error_responses! {
    Malformed: "malformed_json: the body is not one JSON value";
    Unauthorized: "unauthorized: no bearer token, a malformed or unknown one, or an ended \
        session (signed out, idle too long, or past its hours)",
        "WWW-Authenticate" = "Bearer";
    TooLarge: "body_too_large: the body is over 16 KiB";
    NotJson: "unsupported_media_type: the body must be JSON (Content-Type: application/json)";
    Unavailable: "unavailable: the database does not answer; try again after Retry-After",
        "Retry-After" = "seconds to wait";
    NotThisCentres: "booking_not_found (also a malformed code, or a booking of another centre)";
    LookupsLimited: "rate_limited: too many look-ups or cancellations from this address or of \
        this code", "Retry-After" = "seconds to wait";
    SignInRequired: "unauthorized: no staff session (cookie or bearer token), or an ended one \
        (signed out, idle too long, past its hours, the account disabled or its password reset)",
        "WWW-Authenticate" = "Bearer";
    NotAllowed: "forbidden: outside the account's role or scope; csrf_token_invalid: a write \
        with the session cookie without its X-CSRF-Token";
    SignInsLimited: "rate_limited: too many wrong passwords from this address or for this \
        account", "Retry-After" = "seconds to wait";
}

/// A booking request on one route: the model's `BookingRequest` with the
/// channels that route takes (residents book as kiosk or web, volunteers
/// as staff; another is 422 channel_not_allowed).
fn booking_with(channels: &[Channel], about: &str, example: serde_json::Value) -> RefOr<Schema> {
    let channel = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(channels.iter().map(|c| c.as_str())));
    AllOfBuilder::new()
        .item(Ref::from_schema_name(BookingRequest::name()))
        .item(ObjectBuilder::new().property("channel", channel))
        .description(Some(about))
        .examples([example])
        .into()
}

/// A booking that can be made at the sample centre (lunch on Monday
/// 2026-11-30, as the tests' Friday 2026-11-27 sees it).
fn sample_booking(channel: Channel, phone: &str) -> serde_json::Value {
    serde_json::json!({
        "slot_id": "dongshan-zhushan-lunch@2026-11-30T11:00",
        "name": "张阿姨",
        "phone": phone,
        "party_size": 1,
        "channel": channel.as_str(),
        "consent": {"notice": linli_model::NOTICE_VERSION, "sensitive": false},
        "details": {"kind": "meal", "dining": "dine_in"}
    })
}

macro_rules! booking_schema {
    ($name:ident, $channels:expr, $example:expr, $about:literal) => {
        pub(super) struct $name;
        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                booking_with(&$channels, $about, $example)
            }
        }
        impl ToSchema for $name {
            fn schemas(out: &mut Vec<(String, RefOr<Schema>)>) {
                out.push((BookingRequest::name().into(), BookingRequest::schema()));
                BookingRequest::schemas(out);
            }
        }
    };
}

booking_schema!(
    ResidentBooking,
    [Channel::Kiosk, Channel::Web],
    sample_booking(Channel::Kiosk, "13812345678"),
    "A resident's booking: channel kiosk or web."
);
booking_schema!(
    WalkInBooking,
    [Channel::Staff],
    sample_booking(Channel::Staff, "13912345678"),
    "A volunteer's booking for a walk-in or phoned-in resident: channel staff."
);

/// Codes the server never answers: the app's own (a form's missing topic
/// or category, the static backend's refusals, `unknown` for a code it
/// doesn't know). The document's `ErrorCode` lists only the others.
const APP_ONLY: [ErrorCode; 6] = [
    ErrorCode::TopicRequired,
    ErrorCode::CategoryRequired,
    ErrorCode::BookAtCenter,
    ErrorCode::NoDevicePin,
    ErrorCode::StorageNewerVersion,
    ErrorCode::Unknown,
];

/// The document, made once from the same routes the server serves, as
/// JSON.
pub fn document() -> serde_json::Value {
    let typed = super::documented().into_openapi();
    // The document is plain data (strings, maps): it always serialises.
    let mut doc = serde_json::to_value(&typed).unwrap_or_default();
    if let Some(codes) = doc
        .pointer_mut("/components/schemas/ErrorCode/enum")
        .and_then(serde_json::Value::as_array_mut)
    {
        let app_only: Vec<_> = APP_ONLY
            .iter()
            .filter_map(|c| serde_json::to_value(c).ok())
            .collect();
        codes.retain(|v| !app_only.contains(v));
    }
    camel_case_links(&mut doc);
    doc
}

/// utoipa 5.5 writes a response link's `operationId`, `operationRef` and
/// `requestBody` in snake case, which no client reads.
fn camel_case_links(doc: &mut serde_json::Value) {
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    let operations = paths
        .values_mut()
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut());
    let responses = operations
        .filter_map(|op| op.get_mut("responses").and_then(|r| r.as_object_mut()))
        .flat_map(|r| r.values_mut());
    let links = responses
        .filter_map(|r| r.get_mut("links").and_then(|l| l.as_object_mut()))
        .flat_map(|l| l.values_mut())
        .filter_map(|link| link.as_object_mut());
    for link in links {
        for (snake, camel) in [
            ("operation_id", "operationId"),
            ("operation_ref", "operationRef"),
            ("request_body", "requestBody"),
        ] {
            if let Some(v) = link.remove(snake) {
                link.insert(camel.to_owned(), v);
            }
        }
    }
}

static JSON: LazyLock<Bytes> = LazyLock::new(|| {
    // A JSON value always serialises.
    Bytes::from(serde_json::to_vec(&document()).unwrap_or_default())
});

/// This document (OpenAPI 3.1).
#[utoipa::path(get, path = "/openapi.json", operation_id = "openapi_document", tag = "meta",
    responses((status = 200, description = "the OpenAPI 3.1 document of this API",
        content_type = "application/json", body = Object)))]
pub async fn openapi_json() -> Response {
    let json = HeaderValue::from_static("application/json");
    ([(header::CONTENT_TYPE, json)], JSON.clone()).into_response()
}
