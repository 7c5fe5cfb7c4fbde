//! Dates, weekdays and prices written the way each language writes them.

use linli_model::{Date, Lang};

pub fn weekday_name(lang: Lang, weekday: u8) -> &'static str {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = usize::from(weekday.clamp(1, 7) - 1);
    match lang {
        Lang::Zh => ZH[i],
        Lang::En => EN[i],
    }
}

/// `11月27日 周五` / `Fri 27 Nov`.
pub fn date_label(lang: Lang, date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let weekday = weekday_name(lang, date.weekday());
    match lang {
        Lang::Zh => format!("{}月{}日 {weekday}", date.month(), date.day()),
        Lang::En => format!(
            "{weekday} {} {}",
            date.day(),
            MONTHS[usize::from(date.month() - 1)]
        ),
    }
}

/// `15元` / `¥15`, with fen only when there are any; zero is "free".
pub fn price(lang: Lang, cents: u32) -> String {
    if cents == 0 {
        return match lang {
            Lang::Zh => "免费".into(),
            Lang::En => "Free".into(),
        };
    }
    let amount = if cents.is_multiple_of(100) {
        (cents / 100).to_string()
    } else {
        format!("{}.{:02}", cents / 100, cents % 100)
    };
    match lang {
        Lang::Zh => format!("{amount}元"),
        Lang::En => format!("¥{amount}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_prices_read_naturally() {
        let d: Date = "2026-11-27".parse().expect("date");
        assert_eq!(date_label(Lang::Zh, d), "11月27日 周五");
        assert_eq!(date_label(Lang::En, d), "Fri 27 Nov");
        assert_eq!(price(Lang::Zh, 1500), "15元");
        assert_eq!(price(Lang::En, 1350), "¥13.50");
        assert_eq!(price(Lang::En, 0), "Free");
    }
}
