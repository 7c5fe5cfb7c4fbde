//! Centres and their offerings, edited in the console. Each record has a
//! version; a save against an older one is 409 `stale_version` with the
//! record as it is now. Scope: street offices their street's centres,
//! centre managers their own (the model's `may`).

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use linli_model::account::{Access, Target};
use linli_model::audit::AuditAction;
use linli_model::catalog_edit::{CenterEdit, OfferingEdit, RecordKey};
use linli_model::manage::{
    CenterSummary, ManagedCenter, ManagedClosure, ManagedOffering, SavedCenter,
};
use linli_model::{ApiErrorBody, Center, CenterFile, OfferingId, StreetId};
use serde::Serialize;

use super::docs::{Malformed, NotAllowed, NotJson, SignInRequired, TooLarge, Unavailable};
use super::no_store;
use crate::catalog_index::CatalogIndex;
use crate::catalog_save::{self, Edit};
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::staff_auth::Staff;
use crate::state::AppState;
use crate::store::SaveEffect;

/// The `{id}` of a centre or offering.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
struct IdParam {
    id: String,
}

/// The centre of the path, if the account may have `access` to it.
fn center_file(
    catalog: &CatalogIndex,
    staff: &Staff,
    id: &str,
    access: Access,
) -> Result<CenterFile, AppError> {
    let file = catalog.center(id).ok_or(AppError::CenterNotFound)?;
    may(staff, access, &file.center)?;
    Ok(file.clone())
}

fn may(staff: &Staff, access: Access, c: &Center) -> Result<(), AppError> {
    staff.may(
        access,
        Target::Center {
            center: &c.id,
            street: &c.street_id,
        },
    )
}

fn managed(catalog: &CatalogIndex, file: &CenterFile) -> ManagedCenter {
    let c = &file.center;
    ManagedCenter {
        version: catalog.version(&RecordKey::Center(c.id.clone())),
        center: c.clone(),
        offerings: file
            .offerings
            .iter()
            .map(|o| ManagedOffering {
                version: catalog.version(&RecordKey::Offering(o.id.clone())),
                offering: o.clone(),
            })
            .collect(),
        closures: catalog
            .closures()
            .closures
            .iter()
            .filter(|cl| cl.center_id.as_ref().is_none_or(|id| *id == c.id))
            .map(ManagedClosure::of)
            .collect(),
        closures_version: catalog.version(&RecordKey::Closures),
    }
}

/// The centres this account may see, in the catalog's order, with
/// today's bookings and check-ins.
#[utoipa::path(get, path = "/manage/centers", operation_id = "managed_centers", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    responses(
        (status = 200, description = "the centres in the account's scope", body = Vec<CenterSummary>),
        (status = 401, response = SignInRequired),
        (status = 503, response = Unavailable),
    ))]
pub async fn list(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    let catalog = st.catalog.get();
    let today = st.store.day_figures(st.clock.now().date).await?;
    let centers: Vec<CenterSummary> = catalog
        .center_files()
        .filter(|f| may(&staff, Access::Read, &f.center).is_ok())
        .map(|f| CenterSummary {
            version: catalog.version(&RecordKey::Center(f.center.id.clone())),
            center: f.center.clone(),
            offerings: f.offerings.len(),
            today: today.get(f.center.id.as_str()).copied().unwrap_or_default(),
        })
        .collect();
    Ok(no_store(Json(centers).into_response()))
}

