//! Several server instances on one PostgreSQL database behave as one:
//! seats are never sold twice across instances, every answered booking
//! survives one instance being killed, and a database that goes away
//! answers 503 with Retry-After and recovers by itself. These need the
//! PostgreSQL store: without `LINLI_TEST_POSTGRES` they say so and pass
//! (`scripts/test.sh` runs them in its `postgres` stage).

use crate::common;

use std::path::Path;

use common::TestDb;
use common::binary::{Running, spawn};
use common::relay::{Relay, via};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tempfile::TempDir;

/// The sample data with dongshan-zhushan's lunch at `capacity` seats.
fn data_with_lunch_of(capacity: u32) -> TempDir {
    let data = common::copy_data();
    let file = data.path().join("centers/dongshan-zhushan.json");
    let mut centre: Value =
        serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("json");
    for offering in centre["offerings"].as_array_mut().expect("offerings") {
        if offering["id"] == common::LUNCH {
            for rule in offering["schedule"].as_array_mut().expect("schedule") {
                rule["capacity"] = json!(capacity);
            }
        }
    }
    std::fs::write(&file, serde_json::to_vec(&centre).expect("json")).expect("write");
    data
}

/// Two instances on one fresh PostgreSQL database, their clocks at the
/// tests' Friday morning; `None` without PostgreSQL.
async fn two_instances(dir: &Path, data: &Path) -> Option<(TestDb, [Running; 2])> {
    let db = TestDb::fresh(dir).await;
    if !db.is_postgres() {
        eprintln!("skipped: set {} to run this test", common::db::POSTGRES_VAR);
        return None;
    }
    let clock = ["--fake-now", "2026-11-27T10:00"];
    let a = spawn(&db, data, &clock);
    let b = spawn(&db, data, &clock);
    Some((db, [a, b]))
}

fn booking(slot: &str, i: usize) -> Value {
    common::meal_request(slot, &format!("139{i:08}"), 1)
}

#[tokio::test]
async fn a_thousand_bookings_on_two_instances_sell_each_seat_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = data_with_lunch_of(50);
    let Some((db, instances)) = two_instances(dir.path(), data.path()).await else {
        return;
    };
    let slot = common::lunch(common::TODAY);
    let client = reqwest::Client::new();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..1000 {
        let url = instances[i % 2].url("/api/v1/bookings");
        let (client, body) = (client.clone(), booking(&slot, i));
        tasks.spawn(async move {
            let r = client
                .post(url)
                .json(&body)
                .header("Idempotency-Key", common::fresh_key())
                .send()
                .await
                .expect("answer");
            let status = r.status();
            let body: Value = r.json().await.unwrap_or(Value::Null);
            (status, body["error"]["code"].as_str().map(str::to_owned))
        });
    }
    let answers = tasks.join_all().await;
    let created = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    let full = answers
        .iter()
        .filter(|(s, c)| *s == StatusCode::CONFLICT && c.as_deref() == Some("slot_full"))
        .count();
    let others: Vec<_> = answers
        .iter()
        .filter(|(s, _)| *s != StatusCode::CREATED && *s != StatusCode::CONFLICT)
        .collect();
    assert!(others.is_empty(), "no other answers: {others:?}");
    assert_eq!((created, full), (50, 950));
    let stored = db
        .one(
            "SELECT CAST(COUNT(*) AS TEXT) FROM bookings WHERE slot_id = $1",
            &[&slot],
        )
        .await;
    assert_eq!(stored.as_deref(), Some("50"), "50 rows");
    let booked = db
        .one(
            "SELECT CAST(booked AS TEXT) FROM slot_seats WHERE slot_id = $1",
            &[&slot],
        )
        .await;
    assert_eq!(booked.as_deref(), Some("50"), "the seat count agrees");
}

