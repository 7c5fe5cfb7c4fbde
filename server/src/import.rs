//! `linli-server import-bookings FILE`: a static kiosk's bookings export
//! (the model's [`BookingsExport`]) into the database, keeping codes,
//! statuses and times, so residents can look their bookings up and
//! volunteers see them on the server's roster.
//!
//! Each booking is checked against the catalog here and against the
//! database in the store (`store/import.rs`); what conflicts is reported,
//! never dropped silently, and the rest is imported in one transaction.

use std::fmt;
use std::path::{Path, PathBuf};

use linli_model::export::{BookingsExport, EXPORT_FORMAT, EXPORT_VERSION, ExportError};
use linli_model::schedule::find_slot;
use linli_model::validate::{PersonName, check_details};
use linli_model::{BookingCode, BookingRecord, CenterId, PhoneNumber, SlotId};
use serde::Deserialize;

use crate::catalog_index::{CatalogIndex, CatalogLoadError};
use crate::config::ImportArgs;
use crate::store::{ImportOutcome, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("can't read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Export { path: PathBuf, source: ExportError },
    #[error("{path} is not a valid bookings export: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path} is an export of centre {center}, which is not in the catalog")]
    UnknownCenter { path: PathBuf, center: String },
    #[error("catalog: {0}")]
    Catalog(#[from] CatalogLoadError),
    #[error("database: {0}")]
    Store(#[from] StoreError),
}

/// A booking that was not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub code: BookingCode,
    pub slot: SlotId,
    pub reason: String,
}

/// What the import did, for `main` to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportReport {
    pub file: PathBuf,
    pub center: CenterId,
    pub exported_at: String,
    pub total: usize,
    pub imported: usize,
    pub already_there: usize,
    /// In the file's order.
    pub conflicts: Vec<Conflict>,
    pub dry_run: bool,
}

/// Just the header: a file of another format or a newer version is
/// recognised as such, not reported as a confusing field error.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: String,
    #[serde(default)]
    version: u32,
}

/// Reads the file and checks its header, then the whole export.
pub fn read_export(path: &Path) -> Result<BookingsExport, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    let parse = |source| ImportError::Parse {
        path: path.to_owned(),
        source,
    };
    let export_error = |source| ImportError::Export {
        path: path.to_owned(),
        source,
    };
    let header: Header = serde_json::from_slice(&bytes).map_err(parse)?;
    if header.format != EXPORT_FORMAT {
        return Err(export_error(ExportError::NotAnExport(header.format)));
    }
    if header.version > EXPORT_VERSION {
        return Err(export_error(ExportError::NewerVersion(header.version)));
    }
    let export: BookingsExport = serde_json::from_slice(&bytes).map_err(parse)?;
    export.check().map_err(export_error)?;
    Ok(export)
}

/// The record as the server stores it (the catalog's slot), or why it
/// can't be imported whatever the database holds.
fn check_record(
    r: &BookingRecord,
    center: &CenterId,
    catalog: &CatalogIndex,
) -> Result<BookingRecord, String> {
    let id = &r.slot.id;
    if r.slot.center_id != *center {
        return Err(format!("another centre's booking ({})", r.slot.center_id));
    }
    let Some(offering) = catalog.offering(&id.offering_id) else {
        return Err(format!("unknown offering {}", id.offering_id));
    };
    if offering.center_id != *center {
        return Err(format!(
            "offering {} belongs to another centre ({})",
            offering.id, offering.center_id
        ));
    }
    let Some(mut slot) = find_slot(offering, id) else {
        return Err("no such slot in the offering's schedule".into());
    };
    let invalid = |what: String| Err(format!("invalid booking: {what}"));
    if r.phone.is_empty() || r.name.is_empty() {
        // Erased by retention: only a past booking can be.
        if r.status.is_active() || !(r.phone.is_empty() && r.name.is_empty()) {
            return invalid("name or phone missing".into());
        }
    } else {
        match r.phone.parse::<PhoneNumber>() {
            Ok(p) if p.canonical() == r.phone => {}
            _ => return invalid("phone number".into()),
        }
        if PersonName::parse(&r.name).map(|n| n.as_str() == r.name) != Ok(true) {
            return invalid("name".into());
        }
    }
    let max = u32::from(offering.max_party).min(slot.capacity);
    if r.party_size == 0 || u32::from(r.party_size) > max {
        return invalid(format!("party of {} (1 to {max})", r.party_size));
    }
    if let Err(e) = check_details(&r.details, offering) {
        return invalid(e.to_string());
    }
    if r.details.has_sensitive() && !r.consent.sensitive {
        return invalid("sensitive details without consent".into());
    }
    slot.remaining = slot.capacity;
    Ok(BookingRecord { slot, ..r.clone() })
}

