//! Signing volunteers in with their centre's PIN, and out again.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use linli_model::{ApiErrorBody, SessionRequest, VolunteerSession};

use super::docs::{Malformed, NotJson, TooLarge, Unauthorized, Unavailable};
use super::no_store;
use crate::auth::{ClientIp, Volunteer, new_token};
use crate::clock::rfc3339;
use crate::error::{AppError, Limited};
use crate::extract::JsonBody;
use crate::pin::verify_pin;
use crate::state::AppState;
use crate::store::{NewSession, PinAttempt, PinAttemptOutcome};

/// Sign in with the centre's PIN.
///
/// A wrong PIN, an unknown centre and a centre without a PIN get the same
/// 401. Each try is counted as a failure (per client address, and per
/// centre with a looser limit) before the slow hash runs, and forgiven when
/// the PIN was right: parallel tries can't all slip past the limit, and at
/// most one Argon2 check per core runs at a time.
#[utoipa::path(post, path = "/volunteer/session", operation_id = "sign_in", tag = "volunteer",
    request_body = SessionRequest,
    responses(
        (status = 200, description = "the session", body = VolunteerSession),
        (status = 400, response = Malformed),
        (status = 401, description = "invalid_pin: a wrong PIN, an unknown centre and a centre \
            without a PIN answer alike", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "invalid_field: the body is not {center_id, pin}",
            body = ApiErrorBody),
        (status = 429, description = "rate_limited: 5 wrong PINs a minute per client address, \
            30 in ten minutes per centre", body = ApiErrorBody,
            headers(("Retry-After" = u64, description = "seconds to wait"))),
        (status = 503, response = Unavailable),
    ))]
pub async fn sign_in(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    JsonBody(req): JsonBody<SessionRequest>,
) -> Result<Response, AppError> {
    let now = st.clock.unix_millis();
    let catalog = st.catalog.get();
    let center = catalog.center(req.center_id.trim()).map(|c| &c.center);
    let limits = st.pin_limits;
    let address = ip.map_or("unknown".into(), |ip| ip.to_string());
    let mut keys = vec![(format!("ip:{address}"), limits.per_address)];
    // Unknown centres are counted by address only: made-up ids must not
    // fill the table.
    if let Some(c) = center {
        keys.push((format!("center:{}", c.id), limits.per_centre));
    }
    let attempt = PinAttempt {
        keys,
        now_millis: now,
    };
    let counted = match st.store.begin_pin_attempt(attempt).await? {
        PinAttemptOutcome::Counted(rows) => rows,
        PinAttemptOutcome::Blocked { retry_after_secs } => {
            tracing::warn!(target: "linli::audit", center = ?center.map(|c| &c.id), client = %address, "volunteer sign-in refused: too many wrong PINs");
            return Err(AppError::RateLimited {
                what: Limited::Pins,
                retry_after_secs,
            });
        }
    };
    let stored = match center {
        Some(c) => st.store.pin_hash(c.id.to_string()).await?,
        None => None,
    };
    let pin = req.pin;
    // Argon2 takes ~19 MiB and tens of milliseconds of a core: off the
    // async workers, and no more at once than there are cores.
    let permit = st
        .pin_checks
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| AppError::Unavailable("PIN checks closed".into()))?;
    let valid = tokio::task::spawn_blocking(move || {
        let valid = verify_pin(stored.as_deref(), &pin);
        drop(permit);
        valid
    })
    .await
    .unwrap_or(false);
    let Some(center) = center.filter(|_| valid) else {
        tracing::info!(target: "linli::audit", client = %address, "volunteer sign-in refused: wrong PIN");
        return Err(AppError::InvalidPin);
    };
    st.store.forgive_pin_attempt(counted).await?;
    let (token, token_hash) = new_token()?;
    // The latest end, if it stays in use; stored is the idle deadline.
    let expires = now + st.session_millis;
    st.store
        .create_session(NewSession {
            token_hash,
            center_id: center.id.to_string(),
            now_millis: now,
            expires_at_millis: now + st.session_idle_millis.min(st.session_millis),
        })
        .await?;
    tracing::info!(target: "linli::audit", center = %center.id, "volunteer signed in");
    let session = VolunteerSession {
        token,
        expires_at: rfc3339(expires),
        center_id: center.id.clone(),
    };
    Ok(no_store(Json(session).into_response()))
}

/// Sign out: the token stops working at once.
#[utoipa::path(delete, path = "/volunteer/session", operation_id = "sign_out", tag = "volunteer",
    security(("volunteer" = [])),
    responses(
        (status = 204, description = "signed out"),
        (status = 401, response = Unauthorized),
        (status = 503, response = Unavailable),
    ))]
pub async fn sign_out(State(st): State<AppState>, v: Volunteer) -> Result<Response, AppError> {
    st.store.delete_session(v.token_hash).await?;
    tracing::info!(target: "linli::audit", center = %v.center_id, "volunteer signed out");
    Ok(no_store(StatusCode::NO_CONTENT.into_response()))
}
