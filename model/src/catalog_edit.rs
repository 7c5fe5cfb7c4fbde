//! Editing the catalog from the console: which record a change touches and
//! its version, the edits themselves, and the decisions over facts the
//! store gathers (the seats booked in slots an offering's new schedule
//! keeps or drops; the bookings a closure cancels). The store checks the
//! versions and applies the outcome in one transaction.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::booking::BookingStatus;
use crate::catalog::{Center, CenterFile, Offering};
use crate::error_code::ErrorCode;
use crate::ids::{CenterId, OfferingId, SlotId};
use crate::record::BookingRecord;
use crate::schedule::{Closure, Closures, find_slot};
use crate::text::LocalizedText;
use crate::time::{Date, LocalDateTime};
use crate::visible::is_visible_text;

mod closure_id;
pub use closure_id::ClosureId;

/// The longest closure, in days: a range beyond two months is a typo more
/// often than a plan.
pub const MAX_CLOSURE_DAYS: i64 = 62;
/// The longest name, address or hours in either language.
pub const MAX_LABEL: usize = 120;
/// The longest closure reason in either language: both together stay
/// within a cancellation reason's 200 characters.
pub const MAX_CLOSURE_REASON: usize = 90;

/// An editable record's version: every save adds one, and a save against
/// an older one is refused with the current record (409 `stale_version`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Version(#[serde(deserialize_with = "crate::booking::whole_u32")] pub u32);

impl Version {
    /// The version of a record never edited since the import.
    pub const FIRST: Version = Version(1);

    pub fn next(self) -> Version {
        Version(self.0.saturating_add(1))
    }
}

/// What a version belongs to: a centre's own details, one offering (with
/// its schedule, menus and prices), or the district's list of closures.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RecordKey {
    Center(CenterId),
    Offering(OfferingId),
    Closures,
}

impl fmt::Display for RecordKey {
    /// The stored key: `center:ID`, `offering:ID`, `closures`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordKey::Center(id) => write!(f, "center:{id}"),
            RecordKey::Offering(id) => write!(f, "offering:{id}"),
            RecordKey::Closures => f.write_str("closures"),
        }
    }
}

/// Why an edit is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("{0} can't be changed")]
    FixedField(&'static str),
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: String },
    #[error("a closure can't start before today")]
    ClosureInPast,
    #[error("a closure ends on or after its first day, at most {MAX_CLOSURE_DAYS} days later")]
    ClosureRange,
    #[error("that day is already closed for the same centre and service")]
    ClosureExists,
    #[error("no such closure")]
    ClosureNotFound,
    #[error("slot {slot} has {booked} seats booked, more than the new capacity of {capacity}")]
    CapacityBelowBooked {
        slot: SlotId,
        booked: u32,
        capacity: u32,
    },
    #[error("slot {slot} has {booked} seats booked: close that day instead of removing it")]
    DropsBookedSlot { slot: SlotId, booked: u32 },
}

impl EditError {
    pub fn code(&self) -> ErrorCode {
        match self {
            EditError::FixedField(_) => ErrorCode::FieldFixed,
            EditError::Invalid { .. } => ErrorCode::InvalidField,
            EditError::ClosureInPast => ErrorCode::ClosureInPast,
            EditError::ClosureRange => ErrorCode::ClosureRangeInvalid,
            EditError::ClosureExists => ErrorCode::ClosureExists,
            EditError::ClosureNotFound => ErrorCode::ClosureNotFound,
            EditError::CapacityBelowBooked { .. } => ErrorCode::CapacityBelowBooked,
            EditError::DropsBookedSlot { .. } => ErrorCode::SlotHasBookings,
        }
    }

    /// The request field the error is about, for the console's form.
    pub fn field(&self) -> Option<String> {
        match self {
            EditError::FixedField(f) => Some((*f).to_owned()),
            EditError::Invalid { field, .. } => Some(field.clone()),
            EditError::ClosureInPast | EditError::ClosureRange => Some("from".into()),
            EditError::CapacityBelowBooked { .. } | EditError::DropsBookedSlot { .. } => {
                Some("offering.schedule".into())
            }
            EditError::ClosureExists | EditError::ClosureNotFound => None,
        }
    }
}

