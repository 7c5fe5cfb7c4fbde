//! Per-date closures: `data/closures.json` beside the catalog, e.g. a
//! public holiday for the whole district or a centre shut for repairs.
//!
//! Weekly rules can't say "not on 1 January"; a closure removes the slots
//! it covers from what both backends publish ([`available_slots`]), and
//! booking a closed slot fails with `slot_closed`
//! ([`Closures::check_request`]).

use serde::{Deserialize, Serialize};

use crate::booking::BookingRequest;
use crate::catalog::{Catalog, CenterFile, Offering, ServiceKind};
use crate::error::BookingError;
use crate::ids::{CenterId, OfferingId};
use crate::schedule::{Slot, expand_center, find_slot};
use crate::text::LocalizedText;
use crate::time::Date;

/// The file's path relative to the data folder. It is optional: no file
/// means no closures.
pub const CLOSURES_FILE: &str = "closures.json";

/// `closures.json`: `{"closures": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closures {
    pub closures: Vec<Closure>,
}

/// One closed day: of the whole district (no centre), of one centre (no
/// offering) or of one offering.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closure {
    pub date: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub center_id: Option<CenterId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offering_id: Option<OfferingId>,
    /// Why, for residents: "元旦 New Year's Day".
    pub reason: LocalizedText,
}

impl Closure {
    /// Whether this closure shuts `offering` of `center` on `date`.
    pub fn covers(&self, center: &CenterId, offering: &OfferingId, date: Date) -> bool {
        self.date == date
            && self.center_id.as_ref().is_none_or(|c| c == center)
            && self.offering_id.as_ref().is_none_or(|o| o == offering)
    }

    /// Whether it shuts the whole centre that day (not just one service),
    /// so the app can say "closed" for the day instead of "no slots".
    pub fn closes_center(&self, center: &CenterId, date: Date) -> bool {
        self.date == date
            && self.offering_id.is_none()
            && self.center_id.as_ref().is_none_or(|c| c == center)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClosuresError {
    #[error("closure on {date}: there is no centre {center} in the catalog")]
    UnknownCenter { date: Date, center: String },
    #[error("closure on {date}: there is no offering {offering} in the catalog")]
    UnknownOffering { date: Date, offering: String },
    #[error("closure on {date}: offering {offering} is not one of centre {center}")]
    ForeignOffering {
        date: Date,
        offering: String,
        center: String,
    },
    #[error("closure on {date}: the reason needs at least its Chinese text")]
    NoReason { date: Date },
}

impl Closures {
    /// The closure that shuts this offering of this centre on `date`, if
    /// any (the first listed, when several do).
    pub fn closing(
        &self,
        center: &CenterId,
        offering: &OfferingId,
        date: Date,
    ) -> Option<&Closure> {
        self.closures
            .iter()
            .find(|c| c.covers(center, offering, date))
    }

    /// The closure that shuts this slot, if any.
    pub fn closing_slot(&self, slot: &Slot) -> Option<&Closure> {
        self.closing(&slot.center_id, &slot.offering_id, slot.date)
    }

    pub fn is_closed(&self, slot: &Slot) -> bool {
        self.closing_slot(slot).is_some()
    }

    /// The closure that shuts the whole of `center` on `date`, if any.
    pub fn center_closed_on(&self, center: &CenterId, date: Date) -> Option<&Closure> {
        self.closures.iter().find(|c| c.closes_center(center, date))
    }

    /// `slot_closed` if a closure covers the slot the request names. A
    /// malformed or unknown slot id passes: [`crate::validate::validate_booking`]
    /// reports those. Call it before `validate_booking`, so a closed day
    /// is what the resident hears about first, as for a started slot.
    pub fn check_request(
        &self,
        request: &BookingRequest,
        offering: &Offering,
    ) -> Result<(), BookingError> {
        let Ok(id) = crate::validate::parse_slot_id(request) else {
            return Ok(());
        };
        match find_slot(offering, &id) {
            Some(slot) if self.is_closed(&slot) => Err(BookingError::SlotClosed),
            _ => Ok(()),
        }
    }

    /// Every centre and offering named must be in the catalog (a typo would
    /// otherwise silently close nothing). `offering_center` gives an
    /// offering's centre, `None` for an unknown offering.
    pub fn check(
        &self,
        catalog: &Catalog,
        offering_center: impl Fn(&OfferingId) -> Option<CenterId>,
    ) -> Result<(), ClosuresError> {
        for c in &self.closures {
            if c.reason.zh.trim().is_empty() {
                return Err(ClosuresError::NoReason { date: c.date });
            }
            if let Some(center) = &c.center_id
                && catalog.center(center).is_none()
            {
                return Err(ClosuresError::UnknownCenter {
                    date: c.date,
                    center: center.to_string(),
                });
            }
            let Some(offering) = &c.offering_id else {
                continue;
            };
            let Some(owner) = offering_center(offering) else {
                return Err(ClosuresError::UnknownOffering {
                    date: c.date,
                    offering: offering.to_string(),
                });
            };
            if let Some(center) = &c.center_id
                && *center != owner
            {
                return Err(ClosuresError::ForeignOffering {
                    date: c.date,
                    offering: offering.to_string(),
                    center: center.to_string(),
                });
            }
        }
        Ok(())
    }
}

/// The slots a centre publishes: its schedule expanded over `days` days
/// from `from` ([`expand_center`]), without the slots closures shut. Both
/// backends call this, so a kiosk without a server and the server publish
/// the same schedule.
pub fn available_slots(
    center: &CenterFile,
    closures: &Closures,
    kind: Option<ServiceKind>,
    from: Date,
    days: u32,
) -> Vec<Slot> {
    let mut slots = expand_center(center, kind, from, days);
    if !closures.closures.is_empty() {
        slots.retain(|s| !closures.is_closed(s));
    }
    slots
}

#[cfg(test)]
mod tests;
