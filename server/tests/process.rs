//! The real binary: start-up line, durability under kill -9, clean SIGTERM.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

struct Running {
    child: Child,
    base: String,
}

fn spawn(db: &Path) -> Running {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/data");
    let mut child = Command::new(env!("CARGO_BIN_EXE_linli-server"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--no-precompress",
            "--static-dir",
            "/nonexistent-linli-dist",
        ])
        .arg("--db")
        .arg(db)
        .arg("--data")
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let base = line
        .trim()
        .strip_prefix("Linli listening on ")
        .expect("listening line")
        .trim_end_matches('/')
        .to_owned();
    Running { child, base }
}

fn wait_exit(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
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
    let db = dir.path().join("linli.sqlite3");
    let mut server = spawn(&db);
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
    server.child.kill().expect("kill -9");
    server.child.wait().expect("reaped");

    let mut again = spawn(&db);
    for (code, phone) in &booked {
        let r = client
            .get(format!(
                "{}/api/v1/bookings/{code}?phone={phone}",
                again.base
            ))
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
    again.child.kill().expect("kill");
    let _ = again.child.wait();
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut server = spawn(&dir.path().join("linli.sqlite3"));
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