fn invalid(field: impl Into<String>, problem: impl Into<String>) -> EditError {
    EditError::Invalid {
        field: field.into(),
        problem: problem.into(),
    }
}

/// A label in both languages: Chinese required, English optional (the app
/// falls back to Chinese), each visible text of at most `max` characters.
pub fn check_label(field: &str, text: &LocalizedText, max: usize) -> Result<(), EditError> {
    if !is_visible_text(&text.zh, &[]) {
        return Err(invalid(format!("{field}.zh"), "required"));
    }
    if !text.en.is_empty() && !is_visible_text(&text.en, &[]) {
        return Err(invalid(format!("{field}.en"), "has invisible characters"));
    }
    for (lang, s) in [("zh", &text.zh), ("en", &text.en)] {
        if s.chars().count() > max {
            return Err(invalid(
                format!("{field}.{lang}"),
                format!("at most {max} characters"),
            ));
        }
    }
    Ok(())
}

/// `PUT /manage/centers/{id}`: a centre's details. Its id and street are
/// fixed (bookings and accounts refer to them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CenterEdit {
    pub version: Version,
    pub name: LocalizedText,
    pub address: LocalizedText,
    /// The centre's public phone, as residents should dial it.
    pub phone: String,
    pub hours: LocalizedText,
}

impl CenterEdit {
    /// The centre after the edit.
    pub fn apply(&self, current: &Center) -> Result<Center, EditError> {
        check_label("name", &self.name, MAX_LABEL)?;
        check_label("address", &self.address, MAX_LABEL)?;
        check_label("hours", &self.hours, MAX_LABEL)?;
        let phone = self.phone.trim();
        let dialable = phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+'));
        if phone.chars().filter(char::is_ascii_digit).count() < 5 || !dialable || phone.len() > 24 {
            return Err(invalid("phone", "a phone number residents can dial"));
        }
        Ok(Center {
            name: self.name.clone(),
            address: self.address.clone(),
            phone: phone.to_owned(),
            hours: self.hours.clone(),
            ..current.clone()
        })
    }
}

/// `PUT /manage/offerings/{id}`: the whole offering as it should be.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferingEdit {
    pub version: Version,
    pub offering: Offering,
}

impl OfferingEdit {
    /// The centre's file with the offering replaced, checked as a whole.
    /// Its id, centre and kind are fixed: bookings carry them.
    pub fn apply(&self, file: &CenterFile) -> Result<CenterFile, EditError> {
        let new = &self.offering;
        let current = file
            .offering(&new.id)
            .ok_or(EditError::FixedField("offering.id"))?;
        if new.center_id != current.center_id {
            return Err(EditError::FixedField("offering.center_id"));
        }
        if new.kind != current.kind {
            return Err(EditError::FixedField("offering.kind"));
        }
        check_label("offering.name", &new.name, MAX_LABEL)?;
        check_label("offering.provider", &new.provider, MAX_LABEL)?;
        for (i, rule) in new.schedule.iter().enumerate() {
            if rule.capacity == 0 || rule.capacity > 10_000 {
                return Err(invalid(
                    format!("offering.schedule.{i}.capacity"),
                    "1 to 10000",
                ));
            }
        }
        let mut out = file.clone();
        for o in &mut out.offerings {
            if o.id == new.id {
                *o = new.clone();
            }
        }
        out.check()
            .map_err(|e| invalid("offering", e.to_string()))?;
        Ok(out)
    }
}

/// Seats held in one of an offering's slots that hasn't started, as the
/// store counts them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookedSlot {
    pub slot: SlotId,
    pub booked: u32,
}

/// A booked slot under the new schedule: its seats, and whether seats are
/// free for its waiting list (which gets them before anyone else).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeatsAfter {
    pub slot: SlotId,
    pub capacity: u32,
    pub promote: bool,
}

