use super::*;

fn entry(party: u8, status: BookingStatus, details: Details) -> RosterEntry {
    RosterEntry {
        code: BookingCode::from_random_bytes([1, 2, 3, 4, party]),
        name: mask_name("张阿姨"),
        phone: mask_phone("13812345678"),
        party_size: party,
        status,
        channel: Channel::Kiosk,
        created_at: "2026-11-27T09:00:00+08:00".into(),
        updated_at: "2026-11-27T09:00:00+08:00".into(),
        staff_action: None,
        cancel_reason: None,
        details,
    }
}

fn meal(dining: Dining, diet: Vec<Diet>) -> Details {
    Details::Meal {
        dining,
        diet,
        price_band: None,
    }
}

#[test]
fn masks_names_and_phones() {
    assert_eq!(mask_name("张阿姨"), "张*");
    assert_eq!(mask_name(""), "");
    assert_eq!(mask_phone("13812345678"), "*******5678");
    assert_eq!(mask_phone("025-52345678"), "***-****5678");
    assert_eq!(mask_phone(""), "");
}

#[test]
fn counts_seats_by_status_and_the_kitchen_by_active_seats() {
    use BookingStatus::*;
    let bookings = [
        entry(
            2,
            Confirmed,
            meal(Dining::DineIn, vec![Diet::LowSalt, Diet::Soft]),
        ),
        entry(1, CheckedIn, meal(Dining::Takeaway, vec![Diet::LowSalt])),
        entry(3, NoShow, meal(Dining::DineIn, vec![Diet::Halal])),
        entry(4, Cancelled, meal(Dining::DineIn, vec![])),
    ];
    let (counts, kitchen) = tally(ServiceKind::Meal, 10, &bookings);
    assert_eq!(
        counts,
        RosterCounts {
            capacity: 10,
            booked: 3,
            checked_in: 1,
            no_show: 3,
            remaining: 7
        }
    );
    let kitchen = kitchen.expect("meals have a kitchen summary");
    assert_eq!(
        (kitchen.portions, kitchen.dine_in, kitchen.takeaway),
        (3, 2, 1)
    );
    assert_eq!(
        serde_json::to_value(&kitchen.diet).expect("json"),
        serde_json::json!({"low_salt": 3, "soft": 2})
    );
    let mut totals = RosterCounts::default();
    totals.add(&counts);
    totals.add(&counts);
    assert_eq!(totals.booked, 6);
}

#[test]
fn other_kinds_have_no_kitchen() {
    let care = Details::Care {
        address: None,
        note: None,
    };
    let (counts, kitchen) = tally(
        ServiceKind::Care,
        1,
        &[entry(1, BookingStatus::Confirmed, care)],
    );
    assert_eq!((counts.booked, counts.remaining), (1, 0));
    assert!(kitchen.is_none());
}

#[test]
fn class_seats_are_counted_like_any_other() {
    let class = || Details::Class {
        age_confirmed: true,
    };
    let (counts, kitchen) = tally(
        ServiceKind::Class,
        20,
        &[
            entry(1, BookingStatus::CheckedIn, class()),
            entry(2, BookingStatus::Confirmed, class()),
            entry(1, BookingStatus::Cancelled, class()),
        ],
    );
    assert_eq!(
        counts,
        RosterCounts {
            capacity: 20,
            booked: 3,
            checked_in: 1,
            no_show: 0,
            remaining: 17,
        }
    );
    assert!(kitchen.is_none());
}

#[test]
fn slots_flatten_their_counts() {
    let slot = RosterSlot {
        id: "a-lunch@2026-11-27T11:00".parse().expect("id"),
        offering_id: "a-lunch".parse().expect("id"),
        offering_name: LocalizedText {
            zh: "午餐".into(),
            en: "Lunch".into(),
        },
        kind: ServiceKind::Meal,
        date: "2026-11-27".parse().expect("date"),
        start: "11:00".parse().expect("time"),
        end: "12:30".parse().expect("time"),
        counts: RosterCounts {
            capacity: 40,
            remaining: 40,
            ..RosterCounts::default()
        },
        kitchen: None,
        bookings: vec![],
        waiting: vec![],
    };
    let json = serde_json::to_value(&slot).expect("json");
    assert_eq!(json["capacity"], 40);
    assert_eq!(json["remaining"], 40);
    assert!(json.get("kitchen").is_none());
    let back: RosterSlot = serde_json::from_value(json).expect("round-trips");
    assert_eq!(back, slot);
}
