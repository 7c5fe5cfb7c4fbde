//! The catalog: street offices, their centres, and what each centre offers.
//! The same shapes are served by the API and published as static files.

use serde::{Deserialize, Serialize};

use crate::details::Diet;
use crate::ids::{CenterId, OfferingId, StreetId};
use crate::text::LocalizedText;
use crate::time::{Date, TimeOfDay};

// Offerings are of a kind; the kinds are declared in their own module.
pub use crate::kinds::{ServiceKind, UnknownKind};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Street {
    pub id: StreetId,
    pub name: LocalizedText,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Center {
    pub id: CenterId,
    pub street_id: StreetId,
    pub name: LocalizedText,
    pub address: LocalizedText,
    pub phone: String,
    pub hours: LocalizedText,
}

/// `catalog.json`: every street office and centre, in the order people
/// expect to see them (the order of the file).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    pub streets: Vec<Street>,
    pub centers: Vec<Center>,
}

impl Catalog {
    pub fn center(&self, id: &CenterId) -> Option<&Center> {
        self.centers.iter().find(|c| &c.id == id)
    }

    /// Centres grouped by street, streets in file order (a street missing
    /// from the list after them, in the order its centres come). A list, not
    /// a hash map: a district has a dozen streets, and the app is smaller.
    pub fn centers_by_street(&self) -> Vec<(&StreetId, Vec<&Center>)> {
        let mut groups: Vec<(&StreetId, Vec<&Center>)> = Vec::new();
        for street in &self.streets {
            street_group(&mut groups, &street.id);
        }
        for c in &self.centers {
            let i = street_group(&mut groups, &c.street_id);
            groups[i].1.push(c);
        }
        groups
    }
}

/// The index of `street`'s group, added at the end if it has none yet.
fn street_group<'a>(
    groups: &mut Vec<(&'a StreetId, Vec<&'a Center>)>,
    street: &'a StreetId,
) -> usize {
    groups
        .iter()
        .position(|(id, _)| *id == street)
        .unwrap_or_else(|| {
            groups.push((street, Vec::new()));
            groups.len() - 1
        })
}

/// A weekly rule: on these weekdays, from `start` to `end`, `capacity` seats.
/// With `slot_minutes` the window is cut into consecutive slots of that length.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleRule {
    pub weekdays: Vec<u8>,
    pub start: TimeOfDay,
    pub end: TimeOfDay,
    pub capacity: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_minutes: Option<u16>,
}

/// The dishes served on some weekdays (meal offerings).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyMenu {
    pub weekdays: Vec<u8>,
    pub dishes: Vec<LocalizedText>,
}

/// One day's dishes of a canteen, set in the console: on that day it takes
/// the place of the weekly menu.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatedMenu {
    pub date: Date,
    pub dishes: Vec<LocalizedText>,
    /// The diets the whole menu suits (少盐, 软烂…), for residents to see.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suits: Vec<Diet>,
}

/// Most dishes on one menu.
pub const MAX_DISHES: usize = 12;

/// A price for one group of residents (age bands, priority groups).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceBand {
    pub id: String,
    pub label: LocalizedText,
    pub price_cents: u32,
}

/// One bookable service of a centre.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offering {
    pub id: OfferingId,
    pub center_id: CenterId,
    pub kind: ServiceKind,
    pub name: LocalizedText,
    pub description: LocalizedText,
    /// The social organisation, law firm or canteen that delivers it.
    pub provider: LocalizedText,
    pub price_cents: u32,
    pub max_party: u8,
    pub schedule: Vec<ScheduleRule>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub menus: Vec<WeeklyMenu>,
    /// Menus for single days, which win over the weekly ones.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dated_menus: Vec<DatedMenu>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub price_bands: Vec<PriceBand>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_limit_per_phone: Option<u8>,
    /// Care services delivered at the resident's home need an address.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub home_service: bool,
    /// The named person on duty: the lawyer, the mediator, the teacher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<LocalizedText>,
    /// Classes for older residents: the youngest age, in years, that the
    /// resident confirms (never a birth date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u8>,
    /// How many days ahead it can be booked, today included; the district's
    /// default (`BOOKING_HORIZON_DAYS`) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_horizon_days: Option<u8>,
    /// Promotion from the waiting list holds the seats this many minutes
    /// for the resident to confirm (0: the default, 30); absent: promotion
    /// books at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waitlist_hold_minutes: Option<u16>,
}

impl Offering {
    /// The hold a waiting-list promotion gives, `None` to book at once.
    pub fn waitlist_hold(&self) -> Option<u16> {
        self.waitlist_hold_minutes.map(|m| {
            if m == 0 {
                crate::waitlist::DEFAULT_HOLD_MINUTES
            } else {
                m
            }
        })
    }

    /// How many days ahead it can be booked, today included (at least 1).
    pub fn booking_horizon_days(&self) -> u32 {
        self.booking_horizon_days
            .map_or(crate::BOOKING_HORIZON_DAYS, |d| u32::from(d.max(1)))
    }

    /// The dishes served on a day and the diets they suit, if a menu is
    /// published: that day's own, else the weekday's.
    pub fn menu_on(&self, date: Date) -> Option<(&[LocalizedText], &[Diet])> {
        if let Some(m) = self.dated_menus.iter().find(|m| m.date == date) {
            return Some((&m.dishes, &m.suits));
        }
        let weekday = date.weekday();
        self.menus
            .iter()
            .find(|m| m.weekdays.contains(&weekday))
            .map(|m| (m.dishes.as_slice(), &[][..]))
    }

    /// The price band with this id, if the offering has it.
    pub fn price_band(&self, id: &str) -> Option<&PriceBand> {
        self.price_bands.iter().find(|b| b.id == id)
    }
}

