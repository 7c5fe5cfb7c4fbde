//! The embedded store: bookings in one SQLite file.
//!
//! Writes go through one writer thread that commits whatever is queued in one
//! transaction (group commit); reads use a small pool of read-only
//! connections. SQLite has one writer at a time anyway: queueing in the
//! process instead of retrying on `SQLITE_BUSY` keeps opening-time queues fast.

mod account_writes;
mod accounts;
mod book;
mod catalog;
mod idempotency;
mod import;
mod notice_store;
mod outbox;
mod ratings;
mod reads;
mod retention;
mod rows;
mod schema;
mod seats;
mod staff_writes;
mod sync;
mod volunteer;
mod wait_rows;
mod wait_store;
mod waitlist;
mod writer;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use linli_model::BookingCode;
use rusqlite::{Connection, OpenFlags};
use tokio::sync::{mpsc, oneshot};

use super::{Booked, BookingRecord, CancelOutcome, CancelRequest, NewBooking, StoreError};
use crate::catalog_index::CatalogFileRecord;
use reads::ReadPool;
use writer::{Command, Done, Job};

/// How many read-only connections serve lookups.
const READERS: usize = 4;
/// Page cache of the writer and of each reader, in KiB (negative: SQLite
/// reads a negative `cache_size` as KiB).
const WRITER_CACHE_KIB: i64 = -128 * 1024;
const READER_CACHE_KIB: i64 = -16 * 1024;
/// Commands waiting for the writer before senders wait for room.
const QUEUE: usize = 4096;
/// Longest wait for the writer's answer before the request gets a 503.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct SqliteStore {
    writer: mpsc::Sender<Command>,
    reads: Arc<ReadPool>,
    writer_thread: Arc<Mutex<Option<JoinHandle<()>>>>,
}

/// Waits for the writer to finish once every [`SqliteStore`] is dropped.
pub struct Closer(Arc<Mutex<Option<JoinHandle<()>>>>);

impl Closer {
    /// Blocks until the writer has committed its last batch and closed the
    /// database, or `limit` has passed. Returns whether it closed.
    pub fn wait(self, limit: Duration) -> bool {
        let handle = self.0.lock().ok().and_then(|mut h| h.take());
        let Some(handle) = handle else { return true };
        let start = std::time::Instant::now();
        while !handle.is_finished() {
            if start.elapsed() > limit {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        handle.join().is_ok()
    }
}

impl SqliteStore {
    /// Opens (creating and migrating) the database and starts the writer.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if !path.exists() {
            super::create_private(path)
                .map_err(|e| StoreError::Storage(format!("{}: {e}", path.display())))?;
        }
        let mut conn = Connection::open(path)?;
        // WAL lets readers run beside the writer; FULL syncs every commit,
        // so an answered booking survives a power cut.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Storage(format!(
                "journal mode is {mode}, not wal"
            )));
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Erased names and phones are overwritten in the file, not only
        // unlinked from the tree.
        conn.pragma_update(None, "secure_delete", "ON")?;
        // A year of a district is a million bookings: keep the hot index
        // pages (random codes, phones) in memory rather than SQLite's 2 MB
        // default, so a booking costs the same at 1,000,000 as at 0.
        conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(64);
        schema::migrate(&mut conn)?;

        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let r = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            r.busy_timeout(Duration::from_secs(5))?;
            r.pragma_update(None, "cache_size", READER_CACHE_KIB)?;
            readers.push(r);
        }
        let (tx, rx) = mpsc::channel(QUEUE);
        let thread = writer::spawn(conn, rx)?;
        Ok(SqliteStore {
            writer: tx,
            reads: Arc::new(ReadPool::new(readers)),
            writer_thread: Arc::new(Mutex::new(Some(thread))),
        })
    }

    /// A handle to wait for the database to close after the last clone is
    /// dropped (at shutdown).
    pub fn closer(&self) -> Closer {
        Closer(self.writer_thread.clone())
    }

    async fn write(&self, job: Job) -> Result<Done, StoreError> {
        let (reply, answer) = oneshot::channel();
        let closed = || StoreError::Storage("the writer has stopped".into());
        self.writer
            .send(Command { job, reply })
            .await
            .map_err(|_| closed())?;
        match tokio::time::timeout(WRITE_TIMEOUT, answer).await {
            Ok(Ok(done)) => Ok(done),
            Ok(Err(_)) => Err(closed()),
            Err(_) => Err(StoreError::Storage(
                "the writer did not answer in time".into(),
            )),
        }
    }

    /// Stores the catalog files; unchanged files are left alone, so importing
    /// the same data twice changes nothing. Returns the rows changed.
    pub async fn import_catalog(
        &self,
        files: Vec<CatalogFileRecord>,
        now_millis: i64,
    ) -> Result<usize, StoreError> {
        match self.write(Job::Import(files, now_millis)).await? {
            Done::Import(r) => r,
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }

    pub async fn catalog_state(&self) -> Result<crate::store::CatalogState, StoreError> {
        self.reads.run(catalog::state).await
    }

    pub async fn catalog_generation(&self) -> Result<i64, StoreError> {
        self.reads.run(catalog::generation).await
    }

    pub async fn save_catalog(
        &self,
        save: crate::store::CatalogSave,
    ) -> Result<crate::store::CatalogSaved, StoreError> {
        match self.write(Job::Catalog(Box::new(save))).await? {
            Done::Catalog(r) => r,
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }

    pub async fn day_figures(
        &self,
        date: linli_model::Date,
    ) -> Result<HashMap<String, linli_model::manage::DayFigures>, StoreError> {
        self.reads
            .run(move |c| catalog::day_figures(c, &date.to_string()))
            .await
    }

    pub async fn closure_bookings(
        &self,
        closures: Vec<linli_model::schedule::Closure>,
        now: linli_model::LocalDateTime,
    ) -> Result<Vec<BookingRecord>, StoreError> {
        self.reads
            .run(move |c| catalog::closure_bookings(c, &closures, now))
            .await
    }

    /// Takes the seats and records the booking, atomically and durably.
    pub async fn book(&self, new: NewBooking) -> Result<Booked, StoreError> {
        match self.write(Job::Book(Box::new(new))).await? {
            Done::Book(r) => r,
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }

    /// Cancels a confirmed booking and frees its seats.
    pub async fn cancel(&self, request: CancelRequest) -> Result<CancelOutcome, StoreError> {
        match self.write(Job::Cancel(request)).await? {
            Done::Cancel(r) => r,
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }

    pub async fn booking(&self, code: BookingCode) -> Result<Option<BookingRecord>, StoreError> {
        self.reads
            .run(move |c| reads::booking(c, &code.compact()))
            .await
    }

    /// The request hash and booking an idempotency key was used for.
    pub async fn idempotent_booking(
        &self,
        key: String,
    ) -> Result<Option<(String, BookingRecord)>, StoreError> {
        self.reads.run(move |c| reads::idempotent(c, &key)).await
    }

    /// Seats taken per slot id, for slot ids in the half-open ranges given
    /// (slot ids sort by offering, then date and time).
    pub async fn booked_seats(
        &self,
        ranges: Vec<(String, String)>,
    ) -> Result<HashMap<String, u32>, StoreError> {
        self.reads.run(move |c| reads::booked(c, &ranges)).await
    }

    /// A trivial read, and a round through the writer: a stuck or dead
    /// writer makes health fail, not only the writes.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.reads
            .run(|c| c.query_row("SELECT 1", [], |_| Ok(())))
            .await?;
        self.changed(Job::Ping).await.map(|_| ())
    }
}
