//! What a booking costs. Prices are shown, not charged: residents pay at the
//! counter, so this only has to agree between the form, review and receipt.

use crate::booking::Details;
use crate::catalog::Offering;

/// The price per person in cents: the chosen band's price for a meal with a
/// price band, else the offering's standard `price_cents`. A band the
/// offering doesn't list (refused by validation) falls back to the standard
/// price rather than to nothing.
pub fn price_cents(offering: &Offering, details: &Details) -> u32 {
    match details {
        Details::Meal {
            price_band: Some(id),
            ..
        } => offering
            .price_band(id.trim())
            .map_or(offering.price_cents, |b| b.price_cents),
        Details::Meal {
            price_band: None, ..
        }
        | Details::Care { .. }
        | Details::Legal { .. }
        | Details::Mediation { .. }
        | Details::Class { .. } => offering.price_cents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::{Dining, LegalTopic};
    use crate::catalog::{PriceBand, ServiceKind};
    use crate::text::LocalizedText;

    fn lunch(bands: &[(&str, u32)]) -> Offering {
        Offering {
            id: "c1-lunch".parse().expect("id"),
            center_id: "c1".parse().expect("id"),
            kind: ServiceKind::Meal,
            name: LocalizedText::default(),
            description: LocalizedText::default(),
            provider: LocalizedText::default(),
            price_cents: 1500,
            max_party: 4,
            schedule: vec![],
            menus: vec![],
            dated_menus: vec![],
            price_bands: bands
                .iter()
                .map(|(id, price_cents)| PriceBand {
                    id: (*id).into(),
                    label: LocalizedText::default(),
                    price_cents: *price_cents,
                })
                .collect(),
            daily_limit_per_phone: Some(1),
            home_service: false,
            staff: None,
            min_age: None,
            booking_horizon_days: None,
            waitlist_hold_minutes: None,
        }
    }

    fn meal(band: Option<&str>) -> Details {
        Details::Meal {
            dining: Dining::DineIn,
            diet: vec![],
            price_band: band.map(str::to_owned),
        }
    }

    #[test]
    fn a_band_sets_the_price_per_person() {
        let o = lunch(&[("age70", 1300), ("age80", 1200), ("priority", 300)]);
        assert_eq!(price_cents(&o, &meal(Some("age80"))), 1200);
        assert_eq!(price_cents(&o, &meal(Some("priority"))), 300);
        assert_eq!(price_cents(&o, &meal(None)), 1500);
    }

    #[test]
    fn without_a_known_band_the_standard_price_applies() {
        let o = lunch(&[("age80", 1200)]);
        assert_eq!(price_cents(&o, &meal(Some("age90"))), 1500);
        assert_eq!(price_cents(&lunch(&[]), &meal(Some("age80"))), 1500);
        // A free band is free, not "no price".
        assert_eq!(price_cents(&lunch(&[("free", 0)]), &meal(Some("free"))), 0);
        let mut legal = lunch(&[]);
        legal.kind = ServiceKind::Legal;
        legal.price_cents = 0;
        let details = Details::Legal {
            topic: LegalTopic::Family,
            summary: None,
        };
        assert_eq!(price_cents(&legal, &details), 0);
    }
}
