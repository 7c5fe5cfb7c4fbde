//! Volunteer PINs for static kiosks (`linli-server pin hash`): the line
//! for `config.json`'s `volunteer_pins`, in the model's
//! [`DevicePinHash`] format, which the browser checks with WebCrypto's
//! PBKDF2. The server never reads these lines itself; its own PINs are
//! Argon2id hashes in the database (`pin.rs`).

use linli_model::Pin;
use linli_model::staff::device_pin::{KEY_LEN, SALT_LEN};
use linli_model::staff::{DevicePinHash, DevicePinHashError};
use sha2::Sha256;

use crate::pin::PinCommandError;

/// PBKDF2-HMAC-SHA256 of a PIN, exactly as the browser computes it
/// (`deriveBits` with 256 bits).
pub fn derive(pin: &str, salt: &[u8; SALT_LEN], iterations: u32) -> [u8; KEY_LEN] {
    let mut key = [0u8; KEY_LEN];
    pbkdf2::pbkdf2_hmac::<Sha256>(DevicePinHash::password(pin), salt, iterations, &mut key);
    key
}

/// The hash line of a PIN with a fresh 16-byte salt from the OS. Slow on
/// purpose: call it from a blocking thread.
pub fn hash_device_pin(pin: &Pin, iterations: u32) -> Result<DevicePinHash, PinCommandError> {
    let mut salt = [0u8; SALT_LEN];
    getrandom::fill(&mut salt).map_err(|e| PinCommandError::Hash(format!("no randomness: {e}")))?;
    let key = derive(pin.as_str(), &salt, iterations);
    DevicePinHash::new(iterations, salt, key)
        .map_err(|e: DevicePinHashError| PinCommandError::Hash(e.to_string()))
}

/// Whether `candidate` is the PIN of `hash`: what the app does in the
/// browser, here for tests and for checking a line by hand.
pub fn verify_device_pin(hash: &DevicePinHash, candidate: &str) -> bool {
    hash.matches(&derive(candidate, hash.salt(), hash.iterations()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_model::staff::device_pin::{
        DEFAULT_ITERATIONS, MIN_ITERATIONS, TEST_VECTOR, TEST_VECTOR_PIN,
    };

    #[test]
    fn rfc_7914_vector() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, "passwd", "salt", c = 1,
        // the first 32 of its 64 bytes.
        let mut key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<Sha256>(b"passwd", b"salt", 1, &mut key);
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
    }

    #[test]
    fn the_models_test_vector_is_what_we_compute() {
        let vector: DevicePinHash = TEST_VECTOR.parse().expect("parses");
        assert_eq!(vector.iterations(), DEFAULT_ITERATIONS);
        // One derivation at 600,000 rounds: seconds in a debug build (the
        // generic HMAC code is compiled unoptimised into this crate).
        assert!(verify_device_pin(&vector, TEST_VECTOR_PIN));
    }

    #[test]
    fn hashes_are_salted_and_verify() {
        let pin = Pin::parse("975310").expect("valid");
        let a = hash_device_pin(&pin, MIN_ITERATIONS).expect("hash");
        let b = hash_device_pin(&pin, MIN_ITERATIONS).expect("hash");
        assert_ne!(a.salt(), b.salt(), "a fresh salt every time");
        assert!(a.to_string().starts_with("pbkdf2-sha256$100000$"));
        assert!(!a.to_string().contains("975310"));
        // Spaces around are no part of the PIN (DevicePinHash::password).
        assert!(verify_device_pin(&a, " 975310 "));
        assert!(!verify_device_pin(&b, "975311"));
        assert!(hash_device_pin(&pin, MIN_ITERATIONS - 1).is_err());
    }
}
