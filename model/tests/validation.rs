//! The booking rules, field by field, including their edges.

use linli_model::ErrorCode;
use linli_model::booking::{
    BookingRequest, Channel, Consent, Details, Diet, Dining, DisputeCategory, LegalTopic,
};
use linli_model::catalog::{Offering, ScheduleRule, ServiceKind};
use linli_model::validate::{BookingError, ErrorClass, validate_booking};
use linli_model::{LocalDateTime, LocalizedText, MAX_FREE_TEXT};

const PUBLIC: &[Channel] = &[Channel::Kiosk, Channel::Web];

fn offering(kind: ServiceKind) -> Offering {
    Offering {
        id: "c1-lunch".parse().expect("id"),
        center_id: "c1".parse().expect("id"),
        kind,
        name: LocalizedText::default(),
        description: LocalizedText::default(),
        provider: LocalizedText::default(),
        price_cents: 1500,
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
        price_bands: vec![],
        daily_limit_per_phone: None,
        home_service: false,
        staff: None,
        min_age: None,
        booking_horizon_days: None,
        waitlist_hold_minutes: None,
    }
}

fn meal_request() -> BookingRequest {
    BookingRequest {
        slot_id: "c1-lunch@2026-11-27T11:00".into(),
        name: "张阿姨".into(),
        phone: "138 1234 5678".into(),
        party_size: 2,
        channel: Channel::Kiosk,
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

fn at(date: &str, time: &str) -> LocalDateTime {
    LocalDateTime {
        date: date.parse().expect("date"),
        time: time.parse().expect("time"),
    }
}

fn morning() -> LocalDateTime {
    at("2026-11-27", "09:00")
}

fn check(req: &BookingRequest, o: &Offering) -> Result<(), BookingError> {
    validate_booking(req, o, morning(), PUBLIC).map(|_| ())
}

#[test]
fn a_good_request_is_accepted_and_normalised() {
    let valid = validate_booking(
        &meal_request(),
        &offering(ServiceKind::Meal),
        morning(),
        PUBLIC,
    )
    .expect("valid");
    assert_eq!(valid.name.as_str(), "张阿姨");
    assert_eq!(valid.phone.canonical(), "13812345678");
    assert_eq!(valid.party_size, 2);
    assert_eq!(valid.slot.id.to_string(), "c1-lunch@2026-11-27T11:00");
}

#[test]
fn party_size_is_one_to_max_party() {
    let o = offering(ServiceKind::Meal);
    for (size, ok) in [
        (0, false),
        (1, true),
        (4, true),
        (5, false),
        (-1, false),
        (1_000, false),
    ] {
        let req = BookingRequest {
            party_size: size,
            ..meal_request()
        };
        let result = check(&req, &o);
        assert_eq!(result.is_ok(), ok, "party of {size}");
        if !ok {
            assert_eq!(result, Err(BookingError::PartySize { max: 4 }));
        }
    }
}

#[test]
fn party_size_never_exceeds_capacity() {
    let mut o = offering(ServiceKind::Meal);
    o.schedule[0].capacity = 2;
    let req = BookingRequest {
        party_size: 3,
        ..meal_request()
    };
    assert_eq!(check(&req, &o), Err(BookingError::PartySize { max: 2 }));
}

#[test]
fn a_started_slot_is_closed() {
    let o = offering(ServiceKind::Meal);
    let ok = validate_booking(&meal_request(), &o, at("2026-11-27", "10:59"), PUBLIC);
    assert!(ok.is_ok());
    for now in [
        at("2026-11-27", "11:00"),
        at("2026-11-27", "12:00"),
        at("2026-11-28", "08:00"),
    ] {
        let err = validate_booking(&meal_request(), &o, now, PUBLIC).expect_err("closed");
        assert_eq!(err, BookingError::SlotClosed);
        assert_eq!(err.class(), ErrorClass::Conflict);
    }
}

#[test]
fn nothing_is_booked_beyond_the_offerings_horizon() {
    // Friday 2026-11-27's lunch, asked for from earlier days.
    let mut o = offering(ServiceKind::Meal);
    let from =
        |date: &str, channels| validate_booking(&meal_request(), &o, at(date, "09:00"), channels);
    assert!(
        from("2026-11-21", PUBLIC).is_ok(),
        "the 7th day, today counted"
    );
    let err = from("2026-11-20", PUBLIC).expect_err("the 8th day");
    assert_eq!(err, BookingError::TooFarAhead { days: 7 });
    assert_eq!(
        (err.code(), err.field(), err.class()),
        (ErrorCode::SlotTooFarAhead, None, ErrorClass::Conflict)
    );
    assert!(matches!(
        validate_booking(
            &BookingRequest {
                slot_id: "c1-lunch@2099-11-27T11:00".into(),
                ..meal_request()
            },
            &o,
            morning(),
            PUBLIC,
        ),
        Err(BookingError::TooFarAhead { .. })
    ));
    o.booking_horizon_days = Some(1);
    let from = |date: &str| validate_booking(&meal_request(), &o, at(date, "09:00"), PUBLIC);
    assert!(from("2026-11-27").is_ok(), "a one-day horizon is today");
    assert_eq!(
        from("2026-11-26").map(|_| ()),
        Err(BookingError::TooFarAhead { days: 1 })
    );
}

#[test]
fn slots_must_be_on_the_schedule() {
    let o = offering(ServiceKind::Meal);
    // Thursday has no lunch; 11:30 is not a sitting.
    for id in ["c1-lunch@2026-11-26T11:00", "c1-lunch@2026-11-27T11:30"] {
        let req = BookingRequest {
            slot_id: id.into(),
            ..meal_request()
        };
        assert_eq!(check(&req, &o), Err(BookingError::UnknownSlot), "{id}");
    }
    let req = BookingRequest {
        slot_id: "lunch on friday".into(),
        ..meal_request()
    };
    assert_eq!(check(&req, &o), Err(BookingError::BadSlotId));
}

#[test]
fn names_are_one_to_twenty_characters() {
    let o = offering(ServiceKind::Meal);
    let with = |name: &str| {
        check(
            &BookingRequest {
                name: name.into(),
                ..meal_request()
            },
            &o,
        )
    };
    assert_eq!(with("  "), Err(BookingError::NameRequired));
    assert_eq!(with(""), Err(BookingError::NameRequired));
    assert!(with("王").is_ok());
    assert!(with(&"李".repeat(20)).is_ok());
    assert_eq!(with(&"李".repeat(21)), Err(BookingError::NameTooLong));
    assert_eq!(with("张\u{0}阿姨"), Err(BookingError::NameInvalid));
    // Reordering and invisible characters: what a roster shows must be
    // what was typed.
    assert_eq!(with("张\u{202e}阿姨"), Err(BookingError::NameInvalid));
    assert_eq!(with("\u{200b}"), Err(BookingError::NameInvalid));
    assert_eq!(with("\u{3000}\u{200b}"), Err(BookingError::NameInvalid));
    let e = BookingError::NameTooLong;
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::NameTooLong, Some("name"))
    );
}

