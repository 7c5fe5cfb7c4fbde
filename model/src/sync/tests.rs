use super::*;
use crate::testing::at;

fn id(s: &str) -> Result<StaffActionId, ActionIdError> {
    s.parse()
}

#[test]
fn action_ids_are_32_lowercase_hex() {
    let good = "0123456789abcdef0123456789abcdef";
    assert_eq!(id(good).map(|i| i.to_string()), Ok(good.to_owned()));
    for bad in [
        "",
        "0123456789abcdef0123456789abcde",
        "0123456789abcdef0123456789abcdef0",
        "0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef0123456789abcdeg",
        " 123456789abcdef0123456789abcdef",
        "０123456789abcdef0123456789abcde",
    ] {
        assert_eq!(id(bad), Err(ActionIdError::Malformed), "{bad:?}");
    }
    let json = format!(r#""{good}""#);
    let read: StaffActionId = serde_json::from_str(&json).expect("reads");
    assert_eq!(serde_json::to_string(&read).expect("writes"), json);
    assert!(serde_json::from_str::<StaffActionId>(r#""abc""#).is_err());
}

#[test]
fn cancelling_is_not_queued() {
    for a in [
        QueuedAction::CheckIn,
        QueuedAction::UndoCheckIn,
        QueuedAction::NoShow,
    ] {
        assert_eq!(QueuedAction::from_staff(a.staff()), Some(a));
        // The same names on the wire as the staff actions.
        assert_eq!(
            serde_json::to_value(a).expect("json"),
            serde_json::to_value(a.staff()).expect("json")
        );
    }
    assert_eq!(QueuedAction::from_staff(StaffAction::Cancel), None);
}

#[test]
fn a_queued_action_reads_as_the_app_sends_it() {
    let json = r#"{"actions":[{"id":"00000000000000000000000000000001",
        "code":"k7qm-2p9d","action":"no_show","at":"2026-11-27T11:05"}]}"#;
    let req: SyncRequest = serde_json::from_str(json).expect("reads");
    let a = &req.actions[0];
    assert_eq!(a.code.to_string(), "K7QM-2P9D");
    assert_eq!(a.action, QueuedAction::NoShow);
    assert_eq!(a.at, at("2026-11-27", "11:05"));
    for bad in [
        json.replace("no_show", "cancel"),
        json.replace("T11:05", " 11:05"),
        json.replace("0001\"", "001\""),
        json.replace("\"action\"", "\"note\":\"x\",\"action\""),
        json.replace("{\"actions\"", "{\"more\":1,\"actions\""),
    ] {
        assert!(serde_json::from_str::<SyncRequest>(&bad).is_err(), "{bad}");
    }
}

#[test]
fn the_tap_is_believed_within_limits() {
    // 12:00:30 at the server.
    let now = at("2026-11-27", "12:00").to_unix_millis() + 30_000;
    let moment = |date, time| queued_moment(at(date, time), now).map(|(t, ms)| (t.to_string(), ms));
    let kept = |date, time| {
        let t = at(date, time);
        Ok((t.to_string(), t.to_unix_millis()))
    };
    // Earlier taps keep their time, a week back at most.
    assert_eq!(moment("2026-11-27", "11:05"), kept("2026-11-27", "11:05"));
    assert_eq!(moment("2026-11-20", "12:01"), kept("2026-11-20", "12:01"));
    assert_eq!(moment("2026-11-20", "12:00"), Err(QueuedTimeError::TooOld));
    assert_eq!(moment("2020-01-01", "00:00"), Err(QueuedTimeError::TooOld));
    // The current minute, or a clock a little ahead: the server's time; a
    // day ahead: wrong.
    let server = Ok(("2026-11-27T12:00".to_owned(), now));
    assert_eq!(moment("2026-11-27", "12:00"), server);
    assert_eq!(moment("2026-11-27", "12:30"), server);
    assert_eq!(moment("2026-11-28", "12:00"), server);
    assert_eq!(moment("2026-11-28", "12:01"), Err(QueuedTimeError::Ahead));
    assert_eq!(QueuedTimeError::TooOld.code(), ErrorCode::DeviceTimeInvalid);
}