/// Whether the offering's new schedule keeps every booked seat: a slot
/// with bookings must stay, with at least as many seats as are booked
/// (the first one that doesn't is the refusal, with its count). Answers
/// the booked slots' new seats.
pub fn schedule_keeps_bookings(
    new: &Offering,
    booked: &[BookedSlot],
) -> Result<Vec<SeatsAfter>, EditError> {
    let mut out = Vec::new();
    for b in booked.iter().filter(|b| b.booked > 0) {
        match find_slot(new, &b.slot) {
            None => {
                return Err(EditError::DropsBookedSlot {
                    slot: b.slot.clone(),
                    booked: b.booked,
                });
            }
            Some(s) if s.capacity < b.booked => {
                return Err(EditError::CapacityBelowBooked {
                    slot: b.slot.clone(),
                    booked: b.booked,
                    capacity: s.capacity,
                });
            }
            Some(s) => out.push(SeatsAfter {
                slot: b.slot.clone(),
                capacity: s.capacity,
                promote: s.capacity > b.booked,
            }),
        }
    }
    Ok(out)
}

/// `POST /manage/closures`: one day or a range, for the district (no
/// centre), a centre, or one of its offerings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClosureDraft {
    pub from: Date,
    /// The last closed day; absent for one day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub center_id: Option<CenterId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub offering_id: Option<OfferingId>,
    /// Shown to residents, and given as the reason of every booking it cancels.
    pub reason: LocalizedText,
}

impl ClosureDraft {
    /// One closure per day of the range. A service's closure is of its
    /// centre (`offering_center` tells it; a draft naming another centre
    /// or an unknown service is refused).
    pub fn days(
        &self,
        today: Date,
        offering_center: impl Fn(&OfferingId) -> Option<CenterId>,
    ) -> Result<Vec<Closure>, EditError> {
        let mut center_id = self.center_id.clone();
        if let Some(o) = &self.offering_id {
            let owner = offering_center(o)
                .ok_or_else(|| invalid("closure.offering_id", "no such service"))?;
            if center_id.as_ref().is_some_and(|c| *c != owner) {
                return Err(invalid(
                    "closure.offering_id",
                    "not a service of this centre",
                ));
            }
            center_id = Some(owner);
        }
        if self.from < today {
            return Err(EditError::ClosureInPast);
        }
        let to = self.to.unwrap_or(self.from);
        let span = to.days_since_epoch() - self.from.days_since_epoch();
        if !(0..MAX_CLOSURE_DAYS).contains(&span) {
            return Err(EditError::ClosureRange);
        }
        check_label("reason", &self.reason, MAX_CLOSURE_REASON)?;
        Ok((0..=span)
            .map(|d| Closure {
                date: self.from.add_days(d),
                center_id: center_id.clone(),
                offering_id: self.offering_id.clone(),
                reason: self.reason.clone(),
            })
            .collect())
    }
}

/// The list with `new` added, in date order. A day already closed for the
/// same scope is refused rather than doubled.
pub fn add_closures(existing: &Closures, new: Vec<Closure>) -> Result<Closures, EditError> {
    let mut out = existing.clone();
    for c in new {
        if out.closures.iter().any(|e| e.id() == c.id()) {
            return Err(EditError::ClosureExists);
        }
        out.closures.push(c);
    }
    out.closures.sort_by_key(|c| (c.date, c.id().to_string()));
    Ok(out)
}

/// The list without the closure `id`, and that closure.
pub fn remove_closure(
    existing: &Closures,
    id: &ClosureId,
) -> Result<(Closures, Closure), EditError> {
    let at = existing
        .closures
        .iter()
        .position(|c| &c.id() == id)
        .ok_or(EditError::ClosureNotFound)?;
    let mut out = existing.clone();
    let removed = out.closures.remove(at);
    Ok((out, removed))
}

/// Whether `closure` cancels `booking` now: a confirmed booking of a slot
/// it covers that hasn't started (one that has is the volunteer's to mark).
pub fn closure_cancels(closure: &Closure, booking: &BookingRecord, now: LocalDateTime) -> bool {
    booking.status == BookingStatus::Confirmed
        && closure.covers(
            &booking.slot.center_id,
            &booking.slot.offering_id,
            booking.slot.date,
        )
        && booking.slot.starts_at() > now
}

/// The reason a closure gives the bookings it cancels, in both languages
/// (the resident's lookup shows it whatever language they read).
pub fn closure_cancel_reason(reason: &LocalizedText) -> String {
    if reason.en.trim().is_empty() {
        reason.zh.clone()
    } else {
        format!("{} / {}", reason.zh, reason.en)
    }
}

#[cfg(test)]
mod tests;
