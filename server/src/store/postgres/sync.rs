//! Volunteers' queued actions (offline check-ins) in PostgreSQL: each in
//! its own transaction, made and recorded with its id together. Two
//! instances given the same id at once: one records it, the other's insert
//! meets the primary key and runs again, finding it seen.

use linli_model::ErrorCode;

use super::staff::staff_in;
use super::{PgError, PgStore, rows};
use crate::store::columns::{error_code_from, error_code_name};
use crate::store::{StaffOutcome, StoreError, SyncAction, SyncStored};

impl PgStore {
    /// Each action's outcome, in order, one transaction after another.
    pub async fn sync(
        &self,
        actions: Vec<SyncAction>,
    ) -> Result<Vec<Result<SyncStored, StoreError>>, StoreError> {
        let mut out = Vec::with_capacity(actions.len());
        for a in &actions {
            out.push(self.retrying(|client| sync_once(client, a)).await);
        }
        Ok(out)
    }
}

async fn sync_once(
    mut client: deadpool_postgres::Client,
    a: &SyncAction,
) -> Result<SyncStored, PgError> {
    let tx = client.transaction().await?;
    let code = a.staff.code.compact();
    let action = a.staff.action.as_str();
    let seen = tx
        .query_opt(
            "SELECT code, action, refused FROM staff_sync WHERE center_id = $1 AND id = $2",
            &[&a.staff.center_id, &a.id.as_str()],
        )
        .await?;
    if let Some(row) = seen {
        let (seen_code, seen_action): (String, String) = (row.try_get(0)?, row.try_get(1)?);
        if seen_code != code || seen_action != action {
            return Ok(SyncStored::Reused);
        }
        let refused: Option<String> = row.try_get(2)?;
        return Ok(SyncStored::Seen {
            refused: refused.as_deref().map(error_code_from),
            booking: rows::by_code(&tx, &code).await?.map(Box::new),
        });
    }
    let outcome = staff_in(&tx, &a.staff).await?;
    let refused = outcome.refusal();
    tx.execute(
        "INSERT INTO staff_sync (center_id, id, code, action, refused, received_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            &a.staff.center_id,
            &a.id.as_str(),
            &code,
            &action,
            &refused.map(error_code_name),
            &a.received_millis,
        ],
    )
    .await?;
    let stored = match outcome {
        StaffOutcome::Changed(b) => SyncStored::Applied(b),
        _ => SyncStored::Refused {
            error: refused.unwrap_or(ErrorCode::Unknown),
            booking: rows::by_code(&tx, &code).await?.map(Box::new),
        },
    };
    tx.commit().await?;
    Ok(stored)
}
