//! The patterns held to the parsers they describe.

use super::*;
use regex::Regex;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("pattern compiles")
}

#[test]
fn the_date_pattern_takes_exactly_the_dates_the_parser_takes() {
    let pattern = re(DATE_PATTERN);
    let years = [1, 4, 99, 100, 400, 1900, 2000, 2024, 2026, 2100, 2400, 9999];
    for year in years {
        for month in 0..=13 {
            for day in 0..=32 {
                let s = format!("{year:04}-{month:02}-{day:02}");
                let parsed = s.parse::<Date>().is_ok();
                assert_eq!(pattern.is_match(&s), parsed, "{s}");
            }
        }
    }
    for bad in [
        "0000-01-01",
        "2026-1-01",
        "2026-01-1",
        " 2026-01-01",
        "20260101",
    ] {
        assert!(
            !pattern.is_match(bad) && bad.parse::<Date>().is_err(),
            "{bad}"
        );
    }
}

#[test]
fn the_time_and_id_patterns_match_their_parsers() {
    let pattern = re(TIME_PATTERN);
    for h in 0..=25 {
        for m in [0, 7, 30, 59, 60] {
            let s = format!("{h:02}:{m:02}");
            assert_eq!(pattern.is_match(&s), s.parse::<TimeOfDay>().is_ok(), "{s}");
        }
    }
    let pattern = re(ID_PATTERN);
    let long = "x".repeat(65);
    for s in ["a", "dongshan-zhushan", "-", "A", "a b", "东山", "", &long] {
        assert_eq!(pattern.is_match(s), s.parse::<CenterId>().is_ok(), "{s}");
    }
}

#[test]
fn the_slot_id_pattern_matches_the_parser() {
    let pattern = re(SLOT_ID_PATTERN);
    for s in [
        "dongshan-zhushan-lunch@2026-11-30T11:00",
        "a@2024-02-29T00:00",
        "a@2026-02-29T00:00",
        "a@2026-11-30T24:00",
        "A@2026-11-30T11:00",
        "@2026-11-30T11:00",
        "a@2026-11-30",
        "",
    ] {
        assert_eq!(pattern.is_match(s), s.parse::<SlotId>().is_ok(), "{s}");
    }
}

/// Strings of `alphabet` of every length up to `max`, as many as `n`,
/// from a fixed generator (the same every run).
fn samples(alphabet: &[&str], max: usize, n: usize) -> Vec<String> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    (0..n)
        .map(|_| {
            let len = next(max + 1);
            (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
        })
        .collect()
}

#[test]
fn the_text_patterns_refuse_exactly_control_and_format_characters() {
    let name = re(NAME_PATTERN);
    let text = re(FREE_TEXT_PATTERN);
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let s = format!("a{c}b");
        let visible = crate::visible::is_visible_text(&s, &[]);
        assert_eq!(name.is_match(&s), visible, "U+{:04X}", c as u32);
        let with_newline = crate::visible::is_visible_text(&s, &['\n']);
        assert_eq!(text.is_match(&s), with_newline, "U+{:04X}", c as u32);
    }
}

#[test]
fn the_name_text_and_reason_patterns_match_their_checks() {
    let alphabet = [
        "a", "张", " ", "\t", "\n", "\u{3000}", "\u{200B}", "\u{7}", "\u{85}", "\u{A0}", "\r",
    ];
    let (name, text, reason) = (re(NAME_PATTERN), re(FREE_TEXT_PATTERN), re(REASON_PATTERN));
    let mut strings = samples(&alphabet, 24, 20_000);
    let long = |n| format!(" {} ", "张".repeat(n));
    strings.extend([
        long(20),
        long(21),
        long(200),
        long(201),
        long(500),
        long(501),
    ]);
    for s in strings {
        let checked = crate::validate::PersonName::parse(&s).is_ok();
        assert_eq!(name.is_match(&s), checked, "name {s:?}");
        let checked = crate::validate::free_text(&Some(s.clone()), "f").is_ok();
        assert_eq!(text.is_match(&s), checked, "text {s:?}");
        let checked = crate::staff::cancel_reason(Some(&s)).is_ok();
        assert_eq!(reason.is_match(&s), checked, "reason {s:?}");
    }
}

