use super::*;
use crate::catalog::ServiceKind;
use crate::testing::at;

/// Lunch on 2026-11-27, 11:00–12:30.
fn lunch() -> Slot {
    Slot {
        id: "dongshan-zhushan-lunch@2026-11-27T11:00"
            .parse()
            .expect("id"),
        offering_id: "dongshan-zhushan-lunch".parse().expect("id"),
        center_id: "dongshan-zhushan".parse().expect("id"),
        kind: ServiceKind::Meal,
        date: "2026-11-27".parse().expect("date"),
        start: "11:00".parse().expect("time"),
        end: "12:30".parse().expect("time"),
        capacity: 40,
        remaining: 40,
        waiting: None,
    }
}

#[test]
fn pins_are_six_to_twelve_digits_and_not_trivial() {
    assert_eq!(Pin::parse("246810").expect("valid").as_str(), "246810");
    assert_eq!(
        Pin::parse(" 908172635401 ").expect("valid").as_str(),
        "908172635401"
    );
    assert_eq!(Pin::parse("24681"), Err(PinError::Length));
    assert_eq!(Pin::parse("2468102468102"), Err(PinError::Length));
    assert_eq!(Pin::parse(""), Err(PinError::Length));
    for bad in ["24681a", "2468 10", "２４６８１０", "-246810"] {
        assert_eq!(Pin::parse(bad), Err(PinError::NotDigits), "{bad}");
    }
    for weak in ["000000", "123456", "987654", "3456789012"] {
        let expected = if weak == "3456789012" {
            Ok(())
        } else {
            Err(PinError::TooSimple)
        };
        assert_eq!(Pin::parse(weak).map(|_| ()), expected, "{weak}");
    }
    assert_eq!(PinError::Length.code(), ErrorCode::PinLength);
    assert!(!format!("{:?}", Pin::parse("246810").expect("valid")).contains("246810"));
}

#[test]
fn check_in_and_undo() {
    let slot = lunch();
    let now = at("2026-11-27", "10:40");
    use BookingStatus::*;
    use StaffAction as A;
    assert_eq!(transition(A::CheckIn, Confirmed, &slot, now), Ok(CheckedIn));
    // A late arrival after a no-show mark.
    assert_eq!(
        transition(A::CheckIn, NoShow, &slot, at("2026-11-27", "11:20")),
        Ok(CheckedIn)
    );
    assert_eq!(
        transition(A::UndoCheckIn, CheckedIn, &slot, now),
        Ok(Confirmed)
    );
    for from in [CheckedIn, Cancelled] {
        assert_eq!(
            transition(A::CheckIn, from, &slot, now),
            Err(TransitionError::InvalidTransition {
                from: from.as_str()
            })
        );
    }
    for from in [Confirmed, NoShow, Cancelled] {
        assert!(transition(A::UndoCheckIn, from, &slot, now).is_err());
    }
    // Not on an earlier day; any time on the day itself.
    assert_eq!(
        transition(A::CheckIn, Confirmed, &slot, at("2026-11-26", "23:59")),
        Err(TransitionError::SlotNotStarted)
    );
    assert_eq!(
        transition(A::CheckIn, Confirmed, &slot, at("2026-11-27", "00:00")),
        Ok(CheckedIn)
    );
}

#[test]
fn no_show_only_once_started() {
    let slot = lunch();
    use BookingStatus::*;
    use StaffAction as A;
    assert_eq!(
        transition(A::NoShow, Confirmed, &slot, at("2026-11-27", "10:59")),
        Err(TransitionError::SlotNotStarted)
    );
    assert_eq!(
        transition(A::NoShow, Confirmed, &slot, at("2026-11-27", "11:00")),
        Ok(NoShow)
    );
    assert_eq!(
        transition(A::NoShow, Confirmed, &slot, at("2026-11-28", "09:00")),
        Ok(NoShow)
    );
    for from in [CheckedIn, NoShow, Cancelled] {
        assert!(transition(A::NoShow, from, &slot, at("2026-11-27", "12:00")).is_err());
    }
    assert_eq!(
        TransitionError::SlotNotStarted.code(),
        ErrorCode::SlotNotStarted
    );
}

#[test]
fn staff_cancel_until_the_slot_ends() {
    let slot = lunch();
    use BookingStatus::*;
    use StaffAction as A;
    assert_eq!(
        transition(A::Cancel, Confirmed, &slot, at("2026-11-27", "12:29")),
        Ok(Cancelled)
    );
    assert_eq!(
        transition(A::Cancel, Confirmed, &slot, at("2026-11-27", "12:30")),
        Err(TransitionError::SlotEnded)
    );
    let err = transition(A::Cancel, CheckedIn, &slot, at("2026-11-27", "10:00")).expect_err("no");
    assert_eq!(err.code(), ErrorCode::InvalidTransition);
}

#[test]
fn cancel_reasons_are_short_single_lines() {
    assert_eq!(cancel_reason(None), Ok(None));
    assert_eq!(cancel_reason(Some("  ")), Ok(None));
    assert_eq!(cancel_reason(Some(" 住院 ")), Ok(Some("住院".into())));
    assert_eq!(
        cancel_reason(Some(&"长".repeat(200))).map(|r| r.is_some()),
        Ok(true)
    );
    assert_eq!(
        cancel_reason(Some(&"长".repeat(201))),
        Err(ReasonError::TooLong)
    );
    assert_eq!(cancel_reason(Some("a\nb")), Err(ReasonError::Invalid));
}

#[test]
fn actions_round_trip_their_names() {
    for a in [
        StaffAction::CheckIn,
        StaffAction::UndoCheckIn,
        StaffAction::NoShow,
        StaffAction::Cancel,
    ] {
        assert_eq!(StaffAction::parse(a.as_str()), Some(a));
        assert_eq!(serde_json::to_value(a).expect("json"), a.as_str());
    }
    assert_eq!(StaffAction::parse("delete"), None);
}
