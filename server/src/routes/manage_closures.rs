//! Closures, published in the console: a day or a range, for the district
//! (its administrators), a centre or one of its offerings. A closure that
//! covers bookings is first previewed; once confirmed, they become
//! cancelled by the centre with the closure's reason, in the same
//! transaction, and each resident who asked for texts is told.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use linli_model::account::{Access, Target};
use linli_model::audit::AuditAction;
use linli_model::catalog_edit::{
    ClosureDraft, ClosureId, EditError, RecordKey, Version, add_closures, closure_cancel_reason,
    remove_closure,
};
use linli_model::manage::{
    AffectedSlot, ClosureList, ClosurePreview, ClosureRemoved, ClosuresSaved, ManagedClosure,
    NewClosure,
};
use linli_model::schedule::Closure;
use linli_model::{ApiErrorBody, BookingRecord};
use serde::Deserialize;

use super::docs::{Malformed, NotAllowed, NotJson, SignInRequired, TooLarge, Unavailable};
use super::manage_catalog::{json, scope_to};
use super::no_store;
use crate::catalog_index::CatalogIndex;
use crate::catalog_save::{self, Edit};
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::staff_auth::Staff;
use crate::state::AppState;
use crate::store::SaveEffect;

/// `DELETE /manage/closures/{id}?version=N`.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionParam {
    /// The closures list's version, as last read.
    version: u32,
}

/// The audit entry of a closure's change: its centre's street and centre,
/// or the district's (neither) for a district-wide one.
fn closure_audit(
    st: &AppState,
    staff: &Staff,
    catalog: &CatalogIndex,
    closure: Option<&Closure>,
    action: AuditAction,
) -> crate::store::AuditRecord {
    let mut audit = staff.audit(st, action);
    match closure
        .and_then(|c| c.center_id.as_ref())
        .and_then(|c| catalog.center(c.as_str()))
    {
        Some(file) => scope_to(
            &mut audit,
            &file.center.street_id,
            Some(file.center.id.to_string()),
        ),
        None => (audit.street_id, audit.center_id) = (None, None),
    }
    audit
}

fn target<'a>(catalog: &'a CatalogIndex, c: &'a Closure) -> Result<Target<'a>, AppError> {
    Ok(match &c.center_id {
        None => Target::District,
        Some(id) => {
            let file = catalog
                .center(id.as_str())
                .ok_or(AppError::CenterNotFound)?;
            Target::Center {
                center: &file.center.id,
                street: &file.center.street_id,
            }
        }
    })
}

/// The draft's days, its centre filled in from its offering, in the
/// account's scope.
fn days(
    st: &AppState,
    catalog: &CatalogIndex,
    staff: &Staff,
    draft: ClosureDraft,
) -> Result<Vec<Closure>, AppError> {
    let days = draft.days(st.clock.now().date, |o| {
        catalog.offering(o).map(|o| o.center_id.clone())
    })?;
    if let Some(first) = days.first() {
        staff.may(Access::Edit, target(catalog, first)?)?;
    }
    Ok(days)
}

/// The closures this account may see: the district's and those of the
/// centres in its scope.
#[utoipa::path(get, path = "/manage/closures", operation_id = "managed_closures", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    responses(
        (status = 200, description = "the closures and the list's version", body = ClosureList),
        (status = 401, response = SignInRequired),
        (status = 503, response = Unavailable),
    ))]
pub async fn list(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    let catalog = st.catalog.get();
    let closures = catalog
        .closures()
        .closures
        .iter()
        .filter(|c| match (&c.center_id, target(&catalog, c)) {
            (None, _) => true,
            (Some(_), Ok(t)) => staff.may(Access::Read, t).is_ok(),
            (Some(_), Err(_)) => false,
        })
        .map(ManagedClosure::of)
        .collect();
    Ok(no_store(
        Json(ClosureList {
            version: catalog.version(&RecordKey::Closures),
            closures,
        })
        .into_response(),
    ))
}

