//! The fields that belong to one kind of service, and which of them are
//! sensitive personal information.

use serde::{Deserialize, Serialize};

use crate::catalog::ServiceKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dining {
    DineIn,
    Takeaway,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
        #[serde(default, skip_serializing_if = "Option::is_none")]
        address: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Legal {
        topic: LegalTopic,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
    },
    Mediation {
        category: DisputeCategory,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other_party: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
    },
}

impl Details {
    pub fn kind(&self) -> ServiceKind {
        match self {
            Details::Meal { .. } => ServiceKind::Meal,
            Details::Care { .. } => ServiceKind::Care,
            Details::Legal { .. } => ServiceKind::Legal,
            Details::Mediation { .. } => ServiceKind::Mediation,
        }
    }

    /// Health needs and dispute descriptions are sensitive personal
    /// information: they need their own explicit consent.
    pub fn has_sensitive(&self) -> bool {
        let filled = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
        match self {
            Details::Meal { diet, .. } => !diet.is_empty(),
            Details::Care { note, .. } => filled(note),
            Details::Legal { .. } => false,
            Details::Mediation { summary, .. } => filled(summary),
        }
    }

    /// The details as shown back to the resident: the care note (health
    /// information) and the mediation description are kept for the staff
    /// but never shown again once the form is left, since an answer can
    /// reach a shared kiosk screen, a printout or a browser cache.
    pub fn for_resident(&self) -> Details {
        match self {
            Details::Care { address, .. } => Details::Care {
                address: address.clone(),
                note: None,
            },
            Details::Mediation {
                category,
                other_party,
                ..
            } => Details::Mediation {
                category: *category,
                other_party: other_party.clone(),
                summary: None,
            },
            other => other.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn blank_texts_are_not_sensitive() {
        let d = Details::Care {
            address: None,
            note: Some("  ".into()),
        };
        assert!(!d.has_sensitive());
        let d = Details::Mediation {
            category: DisputeCategory::Neighbor,
            other_party: None,
            summary: Some("噪音".into()),
        };
        assert!(d.has_sensitive());
    }

    #[test]
    fn residents_never_get_notes_or_descriptions_back() {
        let care = Details::Care {
            address: Some("竹山路1号".into()),
            note: Some("高血压".into()),
        };
        assert_eq!(
            care.for_resident(),
            Details::Care {
                address: Some("竹山路1号".into()),
                note: None
            }
        );
        let mediation = Details::Mediation {
            category: DisputeCategory::Property,
            other_party: Some("物业".into()),
            summary: Some("电梯停用".into()),
        };
        let shown = mediation.for_resident();
        assert_eq!(
            shown,
            Details::Mediation {
                category: DisputeCategory::Property,
                other_party: Some("物业".into()),
                summary: None
            }
        );
        assert!(
            !serde_json::to_string(&shown)
                .expect("json")
                .contains("summary")
        );
        // Nothing else is hidden.
        for kept in [
            Details::Legal {
                topic: LegalTopic::Labor,
                summary: Some("欠薪".into()),
            },
            Details::Meal {
                dining: Dining::Takeaway,
                diet: vec![Diet::Soft],
                price_band: Some("age80".into()),
            },
        ] {
            assert_eq!(kept.for_resident(), kept);
        }
    }
}
