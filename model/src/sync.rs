//! Check-ins and no-shows a volunteer's device queued while it was offline,
//! sent later in one `POST /volunteer/sync`. Each carries a random id, so a
//! resend after a lost answer changes nothing, and the device's time of the
//! tap, which the server records within limits ([`queued_moment`]).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::booking::BookingStatus;
use crate::code::BookingCode;
use crate::error::ApiError;
use crate::error_code::ErrorCode;
use crate::roster::{Roster, RosterCounts, RosterEntry, tally};
use crate::staff::StaffAction;
use crate::time::LocalDateTime;

/// Most actions in one sync request (a day's offline check-ins fit; the
/// body stays well under the server's 16 KiB).
pub const MAX_SYNC_ACTIONS: usize = 100;

/// Oldest tap a sync records: a device offline over a long weekend still
/// syncs, a clock set years back does not.
pub const MAX_QUEUE_AGE_DAYS: i64 = 7;

/// Furthest a device's clock may run ahead of the server's (a tap "in the
/// future" is recorded at the server's time; further off, the clock is wrong).
pub const MAX_CLOCK_AHEAD_MINUTES: i64 = 24 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ActionIdError {
    #[error("an action id is 32 lowercase hexadecimal characters")]
    Malformed,
}

/// A queued action's id: 128 random bits (the app's `crypto.getRandomValues`)
/// as 32 lowercase hex characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StaffActionId(String);

impl StaffActionId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StaffActionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for StaffActionId {
    type Err = ActionIdError;
    fn from_str(s: &str) -> Result<StaffActionId, ActionIdError> {
        let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
        if s.len() == 32 && s.bytes().all(hex) {
            Ok(StaffActionId(s.to_owned()))
        } else {
            Err(ActionIdError::Malformed)
        }
    }
}

impl TryFrom<String> for StaffActionId {
    type Error = ActionIdError;
    fn try_from(s: String) -> Result<StaffActionId, ActionIdError> {
        s.parse()
    }
}

impl From<StaffActionId> for String {
    fn from(id: StaffActionId) -> String {
        id.0
    }
}

/// What a device may queue: the changes a volunteer makes at the door.
/// Cancelling needs the server there and then (it frees seats for others).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QueuedAction {
    CheckIn,
    UndoCheckIn,
    NoShow,
}

impl QueuedAction {
    /// The queueable form of a staff action; `None` for cancel.
    pub fn from_staff(action: StaffAction) -> Option<QueuedAction> {
        match action {
            StaffAction::CheckIn => Some(QueuedAction::CheckIn),
            StaffAction::UndoCheckIn => Some(QueuedAction::UndoCheckIn),
            StaffAction::NoShow => Some(QueuedAction::NoShow),
            StaffAction::Cancel => None,
        }
    }

    pub fn staff(self) -> StaffAction {
        match self {
            QueuedAction::CheckIn => StaffAction::CheckIn,
            QueuedAction::UndoCheckIn => StaffAction::UndoCheckIn,
            QueuedAction::NoShow => StaffAction::NoShow,
        }
    }
}

/// One action as the device queued it. Nothing else: a request of the
/// most actions stays well within the server's body limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QueuedStaffAction {
    pub id: StaffActionId,
    pub code: BookingCode,
    pub action: QueuedAction,
    /// The device's local (UTC+8) time of the tap.
    pub at: LocalDateTime,
}

/// `POST /volunteer/sync` body: the queue, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub actions: Vec<QueuedStaffAction>,
}

/// `POST /volunteer/sync` answer: one result per action, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncAnswer {
    pub results: Vec<SyncResult>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncOutcome {
    /// Done now.
    Applied,
    /// Done by an earlier request with this id: nothing changed now.
    AlreadyApplied,
    /// Not done: `error` says why (the booking was cancelled meanwhile:
    /// `invalid_transition`). An id seen before with a refusal answers
    /// that refusal again.
    Conflict,
}

