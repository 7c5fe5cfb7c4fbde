//! The outbox of text messages as both stores keep it: a notice is its
//! booking code and kind ([`linli_model::notice`]), due from a time, worth
//! sending until another; the phone, language and slot are read from the
//! booking (or waiting-list entry) when it is claimed for sending.

use linli_model::notice::{NoticeKind, ReminderTimes, notice_key, worth_sending_until};
use linli_model::{BookingCode, BookingRecord, Lang, LocalDateTime, WaitlistRecord};

/// One outbox row to insert (or leave alone if its key is there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRow {
    pub key: String,
    pub code: String,
    pub kind: &'static str,
    pub created_at: i64,
    pub until_at: i64,
}

impl OutboxRow {
    /// A notice due now and worth sending until `until_at`.
    pub fn at(code: BookingCode, kind: NoticeKind, until_at: i64, now_millis: i64) -> OutboxRow {
        OutboxRow {
            key: notice_key(code, kind),
            code: code.compact(),
            kind: kind.as_str(),
            created_at: now_millis,
            until_at,
        }
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
    pub reason: Option<String>,
}

/// How a try went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    Sent,
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
    /// Given up after failing, still kept (settled notices are deleted
    /// after the retention period).
    pub failed: u64,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
}

/// How long a sender's claim on a notice lasts: longer than any try
/// (the webhook's timeout), so only a crashed sender's claims run out.
pub const CLAIM_MILLIS: i64 = 120_000;
/// Most notices claimed at once.
pub const CLAIM_BATCH: i64 = 50;
