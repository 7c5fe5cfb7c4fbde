//! The privacy notice's 30 days: the sweep erases name, phone and personal
//! details of bookings whose service day is past it, and keeps the row for
//! the counts.

use crate::common;

use common::{TestServer, lunch, request};
use linli_server::store::Store;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn personal_data_goes_thirty_days_after_the_service() {
    let server = TestServer::start().await;
    let phone = "13812340001";
    let body = request(
        &lunch("2026-11-27"),
        phone,
        json!({"kind": "meal", "dining": "takeaway", "diet": ["low_salt"]}),
    );
    let (status, booking) = server.book(&body).await;
    assert_eq!(status, StatusCode::CREATED, "{booking}");

    // A second handle on the same database, as the hourly sweep uses.
    let store = Store::open(&server.db.location).await.expect("store");
    let day = |d: &str| d.parse().expect("date");
    assert_eq!(
        store.erase_expired(day("2026-12-27")).await.expect("sweep"),
        0
    );
    let (status, _) = server.lookup(&booking, phone).await;
    assert_eq!(status, StatusCode::OK, "kept for 30 days after the service");

    assert_eq!(
        store.erase_expired(day("2026-12-28")).await.expect("sweep"),
        1
    );
    assert_eq!(
        store.erase_expired(day("2026-12-29")).await.expect("sweep"),
        0
    );
    let (status, _) = server.lookup(&booking, phone).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the phone is gone");
    // The diet (health data) went with it; the dining choice stays for counts.
    assert_eq!(
        server.db.stored_details(&booking).await,
        json!({"kind": "meal", "dining": "takeaway", "diet": []})
    );
    let code = booking["code"].as_str().expect("code").replace('-', "");
    let row = server
        .db
        .rows(
            "SELECT name, phone, CAST(party_size AS TEXT) FROM bookings WHERE code = $1",
            &[&code],
        )
        .await;
    let (name, phone_left, party) = (row[0][0].clone(), row[0][1].clone(), row[0][2].clone());
    let party: i64 = party.expect("party").parse().expect("number");
    assert_eq!((name, phone_left, party), (None, None, 1));
    server.stop().await;
}
