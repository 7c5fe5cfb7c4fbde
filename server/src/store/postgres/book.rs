//! Booking and cancelling in PostgreSQL: each one transaction that gathers
//! the facts, asks the model's rules and persists the outcome.

use std::collections::HashMap;

use deadpool_postgres::GenericClient;
use linli_model::BookingCode;
use linli_model::rules::{AdmissionFacts, CancelDecision, CancelRefusal, admit, resident_cancel};
use tokio_postgres::types::ToSql;

use super::outbox;
use super::rows::{self, ACTIVE};
use super::{LOCK_CLASS_PHONE, PgError, PgStore, promote, store_error, waitlist};
use crate::store::OutboxRow;
use crate::store::{Booked, BookingRecord, CancelOutcome, CancelRequest, NewBooking, StoreError};
use linli_model::notice::NoticeKind;

impl PgStore {
    /// Takes the seats and records the booking; answered after COMMIT, so
    /// a 201 is durable (`synchronous_commit` as the server has it: on).
    pub async fn book(&self, new: NewBooking) -> Result<Booked, StoreError> {
        self.retrying(|client| book_once(client, &new)).await
    }

    pub async fn cancel(&self, request: CancelRequest) -> Result<CancelOutcome, StoreError> {
        self.retrying(|client| cancel_once(client, &request)).await
    }

    pub async fn booking(&self, code: BookingCode) -> Result<Option<BookingRecord>, StoreError> {
        let client = self.client().await?;
        rows::by_code(&client, &code.compact())
            .await
            .map_err(into_store)
    }

    /// The request hash and booking an idempotency key was used for.
    pub async fn idempotent_booking(
        &self,
        key: String,
    ) -> Result<Option<(String, BookingRecord)>, StoreError> {
        let client = self.client().await?;
        idempotent(&client, &key).await.map_err(into_store)
    }

