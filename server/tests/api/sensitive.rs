//! Sensitive texts (the care note, the mediation description) are stored
//! for the staff but never answered back, and nothing personal is logged.

use crate::common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::volunteer::{CENTER, DEMO_PIN};
use common::{TestServer, cancel_path, lunch, meal_request, request};
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
    let (status, found) = s.lookup(&first, PHONE).await;
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
    assert_eq!(s.db.stored_details(&first).await["summary"], SUMMARY);
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
    assert_eq!(s.db.stored_details(&first).await["note"], NOTE);
}

#[tokio::test]
async fn no_resident_answer_carries_a_full_phone_number() {
    let s = TestServer::start().await;
    for (phone, digits) in [(PHONE, PHONE), ("025-5234 5678", "52345678")] {
        let mut body = meal_request(&lunch("2026-11-28"), phone, 1);
        body["phone"] = json!(phone);
        let (status, first) = s.post("/api/v1/bookings", &body, Some(digits)).await;
        assert_eq!(status, StatusCode::CREATED, "{first}");
        let mut all = vec![first.clone()];
        all.push(s.post("/api/v1/bookings", &body, Some(digits)).await.1);
        all.push(s.lookup(&first, phone).await.1);
        all.push(
            s.post(&cancel_path(&first), &json!({"phone": phone}), None)
                .await
                .1,
        );
        all.push(
            s.post(&cancel_path(&first), &json!({"phone": phone}), None)
                .await
                .1,
        );
        let slots = "/api/v1/slots?center=dongshan-zhushan&from=2026-11-28&days=1";
        all.push(s.get(slots).await.1);
        for answer in all {
            let text = answer.to_string();
            assert!(!text.contains(digits), "{digits} in {text}");
        }
    }
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
    let token = volunteer_flows(&s).await;
    s.stop().await;

    let text = String::from_utf8(logs.0.lock().expect("lock").clone()).expect("utf-8");
    assert!(text.contains("/bookings"), "the log was captured: {text}");
    for secret in [
        SUMMARY,
        NOTE,
        PHONE,
        "*******5678",
        "李伯",
        "张阿姨",
        "住院",
        DEMO_PIN,
        &token,
    ] {
        assert!(!text.contains(secret), "{secret} logged:\n{text}");
    }
    assert!(
        text.contains("full phone number shown to staff"),
        "audited: {text}"
    );
}

/// Everything a volunteer does with personal data, for the log check.
async fn volunteer_flows(s: &TestServer) -> String {
    assert_eq!(
        s.try_sign_in(CENTER, "135792").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let token = s.volunteer(CENTER).await;
    let mut walk_in = meal_request(&lunch("2026-11-27"), "13900001111", 2);
    walk_in["channel"] = json!("staff");
    let (status, b) = s
        .vpost("/api/v1/volunteer/bookings", &token, Some(&walk_in))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    let code = b["code"].as_str().expect("code");
    let (status, phone) = s
        .vget(&format!("/api/v1/volunteer/bookings/{code}/phone"), &token)
        .await;
    assert_eq!(
        (status, phone["phone"].as_str()),
        (StatusCode::OK, Some("13900001111"))
    );
    assert_eq!(s.act(&token, &b, "check-in").await.0, StatusCode::OK);
    assert_eq!(s.act(&token, &b, "undo-check-in").await.0, StatusCode::OK);
    assert_eq!(s.act(&token, &b, "cancel").await.0, StatusCode::OK);
    s.roster(&token, "2026-11-30").await;
    let csv = "/api/v1/volunteer/roster.csv?date=2026-11-30";
    assert_eq!(s.vget(csv, &token).await.0, StatusCode::OK);
    token
}
