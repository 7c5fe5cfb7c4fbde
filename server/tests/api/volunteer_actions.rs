//! Check-in, undo, no-show and cancel by staff, and walk-in bookings.

use crate::common;

use common::volunteer::{CENTER, OTHER_CENTER, slot};
use common::{TODAY, TestServer, error_of, lunch, meal_request};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const PHONE: &str = "13812345678";

async fn booked(s: &TestServer, slot_id: &str, phone: &str, party: u32) -> Value {
    let (status, b) = s.book(&meal_request(slot_id, phone, party)).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    b
}

fn code(e: &(StatusCode, Value)) -> (StatusCode, &str) {
    (e.0, error_of(&e.1).0)
}

#[tokio::test]
async fn check_in_and_undo() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let b = booked(&s, &lunch(TODAY), PHONE, 2).await;
    s.clock.set(TODAY, "10:40");
    let (status, entry) = s.act(&token, &b, "check-in").await;
    assert_eq!(status, StatusCode::OK, "{entry}");
    assert_eq!(entry["status"], "checked_in");
    assert_eq!(entry["staff_action"], "check_in");
    assert_eq!(entry["updated_at"], format!("{TODAY}T10:40:00+08:00"));
    assert_eq!(entry["name"], "张*");
    let again = s.act(&token, &b, "check-in").await;
    assert_eq!(code(&again), (StatusCode::CONFLICT, "invalid_transition"));
    let lunch_slot = slot(&s.roster(&token, TODAY).await, &lunch(TODAY)).clone();
    assert_eq!(
        (
            lunch_slot["booked"].clone(),
            lunch_slot["checked_in"].clone()
        ),
        (json!(2), json!(2))
    );
    // A checked-in booking can't be cancelled or marked absent.
    assert_eq!(
        code(&s.act(&token, &b, "cancel").await).1,
        "invalid_transition"
    );
    assert_eq!(
        code(&s.act(&token, &b, "no-show").await).1,
        "invalid_transition"
    );

    let (status, entry) = s.act(&token, &b, "undo-check-in").await;
    assert_eq!(
        (status, entry["status"].as_str()),
        (StatusCode::OK, Some("confirmed"))
    );
    let again = s.act(&token, &b, "undo-check-in").await;
    assert_eq!(code(&again), (StatusCode::CONFLICT, "invalid_transition"));
    assert_eq!(
        s.remaining(&lunch(TODAY)).await,
        38,
        "seats held throughout"
    );
}

#[tokio::test]
async fn no_check_in_before_the_slots_day() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let b = booked(&s, &lunch("2026-11-28"), PHONE, 1).await;
    assert_eq!(
        code(&s.act(&token, &b, "check-in").await),
        (StatusCode::CONFLICT, "slot_not_started")
    );
}

#[tokio::test]
async fn no_show_after_the_start_frees_the_seats() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let b = booked(&s, &lunch(TODAY), PHONE, 3).await;
    assert_eq!(
        code(&s.act(&token, &b, "no-show").await),
        (StatusCode::CONFLICT, "slot_not_started")
    );
    s.clock.set(TODAY, "11:15");
    let (status, entry) = s.act(&token, &b, "no-show").await;
    assert_eq!(
        (status, entry["status"].as_str()),
        (StatusCode::OK, Some("no_show"))
    );
    assert_eq!(s.remaining(&lunch(TODAY)).await, 40);
    assert_eq!(
        code(&s.act(&token, &b, "no-show").await).1,
        "invalid_transition"
    );
    assert_eq!(
        code(&s.act(&token, &b, "undo-check-in").await).1,
        "invalid_transition"
    );
    let roster = s.roster(&token, TODAY).await;
    assert_eq!(slot(&roster, &lunch(TODAY))["no_show"], 3);
    // The resident turns up late after all.
    let (status, entry) = s.act(&token, &b, "check-in").await;
    assert_eq!(
        (status, entry["status"].as_str()),
        (StatusCode::OK, Some("checked_in"))
    );
    assert_eq!(s.remaining(&lunch(TODAY)).await, 37);
}

