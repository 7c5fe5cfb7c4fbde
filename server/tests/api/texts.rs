//! Text messages over a fake SMS gateway on loopback: only for residents
//! who asked, signed and keyed, tried again with back-off, given up when
//! refused, dropped when no longer true, and the figures in /health.

use crate::common;

use common::gateway::{
    FakeGateway, Mode, PHONE, booked, key, server, texts_health, wait_until, with_texts,
};
use common::volunteer::MONDAY;
use common::{TODAY, cancel_path, error_of, lunch, meal_request};
use reqwest::StatusCode;
use serde_json::json;

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
    // The failure is recorded once the gateway's answer is in.
    wait_until(|| async { texts_health(&s).await["retrying"] == 1 }).await;
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
async fn a_notice_no_longer_true_is_dropped_not_sent_late() {
    let gateway = FakeGateway::start().await;
    gateway.set_mode(Mode::Fail(503));
    let s = server(&gateway).await;
    let b = booked(&s, &with_texts(PHONE, "zh")).await;
    gateway.wait_for(1).await;
    wait_until(|| async { texts_health(&s).await["retrying"] == 1 }).await;
    // She cancels before the retry: "booked" would now be wrong.
    let (status, body) = s
        .post(&cancel_path(&b), &json!({"phone": PHONE}), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    gateway.set_mode(Mode::Accept);
    s.clock.set(TODAY, "10:05");
    wait_until(|| async { texts_health(&s).await["pending"] == 0 }).await;
    assert_eq!(gateway.requests().len(), 1);
    let health = texts_health(&s).await;
    assert_eq!(health["failed"], 0, "{health}");
    s.stop().await;
}

#[tokio::test]
async fn a_gateway_configured_but_not_chosen_is_refused_at_start() {
    let gateway = FakeGateway::start().await;
    let mut args = gateway.args();
    args.sms = linli_server::notify::SmsDelivery::Log;
    let refused = linli_server::notify::Texts::from_args(&args).err();
    assert_eq!(
        refused.as_deref(),
        Some("--sms-webhook-url and --sms-webhook-secret-file need --sms webhook")
    );
    let mut args = gateway.args();
    args.sms_webhook_url = Some("http://sms.example.gov.cn/send".into());
    assert!(linli_server::notify::Texts::from_args(&args).is_err());
}
