//! The bookings export: a static kiosk's bookings as one JSON file, which
//! a server imports later (`linli-server import-bookings FILE`) keeping
//! codes and statuses. The file holds full names and phone numbers: it is
//! personal data and is handled like the database itself.

use serde::{Deserialize, Serialize};

use crate::ids::CenterId;
use crate::record::BookingRecord;

/// The `format` field, so a wrong file is recognised before anything else.
pub const EXPORT_FORMAT: &str = "linli-bookings";
pub const EXPORT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingsExport {
    pub format: String,
    pub version: u32,
    /// RFC 3339, local time.
    pub exported_at: String,
    /// The centre whose volunteer exported the file.
    pub center_id: CenterId,
    /// Every booking of that centre on the device, oldest first, in every
    /// status (a cancelled booking's code must not be reused).
    pub bookings: Vec<BookingRecord>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("this is not a Linli bookings export (format {0:?})")]
    NotAnExport(String),
    #[error("this export has version {0}; this Linli reads up to version {EXPORT_VERSION}")]
    NewerVersion(u32),
}

impl BookingsExport {
    pub fn new(
        center_id: CenterId,
        exported_at: String,
        bookings: Vec<BookingRecord>,
    ) -> BookingsExport {
        BookingsExport {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            exported_at,
            center_id,
            bookings,
        }
    }

    /// Checks the header before the bookings are trusted to mean anything.
    pub fn check(&self) -> Result<(), ExportError> {
        if self.format != EXPORT_FORMAT {
            return Err(ExportError::NotAnExport(self.format.clone()));
        }
        if self.version > EXPORT_VERSION {
            return Err(ExportError::NewerVersion(self.version));
        }
        Ok(())
    }
}