#[tokio::test]
async fn every_answered_booking_survives_one_instance_killed_mid_load() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = data_with_lunch_of(500);
    let Some((db, [mut a, b])) = two_instances(dir.path(), data.path()).await else {
        return;
    };
    let slot = common::lunch("2026-11-28");
    let client = reqwest::Client::new();
    let (answered_tx, mut answered_rx) = tokio::sync::mpsc::unbounded_channel();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..400 {
        let url = if i % 2 == 0 { a.url("") } else { b.url("") };
        let (client, body, answered) = (client.clone(), booking(&slot, i), answered_tx.clone());
        tasks.spawn(async move {
            let sent = client
                .post(format!("{url}/api/v1/bookings"))
                .json(&body)
                .header("Idempotency-Key", common::fresh_key())
                .send()
                .await;
            // A request to the killed instance may get no answer at all.
            let Ok(r) = sent else { return None };
            let status = r.status();
            let body: Value = r.json().await.ok()?;
            let _ = answered.send(());
            Some((status, body["code"].as_str().map(str::to_owned)))
        });
    }
    drop(answered_tx);
    // Kill one instance once a quarter of the bookings are answered.
    for _ in 0..100 {
        if answered_rx.recv().await.is_none() {
            break;
        }
    }
    a.kill();
    let answers = tasks.join_all().await;
    let codes: Vec<String> = answers
        .iter()
        .flatten()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .filter_map(|(_, code)| code.as_ref().map(|c| c.replace('-', "")))
        .collect();
    assert!(codes.len() >= 100, "{} bookings answered", codes.len());
    let failures: Vec<_> = answers
        .iter()
        .flatten()
        .filter(|(s, _)| s.is_server_error() && *s != StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
    for code in &codes {
        let found = db
            .one(
                "SELECT CAST(COUNT(*) AS TEXT) FROM bookings WHERE code = $1",
                &[code],
            )
            .await;
        assert_eq!(found.as_deref(), Some("1"), "{code} is stored");
    }
    // The survivor still answers, and the seat count matches the rows.
    let health = client
        .get(b.url("/api/v1/health"))
        .send()
        .await
        .expect("ok");
    assert_eq!(health.status(), StatusCode::OK);
    let counts = db
        .rows(
            "SELECT CAST((SELECT booked FROM slot_seats WHERE slot_id = $1) AS TEXT),
                    CAST((SELECT COUNT(*) FROM bookings WHERE slot_id = $1) AS TEXT)",
            &[&slot],
        )
        .await;
    assert_eq!(counts[0][0], counts[0][1], "seats = rows");
}

