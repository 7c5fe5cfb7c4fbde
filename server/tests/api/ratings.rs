//! Ratings (服务评价): once per booking, only after check-in, until a week
//! after the service's day, found by code and phone like a look-up; the
//! comment goes at the retention cut-off, the face stays for the reports.

use crate::common;

use common::volunteer::CENTER;
use common::{TODAY, TestServer, error_of, lunch, meal_request};
use linli_server::store::Store;
use reqwest::StatusCode;
use serde_json::{Value, json};

const PHONE: &str = "13812345678";

async fn booked(s: &TestServer, phone: &str) -> Value {
    let (status, b) = s.book(&meal_request(&lunch(TODAY), phone, 1)).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    b
}

/// A booking of today's lunch, checked in at 10:40.
async fn attended(s: &TestServer, token: &str, phone: &str) -> Value {
    let b = booked(s, phone).await;
    s.clock.set(TODAY, "10:40");
    let (status, entry) = s.act(token, &b, "check-in").await;
    assert_eq!(status, StatusCode::OK, "{entry}");
    b
}

fn rating_path(b: &Value) -> String {
    format!(
        "/api/v1/bookings/{}/rating",
        b["code"].as_str().expect("code")
    )
}

async fn rate(s: &TestServer, b: &Value, body: Value) -> (StatusCode, Value) {
    s.post(&rating_path(b), &body, None).await
}

fn code(r: &(StatusCode, Value)) -> (StatusCode, &str) {
    (r.0, error_of(&r.1).0)
}

#[tokio::test]
async fn an_attended_booking_is_rated_once() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let b = attended(&s, &token, PHONE).await;
    s.clock.set(TODAY, "13:05");
    let (status, looked) = s.lookup(&b, PHONE).await;
    assert_eq!(status, StatusCode::OK, "{looked}");
    assert_eq!(looked["rating"], json!({"can_rate": true}));
    let body = json!({"phone": PHONE, "satisfaction": "fairly_satisfied",
        "comment": "  饭菜很好，\n就是有点咸  "});
    let (status, rating) = rate(&s, &b, body).await;
    assert_eq!(status, StatusCode::CREATED, "{rating}");
    assert_eq!(
        rating,
        json!({"code": b["code"], "satisfaction": "fairly_satisfied",
            "comment": "饭菜很好，\n就是有点咸",
            "rated_at": format!("{TODAY}T13:05:00+08:00")})
    );
    let again = rate(&s, &b, json!({"phone": PHONE, "satisfaction": "satisfied"})).await;
    assert_eq!(code(&again), (StatusCode::CONFLICT, "already_rated"));
    let (_, looked) = s.lookup(&b, PHONE).await;
    assert_eq!(
        looked["rating"],
        json!({"satisfaction": "fairly_satisfied", "can_rate": false})
    );
    // The first rating stands, with the slot it counts for.
    let compact = b["code"].as_str().expect("code").replace('-', "");
    let row =
        s.db.rows(
            "SELECT satisfaction, center_id, kind, slot_date FROM ratings
             WHERE booking_code = $1",
            &[&compact],
        )
        .await;
    let expected: Vec<Option<String>> = ["fairly_satisfied", CENTER, "meal", TODAY]
        .map(|v| Some(v.to_owned()))
        .into();
    assert_eq!(row, vec![expected]);
    s.stop().await;
}

#[tokio::test]
async fn only_a_checked_in_booking_can_be_rated() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let confirmed = booked(&s, "13812340001").await;
    let cancelled = booked(&s, "13812340002").await;
    let (status, body) = s
        .post(
            &common::cancel_path(&cancelled),
            &json!({"phone": "13812340002"}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let missed = booked(&s, "13812340003").await;
    s.clock.set(TODAY, "11:15");
    let (status, body) = s.act(&token, &missed, "no-show").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    s.clock.set(TODAY, "13:00");
    let (_, looked) = s.lookup(&confirmed, "13812340001").await;
    assert_eq!(looked["rating"], json!({"can_rate": false}));
    for (b, phone) in [
        (&confirmed, "13812340001"),
        (&cancelled, "13812340002"),
        (&missed, "13812340003"),
    ] {
        let r = rate(&s, b, json!({"phone": phone, "satisfaction": "satisfied"})).await;
        assert_eq!(
            code(&r),
            (StatusCode::CONFLICT, "rating_not_attended"),
            "{}",
            b["code"]
        );
    }
    s.stop().await;
}

#[tokio::test]
async fn ratings_close_a_week_after_the_services_day() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let late = attended(&s, &token, "13812340001").await;
    let last = attended(&s, &token, "13812340002").await;
    // The 7th day after is the last; the 8th is too late.
    s.clock.set("2026-12-04", "23:59");
    let r = rate(
        &s,
        &last,
        json!({"phone": "13812340002", "satisfaction": "dissatisfied"}),
    )
    .await;
    assert_eq!(r.0, StatusCode::CREATED, "{}", r.1);
    s.clock.set("2026-12-05", "00:00");
    let r = rate(
        &s,
        &late,
        json!({"phone": "13812340001", "satisfaction": "satisfied"}),
    )
    .await;
    assert_eq!(code(&r), (StatusCode::CONFLICT, "rating_closed"));
    s.stop().await;
}

