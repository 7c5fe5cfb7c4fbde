//! Staff accounts, managed by district administrators: list, create,
//! reset a password, disable and enable. Every change is written with its
//! audit entry in one transaction.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use linli_model::account::{Access, Account, Password, Role, RoleKind, Target, UserName};
use linli_model::audit::AuditAction;
use linli_model::{ApiErrorBody, CenterId, StreetId};
use serde::Deserialize;
use utoipa::ToSchema;

use super::docs::{Malformed, NotAllowed, NotJson, SignInRequired, TooLarge, Unavailable};
use super::no_store;
use crate::clock::rfc3339;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::staff_auth::{Staff, audit_scope, role_of};
use crate::state::AppState;
use crate::store::{AccountChange, AccountRow, ChangeAccount, NewAccount};

/// A stored account as the API shows it.
pub fn account_of(a: &AccountRow) -> Result<Account, AppError> {
    let broken = || AppError::Unavailable(format!("account {} has no valid role", a.id));
    let role = role_of(a).ok_or_else(broken)?;
    Ok(Account {
        user_name: UserName::parse(&a.user_name).map_err(|_| broken())?,
        role: role.kind(),
        street_id: role.street().cloned(),
        center_id: role.center().cloned(),
        disabled: a.disabled,
        created_at: rfc3339(a.created_at_millis),
    })
}

/// The Argon2id hash of a password, off the async workers.
pub async fn hash_password(password: Password) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || crate::secret::hash(password.as_str().as_bytes()))
        .await
        .map_err(|e| AppError::Unavailable(e.to_string()))?
        .map_err(AppError::Unavailable)
}

/// Every account, by user name (district administrators only).
#[utoipa::path(get, path = "/manage/accounts", operation_id = "list_accounts", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    responses(
        (status = 200, description = "the accounts", body = Vec<Account>),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 503, response = Unavailable),
    ))]
pub async fn list(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    staff.may(Access::Read, Target::Accounts)?;
    let accounts = st
        .store
        .accounts()
        .await?
        .iter()
        .map(account_of)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(no_store(Json(accounts).into_response()))
}

/// `POST /manage/accounts` body.
#[derive(Deserialize, ToSchema)]
pub struct NewAccountRequest {
    /// 3–32 of a-z, 0-9, '.', '_', '-' (capitals are folded).
    #[schema(example = "li.na", pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$")]
    user_name: String,
    /// 10–128 characters, not containing the user name, not a run,
    /// repeat or common password.
    #[schema(format = Password, min_length = 10, max_length = 128)]
    password: String,
    role: RoleKind,
    /// For a `street_office`: its street.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    street_id: Option<StreetId>,
    /// For a `center_manager`: its centre.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    center_id: Option<CenterId>,
}