// A flat record rather than a tagged enum: the app reads it, and every
// decoder costs WASM.
/// What became of one queued action: `error` (the API's error shape) on a
/// conflict only, `entry` whenever the booking is the volunteer's centre's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncResult {
    pub id: StaffActionId,
    pub outcome: SyncOutcome,
    /// Why not, on a conflict; `null` otherwise.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub error: Option<ApiError>,
    /// The booking as it is now, if it is the volunteer's centre's.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub entry: Option<RosterEntry>,
}

impl SyncResult {
    pub fn done(id: StaffActionId, before: bool, entry: RosterEntry) -> SyncResult {
        let outcome = if before {
            SyncOutcome::AlreadyApplied
        } else {
            SyncOutcome::Applied
        };
        SyncResult {
            id,
            outcome,
            error: None,
            entry: Some(entry),
        }
    }

    pub fn conflict(id: StaffActionId, error: ApiError, entry: Option<RosterEntry>) -> SyncResult {
        SyncResult {
            id,
            outcome: SyncOutcome::Conflict,
            error: Some(error),
            entry,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueuedTimeError {
    #[error("the device's time of this action is more than {MAX_QUEUE_AGE_DAYS} days ago")]
    TooOld,
    #[error("the device's time of this action is ahead of the server's by more than a day")]
    Ahead,
}

impl QueuedTimeError {
    pub fn code(self) -> ErrorCode {
        ErrorCode::DeviceTimeInvalid
    }
}

/// The moment a queued action is taken to have happened, judged at (a
/// no-show only once the slot had started, as the device showed it) and
/// recorded at, in milliseconds: the device's time `at`, but never after
/// the server's `now_millis` (a tap in the current minute, or "in the
/// future", is recorded at the server's time). A device clock far off
/// either way is refused rather than believed.
pub fn queued_moment(
    at: LocalDateTime,
    now_millis: i64,
) -> Result<(LocalDateTime, i64), QueuedTimeError> {
    let now = LocalDateTime::from_unix_millis(now_millis);
    let at_millis = at.to_unix_millis();
    if at_millis > now_millis + MAX_CLOCK_AHEAD_MINUTES * 60_000 {
        return Err(QueuedTimeError::Ahead);
    }
    if at_millis < now_millis - MAX_QUEUE_AGE_DAYS * 24 * 3_600_000 {
        return Err(QueuedTimeError::TooOld);
    }
    Ok(if at < now {
        (at, at_millis)
    } else {
        (now, now_millis)
    })
}

/// The time a change is recorded at: when it happened (`happened_millis`),
/// but never before the booking's last change, so a booking's times never
/// run backwards (a device clock a little behind, a tap synced after
/// another volunteer's change).
pub fn change_millis(happened_millis: i64, last_change_millis: i64) -> i64 {
    happened_millis.max(last_change_millis)
}

/// The roster as the device shows it while actions wait to be sent: each
/// queued action's status on its booking (in order), and the counts and
/// kitchen summary of the slots again.
pub fn apply_queued(roster: &mut Roster, queued: &[QueuedStaffAction]) {
    for slot in &mut roster.slots {
        let mut changed = false;
        for a in queued {
            if let Some(b) = slot.bookings.iter_mut().find(|b| b.code == a.code) {
                b.status = match a.action {
                    QueuedAction::CheckIn => BookingStatus::CheckedIn,
                    QueuedAction::UndoCheckIn => BookingStatus::Confirmed,
                    QueuedAction::NoShow => BookingStatus::NoShow,
                };
                b.staff_action = Some(a.action.staff());
                changed = true;
            }
        }
        if changed {
            (slot.counts, slot.kitchen) = tally(slot.kind, slot.counts.capacity, &slot.bookings);
        }
    }
    let mut totals = RosterCounts::default();
    for slot in &roster.slots {
        totals.add(&slot.counts);
    }
    roster.totals = totals;
}

#[cfg(test)]
mod tests;
