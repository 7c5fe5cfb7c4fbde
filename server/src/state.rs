//! What every handler shares.

use std::sync::Arc;

use crate::catalog_live::LiveCatalog;
use crate::clock::Clock;
use crate::limiter::{PinLimits, StaffLimits};
use crate::static_files::StaticFiles;
use crate::store::Store;
use crate::throttle::Throttles;

/// The management console's settings.
#[derive(Clone, Copy, Debug)]
pub struct StaffSettings {
    /// How long a staff session lasts at most, and unused.
    pub session_millis: i64,
    pub idle_millis: i64,
    pub limits: StaffLimits,
    /// Audit entries older than this are deleted by the hourly sweep.
    pub audit_retention_millis: i64,
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// The catalog being served; `catalog.get()` for one request's copy.
    pub catalog: Arc<LiveCatalog>,
    pub clock: Arc<dyn Clock>,
    /// The built app; `None` when the static folder is missing (API only).
    pub statics: Option<Arc<StaticFiles>>,
    /// How long a volunteer session lasts.
    pub session_millis: i64,
    /// A session unused this long has ended (a kiosk left signed in).
    pub session_idle_millis: i64,
    /// How many wrong PINs per centre and per client address; the
    /// failures themselves are in the database, shared by every instance.
    pub pin_limits: PinLimits,
    /// Staff sign-ins: sessions, limits on wrong passwords, audit retention.
    pub staff: StaffSettings,
    /// Text messages: where they go, when reminders are due.
    pub texts: Arc<crate::notify::Texts>,
    /// Look-ups and bookings per client and per code (in memory).
    pub throttles: Arc<Throttles>,
    /// Argon2 checks running at once: each takes ~19 MiB and a core.
    pub pin_checks: Arc<tokio::sync::Semaphore>,
    /// Held while serving: no second server or restore on this SQLite file.
    pub db_lock: Option<Arc<std::fs::File>>,
    /// Connections open at once, and how long request headers may take.
    pub listen_limits: crate::listen::ListenLimits,
}
