//! Many residents booking the same slot at once: never more seats than capacity.

use crate::common;

use common::{TestServer, error_of, lunch, meal_request};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_hundred_bookings_for_forty_seats() {
    let s = TestServer::start().await;
    let slot = lunch("2026-12-01");
    let requests = (0..300)
        .map(|i| (meal_request(&slot, &format!("1390000{i:04}"), 1), None))
        .collect();
    let answers = s.post_concurrently(requests).await;
    let created = answers
        .iter()
        .filter(|(st, _)| *st == StatusCode::CREATED)
        .count();
    let full = answers
        .iter()
        .filter(|(st, b)| *st == StatusCode::CONFLICT && error_of(b).0 == "slot_full")
        .count();
    assert!(
        answers.iter().all(|(st, _)| !st.is_server_error()),
        "no 5xx"
    );
    assert_eq!(created, 40);
    assert_eq!(full, 260);
    assert_eq!(s.remaining(&slot).await, 0);
    let codes: std::collections::HashSet<_> = answers
        .iter()
        .filter_map(|(_, b)| b["code"].as_str())
        .collect();
    assert_eq!(codes.len(), 40, "every booking has its own code");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mixed_parties_never_overbook() {
    let s = TestServer::start().await;
    let slot = lunch("2026-12-02");
    let requests = (0..120)
        .map(|i| {
            let party = 1 + (i % 4);
            (meal_request(&slot, &format!("1370000{i:04}"), party), None)
        })
        .collect();
    let answers = s.post_concurrently(requests).await;
    assert!(
        answers.iter().all(|(st, _)| !st.is_server_error()),
        "no 5xx"
    );
    let seats: u64 = answers
        .iter()
        .filter(|(st, _)| *st == StatusCode::CREATED)
        .map(|(_, b)| b["party_size"].as_u64().expect("party"))
        .sum();
    assert!(seats <= 40, "{seats} seats taken of 40");
    assert!(
        seats >= 37,
        "a party of 1 to 4 fits until fewer than 4 are left"
    );
    assert_eq!(s.remaining(&slot).await, 40 - seats);

    // The seat count agrees with the bookings themselves.
    let row =
        s.db.rows(
            "SELECT CAST((SELECT booked FROM slot_seats WHERE slot_id = $1) AS TEXT),
                    CAST((SELECT SUM(party_size) FROM bookings
                          WHERE slot_id = $1 AND status = 'confirmed') AS TEXT)",
            &[&slot],
        )
        .await;
    let count = |i: usize| -> u64 {
        row[0][i]
            .as_deref()
            .expect("a count")
            .parse()
            .expect("number")
    };
    let (booked, active) = (count(0), count(1));
    assert_eq!((booked, active), (seats, seats));
}
