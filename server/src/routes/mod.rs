//! The JSON API under `/api/v1`, one file per resource, and its OpenAPI
//! document (`docs.rs`), generated from the same routes.

mod audit_csv;
mod bookings;
mod catalog;
mod docs;
mod health;
mod manage_accounts;
mod manage_audit;
mod manage_catalog;
mod manage_closures;
mod manage_pins;
mod manage_session;
mod ratings;
mod roster;
mod slots;
mod staff;
mod sync;
mod volunteer;
mod waitlist;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::AppError;
use crate::state::AppState;

pub use docs::document as openapi_document;

/// The API's router.
pub fn api() -> Router<AppState> {
    Router::from(documented())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// Every route of the API, each with its documentation: `routes!` takes
/// only handlers annotated with `#[utoipa::path]`, and adds each to the
/// router and the document at once. Add routes only here, only so.
fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(docs::ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(catalog::catalog))
        .routes(routes!(catalog::closures))
        .routes(routes!(catalog::center))
        .routes(routes!(slots::slots))
        .routes(routes!(bookings::create))
        .routes(routes!(bookings::lookup))
        .routes(routes!(bookings::cancel))
        .routes(routes!(ratings::rate))
        .routes(routes!(waitlist::join))
        .routes(routes!(waitlist::lookup))
        .routes(routes!(waitlist::leave))
        .routes(routes!(waitlist::confirm))
        .routes(routes!(volunteer::sign_in, volunteer::sign_out))
        .routes(routes!(roster::roster))
        .routes(routes!(roster::roster_csv))
        .routes(routes!(staff::walk_in))
        .routes(routes!(staff::phone))
        .routes(routes!(staff::check_in))
        .routes(routes!(staff::undo_check_in))
        .routes(routes!(staff::no_show))
        .routes(routes!(staff::cancel))
        .routes(routes!(sync::sync))
        .routes(routes!(manage_session::sign_in, manage_session::sign_out))
        .routes(routes!(manage_session::me))
        .routes(routes!(manage_session::change_own_password))
        .routes(routes!(manage_accounts::list, manage_accounts::create))
        .routes(routes!(manage_accounts::reset_password))
        .routes(routes!(manage_accounts::disable))
        .routes(routes!(manage_accounts::enable))
        .routes(routes!(manage_audit::audit))
        .routes(routes!(manage_audit::audit_csv))
        .routes(routes!(manage_catalog::list))
        .routes(routes!(manage_catalog::get, manage_catalog::edit_center))
        .routes(routes!(manage_catalog::edit_offering))
        .routes(routes!(manage_closures::list, manage_closures::add))
        .routes(routes!(manage_closures::preview))
        .routes(routes!(manage_closures::remove))
        .routes(routes!(
            manage_pins::state,
            manage_pins::set,
            manage_pins::clear
        ))
        .routes(routes!(docs::openapi_json))
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

#[cfg(test)]
mod tests;
