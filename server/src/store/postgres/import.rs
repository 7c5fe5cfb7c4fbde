//! The catalog import, a static kiosk's bookings and the retention sweep
//! in PostgreSQL. The catalog import and the sweep hold advisory locks,
//! so with several instances on one database they run one at a time.

use std::collections::HashSet;

use deadpool_postgres::GenericClient;
use linli_model::retention::kept_from;
use linli_model::rules::{ImportFacts, import_decision};
use linli_model::{Date, LocalDateTime, TimeOfDay};

use super::rows::{self, ACTIVE, SELECT};
use super::wait_rows;
use super::{
    LOCK_CATALOG_SAVE, LOCK_CLASS_JOB, LOCK_IMPORT_CATALOG, LOCK_RETENTION, PgError, PgStore,
};
use crate::catalog_index::CatalogFileRecord;
use crate::store::columns::BookingColumns;
use crate::store::{BookingRecord, ImportOutcome, StoreError};

impl PgStore {
    /// Stores the catalog files, leaving unchanged ones alone. Instances
    /// starting together import one after the other; the later ones find
    /// nothing changed.
    pub async fn import_catalog(
        &self,
        files: Vec<CatalogFileRecord>,
        now_millis: i64,
    ) -> Result<usize, StoreError> {
        self.retrying(|client| import_catalog_once(client, &files, now_millis))
            .await
    }

    pub async fn import_bookings(
        &self,
        records: Vec<BookingRecord>,
        dry_run: bool,
    ) -> Result<Vec<ImportOutcome>, StoreError> {
        self.retrying(|client| import_bookings_once(client, &records, dry_run))
            .await
    }

    /// Erases what is due on `today`. If another instance is sweeping right
    /// now, this one leaves it to that one and answers 0.
    pub async fn erase_expired(&self, today: Date) -> Result<usize, StoreError> {
        self.retrying(|client| erase_once(client, today)).await
    }
}

async fn import_catalog_once(
    mut client: deadpool_postgres::Client,
    files: &[CatalogFileRecord],
    now: i64,
) -> Result<usize, PgError> {
    let tx = client.transaction().await?;
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, $2)",
        &[&LOCK_CLASS_JOB, &LOCK_IMPORT_CATALOG],
    )
    .await?;
    // A console save that committed since the caller looked wins: the
    // folder is imported only into a catalog nobody has edited.
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, $2)",
        &[&LOCK_CLASS_JOB, &LOCK_CATALOG_SAVE],
    )
    .await?;
    let edited = tx
        .query_opt(
            "SELECT 1 FROM catalog_versions WHERE record = 'catalog' AND version > 0",
            &[],
        )
        .await?;
    if edited.is_some() {
        return Ok(0);
    }
    let upsert = tx
        .prepare_cached(
            "INSERT INTO catalog_files (path, etag, json, imported_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (path) DO UPDATE
                SET etag = excluded.etag, json = excluded.json, imported_at = excluded.imported_at
                WHERE catalog_files.etag <> excluded.etag",
        )
        .await?;
    let mut changed = 0;
    for f in files {
        changed += tx
            .execute(&upsert, &[&f.path, &f.etag, &f.json, &now])
            .await?;
    }
    let keep: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let stored = tx.query("SELECT path FROM catalog_files", &[]).await?;
    for row in stored {
        let path: String = row.try_get(0)?;
        if !keep.contains(path.as_str()) {
            changed += tx
                .execute("DELETE FROM catalog_files WHERE path = $1", &[&path])
                .await?;
        }
    }
    tx.commit().await?;
    Ok(usize::try_from(changed).unwrap_or(usize::MAX))
}

/// Every record in one transaction, under the model's import rules; a dry
/// run is rolled back.
async fn import_bookings_once(
    mut client: deadpool_postgres::Client,
    records: &[BookingRecord],
    dry_run: bool,
) -> Result<Vec<ImportOutcome>, PgError> {
    let tx = client.transaction().await?;
    let mut outcomes = Vec::with_capacity(records.len());
    for r in records {
        outcomes.push(import_one(&tx, r).await?);
    }
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(outcomes)
}

