//! Argon2id for every secret a person types (volunteer PINs, staff
//! passwords): salted PHC strings, checked in constant time by the
//! `argon2` crate, with the same cost for a name that has no secret.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// The PHC string of a secret with a fresh 16-byte salt from the OS. Slow
/// (Argon2id, 19 MiB, 2 passes): call it from a blocking thread.
pub fn hash(secret: &[u8]) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| format!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(secret, &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `candidate` matches the stored hash. No hash (`None`: an
/// unknown centre or user) is checked against a dummy and always fails,
/// so the time taken doesn't tell which exist. Candidates longer than
/// `max_len` bytes can't match and are checked as empty. Slow: call it
/// from a blocking thread.
pub fn verify(stored: Option<&str>, candidate: &str, max_len: usize) -> bool {
    let candidate = if candidate.len() <= max_len {
        candidate
    } else {
        ""
    };
    let Some(stored) = stored else {
        if let Some(dummy) = dummy_hash() {
            let _ = check(dummy, candidate);
        }
        return false;
    };
    check(stored, candidate)
}

fn check(phc: &str, candidate: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(candidate.as_bytes(), &parsed)
            .is_ok()
    })
}

fn dummy_hash() -> Option<&'static str> {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    DUMMY
        .get_or_init(|| {
            let mut random = [0u8; 16];
            getrandom::fill(&mut random).ok()?;
            hash(&random).ok()
        })
        .as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_salted_argon2id_and_verify() {
        let a = hash(b"correct horse battery").expect("hash");
        let b = hash(b"correct horse battery").expect("hash");
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "a fresh salt every time");
        assert!(verify(Some(&a), "correct horse battery", 512));
        assert!(!verify(Some(&a), "correct horse batterY", 512));
        assert!(!verify(Some(&a), "correct horse battery", 8), "too long");
        assert!(!verify(None, "correct horse battery", 512));
        assert!(!verify(Some("not a hash"), "x", 512));
    }
}
