//! The catalog being served. The database's copy is the source of truth
//! (the data folder is imported until the console first edits it); the
//! index built from it is swapped whole when an edit is saved here, or
//! when another instance's edit is seen (a generation number polled every
//! few seconds), so kiosks and phones see a change within a minute.

use std::path::Path;
use std::sync::Arc;

use arc_swap::ArcSwap;

use crate::catalog_index::CatalogIndex;
use crate::store::{Store, StoreError};

/// How often other instances' edits are looked for.
pub const POLL_SECS: u64 = 10;

pub struct LiveCatalog {
    current: ArcSwap<CatalogIndex>,
    /// Reloads one at a time: two saves in a row must not swap in the
    /// older copy last.
    reload: tokio::sync::Mutex<()>,
    precompress: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("the stored catalog: {0}")]
    Invalid(#[from] crate::catalog_index::CatalogLoadError),
}

impl LiveCatalog {
    pub fn new(index: CatalogIndex, precompress: bool) -> LiveCatalog {
        LiveCatalog {
            current: ArcSwap::from_pointee(index),
            reload: tokio::sync::Mutex::new(()),
            precompress,
        }
    }

    /// The catalog now: one consistent copy for the whole request.
    pub fn get(&self) -> Arc<CatalogIndex> {
        self.current.load_full()
    }

    /// Reads the database's copy if its generation differs from the one
    /// served (or always, with `force`) and swaps it in. Answers whether
    /// it swapped.
    pub async fn refresh(&self, store: &Store, force: bool) -> Result<bool, ReloadError> {
        let _one = self.reload.lock().await;
        let served = self.current.load().generation;
        if !force && store.catalog_generation().await? == served {
            return Ok(false);
        }
        let stored = store.catalog_state().await?;
        if stored.generation == served && !force {
            return Ok(false);
        }
        let index = CatalogIndex::from_records(Path::new("(database)"), &stored.files)?
            .with_versions(stored.versions, stored.generation);
        let index = Arc::new(index);
        if self.precompress {
            let c = index.clone();
            // Off the async workers; the catalog is a few dozen files.
            let _ =
                tokio::task::spawn_blocking(move || crate::asset::compress_all(c.assets())).await;
        }
        self.current.store(index);
        Ok(true)
    }
}

/// Looks for other instances' edits every [`POLL_SECS`] (`serve`).
pub async fn follow_edits(state: crate::state::AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(POLL_SECS));
    every.tick().await;
    loop {
        every.tick().await;
        match state.catalog.refresh(&state.store, false).await {
            Ok(true) => tracing::info!(
                generation = state.catalog.get().generation,
                "catalog changed elsewhere; now serving it"
            ),
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(error = %e, "reading the catalog failed; next in a few seconds")
            }
        }
    }
}