#[test]
fn phones_are_checked_with_their_own_codes() {
    let o = offering(ServiceKind::Meal);
    let with = |phone: &str| {
        check(
            &BookingRequest {
                phone: phone.into(),
                ..meal_request()
            },
            &o,
        )
    };
    assert!(with("025-52101234").is_ok());
    let err = with("1234").expect_err("invalid");
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::PhoneInvalid, Some("phone"))
    );
    assert_eq!(
        with("").expect_err("empty").code(),
        ErrorCode::PhoneRequired
    );
}

#[test]
fn details_must_match_the_slot_kind() {
    let o = offering(ServiceKind::Meal);
    let req = BookingRequest {
        details: Details::Legal {
            topic: LegalTopic::Labor,
            summary: None,
        },
        ..meal_request()
    };
    let err = check(&req, &o).expect_err("mismatch");
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::DetailsKindMismatch, Some("details"))
    );
}

#[test]
fn diet_needs_sensitive_consent() {
    let o = offering(ServiceKind::Meal);
    let details = Details::Meal {
        dining: Dining::Takeaway,
        diet: vec![Diet::LowSalt],
        price_band: None,
    };
    let req = BookingRequest {
        details: details.clone(),
        ..meal_request()
    };
    let err = check(&req, &o).expect_err("needs consent");
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::ConsentRequired, Some("consent"))
    );
    let req = BookingRequest {
        details,
        consent: Consent {
            notice: "2026-11".into(),
            sensitive: true,
            sms: None,
        },
        ..meal_request()
    };
    assert!(check(&req, &o).is_ok());
}

#[test]
fn the_notice_version_is_required() {
    let o = offering(ServiceKind::Meal);
    let req = BookingRequest {
        consent: Consent {
            notice: " ".into(),
            sensitive: false,
            sms: None,
        },
        ..meal_request()
    };
    assert_eq!(check(&req, &o), Err(BookingError::NoticeRequired));
}

#[test]
fn staff_channel_is_not_public() {
    let o = offering(ServiceKind::Meal);
    let req = BookingRequest {
        channel: Channel::Staff,
        ..meal_request()
    };
    assert_eq!(check(&req, &o), Err(BookingError::ChannelNotAllowed));
}

