//! Every kind of bad booking request gets its status, code and field.

use crate::common;

use common::{TestServer, error_of, lunch, meal_request};
use reqwest::StatusCode;
use serde_json::{Value, json};

const MONDAY: &str = "2026-11-30";
const PHONE: &str = "138 1234 5678";

/// Every kind of bad request, with the status, code and field the app reads.
#[tokio::test]
async fn invalid_requests_name_the_field_at_fault() {
    let s = TestServer::start().await;
    let slot = lunch(MONDAY);
    let ok = meal_request(&slot, PHONE, 1);
    let with = |path: &[&str], value: Value| {
        let mut body = ok.clone();
        let mut target = &mut body;
        for key in &path[..path.len() - 1] {
            target = &mut target[*key];
        }
        target[path[path.len() - 1]] = value;
        body
    };
    let cases: Vec<(Value, u16, &str, Option<&str>)> = vec![
        (
            with(&["name"], json!("  ")),
            422,
            "name_required",
            Some("name"),
        ),
        (
            with(&["name"], json!("长".repeat(21))),
            422,
            "name_too_long",
            Some("name"),
        ),
        (
            with(&["phone"], json!("12345")),
            422,
            "phone_invalid",
            Some("phone"),
        ),
        (
            with(&["phone"], json!("")),
            422,
            "phone_required",
            Some("phone"),
        ),
        (
            with(&["party_size"], json!(0)),
            422,
            "party_size_out_of_range",
            Some("party_size"),
        ),
        (
            with(&["party_size"], json!(5)),
            422,
            "party_size_out_of_range",
            Some("party_size"),
        ),
        (
            with(&["party_size"], json!("2")),
            422,
            "invalid_field",
            Some("party_size"),
        ),
        (
            with(&["channel"], json!("staff")),
            422,
            "channel_not_allowed",
            Some("channel"),
        ),
        (
            with(&["details"], json!({"kind": "legal", "topic": "labor"})),
            422,
            "details_kind_mismatch",
            Some("details"),
        ),
        (
            with(&["details"], json!({"kind": "meal", "dining": "picnic"})),
            422,
            "invalid_field",
            Some("details.dining"),
        ),
        (
            with(
                &["details"],
                json!({"kind": "meal", "dining": "takeaway", "diet": ["soft"]}),
            ),
            422,
            "consent_required",
            Some("consent"),
        ),
        (
            with(&["consent", "notice"], json!("")),
            422,
            "notice_required",
            Some("consent.notice"),
        ),
        (
            with(&["slot_id"], json!("lunch")),
            422,
            "invalid_slot_id",
            Some("slot_id"),
        ),
        (
            with(&["slot_id"], json!("atlantis-lunch@2026-11-30T11:00")),
            404,
            "slot_not_found",
            Some("slot_id"),
        ),
        (
            with(&["slot_id"], json!(lunch(MONDAY).replace("11:00", "11:30"))),
            404,
            "slot_not_found",
            Some("slot_id"),
        ),
        (
            with(&["slot_id"], json!(lunch("2026-11-26"))),
            409,
            "slot_closed",
            None,
        ),
        (json!({"slot_id": slot}), 422, "invalid_field", Some("name")),
        (json!([1, 2]), 422, "invalid_field", None),
    ];
    for (body, status, code, field) in cases {
        let (got, answer) = s.book(&body).await;
        assert_eq!(got.as_u16(), status, "{body} → {answer}");
        assert_eq!(error_of(&answer), (code, field), "{body}");
        assert!(answer["error"]["message"].is_string());
    }
    // Sensitive details are accepted with consent.
    let mut diet = with(
        &["details"],
        json!({"kind": "meal", "dining": "takeaway", "diet": ["soft"]}),
    );
    diet["consent"]["sensitive"] = json!(true);
    assert_eq!(s.book(&diet).await.0, StatusCode::CREATED);
    assert_eq!(
        s.remaining(&slot).await,
        39,
        "refused requests took no seat"
    );
}

#[tokio::test]
async fn malformed_bodies_are_400_and_large_ones_413() {
    let s = TestServer::start().await;
    let post = |body: Vec<u8>, content_type: &'static str| {
        s.client
            .post(s.url("/api/v1/bookings"))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let r = post(b"{\"slot_id\": ".to_vec(), "application/json")
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&r.json().await.expect("json")).0, "malformed_json");

    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(20_000));
    let r = post(big.into_bytes(), "application/json")
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_of(&r.json().await.expect("json")).0, "body_too_large");

    let r = post(b"{}".to_vec(), "text/plain").await.expect("request");
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        error_of(&r.json().await.expect("json")).0,
        "unsupported_media_type"
    );
}

#[tokio::test]
async fn other_kinds_check_their_details() {
    let s = TestServer::start().await;
    // A home visit needs an address (chunhua-jiexi-visit: Wednesdays 14:00–16:00).
    let visit = "chunhua-jiexi-visit@2026-12-02T14:00";
    let mut body = json!({
        "slot_id": visit, "name": "李伯", "phone": "025-52101234", "party_size": 1,
        "channel": "web", "consent": {"notice": "2026-11", "sensitive": false},
        "details": {"kind": "care"}
    });
    let (status, answer) = s.book(&body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(&answer),
        ("address_required", Some("details.address"))
    );
    body["details"]["address"] = json!("竹山路1号");
    let (status, answer) = s.book(&body).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["phone"], "***-****1234");
    // A mediation summary is sensitive.
    let mediation = json!({
        "slot_id": "dongshan-zhushan-mediation@2026-11-30T09:00", "name": "王", "phone": PHONE,
        "party_size": 1, "channel": "web", "consent": {"notice": "2026-11", "sensitive": false},
        "details": {"kind": "mediation", "category": "neighbor", "summary": "楼上漏水"}
    });
    let (status, answer) = s.book(&mediation).await;
    assert_eq!(
        (status, error_of(&answer).0),
        (StatusCode::UNPROCESSABLE_ENTITY, "consent_required")
    );
    let mut long = mediation.clone();
    long["details"]["summary"] = json!("字".repeat(501));
    long["consent"]["sensitive"] = json!(true);
    let (status, answer) = s.book(&long).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(&answer),
        ("text_too_long", Some("details.summary"))
    );
}
