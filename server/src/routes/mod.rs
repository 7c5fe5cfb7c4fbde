//! The JSON API under `/api/v1`, one file per resource.

mod bookings;
mod catalog;
mod health;
mod slots;

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
        .route("/centers/{id}", get(catalog::center))
        .route("/slots", get(slots::slots))
        .route("/bookings", post(bookings::create))
        .route("/bookings/{code}", get(bookings::lookup))
        .route("/bookings/{code}/cancel", post(bookings::cancel))
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
