//! The volunteer console's storage: centre PINs (hashed), sessions (token
//! hashes) and the status changes staff make. Commands go through the one
//! writer like bookings do; lookups use the read pool.

use linli_model::ServiceKind;

use super::writer::{Done, Job};
use super::{BookingRecord, SqliteStore, StoreError, rows, staff_writes};
use crate::store::{
    AuditRecord, NewSession, PinAttempt, PinAttemptOutcome, SessionRow, SessionUse, StaffOutcome,
    StaffRequest,
};

impl SqliteStore {
    pub(super) async fn changed(&self, job: Job) -> Result<bool, StoreError> {
        match self.write(job).await? {
            Done::Changed(r) => r,
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }

    /// Stores a centre's PIN hash and signs out its sessions (a new PIN
    /// is usually set because the old one went round).
    pub async fn set_pin(
        &self,
        center_id: String,
        pin_hash: String,
        now_millis: i64,
        audit: AuditRecord,
    ) -> Result<(), StoreError> {
        self.changed(Job::SetPin {
            center_id,
            pin_hash,
            now_millis,
            audit: Box::new(audit),
        })
        .await
        .map(|_| ())
    }

    /// Removes a centre's PIN and signs out its sessions. Returns whether
    /// the centre had a PIN.
    pub async fn clear_pin(
        &self,
        center_id: String,
        audit: AuditRecord,
    ) -> Result<bool, StoreError> {
        self.changed(Job::ClearPin(center_id, Box::new(audit)))
            .await
    }

    pub async fn pin_hash(&self, center_id: String) -> Result<Option<String>, StoreError> {
        self.reads
            .run(move |c| staff_writes::pin_hash(c, &center_id))
            .await
    }

    pub async fn create_session(&self, new: NewSession) -> Result<(), StoreError> {
        self.changed(Job::CreateSession(new)).await.map(|_| ())
    }

    /// Returns whether the session existed.
    pub async fn delete_session(&self, token_hash: String) -> Result<bool, StoreError> {
        self.changed(Job::DeleteSession(token_hash)).await
    }

    pub async fn use_session(&self, used: SessionUse) -> Result<Option<SessionRow>, StoreError> {
        match self.write(Job::UseSession(used)).await? {
            Done::Session(r) => r,
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }

    pub async fn staff_action(&self, request: StaffRequest) -> Result<StaffOutcome, StoreError> {
        match self.write(Job::Staff(request)).await? {
            Done::Staff(r) => r,
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }

    /// A centre's bookings on a day, every status, by slot then oldest first.
    pub async fn roster_bookings(
        &self,
        center_id: String,
        date: linli_model::Date,
        kind: Option<ServiceKind>,
    ) -> Result<Vec<BookingRecord>, StoreError> {
        self.reads
            .run(move |c| {
                rows::by_center_date(c, &center_id, &date.to_string(), kind.map(|k| k.as_str()))
            })
            .await
    }

    pub async fn begin_pin_attempt(
        &self,
        attempt: PinAttempt,
    ) -> Result<PinAttemptOutcome, StoreError> {
        match self.write(Job::PinAttempt(attempt)).await? {
            Done::PinAttempt(r) => r,
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }

    pub async fn forgive_pin_attempt(&self, rows: Vec<i64>) -> Result<(), StoreError> {
        self.changed(Job::ForgivePinAttempt(rows)).await.map(|_| ())
    }

    pub async fn forget_pin_failures(&self, before_millis: i64) -> Result<(), StoreError> {
        self.changed(Job::ForgetPinFailures(before_millis))
            .await
            .map(|_| ())
    }
}
