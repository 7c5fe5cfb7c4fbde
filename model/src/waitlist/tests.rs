use super::*;
use crate::catalog::{Offering, ServiceKind};
use crate::error_code::ErrorCode;
use crate::testing::{at, meal_request, offering, rule};
use crate::time::LocalDateTime;
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

fn valid(phone: &str, party: i64) -> ValidBooking {
    let req = meal_request("c1-lunch@2026-11-27T11:00", phone, party, Channel::Web);
    validate_booking(&req, &lunch(), at("2026-11-26", "09:00"), &[Channel::Web])
        .expect("valid booking")
}

fn entry(status: WaitStatus, hold_until_millis: Option<i64>) -> WaitlistRecord {
    let mut e = WaitlistRecord::joined(
        &valid("13812345678", 2),
        BookingCode::from_random_bytes([9, 8, 7, 6, 5]),
        Some(30),
        None,
        1_000,
    );
    e.status = status;
    e.hold_until_millis = hold_until_millis;
    e
}

fn join(already_booked: bool, already_waiting: bool, taken: u32, open: u32) -> JoinFacts {
    JoinFacts {
        already_booked,
        already_waiting,
        seats_taken: taken,
        open_entries: open,
    }
}

#[test]
fn only_a_full_slot_can_be_waited_for_once_per_phone_under_the_cap() {
    let two = valid("13812345678", 2);
    assert_eq!(may_join(&two, &join(false, false, 3, 0)), Ok(()));
    // Two seats left: the party fits, so it books instead.
    assert_eq!(
        may_join(&two, &join(false, false, 2, 0)),
        Err(WaitError::NotFull)
    );
    assert_eq!(
        may_join(&two, &join(true, false, 4, 0)),
        Err(WaitError::AlreadyBooked)
    );
    assert_eq!(
        may_join(&two, &join(false, true, 4, 0)),
        Err(WaitError::AlreadyWaiting)
    );
    // Twice the capacity (4 seats: 8 entries).
    assert_eq!(cap(4), 8);
    assert_eq!(may_join(&two, &join(false, false, 4, 7)), Ok(()));
    assert_eq!(
        may_join(&two, &join(false, false, 4, 8)),
        Err(WaitError::ListFull)
    );
    assert_eq!(WaitError::ListFull.code(), ErrorCode::WaitlistFull);
    assert_eq!(WaitError::NotFull.code(), ErrorCode::SlotNotFull);
}

fn waiting(party: u8, hold: Option<u16>) -> Candidate {
    Candidate {
        party_size: party,
        hold_minutes: hold,
        already_booked: false,
        booked_that_day: 0,
        daily_limit: None,
    }
}

#[test]
fn freed_seats_go_to_the_first_entries_that_fit_in_order() {
    let slot = valid("13812345678", 1).slot;
    let now = at("2026-11-26", "09:00");
    let list = [
        waiting(1, None),
        waiting(3, None),
        waiting(1, None),
        waiting(1, None),
    ];
    // Two seats: the first, then the party of 3 doesn't fit and keeps its
    // place, and the next single takes the second seat.
    assert_eq!(
        promote(2, &list, &slot, now),
        vec![
            Promotion::Book,
            Promotion::Stay,
            Promotion::Book,
            Promotion::Stay
        ]
    );
    assert_eq!(promote(0, &list, &slot, now), vec![Promotion::Stay; 4]);
    assert_eq!(
        promote(4, &list, &slot, now)[..2],
        [Promotion::Book, Promotion::Book]
    );
}

#[test]
fn an_entry_that_can_no_longer_book_closes_and_a_started_slot_closes_all() {
    let slot = valid("13812345678", 1).slot;
    let now = at("2026-11-26", "09:00");
    let mut booked = waiting(1, None);
    booked.already_booked = true;
    let mut limited = waiting(1, None);
    limited.booked_that_day = 1;
    limited.daily_limit = Some(1);
    let list = [booked, limited, waiting(1, None)];
    assert_eq!(
        promote(1, &list, &slot, now),
        vec![Promotion::Close, Promotion::Close, Promotion::Book]
    );
    let started = at("2026-11-27", "11:00");
    assert_eq!(
        promote(4, &[waiting(1, None)], &slot, started),
        vec![Promotion::Close]
    );
}

