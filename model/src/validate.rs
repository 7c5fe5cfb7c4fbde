//! Checking a booking request against the catalog and the clock. The app runs
//! these checks for instant feedback; the server runs them and is authoritative.

use crate::MAX_FREE_TEXT;
use crate::booking::{BookingRequest, Channel, Consent, Details};
use crate::catalog::Offering;
use crate::ids::SlotId;
use crate::phone::{PhoneError, PhoneNumber};
use crate::schedule::{Slot, find_slot};
use crate::time::LocalDateTime;

/// Longest name, in characters.
pub const MAX_NAME: usize = 20;

/// Why a booking request can't be accepted. Each names the field at fault,
/// and its `code` is part of the API contract.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BookingError {
    #[error("the slot id is malformed")]
    BadSlotId,
    #[error("there is no such slot")]
    UnknownSlot,
    #[error("this slot has already started or is closed")]
    SlotClosed,
    #[error("this slot is full")]
    SlotFull,
    #[error("this phone number already has a booking for this slot")]
    AlreadyBooked,
    #[error("please enter a name")]
    NameRequired,
    #[error("a name is at most {MAX_NAME} characters")]
    NameTooLong,
    #[error("a name can't contain control characters")]
    NameInvalid,
    #[error("{0}")]
    Phone(PhoneError),
    #[error("the party size must be between 1 and {max}")]
    PartySize { max: u8 },
    #[error("these details are for a {found} service, but the slot is {expected}")]
    DetailsKind {
        expected: &'static str,
        found: &'static str,
    },
    #[error("a home service needs the address to visit")]
    AddressRequired,
    #[error("{field} is at most {MAX_FREE_TEXT} characters")]
    TextTooLong { field: &'static str },
    #[error("{field} can't contain control characters")]
    TextInvalid { field: &'static str },
    #[error("health needs and descriptions are kept only with explicit consent")]
    SensitiveConsentRequired,
    #[error("the privacy notice version shown is missing")]
    NoticeRequired,
    #[error("this channel can't be used here")]
    ChannelNotAllowed,
}

/// How the API answers an error: the HTTP status class it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorClass {
    Invalid,
    NotFound,
    Conflict,
}

impl BookingError {
    pub fn code(&self) -> &'static str {
        match self {
            BookingError::BadSlotId => "invalid_slot_id",
            BookingError::UnknownSlot => "slot_not_found",
            BookingError::SlotClosed => "slot_closed",
            BookingError::SlotFull => "slot_full",
            BookingError::AlreadyBooked => "already_booked",
            BookingError::NameRequired => "name_required",
            BookingError::NameTooLong => "name_too_long",
            BookingError::NameInvalid => "name_invalid",
            BookingError::Phone(PhoneError::Empty) => "phone_required",
            BookingError::Phone(PhoneError::Invalid) => "phone_invalid",
            BookingError::PartySize { .. } => "party_size_out_of_range",
            BookingError::DetailsKind { .. } => "details_kind_mismatch",
            BookingError::AddressRequired => "address_required",
            BookingError::TextTooLong { .. } => "text_too_long",
            BookingError::TextInvalid { .. } => "text_invalid",
            BookingError::SensitiveConsentRequired => "consent_required",
            BookingError::NoticeRequired => "notice_required",
            BookingError::ChannelNotAllowed => "channel_not_allowed",
        }
    }

    /// The request field at fault, as named in the JSON body.
    pub fn field(&self) -> Option<&'static str> {
        Some(match self {
            BookingError::BadSlotId | BookingError::UnknownSlot => "slot_id",
            BookingError::SlotClosed | BookingError::SlotFull | BookingError::AlreadyBooked => {
                return None;
            }
            BookingError::NameRequired | BookingError::NameTooLong | BookingError::NameInvalid => {
                "name"
            }
            BookingError::Phone(_) => "phone",
            BookingError::PartySize { .. } => "party_size",
            BookingError::DetailsKind { .. } => "details",
            BookingError::AddressRequired => "details.address",
            BookingError::TextTooLong { field } | BookingError::TextInvalid { field } => field,
            BookingError::SensitiveConsentRequired => "consent",
            BookingError::NoticeRequired => "consent.notice",
            BookingError::ChannelNotAllowed => "channel",
        })
    }

    pub fn class(&self) -> ErrorClass {
        match self {
            BookingError::UnknownSlot => ErrorClass::NotFound,
            BookingError::SlotClosed | BookingError::SlotFull | BookingError::AlreadyBooked => {
                ErrorClass::Conflict
            }
            _ => ErrorClass::Invalid,
        }
    }
}

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
        if name.chars().any(char::is_control) {
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
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(BookingError::TextInvalid { field });
    }
    Ok(Some(text.replace("\r\n", "\n")))
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
        Details::Meal { dining, diet } => {
            let mut diet = diet.clone();
            diet.sort();
            diet.dedup();
            Details::Meal {
                dining: *dining,
                diet,
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
    // A started slot can't be booked whatever else is wrong with the form.
    if !slot.is_open_at(now) {
        return Err(BookingError::SlotClosed);
    }
    if !allowed_channels.contains(&request.channel) {
        return Err(BookingError::ChannelNotAllowed);
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
    Ok(ValidBooking {
        slot,
        name,
        phone,
        party_size,
        channel: request.channel,
        consent: Consent {
            notice: notice.to_owned(),
            sensitive: request.consent.sensitive,
        },
        details,
    })
}
