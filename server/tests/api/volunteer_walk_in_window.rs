//! Walk-ins during the sitting: residents book until a slot starts, staff
//! until it ends (someone at the desk at 11:40 still gets a free seat).

use crate::common;

use common::volunteer::{CENTER, slot};
use common::{TODAY, TestServer, error_of, lunch, meal_request};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PATH: &str = "/api/v1/volunteer/bookings";

fn walk_in(phone: &str) -> Value {
    let mut body = meal_request(&lunch(TODAY), phone, 1);
    body["channel"] = json!("staff");
    body
}

#[tokio::test]
async fn staff_book_walk_ins_until_the_slot_ends() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    // Lunch is 11:00–12:30; the sitting is under way.
    s.clock.set(TODAY, "11:40");
    let (status, err) = s.book(&meal_request(&lunch(TODAY), "13900005555", 1)).await;
    assert_eq!(
        (status, error_of(&err).0),
        (StatusCode::CONFLICT, "slot_closed"),
        "residents: only until the start"
    );
    let (status, b) = s.vpost(PATH, &token, Some(&walk_in("13900006666"))).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    assert_eq!(
        (b["channel"].as_str(), b["status"].as_str()),
        (Some("staff"), Some("confirmed"))
    );
    let lunch_slot = slot(&s.roster(&token, TODAY).await, &lunch(TODAY)).clone();
    assert_eq!(
        (
            lunch_slot["booked"].clone(),
            lunch_slot["remaining"].clone()
        ),
        (json!(1), json!(39))
    );
    // The walk-in can be checked in at once.
    let (status, entry) = s.act(&token, &b, "check-in").await;
    assert_eq!(
        (status, entry["status"].as_str()),
        (StatusCode::OK, Some("checked_in"))
    );

    // A minute before the end still works; at the end it is over.
    s.clock.set(TODAY, "12:29");
    let (status, _) = s.vpost(PATH, &token, Some(&walk_in("13900007777"))).await;
    assert_eq!(status, StatusCode::CREATED);
    s.clock.set(TODAY, "12:30");
    let (status, err) = s.vpost(PATH, &token, Some(&walk_in("13900008888"))).await;
    assert_eq!(
        (status, error_of(&err).0),
        (StatusCode::CONFLICT, "slot_closed")
    );
}
