//! What the stores are asked and what they answer: the same for SQLite and
//! PostgreSQL, and free of HTTP types.

use linli_model::{
    BookingCode, BookingStatus, ErrorCode, LocalDateTime, StaffAction, StaffActionId, ValidBooking,
};

use super::{AuditRecord, BookingRecord};
use crate::limiter::FailureLimiter;
use linli_model::TransitionError;
pub use linli_model::rules::ImportOutcome;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the slot has no seats left for this party")]
    SlotFull,
    #[error("this phone already has an active booking for this slot")]
    AlreadyBooked,
    #[error("this phone has reached the offering's daily limit of bookings")]
    DailyLimitReached,
    /// A waiting-list refusal of the model's rules.
    #[error(transparent)]
    Wait(#[from] linli_model::waitlist::WaitError),
    #[error("the idempotency key was used for another request")]
    IdempotencyKeyReused,
    #[error("this user name is taken")]
    UserNameTaken,
    /// The catalog was edited since the request read it (a closure, a
    /// capacity): decide again on the newer one.
    #[error("the catalog changed during the request")]
    CatalogMoved,
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database can't be reached right now (connection refused or
    /// lost, pool exhausted): worth a retry in a moment.
    #[error("database unreachable: {0}")]
    Unreachable(String),
    #[error("storage: {0}")]
    Storage(String),
}

impl From<linli_model::BookingError> for StoreError {
    /// The admission refusals a store can meet; the rest are the route's
    /// to find before the store is asked.
    fn from(e: linli_model::BookingError) -> StoreError {
        use linli_model::BookingError as E;
        match e {
            E::SlotFull => StoreError::SlotFull,
            E::AlreadyBooked => StoreError::AlreadyBooked,
            E::DailyLimitReached => StoreError::DailyLimitReached,
            other => StoreError::Storage(format!("unexpected refusal: {other}")),
        }
    }
}

#[derive(Clone, Debug)]
pub struct IdempotencyKey {
    pub key: String,
    /// Hash of the request it was first used with.
    pub request_hash: String,
}

/// A checked booking request, ready for the seat count.
#[derive(Clone, Debug)]
pub struct NewBooking {
    pub booking: ValidBooking,
    /// The offering's limit of active bookings per phone per day, if any.
    pub daily_limit: Option<u8>,
    pub idempotency: Option<IdempotencyKey>,
    pub now_millis: i64,
    /// The generation of the catalog the booking was checked against
    /// (closures, capacity): it is taken only if that is still the one.
    pub catalog_generation: i64,
}

#[derive(Clone, Debug)]
pub struct Booked {
    pub booking: BookingRecord,
    /// True when an earlier request with the same idempotency key made it.
    pub replayed: bool,
}

#[derive(Clone, Debug)]
pub struct CancelRequest {
    pub code: BookingCode,
    /// Canonical phone; must match the booking's.
    pub phone: String,
    pub now: LocalDateTime,
    pub now_millis: i64,
}

#[derive(Clone, Debug)]
pub enum CancelOutcome {
    Cancelled(BookingRecord),
    /// Cancelling twice answers the same as once: retries are safe.
    AlreadyCancelled(BookingRecord),
    NotFound,
    SlotStarted,
    NotCancellable(BookingStatus),
}

/// A signed-in volunteer's session, by the SHA-256 of its token.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub token_hash: String,
    pub center_id: String,
    pub now_millis: i64,
    pub expires_at_millis: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRow {
    pub center_id: String,
    pub expires_at_millis: i64,
}

/// A request made with a session: it counts as activity.
#[derive(Clone, Debug)]
pub struct SessionUse {
    pub token_hash: String,
    pub now_millis: i64,
    /// A session unused this long has ended.
    pub idle_millis: i64,
    /// And none outlives this, however busy.
    pub max_millis: i64,
}

/// A volunteer's change to one booking of their centre.
#[derive(Clone, Debug)]
pub struct StaffRequest {
    pub code: BookingCode,
    /// Only bookings of this centre can be changed.
    pub center_id: String,
    /// The centre's street, for the audit entry's scope.
    pub street_id: Option<String>,
    pub action: StaffAction,
    /// For [`StaffAction::Cancel`]: already checked.
    pub reason: Option<String>,
    /// When the change is judged to happen (a queued action: the tap).
    pub now: LocalDateTime,
    /// The time recorded for it (never before the booking's last change:
    /// [`linli_model::sync::change_millis`]).
    pub now_millis: i64,
}

