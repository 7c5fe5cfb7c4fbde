//! The catalog's storage, for either store (see `catalog_types.rs`).

use linli_model::manage::DayFigures;
use linli_model::schedule::Closure;
use linli_model::{BookingRecord, LocalDateTime};

use super::{CatalogSave, CatalogSaved, CatalogState, Store, StoreError};

impl Store {
    /// Every stored catalog file, the records' versions and the generation.
    pub async fn catalog_state(&self) -> Result<CatalogState, StoreError> {
        each!(self.catalog_state())
    }

    /// The number of saves so far (0: never edited, the data folder rules).
    pub async fn catalog_generation(&self) -> Result<i64, StoreError> {
        each!(self.catalog_generation())
    }

    /// Saves an edit: all of it, or nothing (see [`CatalogSaved`]).
    pub async fn save_catalog(&self, save: CatalogSave) -> Result<CatalogSaved, StoreError> {
        each!(self.save_catalog(save))
    }

    /// Each centre's figures of a day (centres without bookings absent).
    pub async fn day_figures(
        &self,
        date: linli_model::Date,
    ) -> Result<std::collections::HashMap<String, DayFigures>, StoreError> {
        each!(self.day_figures(date))
    }

    /// The bookings these closures would cancel now, by day and time: what
    /// the console shows before the editor confirms.
    pub async fn closure_bookings(
        &self,
        closures: Vec<Closure>,
        now: LocalDateTime,
    ) -> Result<Vec<BookingRecord>, StoreError> {
        each!(self.closure_bookings(closures, now))
    }
}
