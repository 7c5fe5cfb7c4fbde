//! The roster's contents, masking, counts and kitchen summary.

use crate::common;

use common::volunteer::{CENTER, MONDAY, OTHER_CENTER, book_ok as book, monday, slot};
use common::{TODAY, TestServer, error_of, lunch, request};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn the_roster_lists_every_slot_with_masked_bookings() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    monday(&s).await;
    let roster = s.roster(&token, MONDAY).await;
    assert_eq!(
        (roster["center_id"].as_str(), roster["date"].as_str()),
        (Some(CENTER), Some(MONDAY))
    );
    assert_eq!(roster["kind"], Value::Null);
    let text = roster.to_string();
    for secret in [
        "13812345678",
        "52345678",
        "张阿姨",
        "Wang Li",
        "王某",
        "楼上漏水",
    ] {
        assert!(!text.contains(secret), "{secret} on the roster");
    }
    // Every slot of the day, booked or not, in time order.
    let starts: Vec<&str> = roster["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|s| s["start"].as_str().unwrap_or(""))
        .collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    assert!(starts.contains(&"17:00"), "the dinner is listed");

    let l = slot(&roster, &lunch(MONDAY));
    assert_eq!(
        l["offering_name"]["zh"].as_str().map(|n| !n.is_empty()),
        Some(true)
    );
    assert_eq!(
        (
            l["capacity"].clone(),
            l["booked"].clone(),
            l["remaining"].clone()
        ),
        (json!(40), json!(3), json!(37))
    );
    assert_eq!(
        l["kitchen"],
        json!({"portions": 3, "dine_in": 2, "takeaway": 1, "diet": {"low_salt": 2, "soft": 2}})
    );
    let first = &l["bookings"][0];
    assert_eq!(
        (first["name"].as_str(), first["phone"].as_str()),
        (Some("张*"), Some("*******5678"))
    );
    assert_eq!(first["party_size"], 2);
    assert_eq!(first["details"]["diet"], json!(["low_salt", "soft"]));
    let second = &l["bookings"][1];
    assert_eq!(
        (second["name"].as_str(), second["phone"].as_str()),
        (Some("W*"), Some("***-****5678"))
    );
    assert_eq!(second["details"]["price_band"], "age80");
    assert_eq!(second["code"].as_str().map(str::len), Some(9), "XXXX-XXXX");
    for field in [
        "status",
        "channel",
        "created_at",
        "updated_at",
        "staff_action",
        "cancel_reason",
    ] {
        assert!(second.get(field).is_some(), "{field}");
    }

    // The carer sees the note; the front desk sees only the dispute category.
    let care = slot(&roster, "dongshan-zhushan-health@2026-11-30T08:30");
    assert_eq!(
        care["bookings"][0]["details"],
        json!({"kind": "care", "note": "需要轮椅"})
    );
    assert!(care.get("kitchen").is_none());
    let m = slot(&roster, "dongshan-zhushan-mediation@2026-11-30T09:00");
    assert_eq!(
        m["bookings"][0]["details"],
        json!({"kind": "mediation", "category": "neighbor"})
    );
    assert_eq!(roster["totals"]["booked"], 5);
}

#[tokio::test]
async fn home_visits_show_the_address_and_legal_only_the_topic() {
    let s = TestServer::start().await;
    let token = s.volunteer(OTHER_CENTER).await;
    let visit = json!({"kind": "care", "address": "竹山路1号", "note": "耳背"});
    book(
        &s,
        request("chunhua-jiexi-visit@2026-12-02T14:00", "13812345678", visit),
    )
    .await;
    let roster = s.roster(&token, "2026-12-02").await;
    let v = slot(&roster, "chunhua-jiexi-visit@2026-12-02T14:00");
    assert_eq!(v["bookings"][0]["details"]["address"], "竹山路1号");

    let legal = json!({"kind": "legal", "topic": "labor", "summary": "工资拖欠"});
    book(
        &s,
        request("chunhua-jiexi-legal@2026-12-03T14:00", "13812345678", legal),
    )
    .await;
    let roster = s.roster(&token, "2026-12-03").await;
    let l = slot(&roster, "chunhua-jiexi-legal@2026-12-03T14:00");
    assert_eq!(
        l["bookings"][0]["details"],
        json!({"kind": "legal", "topic": "labor"})
    );
}

#[tokio::test]
async fn the_roster_defaults_to_today_and_filters_by_kind() {
    let s = TestServer::start().await;
    let token = s.volunteer(CENTER).await;
    let (status, today) = s.vget("/api/v1/volunteer/roster", &token).await;
    assert_eq!(
        (status, today["date"].as_str()),
        (StatusCode::OK, Some(TODAY))
    );
    monday(&s).await;
    let (_, meals) = s
        .vget(
            &format!("/api/v1/volunteer/roster?date={MONDAY}&kind=meal"),
            &token,
        )
        .await;
    assert_eq!(meals["kind"], "meal");
    assert!(
        meals["slots"]
            .as_array()
            .expect("slots")
            .iter()
            .all(|s| s["kind"] == "meal")
    );
    assert_eq!(meals["totals"]["booked"], 3);
    for (query, field) in [("date=2026-02-30", "date"), ("kind=picnic", "kind")] {
        let (status, body) = s
            .vget(&format!("/api/v1/volunteer/roster?{query}"), &token)
            .await;
        assert_eq!(
            (status, error_of(&body).1),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field))
        );
    }
}
