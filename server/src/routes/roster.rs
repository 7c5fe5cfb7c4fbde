//! The day's roster for the signed-in centre, as JSON and as CSV.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use linli_model::{Date, Roster, ServiceKind};
use serde::Deserialize;

use super::no_store;
use crate::auth::Volunteer;
use crate::error::AppError;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct RosterQuery {
    date: Option<String>,
    kind: Option<String>,
}

pub async fn roster(
    State(st): State<AppState>,
    v: Volunteer,
    query: Result<Query<RosterQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let roster = load(&st, &v, query).await?;
    Ok(no_store(Json(roster).into_response()))
}

/// `roster-{centre}-{date}.csv`, for Excel and WPS.
pub async fn roster_csv(
    State(st): State<AppState>,
    v: Volunteer,
    query: Result<Query<RosterQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let roster = load(&st, &v, query).await?;
    let disposition = format!(
        "attachment; filename=\"roster-{}-{}.csv\"",
        roster.center_id, roster.date
    );
    let mut response = linli_model::roster::csv::render(&roster).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    // Centre ids are ASCII slugs and dates digits: always a valid header.
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(no_store(response))
}

/// The token's centre on the asked day (default: today in the centres'
/// time zone), optionally one kind.
async fn load(
    st: &AppState,
    v: &Volunteer,
    query: Result<Query<RosterQuery>, QueryRejection>,
) -> Result<Roster, AppError> {
    let Query(q) = query.map_err(|_| AppError::InvalidParameter {
        field: "query",
        message: "the query string is malformed",
    })?;
    let given = |p: Option<String>| p.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let date = match given(q.date) {
        None => st.clock.now().date,
        Some(d) => d.parse::<Date>().map_err(|_| AppError::InvalidParameter {
            field: "date",
            message: "date is a date like 2026-11-27",
        })?,
    };
    let kind = match given(q.kind) {
        None => None,
        Some(k) => Some(
            k.parse::<ServiceKind>()
                .map_err(|_| AppError::InvalidParameter {
                    field: "kind",
                    message: ServiceKind::ONE_OF,
                })?,
        ),
    };
    let center = st
        .catalog
        .center(v.center_id.as_str())
        .ok_or(AppError::Unauthorized)?;
    let bookings = st
        .store
        .roster_bookings(v.center_id.to_string(), date, kind)
        .await?;
    Ok(linli_model::roster::build(center, date, kind, &bookings))
}
