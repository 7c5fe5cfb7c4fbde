use super::*;
use crate::booking::{BookingRequest, Channel};
use crate::catalog::{Offering, ServiceKind};
use crate::testing::{at, meal_request, offering, rule};
use crate::validate::validate_booking;

/// Fridays 11:00–12:30 with 4 seats; 2026-11-27 is a Friday.
fn lunch(daily_limit: Option<u8>) -> Offering {
    Offering {
        daily_limit_per_phone: daily_limit,
        ..offering(
            "c1",
            "c1-lunch",
            ServiceKind::Meal,
            vec![rule(&[5], "11:00", "12:30", 4, None)],
        )
    }
}

const MORNING: i64 = 1_795_740_000_000;

fn request(phone: &str, party: i64, date: &str) -> BookingRequest {
    meal_request(
        &format!("c1-lunch@{date}T11:00"),
        phone,
        party,
        Channel::Kiosk,
    )
}

/// Counts up from 1 so every code differs, or repeats to force a clash.
fn bytes(seed: &mut u8) -> impl FnMut() -> [u8; 5] + '_ {
    move || {
        *seed = seed.wrapping_add(1);
        [*seed, 0, 0, 0, 1]
    }
}

fn book(
    ledger: &mut Ledger,
    offering: &Offering,
    req: &BookingRequest,
    key: Option<&str>,
    seed: &mut u8,
) -> Result<BookingRecord, LedgerError> {
    let booking = validate_booking(req, offering, at("2026-11-27", "09:00"), &[Channel::Kiosk])?;
    ledger.book(
        NewBooking {
            booking,
            daily_limit: offering.daily_limit_per_phone,
            idempotency_key: key,
            now_millis: MORNING,
        },
        bytes(seed),
    )
}

#[test]
fn seats_never_exceed_capacity() {
    let (offering, mut ledger, mut seed) = (lunch(None), Ledger::new(), 0);
    let first = book(
        &mut ledger,
        &offering,
        &request("13812345678", 3, "2026-11-27"),
        None,
        &mut seed,
    )
    .expect("3 of 4 seats");
    assert_eq!(first.status, BookingStatus::Confirmed);
    assert_eq!(first.phone, "13812345678");
    let full = book(
        &mut ledger,
        &offering,
        &request("13912345678", 2, "2026-11-27"),
        None,
        &mut seed,
    );
    assert_eq!(full, Err(LedgerError::Booking(BookingError::SlotFull)));
    book(
        &mut ledger,
        &offering,
        &request("13912345678", 1, "2026-11-27"),
        None,
        &mut seed,
    )
    .expect("the last seat");
    assert_eq!(ledger.seats_taken(&first.slot.id), 4);
}

#[test]
fn one_active_booking_per_phone_per_slot_and_the_daily_limit() {
    let (offering, mut ledger, mut seed) = (lunch(None), Ledger::new(), 0);
    let req = request("138 1234 5678", 1, "2026-11-27");
    let first = book(&mut ledger, &offering, &req, None, &mut seed).expect("booked");
    assert_eq!(
        book(
            &mut ledger,
            &offering,
            &request("13812345678", 1, "2026-11-27"),
            None,
            &mut seed
        ),
        Err(LedgerError::Booking(BookingError::AlreadyBooked))
    );
    // Once cancelled, the phone may book the slot again.
    ledger
        .cancel(
            first.code,
            "13812345678",
            at("2026-11-27", "09:30"),
            MORNING,
        )
        .expect("cancelled");
    book(&mut ledger, &offering, &req, None, &mut seed).expect("booked again");

    // A limit of one a day counts the offering's bookings that day.
    let limited = Offering {
        schedule: vec![
            rule(&[5], "17:00", "18:00", 4, None),
            rule(&[5], "11:00", "12:30", 4, None),
        ],
        ..lunch(Some(1))
    };
    let mut ledger = Ledger::new();
    book(&mut ledger, &limited, &req, None, &mut seed).expect("lunch");
    let dinner = BookingRequest {
        slot_id: "c1-lunch@2026-11-27T17:00".into(),
        ..req.clone()
    };
    assert_eq!(
        book(&mut ledger, &limited, &dinner, None, &mut seed),
        Err(LedgerError::Booking(BookingError::DailyLimitReached))
    );
}

#[test]
fn a_retried_request_gets_the_same_booking_and_codes_never_clash() {
    let (offering, mut ledger) = (lunch(None), Ledger::new());
    let mut seed = 0;
    let req = request("13812345678", 1, "2026-11-27");
    let first = book(&mut ledger, &offering, &req, Some("k1"), &mut seed).expect("booked");
    let again = book(&mut ledger, &offering, &req, Some("k1"), &mut seed).expect("replayed");
    assert_eq!(first, again);
    assert_eq!(ledger.bookings.len(), 1);

    // The generator repeats the first code once: the ledger draws again.
    let mut draws = 0;
    let booking = validate_booking(
        &request("13912345678", 1, "2026-11-27"),
        &offering,
        at("2026-11-27", "09:00"),
        &[Channel::Kiosk],
    )
    .expect("valid");
    let second = ledger
        .book(
            NewBooking {
                booking,
                daily_limit: None,
                idempotency_key: None,
                now_millis: MORNING,
            },
            || {
                draws += 1;
                if draws == 1 {
                    [1, 0, 0, 0, 1]
                } else {
                    [9, 9, 9, 9, 9]
                }
            },
        )
        .expect("booked");
    assert_eq!(draws, 2);
    assert_ne!(second.code, first.code);
}

