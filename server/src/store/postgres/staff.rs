//! PINs, sessions, wrong-PIN counts, staff actions and rosters in
//! PostgreSQL. Sessions and failures live in the database, so every
//! instance accepts the same tokens and counts the same failures.

use deadpool_postgres::GenericClient;
use linli_model::rules::{SeatChange, staff_change};
use linli_model::sync::change_millis;
use linli_model::{CenterId, Date, ServiceKind};

use super::rows::{self, ACTIVE, SELECT};
use super::{PgError, PgStore, outbox, promote, store_error, waitlist};
use crate::store::OutboxRow;
use crate::store::{
    AuditRecord, BookingRecord, NewSession, SessionRow, SessionUse, StaffOutcome, StaffRequest,
    StoreError,
};
use linli_model::notice::{NoticeKind, cancelled_by_centre};

impl PgStore {
    /// Runs one plain statement; answers the rows it changed.
    pub(super) async fn run(
        &self,
        sql: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<u64, StoreError> {
        let client = self.client().await?;
        let stmt = client.prepare_cached(sql).await.map_err(store_error)?;
        client.execute(&stmt, params).await.map_err(store_error)
    }

    /// Stores a centre's PIN hash and ends its sessions, in one transaction.
    pub async fn set_pin(
        &self,
        center_id: String,
        pin_hash: String,
        now_millis: i64,
        audit: AuditRecord,
    ) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(store_error)?;
        tx.execute(
            "INSERT INTO center_pins (center_id, pin_hash, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (center_id) DO UPDATE
                SET pin_hash = excluded.pin_hash, updated_at = excluded.updated_at",
            &[&center_id, &pin_hash, &now_millis],
        )
        .await
        .map_err(store_error)?;
        end_sessions(&tx, &center_id).await?;
        super::accounts::append(&tx, &audit).await?;
        tx.commit().await.map_err(store_error)
    }

    pub async fn clear_pin(
        &self,
        center_id: String,
        audit: AuditRecord,
    ) -> Result<bool, StoreError> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(store_error)?;
        let had = tx
            .execute(
                "DELETE FROM center_pins WHERE center_id = $1",
                &[&center_id],
            )
            .await
            .map_err(store_error)?;
        end_sessions(&tx, &center_id).await?;
        super::accounts::append(&tx, &audit).await?;
        tx.commit().await.map_err(store_error)?;
        Ok(had > 0)
    }

    pub async fn pin_hash(&self, center_id: String) -> Result<Option<String>, StoreError> {
        let client = self.client().await?;
        let stmt = client
            .prepare_cached("SELECT pin_hash FROM center_pins WHERE center_id = $1")
            .await
            .map_err(store_error)?;
        let row = client
            .query_opt(&stmt, &[&center_id])
            .await
            .map_err(store_error)?;
        row.map(|r| r.try_get(0)).transpose().map_err(store_error)
    }

    pub async fn create_session(&self, new: NewSession) -> Result<(), StoreError> {
        // Expired sessions are swept whenever someone signs in: a few a day.
        self.run(
            "DELETE FROM volunteer_sessions WHERE expires_at <= $1",
            &[&new.now_millis],
        )
        .await?;
        self.run(
            "INSERT INTO volunteer_sessions (token_hash, center_id, created_at, expires_at)
             VALUES ($1, $2, $3, $4)",
            &[
                &new.token_hash,
                &new.center_id,
                &new.now_millis,
                &new.expires_at_millis,
            ],
        )
        .await
        .map(|_| ())
    }

    pub async fn delete_session(&self, token_hash: String) -> Result<bool, StoreError> {
        self.run(
            "DELETE FROM volunteer_sessions WHERE token_hash = $1",
            &[&token_hash],
        )
        .await
        .map(|n| n > 0)
    }

    pub async fn use_session(&self, used: SessionUse) -> Result<Option<SessionRow>, StoreError> {
        let client = self.client().await?;
        let stmt = client
            .prepare_cached(
                "UPDATE volunteer_sessions SET expires_at = LEAST(created_at + $3, $2 + $4)
                 WHERE token_hash = $1 AND expires_at > $2
                 RETURNING center_id, expires_at",
            )
            .await
            .map_err(store_error)?;
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 4] = [
            &used.token_hash,
            &used.now_millis,
            &used.max_millis,
            &used.idle_millis,
        ];
        let Some(row) = client
            .query_opt(&stmt, &params)
            .await
            .map_err(store_error)?
        else {
            return Ok(None);
        };
        Ok(Some(SessionRow {
            center_id: row.try_get(0).map_err(store_error)?,
            expires_at_millis: row.try_get(1).map_err(store_error)?,
        }))
    }

    pub async fn staff_action(&self, request: StaffRequest) -> Result<StaffOutcome, StoreError> {
        self.retrying(|client| staff_once(client, &request)).await
    }

    /// A centre's bookings on a day, every status, by slot then oldest first.
    pub async fn roster_bookings(
        &self,
        center_id: String,
        date: Date,
        kind: Option<ServiceKind>,
    ) -> Result<Vec<BookingRecord>, StoreError> {
        let client = self.client().await?;
        let stmt = client
            .prepare_cached(&format!(
                "{SELECT} WHERE b.center_id = $1 AND b.slot_date = $2
                    AND ($3::text IS NULL OR b.kind = $3)
                 ORDER BY b.slot_start, b.slot_id, b.created_at, b.seq"
            ))
            .await
            .map_err(store_error)?;
        let kind = kind.map(|k| k.as_str());
        let found = client
            .query(&stmt, &[&center_id, &date.to_string(), &kind])
            .await
            .map_err(store_error)?;
        rows::from_rows(&found)
    }
}

