//! The SQLite store's waiting-list calls: writes through the writer (see
//! `waitlist.rs`), reads on the read pool.

use std::collections::HashMap;

use linli_model::{BookingCode, Date, LocalDateTime, ServiceKind, WaitlistRecord};

use super::writer::{Done, Job, WaitDone, WaitJob};
use super::{SqliteStore, StoreError, wait_rows};
use crate::store::{ConfirmOutcome, LeaveOutcome, NewWaitEntry, WaitRequest};

fn unexpected() -> StoreError {
    StoreError::Storage("unexpected writer answer".into())
}

impl SqliteStore {
    async fn wait(&self, job: WaitJob) -> Result<WaitDone, StoreError> {
        match self.write(Job::Wait(job)).await? {
            Done::Wait(r) => r,
            _ => Err(unexpected()),
        }
    }

    pub async fn join_waitlist(&self, new: NewWaitEntry) -> Result<WaitlistRecord, StoreError> {
        match self.wait(WaitJob::Join(Box::new(new))).await? {
            WaitDone::Joined(e) => Ok(*e),
            _ => Err(unexpected()),
        }
    }

    pub async fn leave_waitlist(&self, req: WaitRequest) -> Result<LeaveOutcome, StoreError> {
        match self.wait(WaitJob::Leave(req)).await? {
            WaitDone::Left(o) => Ok(o),
            _ => Err(unexpected()),
        }
    }

    pub async fn confirm_hold(&self, req: WaitRequest) -> Result<ConfirmOutcome, StoreError> {
        match self.wait(WaitJob::Confirm(req)).await? {
            WaitDone::Confirmed(o) => Ok(o),
            _ => Err(unexpected()),
        }
    }

    pub async fn settle_waitlists(
        &self,
        now: LocalDateTime,
        now_millis: i64,
    ) -> Result<usize, StoreError> {
        match self.wait(WaitJob::Settle(now, now_millis)).await? {
            WaitDone::Settled(n) => Ok(n),
            _ => Err(unexpected()),
        }
    }

    pub async fn wait_entry(
        &self,
        code: BookingCode,
    ) -> Result<Option<WaitlistRecord>, StoreError> {
        self.reads
            .run(move |c| wait_rows::by_code(c, &code.compact()))
            .await
    }

    pub async fn roster_waiting(
        &self,
        center_id: String,
        date: Date,
        kind: Option<ServiceKind>,
    ) -> Result<Vec<WaitlistRecord>, StoreError> {
        self.reads
            .run(move |c| {
                wait_rows::open_by_center_date(
                    c,
                    &center_id,
                    &date.to_string(),
                    kind.map(|k| k.as_str()),
                )
            })
            .await
    }

    /// Open entries per slot id, for slot ids in the half-open ranges.
    pub async fn waiting_counts(
        &self,
        ranges: Vec<(String, String)>,
    ) -> Result<HashMap<String, u32>, StoreError> {
        self.reads
            .run(move |c| {
                let mut stmt = c.prepare_cached(&format!(
                    "SELECT slot_id, COUNT(*) FROM waitlist
                     WHERE slot_id >= ?1 AND slot_id < ?2 AND {}
                     GROUP BY slot_id",
                    wait_rows::OPEN
                ))?;
                let mut out = HashMap::new();
                for (lo, hi) in &ranges {
                    let rows = stmt.query_map([lo, hi], |r| Ok((r.get(0)?, r.get(1)?)))?;
                    for row in rows {
                        let (id, n): (String, u32) = row?;
                        out.insert(id, n);
                    }
                }
                Ok(out)
            })
            .await
    }
}