#[tokio::test]
async fn a_wrong_phone_or_code_is_not_found_and_a_long_comment_refused() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let b = attended(&s, &token, PHONE).await;
    let r = rate(
        &s,
        &b,
        json!({"phone": "13812349999", "satisfaction": "satisfied"}),
    )
    .await;
    assert_eq!(code(&r), (StatusCode::NOT_FOUND, "booking_not_found"));
    let r = s
        .post(
            "/api/v1/bookings/AAAA-AAAA/rating",
            &json!({"phone": PHONE, "satisfaction": "satisfied"}),
            None,
        )
        .await;
    assert_eq!(code(&r), (StatusCode::NOT_FOUND, "booking_not_found"));
    let r = rate(
        &s,
        &b,
        json!({"phone": PHONE, "satisfaction": "satisfied", "comment": "好".repeat(101)}),
    )
    .await;
    assert_eq!(
        code(&r),
        (StatusCode::UNPROCESSABLE_ENTITY, "text_too_long")
    );
    assert_eq!(error_of(&r.1).1, Some("comment"));
    let r = rate(&s, &b, json!({"phone": PHONE, "satisfaction": "great"})).await;
    assert_eq!(
        code(&r),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
    );
    // None of them counted: the booking can still be rated.
    let r = rate(
        &s,
        &b,
        json!({"phone": PHONE, "satisfaction": "satisfied", "comment": "好".repeat(100)}),
    )
    .await;
    assert_eq!(r.0, StatusCode::CREATED, "{}", r.1);
    s.stop().await;
}

#[tokio::test]
async fn two_ratings_at_once_make_one() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let b = attended(&s, &token, PHONE).await;
    let mut tasks = tokio::task::JoinSet::new();
    for face in ["satisfied", "dissatisfied", "fairly_satisfied", "satisfied"] {
        let client = s.client.clone();
        let url = s.url(&rating_path(&b));
        tasks.spawn(async move {
            let r = client
                .post(url)
                .json(&json!({"phone": PHONE, "satisfaction": face}))
                .send()
                .await
                .expect("request");
            let status = r.status();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        });
    }
    let answers = tasks.join_all().await;
    let created = answers
        .iter()
        .filter(|a| a.0 == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "{answers:?}");
    for a in answers.iter().filter(|a| a.0 != StatusCode::CREATED) {
        assert_eq!(code(a), (StatusCode::CONFLICT, "already_rated"));
    }
    let compact = b["code"].as_str().expect("code").replace('-', "");
    let n =
        s.db.one(
            "SELECT CAST(COUNT(*) AS TEXT) FROM ratings WHERE booking_code = $1",
            &[&compact],
        )
        .await;
    assert_eq!(n.as_deref(), Some("1"));
    s.stop().await;
}

#[tokio::test]
async fn retention_erases_the_comment_and_keeps_the_face() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let b = attended(&s, &token, PHONE).await;
    let r = rate(
        &s,
        &b,
        json!({"phone": PHONE, "satisfaction": "dissatisfied", "comment": "等了很久"}),
    )
    .await;
    assert_eq!(r.0, StatusCode::CREATED, "{}", r.1);
    let compact = b["code"].as_str().expect("code").replace('-', "");
    let rating = || async {
        s.db.rows(
            "SELECT satisfaction, comment FROM ratings WHERE booking_code = $1",
            &[&compact],
        )
        .await
    };
    let store = Store::open(&s.db.location).await.expect("store");
    let day = |d: &str| d.parse().expect("date");
    store.erase_expired(day("2026-12-27")).await.expect("sweep");
    assert_eq!(
        rating().await,
        vec![vec![Some("dissatisfied".into()), Some("等了很久".into())]],
        "kept for 30 days after the service"
    );
    store.erase_expired(day("2026-12-28")).await.expect("sweep");
    assert_eq!(
        rating().await,
        vec![vec![Some("dissatisfied".into()), None]]
    );
    drop(store);
    s.stop().await;
}
