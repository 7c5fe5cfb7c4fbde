use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use linli_model::schedule::Closures;
use linli_model::{ApiErrorBody, Catalog, CenterFile};

use crate::error::AppError;
use crate::state::AppState;

/// Streets and centres (the same JSON as `data/catalog.json`).
#[utoipa::path(get, path = "/catalog", operation_id = "catalog", tag = "catalog",
    params(("If-None-Match" = Option<String>, Header, description = "an ETag of an earlier answer")),
    responses(
        (status = 200, description = "the catalog", body = Catalog,
            headers(("ETag" = String, description = "per encoding"))),
        (status = 304, description = "unchanged since the ETag given"),
    ))]
pub async fn catalog(State(st): State<AppState>, headers: HeaderMap) -> Response {
    st.catalog.get().catalog_asset().respond(&headers)
}

/// Per-date closures (the same JSON as `data/closures.json`; an empty list
/// without that file).
///
/// The closures the slots were published with, so the app can say why a
/// day has none: "休息：元旦".
#[utoipa::path(get, path = "/closures", operation_id = "closures", tag = "catalog",
    responses((status = 200, description = "each closure a date, optionally a centre and an \
        offering, and a reason in Chinese and English", body = Closures)))]
pub async fn closures(State(st): State<AppState>) -> Response {
    super::no_store(Json(st.catalog.get().closures()).into_response())
}

/// One centre with its offerings (the same JSON as `data/centers/{id}.json`).
#[utoipa::path(get, path = "/centers/{id}", operation_id = "center", tag = "catalog",
    params(
        ("id" = String, Path, description = "a centre id; malformed and unknown ids alike are \
            404 center_not_found"),
        ("If-None-Match" = Option<String>, Header, description = "an ETag of an earlier answer"),
    ),
    responses(
        (status = 200, description = "the centre file", body = CenterFile,
            headers(("ETag" = String, description = "per encoding"))),
        (status = 304, description = "unchanged since the ETag given"),
        (status = 404, description = "center_not_found", body = ApiErrorBody),
    ))]
pub async fn center(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Path(id) = id.map_err(|_| AppError::CenterNotFound)?;
    let catalog = st.catalog.get();
    let asset = catalog.center_asset(&id).ok_or(AppError::CenterNotFound)?;
    Ok(asset.respond(&headers))
}
