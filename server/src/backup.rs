//! `linli-server backup --out FILE` and `linli-server restore FILE` for the
//! SQLite store. A backup is one consistent snapshot of a live database
//! (SQLite's online backup API in a single step: a read transaction, which
//! in WAL mode never holds the server's writer up), checked with
//! `integrity_check`. A restore checks the file the same way and refuses to
//! touch a database a running server holds. PostgreSQL has its own tools:
//! `pg_dump` and `pg_restore` (README).

use std::fs::File;
use std::path::{Path, PathBuf};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use crate::store::Location;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "{0} is a PostgreSQL database: back it up with pg_dump and restore with pg_restore (see the README)"
    )]
    Postgres(String),
    #[error("{0} exists already: choose a new file, a backup never overwrites one")]
    Exists(PathBuf),
    #[error("{0} does not exist")]
    Missing(PathBuf),
    #[error("a running linli-server holds {0}: stop it before restoring")]
    InUse(PathBuf),
    #[error("{path} is not a sound Linli database: {reason}")]
    Unsound { path: PathBuf, reason: String },
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn sqlite_path(db: &Location) -> Result<&Path, BackupError> {
    match db {
        Location::Sqlite(path) => Ok(path),
        Location::Postgres(_) => Err(BackupError::Postgres(db.to_string())),
    }
}

/// Copies the live database `db` to the new file `out` and checks the copy;
/// answers the number of bookings in it.
pub fn backup(db: &Location, out: &Path) -> Result<u64, BackupError> {
    let path = sqlite_path(db)?;
    if !path.exists() {
        return Err(BackupError::Missing(path.to_owned()));
    }
    if out.exists() {
        return Err(BackupError::Exists(out.to_owned()));
    }
    let source = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    source.busy_timeout(std::time::Duration::from_secs(10))?;
    crate::store::create_private(out).map_err(|source| BackupError::Io {
        path: out.to_owned(),
        source,
    })?;
    let mut copy = Connection::open(out)?;
    // Every page in one step: one snapshot, whatever the server writes
    // meanwhile (a stepwise copy restarts each time the source changes).
    copy_all(&source, &mut copy, out)?;
    check(&copy, out)
}

/// Puts the backup `file` in place of the database `db`, which no running
/// server may hold; answers the number of bookings restored.
pub fn restore(file: &Path, db: &Location) -> Result<u64, BackupError> {
    let path = sqlite_path(db)?;
    if !file.exists() {
        return Err(BackupError::Missing(file.to_owned()));
    }
    let source = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    check(&source, file)?;
    if !path.exists() {
        crate::store::create_private(path).map_err(|source| BackupError::Io {
            path: path.to_owned(),
            source,
        })?;
    }
    // The server holds this lock while it runs (`store::hold`).
    let held = File::open(path).map_err(|source| BackupError::Io {
        path: path.to_owned(),
        source,
    })?;
    if held.try_lock().is_err() {
        return Err(BackupError::InUse(path.to_owned()));
    }
    let mut target = Connection::open(path)?;
    copy_all(&source, &mut target, path)?;
    let restored = check(&target, path)?;
    drop(held);
    Ok(restored)
}

fn copy_all(from: &Connection, to: &mut Connection, path: &Path) -> Result<(), BackupError> {
    match Backup::new(from, to)?.step(-1)? {
        StepResult::Done => Ok(()),
        other => Err(BackupError::Unsound {
            path: path.to_owned(),
            reason: format!("the copy did not finish ({other:?}); try again"),
        }),
    }
}

/// `integrity_check`, and a bookings table to count.
fn check(conn: &Connection, path: &Path) -> Result<u64, BackupError> {
    let unsound = |reason: String| BackupError::Unsound {
        path: path.to_owned(),
        reason,
    };
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| unsound(e.to_string()))?;
    if verdict != "ok" {
        return Err(unsound(verdict));
    }
    conn.query_row("SELECT COUNT(*) FROM bookings", [], |r| r.get(0))
        .map_err(|e| unsound(format!("no bookings table ({e})")))
}