impl StaffRequest {
    /// The audit entry of this change, from `before` to `after`: the
    /// statuses only, never the reason (the resident's own business).
    pub fn audit(&self, before: BookingStatus, after: BookingStatus) -> AuditRecord {
        AuditRecord {
            at_millis: self.now_millis,
            user_name: None,
            role: Some(linli_model::audit::AuditRole::VOLUNTEER.to_owned()),
            action: linli_model::audit::AuditAction::of_staff(self.action),
            street_id: self.street_id.clone(),
            center_id: Some(self.center_id.clone()),
            target: Some(self.code.to_string()),
            before: Some(serde_json::json!({ "status": before.as_str() }).to_string()),
            after: Some(serde_json::json!({ "status": after.as_str() }).to_string()),
        }
    }
}

#[derive(Clone, Debug)]
pub enum StaffOutcome {
    Changed(Box<BookingRecord>),
    /// No such booking at this centre.
    NotFound,
    Refused(TransitionError),
    /// A late arrival after a no-show mark, but the seat went to someone else.
    SlotFull,
}

impl StaffOutcome {
    /// Why the change was not made, as the API says it; `None` if it was.
    pub fn refusal(&self) -> Option<ErrorCode> {
        match self {
            StaffOutcome::Changed(_) => None,
            StaffOutcome::NotFound => Some(ErrorCode::BookingNotFound),
            StaffOutcome::Refused(t) => Some(t.code()),
            StaffOutcome::SlotFull => Some(ErrorCode::SlotFull),
        }
    }
}

/// A queued action of a volunteer's device (`POST /volunteer/sync`): the
/// change is made and its id recorded in one transaction, once per id and
/// centre.
#[derive(Clone, Debug)]
pub struct SyncAction {
    pub id: StaffActionId,
    pub staff: StaffRequest,
    /// When the server took it: the retention sweep forgets the id by this.
    pub received_millis: i64,
}

/// What a queued action did. The booking (as it is now) is the one with
/// the action's code, whichever centre's: the caller shows it only to its
/// own centre.
#[derive(Clone, Debug)]
pub enum SyncStored {
    Applied(Box<BookingRecord>),
    /// Refused now, and recorded: a resend gets the same answer.
    Refused {
        error: ErrorCode,
        booking: Option<Box<BookingRecord>>,
    },
    /// The id came before: `refused` is what it met then (`None`: applied).
    Seen {
        refused: Option<ErrorCode>,
        booking: Option<Box<BookingRecord>>,
    },
    /// The id came before with another booking or action.
    Reused,
}

impl From<linli_model::rules::StaffRefusal> for StaffOutcome {
    fn from(r: linli_model::rules::StaffRefusal) -> StaffOutcome {
        use linli_model::rules::StaffRefusal as R;
        match r {
            R::NotFound => StaffOutcome::NotFound,
            R::Transition(t) => StaffOutcome::Refused(t),
            R::SlotFull => StaffOutcome::SlotFull,
        }
    }
}

/// A failed sign-in, counted under each of `keys` (the centre, the client
/// address) by every instance on the same database.
#[derive(Clone, Debug)]
pub struct PinAttempt {
    /// Each key (a client address, a centre) with its own limit.
    pub keys: Vec<(String, FailureLimiter)>,
    pub now_millis: i64,
}

/// Whether a sign-in may go on to the (slow) PIN check.
#[derive(Debug, PartialEq, Eq)]
pub enum PinAttemptOutcome {
    /// Counted as a failure under every key, as these rows, until a right
    /// PIN forgives them.
    Counted(Vec<i64>),
    /// A key has used up its tries: wait this long. Nothing was counted.
    Blocked { retry_after_secs: u64 },
}

/// The first blocked key's wait, given each key's recent failures (newest
/// first): the decision is the limiter's, the facts the store's.
pub fn pin_attempt_blocked(a: &PinAttempt, recent: &[Vec<i64>]) -> Option<u64> {
    a.keys
        .iter()
        .zip(recent)
        .filter_map(|((_, limit), times)| limit.blocked(std::slice::from_ref(times), a.now_millis))
        .max()
}