async fn import_one(c: &impl GenericClient, r: &BookingRecord) -> Result<ImportOutcome, PgError> {
    let stored = rows::by_code(c, &r.code.compact()).await?;
    let slot_id = r.slot.id.to_string();
    let other = c
        .prepare_cached(&format!(
            "SELECT code FROM bookings WHERE slot_id = $1 AND phone = $2 AND {ACTIVE} LIMIT 1"
        ))
        .await?;
    let active_for_phone = match c.query_opt(&other, &[&slot_id, &r.phone]).await? {
        Some(row) => {
            let code: String = row.try_get(0)?;
            Some(
                code.parse()
                    .map_err(|e| StoreError::Storage(format!("stored code {code:?}: {e}")))?,
            )
        }
        None => None,
    };
    let facts = ImportFacts {
        stored: stored.as_ref(),
        active_for_phone,
        seats_taken: rows::seats_taken(c, &slot_id).await?,
    };
    let outcome = import_decision(r, &facts);
    if outcome != ImportOutcome::Imported {
        return Ok(outcome);
    }
    // The last line: the conditional update refuses to overbook.
    if r.status.is_active()
        && rows::take_seats(c, &slot_id, r.party_size, r.slot.capacity)
            .await?
            .is_none()
    {
        return Ok(ImportOutcome::SlotFull {
            taken: rows::seats_taken(c, &slot_id).await?,
            capacity: r.slot.capacity,
        });
    }
    if !rows::insert(c, r).await? {
        return Err(StoreError::Storage("a code stored meanwhile".into()).into());
    }
    Ok(ImportOutcome::Imported)
}

async fn erase_once(mut client: deadpool_postgres::Client, today: Date) -> Result<usize, PgError> {
    let tx = client.transaction().await?;
    let locked: bool = tx
        .query_one(
            "SELECT pg_try_advisory_xact_lock($1, $2)",
            &[&LOCK_CLASS_JOB, &LOCK_RETENTION],
        )
        .await?
        .try_get(0)?;
    if !locked {
        return Ok(0);
    }
    // The newest booking (by insertion), as SQLite and the ledger take it.
    let newest: Option<i64> = tx
        .query_opt(
            "SELECT updated_at FROM bookings ORDER BY seq DESC LIMIT 1",
            &[],
        )
        .await?
        .map(|row| row.try_get(0))
        .transpose()?;
    let from = kept_from(
        today,
        newest.map(|ms| LocalDateTime::from_unix_millis(ms).date),
    );
    let due = tx
        .query(
            &format!(
                "{SELECT} WHERE b.slot_date < $1
                    AND (b.name IS NOT NULL OR b.phone IS NOT NULL OR b.cancel_reason IS NOT NULL)"
            ),
            &[&from.to_string()],
        )
        .await?;
    let update = tx
        .prepare_cached(
            "UPDATE bookings SET name = NULL, phone = NULL, cancel_reason = NULL,
                details_json = $2
             WHERE code = $1",
        )
        .await?;
    // Queued actions' ids (codes, no personal data) go with the days swept.
    let day_start = LocalDateTime {
        date: from,
        time: TimeOfDay::MIDNIGHT,
    };
    tx.execute(
        "DELETE FROM staff_sync WHERE received_at < $1",
        &[&day_start.to_unix_millis()],
    )
    .await?;
    let mut erased = 0;
    for row in &due {
        let mut b = rows::from_row(row)?;
        if !b.retention_due(from) {
            continue;
        }
        b.erase_personal();
        let details = BookingColumns::from_record(&b)
            .map_err(|e| StoreError::Storage(e.to_string()))?
            .details_json;
        tx.execute(&update, &[&b.code.compact(), &details]).await?;
        erased += 1;
    }
    // Waiting-list entries hold the same personal fields: same days, same end.
    let entries = tx
        .query(
            &format!(
                "{} WHERE w.slot_date < $1 AND (w.name IS NOT NULL OR w.phone IS NOT NULL)",
                wait_rows::SELECT
            ),
            &[&from.to_string()],
        )
        .await?;
    for row in &entries {
        let mut e = wait_rows::from_row(row)?;
        e.erase_personal();
        let details = serde_json::to_string(&e.details)
            .map_err(|e| StoreError::Storage(format!("details: {e}")))?;
        tx.execute(
            "UPDATE waitlist SET name = NULL, phone = NULL, details_json = $2 WHERE code = $1",
            &[&e.code.compact(), &details],
        )
        .await?;
    }
    // A rating's comment is personal text; its face stays for the reports.
    tx.execute(
        "UPDATE ratings SET comment = NULL WHERE slot_date < $1 AND comment IS NOT NULL",
        &[&from.to_string()],
    )
    .await?;
    // Settled notices go with the days swept (their codes are no use).
    super::outbox::forget_settled(&tx, day_start.to_unix_millis()).await?;
    // Idempotency keys keep a hash of the request (name and phone in it):
    // nobody retries a month later.
    for table in ["idempotency", "wait_idempotency"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE created_at < $1"),
            &[&day_start.to_unix_millis()],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(erased)
}
