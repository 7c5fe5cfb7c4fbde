//! Signed-in staff of the management console: the session token (a
//! cookie for the console, a bearer token for scripts) of which the
//! database keeps only the SHA-256, the CSRF check on cookie writes, and
//! the one-line scope check every `/manage` handler makes.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use linli_model::StreetId;
use linli_model::account::{Access, Role, RoleKind, Target, UserName, may};
use linli_model::audit::AuditAction;

use crate::asset::sha256_hex;
use crate::auth::{bearer, token_hash};
use crate::catalog_index::CatalogIndex;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{AccountRow, AuditRecord, SessionUse};

/// The session cookie, sent only to the management API.
pub const COOKIE: &str = "linli_staff";
pub const COOKIE_PATH: &str = "/api/v1/manage";
/// The header a cookie session's writes must carry.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The CSRF token of a session: derived from its token, so it needs no
/// storage, and a page of another site, which can make the browser send
/// the cookie but can't read it or our answers, can't know it.
pub fn csrf_token(token: &str) -> String {
    sha256_hex(format!("linli-csrf\0{token}").as_bytes())
}

/// `Set-Cookie` for a new session (`max_age` seconds), or to end one (0).
/// `Secure` when the request came over HTTPS (through a trusted proxy).
pub fn cookie(token: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value = format!(
        "{COOKIE}={token}; Path={COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}"
    );
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("linli_staff=; Max-Age=0"))
}

/// Whether the client reached us over HTTPS: only a trusted reverse proxy
/// (`--trusted-proxy`) can say so; this server itself speaks plain HTTP.
pub struct Https(pub bool);

impl FromRequestParts<AppState> for Https {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let https = st.throttles.trusts(peer)
            && parts
                .headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
        Ok(Https(https))
    }
}

fn from_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim())
}

/// A signed-in staff member: their account, role and session.
pub struct Staff {
    pub account: AccountRow,
    pub user_name: UserName,
    pub role: Role,
    pub token_hash: String,
    /// The session's CSRF token (the console reads it from `me`).
    pub csrf_token: String,
    pub created_at_millis: i64,
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        // The cookie, when there is one, is the credential: the console's,
        // whose writes need the CSRF token. A bearer token (scripts, which
        // send no cookie) needs none: browsers never add it by themselves.
        let (token, by_cookie) = match from_cookie(&parts.headers) {
            Some(t) => (t, true),
            None => (
                bearer(&parts.headers).ok_or(AppError::SignInRequired)?,
                false,
            ),
        };
        let hash = token_hash(token).ok_or(AppError::SignInRequired)?;
        let csrf = csrf_token(token);
        let session = st
            .store
            .use_staff_session(SessionUse {
                token_hash: hash.clone(),
                now_millis: st.clock.unix_millis(),
                idle_millis: st.staff.idle_millis,
                max_millis: st.staff.session_millis,
            })
            .await?
            .ok_or(AppError::SignInRequired)?;
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if by_cookie && !safe {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if !sent.is_some_and(|s| constant_time_eq(s.as_bytes(), csrf.as_bytes())) {
                return Err(AppError::CsrfTokenInvalid);
            }
        }
        let account = session.account;
        let role = role_of(&account).ok_or(AppError::SignInRequired)?;
        let user_name =
            UserName::parse(&account.user_name).map_err(|_| AppError::SignInRequired)?;
        Ok(Staff {
            account,
            user_name,
            role,
            token_hash: hash,
            csrf_token: csrf,
            created_at_millis: session.created_at_millis,
        })
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The model's role of a stored account (the database's CHECK keeps them
/// consistent; a row that isn't reads as no role).
pub fn role_of(a: &AccountRow) -> Option<Role> {
    let kind = RoleKind::parse(&a.role)?;
    let street = a.street_id.as_deref().map(str::parse).transpose().ok()?;
    let center = a.center_id.as_deref().map(str::parse).transpose().ok()?;
    Role::from_parts(kind, street, center).ok()
}

/// The street and centre an account's entries belong to in the audit log
/// (a centre manager's street from the catalog).
pub fn audit_scope(a: &AccountRow, catalog: &CatalogIndex) -> (Option<String>, Option<String>) {
    match &a.center_id {
        Some(c) => (
            catalog.center(c).map(|e| e.center.street_id.to_string()),
            Some(c.clone()),
        ),
        None => (a.street_id.clone(), None),
    }
}

impl Staff {
    /// The scope check: `staff.may(Access::Edit, Target::Accounts)?`.
    pub fn may(&self, access: Access, target: Target<'_>) -> Result<(), AppError> {
        if may(&self.role, access, target) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// A centre of the catalog, if this account may have `access` to it:
    /// `let centre = staff.center(&st, &id, Access::Edit)?;`. Unknown
    /// centres are 404 for everyone (the catalog is public).
    pub fn center(
        &self,
        st: &AppState,
        id: &str,
        access: Access,
    ) -> Result<linli_model::Center, AppError> {
        let catalog = st.catalog.get();
        let entry = catalog.center(id).ok_or(AppError::CenterNotFound)?;
        let c = &entry.center;
        self.may(
            access,
            Target::Center {
                center: &c.id,
                street: &c.street_id,
            },
        )?;
        Ok(c.clone())
    }

    /// A street, if this account may have `access` to it.
    pub fn street(&self, id: &StreetId, access: Access) -> Result<(), AppError> {
        self.may(access, Target::Street(id))
    }

    /// An audit entry of this member doing `action` now; its scope is
    /// theirs unless the caller sets the target's.
    pub fn audit(&self, st: &AppState, action: AuditAction) -> AuditRecord {
        let (street_id, center_id) = audit_scope(&self.account, &st.catalog.get());
        AuditRecord {
            at_millis: st.clock.unix_millis(),
            user_name: Some(self.account.user_name.clone()),
            role: Some(self.account.role.clone()),
            action,
            street_id,
            center_id,
            target: None,
            before: None,
            after: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_read_among_others_and_set_strictly() {
        let mut h = HeaderMap::new();
        assert_eq!(from_cookie(&h), None);
        h.insert(
            header::COOKIE,
            "a=1; linli_staff=abc ; b=2".parse().expect("value"),
        );
        assert_eq!(from_cookie(&h), Some("abc"));
        let set = cookie("abc", 60, false);
        assert_eq!(
            set,
            "linli_staff=abc; Path=/api/v1/manage; HttpOnly; SameSite=Strict; Max-Age=60"
        );
        assert!(
            cookie("abc", 60, true)
                .to_str()
                .expect("ascii")
                .ends_with("; Secure")
        );
    }

    #[test]
    fn csrf_tokens_follow_the_session_and_compare_whole() {
        assert_eq!(csrf_token("a"), csrf_token("a"));
        assert_ne!(csrf_token("a"), csrf_token("b"));
        assert_ne!(csrf_token("a"), "a");
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
