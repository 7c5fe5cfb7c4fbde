//! The single writer: one thread owns the write connection and commits every
//! queued command in one transaction (one fsync for the batch). Each command
//! runs in its own SAVEPOINT, so one refused booking never undoes another,
//! and answers are sent only after COMMIT: an answered booking is durable.

use std::collections::HashSet;

use linli_model::{BookingCode, BookingStatus};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use tokio::sync::{mpsc, oneshot};

use super::{Booked, CancelOutcome, CancelRequest, NewBooking, StoreError, rows};
use crate::catalog_index::CatalogFileRecord;

/// Most commands committed together.
const MAX_BATCH: usize = 256;

pub enum Job {
    Book(Box<NewBooking>),
    Cancel(CancelRequest),
    Import(Vec<CatalogFileRecord>, i64),
}

pub enum Done {
    Book(Result<Booked, StoreError>),
    Cancel(Result<CancelOutcome, StoreError>),
    Import(Result<usize, StoreError>),
}

impl Done {
    fn succeeded(&self) -> bool {
        match self {
            Done::Book(r) => r.is_ok(),
            Done::Cancel(r) => r.is_ok(),
            Done::Import(r) => r.is_ok(),
        }
    }
}

pub struct Command {
    pub job: Job,
    pub reply: oneshot::Sender<Done>,
}

pub fn spawn(
    conn: Connection,
    rx: mpsc::Receiver<Command>,
) -> Result<std::thread::JoinHandle<()>, StoreError> {
    std::thread::Builder::new()
        .name("linli-writer".into())
        .spawn(move || run(conn, rx))
        .map_err(|e| StoreError::Storage(format!("can't start the writer thread: {e}")))
}

/// Runs until every `Store` (every sender) is gone; dropping the connection
/// then checkpoints the WAL into the database file.
fn run(mut conn: Connection, mut rx: mpsc::Receiver<Command>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = rx.blocking_recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(c) => batch.push(c),
                Err(_) => break,
            }
        }
        let (jobs, replies): (Vec<Job>, Vec<_>) = batch.drain(..).map(|c| (c.job, c.reply)).unzip();
        let done = match commit(&mut conn, &jobs) {
            Ok(done) => done,
            Err(e) => {
                tracing::error!(error = %e, commands = jobs.len(), "write batch failed");
                jobs.iter().map(|j| failed(j, &e)).collect()
            }
        };
        for (reply, d) in replies.into_iter().zip(done) {
            // The requester may have gone (client hung up): nothing to do.
            let _ = reply.send(d);
        }
    }
}

fn failed(job: &Job, e: &rusqlite::Error) -> Done {
    let err = || StoreError::Storage(format!("commit failed: {e}"));
    match job {
        Job::Book(_) => Done::Book(Err(err())),
        Job::Cancel(_) => Done::Cancel(Err(err())),
        Job::Import(..) => Done::Import(Err(err())),
    }
}

fn commit(conn: &mut Connection, jobs: &[Job]) -> rusqlite::Result<Vec<Done>> {
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut done = Vec::with_capacity(jobs.len());
    for job in jobs {
        let sp = tx.savepoint()?;
        let d = match job {
            Job::Book(new) => Done::Book(book(&sp, new)),
            Job::Cancel(req) => Done::Cancel(cancel(&sp, req)),
            Job::Import(files, now) => Done::Import(import(&sp, files, *now)),
        };
        if d.succeeded() {
            sp.commit()?;
        }
        // Otherwise dropping the savepoint rolls this command back.
        done.push(d);
    }
    tx.commit()?;
    Ok(done)
}

const ACTIVE: &str = "status IN ('confirmed', 'checked_in')";