/// Create an account (district administrators only).
#[utoipa::path(post, path = "/manage/accounts", operation_id = "create_account", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    request_body = NewAccountRequest,
    responses(
        (status = 201, description = "the account", body = Account),
        (status = 400, response = Malformed),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 409, description = "user_name_taken", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "user_name_invalid, role_scope_invalid (a street or centre \
            missing, unknown or for the wrong role), password_length, password_too_weak, \
            password_invalid, or invalid_field", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn create(
    State(st): State<AppState>,
    staff: Staff,
    JsonBody(req): JsonBody<NewAccountRequest>,
) -> Result<Response, AppError> {
    staff.may(Access::Edit, Target::Accounts)?;
    let field = |field| move |error| AppError::Account { error, field };
    let name = UserName::parse(&req.user_name).map_err(field("user_name"))?;
    let role = Role::from_parts(req.role, req.street_id, req.center_id).map_err(field("role"))?;
    let catalog = st.catalog.get();
    let known = match &role {
        Role::DistrictAdmin => true,
        Role::StreetOffice(s) => catalog.catalog.streets.iter().any(|x| &x.id == s),
        Role::CenterManager(c) => catalog.center(c.as_str()).is_some(),
    };
    if !known {
        return Err(AppError::Account {
            error: linli_model::account::AccountError::RoleScopeInvalid,
            field: "role",
        });
    }
    let password = Password::new(&req.password, &name).map_err(field("password"))?;
    let hash = hash_password(password).await?;
    let new = NewAccount {
        user_name: name.to_string(),
        password_hash: hash,
        role: role.kind().as_str().to_owned(),
        street_id: role.street().map(ToString::to_string),
        center_id: role.center().map(ToString::to_string),
        now_millis: st.clock.unix_millis(),
    };
    let mut audit = staff.audit(&st, AuditAction::AccountCreated);
    audit.target = Some(name.to_string());
    let row = AccountRow {
        id: 0,
        user_name: new.user_name.clone(),
        role: new.role.clone(),
        street_id: new.street_id.clone(),
        center_id: new.center_id.clone(),
        disabled: false,
        created_at_millis: new.now_millis,
    };
    (audit.street_id, audit.center_id) = audit_scope(&row, &st.catalog.get());
    let created = st.store.create_account(new, audit).await?;
    tracing::info!(target: "linli::audit", user = %staff.user_name, account = %name, "staff account created");
    Ok(no_store(
        (StatusCode::CREATED, Json(account_of(&created)?)).into_response(),
    ))
}

/// The `{user_name}` of the account routes.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
struct UserParam {
    user_name: String,
}

/// `POST /manage/accounts/{user_name}/password` body.
#[derive(Deserialize, ToSchema)]
pub struct ResetPassword {
    #[schema(format = Password, min_length = 10, max_length = 128)]
    password: String,
}

/// The account named in the path, for a change by an administrator: not
/// their own (that way lies locking the district out).
async fn other_account(
    st: &AppState,
    staff: &Staff,
    path: Result<Path<String>, PathRejection>,
) -> Result<AccountRow, AppError> {
    staff.may(Access::Edit, Target::Accounts)?;
    let Ok(Path(name)) = path else {
        return Err(AppError::AccountNotFound);
    };
    let name = UserName::parse(&name).map_err(|_| AppError::AccountNotFound)?;
    if name == staff.user_name {
        return Err(AppError::OwnAccount);
    }
    st.store
        .credentials(name.to_string())
        .await?
        .map(|c| c.account)
        .ok_or(AppError::AccountNotFound)
}

async fn change(
    st: &AppState,
    staff: &Staff,
    target: AccountRow,
    change: AccountChange,
    action: AuditAction,
) -> Result<AccountRow, AppError> {
    let mut audit = staff.audit(st, action);
    audit.target = Some(target.user_name.clone());
    (audit.street_id, audit.center_id) = audit_scope(&target, &st.catalog.get());
    let changed = st
        .store
        .change_account(
            ChangeAccount {
                user_name: target.user_name.clone(),
                change,
                now_millis: st.clock.unix_millis(),
            },
            audit,
        )
        .await?
        .ok_or(AppError::AccountNotFound)?;
    tracing::info!(target: "linli::audit", user = %staff.user_name, account = %target.user_name,
        action = action.as_str(), "staff account changed");
    Ok(changed)
}

/// Set another account's password (district administrators only); the
/// account's sessions end.
#[utoipa::path(post, path = "/manage/accounts/{user_name}/password", operation_id = "reset_password", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    params(UserParam),
    request_body = ResetPassword,
    responses(
        (status = 204, description = "set"),
        (status = 400, response = Malformed),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "account_not_found", body = ApiErrorBody),
        (status = 409, description = "own_account: use POST /manage/me/password", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "password_length, password_too_weak, password_invalid",
            body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn reset_password(
    State(st): State<AppState>,
    staff: Staff,
    path: Result<Path<String>, PathRejection>,
    JsonBody(req): JsonBody<ResetPassword>,
) -> Result<Response, AppError> {
    let target = other_account(&st, &staff, path).await?;
    let name = UserName::parse(&target.user_name).map_err(|_| AppError::AccountNotFound)?;
    let password = Password::new(&req.password, &name).map_err(|error| AppError::Account {
        error,
        field: "password",
    })?;
    let hash = hash_password(password).await?;
    let how = AccountChange::Password { hash, keep: None };
    change(&st, &staff, target, how, AuditAction::PasswordReset).await?;
    Ok(no_store(StatusCode::NO_CONTENT.into_response()))
}

/// Disable an account (district administrators only): it can't sign in,
/// and its sessions end.
#[utoipa::path(post, path = "/manage/accounts/{user_name}/disable", operation_id = "disable_account", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    params(UserParam),
    responses(
        (status = 200, description = "the account", body = Account),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "account_not_found", body = ApiErrorBody),
        (status = 409, description = "own_account", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn disable(
    State(st): State<AppState>,
    staff: Staff,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    set_disabled(st, staff, path, true).await
}

/// Enable a disabled account again (district administrators only).
#[utoipa::path(post, path = "/manage/accounts/{user_name}/enable", operation_id = "enable_account", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    params(UserParam),
    responses(
        (status = 200, description = "the account", body = Account),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 404, description = "account_not_found", body = ApiErrorBody),
        (status = 409, description = "own_account", body = ApiErrorBody),
        (status = 503, response = Unavailable),
    ))]
pub async fn enable(
    State(st): State<AppState>,
    staff: Staff,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, AppError> {
    set_disabled(st, staff, path, false).await
}

async fn set_disabled(
    st: AppState,
    staff: Staff,
    path: Result<Path<String>, PathRejection>,
    disabled: bool,
) -> Result<Response, AppError> {
    let target = other_account(&st, &staff, path).await?;
    let action = if disabled {
        AuditAction::AccountDisabled
    } else {
        AuditAction::AccountEnabled
    };
    let changed = change(
        &st,
        &staff,
        target,
        AccountChange::Disabled(disabled),
        action,
    )
    .await?;
    Ok(no_store(Json(account_of(&changed)?).into_response()))
}
