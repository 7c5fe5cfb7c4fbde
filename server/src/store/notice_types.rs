//! The outbox of text messages as both stores keep it: a notice is its
//! booking code and kind ([`linli_model::notice`]), due from a time, worth
//! sending until another; the phone, language and slot are read from the
//! booking (or waiting-list entry) when it is claimed for sending.

use linli_model::notice::{
    NoticeKind, ReminderTimes, hold_warning_due, notice_key, reminder_due, reminder_until,
    worth_sending_until,
};
use linli_model::{
    BookingCode, BookingRecord, BookingStatus, Lang, LocalDateTime, WaitStatus, WaitlistRecord,
};

/// One outbox row to insert (or leave alone if its key is there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRow {
    pub code: BookingCode,
    pub kind: NoticeKind,
    pub created_at: i64,
    pub until_at: i64,
}

impl OutboxRow {
    /// A notice due now and worth sending until `until_at`.
    pub fn at(code: BookingCode, kind: NoticeKind, until_at: i64, now_millis: i64) -> OutboxRow {
        OutboxRow {
            code,
            kind,
            created_at: now_millis,
            until_at,
        }
    }

    /// Its key: the outbox's primary key and the gateway's idempotency key.
    pub fn key(&self) -> String {
        notice_key(self.code, self.kind)
    }

    fn new(
        code: BookingCode,
        sms: Option<Lang>,
        kind: NoticeKind,
        starts: LocalDateTime,
        hold_until: Option<i64>,
        now_millis: i64,
    ) -> Option<OutboxRow> {
        // Only for residents who asked for texts.
        sms?;
        let until_at = worth_sending_until(kind, starts, hold_until);
        Some(OutboxRow::at(code, kind, until_at, now_millis))
    }

    /// A notice about a booking, if its resident asked for texts.
    pub fn for_booking(b: &BookingRecord, kind: NoticeKind, now_millis: i64) -> Option<OutboxRow> {
        let starts = b.slot.starts_at();
        OutboxRow::new(b.code, b.consent.sms, kind, starts, None, now_millis)
    }

    /// A notice about a waiting-list entry (its hold), likewise.
    pub fn for_entry(e: &WaitlistRecord, kind: NoticeKind, now_millis: i64) -> Option<OutboxRow> {
        let starts = e.slot.starts_at();
        OutboxRow::new(
            e.code,
            e.consent.sms,
            kind,
            starts,
            e.hold_until_millis,
            now_millis,
        )
    }
}

/// What the sender asks the store to do now: write the reminders and
/// hold warnings that have fallen due, then claim what is due.
#[derive(Clone, Copy, Debug)]
pub struct NoticeScan {
    pub times: ReminderTimes,
    pub now: LocalDateTime,
    pub now_millis: i64,
}

/// A notice claimed for sending: no other sender takes it until
/// `lease_until`, and then only if it was not settled meanwhile.
#[derive(Clone, Debug)]
pub struct ClaimedNotice {
    pub key: String,
    pub code: BookingCode,
    pub kind: NoticeKind,
    /// Tries so far, this one included.
    pub attempts: u32,
    pub until_at: i64,
    /// From the booking or entry; `None` once retention erased it.
    pub phone: Option<String>,
    pub lang: Option<Lang>,
    pub offering_id: String,
    pub starts: LocalDateTime,
    pub hold_until: Option<i64>,
    /// The booking's status now (a promoted entry's booking too).
    pub booking_status: Option<BookingStatus>,
    /// The waiting-list entry's status now, if the code is an entry's.
    pub entry_status: Option<WaitStatus>,
}

/// How a try went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// Not sent because it is no longer true (the booking was cancelled,
    /// the hold confirmed, the day closed): set aside as expired.
    Moot,
    /// Not delivered: `permanent` when trying again can't help (the
    /// gateway refused the message, the booking has no phone any more).
    Failed {
        error: String,
        permanent: bool,
    },
}

/// The outbox as staff and monitors see it (in the health answer).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutboxHealth {
    /// Due or waiting for their time.
    pub pending: u64,
    /// Pending after at least one failed try.
    pub retrying: u64,
    /// Given up after failing, in the last 24 hours.
    pub failed: u64,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
}

/// How far back health counts notices given up.
pub const FAILED_WINDOW_MILLIS: i64 = 24 * 3_600_000;

/// How long a sender's claim on a notice lasts: longer than any try
/// (the webhook's timeout), so only a crashed sender's claims run out.
pub const CLAIM_MILLIS: i64 = 120_000;
/// Most notices claimed at once.
pub const CLAIM_BATCH: i64 = 50;

