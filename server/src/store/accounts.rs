//! What the stores are asked and answer about staff accounts, their
//! sessions and the audit trail; the same for SQLite and PostgreSQL.
//! Every change to an account or a session is written with its audit
//! entry in one transaction: the store fills the entry's before and after
//! from the rows it changed.

use linli_model::audit::AuditAction;
use serde_json::json;

/// An account as stored, without its password hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRow {
    pub id: i64,
    pub user_name: String,
    pub role: String,
    pub street_id: Option<String>,
    pub center_id: Option<String>,
    pub disabled: bool,
    pub created_at_millis: i64,
}

impl AccountRow {
    /// What the audit log keeps of an account: never a hash.
    pub fn audit_json(&self) -> String {
        json!({
            "user_name": self.user_name,
            "role": self.role,
            "street_id": self.street_id,
            "center_id": self.center_id,
            "disabled": self.disabled,
        })
        .to_string()
    }
}

/// An account with its hash, for checking a password.
#[derive(Clone)]
pub struct Credentials {
    pub account: AccountRow,
    pub password_hash: String,
}

#[derive(Clone, Debug)]
pub struct NewAccount {
    pub user_name: String,
    pub password_hash: String,
    pub role: String,
    pub street_id: Option<String>,
    pub center_id: Option<String>,
    pub now_millis: i64,
}

/// The key under which an account's wrong passwords are counted (in
/// `pin_failures`, with the volunteers' PINs). Hashed: a password typed
/// into the name field never rests in the table.
pub fn account_tries_key(user_name: &str) -> String {
    format!(
        "staff-account:{}",
        crate::asset::sha256_hex(user_name.as_bytes())
    )
}

#[derive(Clone, Debug)]
pub enum AccountChange {
    /// A new password hash; every session of the account ends, except
    /// `keep` (the owner's own, when they change it themselves), and its
    /// count of wrong passwords starts again: a reset ends a lock-out.
    Password { hash: String, keep: Option<String> },
    /// Disabling ends every session of the account.
    Disabled(bool),
}

#[derive(Clone, Debug)]
pub struct ChangeAccount {
    pub user_name: String,
    pub change: AccountChange,
    pub now_millis: i64,
}

#[derive(Clone, Debug)]
pub struct NewStaffSession {
    pub token_hash: String,
    pub account_id: i64,
    pub now_millis: i64,
    pub expires_at_millis: i64,
}

/// A live session's account (never a disabled one).
#[derive(Clone, Debug)]
pub struct StaffSessionRow {
    pub account: AccountRow,
    pub created_at_millis: i64,
}

/// One entry for the audit log. `before` and `after` are JSON texts.
#[derive(Clone, Debug)]
pub struct AuditRecord {
    pub at_millis: i64,
    /// Who; `None` for the command line or an unknown user name.
    pub user_name: Option<String>,
    pub role: Option<String>,
    pub action: AuditAction,
    pub street_id: Option<String>,
    pub center_id: Option<String>,
    pub target: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Which entries to read, newest first.
#[derive(Clone, Debug, Default)]
pub struct AuditQuery {
    pub street_id: Option<String>,
    pub center_id: Option<String>,
    pub user_name: Option<String>,
    /// Inclusive start and exclusive end, Unix milliseconds.
    pub from_millis: Option<i64>,
    pub to_millis: Option<i64>,
    /// Only entries older than this id (the next page).
    pub before_id: Option<i64>,
    pub limit: u32,
}

#[derive(Clone, Debug)]
pub struct AuditRow {
    pub id: i64,
    pub at_millis: i64,
    pub user_name: Option<String>,
    pub role: Option<String>,
    pub action: String,
    pub street_id: Option<String>,
    pub center_id: Option<String>,
    pub target: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The WHERE clause of an audit query with `$n` parameters from `first`
/// on, and its parameters' values in order: one text for both stores
/// (SQLite reads `$n` too).
pub fn audit_where(q: &AuditQuery) -> (String, Vec<AuditParam>) {
    let mut clauses = Vec::new();
    let mut params = Vec::new();
    let mut add = |clause: &str, value: AuditParam| {
        params.push(value);
        clauses.push(clause.replace('?', &format!("${}", params.len())));
    };
    if let Some(s) = &q.street_id {
        add("street_id = ?", AuditParam::Text(s.clone()));
    }
    if let Some(c) = &q.center_id {
        add("center_id = ?", AuditParam::Text(c.clone()));
    }
    if let Some(u) = &q.user_name {
        add("user_name = ?", AuditParam::Text(u.clone()));
    }
    if let Some(from) = q.from_millis {
        add("at >= ?", AuditParam::Int(from));
    }
    if let Some(to) = q.to_millis {
        add("at < ?", AuditParam::Int(to));
    }
    if let Some(id) = q.before_id {
        add("id < ?", AuditParam::Int(id));
    }
    let mut sql = String::from(
        "SELECT id, at, user_name, role, action, street_id, center_id, target, before_json, after_json
         FROM audit_log",
    );
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    params.push(AuditParam::Int(i64::from(q.limit)));
    sql.push_str(&format!(" ORDER BY id DESC LIMIT ${}", params.len()));
    (sql, params)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditParam {
    Text(String),
    Int(i64),
}

/// The SQL both stores run to append an entry.
pub const INSERT_AUDIT: &str = "INSERT INTO audit_log
    (at, user_name, role, action, street_id, center_id, target, before_json, after_json)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_queries_number_their_parameters() {
        let (sql, params) = audit_where(&AuditQuery {
            street_id: Some("dongshan".into()),
            from_millis: Some(5),
            limit: 100,
            ..AuditQuery::default()
        });
        assert!(
            sql.ends_with("WHERE street_id = $1 AND at >= $2 ORDER BY id DESC LIMIT $3"),
            "{sql}"
        );
        assert_eq!(
            params,
            vec![
                AuditParam::Text("dongshan".into()),
                AuditParam::Int(5),
                AuditParam::Int(100)
            ]
        );
        let (sql, _) = audit_where(&AuditQuery {
            limit: 1,
            ..AuditQuery::default()
        });
        assert!(
            sql.ends_with("FROM audit_log ORDER BY id DESC LIMIT $1"),
            "{sql}"
        );
    }
}
