//! Waiting lists in PostgreSQL. Every change to a slot's list, and every
//! transaction that frees a slot's seats, holds the slot's advisory lock
//! (taken before the seat row's), so joins, promotions and expiries of one
//! slot happen one after the other and positions stay strict; the seat
//! count's conditional update stays the last line against overbooking.

use std::collections::HashMap;

use deadpool_postgres::GenericClient;
use linli_model::waitlist::{
    ConfirmDecision, JoinFacts, LeaveDecision, WaitRefusal, confirm_hold, leave, may_join,
};
use linli_model::{BookingCode, Date, LocalDateTime, ServiceKind, WaitlistRecord};

use super::book::{code_in_use, into_store, random_bytes};
use super::promote::{promote_in, settle_slot};
use super::rows::{self, ACTIVE};
use super::wait_rows::{self, OPEN, SELECT};
use super::{LOCK_CLASS_SLOT, PgError, PgStore, store_error};
use crate::store::{
    ConfirmOutcome, LeaveOutcome, NewWaitEntry, OutboxRow, StoreError, WaitRequest,
};
use linli_model::notice::NoticeKind;

pub(super) type Tx<'a> = deadpool_postgres::Transaction<'a>;

/// Holds the slot's lock until the transaction ends.
pub(super) async fn lock_slot(tx: &Tx<'_>, slot_id: &str) -> Result<(), PgError> {
    let stmt = tx
        .prepare_cached("SELECT pg_advisory_xact_lock($1, hashtext($2))")
        .await?;
    tx.execute(&stmt, &[&LOCK_CLASS_SLOT, &slot_id]).await?;
    Ok(())
}

impl PgStore {
    pub async fn join_waitlist(&self, new: NewWaitEntry) -> Result<WaitlistRecord, StoreError> {
        self.retrying(|client| join_once(client, &new)).await
    }

    pub async fn leave_waitlist(&self, req: WaitRequest) -> Result<LeaveOutcome, StoreError> {
        self.retrying(|client| leave_once(client, &req)).await
    }

    pub async fn confirm_hold(&self, req: WaitRequest) -> Result<ConfirmOutcome, StoreError> {
        self.retrying(|client| confirm_once(client, &req)).await
    }

    pub async fn settle_waitlists(
        &self,
        now: LocalDateTime,
        now_millis: i64,
    ) -> Result<usize, StoreError> {
        let client = self.client().await?;
        let slots: Vec<String> = client
            .query(
                "SELECT DISTINCT slot_id FROM waitlist
                 WHERE (status = 'held' AND hold_until <= $1)
                    OR (status = 'waiting' AND (slot_date < $2
                        OR (slot_date = $2 AND slot_start <= $3)))",
                &[&now_millis, &now.date.to_string(), &now.time.to_string()],
            )
            .await
            .map_err(store_error)?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()
            .map_err(store_error)?;
        drop(client);
        for slot_id in &slots {
            self.retrying(|mut client| {
                let slot_id = slot_id.clone();
                async move {
                    let tx = client.transaction().await?;
                    settle_slot(&tx, &slot_id, now, now_millis).await?;
                    tx.commit().await?;
                    Ok(())
                }
            })
            .await?;
        }
        Ok(slots.len())
    }

    pub async fn wait_entry(
        &self,
        code: BookingCode,
    ) -> Result<Option<WaitlistRecord>, StoreError> {
        let client = self.client().await?;
        wait_rows::by_code(&client, &code.compact())
            .await
            .map_err(into_store)
    }

    pub async fn roster_waiting(
        &self,
        center_id: String,
        date: Date,
        kind: Option<ServiceKind>,
    ) -> Result<Vec<WaitlistRecord>, StoreError> {
        let client = self.client().await?;
        let stmt = client
            .prepare_cached(&format!(
                "{SELECT} WHERE w.center_id = $1 AND w.slot_date = $2
                    AND ($3::text IS NULL OR w.kind = $3) AND w.{OPEN}
                 ORDER BY w.slot_start, w.slot_id, w.status, w.seq"
            ))
            .await
            .map_err(store_error)?;
        let kind = kind.map(|k| k.as_str());
        let found = client
            .query(&stmt, &[&center_id, &date.to_string(), &kind])
            .await
            .map_err(store_error)?;
        wait_rows::from_rows(&found)
    }

