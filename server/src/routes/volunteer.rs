//! Signing volunteers in with their centre's PIN, and out again.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use linli_model::{SessionRequest, VolunteerSession};

use super::no_store;
use crate::auth::{ClientIp, Volunteer, new_token};
use crate::clock::rfc3339;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::pin::verify_pin;
use crate::state::AppState;
use crate::store::{NewSession, PinFailure};

/// `POST /volunteer/session`. A wrong PIN, an unknown centre and a centre
/// without a PIN get the same 401; wrong PINs are limited per centre and
/// per client address, and the limit is checked before the (slow) hash.
pub async fn sign_in(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    JsonBody(req): JsonBody<SessionRequest>,
) -> Result<Response, AppError> {
    let now = st.clock.unix_millis();
    let center = st.catalog.center(req.center_id.trim()).map(|c| &c.center);
    let mut keys = vec![format!(
        "ip:{}",
        ip.map_or("unknown".into(), |ip| ip.to_string())
    )];
    // Unknown centres are counted by address only: made-up ids must not
    // fill the limiter's memory.
    if let Some(c) = center {
        keys.push(format!("center:{}", c.id));
    }
    let limits = st.pin_failures;
    let recent = st
        .store
        .pin_failures(keys.clone(), limits.since(now), limits.max_failures)
        .await?;
    if let Some(retry_after_secs) = limits.blocked(&recent, now) {
        return Err(AppError::RateLimited { retry_after_secs });
    }
    let stored = match center {
        Some(c) => st.store.pin_hash(c.id.to_string()).await?,
        None => None,
    };
    let pin = req.pin;
    // Argon2 takes tens of milliseconds of CPU: off the async workers.
    let valid = tokio::task::spawn_blocking(move || verify_pin(stored.as_deref(), &pin))
        .await
        .unwrap_or(false);
    let Some(center) = center.filter(|_| valid) else {
        st.store
            .record_pin_failure(PinFailure {
                keys,
                now_millis: now,
                forget_before_millis: limits.since(now),
            })
            .await?;
        tracing::info!(target: "linli::audit", "volunteer sign-in refused");
        return Err(AppError::InvalidPin);
    };
    let (token, token_hash) = new_token()?;
    let expires = now + st.session_millis;
    st.store
        .create_session(NewSession {
            token_hash,
            center_id: center.id.to_string(),
            now_millis: now,
            expires_at_millis: expires,
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

/// `DELETE /volunteer/session`: the token stops working at once.
pub async fn sign_out(State(st): State<AppState>, v: Volunteer) -> Result<Response, AppError> {
    st.store.delete_session(v.token_hash).await?;
    tracing::info!(target: "linli::audit", center = %v.center_id, "volunteer signed out");
    Ok(no_store(StatusCode::NO_CONTENT.into_response()))
}
