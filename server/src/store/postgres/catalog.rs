//! The catalog's SQL in PostgreSQL: the stored files and versions, and the
//! save, in one transaction. Saves take one advisory lock, so instances
//! save one at a time; the rows an edit looks at (seat counts, bookings,
//! entries) are locked until it commits.

use std::collections::HashMap;

use deadpool_postgres::GenericClient;
use linli_model::catalog_edit::{BookedSlot, closure_cancels, schedule_keeps_bookings};
use linli_model::manage::DayFigures;
use linli_model::notice::NoticeKind;
use linli_model::schedule::Closure;
use linli_model::sync::change_millis;
use linli_model::{BookingRecord, LocalDateTime, Offering, SlotId, WaitStatus};

use super::rows::{self, SELECT};
use super::waitlist::lock_slot;
use super::{LOCK_CATALOG_SAVE, LOCK_CLASS_JOB, PgError, PgStore, outbox, store_error};
use super::{promote, wait_rows};
use crate::catalog_index::CatalogFileRecord;
use crate::store::{
    CatalogSave, CatalogSaved, CatalogState, GENERATION_KEY, OutboxRow, SaveEffect, StoreError,
    version_of,
};

impl PgStore {
    /// The files and versions of one moment (a repeatable-read snapshot):
    /// a save committing in between must not pair old files with new
    /// versions.
    pub async fn catalog_state(&self) -> Result<CatalogState, StoreError> {
        let mut client = self.client().await?;
        let client = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map_err(store_error)?;
        let files = client
            .query(
                "SELECT path, etag, json FROM catalog_files ORDER BY path",
                &[],
            )
            .await
            .map_err(store_error)?
            .iter()
            .map(|r| {
                Ok(CatalogFileRecord {
                    path: r.try_get(0)?,
                    etag: r.try_get(1)?,
                    json: r.try_get(2)?,
                })
            })
            .collect::<Result<Vec<_>, tokio_postgres::Error>>()
            .map_err(store_error)?;
        let mut versions = HashMap::new();
        let mut generation = 0;
        for r in client
            .query("SELECT record, version FROM catalog_versions", &[])
            .await
            .map_err(store_error)?
        {
            let record: String = r.try_get(0).map_err(store_error)?;
            let version: i64 = r.try_get(1).map_err(store_error)?;
            if record == GENERATION_KEY {
                generation = version;
            } else {
                versions.insert(record, version_of(Some(version)));
            }
        }
        client.commit().await.map_err(store_error)?;
        Ok(CatalogState {
            files,
            versions,
            generation,
        })
    }

    pub async fn catalog_generation(&self) -> Result<i64, StoreError> {
        let client = self.client().await?;
        Ok(stored_version(&client, GENERATION_KEY, false)
            .await
            .map_err(store_error)?
            .unwrap_or(0))
    }

    pub async fn save_catalog(&self, save: CatalogSave) -> Result<CatalogSaved, StoreError> {
        self.retrying(|client| save_once(client, &save)).await
    }

    pub async fn day_figures(
        &self,
        date: linli_model::Date,
    ) -> Result<HashMap<String, DayFigures>, StoreError> {
        let client = self.client().await?;
        let rows = client
            .query(
                "SELECT center_id,
                    COUNT(*) FILTER (WHERE status IN ('confirmed', 'checked_in')),
                    COUNT(*) FILTER (WHERE status = 'checked_in')
                 FROM bookings WHERE slot_date = $1 GROUP BY center_id",
                &[&date.to_string()],
            )
            .await
            .map_err(store_error)?;
        let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get(0)?,
                    DayFigures {
                        booked: count(r.try_get(1)?),
                        checked_in: count(r.try_get(2)?),
                    },
                ))
            })
            .collect::<Result<_, tokio_postgres::Error>>()
            .map_err(store_error)
    }

    pub async fn closure_bookings(
        &self,
        closures: Vec<Closure>,
        now: LocalDateTime,
    ) -> Result<Vec<BookingRecord>, StoreError> {
        let client = self.client().await?;
        match closure_bookings(&client, &closures, now, false).await {
            Ok(found) => Ok(found),
            Err(PgError::Db(e)) => Err(store_error(e)),
            Err(PgError::Store(e)) => Err(e),
        }
    }
}