// Multi-threaded: the relay must run while `spawn` waits for the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_goes_away_answers_503_and_recovers_by_itself() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = TestDb::fresh(dir.path()).await;
    let linli_server::store::Location::Postgres(url) = &db.location else {
        eprintln!("skipped: set {} to run this test", common::db::POSTGRES_VAR);
        return;
    };
    let (_, upstream) = via(url, 0);
    let relay = Relay::to(upstream).await;
    let through_relay = TestDb {
        location: linli_server::store::Location::Postgres(via(url, relay.port).0),
    };
    let server = spawn(
        &through_relay,
        &common::data_dir(),
        &["--fake-now", "2026-11-27T10:00"],
    );
    let client = reqwest::Client::new();
    let slot = common::lunch("2026-11-28");
    let book = |i: usize| {
        client
            .post(server.url("/api/v1/bookings"))
            .json(&booking(&slot, i))
            .header("Idempotency-Key", common::fresh_key())
            .send()
    };
    assert_eq!(book(1).await.expect("answer").status(), StatusCode::CREATED);

    relay.cut().await;
    let refused = book(2).await.expect("answer");
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(refused.headers().contains_key("retry-after"));
    let body: Value = refused.json().await.expect("json");
    assert_eq!(body["error"]["code"], "unavailable");
    let health = client
        .get(server.url("/api/v1/health"))
        .send()
        .await
        .expect("answer");
    assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);
    let health: Value = health.json().await.expect("json");
    assert_eq!(
        (health["store"].as_str(), health["database"].as_str()),
        (Some("postgres"), Some("unreachable"))
    );

    relay.restore();
    // The pool replaces its broken connections on the next requests.
    let mut healthy = false;
    for _ in 0..50 {
        let r = client.get(server.url("/api/v1/health")).send().await;
        if r.is_ok_and(|r| r.status() == StatusCode::OK) {
            healthy = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(healthy, "healthy again within 10 s");
    assert_eq!(book(3).await.expect("answer").status(), StatusCode::CREATED);
    let stored = db
        .one(
            "SELECT CAST(COUNT(*) AS TEXT) FROM bookings WHERE slot_id = $1",
            &[&slot],
        )
        .await;
    assert_eq!(
        stored.as_deref(),
        Some("2"),
        "the answered bookings, no other"
    );
}

#[tokio::test]
async fn two_instances_share_the_outbox_and_send_each_text_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = TestDb::fresh(dir.path()).await;
    if !db.is_postgres() {
        eprintln!("skipped: set {} to run this test", common::db::POSTGRES_VAR);
        return;
    }
    let gateway = common::gateway::FakeGateway::start().await;
    let flags = gateway.flags();
    let mut args: Vec<&str> = flags.iter().map(String::as_str).collect();
    args.extend(["--fake-now", "2026-11-27T10:00"]);
    let data = common::data_dir();
    let instances = [spawn(&db, &data, &args), spawn(&db, &data, &args)];
    let client = reqwest::Client::new();
    let mut keys = vec![];
    for i in 0..30 {
        let to = &instances[i % 2];
        let body = common::gateway::with_texts(&format!("1390000{i:04}"), "zh");
        let r = client
            .post(to.url("/api/v1/bookings"))
            .header("Idempotency-Key", common::fresh_key())
            .json(&body)
            .send()
            .await
            .expect("book");
        assert_eq!(r.status(), StatusCode::CREATED);
        let b: Value = r.json().await.expect("json");
        keys.push(common::gateway::key(&b, "confirmed"));
    }
    let got = gateway.wait_for(30).await;
    // Both senders poll every second: give them a few more rounds.
    tokio::time::sleep(std::time::Duration::from_millis(3000)).await;
    assert_eq!(gateway.requests().len(), 30, "{got:?}");
    let taken = gateway.taken();
    keys.sort();
    let mut sent: Vec<String> = taken.keys().cloned().collect();
    sent.sort();
    assert_eq!(sent, keys);
    assert!(taken.values().all(|&n| n == 1), "{taken:?}");
}

/// A closure saved on one instance holds on the other at once: the other
/// has not polled yet, but its booking is checked against the catalog the
/// database holds now, and refused for the closed day.
#[tokio::test]
async fn a_closure_on_one_instance_holds_on_the_other_before_it_polls() {
    use linli_server::config::{AdminCommand, StoreArgs};
    let dir = tempfile::tempdir().expect("temp dir");
    let data = common::copy_data();
    let Some((db, instances)) = two_instances(dir.path(), data.path()).await else {
        return;
    };
    let password = "lotus pond 2026";
    linli_server::admin::run(
        AdminCommand::Create {
            user: "qu.admin".into(),
            role: "district_admin".into(),
            street: None,
            center: None,
            store: StoreArgs {
                db: db.location.clone(),
                data: data.path().to_owned(),
            },
        },
        password,
        0,
    )
    .await
    .expect("admin create");
    let client = reqwest::Client::new();
    let [a, b] = &instances;
    let signed_in: Value = client
        .post(a.url("/api/v1/manage/session"))
        .json(&json!({"user_name": "qu.admin", "password": password, "bearer": true}))
        .send()
        .await
        .expect("sign in")
        .json()
        .await
        .expect("json");
    let token = signed_in["token"].as_str().expect("token");
    let closure = json!({"version": 1, "closure": {"from": "2026-11-30",
        "center_id": "dongshan-zhushan", "reason": {"zh": "停电", "en": "Power cut"}}});
    let added = client
        .post(a.url("/api/v1/manage/closures"))
        .bearer_auth(token)
        .json(&closure)
        .send()
        .await
        .expect("closure");
    assert_eq!(added.status(), StatusCode::CREATED);
    let booked = client
        .post(b.url("/api/v1/bookings"))
        .header("Idempotency-Key", common::fresh_key())
        .json(&booking(&common::lunch("2026-11-30"), 1))
        .send()
        .await
        .expect("booking");
    assert_eq!(booked.status(), StatusCode::CONFLICT);
    let body: Value = booked.json().await.expect("json");
    assert_eq!(common::error_of(&body).0, "slot_closed");
}