/// One centre with its offerings, closures and versions.
#[utoipa::path(get, path = "/manage/centers/{id}", operation_id = "managed_center", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    params(IdParam),
    responses(
        (status = 200, description = "the centre", body = ManagedCenter),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "center_not_found", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn get(
    State(st): State<AppState>,
    staff: Staff,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    let Ok(Path(id)) = path else {
        return Err(AppError::CenterNotFound);
    };
    let catalog = st.catalog.get();
    let file = center_file(&catalog, &staff, &id, Access::Read)?;
    Ok(no_store(Json(managed(&catalog, &file)).into_response()))
}

/// Change a centre's name, address, phone or opening hours.
#[utoipa::path(put, path = "/manage/centers/{id}", operation_id = "edit_center", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    params(IdParam),
    request_body = CenterEdit,
    responses(
        (status = 200, description = "the saved centre", body = SavedCenter),
        (status = 400, response = Malformed),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "center_not_found", body = ApiErrorBody),
        (status = 409, description = "stale_version, with `current`: the centre as it is now",
            body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "invalid_field (with the field)", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn edit_center(
    State(st): State<AppState>,
    staff: Staff,
    path: Result<Path<String>, PathRejection>,
    JsonBody(req): JsonBody<CenterEdit>,
) -> Result<Response, AppError> {
    let Ok(Path(id)) = path else {
        return Err(AppError::CenterNotFound);
    };
    let record = RecordKey::Center(id.parse().map_err(|_| AppError::CenterNotFound)?);
    let make = |catalog: &CatalogIndex| -> Result<Edit, AppError> {
        let mut file = center_file(catalog, &staff, &id, Access::Edit)?;
        let before = file.center.clone();
        let after = req.apply(&before)?;
        file.center = after.clone();
        let mut list = catalog.catalog.clone();
        for c in &mut list.centers {
            if c.id == after.id {
                *c = after.clone();
            }
        }
        let mut audit = staff.audit(&st, AuditAction::CenterChanged);
        scope_to(&mut audit, &after.street_id, Some(after.id.to_string()));
        audit.target = Some(after.id.to_string());
        audit.before = Some(json(&before));
        audit.after = Some(json(&after));
        Ok(Edit {
            record: record.clone(),
            expected: req.version,
            files: vec![
                catalog_save::catalog_file(&list)?,
                catalog_save::center_file(&file)?,
            ],
            effect: SaveEffect::None,
            audit,
        })
    };
    let show = |now: &CatalogIndex| {
        serde_json::json!({
            "version": now.version(&record),
            "center": now.center(&id).map(|f| &f.center),
        })
    };
    let saved = catalog_save::save(&st, make, show).await?;
    let center = saved
        .catalog
        .center(&id)
        .map(|f| f.center.clone())
        .ok_or(AppError::CenterNotFound)?;
    Ok(no_store(
        Json(SavedCenter {
            version: saved.version,
            center,
        })
        .into_response(),
    ))
}

/// Change an offering: texts, prices, party size, weekly schedule and
/// capacities, menus. Its id, centre and kind are fixed. A schedule that
/// leaves fewer seats than are booked in a slot not yet started, or drops
/// such a slot, is refused with the slot and its count.
#[utoipa::path(put, path = "/manage/offerings/{id}", operation_id = "edit_offering", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    params(IdParam),
    request_body = OfferingEdit,
    responses(
        (status = 200, description = "the saved offering", body = ManagedOffering),
        (status = 400, response = Malformed),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "not_found: no such offering", body = ApiErrorBody),
        (status = 409, description = "stale_version (with `current` beside `error`: the \
            offering as it is now), capacity_below_booked (with `detail`: `slot_id`, `booked`, \
            `capacity`), slot_has_bookings (with `detail`: `slot_id`, `booked`)",
            body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "invalid_field, field_fixed", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn edit_offering(
    State(st): State<AppState>,
    staff: Staff,
    path: Result<Path<String>, PathRejection>,
    JsonBody(req): JsonBody<OfferingEdit>,
) -> Result<Response, AppError> {
    let id: OfferingId = match path {
        Ok(Path(id)) => id.parse().map_err(|_| AppError::NotFound)?,
        Err(_) => return Err(AppError::NotFound),
    };
    if st.catalog.get().offering(&id).is_none() {
        return Err(AppError::NotFound);
    }
    if req.offering.id != id {
        return Err(AppError::Edit(
            linli_model::catalog_edit::EditError::FixedField("offering.id"),
        ));
    }
    let record = RecordKey::Offering(id.clone());
    let make = |catalog: &CatalogIndex| -> Result<Edit, AppError> {
        let before = catalog.offering(&id).ok_or(AppError::NotFound)?;
        let file = catalog
            .center(before.center_id.as_str())
            .ok_or(AppError::NotFound)?;
        may(&staff, Access::Edit, &file.center)?;
        let new_file = req.apply(file)?;
        let mut audit = staff.audit(&st, AuditAction::OfferingChanged);
        scope_to(
            &mut audit,
            &file.center.street_id,
            Some(file.center.id.to_string()),
        );
        audit.target = Some(id.to_string());
        audit.before = Some(json(before));
        audit.after = Some(json(&req.offering));
        Ok(Edit {
            record: record.clone(),
            expected: req.version,
            files: vec![catalog_save::center_file(&new_file)?],
            effect: SaveEffect::Schedule(Box::new(req.offering.clone())),
            audit,
        })
    };
    let show = |now: &CatalogIndex| {
        serde_json::json!({
            "version": now.version(&record),
            "offering": now.offering(&id),
        })
    };
    let saved = catalog_save::save(&st, make, show).await?;
    Ok(no_store(
        Json(ManagedOffering {
            version: saved.version,
            offering: req.offering,
        })
        .into_response(),
    ))
}

/// The entry concerns the record's street and centre, whoever made it.
pub fn scope_to(audit: &mut crate::store::AuditRecord, street: &StreetId, center: Option<String>) {
    audit.street_id = Some(street.to_string());
    audit.center_id = center;
}

pub fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
