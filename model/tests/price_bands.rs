//! Price bands on meals: a chosen band must be one the offering lists, and
//! the price follows the band. Also the codes of the newer booking errors.

use linli_model::ErrorCode;
use linli_model::booking::{BookingRequest, Channel, Consent, Details, Dining};
use linli_model::catalog::{Offering, PriceBand, ScheduleRule, ServiceKind};
use linli_model::validate::{BookingError, ErrorClass, check_details, validate_booking};
use linli_model::{LocalDateTime, LocalizedText, price_cents};

fn lunch(bands: &[(&str, u32)]) -> Offering {
    Offering {
        id: "c1-lunch".parse().expect("id"),
        center_id: "c1".parse().expect("id"),
        kind: ServiceKind::Meal,
        name: LocalizedText::default(),
        description: LocalizedText::default(),
        provider: LocalizedText::default(),
        price_cents: 1400,
        max_party: 4,
        // Fridays 11:00–12:30; 2026-11-27 is a Friday.
        schedule: vec![ScheduleRule {
            weekdays: vec![5],
            start: "11:00".parse().expect("time"),
            end: "12:30".parse().expect("time"),
            capacity: 40,
            slot_minutes: None,
        }],
        menus: vec![],
        dated_menus: vec![],
        price_bands: bands
            .iter()
            .map(|(id, price_cents)| PriceBand {
                id: (*id).into(),
                label: LocalizedText::default(),
                price_cents: *price_cents,
            })
            .collect(),
        daily_limit_per_phone: Some(1),
        home_service: false,
        staff: None,
        min_age: None,
        booking_horizon_days: None,
        waitlist_hold_minutes: None,
    }
}

fn meal(band: Option<&str>) -> Details {
    Details::Meal {
        dining: Dining::DineIn,
        diet: vec![],
        price_band: band.map(str::to_owned),
    }
}

fn bands() -> Offering {
    lunch(&[("age60", 1400), ("age80", 1200), ("priority", 300)])
}

#[test]
fn a_listed_band_is_accepted_and_sets_the_price() {
    let o = bands();
    let checked = check_details(&meal(Some(" age80 ")), &o).expect("valid");
    assert_eq!(checked, meal(Some("age80")), "trimmed");
    assert_eq!(price_cents(&o, &checked), 1200);
    // No band, or a blank one, is the standard price.
    for none in [None, Some(""), Some("  ")] {
        let checked = check_details(&meal(none), &o).expect("valid");
        assert_eq!(checked, meal(None));
        assert_eq!(price_cents(&o, &checked), 1400);
    }
}

#[test]
fn an_unknown_band_is_refused_on_its_field() {
    for (offering, band) in [
        (bands(), "age90"),
        (bands(), "AGE80"),
        // An offering without bands has none to choose.
        (lunch(&[]), "age80"),
    ] {
        let err = check_details(&meal(Some(band)), &offering).expect_err(band);
        assert_eq!(err, BookingError::UnknownPriceBand);
        assert_eq!(
            (err.code(), err.field(), err.class()),
            (
                ErrorCode::PriceBandInvalid,
                Some("details.price_band"),
                ErrorClass::Invalid
            )
        );
    }
}

#[test]
fn the_whole_request_checks_the_band() {
    let request = BookingRequest {
        slot_id: "c1-lunch@2026-11-27T11:00".into(),
        name: "张阿姨".into(),
        phone: "13812345678".into(),
        party_size: 2,
        channel: Channel::Kiosk,
        consent: Consent {
            notice: "2026-11".into(),
            sensitive: false,
            sms: None,
        },
        details: meal(Some("priority")),
    };
    let now = LocalDateTime {
        date: "2026-11-27".parse().expect("date"),
        time: "09:00".parse().expect("time"),
    };
    let valid = validate_booking(&request, &bands(), now, &[Channel::Kiosk]).expect("valid");
    assert_eq!(valid.details, meal(Some("priority")));
    let wrong = BookingRequest {
        details: meal(Some("vip")),
        ..request
    };
    assert_eq!(
        validate_booking(&wrong, &bands(), now, &[Channel::Kiosk]),
        Err(BookingError::UnknownPriceBand)
    );
}

#[test]
fn the_daily_limit_is_a_conflict_of_its_own() {
    let e = BookingError::DailyLimitReached;
    assert_eq!(
        (e.code(), e.field(), e.class()),
        (ErrorCode::DailyLimitReached, None, ErrorClass::Conflict)
    );
    assert_ne!(e.code(), BookingError::AlreadyBooked.code());
}
