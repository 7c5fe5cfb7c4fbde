//! Volunteer PINs: hashed with Argon2id (`secret.rs`), and the `pin`
//! command.

use std::path::Path;

use linli_model::audit::AuditAction;
use linli_model::staff::DevicePinHash;
use linli_model::{Pin, PinError};

use crate::catalog_index::{CatalogIndex, CatalogLoadError};
use crate::config::PinCommand;
use crate::store::{AuditRecord, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum PinCommandError {
    #[error("catalog: {0}")]
    Catalog(#[from] CatalogLoadError),
    #[error("there is no centre {0:?} in the catalog")]
    UnknownCenter(String),
    #[error("{0}")]
    Pin(#[from] PinError),
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Hash(String),
}

/// What the `pin` command did, for `main` to print.
#[derive(Debug, PartialEq, Eq)]
pub enum PinOutcome {
    /// `generated` holds a PIN made here: shown once, stored only hashed.
    Set {
        center: String,
        generated: Option<String>,
    },
    Cleared {
        center: String,
        had_pin: bool,
    },
    /// `pin hash`: the line for a static kiosk's config.json.
    Hashed {
        hash: DevicePinHash,
        generated: Option<String>,
    },
}

/// The PHC string of a PIN with a fresh 16-byte salt from the OS.
pub fn hash_pin(pin: &Pin) -> Result<String, PinCommandError> {
    crate::secret::hash(pin.as_str().as_bytes()).map_err(PinCommandError::Hash)
}

/// Whether `candidate` matches the stored hash; a centre without a PIN
/// (`None`) always fails, in the same time (`secret::verify`). Slow: call
/// it from a blocking thread.
pub fn verify_pin(stored: Option<&str>, candidate: &str) -> bool {
    // Longer input can't be a PIN; don't spend Argon2 time on it.
    crate::secret::verify(stored, candidate, 64)
}

/// Digits of a generated PIN: 6 for the server, which limits tries; 10 for
/// a static kiosk, whose hash anyone can read from `config.json` and try
/// offline (10^10 PBKDF2 rounds of 600,000 iterations, not 10^6).
pub const SERVER_PIN_DIGITS: usize = 6;
pub const DEVICE_PIN_DIGITS: usize = 10;

/// A random PIN of `digits` digits from the OS CSPRNG, never a trivial one.
pub fn generate(digits: usize) -> Result<Pin, PinCommandError> {
    loop {
        let mut pin = String::with_capacity(digits);
        while pin.len() < digits {
            let mut byte = [0u8; 1];
            getrandom::fill(&mut byte)
                .map_err(|e| PinCommandError::Hash(format!("no randomness: {e}")))?;
            // Rejection sampling: 250 is a multiple of 10, so every digit
            // is equally likely.
            if byte[0] < 250 {
                pin.push(char::from(b'0' + byte[0] % 10));
            }
        }
        if let Ok(pin) = Pin::parse(&pin) {
            return Ok(pin);
        }
    }
}

/// Runs `linli-server pin set|clear`.
pub async fn run(command: PinCommand, now_millis: i64) -> Result<PinOutcome, PinCommandError> {
    let (center, pin, store_args) = match command {
        PinCommand::Set { center, pin, store } => (center, Some(pin), store),
        PinCommand::Clear { center, store } => (center, None, store),
        PinCommand::Hash { pin, iterations } => return hash_for_device(pin, iterations).await,
    };
    let (center, street) = known_center(&store_args.data, center.trim())?;
    let store = Store::open(&store_args.db).await?;
    // The command line's entry: no user, the centre and its street.
    let audit = |action| AuditRecord {
        at_millis: now_millis,
        user_name: None,
        role: None,
        action,
        street_id: Some(street.clone()),
        center_id: Some(center.clone()),
        target: Some(center.clone()),
        before: None,
        after: None,
    };
    let outcome = match pin {
        Some(given) => {
            let (pin, generated) = given_or_generated(given, SERVER_PIN_DIGITS)?;
            let hash = tokio::task::spawn_blocking(move || hash_pin(&pin))
                .await
                .map_err(|e| PinCommandError::Hash(e.to_string()))??;
            store
                .set_pin(center.clone(), hash, now_millis, audit(AuditAction::PinSet))
                .await?;
            PinOutcome::Set { center, generated }
        }
        None => {
            let had_pin = store
                .clear_pin(center.clone(), audit(AuditAction::PinCleared))
                .await?;
            PinOutcome::Cleared { center, had_pin }
        }
    };
    // Let the writer commit and close the database before exiting.
    let closer = store.closer();
    drop(store);
    let _ =
        tokio::task::spawn_blocking(move || closer.wait(std::time::Duration::from_secs(5))).await;
    Ok(outcome)
}

/// `pin hash`: no database, no catalog; the line goes into config.json.
async fn hash_for_device(
    given: Option<String>,
    iterations: u32,
) -> Result<PinOutcome, PinCommandError> {
    let (pin, generated) = given_or_generated(given, DEVICE_PIN_DIGITS)?;
    let hash =
        tokio::task::spawn_blocking(move || crate::device_pin::hash_device_pin(&pin, iterations))
            .await
            .map_err(|e| PinCommandError::Hash(e.to_string()))??;
    Ok(PinOutcome::Hashed { hash, generated })
}

/// The PIN given (checked), or a generated one and its digits to show once.
fn given_or_generated(
    given: Option<String>,
    digits: usize,
) -> Result<(Pin, Option<String>), PinCommandError> {
    Ok(match given {
        Some(p) => (Pin::parse(&p)?, None),
        None => {
            let p = generate(digits)?;
            let shown = p.as_str().to_owned();
            (p, Some(shown))
        }
    })
}

/// The centre's id and its street's.
fn known_center(data: &Path, id: &str) -> Result<(String, String), PinCommandError> {
    let catalog = CatalogIndex::load(data)?;
    catalog
        .center(id)
        .map(|c| (c.center.id.to_string(), c.center.street_id.to_string()))
        .ok_or_else(|| PinCommandError::UnknownCenter(id.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_salted_and_verify() {
        let pin = Pin::parse("246810").expect("valid");
        let a = hash_pin(&pin).expect("hash");
        let b = hash_pin(&pin).expect("hash");
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "a fresh salt every time");
        assert!(!a.contains("246810"));
        assert!(verify_pin(Some(&a), "246810"));
        assert!(!verify_pin(Some(&a), "246811"));
        assert!(!verify_pin(Some(&a), ""));
        assert!(!verify_pin(None, "246810"));
        assert!(!verify_pin(Some("not a hash"), "246810"));
    }

    #[test]
    fn generated_pins_have_their_digits_and_are_valid() {
        for digits in [SERVER_PIN_DIGITS, DEVICE_PIN_DIGITS] {
            for _ in 0..20 {
                let pin = generate(digits).expect("pin");
                assert_eq!(pin.as_str().len(), digits);
                assert!(pin.as_str().chars().all(|c| c.is_ascii_digit()));
                assert!(Pin::parse(pin.as_str()).is_ok());
            }
        }
    }
}
