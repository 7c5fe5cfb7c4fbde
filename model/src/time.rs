//! Civil dates and times of day in the centres' local time (UTC+8, no DST).
//!
//! Small hand-written types instead of a date crate: the app ships as WASM to
//! phones, and all Linli needs is dates, weekdays and minutes of the day.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The centres' offset from UTC, in minutes. China has one zone and no DST.
pub const UTC_OFFSET_MINUTES: i64 = 8 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeError {
    #[error("a date looks like YYYY-MM-DD")]
    BadDate,
    #[error("a time looks like HH:MM")]
    BadTime,
}

/// A calendar date, `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::days_since_epoch`] (civil_from_days).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// ISO weekday: 1 is Monday, 7 is Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        ((self.days_since_epoch() + 3).rem_euclid(7) + 1) as u8
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn digits<T: FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl FromStr for Date {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Date, TimeError> {
        let mut parts = s.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TimeError::BadDate);
        };
        let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
            return Err(TimeError::BadDate);
        };
        Date::new(y, m, d).ok_or(TimeError::BadDate)
    }
}

impl TryFrom<String> for Date {
    type Error = TimeError;
    fn try_from(s: String) -> Result<Date, TimeError> {
        s.parse()
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

/// A time of day, `HH:MM`, stored as minutes after midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);

    pub fn from_hm(hour: u8, minute: u8) -> Option<TimeOfDay> {
        (hour < 24 && minute < 60).then(|| TimeOfDay(u16::from(hour) * 60 + u16::from(minute)))
    }
    pub fn minutes(self) -> u16 {
        self.0
    }
    pub fn hour(self) -> u8 {
        (self.0 / 60) as u8
    }
    pub fn minute(self) -> u8 {
        (self.0 % 60) as u8
    }
    /// Adds minutes, or `None` past midnight (slots never cross midnight).
    pub fn plus_minutes(self, minutes: u16) -> Option<TimeOfDay> {
        let m = self.0.checked_add(minutes)?;
        (m < 24 * 60).then_some(TimeOfDay(m))
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl FromStr for TimeOfDay {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<TimeOfDay, TimeError> {
        let (h, m) = s.split_once(':').ok_or(TimeError::BadTime)?;
        let (Some(h), Some(m)) = (digits(h, 2), digits(m, 2)) else {
            return Err(TimeError::BadTime);
        };
        TimeOfDay::from_hm(h, m).ok_or(TimeError::BadTime)
    }
}

impl TryFrom<String> for TimeOfDay {
    type Error = TimeError;
    fn try_from(s: String) -> Result<TimeOfDay, TimeError> {
        s.parse()
    }
}

impl From<TimeOfDay> for String {
    fn from(t: TimeOfDay) -> String {
        t.to_string()
    }
}

/// A moment in the centres' local time, to the minute: `2026-11-27T10:05`
/// on the wire (a queued staff action's time of the tap).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LocalDateTime {
    pub date: Date,
    pub time: TimeOfDay,
}

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}T{}", self.date, self.time)
    }
}

impl FromStr for LocalDateTime {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<LocalDateTime, TimeError> {
        let (date, time) = s.split_once('T').ok_or(TimeError::BadDate)?;
        Ok(LocalDateTime {
            date: date.parse()?,
            time: time.parse()?,
        })
    }
}

impl TryFrom<String> for LocalDateTime {
    type Error = TimeError;
    fn try_from(s: String) -> Result<LocalDateTime, TimeError> {
        s.parse()
    }
}

impl From<LocalDateTime> for String {
    fn from(t: LocalDateTime) -> String {
        t.to_string()
    }
}

impl LocalDateTime {
    /// Milliseconds since the Unix epoch at the start of this minute: the
    /// inverse of [`LocalDateTime::from_unix_millis`].
    pub fn to_unix_millis(self) -> i64 {
        let minutes = self.date.days_since_epoch() * 24 * 60 + i64::from(self.time.minutes())
            - UTC_OFFSET_MINUTES;
        minutes * 60_000
    }

    /// The local time at a Unix timestamp in milliseconds.
    pub fn from_unix_millis(millis: i64) -> LocalDateTime {
        let minutes = millis.div_euclid(60_000) + UTC_OFFSET_MINUTES;
        LocalDateTime {
            date: Date::from_days_since_epoch(minutes.div_euclid(24 * 60)),
            time: TimeOfDay(minutes.rem_euclid(24 * 60) as u16),
        }
    }

