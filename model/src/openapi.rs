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
use crate::sync::StaffActionId;
use crate::time::{Date, LocalDateTime, TimeOfDay};
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
pub const LOCAL_DATE_TIME_PATTERN: &str = concat!("^", date_re!(), "T", time_re!(), "$");
pub const ACTION_ID_PATTERN: &str = "^[0-9a-f]{32}$";
pub const SLOT_ID_PATTERN: &str = concat!("^", id_re!(), "@", date_re!(), "T", time_re!(), "$");
/// What `PersonName::parse` takes: 1 to 20 characters once trimmed.
pub const NAME_PATTERN: &str = trimmed_visible!("", "18", "\\n", "");
/// Optional free text (notes, summaries, addresses), newlines allowed:
/// blank, or at most 500 characters once trimmed.
pub const FREE_TEXT_PATTERN: &str = trimmed_visible!("(?:", "498", "", ")?");
/// A volunteer's optional reason for cancelling, one line: blank, or at
/// most 200 characters once trimmed.
pub const REASON_PATTERN: &str = trimmed_visible!("(?:", "198", "\\n", ")?");
/// A rating's optional comment (`rating_comment`), newlines allowed: blank,
/// or at most 100 characters once trimmed. (A CR before a newline, which
/// `rating_comment` also takes, is left out: a browser's textarea sends LF.)
pub const RATING_COMMENT_PATTERN: &str = trimmed_visible!("(?:", "98", "", ")?");
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
    LocalDateTime,
    string(
        LOCAL_DATE_TIME_PATTERN,
        "A moment to the minute, YYYY-MM-DDTHH:MM, the centre's local time (UTC+8).",
        "2026-11-27T11:05"
    )
);
string_schema!(
    StaffActionId,
    string(
        ACTION_ID_PATTERN,
        "128 random bits as 32 lowercase hexadecimal characters, made by the device.",
        "5f0c6d0e2a9b4c7d8e1f203a4b5c6d7e"
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

/// A resident's optional comment on a rated service.
pub struct RatingComment;
string_schema!(
    RatingComment,
    string(
        RATING_COMMENT_PATTERN,
        "A short comment: blank (kept as none), or at most 100 characters once \
         trimmed, newlines allowed, no other control or format characters.",
        "饭菜很好，谢谢"
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
mod tests;