#[test]
fn recorded_times_never_run_backwards() {
    assert_eq!(change_millis(5_000, 3_000), 5_000);
    assert_eq!(change_millis(3_000, 5_000), 5_000);
}

#[test]
fn results_say_done_before_or_why_not() {
    let i = id("0123456789abcdef0123456789abcdef").expect("id");
    let error = crate::ApiErrorBody::new(ErrorCode::InvalidTransition, "changed", None).error;
    let c = SyncResult::conflict(i.clone(), error, None);
    let json = serde_json::to_value(&c).expect("json");
    assert_eq!(json["outcome"], "conflict");
    assert_eq!(json["error"]["code"], "invalid_transition");
    assert!(json["error"]["field"].is_null());
    assert!(json["entry"].is_null());
    let back: SyncResult = serde_json::from_value(json).expect("reads");
    assert_eq!(back, c);
}

#[test]
fn the_device_shows_its_queue_on_the_roster() {
    use crate::booking::{BookingStatus, Channel, Details, Dining};
    use crate::catalog::ServiceKind;
    use crate::roster::{RosterSlot, tally};
    use crate::text::LocalizedText;
    let entry = |byte: u8, party: u8| RosterEntry {
        code: BookingCode::from_random_bytes([byte; 5]),
        name: "张*".into(),
        phone: "*******5678".into(),
        party_size: party,
        status: BookingStatus::Confirmed,
        channel: Channel::Kiosk,
        created_at: "2026-11-27T09:00:00+08:00".into(),
        updated_at: "2026-11-27T09:00:00+08:00".into(),
        staff_action: None,
        cancel_reason: None,
        details: Details::Meal {
            dining: Dining::DineIn,
            diet: vec![],
            price_band: None,
        },
    };
    let bookings = vec![entry(1, 2), entry(2, 3), entry(3, 1)];
    let (counts, kitchen) = tally(ServiceKind::Meal, 10, &bookings);
    let mut roster = Roster {
        center_id: "dongshan-zhushan".parse().expect("id"),
        date: "2026-11-27".parse().expect("date"),
        kind: None,
        totals: counts,
        slots: vec![RosterSlot {
            id: "dongshan-zhushan-lunch@2026-11-27T11:00"
                .parse()
                .expect("id"),
            offering_id: "dongshan-zhushan-lunch".parse().expect("id"),
            offering_name: LocalizedText {
                zh: "午餐".into(),
                en: "Lunch".into(),
            },
            kind: ServiceKind::Meal,
            date: "2026-11-27".parse().expect("date"),
            start: "11:00".parse().expect("time"),
            end: "12:30".parse().expect("time"),
            counts,
            kitchen,
            bookings,
            waiting: vec![],
        }],
    };
    let queued = |byte: u8, action| QueuedStaffAction {
        id: id(&format!("{byte:032x}")).expect("id"),
        code: BookingCode::from_random_bytes([byte; 5]),
        action,
        at: at("2026-11-27", "11:05"),
    };
    apply_queued(
        &mut roster,
        &[
            queued(1, QueuedAction::CheckIn),
            queued(2, QueuedAction::NoShow),
            queued(3, QueuedAction::CheckIn),
            queued(3, QueuedAction::UndoCheckIn),
        ],
    );
    let slot = &roster.slots[0];
    let statuses: Vec<_> = slot.bookings.iter().map(|b| b.status).collect();
    use BookingStatus::*;
    assert_eq!(statuses, [CheckedIn, NoShow, Confirmed]);
    assert_eq!(
        slot.bookings[2].staff_action,
        Some(StaffAction::UndoCheckIn)
    );
    // The absent party's seats are free again, in the slot and the totals.
    let c = slot.counts;
    assert_eq!(
        (c.booked, c.checked_in, c.no_show, c.remaining),
        (3, 2, 3, 7)
    );
    assert_eq!(slot.kitchen.as_ref().map(|k| k.portions), Some(3));
    assert_eq!(roster.totals, c);
}