    /// Seats taken per slot id, for slot ids in the half-open ranges given.
    pub async fn booked_seats(
        &self,
        ranges: Vec<(String, String)>,
    ) -> Result<HashMap<String, u32>, StoreError> {
        let client = self.client().await?;
        let stmt = client
            .prepare_cached(
                "SELECT slot_id, booked FROM slot_seats WHERE slot_id >= $1 AND slot_id < $2",
            )
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

pub(super) fn into_store(e: PgError) -> StoreError {
    match e {
        PgError::Db(e) => store_error(e),
        PgError::Store(e) => e,
    }
}

async fn idempotent(
    c: &impl GenericClient,
    key: &str,
) -> Result<Option<(String, BookingRecord)>, PgError> {
    let stmt = c
        .prepare_cached("SELECT request_hash, booking_code FROM idempotency WHERE key = $1")
        .await?;
    let Some(row) = c.query_opt(&stmt, &[&key]).await? else {
        return Ok(None);
    };
    let hash: String = row.try_get(0)?;
    let code: String = row.try_get(1)?;
    Ok(rows::by_code(c, &code).await?.map(|b| (hash, b)))
}

async fn book_once(
    mut client: deadpool_postgres::Client,
    new: &NewBooking,
) -> Result<Booked, PgError> {
    let tx = client.transaction().await?;
    let b = &new.booking;
    let slot_id = b.slot.id.to_string();
    let phone = b.phone.canonical();
    // One booking of a phone at a time: its facts (already booked, the
    // daily count) stay true until this transaction ends. A retry with the
    // same idempotency key waits here for the first attempt's answer.
    // And no catalog save meanwhile (they take it exclusively): the
    // catalog's generation read below holds until this one commits.
    let lock = tx
        .prepare_cached(
            "SELECT pg_advisory_xact_lock($1, hashtext($2)), pg_advisory_xact_lock_shared($3, $4)",
        )
        .await?;
    let seen = tx
        .prepare_cached("SELECT request_hash, booking_code FROM idempotency WHERE key = $1")
        .await?;
    let facts = tx
        .prepare_cached(&format!(
            "SELECT
                EXISTS (SELECT 1 FROM bookings WHERE slot_id = $1 AND phone = $2 AND {ACTIVE}),
                (SELECT COUNT(*) FROM bookings
                    WHERE phone = $2 AND slot_date = $3 AND offering_id = $4 AND {ACTIVE}),
                COALESCE((SELECT booked FROM slot_seats WHERE slot_id = $1), 0),
                COALESCE((SELECT version FROM catalog_versions WHERE record = 'catalog'), 0)"
        ))
        .await?;
    let key = new.idempotency.as_ref().map(|i| i.key.as_str());
    let (date, offering) = (b.slot.date.to_string(), b.slot.offering_id.as_str());
    // Sent together in this order (`biased`: polled first to last, each
    // sends its statement on its first poll) and run one after the other:
    // the key and the facts are read after the lock is held (each statement
    // sees what was committed before it started), in one round trip.
    let lock_params: [&(dyn ToSql + Sync); 4] = [
        &LOCK_CLASS_PHONE,
        &phone,
        &super::LOCK_CLASS_JOB,
        &super::LOCK_CATALOG_SAVE,
    ];
    let key_params: [&(dyn ToSql + Sync); 1] = [&key];
    let fact_params: [&(dyn ToSql + Sync); 4] = [&slot_id, &phone, &date, &offering];
    let (_, seen, row) = tokio::try_join!(
        biased;
        tx.execute(&lock, &lock_params),
        tx.query_opt(&seen, &key_params),
        tx.query_one(&facts, &fact_params),
    )?;
    if let (Some(idem), Some(seen)) = (&new.idempotency, seen) {
        let hash: String = seen.try_get(0)?;
        let code: String = seen.try_get(1)?;
        if hash != idem.request_hash {
            return Err(StoreError::IdempotencyKeyReused.into());
        }
        let booking = rows::by_code(&tx, &code)
            .await?
            .ok_or_else(|| StoreError::Storage("idempotency key without booking".into()))?;
        return Ok(Booked {
            booking,
            replayed: true,
        });
    }
    let generation: i64 = row.try_get(3)?;
    if generation != new.catalog_generation {
        return Err(StoreError::CatalogMoved.into());
    }
    let count = |i: usize| -> Result<u32, PgError> {
        let n: i64 = row.try_get(i)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    };
    let facts = AdmissionFacts {
        already_booked: row.try_get(0)?,
        booked_that_day: count(1)?,
        seats_taken: count(2)?,
    };
    admit(b, new.daily_limit, &facts)?;
    // The last line: the statement itself refuses to overbook.
    let Some(seats_after) = rows::take_seats(&tx, &slot_id, b.party_size, b.slot.capacity).await?
    else {
        return Err(StoreError::SlotFull.into());
    };
    let code = BookingCode::from_random_bytes(random_bytes()?);
    let mut record = BookingRecord::confirmed(b, code, new.now_millis);
    record.slot.remaining = record.slot.capacity.saturating_sub(seats_after);
    // 40 random bits make a clash astronomically rare, but a clash must
    // never merge two residents' bookings. Waiting-list entries share the
    // space: a promotion's booking keeps its entry's code.
    let mut tries = 0;
    loop {
        if !code_in_use(&tx, record.code).await? && rows::insert(&tx, &record).await? {
            break;
        }
        tries += 1;
        if tries > 16 {
            return Err(StoreError::Storage("no free booking code found".into()).into());
        }
        record.code = BookingCode::from_random_bytes(random_bytes()?);
    }
    let notice = OutboxRow::for_booking(&record, NoticeKind::Confirmed, new.now_millis);
    outbox::enqueue(&tx, notice).await?;
    if let Some(idem) = &new.idempotency {
        let stmt = tx
            .prepare_cached(
                "INSERT INTO idempotency (key, request_hash, booking_code, created_at)
                 VALUES ($1, $2, $3, $4)",
            )
            .await?;
        tx.execute(
            &stmt,
            &[
                &idem.key,
                &idem.request_hash,
                &record.code.compact(),
                &new.now_millis,
            ],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Booked {
        booking: record,
        replayed: false,
    })
}

/// Whether a booking or a waiting-list entry has this code: they share
/// the space, since a promotion's booking keeps its entry's code (as the
/// SQLite store's `fresh_code`). A racing insert is still caught by the
/// table's own key.
pub(super) async fn code_in_use(
    c: &impl GenericClient,
    code: BookingCode,
) -> Result<bool, PgError> {
    let stmt = c
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM bookings WHERE code = $1)
                OR EXISTS (SELECT 1 FROM waitlist WHERE code = $1)",
        )
        .await?;
    Ok(c.query_one(&stmt, &[&code.compact()]).await?.try_get(0)?)
}

pub(super) fn random_bytes() -> Result<[u8; 5], PgError> {
    let mut bytes = [0u8; 5];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Storage(format!("no randomness: {e}")))?;
    Ok(bytes)
}

async fn cancel_once(
    mut client: deadpool_postgres::Client,
    req: &CancelRequest,
) -> Result<CancelOutcome, PgError> {
    let tx = client.transaction().await?;
    let compact = req.code.compact();
    let Some(b) = rows::by_code_for_update(&tx, &compact).await? else {
        return Ok(CancelOutcome::NotFound);
    };
    let outcome = match resident_cancel(Some(&b), &req.phone, req.now) {
        Err(CancelRefusal::NotFound) => CancelOutcome::NotFound,
        Err(CancelRefusal::SlotStarted) => CancelOutcome::SlotStarted,
        Err(CancelRefusal::NotCancellable(status)) => CancelOutcome::NotCancellable(status),
        Ok(CancelDecision::AlreadyCancelled) => CancelOutcome::AlreadyCancelled(b),
        Ok(CancelDecision::Cancel) => {
            let slot_id = b.slot.id.to_string();
            // Before the seat row: the order every slot change takes.
            waitlist::lock_slot(&tx, &slot_id).await?;
            let stmt = tx
                .prepare_cached(
                    "UPDATE bookings SET status = 'cancelled', updated_at = $2
                     WHERE code = $1 AND status = 'confirmed'",
                )
                .await?;
            tx.execute(&stmt, &[&compact, &req.now_millis]).await?;
            rows::free_seats(&tx, &slot_id, b.party_size).await?;
            // The freed seats go to the waiting list before anyone else.
            promote::promote_in(&tx, &slot_id, req.now, req.now_millis).await?;
            let after = rows::by_code(&tx, &compact)
                .await?
                .ok_or_else(|| StoreError::Storage("booking vanished on cancel".into()))?;
            CancelOutcome::Cancelled(after)
        }
    };
    tx.commit().await?;
    Ok(outcome)
}
