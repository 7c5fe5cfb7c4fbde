//! What the resident has chosen and typed so far. Held in context above the
//! router, so Back, language switches and errors never lose it.

use leptos::prelude::*;
use linli_model::catalog::{Offering, ServiceKind};
use linli_model::validate::{BookingError, PersonName, check_details};
use linli_model::{
    Booking, BookingRequest, Channel, Consent, Details, Diet, Dining, DisputeCategory, ErrorCode,
    Lang, LegalTopic, LocalizedText, NOTICE_VERSION, PhoneNumber, SlotId, WaitlistEntry,
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
    pub code: ErrorCode,
}

#[derive(Clone, Copy)]
pub struct Draft {
    pub name: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub party_size: RwSignal<u8>,
    // 微餐桌
    pub dining: RwSignal<Dining>,
    pub diet: RwSignal<Vec<Diet>>,
    pub price_band: RwSignal<Option<String>>,
    // 助老服务
    pub address: RwSignal<String>,
    pub note: RwSignal<String>,
    // 法律咨询
    pub topic: RwSignal<Option<LegalTopic>>,
    pub legal_summary: RwSignal<String>,
    // 矛盾调解
    pub category: RwSignal<Option<DisputeCategory>>,
    pub other_party: RwSignal<String>,
    pub mediation_summary: RwSignal<String>,
    /// 微课堂: the minimum age the resident ticked "我已年满 N 周岁" for.
    /// Another class's tick never counts here ([`crate::components::ClassOptions`]).
    pub confirmed_age: RwSignal<Option<u8>>,
    /// Consent to keep this kind's sensitive details (diet, care note,
    /// dispute description): never pre-ticked, asked beside those fields.
    pub sensitive_consent: RwSignal<bool>,
    /// Text messages about the booking, in the language the resident used
    /// when ticking the box; `None` (the default): none.
    pub sms: RwSignal<Option<Lang>>,
    /// Problems found by the app or reported by the server, by field.
    pub problems: RwSignal<Vec<FieldProblem>>,
    /// The last request sent and its idempotency key: resending the same
    /// request (after a lost answer) reuses the key, so the server books
    /// once; any other request gets a new key.
    pub attempt: RwSignal<Option<(BookingRequest, String)>>,
    /// The booking just made, for the receipt.
    pub receipt: RwSignal<Option<Receipt>>,
    /// The slot chosen is full: the form joins its waiting list.
    pub wait: RwSignal<bool>,
    /// The waiting-list entry just made, for its receipt.
    pub waited: RwSignal<Option<WaitlistEntry>>,
}

fn optional(text: String) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl Default for Draft {
    fn default() -> Draft {
        Draft::new()
    }
}

impl Draft {
    pub fn new() -> Draft {
        Draft {
            name: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            party_size: RwSignal::new(1),
            dining: RwSignal::new(Dining::DineIn),
            diet: RwSignal::new(Vec::new()),
            price_band: RwSignal::new(None),
            address: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
            topic: RwSignal::new(None),
            legal_summary: RwSignal::new(String::new()),
            category: RwSignal::new(None),
            other_party: RwSignal::new(String::new()),
            mediation_summary: RwSignal::new(String::new()),
            confirmed_age: RwSignal::new(None),
            sensitive_consent: RwSignal::new(false),
            sms: RwSignal::new(None),
            problems: RwSignal::new(Vec::new()),
            attempt: RwSignal::new(None),
            receipt: RwSignal::new(None),
            wait: RwSignal::new(false),
            waited: RwSignal::new(None),
        }
    }

    /// Forgets the sensitive texts: once booked they are never shown again.
    pub fn forget_sensitive(&self) {
        self.diet.set(Vec::new());
        self.note.set(String::new());
        self.legal_summary.set(String::new());
        self.mediation_summary.set(String::new());
        self.other_party.set(String::new());
        self.sensitive_consent.set(false);
    }

    /// Forgets everything personal: after a booking is done or a kiosk resets.
    pub fn clear(&self) {
        self.forget_sensitive();
        self.name.set(String::new());
        self.phone.set(String::new());
        self.sms.set(None);
        self.party_size.set(1);
        self.dining.set(Dining::DineIn);
        self.price_band.set(None);
        self.address.set(String::new());
        self.topic.set(None);
        self.category.set(None);
        self.confirmed_age.set(None);
        self.problems.set(Vec::new());
        self.attempt.set(None);
        self.receipt.set(None);
        self.wait.set(false);
        self.waited.set(None);
    }

