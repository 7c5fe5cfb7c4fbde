//! The writes of staff accounts, sessions and the audit log, on the
//! writer thread inside its batch's transaction: each change with its
//! audit entry in the same savepoint.

use rusqlite::{Connection, ErrorCode, OptionalExtension, params};

use super::StoreError;
use super::accounts::{ACCOUNT, ManageDone, ManageJob, account};
use crate::store::SessionUse;
use crate::store::accounts::{
    AccountChange, AccountRow, AuditRecord, ChangeAccount, INSERT_AUDIT, NewAccount,
    StaffSessionRow, account_tries_key,
};

/// Runs on the writer thread inside the batch's transaction.
pub(super) fn run(conn: &Connection, job: &ManageJob) -> Result<ManageDone, StoreError> {
    match job {
        ManageJob::CreateAccount(new, audit) => create_account(conn, new, audit),
        ManageJob::ChangeAccount(change, audit) => change_account(conn, change, audit),
        ManageJob::CreateSession(new, audit) => {
            // Expired sessions are swept whenever someone signs in.
            conn.prepare_cached("DELETE FROM staff_sessions WHERE expires_at <= ?1")?
                .execute([new.now_millis])?;
            conn.prepare_cached(
                "INSERT INTO staff_sessions (token_hash, account_id, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                new.token_hash,
                new.account_id,
                new.now_millis,
                new.expires_at_millis
            ])?;
            append(conn, audit)?;
            Ok(ManageDone::Count(1))
        }
        ManageJob::UseSession(u) => use_session(conn, u),
        ManageJob::EndSession(hash, audit) => {
            let n = conn
                .prepare_cached("DELETE FROM staff_sessions WHERE token_hash = ?1")?
                .execute([hash])?;
            if n > 0 {
                append(conn, audit)?;
            }
            Ok(ManageDone::Count(n))
        }
        ManageJob::Audit(audit) => append(conn, audit).map(|()| ManageDone::Count(1)),
        ManageJob::ForgetAudit(before) => {
            // The trigger lets only entries older than this cut-off go, and
            // only while the sweep runs: it is back to 0 when it commits.
            conn.prepare_cached("UPDATE audit_purge SET before = ?1")?
                .execute([before])?;
            let n = conn
                .prepare_cached("DELETE FROM audit_log WHERE at < ?1")?
                .execute([before])?;
            conn.prepare_cached("UPDATE audit_purge SET before = 0")?
                .execute([])?;
            Ok(ManageDone::Count(n))
        }
    }
}

pub(super) fn append(conn: &Connection, a: &AuditRecord) -> Result<(), StoreError> {
    conn.prepare_cached(INSERT_AUDIT)?.execute(params![
        a.at_millis,
        a.user_name,
        a.role,
        a.action.as_str(),
        a.street_id,
        a.center_id,
        a.target,
        a.before,
        a.after
    ])?;
    Ok(())
}

fn by_name(conn: &Connection, user_name: &str) -> rusqlite::Result<Option<AccountRow>> {
    conn.prepare_cached(&format!("{ACCOUNT} WHERE user_name = ?1"))?
        .query_row([user_name], account)
        .optional()
}

fn create_account(
    conn: &Connection,
    new: &NewAccount,
    audit: &AuditRecord,
) -> Result<ManageDone, StoreError> {
    let inserted = conn
        .prepare_cached(
            "INSERT INTO staff_accounts
                (user_name, password_hash, role, street_id, center_id, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        )?
        .execute(params![
            new.user_name,
            new.password_hash,
            new.role,
            new.street_id,
            new.center_id,
            new.now_millis
        ]);
    match inserted {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == ErrorCode::ConstraintViolation
                && by_name(conn, &new.user_name)?.is_some() =>
        {
            return Err(StoreError::UserNameTaken);
        }
        Err(e) => return Err(e.into()),
    }
    let row = by_name(conn, &new.user_name)?
        .ok_or_else(|| StoreError::Storage("account vanished".into()))?;
    let mut audit = audit.clone();
    audit.after = Some(row.audit_json());
    append(conn, &audit)?;
    Ok(ManageDone::Account(Some(row)))
}

fn change_account(
    conn: &Connection,
    c: &ChangeAccount,
    audit: &AuditRecord,
) -> Result<ManageDone, StoreError> {
    let Some(before) = by_name(conn, &c.user_name)? else {
        return Ok(ManageDone::Account(None));
    };
    let keep = match &c.change {
        AccountChange::Password { hash, keep } => {
            conn.prepare_cached(
                "UPDATE staff_accounts SET password_hash = ?2, updated_at = ?3 WHERE id = ?1",
            )?
            .execute(params![before.id, hash, c.now_millis])?;
            conn.prepare_cached("DELETE FROM pin_failures WHERE key = ?1")?
                .execute([account_tries_key(&c.user_name)])?;
            keep.clone()
        }
        AccountChange::Disabled(disabled) => {
            conn.prepare_cached(
                "UPDATE staff_accounts SET disabled = ?2, updated_at = ?3 WHERE id = ?1",
            )?
            .execute(params![before.id, disabled, c.now_millis])?;
            None
        }
    };
    conn.prepare_cached(
        "DELETE FROM staff_sessions WHERE account_id = ?1 AND token_hash IS NOT ?2",
    )?
    .execute(params![before.id, keep])?;
    let after = by_name(conn, &c.user_name)?
        .ok_or_else(|| StoreError::Storage("account vanished".into()))?;
    let mut audit = audit.clone();
    audit.before = Some(before.audit_json());
    audit.after = Some(after.audit_json());
    append(conn, &audit)?;
    Ok(ManageDone::Account(Some(after)))
}

/// `expires_at` is the idle deadline, moved on by each use but never past
/// `created_at + max`, as for volunteers; a disabled account has none.
fn use_session(conn: &Connection, u: &SessionUse) -> Result<ManageDone, StoreError> {
    let found: Option<(i64, i64)> = conn
        .prepare_cached(
            "UPDATE staff_sessions SET expires_at = MIN(created_at + ?3, ?2 + ?4)
             WHERE token_hash = ?1 AND expires_at > ?2
             RETURNING account_id, created_at",
        )?
        .query_row(
            params![u.token_hash, u.now_millis, u.max_millis, u.idle_millis],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((account_id, created_at_millis)) = found else {
        return Ok(ManageDone::Session(None));
    };
    let account = conn
        .prepare_cached(&format!("{ACCOUNT} WHERE id = ?1 AND disabled = 0"))?
        .query_row([account_id], account)
        .optional()?;
    Ok(ManageDone::Session(account.map(|account| {
        StaffSessionRow {
            account,
            created_at_millis,
        }
    })))
}