/// A confirmed booking that asked for texts, as the reminder scan reads it.
#[derive(Clone, Debug)]
pub struct ReminderCandidate {
    pub code: String,
    pub slot_date: String,
    pub slot_start: String,
    pub created_at: i64,
}

/// A held entry that asked for texts, as the scan reads it.
#[derive(Clone, Debug)]
pub struct HoldCandidate {
    pub code: String,
    pub hold_until: i64,
    /// When the hold was given (the entry's last change).
    pub held_at: i64,
}

fn starts(date: &str, time: &str) -> Option<LocalDateTime> {
    Some(LocalDateTime {
        date: date.parse().ok()?,
        time: time.parse().ok()?,
    })
}

/// The notices due at the scan's time among what the store read: the
/// rules are the model's; both stores insert what this answers. A row that
/// can't be read is skipped (and logged), never the whole scan.
pub fn due_notices(
    scan: &NoticeScan,
    reminders: &[ReminderCandidate],
    holds: &[HoldCandidate],
) -> Vec<OutboxRow> {
    let mut due = Vec::new();
    for r in reminders {
        let (Some(starts), Ok(code)) = (starts(&r.slot_date, &r.slot_start), r.code.parse()) else {
            tracing::warn!(code = %r.code, "a booking the reminder scan can't read");
            continue;
        };
        let booked_at = LocalDateTime::from_unix_millis(r.created_at);
        if let Some(kind) = reminder_due(scan.times, starts, booked_at, scan.now) {
            let until = reminder_until(kind, scan.times, starts);
            due.push(OutboxRow::at(code, kind, until, scan.now_millis));
        }
    }
    for h in holds {
        let Ok(code) = h.code.parse() else {
            tracing::warn!(code = %h.code, "an entry the hold scan can't read");
            continue;
        };
        if hold_warning_due(h.held_at, h.hold_until, scan.now_millis) {
            due.push(OutboxRow::at(
                code,
                NoticeKind::HoldExpiring,
                h.hold_until,
                scan.now_millis,
            ));
        }
    }
    due
}

/// A claimed notice's row as both stores select it (the outbox joined
/// with its booking and entry), and its one conversion.
#[derive(Clone, Debug)]
pub struct ClaimedColumns {
    pub key: String,
    pub code: String,
    pub kind: String,
    pub attempts: i64,
    pub until_at: i64,
    pub phone: Option<String>,
    pub sms_lang: Option<String>,
    pub offering_id: Option<String>,
    pub slot_date: Option<String>,
    pub slot_start: Option<String>,
    pub hold_until: Option<i64>,
    pub booking_status: Option<String>,
    pub entry_status: Option<String>,
}

impl ClaimedColumns {
    /// The notice, or what is wrong with the row (the store then gives
    /// that one notice up, and goes on with the others).
    pub fn into_notice(self) -> Result<ClaimedNotice, String> {
        let (Some(offering_id), Some(date), Some(time)) =
            (self.offering_id, self.slot_date, self.slot_start)
        else {
            return Err("the notice's booking is gone".into());
        };
        Ok(ClaimedNotice {
            code: self
                .code
                .parse()
                .map_err(|_| "a stored code is not valid")?,
            kind: NoticeKind::parse(&self.kind).ok_or("a stored kind is not valid")?,
            key: self.key,
            attempts: u32::try_from(self.attempts).unwrap_or(0),
            until_at: self.until_at,
            phone: self.phone,
            lang: self.sms_lang.as_deref().and_then(Lang::parse),
            offering_id,
            starts: starts(&date, &time).ok_or("a stored slot time is not valid")?,
            hold_until: self.hold_until,
            booking_status: self
                .booking_status
                .as_deref()
                .and_then(BookingStatus::parse),
            entry_status: self.entry_status.as_deref().and_then(WaitStatus::parse),
        })
    }
}

/// What every claim selects for its keys, in [`ClaimedColumns`]' order;
/// the stores add their own `WHERE` (one key, or a list).
pub const CLAIMED_SELECT: &str = "SELECT o.key, o.code, o.kind, o.attempts, o.until_at,
        COALESCE(b.phone, w.phone), COALESCE(b.sms_lang, w.sms_lang),
        COALESCE(b.offering_id, w.offering_id), COALESCE(b.slot_date, w.slot_date),
        COALESCE(b.slot_start, w.slot_start), w.hold_until, b.status, w.status
    FROM outbox o LEFT JOIN bookings b ON b.code = o.code
                  LEFT JOIN waitlist w ON w.code = o.code";
