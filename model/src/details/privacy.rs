//! Who may see which of a kind's details, all kinds side by side: what
//! needs its own consent, what the resident gets back, what the front desk
//! sees, and what stays for the statistics once personal data goes.

use super::Details;

fn filled(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| !t.trim().is_empty())
}

impl Details {
    /// Health needs and dispute descriptions are sensitive personal
    /// information: they need their own explicit consent.
    pub fn has_sensitive(&self) -> bool {
        match self {
            Details::Meal { diet, .. } => !diet.is_empty(),
            Details::Care { note, .. } => filled(note),
            Details::Legal { .. } | Details::Class { .. } => false,
            Details::Mediation { summary, .. } => filled(summary),
        }
    }

    /// The details as shown back to the resident: the care note (health
    /// information) and the mediation description are kept for the staff
    /// but never shown again once the form is left, since an answer can
    /// reach a shared kiosk screen, a printout or a browser cache.
    pub fn for_resident(&self) -> Details {
        match self {
            Details::Meal { .. } | Details::Legal { .. } | Details::Class { .. } => self.clone(),
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
        }
    }

    /// The details a volunteer sees on the roster: what is needed to serve
    /// the resident. Meals keep dining, diet and price band (the kitchen
    /// needs them); care keeps the address (for the visit) and the note
    /// (the carer's information: a wheelchair, diabetes); legal keeps the
    /// topic only and mediation the category only: the description and the
    /// other party are for the lawyer or mediator, not for the front desk;
    /// classes keep the age confirmation, checked at the door.
    pub fn for_staff(&self) -> Details {
        match self {
            Details::Meal { .. } | Details::Care { .. } | Details::Class { .. } => self.clone(),
            Details::Legal { topic, .. } => Details::Legal {
                topic: *topic,
                summary: None,
            },
            Details::Mediation { category, .. } => Details::Mediation {
                category: *category,
                other_party: None,
                summary: None,
            },
        }
    }

    /// What may stay for the statistics once personal data goes
    /// ([`crate::retention`]): the choices the kind offers (dining, price
    /// band, topic, category), never health needs, addresses, notes or
    /// descriptions. A class's age confirmation stays: a yes without a
    /// birth date, it describes nobody once the name and phone are gone.
    pub fn without_personal(&self) -> Details {
        match self {
            Details::Meal {
                dining, price_band, ..
            } => Details::Meal {
                dining: *dining,
                diet: vec![],
                price_band: price_band.clone(),
            },
            Details::Care { .. } => Details::Care {
                address: None,
                note: None,
            },
            Details::Legal { topic, .. } => Details::Legal {
                topic: *topic,
                summary: None,
            },
            Details::Mediation { category, .. } => Details::Mediation {
                category: *category,
                other_party: None,
                summary: None,
            },
            Details::Class { .. } => self.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
