//! `POST /volunteer/sync`: check-ins, undos and no-shows a device queued
//! while offline, each with a random id and the time of the tap.

use crate::common;

use common::volunteer::{CENTER, OTHER_CENTER, slot};
use common::{TODAY, TestServer, cancel_path, error_of, lunch, meal_request};
use linli_server::store::Store;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const SYNC: &str = "/api/v1/volunteer/sync";

async fn booked(s: &TestServer, slot_id: &str, phone: &str, party: u32) -> Value {
    let (status, b) = s.book(&meal_request(slot_id, phone, party)).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    b
}

/// A fresh action id, as the app makes one.
fn id() -> String {
    common::fresh_key()
}

fn action(id: &str, booking: &Value, action: &str, at: &str) -> Value {
    json!({"id": id, "code": booking["code"], "action": action, "at": at})
}

/// Sends the actions; the results, after checking the answer's shape.
async fn sync(s: &TestServer, token: &str, actions: &[Value]) -> Vec<Value> {
    let (status, answer) = s
        .vpost(SYNC, token, Some(&json!({ "actions": actions })))
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let results = answer["results"].as_array().expect("results").clone();
    assert_eq!(results.len(), actions.len(), "one result per action");
    for (r, a) in results.iter().zip(actions) {
        assert_eq!(r["id"], a["id"], "in order");
    }
    results
}

/// The outcome, the error's code and the booking's status now.
fn outcome(r: &Value) -> (&str, Option<&str>, Option<&str>) {
    (
        r["outcome"].as_str().expect("outcome"),
        r["error"]["code"].as_str(),
        r["entry"]["status"].as_str(),
    )
}

#[tokio::test]
async fn a_resend_changes_nothing_and_the_taps_time_is_kept() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let a = booked(&s, &lunch(TODAY), "13812345678", 2).await;
    let b = booked(&s, &lunch(TODAY), "13812345679", 1).await;
    s.clock.set(TODAY, "11:40");
    let actions = [
        action(&id(), &a, "check_in", &format!("{TODAY}T11:05")),
        action(&id(), &b, "no_show", &format!("{TODAY}T11:20")),
    ];
    let first = sync(&s, &token, &actions).await;
    assert_eq!(outcome(&first[0]), ("applied", None, Some("checked_in")));
    assert_eq!(outcome(&first[1]), ("applied", None, Some("no_show")));
    // The time of the tap, not of the sync.
    assert_eq!(
        first[0]["entry"]["updated_at"],
        format!("{TODAY}T11:05:00+08:00")
    );
    assert_eq!(
        first[1]["entry"]["updated_at"],
        format!("{TODAY}T11:20:00+08:00")
    );
    assert_eq!(first[0]["entry"]["staff_action"], "check_in");
    assert_eq!(first[0]["entry"]["name"], "张*", "masked as on the roster");

    // The answer was lost: the device sends the same again, later.
    s.clock.set(TODAY, "11:50");
    let again = sync(&s, &token, &actions).await;
    for (r, status) in again.iter().zip(["checked_in", "no_show"]) {
        assert_eq!(outcome(r), ("already_applied", None, Some(status)));
    }
    assert_eq!(
        again[0]["entry"]["updated_at"],
        format!("{TODAY}T11:05:00+08:00")
    );
    let lunch_slot = slot(&s.roster(&token, TODAY).await, &lunch(TODAY)).clone();
    let counts = ["booked", "checked_in", "no_show"].map(|k| lunch_slot[k].clone());
    assert_eq!(counts, [json!(2), json!(2), json!(1)]);
    assert_eq!(s.remaining(&lunch(TODAY)).await, 38);
    let stored = s.db.rows("SELECT id FROM staff_sync", &[]).await;
    assert_eq!(stored.len(), 2, "each id once");
    s.stop().await;
}

#[tokio::test]
async fn a_booking_cancelled_meanwhile_is_a_conflict() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let a = booked(&s, &lunch(TODAY), "13812345678", 1).await;
    // The device checks in at 10:30 while offline; the resident cancels
    // by phone at 10:45; the device syncs at 11:40.
    s.clock.set(TODAY, "10:45");
    let (status, cancelled) = s
        .post(&cancel_path(&a), &json!({"phone": "13812345678"}), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{cancelled}");
    s.clock.set(TODAY, "11:40");
    let queued = [action(&id(), &a, "check_in", &format!("{TODAY}T10:30"))];
    let r = sync(&s, &token, &queued).await;
    assert_eq!(
        outcome(&r[0]),
        ("conflict", Some("invalid_transition"), Some("cancelled"))
    );
    assert_eq!(r[0]["entry"]["code"], a["code"]);
    // Sent again, the same conflict; the booking stays cancelled.
    let r = sync(&s, &token, &queued).await;
    assert_eq!(
        outcome(&r[0]),
        ("conflict", Some("invalid_transition"), Some("cancelled"))
    );
    assert_eq!(s.remaining(&lunch(TODAY)).await, 40);
    s.stop().await;
}

#[tokio::test]
async fn another_centres_code_answers_like_an_unknown_one() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let theirs = booked(
        &s,
        &format!("{OTHER_CENTER}-lunch@{TODAY}T11:00"),
        "13812345678",
        1,
    )
    .await;
    s.clock.set(TODAY, "11:40");
    let unknown = json!({"code": "ZZZZ-ZZZZ"});
    let r = sync(
        &s,
        &token,
        &[
            action(&id(), &theirs, "check_in", &format!("{TODAY}T11:05")),
            action(&id(), &unknown, "check_in", &format!("{TODAY}T11:05")),
        ],
    )
    .await;
    for r in &r {
        assert_eq!(outcome(r), ("conflict", Some("booking_not_found"), None));
        assert!(r["entry"].is_null(), "{r}");
    }
    let other = s.volunteer(OTHER_CENTER).await;
    let roster = s.roster(&other, TODAY).await;
    let theirs_slot = slot(&roster, &format!("{OTHER_CENTER}-lunch@{TODAY}T11:00"));
    assert_eq!(theirs_slot["bookings"][0]["status"], "confirmed");
    s.stop().await;
}

