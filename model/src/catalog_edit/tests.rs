use super::*;
use crate::ServiceKind;
use crate::testing::{at, center_file, offering, rule};

fn named(mut o: Offering) -> Offering {
    o.name = LocalizedText {
        zh: "长者午餐".into(),
        en: "Lunch".into(),
    };
    o.provider = LocalizedText {
        zh: "禾美餐饮".into(),
        en: String::new(),
    };
    o
}

fn lunch(capacity: u32) -> Offering {
    named(offering(
        "c",
        "c-lunch",
        ServiceKind::Meal,
        vec![rule(&[1, 2, 3, 4, 5], "11:00", "12:30", capacity, None)],
    ))
}

fn edit(o: Offering) -> OfferingEdit {
    OfferingEdit {
        version: Version(3),
        offering: o,
    }
}

fn text(zh: &str, en: &str) -> LocalizedText {
    LocalizedText {
        zh: zh.into(),
        en: en.into(),
    }
}

#[test]
fn an_offering_edit_replaces_it_but_not_its_identity() {
    let file = center_file("c", vec![lunch(40)]);
    let mut o = lunch(30);
    o.price_cents = 1200;
    let out = edit(o.clone()).apply(&file).expect("applies");
    assert_eq!(out.offerings, vec![o.clone()]);

    let mut moved = o.clone();
    moved.kind = ServiceKind::Care;
    assert_eq!(
        edit(moved).apply(&file),
        Err(EditError::FixedField("offering.kind"))
    );
    let mut unknown = o.clone();
    unknown.id = "c-dinner".parse().expect("id");
    assert_eq!(
        edit(unknown).apply(&file),
        Err(EditError::FixedField("offering.id"))
    );
    let mut empty = o.clone();
    empty.schedule[0].capacity = 0;
    let err = edit(empty).apply(&file).expect_err("refused");
    assert_eq!(err.code(), ErrorCode::InvalidField);
    assert_eq!(err.field().as_deref(), Some("offering.schedule.0.capacity"));
    let mut nameless = o;
    nameless.name.zh = " ".into();
    assert_eq!(
        edit(nameless).apply(&file).map_err(|e| e.field()),
        Err(Some("offering.name.zh".into()))
    );
}

#[test]
fn the_file_is_still_checked_as_a_whole() {
    let file = center_file("c", vec![lunch(40)]);
    let mut backwards = lunch(40);
    backwards.schedule[0].end = "10:00".parse().expect("time");
    let err = edit(backwards).apply(&file).expect_err("refused");
    assert_eq!(err.field().as_deref(), Some("offering"));
}

fn booked(slot: &str, n: u32) -> BookedSlot {
    BookedSlot {
        slot: slot.parse().expect("slot"),
        booked: n,
    }
}

#[test]
fn a_capacity_below_the_booked_seats_is_refused_with_the_count() {
    // 2026-12-07 is a Monday.
    let seats = [booked("c-lunch@2026-12-07T11:00", 12)];
    assert_eq!(
        schedule_keeps_bookings(&lunch(12), &seats),
        Ok(vec![SeatsAfter {
            slot: "c-lunch@2026-12-07T11:00".parse().expect("slot"),
            capacity: 12,
            promote: false,
        }])
    );
    assert!(schedule_keeps_bookings(&lunch(13), &seats).expect("ok")[0].promote);
    assert_eq!(
        schedule_keeps_bookings(&lunch(11), &seats),
        Err(EditError::CapacityBelowBooked {
            slot: "c-lunch@2026-12-07T11:00".parse().expect("slot"),
            booked: 12,
            capacity: 11,
        })
    );
    // Empty slots don't hold a schedule back.
    assert_eq!(
        schedule_keeps_bookings(&lunch(1), &[booked("c-lunch@2026-12-07T11:00", 0)]),
        Ok(vec![])
    );
}

#[test]
fn dropping_a_booked_slot_is_refused() {
    let mut weekends = lunch(40);
    weekends.schedule[0].weekdays = vec![6, 7];
    let seats = [booked("c-lunch@2026-12-07T11:00", 2)];
    assert_eq!(
        schedule_keeps_bookings(&weekends, &seats),
        Err(EditError::DropsBookedSlot {
            slot: "c-lunch@2026-12-07T11:00".parse().expect("slot"),
            booked: 2,
        })
    );
    let mut later = lunch(40);
    later.schedule[0].start = "11:30".parse().expect("time");
    assert!(schedule_keeps_bookings(&later, &seats).is_err());
}