#[tokio::test]
async fn staff_cancel_until_the_end_with_a_reason() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let b = booked(&s, &lunch(TODAY), PHONE, 2).await;
    let c = booked(&s, &lunch(TODAY), "13900001111", 1).await;
    let path = format!(
        "/api/v1/volunteer/bookings/{}/cancel",
        b["code"].as_str().expect("code")
    );
    let long = json!({"reason": "长".repeat(201)});
    let (status, body) = s.vpost(&path, &token, Some(&long)).await;
    assert_eq!(
        (status, error_of(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ("reason_too_long", Some("reason"))
        )
    );
    // A JSON body is needed, but the reason may be left out.
    let r = s.call(Method::POST, &path, Some(&token), None).await;
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // During the sitting: the resident phoned to say they can't come.
    s.clock.set(TODAY, "11:30");
    let (status, entry) = s.act(&token, &b, "cancel").await;
    assert_eq!(status, StatusCode::OK, "{entry}");
    assert_eq!(
        (entry["status"].as_str(), entry["cancel_reason"].as_str()),
        (Some("cancelled"), Some("住院了"))
    );
    assert_eq!(entry["staff_action"], "cancel");
    assert_eq!(s.remaining(&lunch(TODAY)).await, 39);
    assert_eq!(
        code(&s.act(&token, &b, "cancel").await).1,
        "invalid_transition"
    );
    assert_eq!(
        code(&s.act(&token, &b, "check-in").await).1,
        "invalid_transition"
    );
    // Cancelled bookings stay on the roster, without holding seats.
    let lunch_slot = slot(&s.roster(&token, TODAY).await, &lunch(TODAY)).clone();
    assert_eq!(lunch_slot["bookings"].as_array().map(Vec::len), Some(2));
    assert_eq!(lunch_slot["booked"], 1);

    s.clock.set(TODAY, "12:30");
    assert_eq!(
        code(&s.act(&token, &c, "cancel").await),
        (StatusCode::CONFLICT, "slot_ended")
    );
}

fn walk_in(slot_id: &str, phone: &str) -> Value {
    let mut body = meal_request(slot_id, phone, 1);
    body["channel"] = json!("staff");
    body
}

#[tokio::test]
async fn walk_ins_follow_the_booking_rules() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let path = "/api/v1/volunteer/bookings";
    let body = walk_in(&lunch("2026-11-28"), PHONE);
    let r = s.call(Method::POST, path, None, Some(&body)).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let (status, b) = s.vpost(path, &token, Some(&body)).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    assert_eq!(
        (b["channel"].as_str(), b["status"].as_str()),
        (Some("staff"), Some("confirmed"))
    );
    assert_eq!(b["phone"], "*******5678");
    let roster = s.roster(&token, "2026-11-28").await;
    assert_eq!(
        slot(&roster, &lunch("2026-11-28"))["bookings"][0]["channel"],
        "staff"
    );

    // The same phone can't hold two seats; a resident channel is refused.
    let dup = s.vpost(path, &token, Some(&body)).await;
    assert_eq!(code(&dup), (StatusCode::CONFLICT, "already_booked"));
    let kiosk = meal_request(&lunch("2026-11-28"), "13900002222", 1);
    let (status, err) = s.vpost(path, &token, Some(&kiosk)).await;
    assert_eq!(
        (status, error_of(&err)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ("channel_not_allowed", Some("channel"))
        )
    );
    // Residents can't use the staff channel either.
    assert_eq!(
        s.book(&walk_in(&lunch("2026-11-28"), "13900002222"))
            .await
            .0,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Only the signed-in centre's slots.
    let other = walk_in(
        &format!("{OTHER_CENTER}-lunch@2026-11-28T11:00"),
        "13900003333",
    );
    let (status, err) = s.vpost(path, &token, Some(&other)).await;
    assert_eq!(
        (status, error_of(&err).0),
        (StatusCode::NOT_FOUND, "slot_not_found")
    );
    // Ended slots are closed to walk-ins too (08:30–09:00, at 10:00;
    // walk-ins during a sitting: volunteer_walk_in_window.rs).
    let (status, err) = s
        .vpost(
            path,
            &token,
            Some(&walk_in("dongshan-zhushan-health@2026-11-27T08:30", PHONE)),
        )
        .await;
    assert_eq!(
        (status, error_of(&err).0),
        (StatusCode::CONFLICT, "slot_closed")
    );
}

#[tokio::test]
async fn walk_ins_respect_capacity_and_idempotency_keys() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let path = s.url("/api/v1/volunteer/bookings");
    // The mediation slot has one seat.
    let slot_id = "dongshan-zhushan-mediation@2026-11-30T09:00";
    let mut body = walk_in(slot_id, PHONE);
    body["details"] = json!({"kind": "mediation", "category": "neighbor"});
    let send = |body: Value, key: &'static str| {
        s.client
            .post(path.clone())
            .bearer_auth(&token)
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let first = send(body.clone(), "walk-1").await.expect("request");
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.expect("json");
    let replay = send(body.clone(), "walk-1").await.expect("request");
    assert_eq!(replay.status(), StatusCode::CREATED);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    let replay: Value = replay.json().await.expect("json");
    assert_eq!(replay["code"], first["code"]);

    body["phone"] = json!("13900004444");
    let full = send(body, "walk-2").await.expect("request");
    assert_eq!(full.status(), StatusCode::CONFLICT);
    let full: Value = full.json().await.expect("json");
    assert_eq!(error_of(&full).0, "slot_full");
    assert_eq!(s.remaining(slot_id).await, 0);
}
