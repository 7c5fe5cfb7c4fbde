//! Staff accounts, their sessions and the audit trail in SQLite: the
//! store's methods, and the reads, on the read pool. The writes are in
//! `account_writes.rs`, on the writer thread.

use rusqlite::{OptionalExtension, Row, params_from_iter};

use super::writer::{Done, Job};
use super::{SqliteStore, StoreError};
use crate::store::SessionUse;
use crate::store::accounts::{
    AccountRow, AuditParam, AuditQuery, AuditRecord, AuditRow, ChangeAccount, Credentials,
    NewAccount, NewStaffSession, StaffSessionRow, audit_where,
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

pub(super) const ACCOUNT: &str =
    "SELECT id, user_name, role, street_id, center_id, disabled, created_at, password_hash
     FROM staff_accounts";

pub(super) fn account(r: &Row<'_>) -> rusqlite::Result<AccountRow> {
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
