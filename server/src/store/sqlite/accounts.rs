//! Staff accounts, their sessions and the audit trail in SQLite. Writes
//! run on the writer thread, each with its audit entry in the same
//! savepoint; reads on the read pool.

use rusqlite::{Connection, ErrorCode, OptionalExtension, Row, params, params_from_iter};

use super::writer::{Done, Job};
use super::{SqliteStore, StoreError};
use crate::store::SessionUse;
use crate::store::accounts::{
    AccountChange, AccountRow, AuditParam, AuditQuery, AuditRecord, AuditRow, ChangeAccount,
    Credentials, INSERT_AUDIT, NewAccount, NewStaffSession, StaffSessionRow, audit_where,
};

/// A write of the management console, for the writer thread.
pub enum ManageJob {
    CreateAccount(NewAccount, AuditRecord),
    ChangeAccount(ChangeAccount, AuditRecord),
    CreateSession(NewStaffSession, AuditRecord),
    UseSession(SessionUse),
    EndSession(String, AuditRecord),
    Audit(AuditRecord),
    ForgetAudit(i64),
}

pub enum ManageDone {
    Account(Option<AccountRow>),
    Session(Option<StaffSessionRow>),
    Count(usize),
}

const ACCOUNT: &str =
    "SELECT id, user_name, role, street_id, center_id, disabled, created_at, password_hash
     FROM staff_accounts";

fn account(r: &Row<'_>) -> rusqlite::Result<AccountRow> {
    Ok(AccountRow {
        id: r.get(0)?,
        user_name: r.get(1)?,
        role: r.get(2)?,
        street_id: r.get(3)?,
        center_id: r.get(4)?,
        disabled: r.get(5)?,
        created_at_millis: r.get(6)?,
    })
}

impl SqliteStore {
    async fn manage(&self, job: ManageJob) -> Result<ManageDone, StoreError> {
        match self.write(Job::Manage(Box::new(job))).await? {
            Done::Manage(r) => r,
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }

    async fn manage_account(&self, job: ManageJob) -> Result<Option<AccountRow>, StoreError> {
        match self.manage(job).await? {
            ManageDone::Account(a) => Ok(a),
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }

    async fn manage_count(&self, job: ManageJob) -> Result<usize, StoreError> {
        match self.manage(job).await? {
            ManageDone::Count(n) => Ok(n),
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }

    pub async fn create_account(
        &self,
        new: NewAccount,
        audit: AuditRecord,
    ) -> Result<AccountRow, StoreError> {
        self.manage_account(ManageJob::CreateAccount(new, audit))
            .await?
            .ok_or_else(|| StoreError::Storage("account vanished".into()))
    }

    pub async fn change_account(
        &self,
        change: ChangeAccount,
        audit: AuditRecord,
    ) -> Result<Option<AccountRow>, StoreError> {
        self.manage_account(ManageJob::ChangeAccount(change, audit))
            .await
    }

    pub async fn credentials(&self, user_name: String) -> Result<Option<Credentials>, StoreError> {
        self.reads
            .run(move |c| {
                c.prepare_cached(&format!("{ACCOUNT} WHERE user_name = ?1"))?
                    .query_row([&user_name], |r| {
                        Ok(Credentials {
                            account: account(r)?,
                            password_hash: r.get(7)?,
                        })
                    })
                    .optional()
            })
            .await
    }

    pub async fn accounts(&self) -> Result<Vec<AccountRow>, StoreError> {
        self.reads
            .run(|c| {
                c.prepare_cached(&format!("{ACCOUNT} ORDER BY user_name"))?
                    .query_map([], account)?
                    .collect()
            })
            .await
    }

    pub async fn create_staff_session(
        &self,
        new: NewStaffSession,
        audit: AuditRecord,
    ) -> Result<(), StoreError> {
        self.manage(ManageJob::CreateSession(new, audit))
            .await
            .map(|_| ())
    }

    pub async fn use_staff_session(
        &self,
        used: SessionUse,
    ) -> Result<Option<StaffSessionRow>, StoreError> {
        match self.manage(ManageJob::UseSession(used)).await? {
            ManageDone::Session(s) => Ok(s),
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }

    pub async fn end_staff_session(
        &self,
        token_hash: String,
        audit: AuditRecord,
    ) -> Result<bool, StoreError> {
        Ok(self
            .manage_count(ManageJob::EndSession(token_hash, audit))
            .await?
            > 0)
    }

    pub async fn append_audit(&self, audit: AuditRecord) -> Result<(), StoreError> {
        self.manage(ManageJob::Audit(audit)).await.map(|_| ())
    }

    pub async fn forget_audit(&self, before_millis: i64) -> Result<usize, StoreError> {
        self.manage_count(ManageJob::ForgetAudit(before_millis))
            .await
    }

    pub async fn audit(&self, query: AuditQuery) -> Result<Vec<AuditRow>, StoreError> {
        self.reads
            .run(move |c| {
                let (sql, params) = audit_where(&query);
                let values = params.into_iter().map(|p| match p {
                    AuditParam::Text(t) => rusqlite::types::Value::Text(t),
                    AuditParam::Int(i) => rusqlite::types::Value::Integer(i),
                });
                c.prepare_cached(&sql)?
                    .query_map(params_from_iter(values), |r| {
                        Ok(AuditRow {
                            id: r.get(0)?,
                            at_millis: r.get(1)?,
                            user_name: r.get(2)?,
                            role: r.get(3)?,
                            action: r.get(4)?,
                            street_id: r.get(5)?,
                            center_id: r.get(6)?,
                            target: r.get(7)?,
                            before: r.get(8)?,
                            after: r.get(9)?,
                        })
                    })?
                    .collect()
            })
            .await
    }
}

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
            // The trigger lets only entries older than this cut-off go.
            conn.prepare_cached("UPDATE audit_purge SET before = ?1")?
                .execute([before])?;
            let n = conn
                .prepare_cached("DELETE FROM audit_log WHERE at < ?1")?
                .execute([before])?;
            Ok(ManageDone::Count(n))
        }
    }
}

fn append(conn: &Connection, a: &AuditRecord) -> Result<(), StoreError> {
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
