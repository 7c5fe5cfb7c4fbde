//! The notices' texts, in Chinese and English. Each fits one SMS segment
//! of 70 characters. The centre's and offering's names are shortened to
//! fit; the booking code, date and time never are. A cancellation gives no
//! reason: a volunteer's words may be the resident's own business (住院了),
//! and the look-up by code shows it to the resident alone.

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
}

/// The longest text: one SMS segment as the district's SMS platforms count
/// it, 70 characters of any script (UTF-16 units), signature included.
pub const MAX_TEXT_UNITS: usize = 70;

/// Whether `text` goes as one SMS segment.
pub fn fits_one_segment(text: &str) -> bool {
    text.encode_utf16().count() <= MAX_TEXT_UNITS
}

/// Fewer characters of a name than this say nothing: the name is left out.
fn min_name_chars(lang: Lang) -> usize {
    match lang {
        Lang::Zh => 4,
        // Letters say less each: "Senior..." is no name.
        Lang::En => 10,
    }
}

/// The notice's text: the whole of it when it fits one segment, else with
/// the names shortened until it does, or left out.
pub fn notice_text(facts: &NoticeFacts) -> String {
    let mut what: Vec<char> = facts.what.trim().chars().collect();
    let full = what.len();
    loop {
        let text = render(facts, &shortened(&what, full, facts.lang));
        if fits_one_segment(&text) || what.is_empty() {
            return text;
        }
        what.pop();
        if what.len() < min_name_chars(facts.lang) {
            what.clear();
        }
    }
}

fn shortened(kept: &[char], full: usize, lang: Lang) -> String {
    let mut s: String = kept.iter().collect();
    if !kept.is_empty() && kept.len() < full {
        s.push_str(match lang {
            Lang::Zh => "…",
            Lang::En => "...",
        });
    }
    s
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn render(f: &NoticeFacts, what: &str) -> String {
    let code = f.code;
    let d = f.starts.date;
    let hold = f.hold_until.map(|t| t.to_string()).unwrap_or_default();
    match f.lang {
        Lang::Zh => {
            let when = format!("{}月{}日{}", d.month(), d.day(), f.starts.time);
            let what = if what.is_empty() {
                String::new()
            } else {
                format!(" {what}")
            };
            match f.kind {
                NoticeKind::Confirmed => format!("【邻里】预约成功：{when}{what}，预约码{code}。"),
                NoticeKind::Promoted => {
                    format!("【邻里】候补成功，已为您预约{when}{what}，预约码{code}。")
                }
                NoticeKind::HoldOffered => {
                    format!("【邻里】候补有位：{when}{what}，请在{hold}前凭预约码{code}确认。")
                }
                NoticeKind::HoldExpiring => {
                    format!("【邻里】为您保留的{when}{what}{hold}到期，请凭预约码{code}确认。")
                }
                NoticeKind::ReminderEvening | NoticeKind::ReminderSoon => {
                    format!("【邻里】提醒：{when}{what}，预约码{code}。不能来请提前取消。")
                }
                NoticeKind::CancelledByCentre => {
                    format!("【邻里】{when}{what}已由服务中心取消，原因请凭预约码{code}查询。")
                }
            }
        }
        Lang::En => {
            let month = MONTHS[usize::from(d.month().clamp(1, 12)) - 1];
            let when = format!("{} {month} {}", d.day(), f.starts.time);
            let what = if what.is_empty() {
                String::new()
            } else {
                format!("{what} ")
            };
            match f.kind {
                NoticeKind::Confirmed => format!("Linli: booked {what}{when}. Code {code}"),
                NoticeKind::Promoted => format!("Linli waitlist: booked {what}{when}. Code {code}"),
                NoticeKind::HoldOffered => {
                    format!("Linli: seat free {what}{when}. Confirm by {hold}: {code}")
                }
                NoticeKind::HoldExpiring => {
                    format!("Linli: held seat {what}{when} ends {hold}. Confirm: {code}")
                }
                NoticeKind::ReminderEvening | NoticeKind::ReminderSoon => {
                    format!("Linli reminder: {what}{when}. Code {code}")
                }
                NoticeKind::CancelledByCentre => {
                    format!("Linli: {what}{when} cancelled by the centre. Code {code}")
                }
            }
        }
    }
}
