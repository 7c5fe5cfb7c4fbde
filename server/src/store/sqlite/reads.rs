//! Reads, on a small pool of read-only connections used from blocking threads.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension};

use super::{BookingRecord, StoreError, rows};

pub struct ReadPool {
    conns: Vec<Mutex<Connection>>,
    next: AtomicUsize,
}

impl ReadPool {
    pub fn new(conns: Vec<Connection>) -> ReadPool {
        ReadPool {
            conns: conns.into_iter().map(Mutex::new).collect(),
            next: AtomicUsize::new(0),
        }
    }

    /// A free connection if there is one, else waits for the next in turn.
    fn acquire(&self) -> MutexGuard<'_, Connection> {
        let n = self.conns.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..n {
            if let Ok(guard) = self.conns[(start + i) % n].try_lock() {
                return guard;
            }
        }
        // A poisoned lock only means a reader panicked; the connection is fine.
        self.conns[start % n]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub async fn run<T, F>(self: &std::sync::Arc<Self>, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let pool = self.clone();
        tokio::task::spawn_blocking(move || f(&pool.acquire()))
            .await
            .map_err(|e| StoreError::Storage(format!("read task failed: {e}")))?
            .map_err(StoreError::from)
    }
}

pub fn booking(conn: &Connection, compact_code: &str) -> rusqlite::Result<Option<BookingRecord>> {
    rows::by_code(conn, compact_code)
}

pub fn idempotent(
    conn: &Connection,
    key: &str,
) -> rusqlite::Result<Option<(String, BookingRecord)>> {
    let found: Option<(String, String)> = conn
        .prepare_cached("SELECT request_hash, booking_code FROM idempotency WHERE key = ?1")?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((hash, code)) = found else {
        return Ok(None);
    };
    Ok(rows::by_code(conn, &code)?.map(|b| (hash, b)))
}

pub fn booked(
    conn: &Connection,
    ranges: &[(String, String)],
) -> rusqlite::Result<HashMap<String, u32>> {
    let mut stmt = conn.prepare_cached(
        "SELECT slot_id, booked FROM slot_seats WHERE slot_id >= ?1 AND slot_id < ?2",
    )?;
    let mut out = HashMap::new();
    for (lo, hi) in ranges {
        let rows = stmt.query_map([lo, hi], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
        for row in rows {
            let (id, n) = row?;
            out.insert(id, n);
        }
    }
    Ok(out)
}
