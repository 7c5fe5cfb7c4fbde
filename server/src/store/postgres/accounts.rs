//! Staff accounts, their sessions and the audit trail in PostgreSQL:
//! each change in one transaction with its audit entry. Sessions live in
//! the database, so every instance accepts every session.

use deadpool_postgres::GenericClient;
use tokio_postgres::Row;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;

use super::{PgStore, constraint, store_error};
use crate::store::SessionUse;
use crate::store::StoreError;
use crate::store::accounts::{
    AccountChange, AccountRow, AuditParam, AuditQuery, AuditRecord, AuditRow, ChangeAccount,
    Credentials, INSERT_AUDIT, NewAccount, NewStaffSession, StaffSessionRow, account_tries_key,
    audit_where,
};

const ACCOUNT: &str =
    "SELECT id, user_name, role, street_id, center_id, disabled, created_at, password_hash
     FROM staff_accounts";

type Param<'a> = &'a (dyn ToSql + Sync);

fn account(r: &Row) -> Result<AccountRow, StoreError> {
    let get = || -> Result<AccountRow, tokio_postgres::Error> {
        Ok(AccountRow {
            id: r.try_get(0)?,
            user_name: r.try_get(1)?,
            role: r.try_get(2)?,
            street_id: r.try_get(3)?,
            center_id: r.try_get(4)?,
            disabled: r.try_get(5)?,
            created_at_millis: r.try_get(6)?,
        })
    };
    get().map_err(store_error)
}

pub(super) async fn append(c: &impl GenericClient, a: &AuditRecord) -> Result<(), StoreError> {
    let params: [Param<'_>; 9] = [
        &a.at_millis,
        &a.user_name,
        &a.role,
        &a.action.as_str(),
        &a.street_id,
        &a.center_id,
        &a.target,
        &a.before,
        &a.after,
    ];
    c.execute(INSERT_AUDIT, &params)
        .await
        .map(|_| ())
        .map_err(store_error)
}

async fn by_name(c: &impl GenericClient, name: &str) -> Result<Option<AccountRow>, StoreError> {
    let row = c
        .query_opt(&format!("{ACCOUNT} WHERE user_name = $1"), &[&name])
        .await
        .map_err(store_error)?;
    row.as_ref().map(account).transpose()
}

