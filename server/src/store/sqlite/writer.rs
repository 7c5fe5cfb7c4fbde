//! The single writer: one thread owns the write connection and commits every
//! queued command in one transaction (one fsync for the batch). Each command
//! runs in its own SAVEPOINT, so one refused booking never undoes another,
//! and answers are sent only after COMMIT: an answered booking is durable.

use std::collections::HashSet;

use rusqlite::{Connection, TransactionBehavior, params};
use tokio::sync::{mpsc, oneshot};

use super::account_writes;
use super::accounts::{ManageDone, ManageJob};
use super::book::{book, cancel};
use super::catalog;
use super::import;
use super::outbox::{self, NoticeDone, NoticeJob};
use super::ratings;
use super::retention;
use super::staff_writes;
use super::sync;
use super::waitlist;
use super::{Booked, BookingRecord, CancelOutcome, CancelRequest, NewBooking, StoreError};
use crate::catalog_index::CatalogFileRecord;
use crate::store::{
    AuditRecord, ImportOutcome, NewSession, PinAttempt, PinAttemptOutcome, SessionRow, SessionUse,
    StaffOutcome, StaffRequest, SyncAction, SyncStored,
};
use crate::store::{ConfirmOutcome, LeaveOutcome, NewWaitEntry, WaitRequest};
use linli_model::{LocalDateTime, WaitlistRecord};

/// Most commands committed together.
const MAX_BATCH: usize = 256;

pub enum Job {
    /// Nothing to write: health's proof that the writer answers.
    Ping,
    Book(Box<NewBooking>),
    Cancel(CancelRequest),
    Import(Vec<CatalogFileRecord>, i64),
    /// A centre's new PIN hash (and every session of the centre ended).
    SetPin {
        center_id: String,
        pin_hash: String,
        now_millis: i64,
        audit: Box<AuditRecord>,
    },
    ClearPin(String, Box<AuditRecord>),
    CreateSession(NewSession),
    /// Signs out the session with this token hash.
    DeleteSession(String),
    /// A request made with a session.
    UseSession(SessionUse),
    Staff(StaffRequest),
    /// A volunteer's queued action, made and recorded once.
    Sync(Box<SyncAction>),
    /// The retention sweep for this day.
    EraseExpired(linli_model::Date),
    /// A volunteer sign-in, counted under its keys before its PIN is checked.
    PinAttempt(PinAttempt),
    /// A sign-in whose PIN was right: its counted rows, removed.
    ForgivePinAttempt(Vec<i64>),
    /// Failed sign-ins at or before this time, forgotten.
    ForgetPinFailures(i64),
    /// A static kiosk's export: every record in this one command.
    ImportBookings {
        records: Vec<BookingRecord>,
        dry_run: bool,
    },
    /// Staff accounts, their sessions and the audit log.
    Manage(Box<ManageJob>),
    /// A waiting-list change (`waitlist.rs`).
    Wait(WaitJob),
    /// A resident's rating of an attended booking (`ratings.rs`).
    Rate(Box<crate::store::RateRequest>),
    /// The text messages' outbox (`outbox.rs`).
    Notices(NoticeJob),
    /// A catalog edit from the console (`catalog.rs`).
    Catalog(Box<crate::store::CatalogSave>),
}

pub enum WaitJob {
    Join(Box<NewWaitEntry>),
    Leave(WaitRequest),
    Confirm(WaitRequest),
    /// Run-out holds and started slots, as of this time.
    Settle(LocalDateTime, i64),
}

pub enum WaitDone {
    Joined(Box<WaitlistRecord>),
    Left(LeaveOutcome),
    Confirmed(ConfirmOutcome),
    Settled(usize),
}

impl Job {
    fn is_resident_change(&self) -> bool {
        matches!(
            self,
            Job::Book(_)
                | Job::Cancel(_)
                | Job::Staff(_)
                | Job::Sync(_)
                | Job::Rate(_)
                | Job::Wait(WaitJob::Join(_) | WaitJob::Leave(_) | WaitJob::Confirm(_))
        )
    }
}

