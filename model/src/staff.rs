//! What volunteers and centre staff may do: the centre's PIN, and the status
//! changes they make to bookings on the roster. Both backends apply these
//! rules (the static backend's volunteer view runs on the kiosk itself).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::booking::BookingStatus;
use crate::error_code::ErrorCode;
use crate::schedule::Slot;
use crate::time::{LocalDateTime, TimeOfDay};

pub mod device_pin;
pub use device_pin::{DevicePinHash, DevicePinHashError};

/// Shortest and longest PIN, in digits.
pub const PIN_MIN: usize = 6;
pub const PIN_MAX: usize = 12;

/// Longest reason a volunteer gives for cancelling, in characters.
pub const MAX_CANCEL_REASON: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("a PIN is {PIN_MIN} to {PIN_MAX} digits")]
    Length,
    #[error("a PIN has digits only")]
    NotDigits,
    /// One repeated digit or a straight run (`111111`, `123456`): the first
    /// PINs anyone tries.
    #[error("this PIN is too easy to guess: avoid repeated digits and straight runs")]
    TooSimple,
}

impl PinError {
    pub fn code(self) -> ErrorCode {
        match self {
            PinError::Length => ErrorCode::PinLength,
            PinError::NotDigits => ErrorCode::PinNotDigits,
            PinError::TooSimple => ErrorCode::PinTooSimple,
        }
    }
}

/// A centre's volunteer PIN. Its `Debug` never shows the digits, so a PIN
/// can't reach a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    /// The rule for setting a PIN. Signing in does not re-check it: a wrong
    /// PIN is simply wrong, whatever its shape.
    pub fn parse(input: &str) -> Result<Pin, PinError> {
        let pin = input.trim();
        if !pin.chars().all(|c| c.is_ascii_digit()) {
            return Err(PinError::NotDigits);
        }
        if !(PIN_MIN..=PIN_MAX).contains(&pin.len()) {
            return Err(PinError::Length);
        }
        let steps: Vec<i16> = pin
            .as_bytes()
            .windows(2)
            .map(|w| i16::from(w[1]) - i16::from(w[0]))
            .collect();
        let straight = |step: i16| steps.iter().all(|s| *s == step);
        if straight(0) || straight(1) || straight(-1) {
            return Err(PinError::TooSimple);
        }
        Ok(Pin(pin.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(…)")
    }
}

/// A change a volunteer makes to a booking on the roster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StaffAction {
    CheckIn,
    UndoCheckIn,
    NoShow,
    Cancel,
}

impl StaffAction {
    pub fn as_str(self) -> &'static str {
        match self {
            StaffAction::CheckIn => "check_in",
            StaffAction::UndoCheckIn => "undo_check_in",
            StaffAction::NoShow => "no_show",
            StaffAction::Cancel => "cancel",
        }
    }

    pub fn parse(s: &str) -> Option<StaffAction> {
        [Self::CheckIn, Self::UndoCheckIn, Self::NoShow, Self::Cancel]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a {from} booking can't be changed this way")]
    InvalidTransition { from: &'static str },
    #[error("this can't be done before the slot starts")]
    SlotNotStarted,
    #[error("this slot has already ended")]
    SlotEnded,
}

impl TransitionError {
    pub fn code(self) -> ErrorCode {
        match self {
            TransitionError::InvalidTransition { .. } => ErrorCode::InvalidTransition,
            TransitionError::SlotNotStarted => ErrorCode::SlotNotStarted,
            TransitionError::SlotEnded => ErrorCode::SlotEnded,
        }
    }
}

/// The status a booking gets from `action` at `now`, or why it can't.
///
/// - check-in: from `confirmed`, or from `no_show` for a late arrival; not
///   before the slot's day (a check-in for next week is a slip of the finger);
/// - undo check-in: `checked_in` back to `confirmed`;
/// - no-show: from `confirmed`, once the slot has started;
/// - cancel: from `confirmed`, until the slot ends (a resident who phones
///   during the sitting to say they can't come frees the seat).
pub fn transition(
    action: StaffAction,
    status: BookingStatus,
    slot: &Slot,
    now: LocalDateTime,
) -> Result<BookingStatus, TransitionError> {
    use BookingStatus::{Cancelled, CheckedIn, Confirmed, NoShow};
    let invalid = TransitionError::InvalidTransition {
        from: status.as_str(),
    };
    let ends_at = LocalDateTime {
        date: slot.date,
        time: slot.end,
    };
    match (action, status) {
        (StaffAction::CheckIn, Confirmed | NoShow) => {
            let day_starts = LocalDateTime {
                date: slot.date,
                time: TimeOfDay::from_hm(0, 0).ok_or(invalid)?,
            };
            if now < day_starts {
                return Err(TransitionError::SlotNotStarted);
            }
            Ok(CheckedIn)
        }
        (StaffAction::UndoCheckIn, CheckedIn) => Ok(Confirmed),
        (StaffAction::NoShow, Confirmed) if now < slot.starts_at() => {
            Err(TransitionError::SlotNotStarted)
        }
        (StaffAction::NoShow, Confirmed) => Ok(NoShow),
        (StaffAction::Cancel, Confirmed) if now >= ends_at => Err(TransitionError::SlotEnded),
        (StaffAction::Cancel, Confirmed) => Ok(Cancelled),
        _ => Err(invalid),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReasonError {
    #[error("a reason is at most {MAX_CANCEL_REASON} characters")]
    TooLong,
    #[error("a reason can't contain control characters")]
    Invalid,
}

impl ReasonError {
    pub fn code(self) -> ErrorCode {
        match self {
            ReasonError::TooLong => ErrorCode::ReasonTooLong,
            ReasonError::Invalid => ErrorCode::TextInvalid,
        }
    }
}

/// A volunteer's reason for cancelling: optional, trimmed, one line.
pub fn cancel_reason(reason: Option<&str>) -> Result<Option<String>, ReasonError> {
    let Some(reason) = reason.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    if reason.chars().count() > MAX_CANCEL_REASON {
        return Err(ReasonError::TooLong);
    }
    if !crate::visible::is_visible_text(reason, &[]) {
        return Err(ReasonError::Invalid);
    }
    Ok(Some(reason.to_owned()))
}

#[cfg(test)]
mod tests;
