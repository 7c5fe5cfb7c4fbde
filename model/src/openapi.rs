//! OpenAPI schemas of the types whose JSON is a string parsed by hand
//! (ids, slot ids, dates, times, booking codes). The derived schemas of the
//! other API types refer to these. Only with the `openapi` feature, which
//! only the server turns on: the WASM app never carries utoipa.
//!
//! The patterns accept exactly what the parsers accept, so a client (or a
//! fuzzer) that follows the document is never refused for the shape of one
//! of these strings; the tests below hold them to the parsers.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::catalog::ServiceKind;
use crate::code::BookingCode;
use crate::ids::{CenterId, OfferingId, SlotId, StreetId};
use crate::phone::PhoneNumber;
use crate::time::{Date, TimeOfDay};
use crate::validate::PersonName;

/// A day of the Gregorian calendar from 0001 to 9999, leap days included
/// only in leap years: what `Date::new` takes.
macro_rules! date_re {
    () => {
        concat!(
            "(?:(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-",
            "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
            "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
            "|02-(?:0[1-9]|1[0-9]|2[0-8]))",
            "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29)"
        )
    };
}

macro_rules! time_re {
    () => {
        "(?:[01][0-9]|2[0-3]):[0-5][0-9]"
    };
}

macro_rules! id_re {
    () => {
        "[a-z0-9-]{1,64}"
    };
}

/// Control characters (Cc) but the newline, then format characters (Cf:
/// the table of `visible.rs`), as the inside of a character class. The
/// astral ones are written as themselves: `\\u{...}` is not in every
/// pattern dialect.
macro_rules! cc_but_newline {
    () => {
        "\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f"
    };
}
macro_rules! cf {
    () => {
        concat!(
            "\\u00ad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u180e",
            "\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb",
            "\u{110BD}\u{110CD}\u{13430}-\u{1343F}\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}",
            "\u{E0001}\u{E0020}-\u{E007F}"
        )
    };
}
/// White space as `str::trim` takes it off (the White_Space property).
macro_rules! ws {
    () => {
        "\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
    };
}
/// Text as `is_visible_text` takes it once trimmed: a visible character at
/// each end (none for an optional text) and at most $n characters in all,
/// none of them control (but `$nl`, a newline where one is allowed) or
/// format characters.
macro_rules! trimmed_visible {
    ($first:literal, $inner_max:literal, $nl:literal, $last:literal) => {
        concat!(
            "^[",
            ws!(),
            "]*",
            $first,
            "[^\\n",
            cc_but_newline!(),
            cf!(),
            ws!(),
            "]",
            "(?:[^",
            $nl,
            cc_but_newline!(),
            cf!(),
            "]{0,",
            $inner_max,
            "}",
            "[^\\n",
            cc_but_newline!(),
            cf!(),
            ws!(),
            "])?",
            $last,
            "[",
            ws!(),
            "]*$"
        )
    };
}

/// A separator `PhoneNumber::from_str` skips, and a digit after some.
macro_rules! sep {
    () => {
        "[ .()\\-\\u3000\\uff0d]*"
    };
}
macro_rules! d {
    ($class:literal) => {
        concat!(sep!(), $class)
    };
    ($class:literal x $n:tt) => {
        concat!("(?:", sep!(), $class, "){", $n, "}")
    };
}
macro_rules! mobile {
    () => {
        concat!(d!("1"), d!("[3-9]"), d!("[0-9]" x 9))
    };
}
/// Landlines: area code 01x/02x (3 digits) or 0[3-9]xx (4), then a local
/// number of 7 or 8 digits that starts with 2-9.
macro_rules! landline {
    ($area3_local:literal, $area4_local:literal) => {
        concat!(
            "(?:", d!("0"), d!("[12]"), d!("[0-9]"), d!("[2-9]"), d!("[0-9]" x $area3_local),
            "|", d!("0"), d!("[3-9]"), d!("[0-9]" x 2), d!("[2-9]"), d!("[0-9]" x $area4_local), ")"
        )
    };
}