impl PgStore {
    pub async fn create_account(
        &self,
        new: NewAccount,
        audit: AuditRecord,
    ) -> Result<AccountRow, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(store_error)?;
        let params: [Param<'_>; 6] = [
            &new.user_name,
            &new.password_hash,
            &new.role,
            &new.street_id,
            &new.center_id,
            &new.now_millis,
        ];
        let inserted = tx
            .query_one(
                "INSERT INTO staff_accounts
                    (user_name, password_hash, role, street_id, center_id, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $6)
                 RETURNING id, user_name, role, street_id, center_id, disabled, created_at",
                &params,
            )
            .await;
        let row = match inserted {
            Ok(row) => account(&row)?,
            Err(e)
                if e.code() == Some(&SqlState::UNIQUE_VIOLATION)
                    && constraint(&e) == Some("staff_accounts_user_name_key") =>
            {
                return Err(StoreError::UserNameTaken);
            }
            Err(e) => return Err(store_error(e)),
        };
        let mut audit = audit;
        audit.after = Some(row.audit_json());
        append(&tx, &audit).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(row)
    }

    pub async fn change_account(
        &self,
        c: ChangeAccount,
        audit: AuditRecord,
    ) -> Result<Option<AccountRow>, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(store_error)?;
        let row = tx
            .query_opt(
                &format!("{ACCOUNT} WHERE user_name = $1 FOR UPDATE"),
                &[&c.user_name],
            )
            .await
            .map_err(store_error)?;
        let Some(before) = row.as_ref().map(account).transpose()? else {
            return Ok(None);
        };
        let keep = match &c.change {
            AccountChange::Password { hash, keep } => {
                tx.execute(
                    "UPDATE staff_accounts SET password_hash = $2, updated_at = $3 WHERE id = $1",
                    &[&before.id, hash, &c.now_millis],
                )
                .await
                .map_err(store_error)?;
                tx.execute(
                    "DELETE FROM pin_failures WHERE key = $1",
                    &[&account_tries_key(&c.user_name)],
                )
                .await
                .map_err(store_error)?;
                keep.clone()
            }
            AccountChange::Disabled(disabled) => {
                tx.execute(
                    "UPDATE staff_accounts SET disabled = $2, updated_at = $3 WHERE id = $1",
                    &[&before.id, disabled, &c.now_millis],
                )
                .await
                .map_err(store_error)?;
                None
            }
        };
        tx.execute(
            "DELETE FROM staff_sessions WHERE account_id = $1 AND token_hash IS DISTINCT FROM $2",
            &[&before.id, &keep],
        )
        .await
        .map_err(store_error)?;
        let after = by_name(&tx, &c.user_name)
            .await?
            .ok_or_else(|| StoreError::Storage("account vanished".into()))?;
        let mut audit = audit;
        audit.before = Some(before.audit_json());
        audit.after = Some(after.audit_json());
        append(&tx, &audit).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(Some(after))
    }

    pub async fn credentials(&self, user_name: String) -> Result<Option<Credentials>, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt(&format!("{ACCOUNT} WHERE user_name = $1"), &[&user_name])
            .await
            .map_err(store_error)?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(Credentials {
            account: account(&row)?,
            password_hash: row.try_get(7).map_err(store_error)?,
        }))
    }

    pub async fn accounts(&self) -> Result<Vec<AccountRow>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(&format!("{ACCOUNT} ORDER BY user_name"), &[])
            .await
            .map_err(store_error)?;
        rows.iter().map(account).collect()
    }

    pub async fn create_staff_session(
        &self,
        new: NewStaffSession,
        audit: AuditRecord,
    ) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(store_error)?;
        // Expired sessions are swept whenever someone signs in.
        tx.execute(
            "DELETE FROM staff_sessions WHERE expires_at <= $1",
            &[&new.now_millis],
        )
        .await
        .map_err(store_error)?;
        tx.execute(
            "INSERT INTO staff_sessions (token_hash, account_id, created_at, expires_at)
             VALUES ($1, $2, $3, $4)",
            &[
                &new.token_hash,
                &new.account_id,
                &new.now_millis,
                &new.expires_at_millis,
            ],
        )
        .await
        .map_err(store_error)?;
        append(&tx, &audit).await?;
        tx.commit().await.map_err(store_error)
    }

    /// As for volunteers: the idle deadline moves on, never past the
    /// maximum; a disabled account's session is no session.
    pub async fn use_staff_session(
        &self,
        u: SessionUse,
    ) -> Result<Option<StaffSessionRow>, StoreError> {
        let client = self.client().await?;
        let params: [Param<'_>; 4] = [&u.token_hash, &u.now_millis, &u.max_millis, &u.idle_millis];
        let row = client
            .query_opt(
                "WITH used AS (
                    UPDATE staff_sessions SET expires_at = LEAST(created_at + $3, $2 + $4)
                    WHERE token_hash = $1 AND expires_at > $2
                    RETURNING account_id, created_at)
                 SELECT a.id, a.user_name, a.role, a.street_id, a.center_id, a.disabled,
                        a.created_at, used.created_at
                 FROM used JOIN staff_accounts a ON a.id = used.account_id
                 WHERE NOT a.disabled",
                &params,
            )
            .await
            .map_err(store_error)?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(StaffSessionRow {
            account: account(&row)?,
            created_at_millis: row.try_get(7).map_err(store_error)?,
        }))
    }

    pub async fn end_staff_session(
        &self,
        token_hash: String,
        audit: AuditRecord,
    ) -> Result<bool, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(store_error)?;
        let n = tx
            .execute(
                "DELETE FROM staff_sessions WHERE token_hash = $1",
                &[&token_hash],
            )
            .await
            .map_err(store_error)?;
        if n > 0 {
            append(&tx, &audit).await?;
        }
        tx.commit().await.map_err(store_error)?;
        Ok(n > 0)
    }

    pub async fn append_audit(&self, audit: AuditRecord) -> Result<(), StoreError> {
        let client = self.client().await?;
        append(&client, &audit).await
    }

    pub async fn forget_audit(&self, before_millis: i64) -> Result<usize, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(store_error)?;
        // The trigger lets only entries older than this cut-off go, and
        // only while the sweep runs: it is back to 0 when it commits.
        tx.execute("UPDATE audit_purge SET before = $1", &[&before_millis])
            .await
            .map_err(store_error)?;
        let n = tx
            .execute("DELETE FROM audit_log WHERE at < $1", &[&before_millis])
            .await
            .map_err(store_error)?;
        tx.execute("UPDATE audit_purge SET before = 0", &[])
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub async fn audit(&self, query: AuditQuery) -> Result<Vec<AuditRow>, StoreError> {
        let client = self.client().await?;
        let (sql, params) = audit_where(&query);
        let values: Vec<Box<dyn ToSql + Sync + Send>> = params
            .into_iter()
            .map(|p| -> Box<dyn ToSql + Sync + Send> {
                match p {
                    AuditParam::Text(t) => Box::new(t),
                    AuditParam::Int(i) => Box::new(i),
                }
            })
            .collect();
        let refs: Vec<Param<'_>> = values.iter().map(|v| &**v as Param<'_>).collect();
        let rows = client.query(&sql, &refs).await.map_err(store_error)?;
        rows.iter()
            .map(|r| {
                let get = || -> Result<AuditRow, tokio_postgres::Error> {
                    Ok(AuditRow {
                        id: r.try_get(0)?,
                        at_millis: r.try_get(1)?,
                        user_name: r.try_get(2)?,
                        role: r.try_get(3)?,
                        action: r.try_get(4)?,
                        street_id: r.try_get(5)?,
                        center_id: r.try_get(6)?,
                        target: r.try_get(7)?,
                        before: r.try_get(8)?,
                        after: r.try_get(9)?,
                    })
                };
                get().map_err(store_error)
            })
            .collect()
    }
}