pub enum Done {
    Book(Result<Booked, StoreError>),
    Cancel(Result<CancelOutcome, StoreError>),
    Import(Result<usize, StoreError>),
    /// Whether a row was there to change (pins and sessions).
    Changed(Result<bool, StoreError>),
    Staff(Result<StaffOutcome, StoreError>),
    Sync(Result<SyncStored, StoreError>),
    /// The outcomes, and whether to keep what was written (not on a dry run).
    ImportBookings(Result<Vec<ImportOutcome>, StoreError>, bool),
    /// Bookings whose personal data was erased.
    Erased(Result<usize, StoreError>),
    PinAttempt(Result<PinAttemptOutcome, StoreError>),
    Session(Result<Option<SessionRow>, StoreError>),
    Manage(Result<ManageDone, StoreError>),
    Wait(Result<WaitDone, StoreError>),
    Rate(Result<crate::store::RateOutcome, StoreError>),
    Notices(Result<NoticeDone, StoreError>),
    Catalog(Result<crate::store::CatalogSaved, StoreError>),
}

impl Done {
    fn succeeded(&self) -> bool {
        match self {
            Done::Book(r) => r.is_ok(),
            Done::Cancel(r) => r.is_ok(),
            Done::Import(r) => r.is_ok(),
            Done::Changed(r) => r.is_ok(),
            // A refused change wrote nothing; committing it is harmless.
            Done::Staff(r) => r.is_ok(),
            // A refusal is recorded with its id, so it commits too.
            Done::Sync(r) => r.is_ok(),
            // A dry run is rolled back like a failure: it only reports.
            Done::ImportBookings(r, keep) => r.is_ok() && *keep,
            Done::Erased(r) => r.is_ok(),
            Done::PinAttempt(r) => r.is_ok(),
            Done::Session(r) => r.is_ok(),
            Done::Manage(r) => r.is_ok(),
            // A refused leave or confirm may have passed a hold on: kept.
            Done::Wait(r) => r.is_ok(),
            Done::Rate(r) => r.is_ok(),
            Done::Notices(r) => r.is_ok(),
            // Only a save writes; a refusal is rolled back.
            Done::Catalog(r) => matches!(r, Ok(crate::store::CatalogSaved::Saved { .. })),
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
        .spawn(move || {
            // A writer that dies would leave every write answering 503 for
            // ever: end the process instead, so its service manager
            // (systemd, a container) starts a fresh one.
            let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(conn, rx)));
            if ran.is_err() {
                tracing::error!(
                    "the database writer stopped after a panic; exiting to be restarted"
                );
                std::process::exit(70);
            }
        })
        .map_err(|e| StoreError::Storage(format!("can't start the writer thread: {e}")))
}

/// Runs until every store clone (every sender) is gone; dropping the connection
/// then checkpoints the WAL into the database file.
fn run(mut conn: Connection, mut rx: mpsc::Receiver<Command>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    // Debug builds only (the tests' binary): a writer that dies after this
    // many batches, to prove the process then ends and is restarted.
    #[cfg(debug_assertions)]
    let mut fault_after = std::env::var("LINLI_FAULT_WRITER_DIES_AFTER")
        .ok()
        .and_then(|n| n.parse::<usize>().ok());
    while let Some(first) = rx.blocking_recv() {
        #[cfg(debug_assertions)]
        if let Some(n) = fault_after.as_mut() {
            assert!(*n > 0, "injected fault: the writer dies");
            *n -= 1;
        }
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(c) => batch.push(c),
                Err(_) => break,
            }
        }
        // A booking, cancellation or staff change whose requester has gone
        // (timed out, hung up) is not done behind its back: it was answered
        // as failed, or never answered, and a retry with the same key
        // would find nothing.
        batch.retain(|c| !(c.reply.is_closed() && c.job.is_resident_change()));
        if batch.is_empty() {
            continue;
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
        Job::SetPin { .. }
        | Job::ClearPin(..)
        | Job::CreateSession(_)
        | Job::DeleteSession(_)
        | Job::ForgivePinAttempt(_)
        | Job::Ping
        | Job::ForgetPinFailures(_) => Done::Changed(Err(err())),
        Job::PinAttempt(_) => Done::PinAttempt(Err(err())),
        Job::UseSession(_) => Done::Session(Err(err())),
        Job::Staff(_) => Done::Staff(Err(err())),
        Job::Sync(_) => Done::Sync(Err(err())),
        Job::ImportBookings { .. } => Done::ImportBookings(Err(err()), false),
        Job::EraseExpired(_) => Done::Erased(Err(err())),
        Job::Manage(_) => Done::Manage(Err(err())),
        Job::Wait(_) => Done::Wait(Err(err())),
        Job::Rate(_) => Done::Rate(Err(err())),
        Job::Notices(_) => Done::Notices(Err(err())),
        Job::Catalog(_) => Done::Catalog(Err(err())),
    }
}

