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
fn the_gsm_alphabet_has_its_127_printable_characters() {
    // 128 positions, one of them the escape to the extension table.
    assert_eq!(super::text::GSM7_LEN, 127);
    assert!(fits_one_segment(&"a".repeat(160)));
    assert!(!fits_one_segment(&"a".repeat(161)));
    assert!(fits_one_segment(&"预".repeat(70)));
    assert!(!fits_one_segment(&"预".repeat(71)));
    // One character outside the alphabet halves the segment.
    assert!(!fits_one_segment(&format!("{}…", "a".repeat(70))));
    // Outside the BMP a character takes two units.
    assert!(!fits_one_segment(&"𠀀".repeat(36)));
}

fn facts<'a>(kind: NoticeKind, lang: Lang, what: &'a str, reason: &'a str) -> NoticeFacts<'a> {
    NoticeFacts {
        kind,
        lang,
        code: code(),
        starts: at("2026-12-25", "11:30"),
        what,
        hold_until: TimeOfDay::from_hm(10, 40),
        reason: Some(reason),
    }
}

#[test]
fn every_text_fits_one_segment_and_keeps_code_date_and_time_whatever_the_names() {
    let long_zh = "东山街道竹山社区综合为老服务中心长者助餐点长者午餐（含送餐上门服务）";
    let long_en = "Dongshan Street Zhushan Community Comprehensive Elderly Service Centre: Seniors' lunch with home delivery";
    for kind in NoticeKind::ALL {
        for (lang, what, reason) in [
            (Lang::Zh, "竹山社区 长者午餐", "元旦休息"),
            (Lang::Zh, long_zh, long_zh),
            (Lang::En, "Zhushan: Seniors' lunch", "New Year"),
            (Lang::En, long_en, long_en),
            (Lang::En, long_zh, "厨房检修"),
        ] {
            let text = notice_text(&facts(kind, lang, what, reason));
            assert!(fits_one_segment(&text), "{kind:?} {lang:?}: {text}");
            assert!(text.contains("K7Q2-M9XD"), "{text}");
            assert!(text.contains("11:30"), "{text}");
            match lang {
                Lang::Zh => assert!(text.contains("12月25日"), "{text}"),
                Lang::En => assert!(text.contains("25 Dec"), "{text}"),
            }
        }
    }
}

#[test]
fn short_names_are_kept_whole_and_long_ones_shortened_visibly() {
    let text = notice_text(&facts(
        NoticeKind::CancelledByCentre,
        Lang::Zh,
        "竹山社区 长者午餐",
        "元旦休息",
    ));
    assert_eq!(
        text,
        "【邻里】12月25日11:30 竹山社区 长者午餐已由服务中心取消：元旦休息。预约码K7Q2-M9XD。"
    );
    let long = "Dongshan Street Zhushan Community Comprehensive Elderly Service Centre: Seniors' lunch with home delivery";
    let text = notice_text(&facts(NoticeKind::HoldOffered, Lang::En, long, ""));
    assert!(text.contains("Dongshan Street"), "{text}");
    assert!(text.contains("..."), "{text}");
    assert!(text.contains("Held until 10:40"), "{text}");
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