async fn stored_version(
    c: &impl GenericClient,
    record: &str,
    lock: bool,
) -> Result<Option<i64>, tokio_postgres::Error> {
    let sql = if lock {
        "SELECT version FROM catalog_versions WHERE record = $1 FOR UPDATE"
    } else {
        "SELECT version FROM catalog_versions WHERE record = $1"
    };
    let stmt = c.prepare_cached(sql).await?;
    match c.query_opt(&stmt, &[&record]).await? {
        Some(row) => Ok(Some(row.try_get(0)?)),
        None => Ok(None),
    }
}

async fn closure_bookings(
    c: &impl GenericClient,
    closures: &[Closure],
    now: LocalDateTime,
    lock: bool,
) -> Result<Vec<BookingRecord>, PgError> {
    let sql = format!(
        "{SELECT} WHERE b.slot_date = $1 AND b.status = 'confirmed'
            AND ($2::text IS NULL OR b.center_id = $2) AND ($3::text IS NULL OR b.offering_id = $3)
         ORDER BY b.center_id, b.slot_start, b.slot_id, b.created_at{}",
        if lock { " FOR UPDATE OF b" } else { "" }
    );
    let stmt = c.prepare_cached(&sql).await?;
    let mut out = Vec::new();
    for cl in closures {
        let center = cl.center_id.as_ref().map(|c| c.as_str());
        let offering = cl.offering_id.as_ref().map(|o| o.as_str());
        let found = c
            .query(&stmt, &[&cl.date.to_string(), &center, &offering])
            .await?;
        for b in rows::from_rows(&found)? {
            if closure_cancels(cl, &b, now) {
                out.push(b);
            }
        }
    }
    Ok(out)
}

/// Seats held in the offering's slots that haven't started, locked.
async fn booked_slots(
    c: &impl GenericClient,
    offering: &Offering,
    now: LocalDateTime,
) -> Result<Vec<BookedSlot>, PgError> {
    let from = format!("{}@{}", offering.id, now.date);
    let to = format!("{}@~", offering.id);
    let found = c
        .query(
            "SELECT slot_id, booked FROM slot_seats
             WHERE slot_id >= $1 AND slot_id < $2 AND booked > 0
             ORDER BY slot_id FOR UPDATE",
            &[&from, &to],
        )
        .await?;
    let mut out = Vec::new();
    for r in found {
        let id: String = r.try_get(0)?;
        let booked: i64 = r.try_get(1)?;
        let Ok(slot) = id.parse::<SlotId>() else {
            continue;
        };
        let starts = LocalDateTime {
            date: slot.date,
            time: slot.start,
        };
        if starts > now {
            out.push(BookedSlot {
                slot,
                booked: u32::try_from(booked).unwrap_or(u32::MAX),
            });
        }
    }
    Ok(out)
}

