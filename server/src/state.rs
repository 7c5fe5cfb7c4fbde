//! What every handler shares.

use std::sync::Arc;

use crate::catalog_index::CatalogIndex;
use crate::clock::Clock;
use crate::limiter::FailureLimiter;
use crate::static_files::StaticFiles;
use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub catalog: Arc<CatalogIndex>,
    pub clock: Arc<dyn Clock>,
    /// The built app; `None` when the static folder is missing (API only).
    pub statics: Option<Arc<StaticFiles>>,
    /// How long a volunteer session lasts.
    pub session_millis: i64,
    /// How many wrong PINs per centre and per client address; the
    /// failures themselves are in the database, shared by every instance.
    pub pin_failures: FailureLimiter,
}
