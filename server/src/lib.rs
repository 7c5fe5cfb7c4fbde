//! Linli's server: the JSON API over SQLite or PostgreSQL, and the built app.
//!
//! `main.rs` parses flags and calls [`start`] and [`serve`]; integration tests
//! do the same on `127.0.0.1:0` with a temporary database.

pub mod admin;
pub mod asset;
pub mod auth;
pub mod backup;
pub mod catalog_index;
pub mod catalog_live;
pub mod catalog_save;
pub mod clock;
pub mod config;
pub mod csp;
pub mod device_pin;
pub mod error;
pub mod export_catalog;
pub mod extract;
pub mod import;
pub mod limiter;
pub mod listen;
pub mod notify;
pub mod pin;
pub mod routes;
pub mod secret;
pub mod staff_auth;
pub mod state;
pub mod static_files;
pub mod store;
pub mod throttle;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderValue, StatusCode, header};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::catalog_index::{CatalogIndex, CatalogLoadError};
use crate::catalog_live::LiveCatalog;
use crate::clock::Clock;
pub use crate::config::Config;
use crate::limiter::{PinLimits, StaffLimits};
pub use crate::state::AppState;
use crate::static_files::StaticFiles;
use crate::store::{Store, StoreError};
use crate::throttle::Throttles;

/// Largest request body the API reads; a booking is well under 2 KB.
pub const MAX_BODY: usize = 16 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("catalog: {0}")]
    Catalog(#[from] CatalogLoadError),
    #[error("database: {0}")]
    Store(#[from] StoreError),
    #[error("precompression failed: {0}")]
    Compress(String),
    #[error("text messages: {0}")]
    Texts(String),
    #[error("static files in {path}: {source}")]
    Static {
        path: String,
        source: std::io::Error,
    },
}

/// Loads the catalog, opens and migrates the database, imports the catalog
/// and reads the static files: everything before listening.
pub async fn start(config: &Config, clock: Arc<dyn Clock>) -> Result<AppState, StartError> {
    let texts = notify::Texts::from_args(&config.sms).map_err(StartError::Texts)?;
    let db_lock = store::hold(&config.db)?;
    let store = Store::open(&config.db).await?;
    tracing::info!(store = store.kind(), db = %config.db, "database open");
    let catalog = load_catalog(config, &store, clock.unix_millis()).await?;
    let erased = store.erase_expired(clock.now().date).await?;
    tracing::info!(bookings = erased, "personal data past retention erased");
    let pin_limits = PinLimits::standard();
    store
        .forget_pin_failures(forget_failures_before(&pin_limits, clock.unix_millis()))
        .await?;
    let statics = StaticFiles::load(&config.static_dir).map_err(|source| StartError::Static {
        path: config.static_dir.display().to_string(),
        source,
    })?;
    match &statics {
        Some(files) => tracing::info!(files = files.len(), "serving the app"),
        None => tracing::warn!(
            dir = %config.static_dir.display(),
            "static folder not found: serving the API only"
        ),
    }
    let statics = statics.map(Arc::new);
    let catalog = LiveCatalog::new(catalog, config.precompress);
    if config.precompress {
        let (c, s) = (catalog.get(), statics.clone());
        let started = std::time::Instant::now();
        tokio::task::spawn_blocking(move || {
            let mut assets = c.assets();
            if let Some(s) = &s {
                assets.extend(s.assets());
            }
            asset::compress_all(assets);
        })
        .await
        .map_err(|e| StartError::Compress(e.to_string()))?;
        tracing::info!(ms = started.elapsed().as_millis() as u64, "precompressed");
    }
    Ok(AppState {
        store,
        catalog: Arc::new(catalog),
        clock,
        statics,
        session_millis: i64::from(config.session_hours) * 3_600_000,
        session_idle_millis: i64::from(config.session_idle_minutes) * 60_000,
        pin_limits,
        staff: state::StaffSettings {
            session_millis: i64::from(config.staff.staff_session_hours) * 3_600_000,
            idle_millis: i64::from(config.staff.staff_idle_minutes) * 60_000,
            limits: StaffLimits::standard(),
            audit_retention_millis: i64::from(config.staff.audit_retention_days) * 86_400_000,
        },
        throttles: Arc::new(Throttles::new(&config.throttle)),
        texts: Arc::new(texts),
        db_lock,
        listen_limits: listen::ListenLimits {
            max_connections: config.max_connections,
            header_timeout: Duration::from_secs(config.header_timeout_secs),
        },
        pin_checks: Arc::new(tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, usize::from),
        )),
    })
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    // Only the route template is logged: never query strings (phones) or
    // bodies (names, free text).
    let trace = TraceLayer::new_for_http()
        .make_span_with(|req: &Request| {
            let path = req
                .extensions()
                .get::<MatchedPath>()
                .map_or("(unmatched)", MatchedPath::as_str);
            tracing::info_span!("request", method = %req.method(), path)
        })
        .on_request(())
        .on_response(DefaultOnResponse::new().level(Level::DEBUG))
        .on_failure(DefaultOnFailure::new().level(Level::WARN));
    let api = routes::api()
        .layer(trace)
        // A body sent a byte at a time holds a connection: 10 s between
        // parts at most; and no answer takes longer than 30 s (a booking
        // that misses it is dropped, not done later: store/sqlite/writer.rs).
        .layer(RequestBodyTimeoutLayer::new(Duration::from_secs(10)))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(CompressionLayer::new());
    Router::new()
        .nest("/api/v1", api)
        .fallback(static_files::handler)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // No page or answer tells another site where the resident was.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .with_state(state)
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let retention = retention_sweeps(state.clone());
    let waitlists = waitlist_sweeps(state.clone());
    let texts = notify::send_texts(state.clone());
    let edits = catalog_live::follow_edits(state.clone());
    let sweeps = async {
        tokio::join!(retention, waitlists, texts, edits);
    };
    let limits = state.listen_limits;
    let serving = listen::serve_app(listener, app(state), limits, shutdown);
    // The sweeps end with the server (dropped here), so they never keep the
    // database open after shutdown.
    tokio::select! {
        served = serving => served,
        () = sweeps => Ok(()),
    }
}

