use super::*;
use crate::text::Lang;
use crate::time::Date;

fn at(date: &str, time: &str) -> LocalDateTime {
    LocalDateTime {
        date: date.parse::<Date>().expect("date"),
        time: time.parse().expect("time"),
    }
}

fn code() -> BookingCode {
    "K7Q2-M9XD".parse().expect("code")
}

const LUNCH: &str = "2026-12-05";

fn due(booked: &str, now: &str) -> Option<NoticeKind> {
    let (bd, bt) = booked.split_once(' ').expect("booked");
    let (nd, nt) = now.split_once(' ').expect("now");
    reminder_due(
        ReminderTimes::default(),
        at(LUNCH, "11:30"),
        at(bd, bt),
        at(nd, nt),
    )
}

#[test]
fn the_evening_reminder_falls_due_at_six_the_day_before() {
    assert_eq!(due("2026-12-02 10:00", "2026-12-04 17:59"), None);
    assert_eq!(
        due("2026-12-02 10:00", "2026-12-04 18:00"),
        Some(NoticeKind::ReminderEvening)
    );
    assert_eq!(
        due("2026-12-02 10:00", "2026-12-05 09:29"),
        Some(NoticeKind::ReminderEvening)
    );
}

#[test]
fn the_soon_reminder_takes_over_two_hours_before_and_ends_at_the_start() {
    assert_eq!(
        due("2026-12-02 10:00", "2026-12-05 09:30"),
        Some(NoticeKind::ReminderSoon)
    );
    assert_eq!(
        due("2026-12-02 10:00", "2026-12-05 11:29"),
        Some(NoticeKind::ReminderSoon)
    );
    assert_eq!(due("2026-12-02 10:00", "2026-12-05 11:30"), None);
}

#[test]
fn a_booking_made_after_a_reminder_time_skips_that_reminder() {
    // Booked at 20:00 the evening before: only the morning's reminder.
    assert_eq!(due("2026-12-04 20:00", "2026-12-04 20:01"), None);
    assert_eq!(
        due("2026-12-04 20:00", "2026-12-05 09:30"),
        Some(NoticeKind::ReminderSoon)
    );
    // Booked within the last two hours: nothing more.
    assert_eq!(due("2026-12-05 10:00", "2026-12-05 10:01"), None);
}

#[test]
fn an_early_slot_whose_soon_reminder_comes_before_the_evening_gets_only_that() {
    let times = ReminderTimes {
        evening: TimeOfDay::from_hm(18, 0).expect("time"),
        minutes_before: 18 * 60,
    };
    let starts = at(LUNCH, "08:00");
    let booked = at("2026-12-01", "09:00");
    assert_eq!(
        reminder_due(times, starts, booked, at("2026-12-04", "18:30")),
        Some(NoticeKind::ReminderSoon)
    );
    assert_eq!(
        reminder_due(times, starts, booked, at("2026-12-04", "13:00")),
        None
    );
}

#[test]
fn only_a_hold_longer_than_twenty_minutes_is_warned_of_ten_minutes_before_it_ends() {
    let min = 60_000;
    assert!(!hold_warning_due(0, 30 * min, 19 * min));
    assert!(hold_warning_due(0, 30 * min, 20 * min));
    assert!(hold_warning_due(0, 30 * min, 30 * min - 1));
    assert!(!hold_warning_due(0, 30 * min, 30 * min));
    assert!(!hold_warning_due(0, 20 * min, 15 * min));
}

#[test]
fn a_notice_is_worth_sending_until_the_slot_starts_or_its_hold_ends() {
    let starts = at(LUNCH, "11:30");
    let start = starts.to_unix_millis();
    assert_eq!(
        worth_sending_until(NoticeKind::Confirmed, starts, None),
        start
    );
    assert_eq!(
        worth_sending_until(NoticeKind::HoldOffered, starts, Some(start - 5)),
        start - 5
    );
    assert_eq!(
        worth_sending_until(NoticeKind::Promoted, starts, Some(start - 5)),
        start
    );
}

#[test]
fn retries_wait_thirty_seconds_doubling_to_an_hour() {
    let waits: Vec<i64> = (1..=10).map(retry_delay_millis).collect();
    assert_eq!(
        waits,
        [
            30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
            3_600_000
        ]
    );
    assert_eq!(retry_delay_millis(0), 30_000);
    assert_eq!(retry_delay_millis(u32::MAX), 3_600_000);
}