#[test]
fn holds_last_the_offerings_minutes_shorter_on_the_day_never_past_the_start() {
    let slot = valid("13812345678", 1).slot;
    let day_before = at("2026-11-26", "09:00");
    let ms = |t: LocalDateTime| t.to_unix_millis();
    assert_eq!(hold_until(None, &slot, day_before), None);
    assert_eq!(
        hold_until(Some(30), &slot, day_before),
        Some(ms(day_before) + 30 * 60_000)
    );
    let morning = at("2026-11-27", "09:00");
    assert_eq!(
        hold_until(Some(30), &slot, morning),
        Some(ms(morning) + i64::from(SAME_DAY_HOLD_MINUTES) * 60_000)
    );
    let just_before = at("2026-11-27", "10:55");
    assert_eq!(
        hold_until(Some(30), &slot, just_before),
        Some(ms(at("2026-11-27", "11:00")))
    );
    assert_eq!(
        promote(2, &[waiting(2, Some(30))], &slot, day_before),
        vec![Promotion::Hold {
            until_millis: ms(day_before) + 30 * 60_000
        }]
    );
    let mut asked = lunch();
    asked.waitlist_hold_minutes = Some(0);
    assert_eq!(asked.waitlist_hold(), Some(DEFAULT_HOLD_MINUTES));
    asked.waitlist_hold_minutes = Some(15);
    assert_eq!(asked.waitlist_hold(), Some(15));
    assert_eq!(lunch().waitlist_hold(), None);
}

#[test]
fn a_hold_is_confirmed_by_its_phone_before_it_runs_out() {
    let phone = "13812345678";
    let held = entry(WaitStatus::Held, Some(5_000));
    assert_eq!(
        confirm_hold(Some(&held), phone, 4_999),
        Ok(ConfirmDecision::Confirm)
    );
    assert_eq!(
        confirm_hold(Some(&held), phone, 5_000),
        Err(WaitRefusal::HoldExpired)
    );
    assert!(hold_expired(&held, 5_000));
    assert!(!hold_expired(&entry(WaitStatus::Waiting, None), 5_000));
    assert_eq!(
        confirm_hold(Some(&held), "13900000000", 1),
        Err(WaitRefusal::NotFound)
    );
    assert_eq!(confirm_hold(None, phone, 1), Err(WaitRefusal::NotFound));
    assert_eq!(
        confirm_hold(Some(&entry(WaitStatus::Promoted, None)), phone, 1),
        Ok(ConfirmDecision::AlreadyConfirmed)
    );
    assert_eq!(
        confirm_hold(Some(&entry(WaitStatus::Waiting, None)), phone, 1),
        Err(WaitRefusal::NotHeld(WaitStatus::Waiting))
    );
    assert_eq!(WaitRefusal::HoldExpired.code(), ErrorCode::HoldExpired);
}

#[test]
fn leaving_frees_a_hold_and_is_safe_to_repeat() {
    let phone = "13812345678";
    assert_eq!(
        leave(Some(&entry(WaitStatus::Waiting, None)), phone),
        Ok(LeaveDecision::Leave { frees: 0 })
    );
    assert_eq!(
        leave(Some(&entry(WaitStatus::Held, Some(9))), phone),
        Ok(LeaveDecision::Leave { frees: 2 })
    );
    assert_eq!(
        leave(Some(&entry(WaitStatus::Left, None)), phone),
        Ok(LeaveDecision::AlreadyLeft)
    );
    assert_eq!(
        leave(Some(&entry(WaitStatus::Promoted, None)), phone),
        Err(WaitRefusal::NotLeavable(WaitStatus::Promoted))
    );
    let mut erased = entry(WaitStatus::Waiting, None);
    erased.erase_personal();
    assert_eq!(leave(Some(&erased), ""), Err(WaitRefusal::NotFound));
}

#[test]
fn an_entry_becomes_a_booking_with_its_code_and_shows_masked() {
    let mut e = entry(WaitStatus::Waiting, None);
    e.position = Some(3);
    let b = e.to_booking(7_000);
    assert_eq!(b.code, e.code);
    assert_eq!(b.status, crate::booking::BookingStatus::Confirmed);
    assert_eq!((b.phone.as_str(), b.party_size), ("13812345678", 2));
    assert_eq!(b.created_at_millis, 7_000);
    let shown = e.for_resident();
    assert_eq!(shown.position, Some(3));
    assert!(!shown.phone.contains("1234"), "{}", shown.phone);
    let staff = e.for_staff();
    assert_eq!(
        (staff.name.as_str(), staff.phone.as_str()),
        ("张*", "*******5678")
    );
    for s in WaitStatus::ALL {
        assert_eq!(WaitStatus::parse(s.as_str()), Some(s));
    }
    assert!(WaitStatus::Held.is_open() && !WaitStatus::Promoted.is_open());
}
