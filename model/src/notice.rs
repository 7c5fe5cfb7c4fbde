//! Text messages (SMS) to residents who asked for them at booking: which
//! notices there are, when a reminder or a hold's warning falls due, how
//! long a notice is worth sending, how long to wait before trying again,
//! and the texts themselves (`notice/text.rs`), each one SMS segment.
//!
//! A store keeps a notice as its booking code and kind (the outbox); the
//! phone and the slot are read from the booking when it is sent, so the
//! outbox holds no personal data of its own.

mod text;

use serde::{Deserialize, Serialize};

use crate::booking::BookingStatus;
use crate::code::BookingCode;
use crate::staff::StaffAction;
use crate::time::{LocalDateTime, TimeOfDay};

pub use text::{MAX_TEXT_UNITS, NoticeFacts, fits_one_segment, notice_text};

/// What a notice tells the resident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A booking was made (by the resident, or by confirming a hold).
    Confirmed,
    /// A waiting-list entry became a booking.
    Promoted,
    /// A waiting-list entry was given a hold to confirm.
    HoldOffered,
    /// The hold runs out soon and is not yet confirmed.
    HoldExpiring,
    /// The evening before the slot.
    ReminderEvening,
    /// A few hours before the slot.
    ReminderSoon,
    /// Staff cancelled the booking (a closure, a sick cook), with the reason.
    CancelledByCentre,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 7] = [
        NoticeKind::Confirmed,
        NoticeKind::Promoted,
        NoticeKind::HoldOffered,
        NoticeKind::HoldExpiring,
        NoticeKind::ReminderEvening,
        NoticeKind::ReminderSoon,
        NoticeKind::CancelledByCentre,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Confirmed => "confirmed",
            NoticeKind::Promoted => "promoted",
            NoticeKind::HoldOffered => "hold_offered",
            NoticeKind::HoldExpiring => "hold_expiring",
            NoticeKind::ReminderEvening => "reminder_evening",
            NoticeKind::ReminderSoon => "reminder_soon",
            NoticeKind::CancelledByCentre => "cancelled_by_centre",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether it speaks of a hold (worth sending only while it lasts).
    fn is_about_hold(self) -> bool {
        match self {
            NoticeKind::HoldOffered | NoticeKind::HoldExpiring => true,
            NoticeKind::Confirmed
            | NoticeKind::Promoted
            | NoticeKind::ReminderEvening
            | NoticeKind::ReminderSoon
            | NoticeKind::CancelledByCentre => false,
        }
    }
}

/// The one notice of a kind a booking (or entry) ever gets, as the
/// gateway's idempotency key: `K7Q2M9XD.reminder_evening`. A retry, a
/// second instance or a restart sends the same key, so the gateway can
/// drop the duplicate.
pub fn notice_key(code: BookingCode, kind: NoticeKind) -> String {
    format!("{}.{}", code.compact(), kind.as_str())
}

/// When reminders go out: the evening before at a set time, and a set
/// time before the slot starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReminderTimes {
    pub evening: TimeOfDay,
    pub minutes_before: u16,
}

impl Default for ReminderTimes {
    fn default() -> Self {
        ReminderTimes {
            evening: TimeOfDay::from_hm(18, 0).unwrap_or(TimeOfDay::MIDNIGHT),
            minutes_before: 120,
        }
    }
}

/// The reminder due at `now` for a booking of a slot starting at `starts`
/// made at `booked_at`, if any. A reminder is due from its time until the
/// slot starts, and only for bookings made before that time: someone who
/// booked at 20:00 for tomorrow needs no "tomorrow" text at once. When both
/// are due (the server was down at 18:00), only the later one is sent.
pub fn reminder_due(
    times: ReminderTimes,
    starts: LocalDateTime,
    booked_at: LocalDateTime,
    now: LocalDateTime,
) -> Option<NoticeKind> {
    if now >= starts {
        return None;
    }
    let soon = LocalDateTime::from_unix_millis(
        starts.to_unix_millis() - i64::from(times.minutes_before) * 60_000,
    );
    let evening = LocalDateTime {
        date: starts.date.add_days(-1),
        time: times.evening,
    };
    if now >= soon {
        return (booked_at < soon).then_some(NoticeKind::ReminderSoon);
    }
    (now >= evening && booked_at < evening && evening < soon).then_some(NoticeKind::ReminderEvening)
}

