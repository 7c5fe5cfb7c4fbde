//! The notices' texts, in Chinese and English. Each fits one SMS segment:
//! 160 characters of the GSM 7-bit alphabet, or else 70 UTF-16 units. The
//! centre's and offering's names and a cancellation's reason are shortened
//! to fit; the booking code, date and time never are.

use crate::code::BookingCode;
use crate::text::Lang;
use crate::time::{LocalDateTime, TimeOfDay};

use super::NoticeKind;

/// What a notice's text is made of.
#[derive(Clone, Copy, Debug)]
pub struct NoticeFacts<'a> {
    pub kind: NoticeKind,
    pub lang: Lang,
    pub code: BookingCode,
    pub starts: LocalDateTime,
    /// The centre's and offering's names, in `lang`.
    pub what: &'a str,
    /// When a hold runs out (hold notices).
    pub hold_until: Option<TimeOfDay>,
    /// Why staff cancelled (a cancellation).
    pub reason: Option<&'a str>,
}

/// The GSM 03.38 basic character set: a text of only these is sent 7-bit,
/// 160 to a segment.
const GSM7: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

#[cfg(test)]
pub(super) const GSM7_LEN: usize = {
    // Counted in characters, not bytes: the table is mostly non-ASCII.
    let bytes = GSM7.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        if bytes[i] & 0xC0 != 0x80 {
            n += 1;
        }
        i += 1;
    }
    n
};

/// Whether `text` goes as one SMS segment.
pub fn fits_one_segment(text: &str) -> bool {
    if text.chars().all(|c| GSM7.contains(c)) {
        text.chars().count() <= 160
    } else {
        text.encode_utf16().count() <= 70
    }
}

/// The notice's text: the whole of it when it fits one segment, else with
/// the names and the reason shortened (the longer first) until it does.
pub fn notice_text(facts: &NoticeFacts) -> String {
    let mut what: Vec<char> = facts.what.trim().chars().collect();
    let mut reason: Vec<char> = facts.reason.unwrap_or("").trim().chars().collect();
    let (full_what, full_reason) = (what.len(), reason.len());
    loop {
        let w = shortened(&what, full_what, facts.lang);
        let r = shortened(&reason, full_reason, facts.lang);
        let text = render(facts, &w, &r);
        if fits_one_segment(&text) || (what.is_empty() && reason.is_empty()) {
            return text;
        }
        if reason.len() > what.len() {
            reason.pop();
        } else {
            what.pop();
        }
    }
}

fn shortened(kept: &[char], full: usize, lang: Lang) -> String {
    let mut s: String = kept.iter().collect();
    if kept.len() < full {
        s.push_str(match lang {
            Lang::Zh => "…",
            // "…" is not GSM 7-bit: one would halve the English segment.
            Lang::En => "...",
        });
    }
    s
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn render(f: &NoticeFacts, what: &str, reason: &str) -> String {
    let code = f.code;
    let d = f.starts.date;
    let hold = f.hold_until.map(|t| t.to_string()).unwrap_or_default();
    match f.lang {
        Lang::Zh => {
            let when = format!("{}月{}日{}", d.month(), d.day(), f.starts.time);
            match f.kind {
                NoticeKind::Confirmed => format!("【邻里】预约成功：{when} {what}，预约码{code}。"),
                NoticeKind::Promoted => {
                    format!("【邻里】候补成功，已为您预约{when} {what}，预约码{code}。")
                }
                NoticeKind::HoldOffered => format!(
                    "【邻里】候补有位：{when} {what}，为您保留至{hold}，请凭预约码{code}确认。"
                ),
                NoticeKind::HoldExpiring => {
                    format!("【邻里】为您保留的{when} {what}将于{hold}到期，请凭预约码{code}确认。")
                }
                NoticeKind::ReminderEvening | NoticeKind::ReminderSoon => {
                    format!("【邻里】提醒：{when} {what}，预约码{code}。不能来请提前取消。")
                }
                NoticeKind::CancelledByCentre => {
                    format!("【邻里】{when} {what}已由服务中心取消：{reason}。预约码{code}。")
                }
            }
        }
        Lang::En => {
            let month = MONTHS[usize::from(d.month().clamp(1, 12)) - 1];
            let when = format!("{} {month} {}", d.day(), f.starts.time);
            match f.kind {
                NoticeKind::Confirmed => format!("Linli: booked {what}, {when}. Code {code}."),
                NoticeKind::Promoted => format!(
                    "Linli: a place came free and is booked for you: {what}, {when}. Code {code}."
                ),
                NoticeKind::HoldOffered => format!(
                    "Linli: a place came free: {what}, {when}. Held until {hold}: confirm with code {code}."
                ),
                NoticeKind::HoldExpiring => format!(
                    "Linli: the place held for you ({what}, {when}) runs out at {hold}. Confirm with code {code}."
                ),
                NoticeKind::ReminderEvening | NoticeKind::ReminderSoon => format!(
                    "Linli reminder: {what}, {when}. Code {code}. Can't come? Please cancel."
                ),
                NoticeKind::CancelledByCentre => format!(
                    "Linli: {what}, {when} was cancelled by the centre: {reason}. Code {code}."
                ),
            }
        }
    }
}
