//! Phone numbers: a mainland mobile or a landline with its area code. With
//! the booking code, the phone number is what identifies a booking.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("please enter a phone number")]
    Empty,
    #[error(
        "a phone number is an 11-digit mobile (1xx xxxx xxxx) or a landline with area code (025-12345678)"
    )]
    Invalid,
}

/// A validated phone number, kept in one canonical form so the same phone
/// typed two ways is the same phone.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum PhoneNumber {
    /// 11 digits, `1[3-9]xxxxxxxxx`.
    Mobile(String),
    /// Area code (3 or 4 digits, starting with 0) and a 7 or 8 digit number.
    Landline { area: String, local: String },
}

impl PhoneNumber {
    /// Canonical digits without separators: what is stored and compared.
    pub fn canonical(&self) -> String {
        match self {
            PhoneNumber::Mobile(m) => m.clone(),
            PhoneNumber::Landline { area, local } => format!("{area}-{local}"),
        }
    }

    /// Whether text messages reach it: a mobile, not a landline.
    pub fn takes_texts(&self) -> bool {
        matches!(self, PhoneNumber::Mobile(_))
    }

    /// The form shown on rosters and receipts: the last four digits only,
    /// `*******5678`, `***-****5678`. Beside a booking code, a mask that
    /// kept the prefix too would leave only 10,000 phones to try.
    pub fn masked(&self) -> String {
        let stars = |n: usize| "*".repeat(n);
        let tail = |s: &str| s[s.len() - 4..].to_owned();
        match self {
            PhoneNumber::Mobile(m) => format!("{}{}", stars(m.len() - 4), tail(m)),
            PhoneNumber::Landline { area, local } => {
                format!(
                    "{}-{}{}",
                    stars(area.len()),
                    stars(local.len() - 4),
                    tail(local)
                )
            }
        }
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

impl FromStr for PhoneNumber {
    type Err = PhoneError;

    fn from_str(input: &str) -> Result<Self, PhoneError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(PhoneError::Empty);
        }
        // A country code is dropped; only mobiles are written with one here.
        let (body, international) = match trimmed.strip_prefix("+86") {
            Some(rest) => (rest, true),
            None => (trimmed, false),
        };
        // People write numbers with spaces, dashes, dots or brackets.
        let mut digits = String::with_capacity(body.len());
        for c in body.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' | '\u{3000}' | '－' => {}
                _ => return Err(PhoneError::Invalid),
            }
        }
        if !international && digits.len() == 15 && digits.starts_with("0086") {
            digits.drain(..4);
        }
        let bytes = digits.as_bytes();
        if bytes.len() == 11 && bytes[0] == b'1' && (b'3'..=b'9').contains(&bytes[1]) {
            return Ok(PhoneNumber::Mobile(digits));
        }
        if !international && bytes.first() == Some(&b'0') {
            // 010 and 02x are the three-digit area codes; all others have four.
            let area_len = if matches!(bytes.get(1), Some(b'1' | b'2')) {
                3
            } else {
                4
            };
            if bytes.len() > area_len && bytes.get(1) != Some(&b'0') {
                let (area, local) = digits.split_at(area_len);
                let local_ok = (7..=8).contains(&local.len()) && !local.starts_with(['0', '1']);
                if local_ok {
                    return Ok(PhoneNumber::Landline {
                        area: area.into(),
                        local: local.into(),
                    });
                }
            }
        }
        Err(PhoneError::Invalid)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneError;
    fn try_from(s: String) -> Result<Self, PhoneError> {
        s.parse()
    }
}

impl From<PhoneNumber> for String {
    fn from(p: PhoneNumber) -> String {
        p.canonical()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(s: &str) -> Result<String, PhoneError> {
        s.parse::<PhoneNumber>().map(|p| p.canonical())
    }

    #[test]
    fn mobiles_in_the_usual_spellings() {
        for s in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "008613812345678",
        ] {
            assert_eq!(phone(s), Ok("13812345678".into()), "{s}");
        }
        assert_eq!(phone("19912345678"), Ok("19912345678".into()));
    }

    #[test]
    fn mobiles_with_wrong_prefix_or_length_are_refused() {
        for s in [
            "12812345678",
            "1381234567",
            "138123456789",
            "23812345678",
            "1381234567a",
        ] {
            assert_eq!(phone(s), Err(PhoneError::Invalid), "{s}");
        }
    }

    #[test]
    fn landlines_need_an_area_code() {
        assert_eq!(phone("025-52101234"), Ok("025-52101234".into()));
        assert_eq!(phone("02552101234"), Ok("025-52101234".into()));
        assert_eq!(phone("(025) 5210 1234"), Ok("025-52101234".into()));
        assert_eq!(phone("010-6512345"), Ok("010-6512345".into()));
        assert_eq!(phone("0512-68001234"), Ok("0512-68001234".into()));
        for s in [
            "52101234",
            "025-0210123",
            "025-123",
            "025-123456789",
            "0025-52101234",
        ] {
            assert_eq!(phone(s), Err(PhoneError::Invalid), "{s}");
        }
    }

    #[test]
    fn empty_is_its_own_error() {
        assert_eq!(phone("   "), Err(PhoneError::Empty));
    }

    #[test]
    fn masking_keeps_only_the_ends() {
        let m: PhoneNumber = "13812345678".parse().expect("valid");
        assert_eq!(m.masked(), "*******5678");
        let l: PhoneNumber = "025-52101234".parse().expect("valid");
        assert_eq!(l.masked(), "***-****1234");
    }
}
