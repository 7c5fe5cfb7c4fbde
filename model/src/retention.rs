//! What the privacy notice promises: personal data is deleted 30 days after
//! the service; only counts without it stay. Both backends apply these
//! rules: the server in a daily sweep of its database, the static kiosk on
//! its ledger whenever it opens it.

use crate::record::BookingRecord;
use crate::time::Date;

/// Days after the service's day that personal data is kept.
pub const RETENTION_DAYS: i64 = 30;

/// How far past the newest write a clock may be before the sweep stops
/// believing it: a centre may be quiet for months, not for a year.
pub const CLOCK_JUMP_DAYS: i64 = 366;

/// The first slot date whose personal data is still kept on `today`, when
/// the newest booking (the last made) was last written on `newest_write`
/// (the local date of its `updated_at`): bookings for earlier days are due.
///
/// A clock that jumps far ahead (a kiosk's flat battery, a bad time server)
/// would otherwise erase the data of bookings still to come. That write
/// happened before the real today, and any booking still to come is for
/// the real today or later, so when the clock is more than a year past that
/// write, only days before it go.
pub fn kept_from(today: Date, newest_write: Option<Date>) -> Date {
    let by_clock = today.add_days(-RETENTION_DAYS);
    match newest_write {
        Some(newest) if today > newest.add_days(CLOCK_JUMP_DAYS) => by_clock.min(newest),
        _ => by_clock,
    }
}

impl BookingRecord {
    /// Whether its personal data is due to go, given the first slot date
    /// still kept ([`kept_from`]), and still here.
    pub fn retention_due(&self, kept_from: Date) -> bool {
        self.slot.date < kept_from && !self.is_erased()
    }

    pub fn is_erased(&self) -> bool {
        self.name.is_empty()
            && self.phone.is_empty()
            && self.cancel_reason.is_none()
            && self.details == self.details.without_personal()
    }

    /// Drops name, phone, the volunteer's free-text reason and the personal
    /// details; code, slot, party, status and times stay for the counts.
    pub fn erase_personal(&mut self) {
        self.name.clear();
        self.phone.clear();
        self.cancel_reason = None;
        self.details = self.details.without_personal();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::{BookingStatus, Channel, Consent, Details, Diet, Dining};
    use crate::code::BookingCode;
    use crate::schedule::Slot;

    fn record(date: &str) -> BookingRecord {
        let slot: Slot = serde_json::from_value(serde_json::json!({
            "id": format!("c1-lunch@{date}T11:00"), "offering_id": "c1-lunch", "center_id": "c1",
            "kind": "meal", "date": date, "start": "11:00", "end": "12:30",
            "capacity": 40, "remaining": 40
        }))
        .expect("slot");
        BookingRecord {
            code: BookingCode::from_random_bytes([1, 2, 3, 4, 5]),
            status: BookingStatus::CheckedIn,
            slot,
            name: "张阿姨".into(),
            phone: "13812345678".into(),
            party_size: 2,
            channel: Channel::Kiosk,
            consent: Consent {
                notice: "2026-11".into(),
                sensitive: true,
                sms: None,
            },
            details: Details::Meal {
                dining: Dining::Takeaway,
                diet: vec![Diet::LowSalt],
                price_band: Some("age-80".into()),
            },
            created_at_millis: 1,
            updated_at_millis: 2,
            staff_action: None,
            cancel_reason: Some("家里有事".into()),
        }
    }

    #[test]
    fn a_clock_that_jumps_ahead_erases_nothing_still_to_come() {
        let newest: Date = "2026-12-07".parse().expect("date");
        // The clock says 2030; the newest write was on 12-07.
        let jumped: Date = "2030-01-01".parse().expect("date");
        let from = kept_from(jumped, Some(newest));
        assert_eq!(from, newest);
        assert!(!record("2026-12-07").retention_due(from), "that day");
        assert!(!record("2026-12-10").retention_due(from), "upcoming");
        assert!(record("2026-12-06").retention_due(from), "before it");
        // A centre quiet for months: the clock is believed.
        let quiet: Date = "2027-06-01".parse().expect("date");
        assert_eq!(kept_from(quiet, Some(newest)), kept_from(quiet, None));
        // A clock behind the newest write: the clock alone.
        assert_eq!(kept_from(newest, Some(jumped)), kept_from(newest, None));
    }

    #[test]
    fn personal_data_goes_thirty_days_after_the_service() {
        let today: Date = "2026-12-27".parse().expect("date");
        let made_today = Some(today);
        let from = kept_from(today, made_today);
        assert_eq!(from.to_string(), "2026-11-27");
        // The service day itself plus 30 days are kept.
        assert!(!record("2026-11-27").retention_due(from));
        assert!(record("2026-11-26").retention_due(from));

        let mut old = record("2026-11-26");
        old.erase_personal();
        assert!(old.is_erased());
        assert!(!old.retention_due(from));
        assert_eq!((old.name.as_str(), old.phone.as_str()), ("", ""));
        assert_eq!(old.cancel_reason, None);
        // The counts stay: party, status, dining and price band, not the diet.
        assert_eq!((old.party_size, old.status), (2, BookingStatus::CheckedIn));
        assert_eq!(
            old.details,
            Details::Meal {
                dining: Dining::Takeaway,
                diet: vec![],
                price_band: Some("age-80".into()),
            }
        );
    }
}
