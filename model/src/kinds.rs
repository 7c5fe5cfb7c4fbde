//! The kinds of service, each declared once: its name in URLs, the API and
//! the database, and the facts the rules need about it. A new kind is one
//! line in `service_kinds!` and one arm in [`ServiceKind::facts`]; every
//! other `match` on the kind or its [`crate::Details`] is exhaustive, so
//! the compiler lists what else it needs.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Declares the enum, `ALL`, `as_str` and the names for error messages
/// from one list, so they can't drift apart.
macro_rules! service_kinds {
    ($(#[doc = $first_doc:literal])* $first:ident = $first_id:literal,
     $($(#[doc = $doc:literal])* $kind:ident = $id:literal,)*) => {
        /// The kinds of service a centre offers.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum ServiceKind {
            $(#[doc = $first_doc])* #[serde(rename = $first_id)] $first,
            $($(#[doc = $doc])* #[serde(rename = $id)] $kind,)*
        }

        impl ServiceKind {
            /// Every kind, in the order the home screen shows them.
            pub const ALL: [ServiceKind; [$first_id, $($id),*].len()] =
                [ServiceKind::$first, $(ServiceKind::$kind),*];

            /// The message for a kind that is none of these.
            pub const ONE_OF: &'static str =
                concat!("kind is one of ", $first_id $(, ", ", $id)*);

            pub const fn as_str(self) -> &'static str {
                match self {
                    ServiceKind::$first => $first_id,
                    $(ServiceKind::$kind => $id,)*
                }
            }
        }
    };
}

service_kinds! {
    /// 微餐桌: a seat at a canteen sitting.
    Meal = "meal",
    /// 助老服务: an elderly-care service.
    Care = "care",
    /// 法律咨询: a consultation with the duty lawyer.
    Legal = "legal",
    /// 矛盾调解: a session at the mediation station.
    Mediation = "mediation",
    /// 微课堂: a seat at a community class or talk.
    Class = "class",
}

/// What the shared rules need to know about a kind beyond its details.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindFacts {
    /// Its roster slots say what the kitchen prepares.
    pub kitchen: bool,
}

impl ServiceKind {
    pub const fn facts(self) -> KindFacts {
        match self {
            ServiceKind::Meal => KindFacts { kitchen: true },
            ServiceKind::Care
            | ServiceKind::Legal
            | ServiceKind::Mediation
            | ServiceKind::Class => KindFacts { kitchen: false },
        }
    }
}

impl fmt::Display for ServiceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", ServiceKind::ONE_OF)]
pub struct UnknownKind;

impl FromStr for ServiceKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, UnknownKind> {
        ServiceKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(UnknownKind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_one_name_everywhere() {
        for kind in ServiceKind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(kind));
            assert_eq!(serde_json::to_value(kind).expect("json"), kind.as_str());
            assert!(ServiceKind::ONE_OF.contains(kind.as_str()));
        }
        assert_eq!("picnic".parse::<ServiceKind>(), Err(UnknownKind));
        assert_eq!(
            UnknownKind.to_string(),
            "kind is one of meal, care, legal, mediation, class"
        );
    }
}
