//! Starts the real server on 127.0.0.1:0 with a temporary database.
#![allow(dead_code)] // each test binary uses a different part

pub mod binary;
pub mod db;
pub mod gateway;
pub mod kiosk;
pub mod manage;
pub mod relay;
pub mod volunteer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use linli_server::clock::{Clock, FixedClock};
use linli_server::throttle::ThrottleArgs;
use linli_server::{Config, start};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::sync::oneshot;

pub use db::TestDb;

/// Tests run at Friday 2026-11-27 10:00 in Nanjing unless they move the clock.
pub const TODAY: &str = "2026-11-27";
/// dongshan-zhushan's lunch: every day 11:00–12:30, 40 seats, parties up to 4.
pub const LUNCH: &str = "dongshan-zhushan-lunch";

pub fn lunch(date: &str) -> String {
    format!("{LUNCH}@{date}T11:00")
}

/// A clock the test can move.
pub struct TestClock(pub AtomicI64);

impl TestClock {
    pub fn set(&self, date: &str, time: &str) {
        let at = FixedClock::at(date, time).expect("valid time");
        self.0.store(at.0, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn unix_millis(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Every per-client limit off.
pub fn no_limits() -> ThrottleArgs {
    ThrottleArgs {
        lookups_per_minute: 0,
        tries_per_code_hour: 0,
        bookings_per_hour: 0,
        kiosk_bookings_per_hour: 0,
        ..ThrottleArgs::default()
    }
}

pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/data")
}

pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    pub clock: Arc<TestClock>,
    pub db: TestDb,
    pub dir: TempDir,
    /// The changed copy of the data, if any: kept until the server stops.
    data: Option<TempDir>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_with(None, false).await
    }

    pub async fn start_with(static_dir: Option<PathBuf>, precompress: bool) -> TestServer {
        TestServer::launch(data_dir(), static_dir, precompress, |_| {}).await
    }

    /// With these per-client limits (the other servers have none: every
    /// test request comes from 127.0.0.1).
    pub async fn start_with_throttle(throttle: ThrottleArgs) -> TestServer {
        TestServer::launch(data_dir(), None, false, |c| c.throttle = throttle).await
    }

    /// With the configuration changed by `tune` (the tests' defaults: no
    /// per-client limits, sessions that idle as long as they last).
    pub async fn start_tuned(tune: impl FnOnce(&mut Config)) -> TestServer {
        TestServer::launch(data_dir(), None, false, tune).await
    }

    /// Serves a copy of the sample data, changed by `edit` (given the copy's
    /// folder), for rules the sample data doesn't exercise.
    pub async fn start_with_data(edit: impl FnOnce(&Path)) -> TestServer {
        TestServer::start_with_data_tuned(edit, |_| {}).await
    }

    /// Both: changed data and a changed configuration.
    pub async fn start_with_data_tuned(
        edit: impl FnOnce(&Path),
        tune: impl FnOnce(&mut Config),
    ) -> TestServer {
        let data = copy_data();
        edit(data.path());
        let mut s = TestServer::launch(data.path().to_owned(), None, false, tune).await;
        s.data = Some(data);
        s
    }

    async fn launch(
        data: PathBuf,
        static_dir: Option<PathBuf>,
        precompress: bool,
        tune: impl FnOnce(&mut Config),
    ) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = TestDb::fresh(dir.path()).await;
        TestServer::launch_in(dir, db, data, static_dir, precompress, tune).await
    }

    /// Stops and starts again on the same database and data folder, at
    /// the same time of day: what an operator's restart does.
    pub async fn restart(mut self) -> TestServer {
        let at = self.clock.unix_millis();
        let data = self.data.take();
        let folder = data.as_ref().map_or_else(data_dir, |d| d.path().to_owned());
        let db = TestDb {
            location: self.db.location.clone(),
        };
        let dir = self.stop_keeping_files().await;
        let mut s = TestServer::launch_in(dir, db, folder, None, false, |_| {}).await;
        s.clock.0.store(at, Ordering::SeqCst);
        s.data = data;
        s
    }