#[test]
fn a_centre_edit_keeps_id_and_street_and_checks_the_phone() {
    let current = center_file("c", vec![]).center;
    let e = CenterEdit {
        version: Version::FIRST,
        name: text("竹山社区服务中心", "Zhushan Centre"),
        address: text("竹山路88号", ""),
        phone: " 025-52108305 ".into(),
        hours: text("每天 8:30–18:30", "Daily"),
    };
    let out = e.apply(&current).expect("applies");
    assert_eq!(out.id, current.id);
    assert_eq!(out.street_id, current.street_id);
    assert_eq!(out.phone, "025-52108305");
    for bad in ["", "call us", "12", "025-5210830512345678901234"] {
        let e = CenterEdit {
            phone: bad.into(),
            ..e.clone()
        };
        assert_eq!(
            e.apply(&current).map_err(|e| e.field()),
            Err(Some("phone".into()))
        );
    }
    let long = CenterEdit {
        hours: text(&"时".repeat(MAX_LABEL + 1), ""),
        ..e
    };
    assert_eq!(
        long.apply(&current).map_err(|e| e.field()),
        Err(Some("hours.zh".into()))
    );
}

fn draft(from: &str, to: Option<&str>) -> ClosureDraft {
    ClosureDraft {
        from: from.parse().expect("date"),
        to: to.map(|t| t.parse().expect("date")),
        center_id: Some("c".parse().expect("id")),
        offering_id: None,
        reason: text("元旦休息", "New Year"),
    }
}

#[test]
fn a_closure_range_is_one_closure_a_day_from_today_on() {
    let today = "2026-12-08".parse().expect("date");
    let days = draft("2026-12-31", Some("2027-01-02"))
        .days(today, |_| None)
        .expect("ok");
    let dates: Vec<String> = days.iter().map(|c| c.date.to_string()).collect();
    assert_eq!(dates, ["2026-12-31", "2027-01-01", "2027-01-02"]);
    assert_eq!(
        draft("2026-12-08", None)
            .days(today, |_| None)
            .map(|d| d.len()),
        Ok(1)
    );
    assert_eq!(
        draft("2026-12-07", None).days(today, |_| None),
        Err(EditError::ClosureInPast)
    );
    assert_eq!(
        draft("2026-12-10", Some("2026-12-09")).days(today, |_| None),
        Err(EditError::ClosureRange)
    );
    assert_eq!(
        draft("2026-12-10", Some("2027-02-10")).days(today, |_| None),
        Err(EditError::ClosureRange)
    );
    let mut silent = draft("2026-12-10", None);
    silent.reason.zh = String::new();
    assert_eq!(
        silent.days(today, |_| None).map_err(|e| e.field()),
        Err(Some("reason.zh".into()))
    );
}

#[test]
fn closures_are_added_once_in_date_order_and_removed_by_id() {
    let today = "2026-12-08".parse().expect("date");
    let list = add_closures(
        &Closures::default(),
        draft("2027-01-12", None).days(today, |_| None).expect("ok"),
    )
    .expect("added");
    let list = add_closures(
        &list,
        draft("2027-01-01", None).days(today, |_| None).expect("ok"),
    )
    .expect("added");
    let ids: Vec<String> = list.closures.iter().map(|c| c.id().to_string()).collect();
    assert_eq!(ids, ["2027-01-01.c", "2027-01-12.c"]);
    assert_eq!(
        add_closures(
            &list,
            draft("2027-01-01", None).days(today, |_| None).expect("ok")
        ),
        Err(EditError::ClosureExists)
    );
    let id: ClosureId = "2027-01-01.c".parse().expect("id");
    let (rest, removed) = remove_closure(&list, &id).expect("removed");
    assert_eq!(removed.date.to_string(), "2027-01-01");
    assert_eq!(rest.closures.len(), 1);
    assert_eq!(remove_closure(&rest, &id), Err(EditError::ClosureNotFound));
}

#[test]
fn closure_ids_read_back() {
    for s in [
        "2027-01-01",
        "2027-01-12.c",
        "2027-01-12.c.c-lunch",
        "2027-01-12..c-lunch",
    ] {
        let id: ClosureId = s.parse().expect(s);
        assert_eq!(id.to_string(), s);
    }
    for bad in [
        "",
        "2027-13-01",
        "2027-01-01.C",
        "2027-01-01.c.o.x",
        "2027-01-01.c/d",
    ] {
        assert!(bad.parse::<ClosureId>().is_err(), "{bad}");
    }
}

