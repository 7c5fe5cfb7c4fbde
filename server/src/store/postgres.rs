//! The PostgreSQL store, for districts that need more than one machine:
//! several server instances share one database and behave as one.
//! Everything that must be shared is in the database (bookings, seats,
//! idempotency keys, volunteer sessions, wrong PINs); the catalog import
//! and the retention sweep take advisory locks so that one instance at a
//! time runs them.
//!
//! Each write is one transaction at READ COMMITTED: the phone's advisory
//! lock makes the admission facts exact for that phone, and the seat is
//! taken by one conditional statement whose row lock serialises a slot.
//! Where PostgreSQL asks for a retry (serialization failure, deadlock, a
//! racing insert of the same idempotency key) the transaction runs again.

mod accounts;
mod book;
mod catalog;
mod import;
mod outbox;
mod pins;
mod promote;
mod ratings;
mod rows;
mod staff;
mod sync;
mod wait_rows;
mod waitlist;

use std::future::Future;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::NoTls;
use tokio_postgres::error::SqlState;

use super::StoreError;

/// Connections per instance. PostgreSQL's default allows 100 in all, so
/// two or three instances fit beside psql and a standby.
const POOL_SIZE: usize = 24;
/// Longest wait for a free connection (or a new one) before answering 503.
const POOL_WAIT: Duration = Duration::from_secs(10);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Attempts of one transaction when PostgreSQL asks for a retry.
const ATTEMPTS: u32 = 10;

/// Advisory lock keys (class, id): one instance at a time does these.
const LOCK_CLASS_PHONE: i32 = 1;
const LOCK_CLASS_JOB: i32 = 2;
const LOCK_CLASS_PIN_KEY: i32 = 3;
/// A slot's waiting list and the seats freed for it.
const LOCK_CLASS_SLOT: i32 = 4;
const LOCK_MIGRATE: i32 = 0;
const LOCK_IMPORT_CATALOG: i32 = 1;
const LOCK_RETENTION: i32 = 2;
const LOCK_CATALOG_SAVE: i32 = 3;

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

#[derive(Clone)]
pub struct PgStore {
    pool: Pool,
}

/// A failed step of a transaction: PostgreSQL's error (maybe worth a
/// retry) or a refusal the store decided on.
pub(super) enum PgError {
    Db(tokio_postgres::Error),
    Store(StoreError),
}

impl From<tokio_postgres::Error> for PgError {
    fn from(e: tokio_postgres::Error) -> PgError {
        PgError::Db(e)
    }
}

impl From<StoreError> for PgError {
    fn from(e: StoreError) -> PgError {
        PgError::Store(e)
    }
}

impl From<linli_model::BookingError> for PgError {
    fn from(e: linli_model::BookingError) -> PgError {
        PgError::Store(e.into())
    }
}

/// The unique index that keeps one active booking per phone per slot.
const ONE_ACTIVE_PER_PHONE: &str = "bookings_one_active_per_phone";

fn constraint(e: &tokio_postgres::Error) -> Option<&str> {
    e.as_db_error().and_then(|d| d.constraint())
}

/// Whether running the transaction again may succeed.
fn retryable(e: &tokio_postgres::Error) -> bool {
    match e.code() {
        Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE => true,
        Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED => true,
        // Another request with the same idempotency key committed first:
        // the next attempt answers with its booking (or refuses the key).
        // The same for a queued action's id (`staff_sync`).
        Some(c) if *c == SqlState::UNIQUE_VIOLATION => {
            matches!(
                constraint(e),
                Some("idempotency_pkey" | "staff_sync_pkey" | "wait_idempotency_pkey")
            )
        }
        _ => false,
    }
}

/// What a PostgreSQL error says, for the log: its SQLSTATE, message,
/// table and constraint, or the cause of a connection error. Never the
/// DETAIL, which quotes the values of a key (a phone).
fn describe(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!(
            "{} {}{}{}",
            db.code().code(),
            db.message(),
            db.table()
                .map(|t| format!(" (table {t})"))
                .unwrap_or_default(),
            db.constraint()
                .map(|c| format!(" (constraint {c})"))
                .unwrap_or_default(),
        ),
        None => crate::error::with_causes(e.to_string(), e),
    }
}

/// A PostgreSQL error as the store's: the database gone or starting up is
/// `Unreachable` (503 with Retry-After); anything else is a storage error.
pub(super) fn store_error(e: tokio_postgres::Error) -> StoreError {
    let unreachable = [
        SqlState::ADMIN_SHUTDOWN,
        SqlState::CRASH_SHUTDOWN,
        SqlState::CANNOT_CONNECT_NOW,
        SqlState::TOO_MANY_CONNECTIONS,
    ];
    match e.code() {
        Some(c)
            if *c == SqlState::UNIQUE_VIOLATION && constraint(&e) == Some(ONE_ACTIVE_PER_PHONE) =>
        {
            StoreError::AlreadyBooked
        }
        Some(c) if unreachable.contains(c) => StoreError::Unreachable(describe(&e)),
        Some(_) => StoreError::Storage(describe(&e)),
        // No SQLSTATE: the connection broke or could not be made.
        None => StoreError::Unreachable(describe(&e)),
    }
}

