//! Storage, behind one [`Store`] with two kinds: SQLite, embedded (the
//! default: one file, one writer thread with group commit), and PostgreSQL
//! (`--db postgres://…`), which several server instances share.
//!
//! Both gather the facts the model's rules ([`linli_model::rules`]) decide
//! on inside one transaction and persist the outcome in it; the database's
//! own constraints (the conditional seat update, CHECK booked <= capacity,
//! the unique index of active bookings per phone and slot) are the last
//! line. All SQL lives under this module; no HTTP types here.

pub mod accounts;
mod catalog_types;
mod columns;
mod notice_types;
mod postgres;
mod rating_types;
mod sqlite;
mod types;
mod wait_columns;
mod wait_types;

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use linli_model::{BookingCode, Date, ServiceKind, WaitlistRecord};

use crate::catalog_index::CatalogFileRecord;
/// Bookings are kept as the model's records (shared with the static
/// backend and the bookings export).
pub use linli_model::BookingRecord;

/// Creates a new database file readable by its owner only (0600): it holds
/// residents' names and phones. SQLite gives its -wal and -shm files the
/// same mode.
pub fn create_private(path: &std::path::Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(|_| ())
}

/// The serving process's hold on its SQLite file (created if missing): a
/// second server on the same file, or a restore, is refused while it
/// lasts. Taken before the store opens, so a second server never migrates
/// or starts a writer. `None` for PostgreSQL, where many instances share
/// one database by design.
pub fn hold(db: &Location) -> Result<Option<std::sync::Arc<std::fs::File>>, StoreError> {
    let Location::Sqlite(path) = db else {
        return Ok(None);
    };
    if !path.exists() {
        create_private(path)
            .map_err(|e| StoreError::Storage(format!("{}: {e}", path.display())))?;
    }
    let file = std::fs::File::open(path)
        .map_err(|e| StoreError::Storage(format!("{}: {e}", path.display())))?;
    file.try_lock().map_err(|_| {
        StoreError::Storage(format!(
            "another linli-server (or a restore) is using {}",
            path.display()
        ))
    })?;
    Ok(Some(std::sync::Arc::new(file)))
}
pub use accounts::{
    AccountChange, AccountRow, AuditQuery, AuditRecord, AuditRow, ChangeAccount, Credentials,
    NewAccount, NewStaffSession, StaffSessionRow,
};
pub use catalog_types::*;
pub use notice_types::*;
pub use rating_types::{RateOutcome, RateRequest, StoredRating};
pub use types::*;
pub use wait_types::*;

/// Where the database is: a SQLite file, or a PostgreSQL URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl FromStr for Location {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Location, Self::Err> {
        Ok(
            if s.starts_with("postgres://") || s.starts_with("postgresql://") {
                Location::Postgres(s.to_owned())
            } else {
                Location::Sqlite(PathBuf::from(s))
            },
        )
    }
}

impl fmt::Display for Location {
    /// User, hosts and database only: never a password (in the user part
    /// or `?password=`), since this goes to logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use tokio_postgres::config::Host;
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => match url.parse::<tokio_postgres::Config>() {
                Ok(c) => {
                    let hosts: Vec<String> = c
                        .get_hosts()
                        .iter()
                        .map(|h| match h {
                            Host::Tcp(name) => name.clone(),
                            Host::Unix(path) => path.display().to_string(),
                        })
                        .collect();
                    write!(
                        f,
                        "postgres://{}@{}/{}",
                        c.get_user().unwrap_or(""),
                        hosts.join(","),
                        c.get_dbname().unwrap_or("")
                    )
                }
                Err(_) => f.write_str("postgres://(a URL that does not parse)"),
            },
        }
    }
}

#[derive(Clone)]
pub enum Store {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PgStore),
}

/// Calls the same method on whichever store this is.
macro_rules! each {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {
        match $self {
            Store::Sqlite(s) => s.$method($($arg),*).await,
            Store::Postgres(s) => s.$method($($arg),*).await,
        }
    };
}

// After `each!`, which they use.
mod catalog_store;
mod notices;

