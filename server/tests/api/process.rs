//! The real binary: start-up line, durability under kill -9, clean SIGTERM.

use crate::common;

use std::process::Command;
use std::time::Duration;

use common::TestDb;
use common::binary::{spawn, wait_exit};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn data() -> std::path::PathBuf {
    common::data_dir()
}

/// A lunch slot tomorrow or later (by the real clock): always still open.
async fn open_lunch(client: &reqwest::Client, base: &str) -> String {
    let slots: Value = client
        .get(format!(
            "{base}/api/v1/slots?center=dongshan-zhushan&kind=meal&days=3"
        ))
        .send()
        .await
        .expect("slots")
        .json()
        .await
        .expect("json");
    let slots = slots.as_array().expect("array");
    let today = slots[0]["date"].clone();
    slots
        .iter()
        .find(|s| s["date"] != today && s["offering_id"] == "dongshan-zhushan-lunch")
        .and_then(|s| s["id"].as_str())
        .expect("a lunch tomorrow")
        .to_owned()
}

fn request(slot: &str, phone: &str) -> Value {
    json!({
        "slot_id": slot, "name": "周奶奶", "phone": phone, "party_size": 1, "channel": "web",
        "consent": {"notice": "2026-11", "sensitive": false},
        "details": {"kind": "meal", "dining": "takeaway"}
    })
}

#[tokio::test]
async fn answered_bookings_survive_kill_9() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = TestDb::fresh(dir.path()).await;
    let mut server = spawn(&db, &data(), &[]);
    let client = reqwest::Client::new();
    let slot = open_lunch(&client, &server.base).await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..25 {
        let (client, base, body) = (
            client.clone(),
            server.base.clone(),
            request(&slot, &format!("1360000{i:04}")),
        );
        tasks.spawn(async move {
            let r = client
                .post(format!("{base}/api/v1/bookings"))
                .json(&body)
                .header("Idempotency-Key", common::fresh_key())
                .send()
                .await
                .expect("post");
            assert_eq!(r.status(), StatusCode::CREATED);
            let b: Value = r.json().await.expect("json");
            (
                b["code"].as_str().expect("code").to_owned(),
                body["phone"].as_str().expect("phone").to_owned(),
            )
        });
    }
    let booked = tasks.join_all().await;
    // SIGKILL right after the last answer: no chance to flush anything.
    server.kill();

    let again = spawn(&db, &data(), &[]);
    for (code, phone) in &booked {
        let r = client
            .post(format!("{}/api/v1/bookings/lookup", again.base))
            .json(&json!({ "code": code, "phone": phone }))
            .send()
            .await
            .expect("lookup");
        assert_eq!(r.status(), StatusCode::OK, "{code} survived");
    }
    let slots: Value = client
        .get(format!(
            "{}/api/v1/slots?center=dongshan-zhushan&kind=meal&days=3",
            again.base
        ))
        .send()
        .await
        .expect("slots")
        .json()
        .await
        .expect("json");
    let remaining = slots
        .as_array()
        .expect("array")
        .iter()
        .find(|s| s["id"] == slot.as_str())
        .and_then(|s| s["remaining"].as_u64());
    assert_eq!(remaining, Some(40 - 25));
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = TestDb::fresh(dir.path()).await;
    let mut server = spawn(&db, &data(), &[]);
    let health = reqwest::get(format!("{}/api/v1/health", server.base))
        .await
        .expect("health");
    assert_eq!(health.status(), StatusCode::OK);
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill -TERM");
    assert!(status.success());
    let exit = wait_exit(&mut server.child, Duration::from_secs(10)).expect("exits within 10 s");
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn a_bad_or_unreachable_database_is_one_clear_line_and_a_failure() {
    for db in [
        // Nothing listens on port 1.
        "postgres://linli@127.0.0.1:1/linli",
        "postgres://linli@127.0.0.1:notaport/linli",
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_linli-server"))
            .args(["--listen", "127.0.0.1:0", "--no-precompress"])
            .args(["--static-dir", "/nonexistent-linli-dist", "--db", db])
            .arg("--data")
            .arg(data())
            .output()
            .expect("runs");
        assert!(!out.status.success(), "{db}: exits with a failure");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let said: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("linli-server:"))
            .collect();
        assert_eq!(said.len(), 1, "{db}: one line\n{stderr}");
        assert!(said[0].contains("database"), "{db}: {}", said[0]);
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[tokio::test]
async fn a_writer_that_dies_ends_the_process_for_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = TestDb::fresh(dir.path()).await;
    if db.is_postgres() {
        return; // The writer thread is SQLite's.
    }
    // The import, the retention sweep and the forgetting of old wrong
    // PINs at start are the first batches; the text sender's reminder scan
    // and claim (once: it polls every 300 s here) and the health check
    // the next three.
    let mut server = common::binary::spawn_with_env(
        &db,
        &data(),
        &["--sms-poll-secs", "300"],
        &[("LINLI_FAULT_WRITER_DIES_AFTER", "6")],
    );
    let client = reqwest::Client::new();
    let health = client.get(server.url("/api/v1/health")).send().await;
    assert_eq!(health.expect("health").status(), StatusCode::OK);
    let slot = open_lunch(&client, &server.base).await;
    for i in 0..20 {
        let sent = client
            .post(server.url("/api/v1/bookings"))
            .json(&request(&slot, &format!("1370000{i:04}")))
            .header("Idempotency-Key", common::fresh_key())
            .send()
            .await;
        if sent.is_err() {
            break;
        }
    }
    let status = wait_exit(&mut server.child, Duration::from_secs(10)).expect("the process ended");
    assert_eq!(
        status.code(),
        Some(70),
        "a non-zero exit a service manager restarts on"
    );
}
