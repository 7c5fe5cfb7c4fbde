//! The attacks a security review reproduced against a running server, each
//! kept as a regression test of the fixed behaviour: trying the hidden
//! digits of a printed phone mask, booking years ahead, holding a sitting
//! with invented phones, racing wrong PINs, invisible characters, bookings
//! without an idempotency key, and a session left open on a kiosk.

use crate::common;

use common::volunteer::{CENTER, DEMO_PIN};
use common::{TestServer, error_of, fresh_key, lunch, meal_request, no_limits};
use linli_server::throttle::ThrottleArgs;
use reqwest::StatusCode;
use serde_json::{Value, json};

const PHONE: &str = "13812345678";

fn retry_after(r: &reqwest::Response) -> u64 {
    r.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds")
}

#[tokio::test]
async fn a_code_beside_a_phone_mask_cannot_be_matched_by_trying_the_hidden_digits() {
    let s = TestServer::start_with_throttle(ThrottleArgs {
        tries_per_code_hour: 10,
        ..no_limits()
    })
    .await;
    let (status, b) = s.book(&meal_request(&lunch("2026-11-28"), PHONE, 1)).await;
    assert_eq!(status, StatusCode::CREATED);
    // What a receipt or a printed roster shows beside the code.
    assert_eq!(b["phone"], "*******5678");
    let code = b["code"].as_str().expect("code");
    let mut answers = Vec::new();
    for guess in 0..30 {
        let phone = format!("1390000{guess:04}");
        let r = s
            .client
            .post(s.url("/api/v1/bookings/lookup"))
            .json(&json!({ "code": code, "phone": phone }))
            .send()
            .await
            .expect("answer");
        answers.push(r.status());
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!((1..=3600).contains(&retry_after(&r)));
            let body: Value = r.json().await.expect("json");
            assert_eq!(error_of(&body).0, "rate_limited");
        }
    }
    let missed = answers
        .iter()
        .filter(|s| **s == StatusCode::NOT_FOUND)
        .count();
    assert_eq!(missed, 10, "ten tries per code an hour: {answers:?}");
    assert!(
        answers[10..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS)
    );
    // Cancelling by code counts against the same allowance.
    let (status, _) = s
        .post(
            &format!("/api/v1/bookings/{code}/cancel"),
            &json!({"phone": PHONE}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // Another booking's code is untouched.
    let (_, other) = s
        .book(&meal_request(&lunch("2026-11-28"), "13811112222", 1))
        .await;
    assert_eq!(s.lookup(&other, "13811112222").await.0, StatusCode::OK);
}

#[tokio::test]
async fn one_address_cannot_sweep_many_codes() {
    let s = TestServer::start_with_throttle(ThrottleArgs {
        lookups_per_minute: 5,
        ..no_limits()
    })
    .await;
    let statuses: Vec<StatusCode> = {
        let mut v = Vec::new();
        for n in 0..8 {
            v.push(s.lookup_code(&format!("K7P2QX{n}M"), PHONE).await.0);
        }
        v
    };
    assert_eq!(&statuses[..5], &[StatusCode::NOT_FOUND; 5]);
    assert_eq!(&statuses[5..], &[StatusCode::TOO_MANY_REQUESTS; 3]);
}

#[tokio::test]
async fn nothing_is_booked_years_or_eight_days_ahead() {
    let s = TestServer::start().await;
    // The server's clock: Friday 2026-11-27, 10:00; the horizon is 7 days.
    for date in ["2099-11-27", "2026-12-04"] {
        let (status, body) = s.book(&meal_request(&lunch(date), PHONE, 1)).await;
        assert_eq!(
            (status, error_of(&body).0),
            (StatusCode::CONFLICT, "slot_too_far_ahead"),
            "{date}"
        );
    }
    let (status, _) = s.book(&meal_request(&lunch("2026-12-03"), PHONE, 1)).await;
    assert_eq!(status, StatusCode::CREATED, "the seventh day");
}

#[tokio::test]
async fn one_phone_address_cannot_hold_a_sitting_with_invented_numbers_but_a_kiosk_can_serve_a_queue()
 {
    let s = TestServer::start_with_throttle(ThrottleArgs {
        bookings_per_hour: 3,
        ..no_limits()
    })
    .await;
    let slot = lunch("2026-11-29");
    let mut statuses = Vec::new();
    for n in 0..5 {
        let r = s
            .client
            .post(s.url("/api/v1/bookings"))
            .json(&meal_request(&slot, &format!("1370000{n:04}"), 1))
            .header("Idempotency-Key", fresh_key())
            .send()
            .await
            .expect("answer");
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(retry_after(&r) >= 1);
        }
        statuses.push(r.status());
    }
    assert_eq!(&statuses[..3], &[StatusCode::CREATED; 3]);
    assert_eq!(&statuses[3..], &[StatusCode::TOO_MANY_REQUESTS; 2]);
    assert_eq!(s.remaining(&slot).await, 37);
    s.stop().await;

    let kiosk = TestServer::start_with_throttle(ThrottleArgs {
        bookings_per_hour: 3,
        kiosks: vec!["127.0.0.1/32".parse().expect("net")],
        kiosk_bookings_per_hour: 20,
        ..no_limits()
    })
    .await;
    for n in 0..20 {
        let (status, _) = kiosk
            .book(&meal_request(&slot, &format!("1370000{n:04}"), 1))
            .await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "resident {n} in the kiosk's queue"
        );
    }
    let (status, _) = kiosk.book(&meal_request(&slot, "13799999999", 1)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_booking_without_an_idempotency_key_is_refused_clearly() {
    let s = TestServer::start().await;
    let slot = lunch("2026-11-28");
    let (status, body) = s
        .post("/api/v1/bookings", &meal_request(&slot, PHONE, 1), None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error_of(&body),
        ("idempotency_key_required", Some("idempotency_key"))
    );
    assert_eq!(s.remaining(&slot).await, 40, "nothing was booked");
}

#[tokio::test]
async fn invisible_and_reordering_characters_are_refused() {
    let s = TestServer::start().await;
    let slot = lunch("2026-11-28");
    for name in ["张\u{202e}阿姨", "\u{200b}", "王\u{200b}伯", "\u{3000}"] {
        let mut body = meal_request(&slot, PHONE, 1);
        body["name"] = json!(name);
        let (status, answer) = s.book(&body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name:?}");
        let expected = if name.trim().is_empty() {
            "name_required"
        } else {
            "name_invalid"
        };
        assert_eq!(error_of(&answer), (expected, Some("name")), "{name:?}");
    }
}

/// Signs in from `client` (an address a trusted proxy names).
async fn sign_in_from(s: &TestServer, client: &str, pin: &str) -> StatusCode {
    s.client
        .post(s.url("/api/v1/volunteer/session"))
        .header("X-Forwarded-For", client)
        .json(&json!({"center_id": CENTER, "pin": pin}))
        .send()
        .await
        .expect("answer")
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_wrong_pins_get_five_tries_and_do_not_lock_the_centre_out() {
    let s = TestServer::start_with_throttle(ThrottleArgs {
        trusted_proxy: vec!["127.0.0.1/32".parse().expect("net")],
        ..no_limits()
    })
    .await;
    s.set_pin(CENTER, DEMO_PIN).await;
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..40 {
        let (client, url) = (s.client.clone(), s.url("/api/v1/volunteer/session"));
        tasks.spawn(async move {
            client
                .post(url)
                .header("X-Forwarded-For", "203.0.113.7")
                .json(&json!({"center_id": CENTER, "pin": format!("{:06}", 100_000 + n)}))
                .send()
                .await
                .expect("answer")
                .status()
        });
    }
    let statuses = tasks.join_all().await;
    let tried = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((tried, limited), (5, 35), "{statuses:?}");
    // The right PIN from that address waits too; from the centre's own
    // kiosk it still signs in.
    assert_eq!(
        sign_in_from(&s, "203.0.113.7", DEMO_PIN).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        sign_in_from(&s, "198.51.100.2", DEMO_PIN).await,
        StatusCode::OK
    );
    // A header from an address that is not a trusted proxy proves nothing.
    s.stop().await;
    let direct = TestServer::start().await;
    direct.set_pin(CENTER, DEMO_PIN).await;
    for n in 0..5 {
        let status = sign_in_from(&direct, &format!("192.0.2.{n}"), "000000").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        sign_in_from(&direct, "192.0.2.99", "000000").await,
        StatusCode::TOO_MANY_REQUESTS,
        "all five came from 127.0.0.1"
    );
}

#[tokio::test]
async fn many_addresses_lock_the_centre_only_after_many_failures() {
    let s = TestServer::start_with_throttle(ThrottleArgs {
        trusted_proxy: vec!["127.0.0.1/32".parse().expect("net")],
        ..no_limits()
    })
    .await;
    s.set_pin(CENTER, DEMO_PIN).await;
    for n in 0..30 {
        let status = sign_in_from(&s, &format!("198.51.100.{n}"), "000000").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "try {n}");
    }
    assert_eq!(
        sign_in_from(&s, "192.0.2.1", DEMO_PIN).await,
        StatusCode::TOO_MANY_REQUESTS,
        "thirty failures from thirty addresses in ten minutes lock the centre"
    );
    s.clock.set(common::TODAY, "10:11");
    assert_eq!(
        sign_in_from(&s, "192.0.2.1", DEMO_PIN).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_session_left_unused_ends_on_the_server_and_sign_out_revokes_it() {
    let s = TestServer::start_tuned(|c| c.session_idle_minutes = 60).await;
    let token = s.volunteer(CENTER).await;
    let roster = |token: String| {
        let s = &s;
        async move {
            s.client
                .get(s.url("/api/v1/volunteer/roster?date=2026-11-27"))
                .bearer_auth(token)
                .send()
                .await
                .expect("answer")
                .status()
        }
    };
    // In use every 50 minutes, it lasts.
    for time in ["10:50", "11:40", "12:30"] {
        s.clock.set(common::TODAY, time);
        assert_eq!(roster(token.clone()).await, StatusCode::OK, "{time}");
    }
    // Left for an hour, it has ended.
    s.clock.set(common::TODAY, "13:31");
    assert_eq!(roster(token.clone()).await, StatusCode::UNAUTHORIZED);

    // What the kiosk's reset sends: the token stops working at once.
    let token = s.volunteer(CENTER).await;
    let r = s
        .client
        .delete(s.url("/api/v1/volunteer/session"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(roster(token).await, StatusCode::UNAUTHORIZED);
}
