//! Booking codes: 8 characters of Crockford base32, shown as `XXXX-XXXX`.
//! 40 random bits: not guessable, yet easy to read aloud and type on a keypad.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("a booking code has 8 letters and digits, like K7QM-2P9D")]
    Malformed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BookingCode([u8; 8]);

impl BookingCode {
    /// A code from 5 bytes of a CSPRNG (the caller's: the model does no I/O).
    pub fn from_random_bytes(bytes: [u8; 5]) -> BookingCode {
        let mut bits = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let mut out = [0u8; 8];
        for slot in out.iter_mut().rev() {
            *slot = ALPHABET[(bits & 31) as usize];
            bits >>= 5;
        }
        BookingCode(out)
    }

    /// The 8 characters without the dash: what is stored.
    pub fn compact(&self) -> String {
        self.0.iter().map(|&b| char::from(b)).collect()
    }
}

impl fmt::Display for BookingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.compact();
        write!(f, "{}-{}", &s[..4], &s[4..])
    }
}

impl FromStr for BookingCode {
    type Err = CodeError;

    /// Tolerant of case, dashes, spaces and the usual look-alikes, because
    /// people copy codes from paper and read them over the phone.
    fn from_str(s: &str) -> Result<BookingCode, CodeError> {
        let mut out = [0u8; 8];
        let mut n = 0;
        for c in s.chars() {
            let c = match c.to_ascii_uppercase() {
                ' ' | '-' | '\u{3000}' | '－' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
                _ => return Err(CodeError::Malformed),
            };
            if n == out.len() {
                return Err(CodeError::Malformed);
            }
            out[n] = c as u8;
            n += 1;
        }
        if n == out.len() {
            Ok(BookingCode(out))
        } else {
            Err(CodeError::Malformed)
        }
    }
}

impl TryFrom<String> for BookingCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, CodeError> {
        s.parse()
    }
}

impl From<BookingCode> for String {
    fn from(c: BookingCode) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forty_bits_make_eight_characters() {
        assert_eq!(
            BookingCode::from_random_bytes([0; 5]).to_string(),
            "0000-0000"
        );
        assert_eq!(
            BookingCode::from_random_bytes([0xff; 5]).to_string(),
            "ZZZZ-ZZZZ"
        );
        // 0x0842108421 is 00001 repeated eight times.
        assert_eq!(
            BookingCode::from_random_bytes([0x08, 0x42, 0x10, 0x84, 0x21]).compact(),
            "11111111"
        );
    }

    #[test]
    fn every_byte_pattern_round_trips() {
        for seed in 0u64..2000 {
            let x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let bytes = [
                x as u8,
                (x >> 8) as u8,
                (x >> 16) as u8,
                (x >> 24) as u8,
                (x >> 32) as u8,
            ];
            let code = BookingCode::from_random_bytes(bytes);
            assert_eq!(code.to_string().parse::<BookingCode>(), Ok(code));
        }
    }

    #[test]
    fn parsing_forgives_case_dashes_and_look_alikes() {
        let code: BookingCode = "K7QM-2P9D".parse().expect("valid");
        for typed in ["k7qm2p9d", "K7QM 2P9D", " k7qm-2p9d ", "K7QM－2P9D"] {
            assert_eq!(typed.parse::<BookingCode>(), Ok(code), "{typed}");
        }
        let with_zero: BookingCode = "AB01-CD01".parse().expect("valid");
        assert_eq!("abOI-cdOl".parse::<BookingCode>(), Ok(with_zero));
    }

    #[test]
    fn parsing_refuses_wrong_length_and_letters() {
        for bad in [
            "",
            "K7QM-2P9",
            "K7QM-2P9DX",
            "K7QM-2P9U",
            "K7QM*2P9D",
            "预约码12345",
        ] {
            assert_eq!(
                bad.parse::<BookingCode>(),
                Err(CodeError::Malformed),
                "{bad}"
            );
        }
    }
}
