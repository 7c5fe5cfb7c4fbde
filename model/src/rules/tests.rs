use super::*;
use crate::booking::Channel;
use crate::catalog::{Offering, ServiceKind};
use crate::testing::{at, meal_request, offering, rule};
use crate::validate::validate_booking;

/// Fridays 11:00–12:30 with 4 seats; 2026-11-27 is a Friday.
fn lunch() -> Offering {
    offering(
        "c1",
        "c1-lunch",
        ServiceKind::Meal,
        vec![rule(&[5], "11:00", "12:30", 4, None)],
    )
}

fn valid(party: i64) -> ValidBooking {
    let req = meal_request(
        "c1-lunch@2026-11-27T11:00",
        "13812345678",
        party,
        Channel::Kiosk,
    );
    validate_booking(&req, &lunch(), at("2026-11-27", "09:00"), &[Channel::Kiosk])
        .expect("valid booking")
}

fn record(status: BookingStatus, party: i64) -> BookingRecord {
    let b = valid(party);
    BookingRecord {
        code: BookingCode::from_random_bytes([1, 2, 3, 4, 5]),
        status,
        slot: b.slot,
        name: "张阿姨".into(),
        phone: b.phone.canonical(),
        party_size: b.party_size,
        channel: b.channel,
        consent: b.consent,
        details: b.details,
        created_at_millis: 1,
        updated_at_millis: 1,
        staff_action: None,
        cancel_reason: None,
    }
}

fn facts(already_booked: bool, booked_that_day: u32, seats_taken: u32) -> AdmissionFacts {
    AdmissionFacts {
        already_booked,
        booked_that_day,
        seats_taken,
    }
}

#[test]
fn admission_checks_the_phone_then_the_daily_limit_then_the_seats() {
    let two = valid(2);
    assert_eq!(admit(&two, None, &facts(false, 0, 2)), Ok(()));
    assert_eq!(
        admit(&two, None, &facts(false, 0, 3)),
        Err(BookingError::SlotFull)
    );
    assert_eq!(
        admit(&two, Some(1), &facts(false, 1, 0)),
        Err(BookingError::DailyLimitReached)
    );
    assert_eq!(admit(&two, Some(2), &facts(false, 1, 0)), Ok(()));
    // Without a limit, any number that day.
    assert_eq!(admit(&two, None, &facts(false, 9, 0)), Ok(()));
    // The phone's own booking in the slot is named first, even when full.
    assert_eq!(
        admit(&two, Some(1), &facts(true, 1, 4)),
        Err(BookingError::AlreadyBooked)
    );
}

#[test]
fn residents_cancel_their_confirmed_bookings_before_the_start() {
    let phone = "13812345678";
    let before = at("2026-11-27", "10:59");
    let confirmed = record(BookingStatus::Confirmed, 1);
    assert_eq!(
        resident_cancel(Some(&confirmed), phone, before),
        Ok(CancelDecision::Cancel)
    );
    assert_eq!(
        resident_cancel(Some(&confirmed), phone, at("2026-11-27", "11:00")),
        Err(CancelRefusal::SlotStarted)
    );
    assert_eq!(
        resident_cancel(Some(&confirmed), "13900000000", before),
        Err(CancelRefusal::NotFound)
    );
    assert_eq!(
        resident_cancel(None, phone, before),
        Err(CancelRefusal::NotFound)
    );
    let cancelled = record(BookingStatus::Cancelled, 1);
    assert_eq!(
        resident_cancel(Some(&cancelled), phone, before),
        Ok(CancelDecision::AlreadyCancelled)
    );
    let checked_in = record(BookingStatus::CheckedIn, 1);
    assert_eq!(
        resident_cancel(Some(&checked_in), phone, before),
        Err(CancelRefusal::NotCancellable(BookingStatus::CheckedIn))
    );
    let erased = BookingRecord {
        phone: String::new(),
        ..confirmed
    };
    assert_eq!(
        resident_cancel(Some(&erased), "", before),
        Err(CancelRefusal::NotFound)
    );
}

#[test]
fn staff_changes_move_seats_and_a_late_arrival_needs_one() {
    let c1: CenterId = "c1".parse().expect("id");
    let during = at("2026-11-27", "11:30");
    let confirmed = record(BookingStatus::Confirmed, 2);
    assert_eq!(
        staff_change(Some(&confirmed), &c1, StaffAction::NoShow, during, 4),
        Ok(StaffChange {
            to: BookingStatus::NoShow,
            seats: SeatChange::Free(2)
        })
    );
    assert_eq!(
        staff_change(Some(&confirmed), &c1, StaffAction::CheckIn, during, 4),
        Ok(StaffChange {
            to: BookingStatus::CheckedIn,
            seats: SeatChange::Keep
        })
    );
    let no_show = record(BookingStatus::NoShow, 2);
    assert_eq!(
        staff_change(Some(&no_show), &c1, StaffAction::CheckIn, during, 2),
        Ok(StaffChange {
            to: BookingStatus::CheckedIn,
            seats: SeatChange::Take(2)
        })
    );
    assert_eq!(
        staff_change(Some(&no_show), &c1, StaffAction::CheckIn, during, 3),
        Err(StaffRefusal::SlotFull)
    );
    let other: CenterId = "c2".parse().expect("id");
    assert_eq!(
        staff_change(Some(&confirmed), &other, StaffAction::CheckIn, during, 0),
        Err(StaffRefusal::NotFound)
    );
    assert_eq!(
        staff_change(
            Some(&confirmed),
            &c1,
            StaffAction::NoShow,
            at("2026-11-27", "10:00"),
            0
        ),
        Err(StaffRefusal::Transition(TransitionError::SlotNotStarted))
    );
}

#[test]
fn imports_keep_codes_seats_and_one_booking_per_phone() {
    let r = record(BookingStatus::Confirmed, 2);
    let none = ImportFacts {
        stored: None,
        active_for_phone: None,
        seats_taken: 2,
    };
    assert_eq!(import_decision(&r, &none), ImportOutcome::Imported);
    let full = ImportFacts {
        seats_taken: 3,
        ..none
    };
    assert_eq!(
        import_decision(&r, &full),
        ImportOutcome::SlotFull {
            taken: 3,
            capacity: 4
        }
    );
    // A cancelled record holds no seats: it goes in whatever the count.
    let cancelled = record(BookingStatus::Cancelled, 2);
    assert_eq!(import_decision(&cancelled, &full), ImportOutcome::Imported);
    let other = BookingCode::from_random_bytes([9, 9, 9, 9, 9]);
    let twice = ImportFacts {
        active_for_phone: Some(other),
        ..none
    };
    assert_eq!(
        import_decision(&r, &twice),
        ImportOutcome::AlreadyBooked { other }
    );
    let same = ImportFacts {
        stored: Some(&r),
        ..none
    };
    assert_eq!(import_decision(&r, &same), ImportOutcome::AlreadyThere);
    let changed = BookingRecord {
        name: "李*".into(),
        party_size: 1,
        ..r.clone()
    };
    assert_eq!(
        import_decision(&changed, &same),
        ImportOutcome::CodeClash {
            differs: vec!["name", "party_size"]
        }
    );
}
