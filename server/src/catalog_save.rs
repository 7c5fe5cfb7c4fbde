//! A catalog edit from the console, end to end: the files after the edit
//! are checked as a whole catalog before anything is stored; the store
//! saves them with the version checks, the bookings the edit touches and
//! the audit entry in one transaction; then the served copy is swapped,
//! so the next request (and within seconds every instance) sees it.
//!
//! An edit replaces whole files (a centre's file holds all its offerings),
//! so it is made from one generation of the catalog and saved only if the
//! database is still at that generation; otherwise it is made again from
//! the newer catalog (the record's own version still guards the editor's
//! intent: a save over someone else's change to the same record is 409).

use std::path::Path;
use std::sync::Arc;

use linli_model::catalog_edit::{EditError, RecordKey, Version};
use linli_model::schedule::Closures;
use linli_model::{BookingRecord, Catalog, CenterFile};

use crate::catalog_index::{CatalogFileRecord, CatalogIndex};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{AuditRecord, CatalogSave, CatalogSaved, SaveEffect};

/// Saves against a moving catalog tried before giving up (503).
const ATTEMPTS: usize = 4;

/// An edit, as the handler makes it from one catalog.
pub struct Edit {
    pub record: RecordKey,
    pub expected: Version,
    /// The files the edit changes, as they are after it.
    pub files: Vec<CatalogFileRecord>,
    pub effect: SaveEffect,
    pub audit: AuditRecord,
}

pub struct Saved {
    pub version: Version,
    pub cancelled: Vec<BookingRecord>,
    /// The catalog after the save.
    pub catalog: Arc<CatalogIndex>,
}

/// The file of `catalog.json` as stored.
pub fn catalog_file(catalog: &Catalog) -> Result<CatalogFileRecord, AppError> {
    file("catalog.json".into(), catalog)
}

pub fn center_file(file: &CenterFile) -> Result<CatalogFileRecord, AppError> {
    self::file(format!("centers/{}.json", file.center.id), file)
}

pub fn closures_file(closures: &Closures) -> Result<CatalogFileRecord, AppError> {
    file(linli_model::schedule::CLOSURES_FILE.into(), closures)
}

fn file<T: serde::Serialize>(path: String, value: &T) -> Result<CatalogFileRecord, AppError> {
    let mut json = serde_json::to_vec_pretty(value)
        .map_err(|e| AppError::Unavailable(format!("serialising {path}: {e}")))?;
    json.push(b'\n');
    Ok(CatalogFileRecord::new(path, json))
}

/// Makes the edit with `make` from the catalog served now and saves it,
/// making it again if the catalog moved meanwhile. A stale version answers
/// 409 with the record as it is now, rendered by `show`.
pub async fn save(
    st: &AppState,
    make: impl Fn(&CatalogIndex) -> Result<Edit, AppError>,
    show: impl Fn(&CatalogIndex) -> serde_json::Value,
) -> Result<Saved, AppError> {
    for _ in 0..ATTEMPTS {
        let current = st.catalog.get();
        let edit = make(&current)?;
        check_whole(&current, &edit.files)?;
        let outcome = st
            .store
            .save_catalog(CatalogSave {
                base_generation: current.generation,
                record: edit.record,
                expected: edit.expected,
                files: edit.files,
                effect: edit.effect,
                now: st.clock.now(),
                now_millis: st.clock.unix_millis(),
                audit: edit.audit,
            })
            .await?;
        // Saved or not, the served copy catches up with the database now.
        if let Err(e) = st.catalog.refresh(&st.store, true).await {
            tracing::error!(error = %e, "reloading the catalog after a save failed");
        }
        let catalog = st.catalog.get();
        return match outcome {
            CatalogSaved::Moved => continue,
            CatalogSaved::Saved { version, cancelled } => Ok(Saved {
                version,
                cancelled,
                catalog,
            }),
            CatalogSaved::Stale { current } => Err(AppError::Stale {
                version: current,
                current: show(&catalog),
            }),
            CatalogSaved::Refused(e) => Err(AppError::Edit(e)),
            CatalogSaved::HasBookings { count } => Err(AppError::ClosureHasBookings { count }),
        };
    }
    Err(AppError::Unavailable(
        "the catalog kept changing during a save".into(),
    ))
}

/// The whole catalog after the edit must load, as it will on the next
/// start: a closure naming a retired offering, a duplicate id.
fn check_whole(current: &CatalogIndex, changed: &[CatalogFileRecord]) -> Result<(), AppError> {
    let mut files = current.records();
    for f in changed {
        match files.iter_mut().find(|old| old.path == f.path) {
            Some(old) => *old = f.clone(),
            None => files.push(f.clone()),
        }
    }
    CatalogIndex::from_records(Path::new(""), &files).map_err(|e| {
        AppError::Edit(EditError::Invalid {
            field: "catalog".into(),
            problem: e.to_string(),
        })
    })?;
    Ok(())
}
