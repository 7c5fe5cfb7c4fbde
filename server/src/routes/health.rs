use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use linli_model::{ApiError, ApiErrorBody, ErrorCode};
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::AppState;

/// The one word each state of the health answer has.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusOk {
    Ok,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusUnavailable {
    Unavailable,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseUnreachable {
    Unreachable,
}

/// The store kind: `sqlite` or `postgres`.
type StoreKind = &'static str;

#[derive(Serialize, ToSchema)]
pub struct Healthy {
    status: StatusOk,
    #[schema(value_type = String, pattern = "^(sqlite|postgres)$")]
    store: StoreKind,
    database: StatusOk,
    texts: TextsHealth,
}

/// The text messages' outbox, for staff and monitors: a gateway that
/// fails shows here long before residents complain.
#[derive(Serialize, ToSchema)]
pub struct TextsHealth {
    /// Waiting to be sent (due, or for a retry).
    pending: u64,
    /// Of those, how many failed at least once.
    retrying: u64,
    /// Given up after failing, in the last 24 hours.
    failed: u64,
    /// The latest failure's cause while any is retrying or was given up
    /// in the last 24 hours (never a phone or a text).
    #[serde(skip_serializing_if = "Option::is_none")]
    last_error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    last_error_at: Option<String>,
}

/// The usual error body's `error`, beside the health fields.
#[derive(Serialize, ToSchema)]
pub struct Unhealthy {
    status: StatusUnavailable,
    #[schema(value_type = String, pattern = "^(sqlite|postgres)$")]
    store: StoreKind,
    database: DatabaseUnreachable,
    error: ApiError,
}

/// Liveness: the store kind and whether its database answers.
///
/// While the database answers, 200; otherwise 503 with `Retry-After`, so a
/// proxy or a monitor can take this instance out of rotation until it
/// recovers by itself.
#[utoipa::path(get, path = "/health", operation_id = "health", tag = "service",
    responses(
        (status = 200, description = "the database answers", body = Healthy),
        (status = 503, description = "the database does not answer (Retry-After)",
            body = Unhealthy, headers(("Retry-After" = u64, description = "seconds to wait"))),
    ))]
pub async fn health(State(st): State<AppState>) -> Response {
    let store = st.store.kind();
    let answered = match st.store.ping().await {
        Ok(()) => st.store.outbox_health(st.clock.unix_millis()).await,
        Err(e) => Err(e),
    };
    match answered {
        Ok(t) => Json(Healthy {
            status: StatusOk::Ok,
            store,
            database: StatusOk::Ok,
            texts: TextsHealth {
                pending: t.pending,
                retrying: t.retrying,
                failed: t.failed,
                last_error: t.last_error,
                last_error_at: t.last_error_at.map(crate::clock::rfc3339),
            },
        })
        .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health: the database does not answer");
            let error = ApiErrorBody::new(
                ErrorCode::Unavailable,
                "the database does not answer; try again shortly",
                None,
            )
            .error;
            let body = Unhealthy {
                status: StatusUnavailable::Unavailable,
                store,
                database: DatabaseUnreachable::Unreachable,
                error,
            };
            let mut response = (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
            let headers = response.headers_mut();
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
    }
}
