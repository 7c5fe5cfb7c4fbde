//! Staff accounts of the management console: who they are (a user name),
//! what they may do (a [`Role`] with its street or centre), the password
//! rule, and the scope decision every `/manage` endpoint asks
//! ([`may`]). Volunteers are not accounts: they keep the centre's PIN.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error_code::ErrorCode;
use crate::ids::{CenterId, StreetId};

mod scope;
pub use scope::{Access, AuditView, Target, may};

/// Shortest and longest user name, in characters.
pub const USER_NAME_MIN: usize = 3;
pub const USER_NAME_MAX: usize = 32;
/// Shortest and longest password, in characters. The longest bounds the
/// work a sign-in can ask of Argon2.
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error(
        "a user name is {USER_NAME_MIN} to {USER_NAME_MAX} of a-z, 0-9, '.', '_' and '-', starting with a letter or digit"
    )]
    UserNameInvalid,
    #[error("a password is {PASSWORD_MIN} to {PASSWORD_MAX} characters")]
    PasswordLength,
    #[error(
        "this password is too easy to guess: avoid the user name, repeated or running characters and common passwords"
    )]
    PasswordTooWeak,
    #[error("a password can't contain control characters")]
    PasswordInvalid,
    /// A street office without its street, a centre manager without its
    /// centre, or an id given to a role that has none.
    #[error(
        "street_office needs street_id, center_manager needs center_id, district_admin neither"
    )]
    RoleScopeInvalid,
}

impl AccountError {
    pub fn code(self) -> ErrorCode {
        match self {
            AccountError::UserNameInvalid => ErrorCode::UserNameInvalid,
            AccountError::PasswordLength => ErrorCode::PasswordLength,
            AccountError::PasswordTooWeak => ErrorCode::PasswordTooWeak,
            AccountError::PasswordInvalid => ErrorCode::PasswordInvalid,
            AccountError::RoleScopeInvalid => ErrorCode::RoleScopeInvalid,
        }
    }
}

/// A sign-in name, e.g. `wang.li`: case-folded and trimmed, so `Wang.Li `
/// and `wang.li` are one account. Plain ASCII: it is typed on any keyboard
/// and safe in logs, URLs and CSV cells.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UserName(String);

