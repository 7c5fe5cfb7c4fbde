//! Identifiers of catalog things and slots.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::time::{Date, TimeOfDay};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("an id must be 1 to 64 characters of a-z, 0-9 and '-'")]
    Malformed,
    #[error("a slot id looks like offering@YYYY-MM-DDTHH:MM")]
    MalformedSlot,
}

/// Ids are short lowercase ASCII words so they are safe in URLs, file names
/// and slot ids without escaping.
fn check_id(s: &str) -> Result<(), IdError> {
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok { Ok(()) } else { Err(IdError::Malformed) }
}

macro_rules! catalog_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                check_id(&s)?;
                Ok(Self(s))
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::try_from(s.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

catalog_id!(
    /// A street office 街道, e.g. `dongshan`.
    StreetId
);
catalog_id!(
    /// A community service centre, e.g. `dongshan-zhushan`.
    CenterId
);
catalog_id!(
    /// One bookable service of a centre, e.g. `dongshan-zhushan-lunch`.
    OfferingId
);

/// A concrete slot: `{offering_id}@{YYYY-MM-DD}T{HH:MM}`. Deterministic, so
/// both backends name the same slot the same way without storing it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SlotId {
    pub offering_id: OfferingId,
    pub date: Date,
    pub start: TimeOfDay,
}

impl fmt::Display for SlotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}T{}", self.offering_id, self.date, self.start)
    }
}

impl FromStr for SlotId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        let (offering, when) = s.split_once('@').ok_or(IdError::MalformedSlot)?;
        let (date, start) = when.split_once('T').ok_or(IdError::MalformedSlot)?;
        Ok(SlotId {
            offering_id: offering.parse()?,
            date: date.parse().map_err(|_| IdError::MalformedSlot)?,
            start: start.parse().map_err(|_| IdError::MalformedSlot)?,
        })
    }
}

impl TryFrom<String> for SlotId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        s.parse()
    }
}

impl From<SlotId> for String {
    fn from(id: SlotId) -> String {
        id.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_lowercase_words_only() {
        assert!("dongshan-zhushan".parse::<CenterId>().is_ok());
        assert!("lunch2".parse::<OfferingId>().is_ok());
        for bad in ["", "Dongshan", "a b", "a/b", "东山", "a@b", &"x".repeat(65)] {
            assert_eq!(bad.parse::<CenterId>(), Err(IdError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn slot_id_round_trips() {
        let id: SlotId = "dongshan-zhushan-lunch@2026-12-01T11:00"
            .parse()
            .expect("valid");
        assert_eq!(id.offering_id.as_str(), "dongshan-zhushan-lunch");
        assert_eq!(id.date.to_string(), "2026-12-01");
        assert_eq!(id.start.to_string(), "11:00");
        assert_eq!(id.to_string(), "dongshan-zhushan-lunch@2026-12-01T11:00");
        let json = serde_json::to_string(&id).expect("serialises");
        assert_eq!(json, "\"dongshan-zhushan-lunch@2026-12-01T11:00\"");
    }

    #[test]
    fn slot_id_rejects_malformed() {
        for bad in [
            "lunch",
            "lunch@2026-12-01",
            "lunch@2026-13-01T11:00",
            "lunch@2026-12-01T25:00",
            "Lunch@2026-12-01T11:00",
            "@2026-12-01T11:00",
        ] {
            assert!(bad.parse::<SlotId>().is_err(), "{bad}");
        }
    }
}
