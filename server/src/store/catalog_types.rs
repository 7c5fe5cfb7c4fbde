//! What the stores are asked and answer about the catalog as the console
//! edits it: the stored files with their versions, and a save, which
//! checks the record's version, asks the model about the bookings the
//! edit touches and writes it all (files, versions, cancellations, their
//! texts, the audit entry) in one transaction.

use std::collections::HashMap;

use linli_model::catalog_edit::{EditError, RecordKey, Version};
use linli_model::schedule::Closure;
use linli_model::{BookingRecord, LocalDateTime, Offering};

use super::AuditRecord;
use crate::catalog_index::CatalogFileRecord;

/// The record that counts every save: its version is the catalog's
/// generation, which instances compare to see another's edit.
pub const GENERATION_KEY: &str = "catalog";

/// The catalog as stored.
#[derive(Clone, Debug, Default)]
pub struct CatalogState {
    pub files: Vec<CatalogFileRecord>,
    /// Records saved since the import; the others are at [`Version::FIRST`].
    pub versions: HashMap<String, Version>,
    /// 0 until the console first saves.
    pub generation: i64,
}

/// What an edit does beside replacing files.
#[derive(Clone, Debug)]
pub enum SaveEffect {
    None,
    /// An offering's new schedule: the seats booked in its slots that
    /// haven't started must still fit (`schedule_keeps_bookings`).
    Schedule(Box<Offering>),
    /// New closures: they cancel the bookings they cover
    /// (`closure_cancels`), but only once the editor has confirmed that.
    Close {
        closures: Vec<Closure>,
        /// Shown to residents on the bookings it cancels.
        reason: String,
        confirmed: bool,
    },
}

#[derive(Clone, Debug)]
pub struct CatalogSave {
    /// The generation of the catalog the edit was made from: the files
    /// replace whole documents, so any save in between refuses this one
    /// (`Moved`) and the edit is made again from the newer catalog.
    pub base_generation: i64,
    pub record: RecordKey,
    /// The version the editor saw.
    pub expected: Version,
    /// The files as they are after the edit.
    pub files: Vec<CatalogFileRecord>,
    pub effect: SaveEffect,
    pub now: LocalDateTime,
    pub now_millis: i64,
    pub audit: AuditRecord,
}

#[derive(Clone, Debug)]
pub enum CatalogSaved {
    Saved {
        version: Version,
        /// The bookings a closure cancelled.
        cancelled: Vec<BookingRecord>,
    },
    /// Someone saved this record first: nothing was written.
    Stale { current: Version },
    /// Another record was saved since the edit's catalog was read:
    /// nothing was written; make the edit again from the newer catalog.
    Moved,
    /// The model refused it on the stored bookings.
    Refused(EditError),
    /// A closure would cancel this many bookings, and wasn't confirmed.
    HasBookings { count: usize },
}

/// A record's stored version (absent: never saved, so the first).
pub fn version_of(stored: Option<i64>) -> Version {
    stored
        .and_then(|v| u32::try_from(v).ok())
        .map_or(Version::FIRST, Version)
}

/// The audit entry's "after" with the codes of the bookings cancelled
/// (an object's field; anything else is kept under `record`).
pub fn with_cancelled(after: Option<&str>, codes: &[String]) -> String {
    let value: serde_json::Value = after
        .and_then(|a| serde_json::from_str(a).ok())
        .unwrap_or(serde_json::Value::Null);
    let mut object = match value {
        serde_json::Value::Object(map) => map,
        serde_json::Value::Null => serde_json::Map::new(),
        other => serde_json::Map::from_iter([("record".to_owned(), other)]),
    };
    object.insert("cancelled_bookings".into(), serde_json::json!(codes));
    serde_json::Value::Object(object).to_string()
}

#[cfg(test)]
mod tests {
    use super::with_cancelled;

    #[test]
    fn cancelled_codes_join_any_after() {
        let codes = ["ABC".to_owned()];
        assert_eq!(
            with_cancelled(Some(r#"{"a":1}"#), &codes),
            r#"{"a":1,"cancelled_bookings":["ABC"]}"#
        );
        assert_eq!(
            with_cancelled(Some("[1]"), &codes),
            r#"{"cancelled_bookings":["ABC"],"record":[1]}"#
        );
        assert_eq!(
            with_cancelled(None, &codes),
            r#"{"cancelled_bookings":["ABC"]}"#
        );
    }
}