#[test]
fn lookup_and_cancel_need_the_code_and_the_phone() {
    let (offering, mut ledger, mut seed) = (lunch(None), Ledger::new(), 0);
    let b = book(
        &mut ledger,
        &offering,
        &request("13812345678", 2, "2026-11-27"),
        None,
        &mut seed,
    )
    .expect("booked");
    assert!(ledger.lookup(b.code, "13812345678").is_ok());
    assert_eq!(
        ledger.lookup(b.code, "13900000000").err(),
        Some(LedgerError::NotFound)
    );
    let early = at("2026-11-27", "10:00");
    assert_eq!(
        ledger.cancel(b.code, "13900000000", early, MORNING).err(),
        Some(LedgerError::NotFound)
    );
    // Not once the sitting has started.
    assert_eq!(
        ledger
            .cancel(b.code, "13812345678", at("2026-11-27", "11:00"), MORNING)
            .err(),
        Some(LedgerError::Booking(BookingError::SlotClosed))
    );
    let cancelled = ledger
        .cancel(b.code, "13812345678", early, MORNING + 1)
        .expect("cancelled");
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(ledger.seats_taken(&b.slot.id), 0);
    // Twice is harmless.
    assert_eq!(
        ledger.cancel(b.code, "13812345678", early, MORNING + 2),
        Ok(cancelled)
    );
}

#[test]
fn staff_actions_follow_the_transitions_and_stay_in_their_centre() {
    let (offering, mut ledger, mut seed) = (lunch(None), Ledger::new(), 0);
    let b = book(
        &mut ledger,
        &offering,
        &request("13812345678", 3, "2026-11-27"),
        None,
        &mut seed,
    )
    .expect("booked");
    let c1: CenterId = "c1".parse().expect("id");
    let other: CenterId = "c2".parse().expect("id");
    let during = at("2026-11-27", "11:40");
    assert_eq!(
        ledger
            .act(&other, b.code, StaffAction::CheckIn, None, during, MORNING)
            .err(),
        Some(LedgerError::NotFound)
    );
    let no_show = ledger
        .act(&c1, b.code, StaffAction::NoShow, None, during, MORNING)
        .expect("no-show once started");
    assert_eq!(no_show.status, BookingStatus::NoShow);
    assert_eq!(ledger.seats_taken(&b.slot.id), 0);
    // Someone else takes two of the freed seats; the late arrival's three
    // no longer fit.
    book(
        &mut ledger,
        &offering,
        &request("13912345678", 2, "2026-11-27"),
        None,
        &mut seed,
    )
    .expect("booked");
    assert_eq!(
        ledger
            .act(&c1, b.code, StaffAction::CheckIn, None, during, MORNING)
            .err(),
        Some(LedgerError::Booking(BookingError::SlotFull))
    );
    let long = "很".repeat(201);
    assert!(matches!(
        ledger.act(
            &c1,
            b.code,
            StaffAction::Cancel,
            Some(&long),
            during,
            MORNING
        ),
        Err(LedgerError::Reason(_))
    ));
    assert!(matches!(
        ledger.act(&c1, b.code, StaffAction::UndoCheckIn, None, during, MORNING),
        Err(LedgerError::Transition(_))
    ));
}

#[test]
fn rosters_and_versions() {
    let (offering, mut ledger, mut seed) = (lunch(None), Ledger::new(), 0);
    book(
        &mut ledger,
        &offering,
        &request("13812345678", 1, "2026-11-27"),
        None,
        &mut seed,
    )
    .expect("booked");
    let c1: CenterId = "c1".parse().expect("id");
    assert_eq!(
        ledger
            .on_day(&c1, "2026-11-27".parse().expect("date"))
            .len(),
        1
    );
    assert!(
        ledger
            .on_day(&c1, "2026-11-28".parse().expect("date"))
            .is_empty()
    );

    // A ledger survives its own serialisation, and an old one is upgraded
    // while a newer one is refused rather than overwritten.
    let json = serde_json::to_string(&ledger).expect("json");
    let back: Ledger = serde_json::from_str(&json).expect("parsed");
    assert_eq!(back.clone().upgraded(), Ok(ledger.clone()));
    let newer = Ledger {
        version: LEDGER_VERSION + 1,
        ..ledger
    };
    assert_eq!(
        newer.upgraded().err(),
        Some(LedgerError::NewerVersion(LEDGER_VERSION + 1))
    );
}

#[test]
fn personal_data_goes_thirty_days_after_the_service() {
    let (offering, mut ledger, mut seed) = (lunch(None), Ledger::new(), 0);
    let b = book(
        &mut ledger,
        &offering,
        &request("13812345678", 1, "2026-11-27"),
        None,
        &mut seed,
    )
    .expect("booked");
    assert_eq!(ledger.erase_expired("2026-12-27".parse().expect("date")), 0);
    assert_eq!(ledger.erase_expired("2026-12-28".parse().expect("date")), 1);
    // Once only; the seats and the code stay for the counts.
    assert_eq!(ledger.erase_expired("2026-12-29".parse().expect("date")), 0);
    let kept = ledger.by_code(b.code).expect("kept");
    assert!(kept.name.is_empty() && kept.phone.is_empty());
    assert_eq!(ledger.seats_taken(&b.slot.id), 1);
    assert_eq!(
        ledger.lookup(b.code, "13812345678").err(),
        Some(LedgerError::NotFound)
    );
}
