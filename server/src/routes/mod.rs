//! The JSON API under `/api/v1`, one file per resource.

mod bookings;
mod catalog;
mod health;
mod roster;
mod slots;
mod staff;
mod volunteer;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::error::AppError;
use crate::state::AppState;

const OPENAPI: &str = include_str!("../openapi.json");

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/catalog", get(catalog::catalog))
        .route("/closures", get(catalog::closures))
        .route("/centers/{id}", get(catalog::center))
        .route("/slots", get(slots::slots))
        .route("/bookings", post(bookings::create))
        .route("/bookings/lookup", post(bookings::lookup))
        .route("/bookings/{code}/cancel", post(bookings::cancel))
        .route(
            "/volunteer/session",
            post(volunteer::sign_in).delete(volunteer::sign_out),
        )
        .route("/volunteer/roster", get(roster::roster))
        .route("/volunteer/roster.csv", get(roster::roster_csv))
        .route("/volunteer/bookings", post(staff::walk_in))
        .route("/volunteer/bookings/{code}/phone", get(staff::phone))
        .route("/volunteer/bookings/{code}/check-in", post(staff::check_in))
        .route(
            "/volunteer/bookings/{code}/undo-check-in",
            post(staff::undo_check_in),
        )
        .route("/volunteer/bookings/{code}/no-show", post(staff::no_show))
        .route("/volunteer/bookings/{code}/cancel", post(staff::cancel))
        .route("/openapi.json", get(openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI,
    )
        .into_response()
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// Personal answers must not be kept by browsers or proxies.
pub fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