    async fn launch_in(
        dir: TempDir,
        db: TestDb,
        data: PathBuf,
        static_dir: Option<PathBuf>,
        precompress: bool,
        tune: impl FnOnce(&mut Config),
    ) -> TestServer {
        let mut config = Config {
            listen: "127.0.0.1:0".parse().expect("addr"),
            db: db.location.clone(),
            data,
            precompress,
            session_hours: 12,
            session_idle_minutes: 12 * 60,
            max_connections: 1024,
            header_timeout_secs: 10,
            staff: linli_server::config::StaffArgs::default(),
            sms: linli_server::notify::SmsArgs::default(),
            fake_now: None,
            throttle: no_limits(),
            static_dir: static_dir.unwrap_or_else(|| dir.path().join("no-dist")),
        };
        tune(&mut config);
        let clock = Arc::new(TestClock(AtomicI64::new(0)));
        clock.set(TODAY, "10:00");
        let state = start(&config, clock.clone()).await.expect("server starts");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            linli_server::serve(listener, state, shutdown)
                .await
                .expect("serves");
        });
        TestServer {
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
            clock,
            db,
            dir,
            data: None,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Stops serving and waits for requests in flight.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Stops serving but keeps the test's folder (and its database).
    pub async fn stop_keeping_files(mut self) -> TempDir {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        let empty = tempfile::tempdir().expect("temp dir");
        std::mem::replace(&mut self.dir, empty)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let r = self
            .client
            .get(self.url(path))
            .send()
            .await
            .expect("request");
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: &Value, key: Option<&str>) -> (StatusCode, Value) {
        let mut req = self.client.post(self.url(path)).json(body);
        if let Some(key) = key {
            req = req.header("Idempotency-Key", key);
        }
        let r = req.send().await.expect("request");
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// Posts bookings all at once, each on its own task (`None`: a fresh key).
    pub async fn post_concurrently(
        &self,
        requests: Vec<(Value, Option<String>)>,
    ) -> Vec<(StatusCode, Value)> {
        let mut tasks = tokio::task::JoinSet::new();
        for (body, key) in requests {
            let client = self.client.clone();
            let url = self.url("/api/v1/bookings");
            tasks.spawn(async move {
                // Without a key of the test's, a fresh one, as the app sends.
                let key = key.unwrap_or_else(fresh_key);
                let r = client
                    .post(url)
                    .json(&body)
                    .header("Idempotency-Key", key)
                    .send()
                    .await
                    .expect("request");
                let status = r.status();
                (status, r.json().await.unwrap_or(Value::Null))
            });
        }
        tasks.join_all().await
    }

    /// Looks a booking answer up as its resident does: code and phone.
    pub async fn lookup(&self, booking: &Value, phone: &str) -> (StatusCode, Value) {
        self.lookup_code(booking["code"].as_str().expect("code"), phone)
            .await
    }

    /// `POST /api/v1/bookings/lookup` with this code and phone.
    pub async fn lookup_code(&self, code: &str, phone: &str) -> (StatusCode, Value) {
        let body = json!({ "code": code, "phone": phone });
        self.post("/api/v1/bookings/lookup", &body, None).await
    }

    /// Books with a fresh Idempotency-Key, as the app does.
    pub async fn book(&self, body: &Value) -> (StatusCode, Value) {
        self.post("/api/v1/bookings", body, Some(&fresh_key()))
            .await
    }

    /// Seats left in a slot, as `/slots` reports them.
    pub async fn remaining(&self, slot_id: &str) -> u64 {
        let (offering, when) = slot_id.split_once('@').expect("slot id");
        let date = &when[..10];
        let center = offering.rsplit_once('-').expect("centre").0;
        let (status, slots) = self
            .get(&format!("/api/v1/slots?center={center}&from={date}&days=1"))
            .await;
        assert_eq!(status, StatusCode::OK);
        slots
            .as_array()
            .expect("array")
            .iter()
            .find(|s| s["id"] == slot_id)
            .and_then(|s| s["remaining"].as_u64())
            .expect("slot listed")
    }
}

/// A copy of the sample catalog (catalog.json and the centre files, no
/// closures.json) in a temporary folder.
pub fn copy_data() -> TempDir {
    let data = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(data.path().join("centers")).expect("mkdir");
    for entry in std::fs::read_dir(data_dir().join("centers")).expect("centres") {
        let from = entry.expect("entry").path();
        let to = data
            .path()
            .join("centers")
            .join(from.file_name().expect("name"));
        std::fs::copy(&from, to).expect("copy");
    }
    std::fs::copy(
        data_dir().join("catalog.json"),
        data.path().join("catalog.json"),
    )
    .expect("copy");
    data
}

/// A valid meal booking request.
pub fn meal_request(slot_id: &str, phone: &str, party: u32) -> Value {
    json!({
        "slot_id": slot_id,
        "name": "张阿姨",
        "phone": phone,
        "party_size": party,
        "channel": "kiosk",
        "consent": {"notice": "2026-11", "sensitive": false},
        "details": {"kind": "meal", "dining": "dine_in"}
    })
}

/// A request for any kind, with sensitive consent given.
pub fn request(slot_id: &str, phone: &str, details: Value) -> Value {
    json!({
        "slot_id": slot_id,
        "name": "李伯",
        "phone": phone,
        "party_size": 1,
        "channel": "web",
        "consent": {"notice": "2026-11", "sensitive": true},
        "details": details
    })
}

/// `/api/v1/bookings/{code}/cancel` for a booking answer.
pub fn cancel_path(booking: &Value) -> String {
    format!(
        "/api/v1/bookings/{}/cancel",
        booking["code"].as_str().expect("code")
    )
}

/// The error code, status and field of an error answer.
pub fn error_of(body: &Value) -> (&str, Option<&str>) {
    (
        body["error"]["code"].as_str().unwrap_or("<no code>"),
        body["error"]["field"].as_str(),
    )
}

/// A fresh Idempotency-Key: 16 random bytes, hex.
pub fn fresh_key() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("randomness");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
