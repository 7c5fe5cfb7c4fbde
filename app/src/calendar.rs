//! An `.ics` calendar file (RFC 5545) for one booking, made in the app and
//! offered as a `data:` link: no server round trip, nothing stored.

use std::fmt::Write;

use linli_model::{BookingCode, Date, TimeOfDay};

/// What the calendar entry says. Times are the centre's civil time.
pub struct CalendarEvent<'a> {
    pub code: &'a BookingCode,
    pub date: Date,
    pub start: TimeOfDay,
    pub end: TimeOfDay,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
}

/// Centres keep China Standard Time all year: one fixed-offset rule is the
/// whole zone, so calendars show the right hour wherever the phone is.
const TIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Shanghai",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
];

pub fn file_name(code: &BookingCode) -> String {
    format!("linli-{}.ics", code.compact())
}

/// The file's text; `stamp_unix_millis` (when it was made) is the DTSTAMP.
pub fn ics(event: &CalendarEvent, stamp_unix_millis: i64) -> String {
    let local = |time: TimeOfDay| {
        format!(
            "TZID=Asia/Shanghai:{}T{:02}{:02}00",
            compact_date(event.date),
            time.hour(),
            time.minute()
        )
    };
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Linli//Community services//ZH".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
    ];
    lines.extend(TIMEZONE.iter().map(|l| (*l).to_owned()));
    lines.extend([
        "BEGIN:VEVENT".into(),
        format!("UID:{}@linli", event.code.compact()),
        format!("DTSTAMP:{}", utc_stamp(stamp_unix_millis)),
        format!("DTSTART;{}", local(event.start)),
        format!("DTEND;{}", local(event.end)),
        format!("SUMMARY:{}", escape(event.summary)),
        format!("LOCATION:{}", escape(event.location)),
        format!("DESCRIPTION:{}", escape(event.description)),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ]);
    lines.iter().fold(String::new(), |mut out, line| {
        out.push_str(&fold(line));
        out.push_str("\r\n");
        out
    })
}

/// The file as a link target. Everything but unreserved ASCII is
/// percent-encoded, so CRLF, Chinese and `#` survive the URL.
pub fn data_url(ics: &str) -> String {
    let mut url = String::from("data:text/calendar;charset=utf-8,");
    for byte in ics.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            url.push(char::from(byte));
        } else {
            let _ = write!(url, "%{byte:02X}");
        }
    }
    url
}

fn compact_date(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

fn utc_stamp(millis: i64) -> String {
    let seconds = millis.div_euclid(1000);
    let date = Date::from_days_since_epoch(seconds.div_euclid(86_400));
    let in_day = seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}{:02}{:02}Z",
        compact_date(date),
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

/// TEXT values escape backslash, `;`, `,` and newlines (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines longer than 75 octets are folded (§3.1), never inside a UTF-8
/// character: Chinese text is three octets a character.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(code: &BookingCode) -> String {
        let event = CalendarEvent {
            code,
            date: "2026-11-27".parse().expect("date"),
            start: "11:30".parse().expect("time"),
            end: "12:30".parse().expect("time"),
            summary: "微餐桌, 午餐",
            location: "竹山社区服务中心 · 竹山路88号; 一楼",
            description: "预约码：K7QM-2P9D\n凭预约码和电话可查询或取消。",
        };
        // 2026-11-27T02:30:05Z
        ics(&event, 1_795_746_605_000)
    }

    #[test]
    fn has_the_required_properties_with_crlf_endings() {
        let code: BookingCode = "K7QM-2P9D".parse().expect("code");
        let text = sample(&code);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
        for line in [
            "UID:K7QM2P9D@linli",
            "DTSTAMP:20261127T023005Z",
            "DTSTART;TZID=Asia/Shanghai:20261127T113000",
            "DTEND;TZID=Asia/Shanghai:20261127T123000",
            "TZID:Asia/Shanghai",
            "TZOFFSETTO:+0800",
            "SUMMARY:微餐桌\\, 午餐",
        ] {
            assert!(text.contains(&format!("\r\n{line}\r\n")), "{line}");
        }
        assert_eq!(file_name(&code), "linli-K7QM2P9D.ics");
    }

    #[test]
    fn text_is_escaped_and_long_lines_folded_on_characters() {
        let code: BookingCode = "K7QM-2P9D".parse().expect("code");
        let text = sample(&code);
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains("LOCATION:竹山社区服务中心 · 竹山路88号\\; 一楼\r\n"));
        assert!(
            unfolded.contains("DESCRIPTION:预约码：K7QM-2P9D\\n凭预约码和电话可查询或取消。\r\n")
        );
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        assert!(
            text.contains("\r\n "),
            "the description is long enough to fold"
        );
    }

    #[test]
    fn data_url_percent_encodes_everything_special() {
        let url = data_url("A,B\r\n中#");
        assert_eq!(
            url,
            "data:text/calendar;charset=utf-8,A%2CB%0D%0A%E4%B8%AD%23"
        );
    }
}
