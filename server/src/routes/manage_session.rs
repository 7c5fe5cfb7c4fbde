//! Staff signing in and out of the management console, who is signed in,
//! and changing one's own password.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use linli_model::account::{Password, UserName};
use linli_model::audit::AuditAction;
use serde::Deserialize;
use utoipa::ToSchema;

use super::docs::{
    Malformed, NotAllowed, NotJson, SignInRequired, SignInsLimited, TooLarge, Unavailable,
};
use super::manage_accounts::{account_of, hash_password};
use super::no_store;
use crate::auth::{ClientIp, new_token};
use crate::clock::rfc3339;
use crate::error::{AppError, Limited};
use crate::extract::JsonBody;
use crate::staff_auth::{Https, Staff, audit_scope, cookie, csrf_token};
use crate::state::AppState;
use crate::store::accounts::account_tries_key;
use linli_model::manage::StaffSession;

use crate::store::{
    AccountChange, AuditRecord, ChangeAccount, Credentials, NewStaffSession, PinAttempt,
    PinAttemptOutcome,
};

/// `POST /manage/session` body.
#[derive(Deserialize, ToSchema)]
pub struct SignIn {
    #[schema(example = "wang.li")]
    user_name: String,
    #[schema(format = Password)]
    password: String,
    /// `true`: answer a bearer token for a script instead of setting the
    /// console's cookie.
    #[serde(default)]
    bearer: bool,
}

/// Counts a try under the client's address and the user name's key before
/// the slow check; `Err` if one of them has used up its tries.
async fn count_try(
    st: &AppState,
    ip: Option<std::net::IpAddr>,
    name: Option<&UserName>,
) -> Result<Vec<i64>, AppError> {
    let limits = st.staff.limits;
    let address = ip.map_or("unknown".into(), |ip| ip.to_string());
    let mut keys = vec![(format!("staff-ip:{address}"), limits.per_address)];
    if let Some(n) = name {
        keys.push((account_tries_key(n.as_str()), limits.per_account));
    }
    let attempt = PinAttempt {
        keys,
        now_millis: st.clock.unix_millis(),
    };
    match st.store.begin_pin_attempt(attempt).await? {
        PinAttemptOutcome::Counted(rows) => Ok(rows),
        PinAttemptOutcome::Blocked { retry_after_secs } => {
            tracing::warn!(target: "linli::audit", client = %address, "staff sign-in refused: too many wrong passwords");
            Err(AppError::RateLimited {
                what: Limited::SignIns,
                retry_after_secs,
            })
        }
    }
}

/// The Argon2 check, off the async workers and no more at once than
/// there are cores (the volunteers' PIN checks share the permits).
async fn check_password(st: &AppState, stored: Option<String>, candidate: String) -> bool {
    let Ok(permit) = st.pin_checks.clone().acquire_owned().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        let valid = crate::secret::verify(stored.as_deref(), &candidate, 4 * 128);
        drop(permit);
        valid
    })
    .await
    .unwrap_or(false)
}

/// A failed sign-in's entry: the account's if the name has one (never the
/// name typed otherwise: it may be a password in the wrong field).
fn failed(st: &AppState, found: Option<&Credentials>) -> AuditRecord {
    let (street_id, center_id) =
        found.map_or((None, None), |c| audit_scope(&c.account, &st.catalog.get()));
    AuditRecord {
        at_millis: st.clock.unix_millis(),
        user_name: found.map(|c| c.account.user_name.clone()),
        role: found.map(|c| c.account.role.clone()),
        action: AuditAction::SignInFailed,
        street_id,
        center_id,
        target: None,
        before: None,
        after: None,
    }
}

/// Sign in with a user name and password.
///
/// A wrong password, an unknown user name and a disabled account get the
/// same 401. Each try is counted (per client address, and per user name
/// with a looser limit) before the slow hash runs and forgiven when it
/// was right. The console gets an HttpOnly, SameSite=Strict cookie (Secure
/// behind an HTTPS proxy) and the CSRF token for its writes; a script
/// asking `"bearer": true` gets a token instead.
#[utoipa::path(post, path = "/manage/session", operation_id = "staff_sign_in", tag = "manage",
    request_body = SignIn,
    responses(
        (status = 200, description = "signed in", body = StaffSession,
            headers(("Set-Cookie" = String, description = "the session cookie, unless bearer"))),
        (status = 400, response = Malformed),
        (status = 401, description = "invalid_credentials", body = linli_model::ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "invalid_field", body = linli_model::ApiErrorBody),
        (status = 429, response = SignInsLimited),
        (status = 503, response = Unavailable),
    ))]
