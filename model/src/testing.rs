//! Builders the unit tests share: a time, a meal booking request, an
//! offering with one weekly rule. (The integration tests under `tests/`
//! can't see `cfg(test)` items and keep their own.)

use crate::booking::{BookingRequest, Channel, Consent, Details, Dining};
use crate::catalog::{Center, CenterFile, Offering, ScheduleRule, ServiceKind};
use crate::text::LocalizedText;
use crate::time::LocalDateTime;

/// `at("2026-11-27", "10:30")`: a local time.
pub fn at(date: &str, time: &str) -> LocalDateTime {
    LocalDateTime {
        date: date.parse().expect("date"),
        time: time.parse().expect("time"),
    }
}

/// A valid request for a meal at `slot_id`: dine in, no diet, the notice
/// seen, no sensitive consent.
pub fn meal_request(
    slot_id: &str,
    phone: &str,
    party_size: i64,
    channel: Channel,
) -> BookingRequest {
    BookingRequest {
        slot_id: slot_id.into(),
        name: "张阿姨".into(),
        phone: phone.into(),
        party_size,
        channel,
        consent: Consent {
            notice: "2026-11".into(),
            sensitive: false,
            sms: None,
        },
        details: Details::Meal {
            dining: Dining::DineIn,
            diet: vec![],
            price_band: None,
        },
    }
}

/// A weekly rule: `weekdays` 1 (Monday) to 7, `start`–`end`, `capacity`
/// seats, one slot unless `slot_minutes` cuts it.
pub fn rule(
    weekdays: &[u8],
    start: &str,
    end: &str,
    capacity: u32,
    slot_minutes: Option<u16>,
) -> ScheduleRule {
    ScheduleRule {
        weekdays: weekdays.to_vec(),
        start: start.parse().expect("time"),
        end: end.parse().expect("time"),
        capacity,
        slot_minutes,
    }
}

/// An offering of `center` with these rules, up to 4 a party, nothing else.
pub fn offering(
    center: &str,
    id: &str,
    kind: ServiceKind,
    schedule: Vec<ScheduleRule>,
) -> Offering {
    Offering {
        id: id.parse().expect("id"),
        center_id: center.parse().expect("id"),
        kind,
        name: LocalizedText::default(),
        description: LocalizedText::default(),
        provider: LocalizedText::default(),
        price_cents: 1500,
        max_party: 4,
        schedule,
        menus: vec![],
        dated_menus: vec![],
        price_bands: vec![],
        daily_limit_per_phone: None,
        home_service: false,
        staff: None,
        min_age: None,
        booking_horizon_days: None,
        waitlist_hold_minutes: None,
    }
}

/// A centre `id` in street `s` with these offerings and nothing else.
pub fn center_file(id: &str, offerings: Vec<Offering>) -> CenterFile {
    CenterFile {
        center: Center {
            id: id.parse().expect("id"),
            street_id: "s".parse().expect("id"),
            name: LocalizedText::default(),
            address: LocalizedText::default(),
            phone: String::new(),
            hours: LocalizedText::default(),
        },
        offerings,
    }
}
