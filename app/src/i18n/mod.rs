//! Every text the app shows, in Chinese and English. A [`Strings`] table per
//! language: a missing translation is a missing field, which doesn't compile.

mod en;
mod format;
mod strings;
mod zh;

use leptos::prelude::*;
use linli_model::{ErrorCode, Lang};

pub use en::EN;
pub use format::{date_label, price};
pub use strings::Strings;
pub use zh::ZH;

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
/// Exhaustive: a new code in the model doesn't compile until it has words.
pub fn error_text(t: &'static Strings, code: ErrorCode) -> String {
    use ErrorCode as E;
    match code {
        E::SlotFull => t.err_slot_full,
        E::SlotClosed => t.err_slot_closed,
        E::SlotTooFarAhead => t.err_too_far_ahead,
        E::AlreadyBooked => t.err_already_booked,
        E::SlotNotFound | E::InvalidSlotId => t.err_slot_not_found,
        E::CenterNotFound => t.err_center_not_found,
        E::NameRequired => t.err_name_required,
        E::NameTooLong => t.err_name_too_long,
        E::NameInvalid => t.err_name_invalid,
        E::PhoneRequired => t.err_phone_required,
        E::PhoneInvalid => t.err_phone_invalid,
        E::PartySizeOutOfRange => t.err_party_size,
        E::ConsentRequired => t.err_consent_required,
        E::SmsNeedsMobile => t.err_sms_needs_mobile,
        E::TextTooLong => t.err_text_too_long,
        E::TextInvalid => t.err_text_invalid,
        E::AddressRequired => t.err_address_required,
        E::TopicRequired => t.err_topic_required,
        E::CategoryRequired => t.err_category_required,
        E::AgeConfirmationRequired => t.err_age_confirmation,
        E::DailyLimitReached => t.err_daily_limit,
        E::PriceBandInvalid => t.err_price_band,
        E::RateLimited => t.err_rate_limited,
        E::Unavailable => t.err_unavailable,
        // One message for a wrong code and a wrong phone: the server can't
        // tell them apart either, so codes can't be probed by phone.
        E::BookingNotFound => t.err_booking_not_found,
        E::NotCancellable => t.err_not_cancellable,
        E::RatingNotAttended => t.err_rating_not_attended,
        E::AlreadyRated => t.err_already_rated,
        E::RatingClosed => t.err_rating_closed,
        E::SlotNotFull => t.err_slot_not_full,
        E::AlreadyWaiting => t.err_already_waiting,
        E::WaitlistFull => t.err_waitlist_full,
        E::NotHeld => t.err_not_held,
        E::HoldExpired => t.err_hold_expired,
        E::BookAtCenter => t.err_book_at_center,
        E::StorageNewerVersion => t.err_storage_newer,
        // Staff codes: the volunteer pages say these in their own words
        // (`staff_error`); elsewhere they are a general refusal.
        E::InvalidTransition
        | E::SlotNotStarted
        | E::SlotEnded
        | E::ReasonTooLong
        | E::DeviceTimeInvalid
        | E::PinLength
        | E::PinNotDigits
        | E::PinTooSimple
        | E::InvalidPin
        | E::Unauthorized
        | E::NoDevicePin => t.err_invalid,
        // The management console's: it says them in its own words
        // (the staff bundle's `ManageText`).
        E::InvalidCredentials
        | E::Forbidden
        | E::CsrfTokenInvalid
        | E::UserNameInvalid
        | E::UserNameTaken
        | E::PasswordLength
        | E::PasswordTooWeak
        | E::PasswordInvalid
        | E::RoleScopeInvalid
        | E::AccountNotFound
        | E::OwnAccount
        | E::StaleVersion
        | E::FieldFixed
        | E::CapacityBelowBooked
        | E::SlotHasBookings
        | E::ClosureInPast
        | E::ClosureRangeInvalid
        | E::ClosureExists
        | E::ClosureNotFound
        | E::ClosureHasBookings => t.err_invalid,
        // What the app itself gets wrong, or a newer server's code: the
        // resident can only try again or ask.
        E::DetailsKindMismatch
        | E::NoticeRequired
        | E::ChannelNotAllowed
        | E::MalformedJson
        | E::InvalidField
        | E::UnsupportedMediaType
        | E::BodyTooLarge
        | E::InvalidParameter
        | E::IdempotencyKeyRequired
        | E::IdempotencyKeyInvalid
        | E::IdempotencyKeyReused
        | E::NotFound
        | E::MethodNotAllowed
        | E::Unknown => t.err_invalid,
    }
    .into()
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
            E::TooFarAhead { days: 7 },
            E::NameInvalid,
        ] {
            for lang in [Lang::Zh, Lang::En] {
                let t = strings(lang);
                assert_ne!(error_text(t, e.code()), t.err_invalid, "{:?}", e.code());
            }
        }
    }
}
