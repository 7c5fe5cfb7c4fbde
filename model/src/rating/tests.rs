use super::*;

fn at(s: &str) -> LocalDateTime {
    s.parse().expect("a test time")
}

fn facts(status: BookingStatus, already_rated: bool) -> RatingFacts {
    RatingFacts {
        status,
        service_day: "2026-12-02".parse().expect("a test date"),
        already_rated,
    }
}

#[test]
fn an_attended_booking_can_be_rated_until_the_week_after_its_day_is_over() {
    let attended = facts(BookingStatus::CheckedIn, false);
    assert_eq!(may_rate(&attended, at("2026-12-02T11:05")), Ok(()));
    assert_eq!(may_rate(&attended, at("2026-12-09T23:59")), Ok(()));
    assert_eq!(
        may_rate(&attended, at("2026-12-10T00:00")),
        Err(RatingRefusal::Closed)
    );
    assert_eq!(
        rating_closes("2026-12-28".parse().expect("date")),
        at("2027-01-05T00:00")
    );
}

#[test]
fn only_attended_bookings_and_only_once() {
    let now = at("2026-12-03T09:00");
    for status in [
        BookingStatus::Confirmed,
        BookingStatus::Cancelled,
        BookingStatus::NoShow,
    ] {
        assert_eq!(
            may_rate(&facts(status, false), now),
            Err(RatingRefusal::NotAttended)
        );
    }
    assert_eq!(
        may_rate(&facts(BookingStatus::CheckedIn, true), now),
        Err(RatingRefusal::AlreadyRated)
    );
    // Not attended is what the resident can check, so it is said first.
    assert_eq!(
        may_rate(&facts(BookingStatus::NoShow, true), at("2027-03-01T00:00")),
        Err(RatingRefusal::NotAttended)
    );
}

#[test]
fn the_comment_is_optional_short_and_plain() {
    assert_eq!(rating_comment(None), Ok(None));
    assert_eq!(rating_comment(Some("   ")), Ok(None));
    assert_eq!(
        rating_comment(Some(" 饭菜很好，\r\n谢谢 ")),
        Ok(Some("饭菜很好，\n谢谢".into()))
    );
    let longest = "好".repeat(MAX_RATING_COMMENT);
    assert_eq!(rating_comment(Some(&longest)), Ok(Some(longest.clone())));
    assert_eq!(
        rating_comment(Some(&format!("{longest}好"))),
        Err(RatingRefusal::CommentTooLong)
    );
    assert_eq!(
        rating_comment(Some("a\u{7}b")),
        Err(RatingRefusal::CommentInvalid)
    );
    assert_eq!(RatingRefusal::CommentTooLong.code(), ErrorCode::TextTooLong);
}

#[test]
fn satisfaction_has_one_name_on_the_wire_and_in_the_store() {
    for s in Satisfaction::ALL {
        let json = serde_json::to_string(&s).expect("serialise");
        assert_eq!(json, format!("\"{}\"", s.as_str()));
        assert_eq!(Satisfaction::parse(s.as_str()), Some(s));
    }
    assert_eq!(Satisfaction::parse("great"), None);
}