#[tokio::test]
async fn queued_actions_apply_in_order_and_never_back_in_time() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let a = booked(&s, &lunch(TODAY), "13812345678", 1).await;
    let b = booked(&s, &lunch(TODAY), "13812345679", 1).await;
    // Another volunteer, online, marks b absent at 11:30; the offline
    // device had checked b in at 11:10.
    s.clock.set(TODAY, "11:30");
    let (status, _) = s.act(&token, &b, "no-show").await;
    assert_eq!(status, StatusCode::OK);
    s.clock.set(TODAY, "11:40");
    let r = sync(
        &s,
        &token,
        &[
            action(&id(), &a, "check_in", &format!("{TODAY}T11:01")),
            action(&id(), &a, "undo_check_in", &format!("{TODAY}T11:02")),
            action(&id(), &b, "check_in", &format!("{TODAY}T11:10")),
        ],
    )
    .await;
    assert_eq!(outcome(&r[0]), ("applied", None, Some("checked_in")));
    assert_eq!(outcome(&r[1]), ("applied", None, Some("confirmed")));
    // A late arrival after all; recorded at the later no-show mark.
    assert_eq!(outcome(&r[2]), ("applied", None, Some("checked_in")));
    assert_eq!(
        r[2]["entry"]["updated_at"],
        format!("{TODAY}T11:30:00+08:00")
    );
    s.stop().await;
}

#[tokio::test]
async fn device_times_far_off_are_refused_and_ids_kept_to_their_action() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let a = booked(&s, &lunch(TODAY), "13812345678", 1).await;
    s.clock.set(TODAY, "11:40");
    let reused = id();
    let r = sync(
        &s,
        &token,
        &[
            action(&id(), &a, "check_in", "2026-11-19T11:05"),
            action(&id(), &a, "check_in", "2026-11-28T11:41"),
            // A clock a little ahead: recorded at the server's time.
            action(&reused, &a, "check_in", &format!("{TODAY}T11:45")),
            action(&reused, &a, "no_show", &format!("{TODAY}T11:45")),
        ],
    )
    .await;
    for r in &r[..2] {
        assert_eq!(outcome(r), ("conflict", Some("device_time_invalid"), None));
        assert_eq!(r["error"]["field"], "at");
    }
    assert_eq!(outcome(&r[2]), ("applied", None, Some("checked_in")));
    assert_eq!(
        r[2]["entry"]["updated_at"],
        format!("{TODAY}T11:40:00+08:00")
    );
    assert_eq!(
        outcome(&r[3]),
        ("conflict", Some("idempotency_key_reused"), None)
    );
    s.stop().await;
}

#[tokio::test]
async fn volunteers_only_and_a_hundred_at_a_time() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let a = booked(&s, &lunch(TODAY), "13812345678", 1).await;
    let one = json!({"actions": [action(&id(), &a, "check_in", &format!("{TODAY}T10:00"))]});
    for bearer in [None, Some("0".repeat(64).as_str()), Some("not-a-token")] {
        let r = s.call(Method::POST, SYNC, bearer, Some(&one)).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let many = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|_| {
                action(
                    &id(),
                    &json!({"code": "ZZZZ-ZZZZ"}),
                    "no_show",
                    &format!("{TODAY}T09:00"),
                )
            })
            .collect()
    };
    assert_eq!(sync(&s, &token, &many(100)).await.len(), 100);
    let (status, err) = s
        .vpost(SYNC, &token, Some(&json!({"actions": many(101)})))
        .await;
    assert_eq!(
        (status, error_of(&err)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ("invalid_field", Some("actions"))
        )
    );
    assert_eq!(sync(&s, &token, &[]).await.len(), 0);
    // Each action's shape: the id, the action (cancel is not queued), the time.
    for (field, value) in [
        ("id", json!("ABC")),
        ("action", json!("cancel")),
        ("at", json!("2026-11-27 10:00")),
    ] {
        let mut body = one.clone();
        body["actions"][0][field] = value;
        let (status, err) = s.vpost(SYNC, &token, Some(&body)).await;
        let expected = format!("actions[0].{field}");
        assert_eq!(
            (status, error_of(&err)),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                ("invalid_field", Some(expected.as_str()))
            )
        );
    }
    // Nothing but the four fields.
    let mut body = one.clone();
    body["actions"][0]["note"] = json!("x");
    let (status, err) = s.vpost(SYNC, &token, Some(&body)).await;
    assert_eq!(
        (status, error_of(&err).0),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"),
        "{err}"
    );
    s.stop().await;
}

#[tokio::test]
async fn the_ids_go_with_the_retention_sweep() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let a = booked(&s, &lunch(TODAY), "13812345678", 1).await;
    s.clock.set(TODAY, "11:40");
    sync(
        &s,
        &token,
        &[action(&id(), &a, "check_in", &format!("{TODAY}T11:05"))],
    )
    .await;
    let store = Store::open(&s.db.location).await.expect("store");
    let day = |d: &str| d.parse().expect("date");
    let ids = || s.db.rows("SELECT id FROM staff_sync", &[]);
    store.erase_expired(day("2026-12-27")).await.expect("sweep");
    assert_eq!(ids().await.len(), 1, "kept as long as the booking's data");
    store.erase_expired(day("2026-12-28")).await.expect("sweep");
    assert_eq!(ids().await.len(), 0);
    s.stop().await;
}
