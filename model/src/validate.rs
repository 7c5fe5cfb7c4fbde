//! Checking a booking request against the catalog and the clock. The app runs
//! these checks for instant feedback; the server runs them and is authoritative.

use crate::MAX_FREE_TEXT;
use crate::booking::{BookingRequest, Channel, Consent, Details, Diet};
use crate::catalog::Offering;
use crate::ids::SlotId;
use crate::phone::PhoneNumber;
use crate::schedule::{Slot, find_slot};
use crate::time::LocalDateTime;
use crate::visible::is_visible_text;

// The errors live beside the API's error body; they are re-exported here,
// where the rules that raise them are.
pub use crate::error::{BookingError, ErrorClass};

/// Longest name, in characters.
pub const MAX_NAME: usize = 20;

/// The name the resident wants to be called, e.g. `张阿姨`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<PersonName, BookingError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(BookingError::NameRequired);
        }
        if name.chars().count() > MAX_NAME {
            return Err(BookingError::NameTooLong);
        }
        if !is_visible_text(name, &[]) {
            return Err(BookingError::NameInvalid);
        }
        Ok(PersonName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `张*`, `Z*`: enough for a volunteer to call out, not to identify.
    pub fn masked(&self) -> String {
        let mut chars = self.0.chars();
        chars.next().map(|c| format!("{c}*")).unwrap_or_default()
    }
}

/// Trims optional free text; blank becomes `None`. Newlines are allowed.
pub fn free_text(
    text: &Option<String>,
    field: &'static str,
) -> Result<Option<String>, BookingError> {
    let Some(text) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_FREE_TEXT {
        return Err(BookingError::TextTooLong { field });
    }
    if !is_visible_text(text, &['\n']) {
        return Err(BookingError::TextInvalid { field });
    }
    Ok(Some(text.replace("\r\n", "\n")))
}

/// A chosen price band must be one the offering lists (an offering without
/// bands has none to choose); a blank choice means the standard price.
fn check_price_band(
    band: &Option<String>,
    offering: &Offering,
) -> Result<Option<String>, BookingError> {
    let Some(id) = band.as_deref().map(str::trim).filter(|b| !b.is_empty()) else {
        return Ok(None);
    };
    offering
        .price_band(id)
        .map(|b| Some(b.id.clone()))
        .ok_or(BookingError::UnknownPriceBand)
}

/// The kind's details with their texts trimmed and checked.
pub fn check_details(details: &Details, offering: &Offering) -> Result<Details, BookingError> {
    if details.kind() != offering.kind {
        return Err(BookingError::DetailsKind {
            expected: offering.kind.as_str(),
            found: details.kind().as_str(),
        });
    }
    Ok(match details {
        Details::Meal {
            dining,
            diet,
            price_band,
        } => {
            Details::Meal {
                dining: *dining,
                // Sorted and each once, in `Diet::ALL`'s order (which is
                // `Ord`'s): no sort compiled into the app for six values.
                diet: Diet::ALL.into_iter().filter(|d| diet.contains(d)).collect(),
                price_band: check_price_band(price_band, offering)?,
            }
        }
        Details::Care { address, note } => {
            let address = free_text(address, "details.address")?;
            if offering.home_service && address.is_none() {
                return Err(BookingError::AddressRequired);
            }
            Details::Care {
                // An address is only kept where a visit needs it.
                address: address.filter(|_| offering.home_service),
                note: free_text(note, "details.note")?,
            }
        }
        Details::Legal { topic, summary } => Details::Legal {
            topic: *topic,
            summary: free_text(summary, "details.summary")?,
        },
        Details::Mediation {
            category,
            other_party,
            summary,
        } => Details::Mediation {
            category: *category,
            other_party: free_text(other_party, "details.other_party")?,
            summary: free_text(summary, "details.summary")?,
        },
        Details::Class { age_confirmed } => match offering.min_age {
            Some(min_age) if !age_confirmed => {
                return Err(BookingError::AgeConfirmationRequired { min_age });
            }
            // A confirmation the class doesn't ask for is not kept.
            min_age => Details::Class {
                age_confirmed: *age_confirmed && min_age.is_some(),
            },
        },
    })
}

/// A request that passed every check, ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidBooking {
    pub slot: Slot,
    pub name: PersonName,
    pub phone: PhoneNumber,
    pub party_size: u8,
    pub channel: Channel,
    pub consent: Consent,
    pub details: Details,
}

/// Parses the slot id of a request, for the caller to look up its offering.
pub fn parse_slot_id(request: &BookingRequest) -> Result<SlotId, BookingError> {
    request
        .slot_id
        .trim()
        .parse()
        .map_err(|_| BookingError::BadSlotId)
}

/// Residents book until the slot starts. Staff book walk-ins until it ends:
/// someone who turns up at the desk during the sitting still gets a seat
/// that is free (e.g. after a no-show). The staff window counts only where
/// the staff channel is allowed, so a resident sending `staff` meets the
/// residents' rule (and then `channel_not_allowed`).
fn is_bookable(
    slot: &Slot,
    now: LocalDateTime,
    channel: Channel,
    allowed_channels: &[Channel],
) -> bool {
    if channel == Channel::Staff && allowed_channels.contains(&Channel::Staff) {
        let ends_at = LocalDateTime {
            date: slot.date,
            time: slot.end,
        };
        now < ends_at
    } else {
        slot.is_open_at(now)
    }
}

/// Checks every field of a request for a slot of `offering` at time `now`.
/// Seats are not checked here: only the store can count them atomically.
pub fn validate_booking(
    request: &BookingRequest,
    offering: &Offering,
    now: LocalDateTime,
    allowed_channels: &[Channel],
) -> Result<ValidBooking, BookingError> {
    let slot_id = parse_slot_id(request)?;
    let slot = find_slot(offering, &slot_id).ok_or(BookingError::UnknownSlot)?;
    // A closed slot can't be booked whatever else is wrong with the form.
    if !is_bookable(&slot, now, request.channel, allowed_channels) {
        return Err(BookingError::SlotClosed);
    }
    if !allowed_channels.contains(&request.channel) {
        return Err(BookingError::ChannelNotAllowed);
    }
    // Staff too: a walk-in is for today, and nothing is sold further ahead
    // than the offering publishes.
    let horizon = offering.booking_horizon_days();
    if slot.date >= now.date.add_days(i64::from(horizon)) {
        return Err(BookingError::TooFarAhead { days: horizon });
    }
    let name = PersonName::parse(&request.name)?;
    let phone: PhoneNumber = request.phone.parse().map_err(BookingError::Phone)?;
    let max = offering
        .max_party
        .min(u8::try_from(slot.capacity).unwrap_or(u8::MAX));
    let party_size = u8::try_from(request.party_size)
        .ok()
        .filter(|p| (1..=max).contains(p))
        .ok_or(BookingError::PartySize { max })?;
    let details = check_details(&request.details, offering)?;
    let notice = request.consent.notice.trim();
    if notice.is_empty() || notice.len() > 40 || notice.chars().any(char::is_control) {
        return Err(BookingError::NoticeRequired);
    }
    if details.has_sensitive() && !request.consent.sensitive {
        return Err(BookingError::SensitiveConsentRequired);
    }
    if request.consent.sms.is_some() && !phone.takes_texts() {
        return Err(BookingError::SmsNeedsMobile);
    }
    Ok(ValidBooking {
        slot,
        name,
        phone,
        party_size,
        channel: request.channel,
        consent: Consent {
            notice: notice.to_owned(),
            sensitive: request.consent.sensitive,
            sms: request.consent.sms,
        },
        details,
    })
}

#[cfg(test)]
mod tests;
