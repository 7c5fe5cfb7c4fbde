//! Text messages over a fake SMS gateway on loopback: only for residents
//! who asked, signed, keyed, retried with back-off, given up when refused
//! or too late, reminders at their times, waiting-list news, a volunteer's
//! cancellation with its reason, the figures in /health, and a server
//! killed with messages in flight that sends each key once after restart.

use crate::common;

use common::gateway::{FakeGateway, Mode};
use common::volunteer::{CENTER, MONDAY};
use common::{TODAY, TestServer, cancel_path, error_of, lunch, meal_request};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PHONE: &str = "13912345678";

fn with_texts(phone: &str, lang: &str) -> Value {
    let mut body = meal_request(&lunch(MONDAY), phone, 1);
    body["consent"]["sms"] = json!(lang);
    body
}

async fn server(gateway: &FakeGateway) -> TestServer {
    let args = gateway.args();
    TestServer::start_tuned(|c| c.sms = args).await
}

async fn booked(s: &TestServer, body: &Value) -> Value {
    let (status, b) = s.book(body).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    b
}

fn key(booking: &Value, kind: &str) -> String {
    let code = booking["code"].as_str().expect("code").replace('-', "");
    format!("{code}.{kind}")
}

async fn texts_health(s: &TestServer) -> Value {
    let (status, health) = s.get("/api/v1/health").await;
    assert_eq!(status, StatusCode::OK, "{health}");
    health["texts"].clone()
}

#[tokio::test]
async fn a_booking_that_asked_for_texts_gets_a_signed_confirmation_with_its_key() {
    let gateway = FakeGateway::start().await;
    let s = server(&gateway).await;
    // Without the choice: no text. With it: one, in the language asked.
    booked(&s, &meal_request(&lunch(MONDAY), "13800000001", 1)).await;
    let b = booked(&s, &with_texts(PHONE, "zh")).await;
    let got = gateway.wait_for(1).await;
    let m = &got[0];
    assert!(m.signed, "signature: {m:?}");
    assert_eq!(m.key, key(&b, "confirmed"));
    assert_eq!(m.body["key"], m.key);
    assert_eq!(m.body["to"], PHONE);
    assert_eq!(m.body["kind"], "confirmed");
    assert_eq!(m.body["lang"], "zh");
    let text = m.body["text"].as_str().expect("text");
    assert!(text.contains(b["code"].as_str().expect("code")), "{text}");
    assert!(text.contains("11月30日11:00"), "{text}");
    assert!(text.contains("长者午餐"), "{text}");
    assert!(!text.contains("张阿姨") && !text.contains(PHONE), "{text}");
    assert!(text.encode_utf16().count() <= 70, "{text}");
    // The other booking never gets one, however long we wait.
    s.clock.set(TODAY, "10:05");
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(gateway.requests().len(), 1);
    let health = texts_health(&s).await;
    assert_eq!(
        (health["pending"].as_u64(), health["failed"].as_u64()),
        (Some(0), Some(0))
    );
    s.stop().await;
}