#[test]
fn kinds_read_back_and_keys_name_the_code_and_kind() {
    for kind in NoticeKind::ALL {
        assert_eq!(NoticeKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(
        notice_key(code(), NoticeKind::ReminderEvening),
        "K7Q2M9XD.reminder_evening"
    );
}

#[test]
fn a_segment_is_seventy_characters_of_any_script() {
    assert!(fits_one_segment(&"a".repeat(70)));
    assert!(!fits_one_segment(&"a".repeat(71)));
    assert!(fits_one_segment(&"预".repeat(70)));
    assert!(!fits_one_segment(&"预".repeat(71)));
    // Outside the BMP a character takes two units.
    assert!(!fits_one_segment(&"𠀀".repeat(36)));
}

#[test]
fn a_notice_goes_only_while_it_is_still_true() {
    use crate::booking::BookingStatus::{Cancelled, CheckedIn, Confirmed};
    use crate::waitlist::WaitStatus::{Held, Left, Promoted};
    let reminder = NoticeKind::ReminderEvening;
    assert!(still_true(reminder, Some(Confirmed), None));
    assert!(!still_true(reminder, Some(Cancelled), None));
    assert!(!still_true(reminder, Some(CheckedIn), None));
    assert!(!still_true(reminder, None, None));
    // A promoted entry has its booking under the same code.
    assert!(still_true(
        NoticeKind::Promoted,
        Some(Confirmed),
        Some(Promoted)
    ));
    assert!(still_true(NoticeKind::HoldOffered, None, Some(Held)));
    assert!(!still_true(NoticeKind::HoldOffered, None, Some(Left)));
    assert!(!still_true(
        NoticeKind::HoldExpiring,
        Some(Confirmed),
        Some(Promoted)
    ));
    assert!(still_true(
        NoticeKind::CancelledByCentre,
        Some(Cancelled),
        None
    ));
    assert!(!still_true(
        NoticeKind::CancelledByCentre,
        Some(Confirmed),
        None
    ));
}

#[test]
fn the_evening_reminder_gives_way_to_the_second_one() {
    let times = ReminderTimes::default();
    let starts = at(LUNCH, "11:30");
    assert_eq!(
        reminder_until(NoticeKind::ReminderEvening, times, starts),
        at(LUNCH, "09:30").to_unix_millis()
    );
    assert_eq!(
        reminder_until(NoticeKind::ReminderSoon, times, starts),
        starts.to_unix_millis()
    );
}

fn facts(kind: NoticeKind, lang: Lang, what: &str) -> NoticeFacts<'_> {
    NoticeFacts {
        kind,
        lang,
        code: code(),
        starts: at("2026-12-25", "11:30"),
        what,
        hold_until: TimeOfDay::from_hm(10, 40),
    }
}

#[test]
fn every_text_fits_one_segment_and_keeps_code_date_and_time_whatever_the_names() {
    let long_zh = "东山街道竹山社区综合为老服务中心长者助餐点长者午餐（含送餐上门服务）";
    let long_en = "Dongshan Street Zhushan Community Comprehensive Elderly Service Centre: Seniors' lunch with home delivery";
    for kind in NoticeKind::ALL {
        for (lang, what) in [
            (Lang::Zh, "长者午餐（竹山社区党群服务中心）"),
            (Lang::Zh, long_zh),
            (Lang::En, "Seniors' lunch at Zhushan"),
            (Lang::En, long_en),
            (Lang::En, long_zh),
            (Lang::Zh, ""),
        ] {
            let text = notice_text(&facts(kind, lang, what));
            assert!(fits_one_segment(&text), "{kind:?} {lang:?}: {text}");
            assert!(text.contains("K7Q2-M9XD"), "{text}");
            assert!(text.contains("11:30"), "{text}");
            assert!(!text.contains("  ") && !text.contains(" ，"), "{text}");
            match lang {
                Lang::Zh => assert!(text.contains("12月25日"), "{text}"),
                Lang::En => assert!(text.contains("25 Dec"), "{text}"),
            }
        }
    }
}

#[test]
fn short_names_are_kept_whole_and_long_ones_shortened_visibly_or_left_out() {
    let text = notice_text(&facts(
        NoticeKind::CancelledByCentre,
        Lang::Zh,
        "长者午餐（竹山社区）",
    ));
    assert_eq!(
        text,
        "【邻里】12月25日11:30 长者午餐（竹山社区）已由服务中心取消，原因请凭预约码K7Q2-M9XD查询。"
    );
    let text = notice_text(&facts(
        NoticeKind::Confirmed,
        Lang::En,
        "Seniors' lunch at Zhushan Community Service Centre",
    ));
    assert!(
        text.starts_with("Linli: booked Seniors' lunch at Zhu"),
        "{text}"
    );
    assert!(text.contains("..."), "{text}");
    // Where only a stub of the name would fit, it is left out.
    let text = notice_text(&facts(
        NoticeKind::HoldExpiring,
        Lang::En,
        "Seniors' lunch at Zhushan",
    ));
    assert_eq!(
        text,
        "Linli: held seat 25 Dec 11:30 ends 10:40. Confirm: K7Q2-M9XD"
    );
}

#[test]
fn a_failed_try_is_repeated_until_too_late_unless_permanent() {
    assert_eq!(next_try(1, false, 1_000_000, 0), Some(30_000));
    assert_eq!(next_try(3, false, 1_000_000, 500_000), Some(620_000));
    assert_eq!(next_try(3, false, 600_000, 500_000), None);
    assert_eq!(next_try(1, true, 1_000_000, 0), None);
}

#[test]
fn only_a_volunteers_cancellation_of_a_held_seat_is_the_centres() {
    use crate::booking::BookingStatus::{Cancelled, CheckedIn, Confirmed, NoShow};
    assert!(cancelled_by_centre(
        StaffAction::Cancel,
        Confirmed,
        Cancelled
    ));
    assert!(!cancelled_by_centre(
        StaffAction::Cancel,
        Cancelled,
        Cancelled
    ));
    assert!(!cancelled_by_centre(StaffAction::NoShow, Confirmed, NoShow));
    assert!(!cancelled_by_centre(
        StaffAction::CheckIn,
        Confirmed,
        CheckedIn
    ));
}
