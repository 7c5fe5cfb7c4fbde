//! What the management console and the server exchange about a signed-in
//! member and the catalog they edit: the server answers these, the console
//! reads them (one definition, so neither can drift).

use serde::{Deserialize, Serialize};

use crate::account::Account;
use crate::catalog::{Center, Offering};
use crate::catalog_edit::{ClosureDraft, ClosureId, Version};
use crate::schedule::Closure;
use crate::time::{Date, TimeOfDay};

/// Who is signed in, and what their writes need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSession {
    pub account: Account,
    /// Send it as X-CSRF-Token with every write made with the cookie.
    pub csrf_token: String,
    /// When the session ends if it keeps being used (RFC 3339); unused, it
    /// ends sooner.
    pub expires_at: String,
    /// Only when `bearer` was asked for: the token for `Authorization:
    /// Bearer`. Shown once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// A centre in the console's list, with today's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CenterSummary {
    pub center: Center,
    pub version: Version,
    pub offerings: usize,
    pub today: DayFigures,
}

/// A centre's day at a glance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayFigures {
    /// Bookings that hold seats: confirmed or checked in.
    pub booked: u32,
    pub checked_in: u32,
}

/// An offering with its version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagedOffering {
    pub version: Version,
    pub offering: Offering,
}

/// A closure with its id (for `DELETE /manage/closures/{id}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagedClosure {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2027-01-12.tangshan-tangquan"))]
    pub id: ClosureId,
    pub closure: Closure,
}

impl ManagedClosure {
    pub fn of(c: &Closure) -> ManagedClosure {
        ManagedClosure {
            id: c.id(),
            closure: c.clone(),
        }
    }
}

/// A centre as the console edits it: its details, offerings and the
/// closures that touch it (its own and the district's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ManagedCenter {
    pub version: Version,
    pub center: Center,
    pub offerings: Vec<ManagedOffering>,
    pub closures: Vec<ManagedClosure>,
    /// The version of the closures list, for adding and removing.
    pub closures_version: Version,
}

/// A saved centre.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedCenter {
    pub version: Version,
    pub center: Center,
}

/// Every closure an account may see, with the list's version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClosureList {
    pub version: Version,
    pub closures: Vec<ManagedClosure>,
}

/// The seats a closure would cancel in one slot. No names or phones: a
/// street office edits closures but doesn't see residents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AffectedSlot {
    pub slot_id: String,
    pub offering_id: String,
    pub date: Date,
    pub start: TimeOfDay,
    pub bookings: usize,
    pub seats: u32,
}

/// What a closure would do, before it is published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClosurePreview {
    /// The closures it would add, one a day.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub closures: Vec<ClosureId>,
    /// Bookings it would cancel now.
    pub bookings: usize,
    pub slots: Vec<AffectedSlot>,
}

/// `POST /manage/closures` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewClosure {
    /// The closures list's version, as last read.
    pub version: Version,
    pub closure: ClosureDraft,
    /// Cancel the bookings the closure covers (see the preview). Without
    /// it, a closure that covers bookings is 409 closure_has_bookings.
    #[serde(default)]
    pub cancel_bookings: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClosuresSaved {
    pub version: Version,
    pub closures: Vec<ManagedClosure>,
    /// Bookings cancelled by the centre with the closure's reason.
    pub cancelled: usize,
}

/// The closures list's version after a removal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClosureRemoved {
    pub version: Version,
}

/// The figures of a refused edit, beside the error (`"detail"`), so the
/// console can say them in its own words: the slot and its booked seats
/// for a capacity, the bookings a closure would cancel.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefusalDetail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booked: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bookings: Option<usize>,
}

/// Whether a centre's volunteers can sign in: its PIN is set (never shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PinState {
    pub has_pin: bool,
}

/// `PUT /manage/centers/{id}/pin` body: a new PIN, or none to have one made.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPin {
    /// 6–12 digits, not a run or a repeat; absent: the server makes a
    /// random one and answers it once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{6,12}$"))]
    pub pin: Option<String>,
}

/// A PIN set: the one the server made, shown once, or none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PinSet {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
}
