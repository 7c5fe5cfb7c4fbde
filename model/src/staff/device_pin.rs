//! A volunteer PIN's hash for the static backend. A kiosk without a server
//! has nowhere to keep a secret, so the PIN's salted, slow hash goes into
//! `config.json` (`"volunteer_pins": {"<centre id>": "<hash>"}`) and the
//! browser checks a typed PIN with WebCrypto's PBKDF2.
//!
//! The format is one line, `pbkdf2-sha256$<iterations>$<salt>$<key>`:
//! PBKDF2 with HMAC-SHA-256 (RFC 8018), the password being the PIN's
//! digits as ASCII bytes, a 16-byte random salt and a 32-byte derived key,
//! both in lowercase hex. `linli-server pin hash` writes it; the model only
//! reads, writes and compares it (no crypto here), so the app and the
//! server agree on every byte.
//!
//! The hash is as public as `config.json`: anyone who can fetch that file
//! can try every PIN offline. The iterations slow that down, and a longer
//! PIN (up to 12 digits) is what really protects a static kiosk.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The algorithm's name in the line.
pub const ALGORITHM: &str = "pbkdf2-sha256";
/// Fewer iterations make guessing too cheap.
pub const MIN_ITERATIONS: u32 = 100_000;
/// OWASP's recommendation for PBKDF2-HMAC-SHA256 (2023).
pub const DEFAULT_ITERATIONS: u32 = 600_000;
/// More would freeze a kiosk's browser for minutes at every sign-in: a
/// typo, not a choice.
pub const MAX_ITERATIONS: u32 = 10_000_000;
pub const SALT_LEN: usize = 16;
pub const KEY_LEN: usize = 32;

/// A known answer for checking an implementation (the app's WebCrypto code,
/// the server's `pin hash`): PIN `246810`, salt `linli-device-pin` (ASCII),
/// 600,000 iterations. Computed with Python's `hashlib.pbkdf2_hmac`.
pub const TEST_VECTOR_PIN: &str = "246810";
pub const TEST_VECTOR: &str = "pbkdf2-sha256$600000$6c696e6c692d6465766963652d70696e$28c63f2a673965f56ddfe0c725e43962a25f07e7a39a66736cbe50df7a9c3f68";

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DevicePinHashError {
    #[error("a device PIN hash looks like pbkdf2-sha256$ITERATIONS$SALT$KEY")]
    Malformed,
    #[error("only pbkdf2-sha256 device PIN hashes are understood")]
    UnknownAlgorithm,
    #[error("the iterations must be a number from {MIN_ITERATIONS} to {MAX_ITERATIONS}")]
    Iterations,
    #[error("the salt must be {SALT_LEN} bytes of lowercase hex")]
    Salt,
    #[error("the key must be {KEY_LEN} bytes of lowercase hex")]
    Key,
}

/// A parsed `pbkdf2-sha256$…` line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DevicePinHash {
    iterations: u32,
    salt: [u8; SALT_LEN],
    key: [u8; KEY_LEN],
}

impl DevicePinHash {
    /// A hash from its parts, e.g. just computed by `pin hash`.
    pub fn new(
        iterations: u32,
        salt: [u8; SALT_LEN],
        key: [u8; KEY_LEN],
    ) -> Result<DevicePinHash, DevicePinHashError> {
        if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&iterations) {
            return Err(DevicePinHashError::Iterations);
        }
        Ok(DevicePinHash {
            iterations,
            salt,
            key,
        })
    }

    pub fn iterations(&self) -> u32 {
        self.iterations
    }

    pub fn salt(&self) -> &[u8; SALT_LEN] {
        &self.salt
    }

    pub fn key(&self) -> &[u8; KEY_LEN] {
        &self.key
    }

    /// The bytes PBKDF2 takes as its password for a typed PIN: the digits
    /// without surrounding spaces, as ASCII.
    pub fn password(pin: &str) -> &[u8] {
        pin.trim().as_bytes()
    }

    /// Whether a key derived from a typed PIN (with this hash's salt and
    /// iterations) is this one. Compares every byte whatever the first
    /// difference, so timing tells nothing.
    pub fn matches(&self, derived: &[u8]) -> bool {
        derived.len() == KEY_LEN
            && derived
                .iter()
                .zip(self.key.iter())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

/// Lowercase hex only, so one hash has exactly one spelling.
fn hex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let bytes = s.as_bytes();
    if bytes.len() != N * 2 {
        return None;
    }
    let mut out = [0u8; N];
    for (o, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        *o = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

impl FromStr for DevicePinHash {
    type Err = DevicePinHashError;

    fn from_str(s: &str) -> Result<DevicePinHash, DevicePinHashError> {
        let s = s.trim();
        // The algorithm first: a pasted Argon2 hash of the server's
        // database is told apart from a garbled line.
        let Some((algorithm, rest)) = s.split_once('$') else {
            return Err(DevicePinHashError::Malformed);
        };
        if algorithm != ALGORITHM {
            return Err(DevicePinHashError::UnknownAlgorithm);
        }
        let mut parts = rest.split('$');
        let (Some(iterations), Some(salt), Some(key), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(DevicePinHashError::Malformed);
        };
        // Plain digits without a sign or leading zero: one spelling only.
        let canonical = !iterations.is_empty()
            && !iterations.starts_with('0')
            && iterations.bytes().all(|b| b.is_ascii_digit());
        let iterations = iterations
            .parse::<u32>()
            .ok()
            .filter(|_| canonical)
            .ok_or(DevicePinHashError::Iterations)?;
        let salt = hex::<SALT_LEN>(salt).ok_or(DevicePinHashError::Salt)?;
        let key = hex::<KEY_LEN>(key).ok_or(DevicePinHashError::Key)?;
        DevicePinHash::new(iterations, salt, key)
    }
}

impl fmt::Display for DevicePinHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{ALGORITHM}${}$", self.iterations)?;
        for b in self.salt {
            write!(f, "{b:02x}")?;
        }
        f.write_str("$")?;
        for b in self.key {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl TryFrom<String> for DevicePinHash {
    type Error = DevicePinHashError;
    fn try_from(s: String) -> Result<DevicePinHash, DevicePinHashError> {
        s.parse()
    }
}

impl From<DevicePinHash> for String {
    fn from(h: DevicePinHash) -> String {
        h.to_string()
    }
}

#[cfg(test)]
mod tests;