    /// A problem of exactly this field (not of its parts).
    pub fn own_problem(&self, field: &str) -> Option<ErrorCode> {
        self.problems
            .read()
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.code)
    }

    pub fn problem(&self, field: &str) -> Option<ErrorCode> {
        self.problems
            .read()
            .iter()
            .find(|p| p.field == field || p.field.starts_with(&format!("{field}.")))
            .map(|p| p.code)
    }

    /// Clears the message about a field once the resident changes it.
    pub fn touch(&self, field: &str) {
        // A new phone may be the mobile the texts asked for.
        let also = if field == "phone" {
            "consent.sms"
        } else {
            field
        };
        self.problems
            .update(|ps| ps.retain(|p| p.field != field && p.field != also));
    }

    /// The details for a kind, as the request will carry them. Sensitive
    /// texts are sent only with consent; without it they are not kept.
    pub fn details(&self, kind: ServiceKind) -> Details {
        let consent = self.sensitive_consent.get_untracked();
        let sensitive = |s: RwSignal<String>| {
            if consent {
                optional(s.get_untracked())
            } else {
                None
            }
        };
        match kind {
            ServiceKind::Meal => Details::Meal {
                dining: self.dining.get_untracked(),
                diet: if consent {
                    self.diet.get_untracked()
                } else {
                    Vec::new()
                },
                price_band: self.price_band.get_untracked(),
            },
            ServiceKind::Care => Details::Care {
                address: optional(self.address.get_untracked()),
                note: sensitive(self.note),
            },
            ServiceKind::Legal => Details::Legal {
                topic: self.topic.get_untracked().unwrap_or(LegalTopic::Other),
                summary: optional(self.legal_summary.get_untracked()),
            },
            ServiceKind::Mediation => Details::Mediation {
                category: self
                    .category
                    .get_untracked()
                    .unwrap_or(DisputeCategory::Other),
                other_party: optional(self.other_party.get_untracked()),
                summary: sensitive(self.mediation_summary),
            },
            ServiceKind::Class => Details::Class {
                age_confirmed: self.confirmed_age.get_untracked().is_some(),
            },
        }
    }

    /// Checks the typed fields with the model's rules, the same the server
    /// applies, and records what is wrong. True when all is well.
    pub fn check(&self, offering: &Offering) -> bool {
        let mut problems = Vec::new();
        let mut note = |e: BookingError| {
            problems.push(FieldProblem {
                field: e.field().unwrap_or("form").into(),
                code: e.code(),
            })
        };
        if let Err(e) = PersonName::parse(&self.name.get_untracked()) {
            note(e);
        }
        let phone = self.phone.get_untracked().parse::<PhoneNumber>();
        let landline = phone.as_ref().is_ok_and(|p| !p.takes_texts());
        if self.sms.get_untracked().is_some() && landline {
            note(BookingError::SmsNeedsMobile);
        }
        if let Err(e) = phone {
            note(BookingError::Phone(e));
        }
        let party = self.party_size.get_untracked();
        if party == 0 || party > offering.max_party {
            note(BookingError::PartySize {
                max: offering.max_party,
            });
        }
        if let Err(e) = check_details(&self.details(offering.kind), offering) {
            note(e);
        }
        // A choice the form asks for, which the request can't leave empty.
        let missing_choice = match offering.kind {
            ServiceKind::Legal => self
                .topic
                .get_untracked()
                .is_none()
                .then_some(("details.topic", ErrorCode::TopicRequired)),
            ServiceKind::Mediation => self
                .category
                .get_untracked()
                .is_none()
                .then_some(("details.category", ErrorCode::CategoryRequired)),
            // A class's age confirmation is the model's rule (check_details).
            ServiceKind::Meal | ServiceKind::Care | ServiceKind::Class => None,
        };
        // Sensitive details typed without consent would silently be dropped:
        // say so instead, so the resident can tick it or clear them.
        let typed_sensitive = match offering.kind {
            ServiceKind::Meal => !self.diet.read_untracked().is_empty(),
            ServiceKind::Care => optional(self.note.get_untracked()).is_some(),
            ServiceKind::Mediation => optional(self.mediation_summary.get_untracked()).is_some(),
            ServiceKind::Legal | ServiceKind::Class => false,
        };
        if typed_sensitive && !self.sensitive_consent.get_untracked() {
            note(BookingError::SensitiveConsentRequired);
        }
        if let Some((field, code)) = missing_choice {
            problems.push(FieldProblem {
                field: field.into(),
                code,
            });
        }
        let ok = problems.is_empty();
        self.problems.set(problems);
        ok
    }

    /// The request to send. Consent to sensitive details is claimed only
    /// when such details are sent, and they are sent only with it.
    pub fn request(&self, slot: &SlotId, kind: ServiceKind, channel: Channel) -> BookingRequest {
        let details = self.details(kind);
        BookingRequest {
            slot_id: slot.to_string(),
            name: self.name.get_untracked(),
            phone: self.phone.get_untracked(),
            party_size: i64::from(self.party_size.get_untracked()),
            channel,
            consent: Consent {
                notice: NOTICE_VERSION.into(),
                sensitive: details.has_sensitive(),
                sms: self.sms.get_untracked(),
            },
            details,
        }
    }
}

impl Draft {
    /// The idempotency key for sending `request`.
    pub fn attempt_key(&self, request: &BookingRequest) -> String {
        let reused = self
            .attempt
            .read_untracked()
            .as_ref()
            .filter(|(sent, _)| sent == request)
            .map(|(_, key)| key.clone());
        reused.unwrap_or_else(|| {
            let key = crate::platform::random_key();
            self.attempt.set(Some((request.clone(), key.clone())));
            key
        })
    }
}

pub fn use_draft() -> Draft {
    expect_context::<Draft>()
}