#[test]
fn a_closure_cancels_confirmed_bookings_of_slots_not_yet_started() {
    use crate::booking::Channel;
    use crate::testing::meal_request;
    use crate::validate::validate_booking;
    let o = lunch(40);
    let req = meal_request("c-lunch@2026-12-09T11:00", "13912345678", 1, Channel::Kiosk);
    let valid =
        validate_booking(&req, &o, at("2026-12-08", "09:00"), &[Channel::Kiosk]).expect("valid");
    let code = crate::BookingCode::from_random_bytes([1, 2, 3, 4, 5]);
    let mut b = BookingRecord::confirmed(&valid, code, 0);
    let closure = &draft("2026-12-09", None)
        .days("2026-12-08".parse().expect("date"), |_| None)
        .expect("ok")[0];
    assert!(closure_cancels(closure, &b, at("2026-12-09", "10:59")));
    assert!(!closure_cancels(closure, &b, at("2026-12-09", "11:00")));
    let other_day = &draft("2026-12-10", None)
        .days("2026-12-08".parse().expect("date"), |_| None)
        .expect("ok")[0];
    assert!(!closure_cancels(other_day, &b, at("2026-12-09", "10:00")));
    b.status = BookingStatus::CheckedIn;
    assert!(!closure_cancels(closure, &b, at("2026-12-09", "10:00")));
}

#[test]
fn the_cancel_reason_has_both_languages_and_fits() {
    assert_eq!(
        closure_cancel_reason(&text("元旦休息", "New Year")),
        "元旦休息 / New Year"
    );
    assert_eq!(closure_cancel_reason(&text("元旦休息", " ")), "元旦休息");
    let longest = closure_cancel_reason(&text(
        &"休".repeat(MAX_CLOSURE_REASON),
        &"x".repeat(MAX_CLOSURE_REASON),
    ));
    assert!(crate::staff::cancel_reason(Some(&longest)).is_ok());
}

#[test]
fn a_dated_menu_wins_over_the_weekly_one_on_its_day() {
    use crate::catalog::{DatedMenu, WeeklyMenu};
    use crate::details::Diet;
    let file = center_file("c", vec![lunch(40)]);
    let mut o = lunch(40);
    o.menus = vec![WeeklyMenu {
        weekdays: vec![1, 2, 3, 4, 5],
        dishes: vec![text("米饭", "Rice")],
    }];
    o.dated_menus = vec![DatedMenu {
        date: "2026-12-09".parse().expect("date"),
        dishes: vec![text("清蒸鲈鱼", "Steamed perch"), text("青菜", "Greens")],
        suits: vec![Diet::LowSalt],
    }];
    let out = edit(o.clone()).apply(&file).expect("applies");
    let saved = &out.offerings[0];
    let (dishes, suits) = saved
        .menu_on("2026-12-09".parse().expect("date"))
        .expect("menu");
    assert_eq!((dishes.len(), suits), (2, &[Diet::LowSalt][..]));
    let (weekly, none) = saved
        .menu_on("2026-12-10".parse().expect("date"))
        .expect("weekly");
    assert_eq!((weekly[0].zh.as_str(), none.len()), ("米饭", 0));

    let mut twice = o.clone();
    twice.dated_menus.push(twice.dated_menus[0].clone());
    assert!(edit(twice).apply(&file).is_err(), "one menu a day");
    let mut empty = o.clone();
    empty.dated_menus[0].dishes.clear();
    assert!(edit(empty).apply(&file).is_err());
    let mut care = named(offering("c", "c-care", ServiceKind::Care, vec![]));
    care.dated_menus = o.dated_menus;
    let file = center_file("c", vec![lunch(40), care.clone()]);
    assert!(edit(care).apply(&file).is_err(), "menus are for meals");
}

#[test]
fn a_services_closure_is_of_its_centre() {
    let today = "2026-12-08".parse().expect("date");
    let owner = |o: &OfferingId| (o.as_str() == "c-lunch").then(|| "c".parse().expect("id"));
    let mut d = draft("2026-12-10", None);
    d.center_id = None;
    d.offering_id = Some("c-lunch".parse().expect("id"));
    let days = d.days(today, owner).expect("ok");
    assert_eq!(days[0].center_id.as_ref().map(|c| c.as_str()), Some("c"));
    d.center_id = Some("other".parse().expect("id"));
    assert_eq!(
        d.days(today, owner).map_err(|e| e.field()),
        Err(Some("closure.offering_id".into()))
    );
    d.offering_id = Some("c-dinner".parse().expect("id"));
    assert!(d.days(today, owner).is_err());
}