#[tokio::test]
async fn texts_need_a_mobile_number() {
    let gateway = FakeGateway::start().await;
    let s = server(&gateway).await;
    let (status, body) = s.book(&with_texts("025-52101234", "en")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(error_of(&body), ("sms_needs_mobile", Some("consent.sms")));
    s.stop().await;
}

#[tokio::test]
async fn a_failing_gateway_is_tried_again_later_and_shows_in_health() {
    let gateway = FakeGateway::start().await;
    gateway.set_mode(Mode::Fail(503));
    let s = server(&gateway).await;
    let b = booked(&s, &with_texts(PHONE, "en")).await;
    gateway.wait_for(1).await;
    let health = texts_health(&s).await;
    assert_eq!(health["pending"], 1, "{health}");
    assert_eq!(health["retrying"], 1, "{health}");
    assert_eq!(health["last_error"], "the gateway answered 503", "{health}");
    // Not again before the back-off's 30 seconds...
    gateway.set_mode(Mode::Accept);
    s.clock.set(TODAY, "10:00");
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(gateway.requests().len(), 1);
    // ...and then once, with the same key.
    s.clock.set(TODAY, "10:01");
    let got = gateway.wait_for(2).await;
    assert_eq!(got[1].key, key(&b, "confirmed"));
    assert_eq!(got[1].answered, Some(200));
    let text = got[1].body["text"].as_str().expect("text");
    assert!(
        text.starts_with("Linli: booked Seniors' lunch at "),
        "{text}"
    );
    wait_until(|| async { texts_health(&s).await["pending"] == 0 }).await;
    s.stop().await;
}

#[tokio::test]
async fn a_message_the_gateway_refuses_is_given_up_at_once() {
    let gateway = FakeGateway::start().await;
    gateway.set_mode(Mode::Fail(400));
    let s = server(&gateway).await;
    booked(&s, &with_texts(PHONE, "zh")).await;
    gateway.wait_for(1).await;
    wait_until(|| async { texts_health(&s).await["failed"] == 1 }).await;
    s.clock.set(TODAY, "12:00");
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(gateway.requests().len(), 1);
    let health = texts_health(&s).await;
    assert_eq!(health["pending"], 0, "{health}");
    assert_eq!(health["last_error"], "the gateway answered 400", "{health}");
    s.stop().await;
}

#[tokio::test]
async fn reminders_come_the_evening_before_and_two_hours_before_but_not_after_a_cancel() {
    let gateway = FakeGateway::start().await;
    let s = server(&gateway).await;
    let tomorrow = "2026-11-28";
    let mut kept = with_texts(PHONE, "zh");
    kept["slot_id"] = json!(lunch(tomorrow));
    let kept = booked(&s, &kept).await;
    let mut dropped = with_texts("13912340000", "zh");
    dropped["slot_id"] = json!(lunch(tomorrow));
    let dropped = booked(&s, &dropped).await;
    gateway.wait_for(2).await;
    let (status, body) = s
        .post(
            &cancel_path(&dropped),
            &json!({"phone": "13912340000"}),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    s.clock.set(TODAY, "17:59");
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    assert_eq!(gateway.requests().len(), 2);
    s.clock.set(TODAY, "18:00");
    let got = gateway.wait_for(3).await;
    assert_eq!(got[2].key, key(&kept, "reminder_evening"));
    let text = got[2].body["text"].as_str().expect("text");
    assert!(
        text.contains("提醒") && text.contains("11月28日11:00"),
        "{text}"
    );
    s.clock.set(tomorrow, "09:00");
    let got = gateway.wait_for(4).await;
    assert_eq!(got[3].key, key(&kept, "reminder_soon"));
    s.clock.set(tomorrow, "10:30");
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    assert_eq!(gateway.requests().len(), 4, "{:?}", gateway.requests());
    s.stop().await;
}

#[tokio::test]
async fn a_volunteers_cancellation_tells_the_resident_the_reason() {
    let gateway = FakeGateway::start().await;
    let s = server(&gateway).await;
    let b = booked(&s, &with_texts(PHONE, "zh")).await;
    gateway.wait_for(1).await;
    let token = s.volunteer(CENTER).await;
    let (status, body) = s.act(&token, &b, "cancel").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let got = gateway.wait_for(2).await;
    assert_eq!(got[1].key, key(&b, "cancelled_by_centre"));
    let text = got[1].body["text"].as_str().expect("text");
    assert!(text.contains("已由服务中心取消：住院了"), "{text}");
    s.stop().await;
}

#[tokio::test]
async fn a_waiting_resident_hears_of_the_hold_and_of_its_running_out() {
    let gateway = FakeGateway::start().await;
    let args = gateway.args();
    let s = TestServer::start_with_data_tuned(
        |dir| {
            let path = dir.join("centers/dongshan-zhushan.json");
            let mut file: Value =
                serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
            let lunch = file["offerings"]
                .as_array_mut()
                .expect("offerings")
                .iter_mut()
                .find(|o| o["id"] == common::LUNCH)
                .expect("lunch");
            lunch["schedule"][0]["capacity"] = json!(1);
            lunch["waitlist_hold_minutes"] = json!(30);
            std::fs::write(&path, serde_json::to_vec(&file).expect("json")).expect("write");
        },
        |c| c.sms = args,
    )
    .await;
    let seat = booked(&s, &meal_request(&lunch(MONDAY), "13800000009", 1)).await;
    let (status, entry) = s
        .post("/api/v1/waitlist", &with_texts(PHONE, "en"), None)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{entry}");
    let (status, body) = s
        .post(&cancel_path(&seat), &json!({"phone": "13800000009"}), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let got = gateway.wait_for(1).await;
    assert_eq!(got[0].key, key(&entry, "hold_offered"));
    let text = got[0].body["text"].as_str().expect("text");
    assert!(text.contains("Held until 10:30"), "{text}");
    // Ten minutes before the hold runs out, a warning.
    s.clock.set(TODAY, "10:20");
    let got = gateway.wait_for(2).await;
    assert_eq!(got[1].key, key(&entry, "hold_expiring"));
    s.stop().await;
}

async fn wait_until<F, Fut>(mut done: F)
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

#[tokio::test]
async fn a_server_killed_with_messages_in_flight_sends_each_key_once_after_restart() {
    let gateway = FakeGateway::start().await;
    // The gateway takes the messages and never answers: they are in
    // flight (claimed, maybe sent) when the server dies.
    gateway.set_mode(Mode::Stall);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = common::TestDb::fresh(dir.path()).await;
    let data = common::data_dir();
    let flags = gateway.flags();
    let mut args: Vec<&str> = flags.iter().map(String::as_str).collect();
    args.extend(["--fake-now", "2026-11-27T10:00"]);
    let mut first = common::binary::spawn(&db, &data, &args);
    let client = reqwest::Client::new();
    let mut codes = vec![];
    for i in 0..3 {
        let r = client
            .post(first.url("/api/v1/bookings"))
            .header("Idempotency-Key", common::fresh_key())
            .json(&with_texts(&format!("1391234000{i}"), "zh"))
            .send()
            .await
            .expect("book");
        assert_eq!(r.status(), StatusCode::CREATED);
        let b: Value = r.json().await.expect("json");
        codes.push(key(&b, "confirmed"));
    }
    gateway.wait_for(3).await;
    first.kill();
    // Back up later than the dead sender's claims last: the same keys again.
    gateway.set_mode(Mode::Accept);
    let mut args: Vec<&str> = flags.iter().map(String::as_str).collect();
    args.extend(["--fake-now", "2026-11-27T10:05"]);
    let second = common::binary::spawn(&db, &data, &args);
    let got = gateway.wait_for(6).await;
    let mut again: Vec<String> = got[3..].iter().map(|r| r.key.clone()).collect();
    again.sort();
    codes.sort();
    assert_eq!(again, codes);
    // Each key came twice, with the same key both times: a gateway that
    // drops a key it has seen sends each message once.
    let taken = gateway.taken();
    for code in &codes {
        assert_eq!(taken.get(code), Some(&2), "{taken:?}");
    }
    // Nothing is left, and nothing more comes.
    let health = || async {
        let h: Value = client
            .get(second.url("/api/v1/health"))
            .send()
            .await
            .expect("health")
            .json()
            .await
            .expect("json");
        h["texts"]["pending"] == 0
    };
    wait_until(health).await;
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(gateway.requests().len(), 6);
}
