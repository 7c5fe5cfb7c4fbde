//! The store on its own: migrations and an idempotent catalog import, on
//! whichever store the tests run against (see `common/db.rs`).

use crate::common;

use std::path::Path;

use common::TestDb;
use linli_server::catalog_index::CatalogIndex;
use linli_server::store::{Location, Store};

#[tokio::test]
async fn importing_the_same_catalog_twice_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = TestDb::fresh(dir.path()).await;
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/data");
    let catalog = CatalogIndex::load(&data).expect("catalog");
    let records = catalog.records();

    let store = Store::open(&db.location).await.expect("opens");
    assert_eq!(
        store
            .import_catalog(records.clone(), 1)
            .await
            .expect("import"),
        // catalog.json, 30 centre files and closures.json
        32
    );
    assert_eq!(
        store
            .import_catalog(records.clone(), 2)
            .await
            .expect("import"),
        0
    );
    drop(store);

    // Reopening migrates nothing and imports nothing new.
    let store = Store::open(&db.location).await.expect("reopens");
    assert_eq!(
        store
            .import_catalog(records.clone(), 3)
            .await
            .expect("import"),
        0
    );
    let stamps = db
        .rows(
            "SELECT DISTINCT CAST(imported_at AS TEXT) FROM catalog_files",
            &[],
        )
        .await;
    assert_eq!(stamps, [[Some("1".to_owned())]], "rows untouched later");

    // A changed file is updated; a removed one deleted.
    let mut changed = records.clone();
    changed[1].etag = "different".into();
    changed.pop();
    assert_eq!(store.import_catalog(changed, 4).await.expect("import"), 2);
}

/// A database made by the previous release (schema version 2, seats
/// without their capacity) is migrated with its seat counts kept.
#[tokio::test]
async fn an_older_sqlite_database_is_migrated_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).expect("db");
        conn.execute_batch(
            "CREATE TABLE slot_seats (slot_id TEXT PRIMARY KEY,
                booked INTEGER NOT NULL CHECK (booked >= 0)) STRICT, WITHOUT ROWID;
             CREATE TABLE bookings (code TEXT PRIMARY KEY, slot_id TEXT NOT NULL,
                capacity INTEGER NOT NULL, slot_date TEXT NOT NULL,
                status TEXT NOT NULL) STRICT;
             INSERT INTO slot_seats VALUES ('a@2026-11-27T11:00', 3);
             INSERT INTO bookings VALUES ('X', 'a@2026-11-27T11:00', 40, '2026-11-27',
                'confirmed');
             PRAGMA user_version = 2;",
        )
        .expect("old schema");
    }
    let store = Store::open(&Location::Sqlite(path.clone()))
        .await
        .expect("migrates");
    drop(store);
    let conn = rusqlite::Connection::open(&path).expect("db");
    let (booked, capacity, version): (i64, i64, i64) = conn
        .query_row(
            "SELECT booked, capacity, (SELECT user_version FROM pragma_user_version)
             FROM slot_seats",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("row");
    assert_eq!((booked, capacity, version), (3, 40, 9));
    // The database itself now refuses more seats than capacity.
    let over = conn.execute("UPDATE slot_seats SET booked = 41", []);
    assert!(over.is_err(), "CHECK (booked <= capacity)");
    // And has the table of queued actions' ids (version 4).
    let ids: i64 = conn
        .query_row("SELECT COUNT(*) FROM staff_sync", [], |r| r.get(0))
        .expect("staff_sync");
    assert_eq!(ids, 0);
    // And the staff accounts and their append-only audit log (version 5).
    let entries: i64 = conn
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .expect("audit_log");
    assert_eq!(entries, 0);
    // And the waiting lists' table (version 6).
    let entries: i64 = conn
        .query_row("SELECT COUNT(*) FROM waitlist", [], |r| r.get(0))
        .expect("waitlist");
    assert_eq!(entries, 0);
    // And the ratings' table (version 7).
    let ratings: i64 = conn
        .query_row("SELECT COUNT(*) FROM ratings", [], |r| r.get(0))
        .expect("ratings");
    assert_eq!(ratings, 0);
    // And the catalog's versions (version 9).
    let saved: i64 = conn
        .query_row("SELECT COUNT(*) FROM catalog_versions", [], |r| r.get(0))
        .expect("catalog_versions");
    assert_eq!(saved, 0);
}

#[tokio::test]
async fn a_database_from_a_newer_server_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("new.sqlite3");
    rusqlite::Connection::open(&path)
        .expect("db")
        .execute_batch("PRAGMA user_version = 99;")
        .expect("version");
    let refused = Store::open(&Location::Sqlite(path)).await;
    assert!(refused.is_err(), "a newer schema is never written to");
}
