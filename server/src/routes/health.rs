use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use linli_model::{ApiErrorBody, ErrorCode};
use serde_json::json;

use crate::state::AppState;

/// `{"status":"ok","store":"sqlite"|"postgres","database":"ok"}` while the
/// database answers; otherwise 503 with `Retry-After`, `"database":
/// "unreachable"` and the usual error body, so a proxy or a monitor can
/// take this instance out of rotation until it recovers by itself.
pub async fn health(State(st): State<AppState>) -> Response {
    let store = st.store.kind();
    match st.store.ping().await {
        Ok(()) => Json(json!({ "status": "ok", "store": store, "database": "ok" })).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health: the database does not answer");
            let error = ApiErrorBody::new(
                ErrorCode::Unavailable,
                "the database does not answer; try again shortly",
                None,
            )
            .error;
            let body = json!({
                "status": "unavailable",
                "store": store,
                "database": "unreachable",
                "error": error,
            });
            let mut response = (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
            let headers = response.headers_mut();
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
    }
}
