//! The privacy notice's 30 days: the sweep erases name, phone and personal
//! details of bookings whose service day is past it, and keeps the row for
//! the counts.

mod common;

use common::{TestServer, lookup_path, lunch, request, stored_details};
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
    let store = Store::open(&server.db).expect("store");
    let day = |d: &str| d.parse().expect("date");
    assert_eq!(
        store.erase_expired(day("2026-12-27")).await.expect("sweep"),
        0
    );
    let (status, _) = server.get(&lookup_path(&booking, phone)).await;
    assert_eq!(status, StatusCode::OK, "kept for 30 days after the service");

    assert_eq!(
        store.erase_expired(day("2026-12-28")).await.expect("sweep"),
        1
    );
    assert_eq!(
        store.erase_expired(day("2026-12-29")).await.expect("sweep"),
        0
    );
    let (status, _) = server.get(&lookup_path(&booking, phone)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the phone is gone");
    // The diet (health data) went with it; the dining choice stays for counts.
    assert_eq!(
        stored_details(&server.db, &booking),
        json!({"kind": "meal", "dining": "takeaway", "diet": []})
    );
    let conn = rusqlite::Connection::open(&server.db).expect("db");
    let (name, phone_left, party): (Option<String>, Option<String>, i64) = conn
        .query_row(
            "SELECT name, phone, party_size FROM bookings WHERE code = ?1",
            [booking["code"].as_str().expect("code").replace('-', "")],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("row kept");
    assert_eq!((name, phone_left, party), (None, None, 1));
    server.stop().await;
}