/// Runs the command: reads and checks the file, then imports.
pub async fn run(args: ImportArgs) -> Result<ImportReport, ImportError> {
    let export = read_export(&args.file)?;
    let catalog = CatalogIndex::load(&args.store.data)?;
    if catalog.center(export.center_id.as_str()).is_none() {
        return Err(ImportError::UnknownCenter {
            path: args.file.clone(),
            center: export.center_id.to_string(),
        });
    }
    // Checked records go to the store; the rest are conflicts already.
    let mut candidates = Vec::new();
    let mut outcomes: Vec<Option<Result<(), String>>> = Vec::new();
    for r in &export.bookings {
        match check_record(r, &export.center_id, &catalog) {
            Ok(record) => {
                candidates.push(record);
                outcomes.push(None);
            }
            Err(reason) => outcomes.push(Some(Err(reason))),
        }
    }
    let store = Store::open(&args.store.db).await?;
    let stored = store.import_bookings(candidates, args.dry_run).await;
    // Let the writer commit and close the database before answering.
    let closer = store.closer();
    drop(store);
    let _ =
        tokio::task::spawn_blocking(move || closer.wait(std::time::Duration::from_secs(5))).await;
    let mut stored = stored?.into_iter();

    let mut report = ImportReport {
        file: args.file.clone(),
        center: export.center_id.clone(),
        exported_at: export.exported_at.clone(),
        total: export.bookings.len(),
        imported: 0,
        already_there: 0,
        conflicts: Vec::new(),
        dry_run: args.dry_run,
    };
    for (r, pre) in export.bookings.iter().zip(outcomes) {
        let conflict = |reason: String| Conflict {
            code: r.code,
            slot: r.slot.id.clone(),
            reason,
        };
        let outcome = match pre {
            Some(Err(reason)) => Err(reason),
            _ => stored
                .next()
                .map(describe)
                .ok_or_else(|| StoreError::Storage("an import outcome is missing".into()))?,
        };
        match outcome {
            Ok(true) => report.imported += 1,
            Ok(false) => report.already_there += 1,
            Err(reason) => report.conflicts.push(conflict(reason)),
        }
    }
    Ok(report)
}

/// `Ok(true)` imported, `Ok(false)` already there, or the conflict.
fn describe(outcome: ImportOutcome) -> Result<bool, String> {
    match outcome {
        ImportOutcome::Imported => Ok(true),
        ImportOutcome::AlreadyThere => Ok(false),
        ImportOutcome::CodeClash { differs } => Err(format!(
            "the code is already used by a different booking (differs in {})",
            differs.join(", ")
        )),
        ImportOutcome::SlotFull { taken, capacity } => Err(format!(
            "slot full: {taken} of {capacity} seats are already taken"
        )),
        ImportOutcome::AlreadyBooked { other } => Err(format!(
            "the same phone already has booking {other} in this slot"
        )),
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let would = if self.dry_run { "would be " } else { "" };
        writeln!(
            f,
            "{}: {} bookings of {} exported at {}",
            self.file.display(),
            self.total,
            self.center,
            self.exported_at
        )?;
        writeln!(f, "  {} {would}imported", self.imported)?;
        writeln!(
            f,
            "  {} already there (imported before)",
            self.already_there
        )?;
        writeln!(f, "  {} conflicts", self.conflicts.len())?;
        for c in &self.conflicts {
            writeln!(f, "    {}  {}  {}", c.code, c.slot, c.reason)?;
        }
        if self.dry_run {
            writeln!(f, "Dry run: nothing was written.")?;
        } else if !self.conflicts.is_empty() {
            writeln!(
                f,
                "The other bookings were imported. The conflicting ones were not: \
                 settle each with the resident (the volunteer console can book another slot)."
            )?;
        }
        Ok(())
    }
}