#[test]
fn free_text_is_at_most_500_characters() {
    let o = offering(ServiceKind::Legal);
    let legal = |summary: String| BookingRequest {
        party_size: 1,
        details: Details::Legal {
            topic: LegalTopic::Housing,
            summary: Some(summary),
        },
        ..meal_request()
    };
    assert!(check(&legal("租".repeat(MAX_FREE_TEXT)), &o).is_ok());
    let err = check(&legal("租".repeat(MAX_FREE_TEXT + 1)), &o).expect_err("too long");
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::TextTooLong, Some("details.summary"))
    );
    assert!(
        check(&legal("  ".into()), &o).is_ok(),
        "blank text is just absent"
    );
    assert!(
        check(&legal("租房\n合同".into()), &o).is_ok(),
        "lines are fine"
    );
    let err = check(&legal("押金\u{202e}不退".into()), &o).expect_err("override");
    assert_eq!(
        (err.code(), err.field()),
        (ErrorCode::TextInvalid, Some("details.summary"))
    );
}

#[test]
fn home_services_need_an_address() {
    let mut o = offering(ServiceKind::Care);
    o.home_service = true;
    let care = |address: Option<&str>| BookingRequest {
        party_size: 1,
        details: Details::Care {
            address: address.map(Into::into),
            note: None,
        },
        ..meal_request()
    };
    assert_eq!(check(&care(None), &o), Err(BookingError::AddressRequired));
    assert_eq!(
        check(&care(Some("   ")), &o),
        Err(BookingError::AddressRequired)
    );
    assert!(check(&care(Some("竹山路88号3栋201")), &o).is_ok());
    // At the centre, no address is kept even if one was sent.
    o.home_service = false;
    let valid = validate_booking(&care(Some("竹山路88号")), &o, morning(), PUBLIC).expect("valid");
    assert_eq!(
        valid.details,
        Details::Care {
            address: None,
            note: None
        }
    );
}

#[test]
fn mediation_summary_is_sensitive() {
    let o = offering(ServiceKind::Mediation);
    let req = BookingRequest {
        party_size: 1,
        details: Details::Mediation {
            category: DisputeCategory::Neighbor,
            other_party: Some("楼上邻居".into()),
            summary: Some("夜间噪音".into()),
        },
        ..meal_request()
    };
    assert_eq!(check(&req, &o), Err(BookingError::SensitiveConsentRequired));
}

#[test]
fn a_class_with_a_minimum_age_needs_the_residents_confirmation() {
    let mut o = offering(ServiceKind::Class);
    o.min_age = Some(60);
    let class = |age_confirmed| BookingRequest {
        party_size: 1,
        details: Details::Class { age_confirmed },
        ..meal_request()
    };
    let err = check(&class(false), &o).expect_err("unconfirmed");
    assert_eq!(err, BookingError::AgeConfirmationRequired { min_age: 60 });
    assert_eq!(
        (err.code(), err.field(), err.class()),
        (
            ErrorCode::AgeConfirmationRequired,
            Some("details.age_confirmed"),
            ErrorClass::Invalid
        )
    );
    let valid = validate_booking(&class(true), &o, morning(), PUBLIC).expect("confirmed");
    assert_eq!(
        valid.details,
        Details::Class {
            age_confirmed: true
        }
    );
    assert!(!valid.details.has_sensitive());
    // An absent confirmation in JSON is a "no".
    let sent: Details = serde_json::from_str(r#"{"kind":"class"}"#).expect("json");
    assert_eq!(
        sent,
        Details::Class {
            age_confirmed: false
        }
    );
}

#[test]
fn a_class_without_a_minimum_age_keeps_no_confirmation() {
    let o = offering(ServiceKind::Class);
    let req = BookingRequest {
        party_size: 1,
        details: Details::Class {
            age_confirmed: true,
        },
        ..meal_request()
    };
    let valid = validate_booking(&req, &o, morning(), PUBLIC).expect("valid");
    assert_eq!(
        valid.details,
        Details::Class {
            age_confirmed: false
        }
    );
    assert_eq!(
        serde_json::to_value(&valid.details).expect("json"),
        serde_json::json!({"kind": "class"})
    );
    // Class details for a meal are the wrong kind.
    let err = check(&req, &offering(ServiceKind::Meal)).expect_err("wrong kind");
    assert_eq!(err.code(), ErrorCode::DetailsKindMismatch);
}

#[test]
fn text_messages_are_a_separate_choice_and_need_a_mobile_number() {
    let o = offering(ServiceKind::Meal);
    let mut req = meal_request();
    req.consent.sms = Some(linli_model::Lang::En);
    let valid = validate_booking(&req, &o, morning(), &[Channel::Kiosk]).expect("a mobile");
    assert_eq!(valid.consent.sms, Some(linli_model::Lang::En));
    req.phone = "025-52101234".into();
    let refused = validate_booking(&req, &o, morning(), &[Channel::Kiosk]);
    assert_eq!(refused, Err(BookingError::SmsNeedsMobile));
    assert_eq!(BookingError::SmsNeedsMobile.field(), Some("consent.sms"));
    req.consent.sms = None;
    assert!(validate_booking(&req, &o, morning(), &[Channel::Kiosk]).is_ok());
}
