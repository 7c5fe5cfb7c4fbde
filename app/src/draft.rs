//! What the resident has chosen and typed so far. Held in context above the
//! router, so Back, language switches and errors never lose it.

use leptos::prelude::*;
use linli_model::validate::{BookingError, PersonName};
use linli_model::{
    Booking, BookingRequest, Channel, Consent, Details, Diet, Dining, LocalizedText,
    NOTICE_VERSION, PhoneNumber, SlotId,
};

/// The booking just made, with the names the receipt shows beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Receipt {
    pub booking: Booking,
    pub service: LocalizedText,
    pub center: LocalizedText,
    pub address: LocalizedText,
}

/// A problem with one field, shown next to it: the field's name in the
/// request and the error code to translate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub code: String,
}

#[derive(Clone, Copy)]
pub struct Draft {
    pub name: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub party_size: RwSignal<u8>,
    pub dining: RwSignal<Dining>,
    pub diet: RwSignal<Vec<Diet>>,
    pub diet_consent: RwSignal<bool>,
    /// Problems found by the app or reported by the server, by field.
    pub problems: RwSignal<Vec<FieldProblem>>,
    /// One key per booking attempt: a retry after a lost answer reuses it,
    /// so the server books once.
    pub attempt_key: RwSignal<Option<String>>,
    /// The booking just made, for the receipt.
    pub receipt: RwSignal<Option<Receipt>>,
}

impl Draft {
    pub fn new() -> Draft {
        Draft {
            name: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            party_size: RwSignal::new(1),
            dining: RwSignal::new(Dining::DineIn),
            diet: RwSignal::new(Vec::new()),
            diet_consent: RwSignal::new(false),
            problems: RwSignal::new(Vec::new()),
            attempt_key: RwSignal::new(None),
            receipt: RwSignal::new(None),
        }
    }

    /// Forgets everything personal: after a booking is done or a kiosk resets.
    pub fn clear(&self) {
        self.name.set(String::new());
        self.phone.set(String::new());
        self.party_size.set(1);
        self.dining.set(Dining::DineIn);
        self.diet.set(Vec::new());
        self.diet_consent.set(false);
        self.problems.set(Vec::new());
        self.attempt_key.set(None);
        self.receipt.set(None);
    }

    pub fn problem(&self, field: &str) -> Option<String> {
        self.problems
            .read()
            .iter()
            .find(|p| p.field == field || p.field.starts_with(&format!("{field}.")))
            .map(|p| p.code.clone())
    }

    pub fn details(&self) -> Details {
        Details::Meal {
            dining: self.dining.get_untracked(),
            // Needs are sent only with consent; without it they are not kept.
            diet: if self.diet_consent.get_untracked() {
                self.diet.get_untracked()
            } else {
                Vec::new()
            },
        }
    }

    /// Checks the typed fields with the model's rules, the same the server
    /// applies, and records what is wrong. True when all is well.
    pub fn check(&self, max_party: u8) -> bool {
        let mut problems = Vec::new();
        let mut note = |e: BookingError| {
            problems.push(FieldProblem {
                field: e.field().unwrap_or("form").into(),
                code: e.code().into(),
            })
        };
        if let Err(e) = PersonName::parse(&self.name.get_untracked()) {
            note(e);
        }
        if let Err(e) = self.phone.get_untracked().parse::<PhoneNumber>() {
            note(BookingError::Phone(e));
        }
        let party = self.party_size.get_untracked();
        if party == 0 || party > max_party {
            note(BookingError::PartySize { max: max_party });
        }
        let ok = problems.is_empty();
        self.problems.set(problems);
        ok
    }

    pub fn request(&self, slot: &SlotId, channel: Channel) -> BookingRequest {
        BookingRequest {
            slot_id: slot.to_string(),
            name: self.name.get_untracked(),
            phone: self.phone.get_untracked(),
            party_size: i64::from(self.party_size.get_untracked()),
            channel,
            consent: Consent {
                notice: NOTICE_VERSION.into(),
                sensitive: self.diet_consent.get_untracked()
                    && !self.diet.get_untracked().is_empty(),
            },
            details: self.details(),
        }
    }
}

pub fn use_draft() -> Draft {
    expect_context::<Draft>()
}
