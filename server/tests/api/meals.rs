//! Meal-specific rules through the API: price bands and the per-phone
//! daily limit.

use crate::common;

use common::{TestServer, cancel_path, error_of, lunch, meal_request};
use reqwest::StatusCode;
use serde_json::{Value, json};

const MONDAY: &str = "2026-11-30";
const PHONE: &str = "13812345678";

#[tokio::test]
async fn a_price_band_must_be_one_the_offering_lists() {
    let s = TestServer::start().await;
    let slot = lunch(MONDAY);
    let mut body = meal_request(&slot, PHONE, 2);
    for (band, code, field) in [
        (json!("vip"), "price_band_invalid", "details.price_band"),
        (json!(80), "invalid_field", "details.price_band"),
    ] {
        body["details"]["price_band"] = band;
        let (status, answer) = s.book(&body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(error_of(&answer), (code, Some(field)));
    }
    // (An offering without bands refusing any band is a model unit test:
    // every sample meal has bands.)
    body["details"]["price_band"] = json!("age80");
    let (status, b) = s.book(&body).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    assert_eq!(
        b["details"],
        json!({"kind": "meal", "dining": "dine_in", "diet": [], "price_band": "age80"})
    );
    assert_eq!(s.remaining(&slot).await, 38);
}

/// The sample lunch has one sitting a day; give dongshan-zhushan's lunch two
/// (11:00 and 11:45) so the daily limit of one lunch per phone shows.
fn two_sittings(data: &std::path::Path) {
    let path = data.join("centers/dongshan-zhushan.json");
    let mut file: Value =
        serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
    let lunch = file["offerings"]
        .as_array_mut()
        .expect("offerings")
        .iter_mut()
        .find(|o| o["id"] == common::LUNCH)
        .expect("lunch");
    assert_eq!(lunch["daily_limit_per_phone"], 1);
    lunch["schedule"][0]["slot_minutes"] = json!(45);
    std::fs::write(&path, serde_json::to_vec(&file).expect("json")).expect("write");
}

#[tokio::test]
async fn one_lunch_a_day_per_phone() {
    let s = TestServer::start_with_data(two_sittings).await;
    let first = lunch(MONDAY);
    let second = first.replace("11:00", "11:45");
    let (status, b) = s.book(&meal_request(&first, PHONE, 1)).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    // The same sitting again is a duplicate; the other sitting is the limit.
    let (status, answer) = s.book(&meal_request(&first, PHONE, 1)).await;
    assert_eq!(
        (status, error_of(&answer)),
        (StatusCode::CONFLICT, ("already_booked", None))
    );
    let (status, answer) = s.book(&meal_request(&second, "+86 138 1234 5678", 1)).await;
    assert_eq!(
        (status, error_of(&answer)),
        (StatusCode::CONFLICT, ("daily_limit_reached", None))
    );
    assert_eq!(s.remaining(&second).await, 40, "the refusal took no seat");
    // Other phones, and other days, are not limited.
    assert_eq!(
        s.book(&meal_request(&second, "13900000001", 1)).await.0,
        StatusCode::CREATED
    );
    let tuesday = lunch("2026-12-01").replace("11:00", "11:45");
    assert_eq!(
        s.book(&meal_request(&tuesday, PHONE, 1)).await.0,
        StatusCode::CREATED
    );
    // Cancelling the first lunch frees the day for the other sitting.
    let (status, _) = s
        .post(&cancel_path(&b), &json!({"phone": PHONE}), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        s.book(&meal_request(&second, PHONE, 1)).await.0,
        StatusCode::CREATED
    );
}
