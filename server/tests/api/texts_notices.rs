//! Which notices go when: reminders at their times, waiting-list news,
//! a volunteer's cancellation, and a server killed with messages in
//! flight that sends each key again after restart.

use crate::common;

use common::gateway::{FakeGateway, Mode, PHONE, booked, key, server, wait_until, with_texts};
use common::volunteer::{CENTER, MONDAY};
use common::{TODAY, TestServer, cancel_path, lunch, meal_request};
use reqwest::StatusCode;
use serde_json::{Value, json};

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
async fn a_volunteers_cancellation_is_told_without_the_volunteers_words() {
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
    // The reason may be the resident's own business: the look-up shows it.
    assert!(text.contains("已由服务中心取消，原因请凭预约码"), "{text}");
    assert!(!text.contains("住院"), "{text}");
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
    assert!(text.contains("Confirm by 10:30"), "{text}");
    // Ten minutes before the hold runs out, a warning.
    s.clock.set(TODAY, "10:20");
    let got = gateway.wait_for(2).await;
    assert_eq!(got[1].key, key(&entry, "hold_expiring"));
    s.stop().await;
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
