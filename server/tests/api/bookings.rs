//! Booking, validation errors, duplicates, idempotency, lookup and cancel.

use crate::common;

use common::{TestServer, error_of, lunch, meal_request};
use reqwest::StatusCode;
use serde_json::json;

const MONDAY: &str = "2026-11-30";
const PHONE: &str = "138 1234 5678";

#[tokio::test]
async fn a_booking_is_created_with_a_code_and_a_masked_phone() {
    let s = TestServer::start().await;
    let slot = lunch(MONDAY);
    assert_eq!(s.remaining(&slot).await, 40);
    let (status, b) = s.book(&meal_request(&slot, PHONE, 3)).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    let code = b["code"].as_str().expect("code");
    assert_eq!(code.len(), 9);
    assert_eq!(&code[4..5], "-");
    assert!(code.chars().all(|c| c == '-' || c.is_ascii_alphanumeric()));
    assert_eq!(b["phone"], "*******5678");
    assert_eq!(b["status"], "confirmed");
    assert_eq!(b["slot_id"], slot.as_str());
    assert_eq!(b["slot"]["id"], slot.as_str());
    assert_eq!(b["slot"]["remaining"], 37);
    assert_eq!(b["party_size"], 3);
    assert_eq!(b["name"], "张阿姨");
    assert_eq!(b["channel"], "kiosk");
    assert_eq!(
        b["consent"],
        json!({"notice": "2026-11", "sensitive": false})
    );
    assert_eq!(
        b["details"],
        json!({"kind": "meal", "dining": "dine_in", "diet": []})
    );
    assert_eq!(b["created_at"], "2026-11-27T10:00:00+08:00");
    assert_eq!(s.remaining(&slot).await, 37);
}

#[tokio::test]
async fn a_started_slot_can_be_neither_booked_nor_cancelled() {
    let s = TestServer::start().await;
    let today = lunch(common::TODAY);
    let (status, b) = s.book(&meal_request(&today, PHONE, 1)).await;
    assert_eq!(status, StatusCode::CREATED);
    s.clock.set(common::TODAY, "11:00");
    let (status, body) = s.book(&meal_request(&today, "13900000001", 1)).await;
    assert_eq!(
        (status, error_of(&body)),
        (StatusCode::CONFLICT, ("slot_closed", None))
    );
    let cancel = format!(
        "/api/v1/bookings/{}/cancel",
        b["code"].as_str().expect("code")
    );
    let (status, body) = s.post(&cancel, &json!({"phone": PHONE}), None).await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::CONFLICT, "slot_closed")
    );
}

#[tokio::test]
async fn one_active_booking_per_phone_per_slot() {
    let s = TestServer::start().await;
    let slot = lunch(MONDAY);
    let (status, first) = s.book(&meal_request(&slot, PHONE, 1)).await;
    assert_eq!(status, StatusCode::CREATED);
    // The same phone written another way is the same phone.
    let (status, body) = s.book(&meal_request(&slot, "+86 13812345678", 2)).await;
    assert_eq!(
        (status, error_of(&body)),
        (StatusCode::CONFLICT, ("already_booked", None))
    );
    // The daily limit of one lunch is per offering and day: another day is fine.
    assert_eq!(
        s.book(&meal_request(&lunch("2026-12-01"), PHONE, 1))
            .await
            .0,
        StatusCode::CREATED
    );

    let cancel = format!(
        "/api/v1/bookings/{}/cancel",
        first["code"].as_str().expect("code")
    );
    let (status, cancelled) = s.post(&cancel, &json!({"phone": PHONE}), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(
        s.book(&meal_request(&slot, PHONE, 2)).await.0,
        StatusCode::CREATED
    );
    assert_eq!(s.remaining(&slot).await, 38);
}

#[tokio::test]
async fn retries_with_the_same_key_return_the_same_booking() {
    let s = TestServer::start().await;
    let slot = lunch(MONDAY);
    let body = meal_request(&slot, PHONE, 2);
    let (status, first) = s.post("/api/v1/bookings", &body, Some("key-1")).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, again) = s.post("/api/v1/bookings", &body, Some("key-1")).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(again["code"], first["code"]);
    assert_eq!(s.remaining(&slot).await, 38, "the retry took no seat");

    let other = meal_request(&slot, "13900000002", 1);
    let (status, body) = s.post("/api/v1/bookings", &other, Some("key-1")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(&body),
        ("idempotency_key_reused", Some("idempotency_key"))
    );
    let (status, body) = s.post("/api/v1/bookings", &other, Some("bad key")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(&body).0, "idempotency_key_invalid");

    // Concurrent retries of one request still make one booking.
    let body = meal_request(&slot, "13900000003", 1);
    let answers = s
        .post_concurrently(
            (0..8)
                .map(|_| (body.clone(), Some("key-2".to_owned())))
                .collect(),
        )
        .await;
    let codes: std::collections::HashSet<String> = answers
        .iter()
        .map(|(st, b)| {
            assert_eq!(*st, StatusCode::CREATED);
            b["code"].as_str().expect("code").to_owned()
        })
        .collect();
    assert_eq!(codes.len(), 1);
    assert_eq!(s.remaining(&slot).await, 37);
}

#[tokio::test]
async fn lookups_need_the_right_phone_and_never_show_it_whole() {
    let s = TestServer::start().await;
    let (_, b) = s.book(&meal_request(&lunch(MONDAY), PHONE, 1)).await;
    let code = b["code"].as_str().expect("code").to_owned();
    let lower = code.to_lowercase().replace('-', "");
    let (status, found) = s.lookup_code(&lower, "138-1234-5678").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found["code"], code.as_str());
    assert_eq!(found["phone"], "*******5678");
    for (code, phone) in [
        (code.as_str(), "13900000000"),
        (code.as_str(), ""),
        (code.as_str(), "nonsense"),
        ("ZZZZ-ZZZZ", "13812345678"),
        ("not-a-code", "13812345678"),
    ] {
        let (status, body) = s.lookup_code(code, phone).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{code} {phone}");
        assert_eq!(
            error_of(&body),
            ("booking_not_found", None),
            "{code} {phone}"
        );
    }
    // The phone never travels in a URL: the old address is gone.
    let (status, body) = s
        .get(&format!("/api/v1/bookings/{code}?phone=13812345678"))
        .await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let cancel = format!("/api/v1/bookings/{code}/cancel");
    let (status, body) = s
        .post(&cancel, &json!({"phone": "13900000000"}), None)
        .await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::NOT_FOUND, "booking_not_found")
    );
    for text in [b.to_string(), found.to_string()] {
        assert!(
            !text.contains("13812345678") && !text.contains("1234 5678"),
            "{text}"
        );
    }
}

#[tokio::test]
async fn cancelling_frees_the_seats_and_is_safe_to_repeat() {
    let s = TestServer::start().await;
    let slot = lunch(MONDAY);
    let (_, b) = s.book(&meal_request(&slot, PHONE, 4)).await;
    assert_eq!(s.remaining(&slot).await, 36);
    let cancel = format!(
        "/api/v1/bookings/{}/cancel",
        b["code"].as_str().expect("code")
    );
    for _ in 0..2 {
        let (status, body) = s.post(&cancel, &json!({"phone": PHONE}), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["status"], "cancelled");
        assert_eq!(body["slot"]["remaining"], 40);
        assert_eq!(s.remaining(&slot).await, 40);
    }
}
