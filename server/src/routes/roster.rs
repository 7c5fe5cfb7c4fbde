//! The day's roster for the signed-in centre, as JSON and as CSV.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use linli_model::{ApiErrorBody, Date, Roster, ServiceKind};
use serde::Deserialize;

use super::docs::{Unauthorized, Unavailable};
use super::no_store;
use crate::auth::Volunteer;
use crate::error::AppError;
use crate::state::AppState;

/// The roster's query, as documented; read as text by [`RosterQuery`].
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct RosterParams {
    /// Default: today (UTC+8).
    date: Option<Date>,
    /// Default: every kind.
    kind: Option<ServiceKind>,
}

/// Every parameter is read as text so each gets its own field error.
#[derive(Deserialize)]
pub struct RosterQuery {
    date: Option<String>,
    kind: Option<String>,
}

/// The signed-in centre's slots on a day, with their bookings.
///
/// Names and phones masked; counts in seats and, for meals, what the
/// kitchen prepares.
#[utoipa::path(get, path = "/volunteer/roster", operation_id = "roster", tag = "volunteer",
    security(("volunteer" = [])),
    params(RosterParams),
    responses(
        (status = 200, description = "the roster", body = Roster),
        (status = 401, response = Unauthorized),
        (status = 422, description = "invalid_parameter (field date, kind or query)",
            body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn roster(
    State(st): State<AppState>,
    v: Volunteer,
    query: Result<Query<RosterQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let roster = load(&st, &v, query).await?;
    Ok(no_store(Json(roster).into_response()))
}

/// The roster as CSV for Excel and WPS, `roster-{centre}-{date}.csv`.
///
/// UTF-8 with a BOM, CRLF, every field quoted, Chinese headers
/// 时段,服务,预约码,称呼,电话,人数,状态,用餐方式,饮食需求,地址,类别,渠道; one row per
/// booking not cancelled; masked names and phones; cells starting with
/// = + - @ get a leading '.
#[utoipa::path(get, path = "/volunteer/roster.csv", operation_id = "roster_csv", tag = "volunteer",
    security(("volunteer" = [])),
    params(RosterParams),
    responses(
        (status = 200, description = "the CSV, as an attachment", body = String,
            content_type = "text/csv; charset=utf-8",
            headers(("Content-Disposition" = String,
                description = "attachment; filename=\"roster-{center}-{date}.csv\""))),
        (status = 401, response = Unauthorized),
        (status = 422, description = "invalid_parameter (field date, kind or query)",
            body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
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
    // A parameter given is taken as it is: `?date=` is refused, not today.
    let date = match q.date {
        None => st.clock.now().date,
        Some(d) => d.parse::<Date>().map_err(|_| AppError::InvalidParameter {
            field: "date",
            message: "date is a date like 2026-11-27",
        })?,
    };
    let kind = match q.kind {
        None => None,
        Some(k) => Some(
            k.parse::<ServiceKind>()
                .map_err(|_| AppError::InvalidParameter {
                    field: "kind",
                    message: ServiceKind::ONE_OF,
                })?,
        ),
    };
    let catalog = st.catalog.get();
    let center = catalog
        .center(v.center_id.as_str())
        .ok_or(AppError::Unauthorized)?;
    let bookings = st
        .store
        .roster_bookings(v.center_id.to_string(), date, kind)
        .await?;
    let waiting = st
        .store
        .roster_waiting(v.center_id.to_string(), date, kind)
        .await?;
    let mut roster = linli_model::roster::build(center, date, kind, &bookings);
    linli_model::waitlist::attach_to_roster(&mut roster, &waiting);
    Ok(roster)
}