pub const ID_PATTERN: &str = concat!("^", id_re!(), "$");
pub const DATE_PATTERN: &str = concat!("^", date_re!(), "$");
pub const TIME_PATTERN: &str = concat!("^", time_re!(), "$");
pub const SLOT_ID_PATTERN: &str = concat!("^", id_re!(), "@", date_re!(), "T", time_re!(), "$");
/// What `PersonName::parse` takes: 1 to 20 characters once trimmed.
pub const NAME_PATTERN: &str = trimmed_visible!("", "18", "\\n", "");
/// Optional free text (notes, summaries, addresses), newlines allowed:
/// blank, or at most 500 characters once trimmed.
pub const FREE_TEXT_PATTERN: &str = trimmed_visible!("(?:", "498", "", ")?");
/// A volunteer's optional reason for cancelling, one line: blank, or at
/// most 200 characters once trimmed.
pub const REASON_PATTERN: &str = trimmed_visible!("(?:", "198", "\\n", ")?");
/// What `PhoneNumber::from_str` takes: a mobile, `+86` and a mobile, or a
/// landline with its area code (11 digits of which may follow `0086`), the
/// digits with any of its separators between them.
pub const PHONE_PATTERN: &str = concat!(
    "^[",
    ws!(),
    "]*(?:\\+86",
    mobile!(),
    "|(?:",
    d!("0"),
    d!("0"),
    d!("8"),
    d!("6"),
    ")?(?:",
    mobile!(),
    "|",
    landline!("7", "6"),
    ")",
    "|",
    landline!("6", "7"),
    ")",
    sep!(),
    "[",
    ws!(),
    "]*$"
);
/// The privacy notice's version: printable ASCII, 1 to 40 characters once
/// trimmed (the server takes up to 40 bytes of any text without control
/// characters; versions are ASCII).
pub const NOTICE_PATTERN: &str =
    concat!("^[", ws!(), "]*[!-~](?:[ -~]{0,38}[!-~])?[", ws!(), "]*$");
/// As answered: upper case, with the dash. Requests may be looser
/// (`BookingCode::from_str` forgives case, dashes and look-alikes).
pub const CODE_PATTERN: &str = "^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$";

fn string(pattern: &str, description: &str, example: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .description(Some(description))
        .examples([example])
}

macro_rules! string_schema {
    ($ty:ty, $schema:expr) => {
        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                $schema.into()
            }
        }
        impl ToSchema for $ty {}
    };
}

string_schema!(
    StreetId,
    string(ID_PATTERN, "A street office id.", "dongshan")
);
string_schema!(
    CenterId,
    string(ID_PATTERN, "A centre id.", "dongshan-zhushan")
);
string_schema!(
    OfferingId,
    string(ID_PATTERN, "An offering id.", "dongshan-zhushan-lunch")
);
string_schema!(
    SlotId,
    string(
        SLOT_ID_PATTERN,
        "A slot: `{offering_id}@{YYYY-MM-DD}T{HH:MM}`, the centre's local time.",
        "dongshan-zhushan-lunch@2026-11-30T11:00",
    )
);
string_schema!(
    Date,
    string(DATE_PATTERN, "A calendar date, YYYY-MM-DD.", "2026-11-27")
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
);
string_schema!(
    TimeOfDay,
    string(
        TIME_PATTERN,
        "A time of day, HH:MM (24 hours), the centre's local time.",
        "11:00"
    )
);
string_schema!(
    BookingCode,
    string(
        CODE_PATTERN,
        "8 characters of Crockford base32 as XXXX-XXXX.",
        "K7QM-2P9D"
    )
);

string_schema!(
    PersonName,
    string(
        NAME_PATTERN,
        "How the resident wants to be addressed: 1 to 20 characters once trimmed, \
         with no control or format characters.",
        "张阿姨"
    )
);
string_schema!(
    PhoneNumber,
    string(
        PHONE_PATTERN,
        "A mainland mobile (13812345678, also after +86 or 0086) or a landline with its \
         area code (025-12345678); spaces, dashes, dots and brackets between the digits \
         are forgiven.",
        "13812345678"
    )
);

/// Optional free text of a booking's details.
pub struct FreeText;
string_schema!(
    FreeText,
    string(
        FREE_TEXT_PATTERN,
        "Free text: blank (kept as none), or at most 500 characters once trimmed, \
         newlines allowed, no other control or format characters.",
        "3楼，请按门铃"
    )
);

/// A volunteer's optional reason for cancelling.
pub struct CancelReason;
string_schema!(
    CancelReason,
    string(
        REASON_PATTERN,
        "Why, in one line: blank (kept as none), or at most 200 characters once \
         trimmed, no control or format characters.",
        "居民来电取消"
    )
);

/// The version of the privacy notice a booking was made under.
pub struct NoticeVersion;
string_schema!(
    NoticeVersion,
    string(
        NOTICE_PATTERN,
        "The version of the privacy notice shown.",
        crate::NOTICE_VERSION
    )
);

impl PartialSchema for ServiceKind {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(ServiceKind::ALL.map(ServiceKind::as_str)))
            .description(Some("The kinds of service a centre offers."))
            .into()
    }
}
impl ToSchema for ServiceKind {}

#[cfg(test)]
mod tests {
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
}