/// Signs out every volunteer of a centre (its PIN changed or went).
async fn end_sessions(c: &impl GenericClient, center_id: &str) -> Result<(), StoreError> {
    c.execute(
        "DELETE FROM volunteer_sessions WHERE center_id = $1",
        &[&center_id],
    )
    .await
    .map(|_| ())
    .map_err(store_error)
}

async fn staff_once(
    mut client: deadpool_postgres::Client,
    req: &StaffRequest,
) -> Result<StaffOutcome, PgError> {
    let tx = client.transaction().await?;
    let outcome = staff_in(&tx, req).await?;
    // A refusal wrote nothing: dropping the transaction rolls it back.
    if matches!(outcome, StaffOutcome::Changed(_)) {
        tx.commit().await?;
    }
    Ok(outcome)
}

/// Asks the model's rules about the locked booking and applies the change
/// in the caller's transaction, moving the slot's seat count when it
/// starts or stops holding seats.
pub(super) async fn staff_in(
    tx: &deadpool_postgres::Transaction<'_>,
    req: &StaffRequest,
) -> Result<StaffOutcome, PgError> {
    let compact = req.code.compact();
    let Some(b) = rows::by_code_for_update(tx, &compact).await? else {
        return Ok(StaffOutcome::NotFound);
    };
    let Ok(center) = req.center_id.parse::<CenterId>() else {
        return Ok(StaffOutcome::NotFound);
    };
    let slot_id = b.slot.id.to_string();
    let seats_taken = rows::seats_taken(tx, &slot_id).await?;
    let change = match staff_change(Some(&b), &center, req.action, req.now, seats_taken) {
        Ok(change) => change,
        Err(refusal) => return Ok(refusal.into()),
    };
    if matches!(change.seats, SeatChange::Take(_)) && !b.phone.is_empty() {
        // The phone may have booked the slot again since its no-show: say
        // so here rather than through the unique index, whose error
        // PostgreSQL would log with the phone in it.
        let again = tx
            .query_one(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM bookings
                        WHERE slot_id = $1 AND phone = $2 AND code <> $3 AND {ACTIVE})"
                ),
                &[&slot_id, &b.phone, &compact],
            )
            .await?;
        if again.try_get(0)? {
            return Err(StoreError::AlreadyBooked.into());
        }
    }
    match change.seats {
        SeatChange::Take(n) => {
            // The last line, as for a booking: never over capacity.
            if rows::take_seats(tx, &slot_id, n, b.slot.capacity)
                .await?
                .is_none()
            {
                return Ok(StaffOutcome::SlotFull);
            }
        }
        SeatChange::Free(n) => {
            // Before the seat row: the order every slot change takes.
            waitlist::lock_slot(tx, &slot_id).await?;
            rows::free_seats(tx, &slot_id, n).await?;
        }
        SeatChange::Keep => {}
    }
    let stmt = tx
        .prepare_cached(
            "UPDATE bookings SET status = $2, updated_at = $3, staff_action = $4,
                cancel_reason = CASE WHEN $4 = 'cancel' THEN $5 ELSE cancel_reason END
             WHERE code = $1 AND status = $6",
        )
        .await?;
    // A check-in after a no-show may meet the phone's newer booking of the
    // slot: the unique index answers `AlreadyBooked` (see `store_error`).
    tx.execute(
        &stmt,
        &[
            &compact,
            &change.to.as_str(),
            &change_millis(req.now_millis, b.updated_at_millis),
            &req.action.as_str(),
            &req.reason,
            &b.status.as_str(),
        ],
    )
    .await?;
    if let SeatChange::Free(_) = change.seats {
        // The freed seats go to the waiting list before anyone else.
        promote::promote_in(tx, &slot_id, req.now, req.now_millis).await?;
    }
    let after = rows::by_code(tx, &compact)
        .await?
        .ok_or_else(|| StoreError::Storage("booking vanished on a staff action".into()))?;
    if cancelled_by_centre(req.action, b.status, change.to) {
        let at = change_millis(req.now_millis, b.updated_at_millis);
        let notice = OutboxRow::for_booking(&after, NoticeKind::CancelledByCentre, at);
        outbox::enqueue(tx, notice).await?;
    }
    super::accounts::append(tx, &req.audit(b.status, change.to)).await?;
    Ok(StaffOutcome::Changed(Box::new(after)))
}
