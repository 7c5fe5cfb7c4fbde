//! The audit log: district administrators read all of it, street offices
//! their street's; as JSON pages and as CSV for Excel and WPS.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use linli_model::account::{Access, AuditView, Target};
use linli_model::audit::{AuditAction, AuditRole};
use linli_model::time::UTC_OFFSET_MINUTES;
use linli_model::{ApiErrorBody, Date};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use super::docs::{NotAllowed, SignInRequired, Unavailable};
use super::no_store;
use crate::clock::rfc3339;
use crate::error::AppError;
use crate::staff_auth::Staff;
use crate::state::AppState;
use crate::store::{AuditQuery, AuditRow};

/// Entries in one page, and in one CSV file at most.
const PAGE_MAX: u32 = 500;
const CSV_MAX: u32 = 100_000;

/// The filters, as documented; read as text by [`AuditFilter`].
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct AuditParams {
    /// Only this centre's entries; empty is no filter (as forms send it).
    #[param(pattern = "^([a-z0-9-]{1,64})?$")]
    center: Option<String>,
    /// Only this street's entries (a street office: its own only); empty
    /// is no filter.
    #[param(pattern = "^([a-z0-9-]{1,64})?$")]
    street: Option<String>,
    /// Only what this user name did; empty is no filter.
    user: Option<String>,
    /// From this day on (UTC+8).
    from: Option<Date>,
    /// Up to and including this day.
    to: Option<Date>,
    /// The next page: entries older than this id (`next_before`).
    before: Option<i64>,
    /// Entries per page, 1 to 500 (default 100); the CSV has them all
    /// (up to 100,000).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u32>,
}

#[derive(Deserialize)]
pub struct AuditFilter {
    center: Option<String>,
    street: Option<String>,
    user: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<String>,
    limit: Option<String>,
}

/// One entry.
#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    id: i64,
    /// RFC 3339, UTC+8.
    at: String,
    /// Who; null for the command line, or a sign-in with a user name that
    /// has no account.
    user_name: Option<String>,
    /// Their role then.
    role: Option<AuditRole>,
    /// What was done; `other` for a name this server doesn't know (a newer
    /// instance's, on a shared database), so the answer keeps to its schema.
    action: AuditAction,
    /// The street and centre the entry concerns.
    street_id: Option<String>,
    center_id: Option<String>,
    /// What was changed (an account's user name, …).
    target: Option<String>,
    /// The record before and after the change.
    #[schema(value_type = Option<Object>)]
    before: Option<Value>,
    #[schema(value_type = Option<Object>)]
    after: Option<Value>,
}

/// A page of entries, newest first.
#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    entries: Vec<AuditEntry>,
    /// `before` for the next page; null on the last.
    next_before: Option<i64>,
}

fn bad(field: &'static str, message: &'static str) -> AppError {
    AppError::InvalidParameter { field, message }
}

/// Midnight (UTC+8) of a day, in Unix milliseconds.
fn day_start(date: Date) -> i64 {
    (date.days_since_epoch() * 1440 - UTC_OFFSET_MINUTES) * 60_000
}

/// The query for this member and these filters: a street office's is
/// always held to its street; a centre manager reads none of it.
fn query(
    st: &AppState,
    staff: &Staff,
    filter: Result<Query<AuditFilter>, QueryRejection>,
    limit_max: u32,
) -> Result<AuditQuery, AppError> {
    let view = staff.role.audit_view().ok_or(AppError::Forbidden)?;
    let Ok(Query(f)) = filter else {
        return Err(bad("query", "the query string is malformed"));
    };
    // An empty filter (`?center=`) is no filter, as forms send it.
    let given = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let (center, street, user) = (given(f.center), given(f.street), given(f.user));
    let day = |text: Option<String>, field| {
        text.map(|t| {
            t.parse::<Date>()
                .map_err(|_| bad(field, "a date is YYYY-MM-DD"))
        })
        .transpose()
    };
    let mut q = AuditQuery {
        user_name: user.map(|u| u.to_ascii_lowercase()),
        from_millis: day(f.from, "from")?.map(day_start),
        to_millis: day(f.to, "to")?.map(|d| day_start(d) + 86_400_000),
        before_id: f
            .before
            .map(|b| b.parse().map_err(|_| bad("before", "an entry id")))
            .transpose()?,
        limit: match f.limit {
            None => limit_max.min(100),
            Some(l) => l
                .parse()
                .ok()
                .filter(|l| (1..=PAGE_MAX).contains(l))
                .ok_or(bad("limit", "1 to 500"))?,
        },
        ..AuditQuery::default()
    };
    if let Some(street) = street {
        let id = street
            .parse()
            .map_err(|_| bad("street", "a street id: a-z, 0-9 and '-'"))?;
        staff.street(&id, Access::Read)?;
        q.street_id = Some(street);
    }
    if let Some(center) = center {
        staff.center(st, &center, Access::Read)?;
        q.center_id = Some(center);
    }
    if let AuditView::Street(own) = view {
        staff.may(Access::Read, Target::Street(&own))?;
        q.street_id = Some(own.to_string());
    }
    Ok(q)
}

fn json(text: Option<String>) -> Option<Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

fn entry(r: AuditRow) -> AuditEntry {
    AuditEntry {
        id: r.id,
        at: rfc3339(r.at_millis),
        user_name: r.user_name,
        role: r.role.as_deref().and_then(AuditRole::parse),
        action: AuditAction::parse(&r.action),
        street_id: r.street_id,
        center_id: r.center_id,
        target: r.target,
        before: json(r.before),
        after: json(r.after),
    }
}

/// Audit entries, newest first, a page at a time.
#[utoipa::path(get, path = "/manage/audit", operation_id = "audit_log", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    params(AuditParams),
    responses(
        (status = 200, description = "a page of entries", body = AuditPage),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "center_not_found", body = ApiErrorBody),
        (status = 422, description = "invalid_parameter", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn audit(
    State(st): State<AppState>,
    staff: Staff,
    filter: Result<Query<AuditFilter>, QueryRejection>,
) -> Result<Response, AppError> {
    let q = query(&st, &staff, filter, PAGE_MAX)?;
    let limit = usize::try_from(q.limit).unwrap_or(usize::MAX);
    let rows = st.store.audit(q).await?;
    let next_before = (rows.len() == limit)
        .then(|| rows.last().map(|r| r.id))
        .flatten();
    let page = AuditPage {
        entries: rows.into_iter().map(entry).collect(),
        next_before,
    };
    Ok(no_store(Json(page).into_response()))
}

/// The same entries as CSV (UTF-8 with a BOM, for Excel and WPS), up to
/// 100,000 of them.
#[utoipa::path(get, path = "/manage/audit.csv", operation_id = "audit_log_csv", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    params(AuditParams),
    responses(
        (status = 200, description = "the entries, newest first",
            content_type = "text/csv; charset=utf-8", body = String,
            headers(("Content-Disposition" = String,
                description = "attachment; filename=\"audit.csv\""))),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "center_not_found", body = ApiErrorBody),
        (status = 422, description = "invalid_parameter", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn audit_csv(
    State(st): State<AppState>,
    staff: Staff,
    filter: Result<Query<AuditFilter>, QueryRejection>,
) -> Result<Response, AppError> {
    let mut q = query(&st, &staff, filter, CSV_MAX)?;
    q.limit = CSV_MAX;
    let rows = st.store.audit(q).await?;
    let body =
        super::audit_csv::render(rows).map_err(|e| AppError::Unavailable(format!("csv: {e}")))?;
    let mut response = no_store(body.into_response());
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"audit.csv\""),
    );
    Ok(response)
}
