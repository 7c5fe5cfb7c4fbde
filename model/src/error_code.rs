//! Every error code of the API, once: the server answers them, the static
//! backend makes the same ones, and the app matches on them exhaustively to
//! say what happened in the resident's language. On the wire each is its
//! snake_case name (`"slot_full"`), part of the API contract.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // The booking form and the slot (the model's `BookingError`).
    InvalidSlotId,
    SlotNotFound,
    SlotClosed,
    /// The slot is further ahead than the offering's booking horizon.
    SlotTooFarAhead,
    SlotFull,
    AlreadyBooked,
    DailyLimitReached,
    NameRequired,
    NameTooLong,
    NameInvalid,
    PhoneRequired,
    PhoneInvalid,
    PartySizeOutOfRange,
    DetailsKindMismatch,
    AddressRequired,
    /// A legal consultation without a topic (the app's form checks it).
    TopicRequired,
    /// A mediation without a category (the app's form checks it).
    CategoryRequired,
    AgeConfirmationRequired,
    TextTooLong,
    TextInvalid,
    PriceBandInvalid,
    ConsentRequired,
    /// Text messages were asked for with a landline number.
    SmsNeedsMobile,
    NoticeRequired,
    ChannelNotAllowed,
    // Looking up and cancelling.
    BookingNotFound,
    NotCancellable,
    // Rating an attended service (服务评价).
    /// The booking was not checked in (cancelled, a no-show, not yet come).
    RatingNotAttended,
    AlreadyRated,
    /// More than a week after the service's day.
    RatingClosed,
    // The waiting list.
    /// The slot still has seats for the party: book it instead of waiting.
    SlotNotFull,
    AlreadyWaiting,
    /// The slot's waiting list has reached its cap.
    WaitlistFull,
    /// Only a held entry can be confirmed.
    NotHeld,
    /// The hold ran out; the seats went to the next entry.
    HoldExpired,
    // Staff actions.
    InvalidTransition,
    SlotNotStarted,
    SlotEnded,
    ReasonTooLong,
    /// A queued action's device time is far off the server's (a wrong clock).
    DeviceTimeInvalid,
    PinLength,
    PinNotDigits,
    PinTooSimple,
    InvalidPin,
    Unauthorized,
    /// A static kiosk can't take bookings for another centre's services.
    BookAtCenter,
    /// A static kiosk's config has no volunteer PIN for this centre.
    NoDevicePin,
    // Staff accounts (the management console).
    /// A wrong user name or password, or a disabled account: one answer.
    InvalidCredentials,
    /// Signed in, but outside the account's role or scope.
    Forbidden,
    /// A write with the session cookie but without its CSRF token.
    CsrfTokenInvalid,
    UserNameInvalid,
    UserNameTaken,
    PasswordLength,
    PasswordTooWeak,
    PasswordInvalid,
    RoleScopeInvalid,
    AccountNotFound,
    /// An administrator can't disable or reset their own account.
    OwnAccount,
    // The catalog, edited in the console.
    /// Saved against an older version: someone else saved first.
    StaleVersion,
    /// An offering's id, centre or kind, which bookings carry.
    FieldFixed,
    /// A schedule with fewer seats in a slot than are booked in it.
    CapacityBelowBooked,
    /// A schedule that drops a slot with bookings: close the day instead.
    SlotHasBookings,
    ClosureInPast,
    ClosureRangeInvalid,
    ClosureExists,
    ClosureNotFound,
    /// A closure that would cancel bookings, sent without confirming it.
    ClosureHasBookings,
    // The request itself.
    MalformedJson,
    InvalidField,
    UnsupportedMediaType,
    BodyTooLarge,
    InvalidParameter,
    IdempotencyKeyRequired,
    IdempotencyKeyInvalid,
    IdempotencyKeyReused,
    CenterNotFound,
    NotFound,
    MethodNotAllowed,
    RateLimited,
    // The service.
    Unavailable,
    /// The device's bookings were written by a newer version of the app.
    StorageNewerVersion,
    /// A code this build doesn't know (a newer server): shown as a
    /// general refusal rather than failing to read the answer.
    #[serde(other)]
    Unknown,
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn codes_are_snake_case_on_the_wire_and_unknown_ones_are_read() {
        let wire = |c: ErrorCode| serde_json::to_string(&c).expect("serializes");
        assert_eq!(wire(ErrorCode::SlotFull), r#""slot_full""#);
        assert_eq!(wire(ErrorCode::SlotTooFarAhead), r#""slot_too_far_ahead""#);
        assert_eq!(
            wire(ErrorCode::IdempotencyKeyRequired),
            r#""idempotency_key_required""#
        );
        let read = |s: &str| serde_json::from_str::<ErrorCode>(s).expect("reads");
        assert_eq!(read(r#""booking_not_found""#), ErrorCode::BookingNotFound);
        assert_eq!(read(r#""a_code_from_next_year""#), ErrorCode::Unknown);
    }
}
