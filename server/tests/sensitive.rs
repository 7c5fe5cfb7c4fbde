//! Sensitive texts (the care note, the mediation description) are stored
//! for the staff but never answered back, and nothing personal is logged.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::{TestServer, cancel_path, lookup_path, request, stored_details};
use reqwest::StatusCode;
use serde_json::json;

const PHONE: &str = "13812345678";
const SUMMARY: &str = "楼上漏水三个月";
const NOTE: &str = "糖尿病，需要轮椅";

/// Every answer a resident can get about the booking.
async fn answers(s: &TestServer, body: &serde_json::Value) -> Vec<String> {
    let (status, first) = s.post("/api/v1/bookings", body, Some("k-1")).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let (status, replay) = s.post("/api/v1/bookings", body, Some("k-1")).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(replay["code"], first["code"]);
    let (status, found) = s.get(&lookup_path(&first, PHONE)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, cancelled) = s
        .post(&cancel_path(&first), &json!({"phone": PHONE}), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, again) = s
        .post(&cancel_path(&first), &json!({"phone": PHONE}), None)
        .await;
    [first, replay, found, cancelled, again]
        .iter()
        .map(|a| a.to_string())
        .collect()
}

#[tokio::test]
async fn a_mediation_description_is_kept_but_never_shown() {
    let s = TestServer::start().await;
    let details = json!({"kind": "mediation", "category": "neighbor", "summary": SUMMARY});
    let body = request(
        "dongshan-zhushan-mediation@2026-11-30T09:00",
        PHONE,
        details,
    );
    let all = answers(&s, &body).await;
    for text in &all {
        assert!(
            !text.contains(SUMMARY) && !text.contains("summary"),
            "{text}"
        );
        assert!(text.contains("\"category\":\"neighbor\""), "{text}");
    }
    let first: serde_json::Value = serde_json::from_str(&all[0]).expect("json");
    assert_eq!(stored_details(&s.db, &first)["summary"], SUMMARY);
}

#[tokio::test]
async fn a_care_note_is_kept_but_never_shown() {
    let s = TestServer::start().await;
    let details = json!({"kind": "care", "address": "竹山路1号", "note": NOTE});
    let body = request("chunhua-jiexi-homebath@2026-12-01T09:00", PHONE, details);
    let all = answers(&s, &body).await;
    for text in &all {
        assert!(!text.contains(NOTE) && !text.contains("note"), "{text}");
        assert!(
            text.contains("竹山路1号"),
            "the visit's address is shown: {text}"
        );
    }
    let first: serde_json::Value = serde_json::from_str(&all[0]).expect("json");
    assert_eq!(stored_details(&s.db, &first)["note"], NOTE);
}

/// Collects everything logged, at every level, into memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn nothing_personal_reaches_the_logs() {
    let logs = Captured::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();
    let s = TestServer::start().await;
    let details = json!({"kind": "mediation", "category": "family", "summary": SUMMARY});
    let mut body = request(
        "dongshan-zhushan-mediation@2026-11-30T10:00",
        PHONE,
        details,
    );
    answers(&s, &body).await;
    // Refused requests are no exception.
    body["consent"]["sensitive"] = json!(false);
    assert_eq!(s.book(&body).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let care = json!({"kind": "care", "note": NOTE});
    let care = request("dongshan-zhushan-health@2026-11-30T08:30", PHONE, care);
    assert_eq!(s.book(&care).await.0, StatusCode::CREATED);
    s.stop().await;

    let text = String::from_utf8(logs.0.lock().expect("lock").clone()).expect("utf-8");
    assert!(text.contains("/bookings"), "the log was captured: {text}");
    for secret in [SUMMARY, NOTE, PHONE, "138****", "李伯"] {
        assert!(!text.contains(secret), "{secret} logged:\n{text}");
    }
}
