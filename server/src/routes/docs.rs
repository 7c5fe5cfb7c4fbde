//! The OpenAPI document, generated from the handlers' `#[utoipa::path]`
//! and the model's types (`linli-model`'s `openapi` feature): the routes
//! of [`super::api`] are registered with `routes!`, which adds each one to
//! the router and to the document together, so neither can drift from the
//! other. Built once, served at `/api/v1/openapi.json`.

use std::sync::LazyLock;

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use linli_model::{ApiErrorBody, BookingRequest, Channel};
use utoipa::openapi::response::{Response as Answer, ResponseBuilder};
use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
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
        responses(Malformed, Unauthorized, TooLarge, NotJson, Unavailable)
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
}

/// A booking request on one route: the model's `BookingRequest` with the
/// channels that route takes (residents book as kiosk or web, volunteers
/// as staff; another is 422 channel_not_allowed).
fn booking_with(channels: &[Channel], about: &str) -> RefOr<Schema> {
    let channel = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(channels.iter().map(|c| c.as_str())));
    AllOfBuilder::new()
        .item(Ref::from_schema_name(BookingRequest::name()))
        .item(ObjectBuilder::new().property("channel", channel))
        .description(Some(about))
        .into()
}

macro_rules! booking_schema {
    ($name:ident, $channels:expr, $about:literal) => {
        pub(super) struct $name;
        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                booking_with(&$channels, $about)
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
    "A resident's booking: channel kiosk or web."
);
booking_schema!(
    WalkInBooking,
    [Channel::Staff],
    "A volunteer's booking for a walk-in or phoned-in resident: channel staff."
);

/// The document, made once from the same routes the server serves.
pub fn document() -> utoipa::openapi::OpenApi {
    super::documented().into_openapi()
}

static JSON: LazyLock<Bytes> = LazyLock::new(|| {
    // The document is plain data (strings, maps): serialising it can't fail.
    Bytes::from(serde_json::to_vec(&document()).unwrap_or_default())
});

/// This document (OpenAPI 3.1).
#[utoipa::path(get, path = "/openapi.json", tag = "meta",
    responses((status = 200, description = "the OpenAPI 3.1 document of this API",
        content_type = "application/json", body = Object)))]
pub async fn openapi_json() -> Response {
    let json = HeaderValue::from_static("application/json");
    ([(header::CONTENT_TYPE, json)], JSON.clone()).into_response()
}