    /// ISO 8601 with the offset, e.g. `2026-11-27T10:05:00+08:00`.
    pub fn to_rfc3339(self) -> String {
        format!("{}T{}:00+08:00", self.date, self.time)
    }
}

/// RFC 3339 in local time with seconds, e.g. `2026-11-27T10:05:09+08:00`,
/// from milliseconds since the Unix epoch.
pub fn rfc3339(unix_millis: i64) -> String {
    let local = LocalDateTime::from_unix_millis(unix_millis);
    let seconds = unix_millis.div_euclid(1000).rem_euclid(60);
    format!("{}T{}:{seconds:02}+08:00", local.date, local.time)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().expect("valid date")
    }

    #[test]
    fn dates_parse_and_print() {
        assert_eq!(d("2026-11-27").to_string(), "2026-11-27");
        assert_eq!(d("2024-02-29").day(), 29);
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "26-11-27",
            "2026-11-27x",
            "２０２６-11-27",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn epoch_days_round_trip_over_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
    }

    #[test]
    fn weekdays_are_iso() {
        assert_eq!(d("2026-11-23").weekday(), 1); // Monday
        assert_eq!(d("2026-11-27").weekday(), 5); // Friday
        assert_eq!(d("2026-11-29").weekday(), 7); // Sunday
        assert_eq!(d("2026-12-31").add_days(1), d("2027-01-01"));
        assert_eq!(d("2028-02-28").add_days(1), d("2028-02-29"));
    }

    #[test]
    fn times_parse_and_add() {
        let t: TimeOfDay = "11:30".parse().expect("valid");
        assert_eq!(t.minutes(), 690);
        assert_eq!(
            t.plus_minutes(30).map(|t| t.to_string()),
            Some("12:00".into())
        );
        assert_eq!(
            "23:30"
                .parse::<TimeOfDay>()
                .ok()
                .and_then(|t| t.plus_minutes(30)),
            None
        );
        for bad in ["24:00", "11:60", "1:30", "11-30", "", "ab:cd"] {
            assert!(bad.parse::<TimeOfDay>().is_err(), "{bad}");
        }
    }

    #[test]
    fn moments_parse_and_print_to_the_minute() {
        let t: LocalDateTime = "2026-11-27T10:05".parse().expect("valid");
        assert_eq!(t.date, d("2026-11-27"));
        assert_eq!(t.time.to_string(), "10:05");
        assert_eq!(t.to_string(), "2026-11-27T10:05");
        assert_eq!(
            serde_json::to_string(&t).expect("json"),
            r#""2026-11-27T10:05""#
        );
        for bad in [
            "2026-11-27",
            "2026-11-27T10:05:00",
            "2026-11-27 10:05",
            "2026-11-27T24:00",
            "2026-02-30T10:00",
            "",
        ] {
            assert!(bad.parse::<LocalDateTime>().is_err(), "{bad}");
        }
        // Every minute of a day and back, across a year boundary.
        for ms in (1_798_732_800_000_i64..1_798_819_200_000).step_by(60_000 * 7) {
            let local = LocalDateTime::from_unix_millis(ms);
            assert_eq!(local.to_unix_millis(), ms);
        }
    }

    #[test]
    fn unix_time_is_read_in_utc_plus_8() {
        // 2026-11-27T02:30:00Z is 10:30 in Nanjing.
        let now = LocalDateTime::from_unix_millis(1_795_746_600_000);
        assert_eq!(now.date.to_string(), "2026-11-27");
        assert_eq!(now.time.to_string(), "10:30");
        // 16:00Z is already the next day locally.
        let late = LocalDateTime::from_unix_millis(1_795_795_200_000);
        assert_eq!(late.date.to_string(), "2026-11-28");
        assert_eq!(late.time.to_string(), "00:00");
        assert_eq!(now.to_rfc3339(), "2026-11-27T10:30:00+08:00");
        assert_eq!(now.to_unix_millis(), 1_795_746_600_000);
        assert_eq!(late.to_unix_millis(), 1_795_795_200_000);
        assert_eq!(
            rfc3339(1_795_746_600_000 + 9_500),
            "2026-11-27T10:30:09+08:00"
        );
    }
}
