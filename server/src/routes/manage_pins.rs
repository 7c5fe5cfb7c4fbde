//! A centre's volunteer PIN, set and cleared in the console by those who
//! run its day (its manager, the district): never shown, only whether
//! there is one. A new PIN signs the centre's volunteers out.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use linli_model::account::Access;
use linli_model::audit::AuditAction;
use linli_model::manage::{NewPin, PinSet, PinState};
use linli_model::{ApiErrorBody, Center, Pin};

use super::docs::{Malformed, NotAllowed, NotJson, SignInRequired, TooLarge, Unavailable};
use super::manage_catalog::scope_to;
use super::no_store;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::pin::{SERVER_PIN_DIGITS, generate, hash_pin};
use crate::staff_auth::Staff;
use crate::state::AppState;
use crate::store::AuditRecord;

/// The `{id}` of a centre.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
struct CenterParam {
    id: String,
}

fn center(
    st: &AppState,
    staff: &Staff,
    path: Result<Path<String>, PathRejection>,
) -> Result<Center, AppError> {
    let Ok(Path(id)) = path else {
        return Err(AppError::CenterNotFound);
    };
    staff.center(st, &id, Access::Operate)
}

fn audit(st: &AppState, staff: &Staff, c: &Center, action: AuditAction) -> AuditRecord {
    let mut audit = staff.audit(st, action);
    scope_to(&mut audit, &c.street_id, Some(c.id.to_string()));
    audit.target = Some(c.id.to_string());
    audit
}

/// Whether the centre has a volunteer PIN.
#[utoipa::path(get, path = "/manage/centers/{id}/pin", operation_id = "center_pin", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    params(CenterParam),
    responses(
        (status = 200, description = "whether a PIN is set", body = PinState),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "center_not_found", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn state(
    State(st): State<AppState>,
    staff: Staff,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    let c = center(&st, &staff, path)?;
    let has_pin = st.store.pin_hash(c.id.to_string()).await?.is_some();
    Ok(no_store(Json(PinState { has_pin }).into_response()))
}

/// Set the centre's PIN (or have one made, answered once); its
/// volunteers are signed out.
#[utoipa::path(put, path = "/manage/centers/{id}/pin", operation_id = "set_center_pin", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    params(CenterParam),
    request_body = NewPin,
    responses(
        (status = 200, description = "set; with the PIN made, if none was given", body = PinSet),
        (status = 400, response = Malformed),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "center_not_found", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "pin_length, pin_not_digits, pin_too_simple", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn set(
    State(st): State<AppState>,
    staff: Staff,
    path: Result<Path<String>, PathRejection>,
    JsonBody(req): JsonBody<NewPin>,
) -> Result<Response, AppError> {
    let c = center(&st, &staff, path)?;
    let (pin, generated) = match req.pin {
        Some(given) => (Pin::parse(&given)?, None),
        None => {
            let pin =
                generate(SERVER_PIN_DIGITS).map_err(|e| AppError::Unavailable(e.to_string()))?;
            let shown = pin.as_str().to_owned();
            (pin, Some(shown))
        }
    };
    let _slot = st
        .pin_checks
        .acquire()
        .await
        .map_err(|e| AppError::Unavailable(e.to_string()))?;
    let hash = tokio::task::spawn_blocking(move || hash_pin(&pin))
        .await
        .map_err(|e| AppError::Unavailable(e.to_string()))?
        .map_err(|e| AppError::Unavailable(e.to_string()))?;
    let entry = audit(&st, &staff, &c, AuditAction::PinSet);
    st.store
        .set_pin(c.id.to_string(), hash, st.clock.unix_millis(), entry)
        .await?;
    Ok(no_store(Json(PinSet { generated }).into_response()))
}

/// Remove the centre's PIN: nobody signs in there until a new one is set.
#[utoipa::path(delete, path = "/manage/centers/{id}/pin", operation_id = "clear_center_pin",
    tag = "manage", security(("staff_bearer" = []), ("staff_cookie" = [])),
    params(CenterParam),
    responses(
        (status = 200, description = "cleared", body = PinState),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "center_not_found", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn clear(
    State(st): State<AppState>,
    staff: Staff,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    let c = center(&st, &staff, path)?;
    let entry = audit(&st, &staff, &c, AuditAction::PinCleared);
    st.store.clear_pin(c.id.to_string(), entry).await?;
    Ok(no_store(Json(PinState { has_pin: false }).into_response()))
}