/// The catalog to serve: the database's copy. Until the console first
/// saves an edit, the data folder is imported on every start (unchanged
/// files are left alone), as before there was a console; after that the
/// database is the source of truth and the folder is not read.
async fn load_catalog(
    config: &Config,
    store: &Store,
    now_millis: i64,
) -> Result<CatalogIndex, StartError> {
    if store.catalog_generation().await? == 0 {
        let files = CatalogIndex::load(&config.data)?;
        let changed = store.import_catalog(files.records(), now_millis).await?;
        tracing::info!(
            centres = files.catalog.centers.len(),
            changed_files = changed,
            "catalog imported"
        );
    } else {
        tracing::info!(
            dir = %config.data.display(),
            "the catalog has been edited in the console: serving the database's copy, \
             not the data folder (export-catalog writes it out)"
        );
    }
    let stored = store.catalog_state().await?;
    Ok(
        CatalogIndex::from_records(std::path::Path::new("(database)"), &stored.files)?
            .with_versions(stored.versions, stored.generation),
    )
}

/// Erases personal data past retention every hour (and once at start, in
/// `start`), so the privacy notice's 30 days hold within the hour.
async fn retention_sweeps(state: AppState) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    every_hour.tick().await; // the first tick is now: `start` has swept
    loop {
        every_hour.tick().await;
        match state.store.erase_expired(state.clock.now().date).await {
            Ok(0) => {}
            Ok(erased) => tracing::info!(bookings = erased, "personal data past retention erased"),
            Err(e) => tracing::warn!(error = %e, "retention sweep failed; next in an hour"),
        }
        state.throttles.forget_idle();
        let before = forget_failures_before(&state.pin_limits, state.clock.unix_millis());
        if let Err(e) = state.store.forget_pin_failures(before).await {
            tracing::warn!(error = %e, "forgetting old wrong PINs failed; next in an hour");
        }
        forget_old_audit(&state).await;
    }
}

/// Wrong PINs and wrong staff passwords share one table: what neither
/// limit looks at any more.
fn forget_failures_before(pins: &PinLimits, now_millis: i64) -> i64 {
    pins.forget_before(now_millis)
        .min(StaffLimits::standard().forget_before(now_millis))
}

/// The audit log's retention: entries past it are deleted (the only
/// deletion the database allows).
async fn forget_old_audit(state: &AppState) {
    let before = state.clock.unix_millis() - state.staff.audit_retention_millis;
    match state.store.forget_audit(before).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(entries = n, "audit entries past retention deleted"),
        Err(e) => tracing::warn!(error = %e, "audit retention sweep failed; next in an hour"),
    }
}

/// Passes run-out holds on to the next entries and closes the entries of
/// started slots, every minute: a hold of a few minutes must not keep a
/// seat from the next resident for an hour. (Joins, look-ups and confirms
/// settle their own slot at once.)
async fn waitlist_sweeps(state: AppState) {
    let mut every_minute = tokio::time::interval(std::time::Duration::from_secs(60));
    every_minute.tick().await; // the first tick is now: nothing has run out yet
    loop {
        every_minute.tick().await;
        let (now, millis) = (state.clock.now(), state.clock.unix_millis());
        if let Err(e) = state.store.settle_waitlists(now, millis).await {
            tracing::warn!(error = %e, "waiting-list sweep failed; next in a minute");
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed when this is
/// called, not when it is first awaited: a signal right after the
/// "listening" line (a supervisor's, a test's) must stop the server
/// cleanly, not kill it before the accept loop has looked at its future.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    let mut signals = {
        use tokio::signal::unix::{SignalKind, signal};
        [
            signal(SignalKind::terminate()).ok(),
            signal(SignalKind::interrupt()).ok(),
        ]
    };
    async move {
        #[cfg(unix)]
        {
            async fn one(signal: &mut Option<tokio::signal::unix::Signal>) {
                match signal {
                    Some(s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            }
            let [term, interrupt] = &mut signals;
            tokio::select! {
                () = one(term) => {},
                () = one(interrupt) => {},
            }
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down");
    }
}
