//! Volunteer sessions: bearer tokens (32 random bytes, hex) of which the
//! database keeps only the SHA-256, and the extractor that turns a token
//! into its centre. The token decides the centre: no request names one.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use linli_model::CenterId;

use crate::asset::sha256_hex;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::SessionUse;

/// Hex characters of a token: 32 bytes.
const TOKEN_HEX: usize = 64;

/// A fresh token and the hash to store for it.
pub fn new_token() -> Result<(String, String), AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Unavailable(format!("no randomness: {e}")))?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let hash = sha256_hex(token.as_bytes());
    Ok((token, hash))
}

/// The stored hash of a well-formed token; `None` for anything else.
pub fn token_hash(token: &str) -> Option<String> {
    let well_formed = token.len() == TOKEN_HEX
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    well_formed.then(|| sha256_hex(token.as_bytes()))
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// A signed-in volunteer of one centre.
pub struct Volunteer {
    pub center_id: CenterId,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for Volunteer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        let hash = bearer(&parts.headers)
            .and_then(token_hash)
            .ok_or(AppError::Unauthorized)?;
        let session = st
            .store
            .use_session(SessionUse {
                token_hash: hash.clone(),
                now_millis: st.clock.unix_millis(),
                idle_millis: st.session_idle_millis,
                max_millis: st.session_millis,
            })
            .await?
            .ok_or(AppError::Unauthorized)?;
        // A centre gone from the catalog has no roster to show.
        let catalog = st.catalog.get();
        let center = catalog
            .center(&session.center_id)
            .ok_or(AppError::Unauthorized)?;
        Ok(Volunteer {
            center_id: center.center.id.clone(),
            token_hash: hash,
        })
    }
}

/// The client's address, for rate limiting. Behind a reverse proxy it is
/// the proxy's (limits then apply to all its clients together) unless the
/// proxy is trusted (`--trusted-proxy`): then X-Forwarded-For names it.
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        // Several headers are one list, in order (RFC 9110 5.3).
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let forwarded = forwarded.join(",");
        Ok(ClientIp(st.throttles.client(peer, Some(&forwarded))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_64_hex_and_stored_hashed() {
        let (token, hash) = new_token().expect("token");
        assert_eq!(token.len(), 64);
        assert_eq!(token_hash(&token), Some(hash.clone()));
        assert_ne!(token, hash);
        assert_eq!(token_hash(&token.to_uppercase()), None);
        assert_eq!(token_hash(&token[1..]), None);
        assert_eq!(token_hash(""), None);
    }

    #[test]
    fn bearer_scheme_is_case_insensitive() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer(&h), None);
        h.insert(header::AUTHORIZATION, "bearer abc".parse().expect("value"));
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, "Basic abc".parse().expect("value"));
        assert_eq!(bearer(&h), None);
    }
}