    pub async fn waiting_counts(
        &self,
        ranges: Vec<(String, String)>,
    ) -> Result<HashMap<String, u32>, StoreError> {
        let client = self.client().await?;
        let stmt = client
            .prepare_cached(&format!(
                "SELECT slot_id, COUNT(*) FROM waitlist
                 WHERE slot_id >= $1 AND slot_id < $2 AND {OPEN} GROUP BY slot_id"
            ))
            .await
            .map_err(store_error)?;
        let mut out = HashMap::new();
        for (lo, hi) in &ranges {
            for row in client.query(&stmt, &[lo, hi]).await.map_err(store_error)? {
                let id: String = row.try_get(0).map_err(store_error)?;
                let n: i64 = row.try_get(1).map_err(store_error)?;
                out.insert(id, u32::try_from(n).unwrap_or(u32::MAX));
            }
        }
        Ok(out)
    }
}

pub(super) fn count(row: &tokio_postgres::Row, i: usize) -> Result<u32, PgError> {
    let n: i64 = row.try_get(i)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

async fn join_once(
    mut client: deadpool_postgres::Client,
    new: &NewWaitEntry,
) -> Result<WaitlistRecord, PgError> {
    let tx = client.transaction().await?;
    if let Some(idem) = &new.idempotency {
        let seen = tx
            .query_opt(
                "SELECT request_hash, entry_code FROM wait_idempotency WHERE key = $1",
                &[&idem.key],
            )
            .await?;
        if let Some(row) = seen {
            let (hash, code): (String, String) = (row.try_get(0)?, row.try_get(1)?);
            if hash != idem.request_hash {
                return Err(StoreError::IdempotencyKeyReused.into());
            }
            return wait_rows::by_code(&tx, &code)
                .await?
                .ok_or_else(|| StoreError::Storage("idempotency key without entry".into()).into());
        }
    }
    // No catalog save meanwhile (they take it exclusively), and none since
    // the request read the catalog.
    let generation: i64 = tx
        .query_one(
            "SELECT pg_advisory_xact_lock_shared($1, $2)::text,
                COALESCE((SELECT version FROM catalog_versions WHERE record = 'catalog'), 0)",
            &[&super::LOCK_CLASS_JOB, &super::LOCK_CATALOG_SAVE],
        )
        .await?
        .try_get(1)?;
    if generation != new.catalog_generation {
        return Err(StoreError::CatalogMoved.into());
    }
    let b = &new.booking;
    let slot_id = b.slot.id.to_string();
    let phone = b.phone.canonical();
    lock_slot(&tx, &slot_id).await?;
    settle_slot(&tx, &slot_id, new.now, new.now_millis).await?;
    let row = tx
        .query_one(
            &format!(
                "SELECT
                    EXISTS (SELECT 1 FROM bookings WHERE slot_id = $1 AND phone = $2 AND {ACTIVE}),
                    EXISTS (SELECT 1 FROM waitlist WHERE slot_id = $1 AND phone = $2 AND {OPEN}),
                    COALESCE((SELECT booked FROM slot_seats WHERE slot_id = $1), 0),
                    (SELECT COUNT(*) FROM waitlist WHERE slot_id = $1 AND {OPEN})"
            ),
            &[&slot_id, &phone],
        )
        .await?;
    let facts = JoinFacts {
        already_booked: row.try_get(0)?,
        already_waiting: row.try_get(1)?,
        seats_taken: count(&row, 2)?,
        open_entries: count(&row, 3)?,
    };
    may_join(b, &facts).map_err(StoreError::Wait)?;
    for _ in 0..16 {
        let code = BookingCode::from_random_bytes(random_bytes()?);
        // A promotion's booking keeps the entry's code: never one in use.
        let taken = code_in_use(&tx, code).await?;
        let entry =
            WaitlistRecord::joined(b, code, new.hold_minutes, new.daily_limit, new.now_millis);
        if !taken && wait_rows::insert(&tx, &entry).await? {
            if let Some(idem) = &new.idempotency {
                // A racing retry with the same key: PostgreSQL's unique
                // violation, and the next attempt answers with its entry.
                tx.execute(
                    "INSERT INTO wait_idempotency (key, request_hash, entry_code, created_at)
                     VALUES ($1, $2, $3, $4)",
                    &[
                        &idem.key,
                        &idem.request_hash,
                        &code.compact(),
                        &new.now_millis,
                    ],
                )
                .await?;
            }
            let stored = wait_rows::by_code(&tx, &code.compact())
                .await?
                .ok_or_else(|| StoreError::Storage("entry vanished on join".into()))?;
            tx.commit().await?;
            return Ok(stored);
        }
    }
    Err(StoreError::Storage("no free code found".into()).into())
}

/// The entry with `code`, its slot locked first.
async fn locked_entry(tx: &Tx<'_>, compact: &str) -> Result<Option<WaitlistRecord>, PgError> {
    let Some(e) = wait_rows::by_code(tx, compact).await? else {
        return Ok(None);
    };
    lock_slot(tx, &e.slot.id.to_string()).await?;
    wait_rows::by_code(tx, compact).await
}

async fn leave_once(
    mut client: deadpool_postgres::Client,
    req: &WaitRequest,
) -> Result<LeaveOutcome, PgError> {
    let tx = client.transaction().await?;
    let compact = req.code.compact();
    let found = locked_entry(&tx, &compact).await?;
    let decision = match leave(found.as_ref(), &req.phone) {
        Ok(d) => d,
        Err(refusal) => return Ok(LeaveOutcome::Refused(refusal)),
    };
    if let (LeaveDecision::Leave { frees }, Some(e)) = (decision, &found) {
        wait_rows::set_status(&tx, &compact, "left", None, req.now_millis).await?;
        if frees > 0 {
            let slot_id = e.slot.id.to_string();
            rows::free_seats(&tx, &slot_id, frees).await?;
            promote_in(&tx, &slot_id, req.now, req.now_millis).await?;
        }
    }
    let after = wait_rows::by_code(&tx, &compact)
        .await?
        .ok_or_else(|| StoreError::Storage("entry vanished on leave".into()))?;
    tx.commit().await?;
    Ok(LeaveOutcome::Left(Box::new(after)))
}

async fn confirm_once(
    mut client: deadpool_postgres::Client,
    req: &WaitRequest,
) -> Result<ConfirmOutcome, PgError> {
    let tx = client.transaction().await?;
    let compact = req.code.compact();
    let found = locked_entry(&tx, &compact).await?;
    let outcome = match confirm_hold(found.as_ref(), &req.phone, req.now_millis) {
        Ok(ConfirmDecision::Confirm) => {
            let e = found.ok_or_else(|| StoreError::Storage("confirmed nothing".into()))?;
            // The seats were taken when the hold was given.
            let booking = e.to_booking(req.now_millis);
            if !rows::insert(&tx, &booking).await? {
                return Err(StoreError::Storage("a hold's code is taken".into()).into());
            }
            wait_rows::set_status(&tx, &compact, "promoted", None, req.now_millis).await?;
            let notice = OutboxRow::for_booking(&booking, NoticeKind::Confirmed, req.now_millis);
            super::outbox::enqueue(&tx, notice).await?;
            booked(&tx, &compact).await?
        }
        Ok(ConfirmDecision::AlreadyConfirmed) => booked(&tx, &compact).await?,
        Err(refusal) => {
            if let (WaitRefusal::HoldExpired, Some(e)) = (refusal, &found) {
                settle_slot(&tx, &e.slot.id.to_string(), req.now, req.now_millis).await?;
            }
            ConfirmOutcome::Refused(refusal)
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

async fn booked(tx: &Tx<'_>, compact: &str) -> Result<ConfirmOutcome, PgError> {
    let b = rows::by_code(tx, compact)
        .await?
        .ok_or_else(|| StoreError::Storage("promoted entry without booking".into()))?;
    Ok(ConfirmOutcome::Booked(Box::new(b)))
}
