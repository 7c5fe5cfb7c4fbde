//! Backing up a live database and restoring it (SQLite; PostgreSQL points
//! to pg_dump), the database file's mode, and a clock that jumps ahead.

use crate::common;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use common::{TODAY, TestServer, fresh_key, lunch, meal_request};
use linli_server::backup::{BackupError, backup, restore};
use linli_server::store::Location;
use reqwest::StatusCode;

fn sqlite_path(s: &TestServer) -> Option<PathBuf> {
    match &s.db.location {
        Location::Sqlite(path) => Some(path.clone()),
        Location::Postgres(_) => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_during_bookings_holds_every_booking_answered_before_it_began() {
    let s = TestServer::start().await;
    let Some(db) = sqlite_path(&s) else {
        let out = s.dir.path().join("never.sqlite3");
        let refused = backup(&s.db.location, &out).expect_err("PostgreSQL");
        assert!(matches!(refused, BackupError::Postgres(_)));
        assert!(refused.to_string().contains("pg_dump"), "{refused}");
        return;
    };
    let answered = Arc::new(Mutex::new(Vec::<String>::new()));
    let load = {
        let (client, url, answered) = (
            s.client.clone(),
            s.url("/api/v1/bookings"),
            answered.clone(),
        );
        tokio::spawn(async move {
            for n in 0..600u32 {
                let date = ["2026-11-28", "2026-11-29", "2026-11-30"][n as usize % 3];
                let slot = lunch(date);
                let phone = format!("1360000{n:04}");
                let r = client
                    .post(&url)
                    .json(&meal_request(&slot, &phone, 1))
                    .header("Idempotency-Key", fresh_key())
                    .send()
                    .await
                    .expect("answer");
                if r.status() == StatusCode::CREATED {
                    let b: serde_json::Value = r.json().await.expect("json");
                    let code = b["code"].as_str().expect("code").replace('-', "");
                    answered.lock().expect("lock").push(code);
                }
            }
        })
    };
    // Once the load is under way: what was answered before the backup began.
    while answered.lock().expect("lock").len() < 40 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let before: HashSet<String> = answered.lock().expect("lock").iter().cloned().collect();
    let out = s.dir.path().join("backup.sqlite3");
    let location = s.db.location.clone();
    let copied = {
        let out = out.clone();
        tokio::task::spawn_blocking(move || backup(&location, &out))
            .await
            .expect("joined")
            .expect("backup")
    };
    load.await.expect("load");
    assert!(copied >= before.len() as u64);
    let copy = rusqlite::Connection::open(&out).expect("copy opens");
    let check: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    let codes: HashSet<String> = copy
        .prepare("SELECT code FROM bookings")
        .expect("query")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("codes");
    let missing: Vec<_> = before.difference(&codes).collect();
    assert!(
        missing.is_empty(),
        "answered before the backup, missing: {missing:?}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for file in [&db, &out] {
            let mode = std::fs::metadata(file).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{}", file.display());
        }
    }
    // A backup never overwrites.
    assert!(matches!(
        backup(&s.db.location, &out),
        Err(BackupError::Exists(_))
    ));

    // A restore is refused while the server runs on the database...
    let refused = restore(&out, &s.db.location).expect_err("in use");
    assert!(matches!(refused, BackupError::InUse(_)), "{refused}");
    // ...and a second server on the same file too.
    let config_db = s.db.location.clone();
    let second = linli_server::store::hold(&config_db).expect_err("held");
    assert!(
        second.to_string().contains("another linli-server"),
        "{second}"
    );
    let _dir = s.stop_keeping_files().await;
    let restored = restore(&out, &config_db).expect("restore after stopping");
    assert_eq!(restored, copied);
    // A file that isn't a database is refused, saying why.
    let junk = db.with_file_name("junk.sqlite3");
    std::fs::write(&junk, b"not a database").expect("write");
    assert!(matches!(
        restore(&junk, &config_db),
        Err(BackupError::Unsound { .. })
    ));
}

#[tokio::test]
async fn a_clock_that_jumps_years_ahead_erases_nothing_still_to_come() {
    let s = TestServer::start().await;
    let slot = lunch("2026-11-30");
    let (status, b) = s.book(&meal_request(&slot, "13812345678", 1)).await;
    assert_eq!(status, StatusCode::CREATED);
    s.clock.set("2031-06-01", "10:00");
    let erased =
        s.db.rows(
            "SELECT CAST(COUNT(*) AS TEXT) FROM bookings WHERE phone IS NULL",
            &[],
        )
        .await;
    assert_eq!(erased[0][0].as_deref(), Some("0"));
    // The hourly sweep, as the server runs it, at the jumped clock.
    let state_today: linli_model::Date = "2031-06-01".parse().expect("date");
    let store = linli_server::store::Store::open(&s.db.location)
        .await
        .expect("store");
    assert_eq!(store.erase_expired(state_today).await.expect("sweep"), 0);
    drop(store);
    s.clock.set(TODAY, "10:00");
    assert_eq!(s.lookup(&b, "13812345678").await.0, StatusCode::OK);
}
