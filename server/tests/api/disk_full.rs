//! A full disk: the server on a small filesystem of its own (a tmpfs, which
//! needs root to mount: without it the test says so and does nothing).
//! Writes get 503 with Retry-After, reads keep working, nothing answered is
//! lost, and bookings work again once there is room.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::binary::spawn;
use common::{TestDb, fresh_key};
use linli_server::store::Location;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A mounted tmpfs, unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(dir: &Path, megabytes: u32) -> Option<SmallDisk> {
        let at = dir.join("disk");
        std::fs::create_dir_all(&at).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(&at)
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(SmallDisk(at))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn booking(n: u32) -> Value {
    let date = ["2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01"][n as usize % 4];
    json!({
        "slot_id": format!("dongshan-zhushan-lunch@{date}T11:00"),
        "name": "周奶奶", "phone": format!("1350000{n:04}"), "party_size": 1, "channel": "web",
        "consent": {"notice": "2026-11", "sensitive": false},
        "details": {"kind": "meal", "dining": "takeaway"}
    })
}

async fn book(client: &reqwest::Client, base: &str, n: u32) -> (StatusCode, Value, Option<String>) {
    let r = client
        .post(format!("{base}/api/v1/bookings"))
        .header("Idempotency-Key", fresh_key())
        .json(&booking(n))
        .send()
        .await
        .expect("answer");
    let status = r.status();
    let retry = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (status, r.json().await.unwrap_or(Value::Null), retry)
}

/// Fills the disk with a file until it refuses another byte.
fn fill(at: &Path) -> PathBuf {
    let path = at.join("filler");
    let mut f = std::fs::File::create(&path).expect("filler");
    let chunk = vec![0u8; 64 * 1024];
    while f.write_all(&chunk).is_ok() {}
    let one = [0u8; 1];
    while f.write_all(&one).is_ok() {}
    let _ = f.sync_all();
    path
}

#[tokio::test]
async fn a_full_disk_refuses_writes_with_503_keeps_reads_and_loses_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let probe = TestDb::fresh(dir.path()).await;
    if probe.is_postgres() {
        return; // PostgreSQL's disk is the database server's, not ours.
    }
    let Some(disk) = SmallDisk::mount(dir.path(), 24) else {
        eprintln!("disk_full: skipped, mounting a tmpfs needs root");
        return;
    };
    let db = TestDb {
        location: Location::Sqlite(disk.0.join("linli.sqlite3")),
    };
    let mut server = spawn(
        &db,
        &common::data_dir(),
        &["--fake-now", "2026-11-27T10:00"],
    );
    let client = reqwest::Client::new();
    let base = server.base.clone();
    let mut answered = Vec::new();
    for n in 0..20 {
        let (status, b, _) = book(&client, &base, n).await;
        assert_eq!(status, StatusCode::CREATED, "{b}");
        answered.push((b["code"].as_str().expect("code").to_owned(), n));
    }

    let filler = fill(&disk.0);
    let mut refused = 0;
    for n in 20..2020 {
        let (status, b, retry) = book(&client, &base, n).await;
        match status {
            StatusCode::CREATED => answered.push((b["code"].as_str().expect("code").to_owned(), n)),
            StatusCode::SERVICE_UNAVAILABLE => {
                assert_eq!(b["error"]["code"], "unavailable", "{b}");
                assert!(retry.is_some(), "503 says when to come back");
                refused += 1;
                if refused >= 5 {
                    break;
                }
            }
            other => panic!("booking {n} on a full disk answered {other}: {b}"),
        }
    }
    assert!(refused >= 5, "the disk never filled up");
    // Reads go on: the slots, and a booking looked up by its resident.
    let slots = client
        .get(format!(
            "{base}/api/v1/slots?center=dongshan-zhushan&kind=meal&days=3"
        ))
        .send()
        .await
        .expect("slots");
    assert_eq!(slots.status(), StatusCode::OK);
    let (code, n) = &answered[0];
    let phone = format!("1350000{n:04}");
    let lookup = |code: String, phone: String| {
        let (client, base) = (client.clone(), base.clone());
        async move {
            client
                .post(format!("{base}/api/v1/bookings/lookup"))
                .json(&json!({ "code": code, "phone": phone }))
                .send()
                .await
                .expect("lookup")
                .status()
        }
    };
    assert_eq!(lookup(code.clone(), phone).await, StatusCode::OK);

    // Room again: bookings work without a restart.
    std::fs::remove_file(filler).expect("free the disk");
    let mut recovered = false;
    for n in 3000..3050 {
        let (status, b, _) = book(&client, &base, n).await;
        if status == StatusCode::CREATED {
            answered.push((b["code"].as_str().expect("code").to_owned(), n));
            recovered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(recovered, "bookings work again once there is room");
    for (code, n) in &answered {
        let phone = format!("1350000{n:04}");
        assert_eq!(
            lookup(code.clone(), phone).await,
            StatusCode::OK,
            "{code} kept"
        );
    }
    server.kill();
}
