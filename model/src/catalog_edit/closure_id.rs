//! A closure's id: its day and scope, which are unique in the list
//! (`2027-01-01`, `2027-01-12.tangshan-tangquan`,
//! `2027-01-12.tangshan-tangquan.tangshan-tangquan-lunch`). Ids of centres
//! and offerings never hold a dot, so the parts read back unambiguously,
//! and the id fits in a URL path as it is.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ids::{CenterId, OfferingId};
use crate::schedule::Closure;
use crate::time::Date;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClosureId {
    pub date: Date,
    pub center_id: Option<CenterId>,
    pub offering_id: Option<OfferingId>,
}

impl Closure {
    pub fn id(&self) -> ClosureId {
        ClosureId {
            date: self.date,
            center_id: self.center_id.clone(),
            offering_id: self.offering_id.clone(),
        }
    }
}

impl fmt::Display for ClosureId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)?;
        match (&self.center_id, &self.offering_id) {
            (Some(c), Some(o)) => write!(f, ".{c}.{o}"),
            (Some(c), None) => write!(f, ".{c}"),
            // A district-wide closure of one offering can't happen (an
            // offering belongs to a centre), but it still has an id.
            (None, Some(o)) => write!(f, "..{o}"),
            (None, None) => Ok(()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a closure id")]
pub struct ClosureIdError;

impl FromStr for ClosureId {
    type Err = ClosureIdError;

    fn from_str(s: &str) -> Result<ClosureId, ClosureIdError> {
        let mut parts = s.split('.');
        let date: Date = parts
            .next()
            .and_then(|d| d.parse().ok())
            .ok_or(ClosureIdError)?;
        fn part<T: FromStr>(p: Option<&str>) -> Result<Option<T>, ClosureIdError> {
            match p {
                None | Some("") => Ok(None),
                Some(p) => p.parse().map(Some).map_err(|_| ClosureIdError),
            }
        }
        let center_id = part::<CenterId>(parts.next())?;
        let offering_id = part::<OfferingId>(parts.next())?;
        if parts.next().is_some() {
            return Err(ClosureIdError);
        }
        Ok(ClosureId {
            date,
            center_id,
            offering_id,
        })
    }
}

impl TryFrom<String> for ClosureId {
    type Error = ClosureIdError;
    fn try_from(s: String) -> Result<ClosureId, ClosureIdError> {
        s.parse()
    }
}

impl From<ClosureId> for String {
    fn from(id: ClosureId) -> String {
        id.to_string()
    }
}
