//! A fake SMS gateway on 127.0.0.1: it checks each request's signature
//! (with the `hmac` crate, not the server's code), records what came, and
//! answers as the test asks: accept, fail with a status, or stall (take
//! the message and never answer).

use std::collections::HashMap;

use serde_json::json;

use super::volunteer::MONDAY;
use super::{TestServer, lunch, meal_request};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

pub const SECRET: &str = "a-test-secret-that-is-long-enough-0123456789";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Accept,
    Fail(u16),
    Stall,
}

/// One request as the gateway saw it.
#[derive(Clone, Debug)]
pub struct Received {
    pub key: String,
    pub body: Value,
    pub signed: bool,
    pub answered: Option<u16>,
}

#[derive(Default)]
struct Seen {
    mode: Option<Mode>,
    requests: Vec<Received>,
    /// Keys taken (accepted, or stalled on), with how often.
    taken: HashMap<String, usize>,
}

#[derive(Clone)]
pub struct FakeGateway {
    pub url: String,
    seen: Arc<Mutex<Seen>>,
    /// The secret's file, for `--sms-webhook-secret-file`.
    pub secret_file: Arc<tempfile::NamedTempFile>,
}

fn signed(headers: &HeaderMap, body: &[u8]) -> bool {
    let Some(given) = headers
        .get("x-linli-signature")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("sha256="))
        .and_then(|hex| hex::decode(hex).ok())
    else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

async fn receive(
    State(seen): State<Arc<Mutex<Seen>>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let signed = signed(&headers, &body);
    let mode = {
        let mut s = seen.lock().expect("lock");
        let mode = s.mode.unwrap_or(Mode::Accept);
        let answered = match mode {
            Mode::Accept if signed => Some(200),
            Mode::Accept => Some(401),
            Mode::Fail(status) => Some(status),
            Mode::Stall => None,
        };
        if answered == Some(200) || mode == Mode::Stall {
            *s.taken.entry(key.clone()).or_default() += 1;
        }
        s.requests.push(Received {
            key,
            body: json,
            signed,
            answered,
        });
        mode
    };
    match mode {
        Mode::Accept if signed => StatusCode::OK,
        Mode::Accept => StatusCode::UNAUTHORIZED,
        Mode::Fail(status) => StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
        Mode::Stall => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::OK
        }
    }
}

impl FakeGateway {
    pub async fn start() -> FakeGateway {
        let seen = Arc::new(Mutex::new(Seen::default()));
        let app = axum::Router::new()
            .route("/send", axum::routing::post(receive))
            .with_state(seen.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        let secret_file = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(secret_file.path(), format!("{SECRET}\n")).expect("write secret");
        FakeGateway {
            url: format!("http://{addr}/send"),
            seen,
            secret_file: Arc::new(secret_file),
        }
    }

    pub fn set_mode(&self, mode: Mode) {
        self.seen.lock().expect("lock").mode = Some(mode);
    }

    pub fn requests(&self) -> Vec<Received> {
        self.seen.lock().expect("lock").requests.clone()
    }

    /// How many times each key was taken (accepted or stalled on).
    pub fn taken(&self) -> HashMap<String, usize> {
        self.seen.lock().expect("lock").taken.clone()
    }

    /// Waits (10 s at most) until `n` requests have come; answers them all.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        let start = Instant::now();
        loop {
            let got = self.requests();
            if got.len() >= n {
                return got;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the gateway got {} of {n} requests: {got:?}",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The server flags that send to this gateway, polling every second.
    pub fn flags(&self) -> Vec<String> {
        vec![
            "--sms".into(),
            "webhook".into(),
            "--sms-webhook-url".into(),
            self.url.clone(),
            "--sms-webhook-secret-file".into(),
            self.secret_file.path().display().to_string(),
            "--sms-poll-secs".into(),
            "1".into(),
        ]
    }

    /// The same as settings of an in-process server.
    pub fn args(&self) -> linli_server::notify::SmsArgs {
        linli_server::notify::SmsArgs {
            sms: linli_server::notify::SmsDelivery::Webhook,
            sms_webhook_url: Some(self.url.clone()),
            sms_webhook_secret_file: Some(self.secret_file.path().to_owned()),
            sms_poll_secs: 1,
            ..linli_server::notify::SmsArgs::default()
        }
    }
}

// What the text-message tests share.

pub const PHONE: &str = "13912345678";

pub fn with_texts(phone: &str, lang: &str) -> Value {
    let mut body = meal_request(&lunch(MONDAY), phone, 1);
    body["consent"]["sms"] = json!(lang);
    body
}

pub async fn server(gateway: &FakeGateway) -> TestServer {
    let args = gateway.args();
    TestServer::start_tuned(|c| c.sms = args).await
}

pub async fn booked(s: &TestServer, body: &Value) -> Value {
    let (status, b) = s.book(body).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    b
}

pub fn key(booking: &Value, kind: &str) -> String {
    let code = booking["code"].as_str().expect("code").replace('-', "");
    format!("{code}.{kind}")
}

pub async fn texts_health(s: &TestServer) -> Value {
    let (status, health) = s.get("/api/v1/health").await;
    assert_eq!(status, StatusCode::OK, "{health}");
    health["texts"].clone()
}

pub async fn wait_until<F, Fut>(mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = std::time::Instant::now();
    while !done().await {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "timed out"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
