use super::*;
use crate::testing::{at, meal_request};

/// Lunch on Fridays 11:00–12:30 (2026-11-27 is a Friday).
fn lunch() -> Offering {
    serde_json::from_value(serde_json::json!({
        "id": "c1-lunch", "center_id": "c1", "kind": "meal",
        "name": {"zh": "午餐", "en": "Lunch"},
        "description": {"zh": "", "en": ""},
        "provider": {"zh": "", "en": ""},
        "price_cents": 1500, "max_party": 4,
        "schedule": [{"weekdays": [5], "start": "11:00", "end": "12:30", "capacity": 40}]
    }))
    .expect("offering")
}

fn request(channel: Channel) -> BookingRequest {
    meal_request("c1-lunch@2026-11-27T11:00", "13812345678", 1, channel)
}

const RESIDENTS: &[Channel] = &[Channel::Kiosk, Channel::Web];
const STAFF: &[Channel] = &[Channel::Staff];

#[test]
fn staff_book_walk_ins_until_the_slot_ends_residents_until_it_starts() {
    let o = lunch();
    let check = |channel, allowed, time| {
        validate_booking(&request(channel), &o, at("2026-11-27", time), allowed).map(|_| ())
    };
    // Before the start: both.
    assert_eq!(check(Channel::Kiosk, RESIDENTS, "10:59"), Ok(()));
    assert_eq!(check(Channel::Staff, STAFF, "10:59"), Ok(()));
    // During the sitting: staff only.
    for time in ["11:00", "12:29"] {
        assert_eq!(
            check(Channel::Kiosk, RESIDENTS, time),
            Err(BookingError::SlotClosed)
        );
        assert_eq!(check(Channel::Staff, STAFF, time), Ok(()), "{time}");
    }
    // Once it has ended: nobody.
    for time in ["12:30", "18:00"] {
        assert_eq!(
            check(Channel::Staff, STAFF, time),
            Err(BookingError::SlotClosed)
        );
    }
    // A resident claiming to be staff gets the residents' window first.
    assert_eq!(
        check(Channel::Staff, RESIDENTS, "11:30"),
        Err(BookingError::SlotClosed)
    );
    assert_eq!(
        check(Channel::Staff, RESIDENTS, "10:00"),
        Err(BookingError::ChannelNotAllowed)
    );
}

#[test]
fn a_meals_diets_are_kept_sorted_and_each_once() {
    let meal = |diet: Vec<Diet>| Details::Meal {
        dining: crate::details::Dining::DineIn,
        diet,
        price_band: None,
    };
    let given = meal(vec![
        Diet::NoSpicy,
        Diet::LowSalt,
        Diet::NoSpicy,
        Diet::Soft,
    ]);
    assert_eq!(
        check_details(&given, &lunch()),
        Ok(meal(vec![Diet::LowSalt, Diet::Soft, Diet::NoSpicy]))
    );
}