fn book(conn: &Connection, new: &NewBooking) -> Result<Booked, StoreError> {
    if let Some(idem) = &new.idempotency {
        let seen: Option<(String, String)> = conn
            .prepare_cached("SELECT request_hash, booking_code FROM idempotency WHERE key = ?1")?
            .query_row([&idem.key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((hash, code)) = seen {
            if hash != idem.request_hash {
                return Err(StoreError::IdempotencyKeyReused);
            }
            let booking = rows::by_code(conn, &code)?
                .ok_or_else(|| StoreError::Storage("idempotency key without booking".into()))?;
            return Ok(Booked {
                booking,
                replayed: true,
            });
        }
    }
    let b = &new.booking;
    let slot_id = b.slot.id.to_string();
    let phone = b.phone.canonical();
    let date = b.slot.date.to_string();

    let duplicate: bool = conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM bookings WHERE slot_id = ?1 AND phone = ?2 AND {ACTIVE})"
        ))?
        .query_row(params![slot_id, phone], |r| r.get(0))?;
    if duplicate {
        return Err(StoreError::AlreadyBooked);
    }
    if let Some(limit) = new.daily_limit {
        let today: u32 = conn
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM bookings
                 WHERE phone = ?1 AND slot_date = ?2 AND offering_id = ?3 AND {ACTIVE}"
            ))?
            .query_row(params![phone, date, b.slot.offering_id.as_str()], |r| {
                r.get(0)
            })?;
        if today >= u32::from(limit) {
            return Err(StoreError::DailyLimitReached);
        }
    }

    // The seat count and the capacity are checked in the statement that
    // changes them: no other code path can overbook.
    let taken = conn
        .prepare_cached(
            "INSERT INTO slot_seats (slot_id, booked) SELECT ?1, ?2 WHERE ?2 <= ?3
             ON CONFLICT (slot_id) DO UPDATE SET booked = booked + excluded.booked
             WHERE booked + excluded.booked <= ?3",
        )?
        .execute(params![slot_id, b.party_size, b.slot.capacity])?;
    if taken == 0 {
        return Err(StoreError::SlotFull);
    }

    let code = fresh_code(conn)?;
    let details = serde_json::to_string(&b.details)
        .map_err(|e| StoreError::Storage(format!("details: {e}")))?;
    conn.prepare_cached(
        "INSERT INTO bookings (code, slot_id, offering_id, center_id, kind, slot_date,
            slot_start, slot_end, capacity, phone, name, party_size, channel, status,
            notice_version, sensitive_consent, details_json, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?18)",
    )?
    .execute(params![
        code.compact(),
        slot_id,
        b.slot.offering_id.as_str(),
        b.slot.center_id.as_str(),
        b.slot.kind.as_str(),
        date,
        b.slot.start.to_string(),
        b.slot.end.to_string(),
        b.slot.capacity,
        phone,
        b.name.as_str(),
        b.party_size,
        b.channel.as_str(),
        BookingStatus::Confirmed.as_str(),
        b.consent.notice,
        b.consent.sensitive,
        details,
        new.now_millis,
    ])?;
    if let Some(idem) = &new.idempotency {
        conn.prepare_cached(
            "INSERT INTO idempotency (key, request_hash, booking_code, created_at)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            idem.key,
            idem.request_hash,
            code.compact(),
            new.now_millis
        ])?;
    }
    let booking = rows::by_code(conn, &code.compact())?
        .ok_or_else(|| StoreError::Storage("booking vanished after insert".into()))?;
    Ok(Booked {
        booking,
        replayed: false,
    })
}

/// A code not yet used. 40 random bits make a clash astronomically rare,
/// but a clash must never merge two residents' bookings.
fn fresh_code(conn: &Connection) -> Result<BookingCode, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM bookings WHERE code = ?1)")?;
    for _ in 0..16 {
        let mut bytes = [0u8; 5];
        getrandom::fill(&mut bytes)
            .map_err(|e| StoreError::Storage(format!("no randomness: {e}")))?;
        let code = BookingCode::from_random_bytes(bytes);
        let used: bool = stmt.query_row([code.compact()], |r| r.get(0))?;
        if !used {
            return Ok(code);
        }
    }
    Err(StoreError::Storage("no free booking code found".into()))
}

fn cancel(conn: &Connection, req: &CancelRequest) -> Result<CancelOutcome, StoreError> {
    let compact = req.code.compact();
    let Some(b) = rows::by_code(conn, &compact)? else {
        return Ok(CancelOutcome::NotFound);
    };
    if b.phone.is_empty() || b.phone != req.phone {
        return Ok(CancelOutcome::NotFound);
    }
    match b.status {
        BookingStatus::Cancelled => Ok(CancelOutcome::AlreadyCancelled(b)),
        BookingStatus::CheckedIn | BookingStatus::NoShow => {
            Ok(CancelOutcome::NotCancellable(b.status))
        }
        BookingStatus::Confirmed if !b.slot.is_open_at(req.now) => Ok(CancelOutcome::SlotStarted),
        BookingStatus::Confirmed => {
            conn.prepare_cached(
                "UPDATE bookings SET status = 'cancelled', updated_at = ?2
                 WHERE code = ?1 AND status = 'confirmed'",
            )?
            .execute(params![compact, req.now_millis])?;
            conn.prepare_cached(
                "UPDATE slot_seats SET booked = booked - ?2 WHERE slot_id = ?1 AND booked >= ?2",
            )?
            .execute(params![b.slot.id.to_string(), b.party_size])?;
            let after = rows::by_code(conn, &compact)?
                .ok_or_else(|| StoreError::Storage("booking vanished on cancel".into()))?;
            Ok(CancelOutcome::Cancelled(after))
        }
    }
}

fn import(conn: &Connection, files: &[CatalogFileRecord], now: i64) -> Result<usize, StoreError> {
    let mut changed = 0;
    let mut upsert = conn.prepare_cached(
        "INSERT INTO catalog_files (path, etag, json, imported_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (path) DO UPDATE
            SET etag = excluded.etag, json = excluded.json, imported_at = excluded.imported_at
            WHERE catalog_files.etag <> excluded.etag",
    )?;
    for f in files {
        changed += upsert.execute(params![f.path, f.etag, f.json, now])?;
    }
    let keep: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let stored: Vec<String> = conn
        .prepare_cached("SELECT path FROM catalog_files")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut delete = conn.prepare_cached("DELETE FROM catalog_files WHERE path = ?1")?;
    for path in stored.iter().filter(|p| !keep.contains(p.as_str())) {
        changed += delete.execute([path])?;
    }
    Ok(changed)
}