/// A hold this long or shorter gets no warning: the offer's own text gives
/// the time it runs out, and a second text minutes later only nags.
pub const HOLD_WARNING_MIN_MINUTES: i64 = 20;
/// How long before a hold runs out it is warned of.
pub const HOLD_WARNING_MINUTES: i64 = 10;

/// Whether a hold given at `held_at` until `until` (Unix milliseconds) is
/// due its warning at `now`.
pub fn hold_warning_due(held_at: i64, until: i64, now: i64) -> bool {
    let long_enough = until - held_at > HOLD_WARNING_MIN_MINUTES * 60_000;
    long_enough && now >= until - HOLD_WARNING_MINUTES * 60_000 && now < until
}

/// Until when a notice is worth sending (Unix milliseconds): one about a
/// hold while the hold lasts, any other until the slot starts. Past it an
/// unsent notice is given up.
pub fn worth_sending_until(
    kind: NoticeKind,
    starts: LocalDateTime,
    hold_until: Option<i64>,
) -> i64 {
    let start = starts.to_unix_millis();
    match hold_until {
        Some(until) if kind.is_about_hold() => until.min(start),
        _ => start,
    }
}

/// How long to wait before trying a notice again after `attempts` failed
/// tries: 30 s, doubling, at most an hour.
pub fn retry_delay_millis(attempts: u32) -> i64 {
    let doublings = attempts.saturating_sub(1).min(7);
    (30_000_i64 << doublings).min(3_600_000)
}

/// Whether a notice still says something true when it is about to go:
/// a booking's news only while the booking holds its seat, a hold's only
/// while held, a cancellation only while cancelled. A notice that is no
/// longer true is dropped, not sent late.
pub fn still_true(
    kind: NoticeKind,
    booking: Option<BookingStatus>,
    entry: Option<crate::waitlist::WaitStatus>,
) -> bool {
    use crate::waitlist::WaitStatus;
    match kind {
        NoticeKind::Confirmed
        | NoticeKind::Promoted
        | NoticeKind::ReminderEvening
        | NoticeKind::ReminderSoon => booking == Some(BookingStatus::Confirmed),
        NoticeKind::HoldOffered | NoticeKind::HoldExpiring => entry == Some(WaitStatus::Held),
        NoticeKind::CancelledByCentre => booking == Some(BookingStatus::Cancelled),
    }
}

/// Until when a reminder is worth sending: the evening one until the
/// second one takes over (never both after a night of the gateway being
/// down), the second one until the start.
pub fn reminder_until(kind: NoticeKind, times: ReminderTimes, starts: LocalDateTime) -> i64 {
    let start = starts.to_unix_millis();
    match kind {
        NoticeKind::ReminderEvening => start - i64::from(times.minutes_before) * 60_000,
        _ => start,
    }
}

/// Whether a volunteer's change cancelled a booking the resident had, so
/// the resident is told the centre cancelled it.
pub fn cancelled_by_centre(action: StaffAction, from: BookingStatus, to: BookingStatus) -> bool {
    action == StaffAction::Cancel && from.is_active() && to == BookingStatus::Cancelled
}

/// What becomes of a notice whose `attempts`-th try failed at `now`:
/// tried again at the time answered, or, when the failure is permanent
/// (the gateway refused the message itself) or the next try would come
/// too late (`until`), given up (`None`).
pub fn next_try(attempts: u32, permanent: bool, until: i64, now: i64) -> Option<i64> {
    let next = now + retry_delay_millis(attempts);
    (!permanent && next < until).then_some(next)
}

#[cfg(test)]
mod tests;