/// `centers/{id}.json`: one centre and its offerings, in file order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CenterFile {
    pub center: Center,
    pub offerings: Vec<Offering>,
}

/// Why a catalog file can't be used. Checked once when data is imported or
/// loaded, so the rest of the code can trust it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("centre {center}: street {street} is not in the catalog")]
    UnknownStreet { center: String, street: String },
    #[error("duplicate id {0}")]
    DuplicateId(String),
    #[error("offering {0} belongs to another centre")]
    ForeignOffering(String),
    #[error("offering {offering}: {problem}")]
    BadOffering {
        offering: String,
        problem: &'static str,
    },
}

impl Catalog {
    pub fn check(&self) -> Result<(), CatalogError> {
        let mut seen = std::collections::HashSet::new();
        for s in &self.streets {
            if !seen.insert(s.id.as_str()) {
                return Err(CatalogError::DuplicateId(s.id.to_string()));
            }
        }
        let mut centers = std::collections::HashSet::new();
        for c in &self.centers {
            if !self.streets.iter().any(|s| s.id == c.street_id) {
                return Err(CatalogError::UnknownStreet {
                    center: c.id.to_string(),
                    street: c.street_id.to_string(),
                });
            }
            if !centers.insert(c.id.as_str()) {
                return Err(CatalogError::DuplicateId(c.id.to_string()));
            }
        }
        Ok(())
    }
}

impl CenterFile {
    pub fn check(&self) -> Result<(), CatalogError> {
        let mut seen = std::collections::HashSet::new();
        for o in &self.offerings {
            let bad = |problem| CatalogError::BadOffering {
                offering: o.id.to_string(),
                problem,
            };
            if o.center_id != self.center.id {
                return Err(CatalogError::ForeignOffering(o.id.to_string()));
            }
            if !seen.insert(o.id.as_str()) {
                return Err(CatalogError::DuplicateId(o.id.to_string()));
            }
            if o.min_age.is_some() && o.kind != ServiceKind::Class {
                return Err(bad("min_age is for classes"));
            }
            if o.min_age.is_some_and(|age| !(1..=120).contains(&age)) {
                return Err(bad("min_age is 1 to 120 years"));
            }
            if o.max_party == 0 {
                return Err(bad("max_party must be at least 1"));
            }
            for rule in &o.schedule {
                if rule.weekdays.is_empty() || rule.weekdays.iter().any(|d| !(1..=7).contains(d)) {
                    return Err(bad("weekdays are 1 (Monday) to 7 (Sunday)"));
                }
                if rule.end <= rule.start {
                    return Err(bad("a schedule ends after it starts"));
                }
                if rule.capacity == 0 {
                    return Err(bad("capacity must be at least 1"));
                }
                if let Some(len) = rule.slot_minutes {
                    let window = rule.end.minutes() - rule.start.minutes();
                    if len == 0 || window % len != 0 {
                        return Err(bad("slot_minutes must divide the schedule window"));
                    }
                }
            }
            let mut days = std::collections::HashSet::new();
            for m in &o.dated_menus {
                if o.kind != ServiceKind::Meal {
                    return Err(bad("menus are for meals"));
                }
                if !days.insert(m.date) {
                    return Err(bad("one menu a day"));
                }
                if m.dishes.is_empty() || m.dishes.len() > MAX_DISHES {
                    return Err(bad("a menu has 1 to 12 dishes"));
                }
                if m.dishes.iter().any(|d| d.zh.trim().is_empty()) {
                    return Err(bad("every dish has a Chinese name"));
                }
            }
        }
        Ok(())
    }

    pub fn offering(&self, id: &OfferingId) -> Option<&Offering> {
        self.offerings.iter().find(|o| &o.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centers_are_grouped_by_street_in_file_order() {
        let catalog: Catalog = serde_json::from_value(serde_json::json!({
            "streets": [
                {"id": "b", "name": {"zh": "乙", "en": "B"}},
                {"id": "a", "name": {"zh": "甲", "en": "A"}},
                {"id": "b", "name": {"zh": "乙", "en": "B"}},
                {"id": "empty", "name": {"zh": "空", "en": "Empty"}}
            ],
            "centers": [
                {"id": "a1", "street_id": "a", "name": {"zh": "", "en": ""}, "address": {"zh": "", "en": ""}, "phone": "", "hours": {"zh": "", "en": ""}},
                {"id": "x1", "street_id": "x", "name": {"zh": "", "en": ""}, "address": {"zh": "", "en": ""}, "phone": "", "hours": {"zh": "", "en": ""}},
                {"id": "b1", "street_id": "b", "name": {"zh": "", "en": ""}, "address": {"zh": "", "en": ""}, "phone": "", "hours": {"zh": "", "en": ""}},
                {"id": "a2", "street_id": "a", "name": {"zh": "", "en": ""}, "address": {"zh": "", "en": ""}, "phone": "", "hours": {"zh": "", "en": ""}}
            ]
        }))
        .expect("catalog");
        let groups: Vec<(String, Vec<String>)> = catalog
            .centers_by_street()
            .into_iter()
            .map(|(s, cs)| (s.to_string(), cs.iter().map(|c| c.id.to_string()).collect()))
            .collect();
        let expected = [
            ("b", vec!["b1"]),
            ("a", vec!["a1", "a2"]),
            ("empty", vec![]),
            ("x", vec!["x1"]),
        ];
        let expected: Vec<(String, Vec<String>)> = expected
            .into_iter()
            .map(|(s, cs)| (s.into(), cs.into_iter().map(String::from).collect()))
            .collect();
        assert_eq!(groups, expected);
    }
}
