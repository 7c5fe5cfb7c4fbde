use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

/// Same shape as `data/catalog.json`, with an ETag.
pub async fn catalog(State(st): State<AppState>, headers: HeaderMap) -> Response {
    st.catalog.catalog_asset().respond(&headers)
}

/// The closures the slots were published with (`data/closures.json`), so
/// the app can say why a day has none: "休息：元旦".
pub async fn closures(State(st): State<AppState>) -> Response {
    super::no_store(Json(st.catalog.closures()).into_response())
}

/// Same shape as `data/centers/{id}.json`; malformed and unknown ids alike
/// are 404.
pub async fn center(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Path(id) = id.map_err(|_| AppError::CenterNotFound)?;
    let asset = st
        .catalog
        .center_asset(&id)
        .ok_or(AppError::CenterNotFound)?;
    Ok(asset.respond(&headers))
}
