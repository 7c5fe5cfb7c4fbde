//! The scope decision: may this role do this to that? One pure function,
//! asked by the server for every `/manage` request (and by the console
//! only to hide what would be refused anyway).

use super::Role;
use crate::ids::{CenterId, StreetId};

/// How a request touches its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// See the catalog, closures and figures.
    Read,
    /// Change the catalog and closures.
    Edit,
    /// Run a centre's day: its volunteer PINs and its roster (residents'
    /// personal data). Only the centre's own manager and the district.
    Operate,
}

/// What a request touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// District-wide things: every street at once, district closures.
    District,
    Street(&'a StreetId),
    /// A centre, with the street it belongs to (from the catalog).
    Center {
        center: &'a CenterId,
        street: &'a StreetId,
    },
    /// The staff accounts themselves.
    Accounts,
}

/// Whether `role` may have `access` to `target`.
///
/// - `district_admin`: everything, and the only one for accounts.
/// - `street_office`: reads and edits its own street and that street's
///   centres; doesn't run their days (PINs, rosters), nothing elsewhere.
/// - `center_manager`: reads, edits and runs its own centre, nothing else
///   (not even its street).
pub fn may(role: &Role, access: Access, target: Target<'_>) -> bool {
    match (role, target) {
        (Role::DistrictAdmin, _) => true,
        (_, Target::District | Target::Accounts) => false,
        (Role::StreetOffice(own), Target::Street(street)) => {
            own == street && access != Access::Operate
        }
        (Role::StreetOffice(own), Target::Center { street, .. }) => {
            own == street && access != Access::Operate
        }
        (Role::CenterManager(_), Target::Street(_)) => false,
        (Role::CenterManager(own), Target::Center { center, .. }) => own == center,
    }
}

/// Which part of the audit log a role may read: district admins all of
/// it, street offices the entries of their street (its centres and their
/// accounts), centre managers none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditView {
    All,
    Street(StreetId),
}

impl Role {
    pub fn audit_view(&self) -> Option<AuditView> {
        match self {
            Role::DistrictAdmin => Some(AuditView::All),
            Role::StreetOffice(s) => Some(AuditView::Street(s.clone())),
            Role::CenterManager(_) => None,
        }
    }
}