async fn save_once(
    mut client: deadpool_postgres::Client,
    s: &CatalogSave,
) -> Result<CatalogSaved, PgError> {
    let tx = client.transaction().await?;
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, $2)",
        &[&LOCK_CLASS_JOB, &LOCK_CATALOG_SAVE],
    )
    .await?;
    let generation = stored_version(&tx, GENERATION_KEY, true)
        .await?
        .unwrap_or(0);
    if generation != s.base_generation {
        return Ok(CatalogSaved::Moved);
    }
    let key = s.record.to_string();
    let current = version_of(stored_version(&tx, &key, true).await?);
    if current != s.expected {
        return Ok(CatalogSaved::Stale { current });
    }
    let mut cancelled = Vec::new();
    match &s.effect {
        SaveEffect::None => {}
        SaveEffect::Schedule(offering) => {
            let booked = booked_slots(&tx, offering, s.now).await?;
            let after = match schedule_keeps_bookings(offering, &booked) {
                Ok(after) => after,
                Err(refusal) => return Ok(CatalogSaved::Refused(refusal)),
            };
            for slot in &after {
                let id = slot.slot.to_string();
                tx.execute(
                    "UPDATE slot_seats SET capacity = $2 WHERE slot_id = $1",
                    &[&id, &i64::from(slot.capacity)],
                )
                .await?;
                // Seats added to a full slot go to its waiting list first.
                if slot.promote {
                    lock_slot(&tx, &id).await?;
                    promote::promote_in(&tx, &id, s.now, s.now_millis).await?;
                }
            }
        }
        SaveEffect::Close {
            closures,
            reason,
            confirmed,
        } => {
            let hit = closure_bookings(&tx, closures, s.now, true).await?;
            if !hit.is_empty() && !confirmed {
                return Ok(CatalogSaved::HasBookings { count: hit.len() });
            }
            for b in &hit {
                cancelled.push(cancel_by_centre(&tx, b, reason, s.now_millis).await?);
            }
            for c in closures {
                close_waiting(&tx, c, s.now_millis).await?;
            }
        }
    }
    let upsert = tx
        .prepare_cached(
            "INSERT INTO catalog_files (path, etag, json, imported_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (path) DO UPDATE
                SET etag = excluded.etag, json = excluded.json, imported_at = excluded.imported_at",
        )
        .await?;
    for f in &s.files {
        tx.execute(&upsert, &[&f.path, &f.etag, &f.json, &s.now_millis])
            .await?;
    }
    let version = current.next();
    let bump = tx
        .prepare_cached(
            "INSERT INTO catalog_versions (record, version) VALUES ($1, $2)
             ON CONFLICT (record) DO UPDATE SET version = excluded.version",
        )
        .await?;
    tx.execute(&bump, &[&key, &i64::from(version.0)]).await?;
    tx.execute(&bump, &[&GENERATION_KEY, &(generation + 1)])
        .await?;
    let mut audit = s.audit.clone();
    if !cancelled.is_empty() {
        let codes: Vec<String> = cancelled.iter().map(|b| b.code.to_string()).collect();
        audit.after = Some(crate::store::with_cancelled(audit.after.as_deref(), &codes));
    }
    super::accounts::append(&tx, &audit).await?;
    tx.commit().await?;
    Ok(CatalogSaved::Saved { version, cancelled })
}

async fn cancel_by_centre(
    c: &impl GenericClient,
    b: &BookingRecord,
    reason: &str,
    now_millis: i64,
) -> Result<BookingRecord, PgError> {
    let compact = b.code.compact();
    let at = change_millis(now_millis, b.updated_at_millis);
    c.execute(
        "UPDATE bookings SET status = 'cancelled', updated_at = $2, staff_action = 'cancel',
            cancel_reason = $3
         WHERE code = $1 AND status = 'confirmed'",
        &[&compact, &at, &reason],
    )
    .await?;
    rows::free_seats(c, &b.slot.id.to_string(), b.party_size).await?;
    let after = rows::by_code(c, &compact)
        .await?
        .ok_or_else(|| StoreError::Storage("booking vanished on a closure".into()))?;
    outbox::enqueue(
        c,
        OutboxRow::for_booking(&after, NoticeKind::CancelledByCentre, at),
    )
    .await?;
    Ok(after)
}

async fn close_waiting(
    c: &impl GenericClient,
    cl: &Closure,
    now_millis: i64,
) -> Result<(), PgError> {
    let center = cl.center_id.as_ref().map(|c| c.as_str());
    let offering = cl.offering_id.as_ref().map(|o| o.as_str());
    let found = c
        .query(
            &format!(
                "{} WHERE w.slot_date = $1 AND w.{}
                    AND ($2::text IS NULL OR w.center_id = $2)
                    AND ($3::text IS NULL OR w.offering_id = $3)
                 FOR UPDATE OF w",
                wait_rows::SELECT,
                wait_rows::OPEN
            ),
            &[&cl.date.to_string(), &center, &offering],
        )
        .await?;
    for e in wait_rows::from_rows(&found)? {
        c.execute(
            "UPDATE waitlist SET status = 'closed', hold_until = NULL, updated_at = $2
             WHERE code = $1",
            &[&e.code.compact(), &now_millis],
        )
        .await?;
        if e.status == WaitStatus::Held {
            rows::free_seats(c, &e.slot.id.to_string(), e.party_size).await?;
        }
    }
    Ok(())
}
