//! What every handler shares.

use std::sync::Arc;

use crate::catalog_index::CatalogIndex;
use crate::clock::Clock;
use crate::static_files::StaticFiles;
use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub catalog: Arc<CatalogIndex>,
    pub clock: Arc<dyn Clock>,
    /// The built app; `None` when the static folder is missing (API only).
    pub statics: Option<Arc<StaticFiles>>,
}