/// What a closure would cancel, before it is published.
#[utoipa::path(post, path = "/manage/closures/preview", operation_id = "preview_closure",
    tag = "manage", security(("staff_bearer" = []), ("staff_cookie" = [])),
    request_body = ClosureDraft,
    responses(
        (status = 200, description = "the days and the bookings it would cancel", body = ClosurePreview),
        (status = 400, response = Malformed),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "center_not_found", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "closure_in_past, closure_range_invalid, invalid_field",
            body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn preview(
    State(st): State<AppState>,
    staff: Staff,
    JsonBody(draft): JsonBody<ClosureDraft>,
) -> Result<Response, AppError> {
    let catalog = st.catalog.get();
    let days = days(&st, &catalog, &staff, draft)?;
    let hit = st
        .store
        .closure_bookings(days.clone(), st.clock.now())
        .await?;
    Ok(no_store(
        Json(ClosurePreview {
            closures: days.iter().map(Closure::id).collect(),
            bookings: hit.len(),
            slots: by_slot(&hit),
        })
        .into_response(),
    ))
}

fn by_slot(bookings: &[BookingRecord]) -> Vec<AffectedSlot> {
    let mut slots: BTreeMap<String, AffectedSlot> = BTreeMap::new();
    for b in bookings {
        let s = slots
            .entry(b.slot.id.to_string())
            .or_insert_with(|| AffectedSlot {
                slot_id: b.slot.id.to_string(),
                offering_id: b.slot.offering_id.to_string(),
                date: b.slot.date,
                start: b.slot.start,
                bookings: 0,
                seats: 0,
            });
        s.bookings += 1;
        s.seats += u32::from(b.party_size);
    }
    slots.into_values().collect()
}

/// Publish a closure. Slots it covers disappear from what residents can
/// book; bookings it covers are cancelled by the centre with its reason
/// (`cancel_bookings`), and their waiting lists closed.
#[utoipa::path(post, path = "/manage/closures", operation_id = "add_closure", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    request_body = NewClosure,
    responses(
        (status = 201, description = "the closures added", body = ClosuresSaved),
        (status = 400, response = Malformed),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "center_not_found", body = ApiErrorBody),
        (status = 409, description = "stale_version (with `current` beside `error`: the list \
            as it is now), closure_exists, closure_has_bookings (with `detail.bookings` beside \
            `error`: how many it would cancel)", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "closure_in_past, closure_range_invalid, invalid_field",
            body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn add(
    State(st): State<AppState>,
    staff: Staff,
    JsonBody(req): JsonBody<NewClosure>,
) -> Result<Response, AppError> {
    let reason = closure_cancel_reason(&req.closure.reason);
    let days = days(&st, &st.catalog.get(), &staff, req.closure)?;
    let make = |catalog: &CatalogIndex| -> Result<Edit, AppError> {
        let list = add_closures(catalog.closures(), days.clone())?;
        let mut audit = closure_audit(
            &st,
            &staff,
            catalog,
            days.first(),
            AuditAction::ClosureAdded,
        );
        audit.target = days.first().map(|c| c.id().to_string());
        audit.after = Some(json(&serde_json::json!({ "closures": days })));
        Ok(Edit {
            record: RecordKey::Closures,
            expected: req.version,
            files: vec![catalog_save::closures_file(&list)?],
            effect: SaveEffect::Close {
                closures: days.clone(),
                reason: reason.clone(),
                confirmed: req.cancel_bookings,
            },
            audit,
        })
    };
    let saved = catalog_save::save(&st, make, current_list).await?;
    for b in &saved.cancelled {
        tracing::info!(target: "linli::audit", user = %staff.user_name, code = %b.code,
            "booking cancelled by a closure");
    }
    Ok(no_store(
        (
            StatusCode::CREATED,
            Json(ClosuresSaved {
                version: saved.version,
                closures: days.iter().map(ManagedClosure::of).collect(),
                cancelled: saved.cancelled.len(),
            }),
        )
            .into_response(),
    ))
}

fn current_list(now: &CatalogIndex) -> serde_json::Value {
    serde_json::json!({
        "version": now.version(&RecordKey::Closures),
        "closures": now.closures().closures.iter().map(ManagedClosure::of).collect::<Vec<_>>(),
    })
}

/// The `{id}` of a closure.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
struct ClosureParam {
    /// `2027-01-01`, `2027-01-12.tangshan-tangquan` or
    /// `2027-01-12.tangshan-tangquan.tangshan-tangquan-lunch`.
    id: String,
}

/// Withdraw a closure: its slots can be booked again. Bookings it
/// cancelled stay cancelled.
#[utoipa::path(delete, path = "/manage/closures/{id}", operation_id = "remove_closure",
    tag = "manage", security(("staff_bearer" = []), ("staff_cookie" = [])),
    params(ClosureParam, VersionParam),
    responses(
        (status = 200, description = "removed; the list's new version", body = ClosureRemoved),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "closure_not_found; center_not_found (its centre left \
            the catalog)", body = ApiErrorBody),
        (status = 409, description = "stale_version, with `current` beside `error`: the list \
            as it is now", body = ApiErrorBody),
        (status = 422, description = "invalid_parameter: version", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn remove(
    State(st): State<AppState>,
    staff: Staff,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<VersionParam>, QueryRejection>,
) -> Result<Response, AppError> {
    let id: ClosureId = match path {
        Ok(Path(id)) => id
            .parse()
            .map_err(|_| AppError::Edit(EditError::ClosureNotFound))?,
        Err(_) => return Err(AppError::Edit(EditError::ClosureNotFound)),
    };
    let Ok(Query(VersionParam { version })) = query else {
        return Err(AppError::InvalidParameter {
            field: "version",
            message: "the closures list's version, a whole number",
        });
    };
    // Removing a closure cancels nothing, so no one else's edit stands in
    // its way; the scope is checked on the catalog it is made from.
    let make = |catalog: &CatalogIndex| -> Result<Edit, AppError> {
        let (list, removed) = remove_closure(catalog.closures(), &id)?;
        staff.may(Access::Edit, target(catalog, &removed)?)?;
        let mut audit = closure_audit(
            &st,
            &staff,
            catalog,
            Some(&removed),
            AuditAction::ClosureRemoved,
        );
        audit.target = Some(id.to_string());
        audit.before = Some(json(&removed));
        Ok(Edit {
            record: RecordKey::Closures,
            expected: Version(version),
            files: vec![catalog_save::closures_file(&list)?],
            effect: SaveEffect::None,
            audit,
        })
    };
    let saved = catalog_save::save(&st, make, current_list).await?;
    Ok(no_store(
        Json(ClosureRemoved {
            version: saved.version,
        })
        .into_response(),
    ))
}