fn commit(conn: &mut Connection, jobs: &[Job]) -> rusqlite::Result<Vec<Done>> {
    let mut tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut done = Vec::with_capacity(jobs.len());
    for job in jobs {
        let sp = tx.savepoint()?;
        let d = match job {
            Job::Ping => Done::Changed(Ok(true)),
            Job::Book(new) => Done::Book(book(&sp, new)),
            Job::Cancel(req) => Done::Cancel(cancel(&sp, req)),
            Job::Import(files, now) => Done::Import(import(&sp, files, *now)),
            Job::SetPin {
                center_id,
                pin_hash,
                now_millis,
                audit,
            } => Done::Changed(
                staff_writes::set_pin(&sp, center_id, pin_hash, *now_millis)
                    .and_then(|r| account_writes::append(&sp, audit).map(|()| r)),
            ),
            Job::ClearPin(center_id, audit) => Done::Changed(
                staff_writes::clear_pin(&sp, center_id)
                    .and_then(|r| account_writes::append(&sp, audit).map(|()| r)),
            ),
            Job::CreateSession(new) => Done::Changed(staff_writes::create_session(&sp, new)),
            Job::DeleteSession(hash) => Done::Changed(staff_writes::delete_session(&sp, hash)),
            Job::UseSession(used) => Done::Session(staff_writes::use_session(&sp, used)),
            Job::Staff(req) => Done::Staff(staff_writes::staff_action(&sp, req)),
            Job::Sync(action) => Done::Sync(sync::sync_action(&sp, action)),
            Job::PinAttempt(a) => Done::PinAttempt(staff_writes::begin_pin_attempt(&sp, a)),
            Job::ForgivePinAttempt(rows) => {
                Done::Changed(staff_writes::forgive_pin_attempt(&sp, rows))
            }
            Job::ForgetPinFailures(before) => {
                Done::Changed(staff_writes::forget_pin_failures(&sp, *before))
            }
            Job::ImportBookings { records, dry_run } => {
                Done::ImportBookings(import::import_bookings(&sp, records), !dry_run)
            }
            Job::EraseExpired(today) => Done::Erased(retention::erase_expired(&sp, *today)),
            Job::Manage(job) => Done::Manage(account_writes::run(&sp, job)),
            Job::Wait(job) => Done::Wait(wait(&sp, job)),
            Job::Rate(req) => Done::Rate(ratings::rate(&sp, req)),
            Job::Notices(job) => Done::Notices(outbox::run(&sp, job)),
            Job::Catalog(save) => Done::Catalog(catalog::save(&sp, save)),
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

fn wait(conn: &Connection, job: &WaitJob) -> Result<WaitDone, StoreError> {
    Ok(match job {
        WaitJob::Join(new) => WaitDone::Joined(Box::new(waitlist::join(conn, new)?)),
        WaitJob::Leave(req) => WaitDone::Left(waitlist::leave_list(conn, req)?),
        WaitJob::Confirm(req) => WaitDone::Confirmed(waitlist::confirm(conn, req)?),
        WaitJob::Settle(now, millis) => {
            WaitDone::Settled(waitlist::settle_all(conn, *now, *millis)?)
        }
    })
}

fn import(conn: &Connection, files: &[CatalogFileRecord], now: i64) -> Result<usize, StoreError> {
    // The folder is imported only into a catalog nobody has edited.
    if catalog::generation(conn)? > 0 {
        return Ok(0);
    }
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
