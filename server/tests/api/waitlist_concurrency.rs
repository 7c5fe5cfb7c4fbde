//! Cancellations and joins racing on one full slot: positions stay strict
//! (1..n, no gaps, no duplicates) and no seat is given twice.

use crate::common;

use common::{TestServer, cancel_path, lunch, meal_request};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_cancellations_and_joins_on_one_slot() {
    let s = TestServer::start().await;
    let slot = lunch("2026-12-01");
    // The slot full (40 seats) and 20 already waiting.
    let phone = |i: u32| format!("1390000{i:04}");
    let mut booked = vec![];
    for i in 0..40 {
        let (status, b) = s.book(&meal_request(&slot, &phone(i), 1)).await;
        assert_eq!(status, StatusCode::CREATED, "{b}");
        booked.push(b);
    }
    for i in 100..120 {
        let (status, e) = s
            .post("/api/v1/waitlist", &meal_request(&slot, &phone(i), 1), None)
            .await;
        assert_eq!(status, StatusCode::CREATED, "{e}");
    }
    // 40 cancellations and 160 joins, all at once.
    let mut tasks = tokio::task::JoinSet::new();
    let calls = booked
        .iter()
        .enumerate()
        .map(|(i, b)| (cancel_path(b), json!({"phone": phone(i as u32)})))
        .chain((200..360).map(|i| {
            (
                "/api/v1/waitlist".to_owned(),
                meal_request(&slot, &phone(i), 1),
            )
        }));
    for (path, body) in calls {
        let (client, url) = (s.client.clone(), s.url(&path));
        tasks.spawn(async move {
            let r = client.post(url).json(&body).send().await.expect("request");
            let status = r.status();
            (path, status, r.json::<Value>().await.unwrap_or(Value::Null))
        });
    }
    let answers = tasks.join_all().await;
    assert_eq!(answers.len(), 200);
    for (path, status, body) in &answers {
        assert!(!status.is_server_error(), "{path}: {status} {body}");
        if path.ends_with("/cancel") {
            assert_eq!(*status, StatusCode::OK, "{body}");
        }
    }

    let text = |rows: Vec<Vec<Option<String>>>| -> Vec<Vec<String>> {
        rows.into_iter()
            .map(|r| r.into_iter().map(Option::unwrap_or_default).collect())
            .collect()
    };
    // Positions of those still waiting: exactly 1..n in join order.
    let waiting = text(
        s.db.rows(
            "SELECT code FROM waitlist WHERE slot_id = $1 AND status = 'waiting' ORDER BY seq",
            &[&slot],
        )
        .await,
    );
    for (i, row) in waiting.iter().enumerate() {
        let code = format!("{}-{}", &row[0][..4], &row[0][4..]);
        let phone_of = text(
            s.db.rows("SELECT phone FROM waitlist WHERE code = $1", &[&row[0]])
                .await,
        );
        let (status, e) = s
            .post(
                "/api/v1/waitlist/lookup",
                &json!({"code": code, "phone": phone_of[0][0]}),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{e}");
        assert_eq!(e["position"].as_u64(), Some(i as u64 + 1), "{e}");
    }
    // No seat given twice: the count never passes the capacity and equals
    // the active bookings; every promotion made exactly one booking.
    let counts = text(
        s.db.rows(
            "SELECT CAST((SELECT booked FROM slot_seats WHERE slot_id = $1) AS TEXT),
                    CAST((SELECT COUNT(*) FROM bookings
                          WHERE slot_id = $1 AND status = 'confirmed') AS TEXT),
                    CAST((SELECT COUNT(*) FROM waitlist
                          WHERE slot_id = $1 AND status = 'promoted') AS TEXT),
                    CAST((SELECT COUNT(*) FROM waitlist w JOIN bookings b ON b.code = w.code
                          WHERE w.slot_id = $1 AND w.status = 'promoted'
                            AND b.status = 'confirmed' AND b.phone = w.phone) AS TEXT),
                    CAST((SELECT COUNT(DISTINCT phone) FROM bookings
                          WHERE slot_id = $1 AND status = 'confirmed') AS TEXT)",
            &[&slot],
        )
        .await,
    );
    let n = |i: usize| -> u64 { counts[0][i].parse().expect("number") };
    let (seats, active, promoted, matched, phones) = (n(0), n(1), n(2), n(3), n(4));
    assert!(seats <= 40, "{seats} seats of 40");
    assert_eq!(seats, active, "the count is the bookings'");
    assert_eq!(
        promoted, matched,
        "each promotion is one booking of its phone"
    );
    assert_eq!(phones, active, "one booking per phone");
    // Every freed seat went to someone waiting (parties of one): the slot
    // ends full, unless nobody is left waiting.
    assert!(
        seats == 40 || waiting.is_empty(),
        "{seats} seats, {} waiting",
        waiting.len()
    );
    assert!(
        promoted >= 20,
        "the 20 who waited first were promoted first"
    );
    let joined = answers
        .iter()
        .filter(|(p, st, _)| p.ends_with("/waitlist") && *st == StatusCode::CREATED)
        .count() as u64;
    let open = waiting.len() as u64;
    assert_eq!(
        20 + joined,
        promoted + open,
        "every entry is promoted or waiting"
    );
    assert_eq!(s.remaining(&slot).await, 40 - seats);
}