impl UserName {
    pub fn parse(input: &str) -> Result<UserName, AccountError> {
        let name = input.trim().to_ascii_lowercase();
        let allowed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b".-_".contains(&b);
        let ok = (USER_NAME_MIN..=USER_NAME_MAX).contains(&name.len())
            && name.bytes().all(allowed)
            && name
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric());
        if ok {
            Ok(UserName(name))
        } else {
            Err(AccountError::UserNameInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for UserName {
    type Error = AccountError;
    fn try_from(s: String) -> Result<UserName, AccountError> {
        UserName::parse(&s)
    }
}

impl From<UserName> for String {
    fn from(n: UserName) -> String {
        n.0
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Passwords everyone tries first (and their Chinese keyboard favourites).
const COMMON: &[&str] = &[
    "password",
    "passw0rd",
    "qwertyuiop",
    "1qaz2wsx",
    "iloveyou",
    "woaini",
    "admin",
    "linli",
    "abc123",
    "a1b2c3",
    "123123",
    "5201314",
    "88888888",
    "66666666",
];

/// Rows people type as passwords, both ways round.
const SEQUENCES: &[&str] = &[
    "01234567890123456789",
    "98765432109876543210",
    "abcdefghijklmnopqrstuvwxyz",
    "zyxwvutsrqponmlkjihgfedcba",
    "qwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
];

/// A password that meets the rule. Its `Debug` never shows it, so a
/// password can't reach a log by accident; it is never serialized.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// The rule for setting a password (new accounts, changes, resets).
    /// Signing in does not re-check it: a wrong password is simply wrong.
    pub fn new(input: &str, user: &UserName) -> Result<Password, AccountError> {
        let length = input.chars().count();
        if !(PASSWORD_MIN..=PASSWORD_MAX).contains(&length) {
            return Err(AccountError::PasswordLength);
        }
        if input.chars().any(char::is_control) {
            return Err(AccountError::PasswordInvalid);
        }
        let folded = input.to_lowercase();
        let distinct = {
            let mut chars: Vec<char> = folded.chars().collect();
            chars.sort_unstable();
            chars.dedup();
            chars.len()
        };
        // One step repeated all along (`aaaaaaaaaa`, `acegikmoqs`), or a
        // stretch of a digit row, the alphabet or a keyboard row.
        let steps: Vec<i64> = folded
            .chars()
            .collect::<Vec<_>>()
            .windows(2)
            .map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])))
            .collect();
        let run = steps.windows(2).all(|w| w[0] == w[1])
            || SEQUENCES.iter().any(|s| s.contains(folded.as_str()));
        let common = COMMON.iter().any(|c| {
            let rest = folded.replace(c, "");
            rest.chars()
                .all(|ch| ch.is_ascii_digit() || !ch.is_alphanumeric())
                && rest.len() < 6
        });
        if distinct < 4 || run || common || folded.contains(user.as_str()) {
            return Err(AccountError::PasswordTooWeak);
        }
        Ok(Password(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

/// The three kinds of staff account, as on the wire (`role`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    DistrictAdmin,
    StreetOffice,
    CenterManager,
}

impl RoleKind {
    pub const ALL: [RoleKind; 3] = [Self::DistrictAdmin, Self::StreetOffice, Self::CenterManager];

    pub fn as_str(self) -> &'static str {
        match self {
            RoleKind::DistrictAdmin => "district_admin",
            RoleKind::StreetOffice => "street_office",
            RoleKind::CenterManager => "center_manager",
        }
    }

    pub fn parse(s: &str) -> Option<RoleKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What an account may do: `district_admin` everything (and accounts),
/// `street_office` the centres of one street, `center_manager` one centre.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    DistrictAdmin,
    StreetOffice(StreetId),
    CenterManager(CenterId),
}

impl Role {
    /// A role from its wire fields: the kind and the one id it needs.
    pub fn from_parts(
        kind: RoleKind,
        street: Option<StreetId>,
        center: Option<CenterId>,
    ) -> Result<Role, AccountError> {
        match (kind, street, center) {
            (RoleKind::DistrictAdmin, None, None) => Ok(Role::DistrictAdmin),
            (RoleKind::StreetOffice, Some(s), None) => Ok(Role::StreetOffice(s)),
            (RoleKind::CenterManager, None, Some(c)) => Ok(Role::CenterManager(c)),
            _ => Err(AccountError::RoleScopeInvalid),
        }
    }

    pub fn kind(&self) -> RoleKind {
        match self {
            Role::DistrictAdmin => RoleKind::DistrictAdmin,
            Role::StreetOffice(_) => RoleKind::StreetOffice,
            Role::CenterManager(_) => RoleKind::CenterManager,
        }
    }

    pub fn street(&self) -> Option<&StreetId> {
        match self {
            Role::StreetOffice(s) => Some(s),
            _ => None,
        }
    }

    pub fn center(&self) -> Option<&CenterId> {
        match self {
            Role::CenterManager(c) => Some(c),
            _ => None,
        }
    }
}

/// A staff account as the console shows it: never its password or hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "wang.li"))]
    pub user_name: UserName,
    pub role: RoleKind,
    /// The street of a `street_office`, else null.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub street_id: Option<StreetId>,
    /// The centre of a `center_manager`, else null.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub center_id: Option<CenterId>,
    /// A disabled account can't sign in; its sessions have ended.
    pub disabled: bool,
    /// RFC 3339, the centres' time.
    pub created_at: String,
}

impl Account {
    pub fn role(&self) -> Result<Role, AccountError> {
        Role::from_parts(self.role, self.street_id.clone(), self.center_id.clone())
    }
}

#[cfg(test)]
mod tests;
