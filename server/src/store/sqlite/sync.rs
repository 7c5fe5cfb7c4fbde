//! Volunteers' queued actions (offline check-ins): each is one writer
//! command, so it runs in its own savepoint and is made and recorded
//! together; all of one request are queued at once and commit in one batch.

use rusqlite::{Connection, OptionalExtension, params};
use tokio::sync::oneshot;

use super::writer::{Command, Done, Job};
use super::{SqliteStore, StoreError, rows, staff_writes};
use crate::store::columns::{error_code_from, error_code_name};
use crate::store::{StaffOutcome, SyncAction, SyncStored};
use linli_model::ErrorCode;

impl SqliteStore {
    /// Each action's outcome, in order. All are queued before the first
    /// answer is awaited, so the writer commits them together (one fsync),
    /// still one after another.
    pub async fn sync(
        &self,
        actions: Vec<SyncAction>,
    ) -> Result<Vec<Result<SyncStored, StoreError>>, StoreError> {
        let closed = || StoreError::Storage("the writer has stopped".into());
        let mut answers = Vec::with_capacity(actions.len());
        for action in actions {
            let (reply, answer) = oneshot::channel();
            let job = Job::Sync(Box::new(action));
            self.writer
                .send(Command { job, reply })
                .await
                .map_err(|_| closed())?;
            answers.push(answer);
        }
        let mut out = Vec::with_capacity(answers.len());
        for answer in answers {
            let done = tokio::time::timeout(super::WRITE_TIMEOUT, answer)
                .await
                .map_err(|_| StoreError::Storage("the writer did not answer in time".into()))?
                .map_err(|_| closed())?;
            match done {
                Done::Sync(r) => out.push(r),
                _ => return Err(StoreError::Storage("unexpected writer answer".into())),
            }
        }
        Ok(out)
    }
}

/// Runs on the writer thread in the command's savepoint: an id seen before
/// answers what it met then; otherwise the change is tried and its outcome
/// recorded with the id. An error (the phone's newer booking of the slot)
/// rolls both back.
pub(super) fn sync_action(conn: &Connection, a: &SyncAction) -> Result<SyncStored, StoreError> {
    let code = a.staff.code.compact();
    let action = a.staff.action.as_str();
    let seen: Option<(String, String, Option<String>)> = conn
        .prepare_cached(
            "SELECT code, action, refused FROM staff_sync WHERE center_id = ?1 AND id = ?2",
        )?
        .query_row(params![a.staff.center_id, a.id.as_str()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    if let Some((seen_code, seen_action, refused)) = seen {
        if seen_code != code || seen_action != action {
            return Ok(SyncStored::Reused);
        }
        return Ok(SyncStored::Seen {
            refused: refused.as_deref().map(error_code_from),
            booking: rows::by_code(conn, &code)?.map(Box::new),
        });
    }
    let outcome = staff_writes::staff_action(conn, &a.staff)?;
    let refused = outcome.refusal();
    conn.prepare_cached(
        "INSERT INTO staff_sync (center_id, id, code, action, refused, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        a.staff.center_id,
        a.id.as_str(),
        code,
        action,
        refused.map(error_code_name),
        a.received_millis
    ])?;
    Ok(match outcome {
        StaffOutcome::Changed(b) => SyncStored::Applied(b),
        _ => SyncStored::Refused {
            error: refused.unwrap_or(ErrorCode::Unknown),
            booking: rows::by_code(conn, &code)?.map(Box::new),
        },
    })
}