pub async fn sign_in(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    Https(https): Https,
    JsonBody(req): JsonBody<SignIn>,
) -> Result<Response, AppError> {
    let name = UserName::parse(&req.user_name).ok();
    let counted = count_try(&st, ip, name.as_ref()).await?;
    let found = match &name {
        Some(n) => st.store.credentials(n.to_string()).await?,
        None => None,
    };
    let stored = found.as_ref().map(|c| c.password_hash.clone());
    let right = check_password(&st, stored, req.password).await;
    let Some(creds) = found.as_ref().filter(|c| right && !c.account.disabled) else {
        st.store.append_audit(failed(&st, found.as_ref())).await?;
        tracing::info!(target: "linli::audit", "staff sign-in refused: wrong user name or password");
        return Err(AppError::InvalidCredentials { field: None });
    };
    st.store.forgive_pin_attempt(counted).await?;
    let now = st.clock.unix_millis();
    let (token, token_hash) = new_token()?;
    let (street_id, center_id) = audit_scope(&creds.account, &st.catalog.get());
    let audit = AuditRecord {
        at_millis: now,
        user_name: Some(creds.account.user_name.clone()),
        role: Some(creds.account.role.clone()),
        action: AuditAction::SignIn,
        street_id,
        center_id,
        target: None,
        before: None,
        after: None,
    };
    let staff = &st.staff;
    st.store
        .create_staff_session(
            NewStaffSession {
                token_hash,
                account_id: creds.account.id,
                now_millis: now,
                expires_at_millis: now + staff.idle_millis.min(staff.session_millis),
            },
            audit,
        )
        .await?;
    tracing::info!(target: "linli::audit", user = %creds.account.user_name, "staff signed in");
    let answer = StaffSession {
        account: account_of(&creds.account)?,
        csrf_token: csrf_token(&token),
        expires_at: rfc3339(now + staff.session_millis),
        token: req.bearer.then(|| token.clone()),
    };
    let mut response = no_store(Json(answer).into_response());
    if !req.bearer {
        let max_age = staff.session_millis / 1000;
        let set = cookie(&token, max_age, https);
        response.headers_mut().insert(header::SET_COOKIE, set);
    }
    Ok(response)
}

/// Sign out: the session ends at once, and the cookie is cleared.
#[utoipa::path(delete, path = "/manage/session", operation_id = "staff_sign_out", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    responses(
        (status = 204, description = "signed out"),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 503, response = Unavailable),
    ))]
pub async fn sign_out(
    State(st): State<AppState>,
    Https(https): Https,
    staff: Staff,
) -> Result<Response, AppError> {
    let audit = staff.audit(&st, AuditAction::SignOut);
    st.store
        .end_staff_session(staff.token_hash.clone(), audit)
        .await?;
    tracing::info!(target: "linli::audit", user = %staff.user_name, "staff signed out");
    let mut response = no_store(StatusCode::NO_CONTENT.into_response());
    response
        .headers_mut()
        .insert(header::SET_COOKIE, cookie("", 0, https));
    Ok(response)
}

/// Who is signed in, with the CSRF token for the console's writes.
#[utoipa::path(get, path = "/manage/me", operation_id = "staff_me", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    responses(
        (status = 200, description = "the signed-in account", body = StaffSession),
        (status = 401, response = SignInRequired),
        (status = 503, response = Unavailable),
    ))]
pub async fn me(State(st): State<AppState>, staff: Staff) -> Result<Response, AppError> {
    let answer = StaffSession {
        account: account_of(&staff.account)?,
        csrf_token: staff.csrf_token.clone(),
        expires_at: rfc3339(staff.created_at_millis + st.staff.session_millis),
        token: None,
    };
    Ok(no_store(Json(answer).into_response()))
}

/// `POST /manage/me/password` body.
#[derive(Deserialize, ToSchema)]
pub struct ChangePassword {
    #[schema(format = Password)]
    current_password: String,
    #[schema(format = Password, min_length = 10, max_length = 128)]
    new_password: String,
}

/// Change one's own password. Other sessions of the account end; this one
/// goes on. A wrong current password counts as a failed sign-in.
#[utoipa::path(post, path = "/manage/me/password", operation_id = "change_own_password", tag = "manage",
    security(("staff_bearer" = []), ("staff_cookie" = [])),
    request_body = ChangePassword,
    responses(
        (status = 204, description = "changed"),
        (status = 400, response = Malformed),
        (status = 401, response = SignInRequired),
        (status = 403, response = NotAllowed),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "invalid_credentials (field current_password); \
            password_length, password_too_weak or password_invalid (field new_password)",
            body = linli_model::ApiErrorBody),
        (status = 429, response = SignInsLimited),
        (status = 503, response = Unavailable),
    ))]
pub async fn change_own_password(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    staff: Staff,
    JsonBody(req): JsonBody<ChangePassword>,
) -> Result<Response, AppError> {
    let new =
        Password::new(&req.new_password, &staff.user_name).map_err(|error| AppError::Account {
            error,
            field: "new_password",
        })?;
    let counted = count_try(&st, ip, Some(&staff.user_name)).await?;
    let found = st.store.credentials(staff.user_name.to_string()).await?;
    let stored = found.as_ref().map(|c| c.password_hash.clone());
    if !check_password(&st, stored, req.current_password).await {
        st.store.append_audit(failed(&st, found.as_ref())).await?;
        return Err(AppError::InvalidCredentials {
            field: Some("current_password"),
        });
    }
    st.store.forgive_pin_attempt(counted).await?;
    let hash = hash_password(new).await?;
    let mut audit = staff.audit(&st, AuditAction::PasswordChanged);
    audit.target = Some(staff.user_name.to_string());
    let change = ChangeAccount {
        user_name: staff.user_name.to_string(),
        change: AccountChange::Password {
            hash,
            keep: Some(staff.token_hash.clone()),
        },
        now_millis: st.clock.unix_millis(),
    };
    st.store
        .change_account(change, audit)
        .await?
        .ok_or(AppError::SignInRequired)?;
    tracing::info!(target: "linli::audit", user = %staff.user_name, "staff password changed");
    Ok(no_store(StatusCode::NO_CONTENT.into_response()))
}