/// Waits for the database to close after the last `Store` clone is dropped.
pub enum Closer {
    Sqlite(sqlite::Closer),
    /// A pool's connections close as they are dropped.
    Postgres,
}

impl Closer {
    /// Blocks until the database is closed or `limit` has passed. Returns
    /// whether it closed.
    pub fn wait(self, limit: Duration) -> bool {
        match self {
            Closer::Sqlite(c) => c.wait(limit),
            Closer::Postgres => true,
        }
    }
}

impl Store {
    /// Opens (creating and migrating) the database.
    pub async fn open(location: &Location) -> Result<Store, StoreError> {
        Ok(match location {
            Location::Sqlite(path) => Store::Sqlite(sqlite::SqliteStore::open(path)?),
            Location::Postgres(url) => Store::Postgres(postgres::PgStore::open(url).await?),
        })
    }

    /// `sqlite` or `postgres`, for the health answer and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    pub fn closer(&self) -> Closer {
        match self {
            Store::Sqlite(s) => Closer::Sqlite(s.closer()),
            Store::Postgres(_) => Closer::Postgres,
        }
    }

    /// Stores the catalog files; unchanged files are left alone, so importing
    /// the same data twice changes nothing. Returns the rows changed. With
    /// several instances, one imports at a time.
    pub async fn import_catalog(
        &self,
        files: Vec<CatalogFileRecord>,
        now_millis: i64,
    ) -> Result<usize, StoreError> {
        each!(self.import_catalog(files, now_millis))
    }

    /// Takes the seats and records the booking, atomically and durably.
    pub async fn book(&self, new: NewBooking) -> Result<Booked, StoreError> {
        each!(self.book(new))
    }

    /// Cancels a confirmed booking and frees its seats.
    pub async fn cancel(&self, request: CancelRequest) -> Result<CancelOutcome, StoreError> {
        each!(self.cancel(request))
    }

    /// Rates an attended booking, once (the model's `may_rate`, decided
    /// in the insert's transaction).
    pub async fn rate(&self, request: RateRequest) -> Result<RateOutcome, StoreError> {
        each!(self.rate(request))
    }

    /// A booking's rating, if it has one.
    pub async fn rating(&self, code: BookingCode) -> Result<Option<StoredRating>, StoreError> {
        each!(self.rating(code))
    }

    pub async fn booking(&self, code: BookingCode) -> Result<Option<BookingRecord>, StoreError> {
        each!(self.booking(code))
    }

    /// The request hash and booking an idempotency key was used for.
    pub async fn idempotent_booking(
        &self,
        key: String,
    ) -> Result<Option<(String, BookingRecord)>, StoreError> {
        each!(self.idempotent_booking(key))
    }

    /// Seats taken per slot id, for slot ids in the half-open ranges given
    /// (slot ids sort by offering, then date and time).
    pub async fn booked_seats(
        &self,
        ranges: Vec<(String, String)>,
    ) -> Result<HashMap<String, u32>, StoreError> {
        each!(self.booked_seats(ranges))
    }

    /// A trivial read: is the database answering?
    pub async fn ping(&self) -> Result<(), StoreError> {
        each!(self.ping())
    }

    /// Stores a centre's PIN hash and signs out its sessions (a new PIN
    /// is usually set because the old one went round), with its audit entry.
    pub async fn set_pin(
        &self,
        center_id: String,
        pin_hash: String,
        now_millis: i64,
        audit: AuditRecord,
    ) -> Result<(), StoreError> {
        each!(self.set_pin(center_id, pin_hash, now_millis, audit))
    }

    /// Removes a centre's PIN and signs out its sessions, with its audit
    /// entry. Returns whether the centre had a PIN.
    pub async fn clear_pin(
        &self,
        center_id: String,
        audit: AuditRecord,
    ) -> Result<bool, StoreError> {
        each!(self.clear_pin(center_id, audit))
    }

    pub async fn pin_hash(&self, center_id: String) -> Result<Option<String>, StoreError> {
        each!(self.pin_hash(center_id))
    }

    pub async fn create_session(&self, new: NewSession) -> Result<(), StoreError> {
        each!(self.create_session(new))
    }

    /// Returns whether the session existed.
    pub async fn delete_session(&self, token_hash: String) -> Result<bool, StoreError> {
        each!(self.delete_session(token_hash))
    }

    /// The live session of a token, its end moved on by this use (idle
    /// sessions end; none outlives its maximum); `None` if there is none.
    pub async fn use_session(&self, used: SessionUse) -> Result<Option<SessionRow>, StoreError> {
        each!(self.use_session(used))
    }

    pub async fn staff_action(&self, request: StaffRequest) -> Result<StaffOutcome, StoreError> {
        each!(self.staff_action(request))
    }

    /// A device's queued actions, in order, each made and recorded with
    /// its id in one transaction (an id seen before changes nothing). The
    /// outer error: the store failed before it could answer them all.
    pub async fn sync(
        &self,
        actions: Vec<SyncAction>,
    ) -> Result<Vec<Result<SyncStored, StoreError>>, StoreError> {
        each!(self.sync(actions))
    }

    /// A centre's bookings on a day, every status, by slot then oldest first.
    pub async fn roster_bookings(
        &self,
        center_id: String,
        date: Date,
        kind: Option<ServiceKind>,
    ) -> Result<Vec<BookingRecord>, StoreError> {
        each!(self.roster_bookings(center_id, date, kind))
    }

    /// Imports records whose slots the caller has checked against the
    /// catalog, in one transaction. With `dry_run` everything is checked
    /// the same way and then rolled back.
    pub async fn import_bookings(
        &self,
        records: Vec<BookingRecord>,
        dry_run: bool,
    ) -> Result<Vec<ImportOutcome>, StoreError> {
        each!(self.import_bookings(records, dry_run))
    }

    /// Joins a full slot's waiting list (after settling its run-out holds).
    pub async fn join_waitlist(&self, new: NewWaitEntry) -> Result<WaitlistRecord, StoreError> {
        each!(self.join_waitlist(new))
    }

    /// Leaves a list; a hold's seats go to the next entries at once.
    pub async fn leave_waitlist(&self, req: WaitRequest) -> Result<LeaveOutcome, StoreError> {
        each!(self.leave_waitlist(req))
    }

    /// Turns a hold into a confirmed booking with the entry's code.
    pub async fn confirm_hold(&self, req: WaitRequest) -> Result<ConfirmOutcome, StoreError> {
        each!(self.confirm_hold(req))
    }

    /// Expires run-out holds (promoting the next entries) and closes the
    /// entries of started slots. Runs every minute (`serve`).
    pub async fn settle_waitlists(
        &self,
        now: linli_model::LocalDateTime,
        now_millis: i64,
    ) -> Result<usize, StoreError> {
        each!(self.settle_waitlists(now, now_millis))
    }

    /// An entry by code, with its position while waiting.
    pub async fn wait_entry(
        &self,
        code: BookingCode,
    ) -> Result<Option<WaitlistRecord>, StoreError> {
        each!(self.wait_entry(code))
    }

    /// A centre's open entries on a day, by slot, held first, then in order.
    pub async fn roster_waiting(
        &self,
        center_id: String,
        date: Date,
        kind: Option<ServiceKind>,
    ) -> Result<Vec<WaitlistRecord>, StoreError> {
        each!(self.roster_waiting(center_id, date, kind))
    }

    /// Open entries per slot id, for slot ids in the half-open ranges.
    pub async fn waiting_counts(
        &self,
        ranges: Vec<(String, String)>,
    ) -> Result<HashMap<String, u32>, StoreError> {
        each!(self.waiting_counts(ranges))
    }

    /// Erases what is due on `today`; answers how many bookings it erased.
    /// Runs at start and every hour (`serve`); with several instances, one
    /// sweeps and the others find nothing to do.
    pub async fn erase_expired(&self, today: Date) -> Result<usize, StoreError> {
        each!(self.erase_expired(today))
    }

    /// Counts a sign-in as a failure under each key before its PIN is
    /// checked, unless a key's limit is reached: checking and counting are
    /// one step, so parallel tries can't all pass the check.
    pub async fn begin_pin_attempt(
        &self,
        attempt: PinAttempt,
    ) -> Result<PinAttemptOutcome, StoreError> {
        each!(self.begin_pin_attempt(attempt))
    }

    /// Un-counts an attempt whose PIN was right.
    pub async fn forgive_pin_attempt(&self, rows: Vec<i64>) -> Result<(), StoreError> {
        each!(self.forgive_pin_attempt(rows))
    }

    /// A new account, with its audit entry. `UserNameTaken` if the name is.
    pub async fn create_account(
        &self,
        new: NewAccount,
        audit: AuditRecord,
    ) -> Result<AccountRow, StoreError> {
        each!(self.create_account(new, audit))
    }

    /// Changes an account (password, disabled) and ends its sessions, with
    /// the audit entry; `None` if there is no such account.
    pub async fn change_account(
        &self,
        change: ChangeAccount,
        audit: AuditRecord,
    ) -> Result<Option<AccountRow>, StoreError> {
        each!(self.change_account(change, audit))
    }

    /// An account and its password hash, for signing in.
    pub async fn credentials(&self, user_name: String) -> Result<Option<Credentials>, StoreError> {
        each!(self.credentials(user_name))
    }

    /// Every account, by user name.
    pub async fn accounts(&self) -> Result<Vec<AccountRow>, StoreError> {
        each!(self.accounts())
    }

    /// A staff session, with its sign-in's audit entry.
    pub async fn create_staff_session(
        &self,
        new: NewStaffSession,
        audit: AuditRecord,
    ) -> Result<(), StoreError> {
        each!(self.create_staff_session(new, audit))
    }

    /// The account of a live session (moved on by this use), as for
    /// volunteers; `None` if it has ended or the account is disabled.
    pub async fn use_staff_session(
        &self,
        used: SessionUse,
    ) -> Result<Option<StaffSessionRow>, StoreError> {
        each!(self.use_staff_session(used))
    }

    /// Ends a staff session, with the sign-out's audit entry (written only
    /// if there was a session). Returns whether there was.
    pub async fn end_staff_session(
        &self,
        token_hash: String,
        audit: AuditRecord,
    ) -> Result<bool, StoreError> {
        each!(self.end_staff_session(token_hash, audit))
    }

    /// An entry on its own (a failed sign-in changes nothing else).
    pub async fn append_audit(&self, audit: AuditRecord) -> Result<(), StoreError> {
        each!(self.append_audit(audit))
    }

    /// Audit entries, newest first.
    pub async fn audit(&self, query: AuditQuery) -> Result<Vec<AuditRow>, StoreError> {
        each!(self.audit(query))
    }

    /// Deletes audit entries older than `before_millis` (the retention
    /// sweep; the database refuses any other deletion). Returns how many.
    pub async fn forget_audit(&self, before_millis: i64) -> Result<usize, StoreError> {
        each!(self.forget_audit(before_millis))
    }

    /// Forgets failed sign-ins at or before `before_millis`: they hold
    /// client addresses, which are kept no longer than the limit needs.
    pub async fn forget_pin_failures(&self, before_millis: i64) -> Result<(), StoreError> {
        each!(self.forget_pin_failures(before_millis))
    }
}

#[cfg(test)]
mod tests {
    use super::Location;

    #[test]
    fn a_location_shown_in_logs_never_holds_a_password() {
        for (url, shown) in [
            (
                "postgres://linli:s3cret@db.example:5433/linli",
                "postgres://linli@db.example/linli",
            ),
            (
                "postgres://linli@db/linli?password=s3cret",
                "postgres://linli@db/linli",
            ),
            (
                "postgres:///linli?host=/run/postgresql&password=s3cret&user=linli",
                "postgres://linli@/run/postgresql/linli",
            ),
            ("linli.sqlite3", "linli.sqlite3"),
        ] {
            let location: Location = url.parse().expect("parses");
            assert_eq!(location.to_string(), shown);
        }
    }
}
