//! The SQLite store's outbox calls: scans, claims and settling through the
//! writer (`outbox.rs`), the figures on the read pool.

use super::outbox::{self, NoticeDone, NoticeJob};
use super::writer::{Done, Job};
use super::{SqliteStore, StoreError};
use crate::store::{ClaimedNotice, Delivery, NoticeScan, OutboxHealth};

fn unexpected() -> StoreError {
    StoreError::Storage("unexpected writer answer".into())
}

impl SqliteStore {
    async fn notices(&self, job: NoticeJob) -> Result<NoticeDone, StoreError> {
        match self.write(Job::Notices(job)).await? {
            Done::Notices(r) => r,
            _ => Err(unexpected()),
        }
    }

    /// Writes the reminders and hold warnings due; answers how many.
    pub async fn scan_notices(&self, scan: NoticeScan) -> Result<usize, StoreError> {
        match self.notices(NoticeJob::Scan(scan)).await? {
            NoticeDone::Scanned(n) => Ok(n),
            _ => Err(unexpected()),
        }
    }

    /// Claims the notices due at `now_millis` for this sender.
    pub async fn claim_notices(&self, now_millis: i64) -> Result<Vec<ClaimedNotice>, StoreError> {
        match self.notices(NoticeJob::Claim(now_millis)).await? {
            NoticeDone::Claimed(n) => Ok(n),
            _ => Err(unexpected()),
        }
    }

    pub async fn finish_notice(
        &self,
        notice: ClaimedNotice,
        delivery: Delivery,
        now_millis: i64,
    ) -> Result<(), StoreError> {
        let job = NoticeJob::Finish {
            notice: Box::new(notice),
            delivery,
            now_millis,
        };
        self.notices(job).await.map(|_| ())
    }

    pub async fn outbox_health(&self, now_millis: i64) -> Result<OutboxHealth, StoreError> {
        self.reads.run(move |c| outbox::health(c, now_millis)).await
    }
}
