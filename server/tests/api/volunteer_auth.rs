//! Volunteer sign-in and every rule of the bearer token.

use crate::common;

use common::volunteer::{CENTER, DEMO_PIN, OTHER_CENTER};
use common::{TODAY, TestServer, error_of, lunch, meal_request};
use reqwest::{Method, StatusCode, header};
use serde_json::Value;

async fn error(r: reqwest::Response) -> (StatusCode, String) {
    let status = r.status();
    let body: Value = r.json().await.expect("json");
    (status, error_of(&body).0.to_owned())
}

#[tokio::test]
async fn the_pin_and_the_token_are_stored_only_hashed() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    assert_eq!(token.len(), 64);
    let hash =
        s.db.one(
            "SELECT pin_hash FROM center_pins WHERE center_id = $1",
            &[CENTER],
        )
        .await
        .expect("stored");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains(DEMO_PIN));
    let stored: Vec<String> =
        s.db.rows(
            "SELECT token_hash || center_id FROM volunteer_sessions",
            &[],
        )
        .await
        .into_iter()
        .filter_map(|mut row| row.remove(0))
        .collect();
    assert_eq!(stored.len(), 1);
    assert!(
        !stored[0].contains(&token),
        "the token itself is not stored"
    );
}

#[tokio::test]
async fn signing_in_answers_a_token_for_the_centre() {
    let s = TestServer::start().await;
    s.set_pin(CENTER, DEMO_PIN).await;
    let r = s.try_sign_in(CENTER, DEMO_PIN).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CACHE_CONTROL], "no-store");
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["center_id"], CENTER);
    // The clock stands at 10:00; sessions last 12 hours.
    assert_eq!(body["expires_at"], format!("{TODAY}T22:00:00+08:00"));
    let token = body["token"].as_str().expect("token");
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[tokio::test]
async fn wrong_pins_unknown_centres_and_centres_without_pin_look_alike() {
    let s = TestServer::start().await;
    s.set_pin(CENTER, DEMO_PIN).await;
    for (center, pin) in [
        (CENTER, "135792"),
        (OTHER_CENTER, DEMO_PIN),
        ("nowhere", DEMO_PIN),
    ] {
        let r = s.try_sign_in(center, pin).await;
        assert_eq!(
            error(r).await,
            (StatusCode::UNAUTHORIZED, "invalid_pin".into())
        );
    }
}

#[tokio::test]
async fn wrong_pins_are_rate_limited_with_retry_after() {
    let s = TestServer::start().await;
    s.set_pin(CENTER, DEMO_PIN).await;
    for _ in 0..5 {
        let r = s.try_sign_in(CENTER, "999111").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = s.try_sign_in(CENTER, "999111").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.headers()[header::RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(error(r).await.1, "rate_limited");
    // While blocked, even the right PIN is not tried.
    let r = s.try_sign_in(CENTER, DEMO_PIN).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // A minute later the right PIN works; successes are not counted.
    s.clock.set(TODAY, "10:01");
    for _ in 0..6 {
        assert_eq!(
            s.try_sign_in(CENTER, DEMO_PIN).await.status(),
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn the_roster_needs_a_valid_token() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let path = "/api/v1/volunteer/roster";
    let r = s.call(Method::GET, path, None, None).await;
    assert_eq!(r.headers()[header::WWW_AUTHENTICATE], "Bearer");
    assert_eq!(
        error(r).await,
        (StatusCode::UNAUTHORIZED, "unauthorized".into())
    );
    let unknown = "0".repeat(64);
    for bad in ["", "xyz", &token[..63], &token.to_uppercase(), &unknown] {
        let r = s.call(Method::GET, path, Some(bad), None).await;
        assert_eq!(error(r).await.1, "unauthorized", "{bad:?}");
    }
    let r = s
        .client
        .get(s.url(path))
        .header(header::AUTHORIZATION, format!("Basic {token}"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(s.vget(path, &token).await.0, StatusCode::OK);
}

#[tokio::test]
async fn sessions_expire() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let path = "/api/v1/volunteer/roster";
    s.clock.set(TODAY, "21:59");
    assert_eq!(s.vget(path, &token).await.0, StatusCode::OK);
    s.clock.set(TODAY, "22:00");
    let (status, body) = s.vget(path, &token).await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let r = s
        .call(
            Method::DELETE,
            "/api/v1/volunteer/session",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        s.vget("/api/v1/volunteer/roster", &token).await.0,
        StatusCode::UNAUTHORIZED
    );
    let r = s
        .call(
            Method::DELETE,
            "/api/v1/volunteer/session",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_new_pin_signs_everyone_out() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    s.set_pin(CENTER, "975310").await;
    assert_eq!(
        s.vget("/api/v1/volunteer/roster", &token).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.try_sign_in(CENTER, DEMO_PIN).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.try_sign_in(CENTER, "975310").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_token_reaches_only_its_own_centre() {
    let s = TestServer::start().await;
    let ours = s.volunteer(CENTER).await;
    let theirs = s.volunteer(OTHER_CENTER).await;
    let (status, booking) = s
        .book(&meal_request(&lunch("2026-11-28"), "13812345678", 1))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let code = booking["code"].as_str().expect("code");

    // The roster is the token's centre's: a query can't name another.
    let roster = s.roster(&theirs, "2026-11-28").await;
    assert_eq!(roster["center_id"], OTHER_CENTER);
    assert!(!roster.to_string().contains(code));
    let (_, with_center) = s
        .vget(
            &format!("/api/v1/volunteer/roster?date=2026-11-28&center={CENTER}"),
            &theirs,
        )
        .await;
    assert_eq!(with_center["center_id"], OTHER_CENTER);

    // Another centre's booking is not found, whatever is done to it.
    for action in ["check-in", "undo-check-in", "no-show", "cancel"] {
        let (status, body) = s.act(&theirs, &booking, action).await;
        assert_eq!(
            (status, error_of(&body).0),
            (StatusCode::NOT_FOUND, "booking_not_found")
        );
    }
    let phone = format!("/api/v1/volunteer/bookings/{code}/phone");
    let (status, body) = s.vget(&phone, &theirs).await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::NOT_FOUND, "booking_not_found")
    );
    let (status, body) = s.vget(&phone, &ours).await;
    assert_eq!(
        (status, body["phone"].as_str()),
        (StatusCode::OK, Some("13812345678"))
    );
    // Malformed codes look the same as unknown ones.
    let (status, _) = s.vget("/api/v1/volunteer/bookings/nope/phone", &ours).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
