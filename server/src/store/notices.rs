//! The text messages' outbox, through whichever store this is (see
//! `notice_types.rs`, and `notify.rs` for the sender).

use super::{ClaimedNotice, Delivery, NoticeScan, OutboxHealth, Store, StoreError};

impl Store {
    /// Writes the reminders and hold warnings that have fallen due
    /// (`notify.rs` asks every minute); answers how many.
    pub async fn scan_notices(&self, scan: NoticeScan) -> Result<usize, StoreError> {
        each!(self.scan_notices(scan))
    }

    /// Gives up notices past their use and claims the due ones for this
    /// sender (for [`CLAIM_MILLIS`]).
    pub async fn claim_notices(&self, now_millis: i64) -> Result<Vec<ClaimedNotice>, StoreError> {
        each!(self.claim_notices(now_millis))
    }

    /// Records how a claimed notice's try went: sent, to try again, or
    /// given up ([`linli_model::notice::next_try`]).
    pub async fn finish_notice(
        &self,
        notice: ClaimedNotice,
        delivery: Delivery,
        now_millis: i64,
    ) -> Result<(), StoreError> {
        each!(self.finish_notice(notice, delivery, now_millis))
    }

    /// The outbox's figures for the health answer.
    pub async fn outbox_health(&self, now_millis: i64) -> Result<OutboxHealth, StoreError> {
        each!(self.outbox_health(now_millis))
    }
}
