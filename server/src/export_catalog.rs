//! `linli-server export-catalog --out DIR`: the catalog as the database
//! holds it (with the console's edits), written in the data folder's shape
//! (`catalog.json`, `centers/*.json`, `closures.json`), so a static
//! kiosk's `data/` can be updated from it.

use std::path::{Path, PathBuf};

use crate::catalog_index::{CatalogIndex, CatalogLoadError};
use crate::store::{Location, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ExportCatalogError {
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("the database has no catalog yet: start the server on it once")]
    Empty,
    #[error("the stored catalog doesn't load: {0}")]
    Invalid(#[from] CatalogLoadError),
    #[error("{path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes every file; answers how many, and the generation exported.
pub async fn export(db: &Location, out: &Path) -> Result<(usize, i64), ExportCatalogError> {
    let store = Store::open(db).await?;
    let state = store.catalog_state().await?;
    if state.files.is_empty() {
        return Err(ExportCatalogError::Empty);
    }
    // Only a catalog that loads is written: the kiosk would refuse it.
    CatalogIndex::from_records(Path::new("(database)"), &state.files)?;
    for f in &state.files {
        let path = out.join(&f.path);
        write(&path, &f.json).map_err(|source| ExportCatalogError::Write { path, source })?;
    }
    Ok((state.files.len(), state.generation))
}

/// Each file whole or not at all: written beside, then renamed.
fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
