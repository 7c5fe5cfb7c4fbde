//! Every text the app shows, in Chinese and English. A [`Strings`] table per
//! language: a missing translation is a missing field, which doesn't compile.

mod en;
mod format;
mod strings;
mod zh;

use leptos::prelude::*;
use linli_model::Lang;

pub use format::{date_label, price};
pub use strings::Strings;

/// A text picked from the table: components take these, not strings, so
/// they follow the language when it is switched.
pub type Text = fn(&'static Strings) -> &'static str;

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &zh::ZH,
        Lang::En => &en::EN,
    }
}

/// The app's current language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The strings of the current language; reactive when read in a view.
    pub fn t(&self) -> &'static Strings {
        strings(self.lang.get())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A message for an error code from the API or the model, in `t`'s language.
pub fn error_text(t: &'static Strings, code: &str) -> String {
    match code {
        "slot_full" => t.err_slot_full.into(),
        "slot_closed" => t.err_slot_closed.into(),
        "already_booked" => t.err_already_booked.into(),
        "slot_not_found" | "invalid_slot_id" => t.err_slot_not_found.into(),
        "center_not_found" => t.err_center_not_found.into(),
        "name_required" => t.err_name_required.into(),
        "name_too_long" => t.err_name_too_long.into(),
        "name_invalid" => t.err_name_invalid.into(),
        "phone_required" => t.err_phone_required.into(),
        "phone_invalid" => t.err_phone_invalid.into(),
        "party_size_out_of_range" => t.err_party_size.into(),
        "consent_required" => t.err_consent_required.into(),
        "text_too_long" => t.err_text_too_long.into(),
        "text_invalid" => t.err_text_invalid.into(),
        "address_required" => t.err_address_required.into(),
        "topic_required" => t.err_topic_required.into(),
        "category_required" => t.err_category_required.into(),
        "age_confirmation_required" => t.err_age_confirmation.into(),
        "daily_limit_reached" => t.err_daily_limit.into(),
        "price_band_invalid" => t.err_price_band.into(),
        "rate_limited" => t.err_rate_limited.into(),
        "unavailable" => t.err_unavailable.into(),
        // One message for a wrong code and a wrong phone: the server can't
        // tell them apart either, so codes can't be probed by phone.
        "booking_not_found" => t.err_booking_not_found.into(),
        "not_cancellable" => t.err_not_cancellable.into(),
        "book_at_center" => t.err_book_at_center.into(),
        _ => t.err_invalid.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_of_the_model_has_its_own_text() {
        use linli_model::validate::BookingError as E;
        for e in [
            E::SlotFull,
            E::SlotClosed,
            E::AlreadyBooked,
            E::NameRequired,
            E::NameTooLong,
            E::AgeConfirmationRequired { min_age: 60 },
        ] {
            for lang in [Lang::Zh, Lang::En] {
                let t = strings(lang);
                assert_ne!(error_text(t, e.code()), t.err_invalid, "{}", e.code());
            }
        }
    }
}
