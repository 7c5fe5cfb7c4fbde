//! The audit trail of staff writes: what was done, by whom, in which role,
//! when, to what, with the record before and after. The server appends
//! entries in the transaction of the change they describe and never
//! changes or deletes one (until the retention period ends).

use serde::{Deserialize, Serialize};

use crate::account::RoleKind;
use crate::staff::StaffAction;

/// Who made an entry: a staff account's role, or a centre's volunteers
/// (signed in with its PIN, no account). On the wire its snake_case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditRole {
    DistrictAdmin,
    StreetOffice,
    CenterManager,
    Volunteer,
}

impl AuditRole {
    pub const VOLUNTEER: &'static str = "volunteer";

    /// The stored name read back: an account role's, or `volunteer`.
    pub fn parse(s: &str) -> Option<AuditRole> {
        if s == Self::VOLUNTEER {
            return Some(AuditRole::Volunteer);
        }
        Some(match RoleKind::parse(s)? {
            RoleKind::DistrictAdmin => AuditRole::DistrictAdmin,
            RoleKind::StreetOffice => AuditRole::StreetOffice,
            RoleKind::CenterManager => AuditRole::CenterManager,
        })
    }
}

/// What an entry records. On the wire and in the database its snake_case
/// name; an action this build doesn't know reads as `other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignIn,
    /// A wrong password, an unknown user name or a disabled account.
    SignInFailed,
    SignOut,
    /// The account's own password, changed by its owner.
    PasswordChanged,
    AccountCreated,
    /// Another account's password, set by an administrator (or the
    /// command line).
    PasswordReset,
    AccountDisabled,
    AccountEnabled,
    /// A centre's volunteer PIN set (never the PIN or its hash).
    PinSet,
    PinCleared,
    /// A centre's name, address, phone or hours.
    CenterChanged,
    /// An offering: its schedule, capacity, menus, prices or texts.
    OfferingChanged,
    /// A closure published (with the bookings it cancelled, if any).
    ClosureAdded,
    ClosureRemoved,
    /// A volunteer's change to a booking on the roster (never the
    /// reason given, which is the resident's own business).
    CheckedIn,
    CheckInUndone,
    NoShowMarked,
    BookingCancelled,
    #[serde(other)]
    Other,
}

impl AuditAction {
    pub const ALL: [AuditAction; 18] = [
        Self::SignIn,
        Self::SignInFailed,
        Self::SignOut,
        Self::PasswordChanged,
        Self::AccountCreated,
        Self::PasswordReset,
        Self::AccountDisabled,
        Self::AccountEnabled,
        Self::PinSet,
        Self::PinCleared,
        Self::CenterChanged,
        Self::OfferingChanged,
        Self::ClosureAdded,
        Self::ClosureRemoved,
        Self::CheckedIn,
        Self::CheckInUndone,
        Self::NoShowMarked,
        Self::BookingCancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignOut => "sign_out",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::AccountCreated => "account_created",
            AuditAction::PasswordReset => "password_reset",
            AuditAction::AccountDisabled => "account_disabled",
            AuditAction::AccountEnabled => "account_enabled",
            AuditAction::PinSet => "pin_set",
            AuditAction::PinCleared => "pin_cleared",
            AuditAction::CenterChanged => "center_changed",
            AuditAction::OfferingChanged => "offering_changed",
            AuditAction::ClosureAdded => "closure_added",
            AuditAction::ClosureRemoved => "closure_removed",
            AuditAction::CheckedIn => "checked_in",
            AuditAction::CheckInUndone => "check_in_undone",
            AuditAction::NoShowMarked => "no_show_marked",
            AuditAction::BookingCancelled => "booking_cancelled",
            AuditAction::Other => "other",
        }
    }

    /// The entry a volunteer's change to a booking makes.
    pub fn of_staff(action: StaffAction) -> AuditAction {
        match action {
            StaffAction::CheckIn => AuditAction::CheckedIn,
            StaffAction::UndoCheckIn => AuditAction::CheckInUndone,
            StaffAction::NoShow => AuditAction::NoShowMarked,
            StaffAction::Cancel => AuditAction::BookingCancelled,
        }
    }

    /// The stored name read back; unknown names (a newer server's) are `Other`.
    pub fn parse(s: &str) -> AuditAction {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .unwrap_or(AuditAction::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    #[test]
    fn actions_read_back_and_unknown_ones_are_other() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), a);
            let wire = serde_json::to_string(&a).expect("serializes");
            assert_eq!(wire, format!("\"{}\"", a.as_str()));
        }
        assert_eq!(AuditAction::parse("roster_changed"), AuditAction::Other);
        use super::AuditRole;
        assert_eq!(AuditRole::parse("volunteer"), Some(AuditRole::Volunteer));
        assert_eq!(
            AuditRole::parse("street_office"),
            Some(AuditRole::StreetOffice)
        );
        assert_eq!(AuditRole::parse("mayor"), None);
        let read: AuditAction = serde_json::from_str(r#""roster_changed""#).expect("reads");
        assert_eq!(read, AuditAction::Other);
    }
}