impl PgStore {
    /// Connects, migrates (one instance at a time) and makes the pool. An
    /// unreachable database is an error here, so the server says so at
    /// start instead of answering 503 to everyone.
    pub async fn open(url: &str) -> Result<PgStore, StoreError> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| StoreError::Storage(format!("the PostgreSQL URL is not valid: {e}")))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        // A database behind a broken network is noticed within a minute
        // (keepalives), and no statement or forgotten transaction holds a
        // connection for ever.
        config
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(20))
            .keepalives_interval(Duration::from_secs(5))
            .keepalives_retries(4);
        if config.get_options().is_none() {
            config
                .options("-c statement_timeout=15000 -c idle_in_transaction_session_timeout=30000");
        }
        migrate(&config).await?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                // A connection the server closed is seen as closed and
                // replaced: the pool recovers when the database returns.
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(POOL_WAIT))
            .create_timeout(Some(CONNECT_TIMEOUT))
            .recycle_timeout(Some(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| StoreError::Storage(format!("connection pool: {e}")))?;
        Ok(PgStore { pool })
    }

    async fn client(&self) -> Result<deadpool_postgres::Client, StoreError> {
        self.pool.get().await.map_err(|e| match e {
            deadpool_postgres::PoolError::Backend(e) => store_error(e),
            other => StoreError::Unreachable(other.to_string()),
        })
    }

    /// Runs `attempt` with a pooled connection, again while PostgreSQL
    /// asks for a retry, with a short growing pause between attempts.
    async fn retrying<T, F, Fut>(&self, mut attempt: F) -> Result<T, StoreError>
    where
        F: FnMut(deadpool_postgres::Client) -> Fut,
        Fut: Future<Output = Result<T, PgError>>,
    {
        let mut tries = 0;
        loop {
            tries += 1;
            match attempt(self.client().await?).await {
                Ok(v) => return Ok(v),
                Err(PgError::Store(e)) => return Err(e),
                Err(PgError::Db(e)) if retryable(&e) && tries < ATTEMPTS => {
                    let pause = Duration::from_millis(1 << tries.min(7));
                    tokio::time::sleep(pause).await;
                }
                Err(PgError::Db(e)) => return Err(store_error(e)),
            }
        }
    }

    /// A trivial read: is the database answering? Every connection busy
    /// serving others also means it answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        let timeouts = deadpool_postgres::Timeouts {
            wait: Some(Duration::from_secs(1)),
            create: Some(CONNECT_TIMEOUT),
            recycle: Some(CONNECT_TIMEOUT),
        };
        let client = match self.pool.timeout_get(&timeouts).await {
            Ok(client) => client,
            Err(deadpool_postgres::PoolError::Timeout(deadpool_postgres::TimeoutType::Wait)) => {
                return Ok(());
            }
            Err(deadpool_postgres::PoolError::Backend(e)) => return Err(store_error(e)),
            Err(other) => return Err(StoreError::Unreachable(other.to_string())),
        };
        client
            .simple_query("SELECT 1")
            .await
            .map(|_| ())
            .map_err(store_error)
    }
}

/// Applies the missing migrations on a connection of its own, holding an
/// advisory lock so that instances starting together migrate one by one.
async fn migrate(config: &tokio_postgres::Config) -> Result<(), StoreError> {
    let (mut client, connection) = config
        .connect(NoTls)
        .await
        .map_err(|e| StoreError::Unreachable(format!("can't connect to PostgreSQL: {e}")))?;
    let driver = tokio::spawn(connection);
    client
        .execute(
            "SELECT pg_advisory_lock($1, $2)",
            &[&LOCK_CLASS_JOB, &LOCK_MIGRATE],
        )
        .await
        .map_err(store_error)?;
    let migrated = embedded::migrations::runner()
        .run_async(&mut client)
        .await
        .map_err(|e| StoreError::Storage(format!("migration: {e}")));
    // Closing the connection releases the lock too; unlock anyway so a
    // pooled proxy connection can't keep it.
    let _ = client
        .execute(
            "SELECT pg_advisory_unlock($1, $2)",
            &[&LOCK_CLASS_JOB, &LOCK_MIGRATE],
        )
        .await;
    drop(client);
    let _ = driver.await;
    migrated.map(|_| ())
}
