//! The fields that belong to one kind of service, and which of them are
//! sensitive personal information.

use serde::{Deserialize, Serialize};

use crate::catalog::ServiceKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Dining {
    DineIn,
    Takeaway,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Diet {
    LowSalt,
    LowSugar,
    Soft,
    Vegetarian,
    Halal,
    NoSpicy,
}

impl Diet {
    pub const ALL: [Diet; 6] = [
        Diet::LowSalt,
        Diet::LowSugar,
        Diet::Soft,
        Diet::Vegetarian,
        Diet::Halal,
        Diet::NoSpicy,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LegalTopic {
    Family,
    Labor,
    Housing,
    Contract,
    Consumer,
    Other,
}

impl LegalTopic {
    /// In the order the app offers them.
    pub const ALL: [LegalTopic; 6] = [
        LegalTopic::Family,
        LegalTopic::Labor,
        LegalTopic::Housing,
        LegalTopic::Contract,
        LegalTopic::Consumer,
        LegalTopic::Other,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisputeCategory {
    Neighbor,
    Family,
    Property,
    Labor,
    Other,
}

impl DisputeCategory {
    /// In the order the app offers them.
    pub const ALL: [DisputeCategory; 5] = [
        DisputeCategory::Neighbor,
        DisputeCategory::Family,
        DisputeCategory::Property,
        DisputeCategory::Labor,
        DisputeCategory::Other,
    ];
}

/// The fields that belong to one kind of service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Details {
    Meal {
        dining: Dining,
        #[serde(default)]
        diet: Vec<Diet>,
        /// The offering's price band the resident belongs to (an age band,
        /// a priority group); none means the standard price.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        price_band: Option<String>,
    },
    Care {
        #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::FreeText>))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        address: Option<String>,
        #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::FreeText>))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Legal {
        topic: LegalTopic,
        #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::FreeText>))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
    },
    Mediation {
        category: DisputeCategory,
        #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::FreeText>))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other_party: Option<String>,
        #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::FreeText>))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
    },
    Class {
        /// The resident confirmed being at least the class's `min_age`
        /// ("我已年满 60 周岁"): a yes, never a birth date. Kept only for
        /// classes that ask.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        age_confirmed: bool,
    },
}

impl Details {
    /// A kind's details with nothing chosen or typed (meals count as dine
    /// in): for a stored booking whose details were lost, so it still reads
    /// as its own kind.
    pub fn blank(kind: ServiceKind) -> Details {
        match kind {
            ServiceKind::Meal => Details::Meal {
                dining: Dining::DineIn,
                diet: vec![],
                price_band: None,
            },
            ServiceKind::Care => Details::Care {
                address: None,
                note: None,
            },
            ServiceKind::Legal => Details::Legal {
                topic: LegalTopic::Other,
                summary: None,
            },
            ServiceKind::Mediation => Details::Mediation {
                category: DisputeCategory::Other,
                other_party: None,
                summary: None,
            },
            ServiceKind::Class => Details::Class {
                age_confirmed: false,
            },
        }
    }

    pub fn kind(&self) -> ServiceKind {
        match self {
            Details::Meal { .. } => ServiceKind::Meal,
            Details::Care { .. } => ServiceKind::Care,
            Details::Legal { .. } => ServiceKind::Legal,
            Details::Mediation { .. } => ServiceKind::Mediation,
            Details::Class { .. } => ServiceKind::Class,
        }
    }
}

mod privacy;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diets_are_listed_in_their_order() {
        // `validate` sorts a booking's diets by filtering `ALL`.
        assert!(Diet::ALL.is_sorted());
    }

    #[test]
    fn details_are_tagged_by_kind() {
        let d: Details = serde_json::from_str(
            r#"{"kind":"meal","dining":"dine_in","diet":["low_salt","soft"]}"#,
        )
        .expect("valid");
        assert_eq!(
            d,
            Details::Meal {
                dining: Dining::DineIn,
                diet: vec![Diet::LowSalt, Diet::Soft],
                price_band: None,
            }
        );
        // No band is not serialised at all; a band round-trips.
        assert!(
            !serde_json::to_string(&d)
                .expect("json")
                .contains("price_band")
        );
        let banded: Details =
            serde_json::from_str(r#"{"kind":"meal","dining":"takeaway","price_band":"age80"}"#)
                .expect("valid");
        assert_eq!(
            serde_json::to_value(&banded).expect("json")["price_band"],
            "age80"
        );
        assert!(d.has_sensitive());
        let d: Details =
            serde_json::from_str(r#"{"kind":"legal","topic":"labor"}"#).expect("valid");
        assert_eq!(d.kind(), ServiceKind::Legal);
        assert!(!d.has_sensitive());
        assert!(serde_json::from_str::<Details>(r#"{"kind":"meal","dining":"picnic"}"#).is_err());
    }

    #[test]
    fn a_blank_is_of_its_kind_and_holds_nothing_personal() {
        for kind in ServiceKind::ALL {
            let blank = Details::blank(kind);
            assert_eq!(blank.kind(), kind);
            assert_eq!(blank.without_personal(), blank);
        }
    }
}