#[test]
fn the_rating_comment_pattern_matches_its_check() {
    // Without a CR: the check also takes CR LF, which the pattern leaves out.
    let alphabet = [
        "a", "张", " ", "\t", "\n", "\u{3000}", "\u{200B}", "\u{7}", "\u{85}", "\u{A0}",
    ];
    let comment = re(RATING_COMMENT_PATTERN);
    let mut strings = samples(&alphabet, 24, 20_000);
    let long = |n| format!(" {} ", "张".repeat(n));
    strings.extend([long(1), long(100), long(101)]);
    for s in strings {
        let checked = crate::rating::rating_comment(Some(&s)).is_ok();
        assert_eq!(comment.is_match(&s), checked, "comment {s:?}");
    }
}

#[test]
fn the_phone_pattern_matches_the_parser() {
    let pattern = re(PHONE_PATTERN);
    let mut strings: Vec<String> = [
        "13812345678",
        "+86 138 1234 5678",
        "0086-138-1234-5678",
        "(025) 5210 8305",
        "025-52108305",
        "0512-6123456",
        "0512 61234567",
        "010-12345678",
        "0086 0512 6123456",
        "+86 025 52108305",
        "12812345678",
        "0251234567",
        " 13812345678\t",
        "138\t12345678",
        "１３８１２３４５６７８",
        "",
        "+86",
        "0086",
    ]
    .map(str::to_owned)
    .to_vec();
    let alphabet = [
        "0", "1", "2", "3", "5", "8", "6", "9", " ", "-", "(", ")", ".", "+86", "0086", "\t",
    ];
    strings.extend(samples(&alphabet, 16, 200_000));
    let mut valid = 0;
    for s in strings {
        let parsed = s.parse::<PhoneNumber>().is_ok();
        valid += usize::from(parsed);
        assert_eq!(pattern.is_match(&s), parsed, "{s:?}");
    }
    assert!(valid > 100, "the samples hold valid numbers too ({valid})");
}

#[test]
fn notices_that_match_are_taken() {
    let pattern = re(NOTICE_PATTERN);
    for s in ["2026-11", " v1 ", &"x".repeat(40)] {
        assert!(pattern.is_match(s), "{s:?}");
    }
    for s in ["", " ", &"x".repeat(41), "a\u{7}b"] {
        assert!(!pattern.is_match(s), "{s:?}");
    }
}

#[test]
fn answered_codes_match_the_code_pattern() {
    let pattern = re(CODE_PATTERN);
    for seed in 0..=255u8 {
        let code = BookingCode::from_random_bytes([seed, seed ^ 0x5a, 7, seed, 255 - seed]);
        assert!(pattern.is_match(&code.to_string()), "{code}");
    }
    assert!(!pattern.is_match("K7QM2P9D"));
}

#[test]
fn the_moment_and_action_id_patterns_match_their_parsers() {
    let pattern = re(LOCAL_DATE_TIME_PATTERN);
    for s in [
        "2026-11-27T11:05",
        "2024-02-29T00:00",
        "2026-02-29T00:00",
        "2026-11-27T24:00",
        "2026-11-27 11:05",
        "2026-11-27T11:05:00",
        "2026-11-27",
        "",
    ] {
        assert_eq!(
            pattern.is_match(s),
            s.parse::<LocalDateTime>().is_ok(),
            "{s}"
        );
    }
    let pattern = re(ACTION_ID_PATTERN);
    let good = "0123456789abcdef".repeat(2);
    for s in [
        good.as_str(),
        &good[1..],
        &format!("{good}0"),
        &good.to_uppercase(),
        "",
    ] {
        assert_eq!(
            pattern.is_match(s),
            s.parse::<StaffActionId>().is_ok(),
            "{s}"
        );
    }
}
