//! The roster as CSV for Excel and WPS: a UTF-8 BOM (without it Excel reads
//! the Chinese as GBK), CRLF lines, every field quoted (RFC 4180), masked
//! names and phones, and no cell a spreadsheet could run as a formula.

use super::Roster;
use crate::booking::{BookingStatus, Channel, Details, Diet, Dining, DisputeCategory, LegalTopic};

const HEADER: [&str; 12] = [
    "时段",
    "服务",
    "预约码",
    "称呼",
    "电话",
    "人数",
    "状态",
    "用餐方式",
    "饮食需求",
    "地址",
    "类别",
    "渠道",
];

/// One row per booking that is not cancelled, slot by slot. The care note
/// stays out: a file travels further than the screen.
pub fn render(roster: &Roster) -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, HEADER.iter().map(|h| (*h).to_owned()));
    for slot in &roster.slots {
        let time = format!("{}-{}", slot.start, slot.end);
        for b in slot
            .bookings
            .iter()
            .filter(|b| b.status != BookingStatus::Cancelled)
        {
            let (dining, diet, address, category) = detail_cells(&b.details);
            push_row(
                &mut out,
                [
                    time.clone(),
                    slot.offering_name.zh.clone(),
                    b.code.to_string(),
                    b.name.clone(),
                    b.phone.clone(),
                    b.party_size.to_string(),
                    status(b.status).to_owned(),
                    dining,
                    diet,
                    address,
                    category,
                    channel(b.channel).to_owned(),
                ],
            );
        }
    }
    out
}

fn push_row(out: &mut String, cells: impl IntoIterator<Item = String>) {
    let cells: Vec<String> = cells.into_iter().map(|c| cell(&c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// Quoted, quotes doubled; a leading `=`, `+`, `-`, `@` (or tab, CR) gets a
/// `'` so the spreadsheet shows text instead of evaluating it.
pub fn cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// 用餐方式, 饮食需求, 地址, 类别.
fn detail_cells(details: &Details) -> (String, String, String, String) {
    let none = String::new;
    match details {
        Details::Meal { dining, diet, .. } => (
            match dining {
                Dining::DineIn => "堂食",
                Dining::Takeaway => "打包",
            }
            .to_owned(),
            diet.iter()
                .map(|d| diet_label(*d))
                .collect::<Vec<_>>()
                .join("、"),
            none(),
            none(),
        ),
        Details::Care { address, .. } => {
            (none(), none(), address.clone().unwrap_or_default(), none())
        }
        Details::Legal { topic, .. } => (none(), none(), none(), topic_label(*topic).to_owned()),
        Details::Mediation { category, .. } => {
            (none(), none(), none(), dispute_label(*category).to_owned())
        }
        Details::Class { age_confirmed } => {
            let age = if *age_confirmed {
                "已确认年龄"
            } else {
                ""
            };
            (none(), none(), none(), age.to_owned())
        }
    }
}

fn status(s: BookingStatus) -> &'static str {
    match s {
        BookingStatus::Confirmed => "已预约",
        BookingStatus::CheckedIn => "已签到",
        BookingStatus::NoShow => "未到",
        BookingStatus::Cancelled => "已取消",
    }
}

fn channel(c: Channel) -> &'static str {
    match c {
        Channel::Kiosk => "自助机",
        Channel::Web => "手机",
        Channel::Staff => "工作人员",
    }
}

// The same words as the app's Chinese strings.
fn diet_label(d: Diet) -> &'static str {
    match d {
        Diet::LowSalt => "少盐",
        Diet::LowSugar => "少糖",
        Diet::Soft => "软烂易嚼",
        Diet::Vegetarian => "素食",
        Diet::Halal => "清真",
        Diet::NoSpicy => "不吃辣",
    }
}

fn topic_label(t: LegalTopic) -> &'static str {
    match t {
        LegalTopic::Family => "婚姻家庭",
        LegalTopic::Labor => "劳动工资",
        LegalTopic::Housing => "房屋拆迁",
        LegalTopic::Contract => "合同借贷",
        LegalTopic::Consumer => "消费维权",
        LegalTopic::Other => "其他",
    }
}

fn dispute_label(c: DisputeCategory) -> &'static str {
    match c {
        DisputeCategory::Neighbor => "邻里纠纷",
        DisputeCategory::Family => "家庭纠纷",
        DisputeCategory::Property => "物业纠纷",
        DisputeCategory::Labor => "劳务纠纷",
        DisputeCategory::Other => "其他纠纷",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("张*"), "\"张*\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for risky in ["+1", "-1", "@SUM(A1)", "\tx"] {
            assert!(cell(risky).starts_with("\"'"), "{risky}");
        }
        assert_eq!(cell("a,b\nc"), "\"a,b\nc\"");
        assert_eq!(cell("11:00-12:30"), "\"11:00-12:30\"");
    }
}
