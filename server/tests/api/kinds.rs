//! Care, legal, mediation and classes through the API: each kind's
//! details, lookup and cancel, and the cancel rules.

use crate::common;

use common::volunteer::{CENTER, slot as roster_slot};
use common::{TODAY, TestServer, cancel_path, error_of, request};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const PHONE: &str = "13812345678";
const OTHER: &str = "13900000009";

/// Books, expecting a 201.
async fn booked(s: &TestServer, body: &Value) -> Value {
    let (status, b) = s.book(body).await;
    assert_eq!(status, StatusCode::CREATED, "{body} → {b}");
    b
}

/// Looks up, cancels (twice: the retry answers the same) and checks the
/// seat came back; a wrong phone finds nothing either way.
async fn look_up_and_cancel(s: &TestServer, b: &Value, phone: &str) {
    let slot = b["slot_id"].as_str().expect("slot");
    let before = s.remaining(slot).await;
    let (status, found) = s.lookup(b, phone).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (&found["code"], &found["status"]),
        (&b["code"], &json!("confirmed"))
    );
    let code = b["code"].as_str().expect("code");
    for (code, phone) in [(code, OTHER), ("ZZZZ-ZZZZ", phone)] {
        let (status, body) = s.lookup_code(code, phone).await;
        assert_eq!(
            (status, error_of(&body)),
            (StatusCode::NOT_FOUND, ("booking_not_found", None))
        );
    }
    let (status, body) = s
        .post(&cancel_path(b), &json!({"phone": OTHER}), None)
        .await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::NOT_FOUND, "booking_not_found")
    );
    for _ in 0..2 {
        let (status, body) = s
            .post(&cancel_path(b), &json!({"phone": phone}), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["status"], "cancelled");
        assert_eq!(
            s.remaining(slot).await,
            before + 1,
            "the seat is free again"
        );
    }
}

#[tokio::test]
async fn care_home_services_need_an_address() {
    let s = TestServer::start().await;
    // chunhua-jiexi-homebath: Tuesdays 09:00–11:00 in 60-minute visits, one each.
    let bath = "chunhua-jiexi-homebath@2026-12-01T09:00";
    let mut body = request(bath, PHONE, json!({"kind": "care"}));
    let (status, answer) = s.book(&body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(&answer),
        ("address_required", Some("details.address"))
    );
    body["details"]["address"] = json!("  ");
    assert_eq!(error_of(&s.book(&body).await.1).0, "address_required");
    body["details"]["address"] = json!(" 淳化街道青龙路8号 ");
    let b = booked(&s, &body).await;
    assert_eq!(
        b["details"],
        json!({"kind": "care", "address": "淳化街道青龙路8号"})
    );
    assert_eq!(s.remaining(bath).await, 0);
    look_up_and_cancel(&s, &b, PHONE).await;
}

#[tokio::test]
async fn care_in_the_centre_takes_a_note_with_consent() {
    let s = TestServer::start().await;
    // dongshan-zhushan-health: Mon/Wed/Fri 08:30–10:30, 30 minutes, 4 each.
    let check = "dongshan-zhushan-health@2026-11-30T08:30";
    let details = json!({"kind": "care", "address": "竹山路1号", "note": "血压偏高"});
    let mut body = request(check, PHONE, details);
    body["consent"]["sensitive"] = json!(false);
    let (status, answer) = s.book(&body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(&answer), ("consent_required", Some("consent")));
    body["consent"]["sensitive"] = json!(true);
    let b = booked(&s, &body).await;
    // No visit, so no address kept; the note is kept but not shown.
    assert_eq!(b["details"], json!({"kind": "care"}));
    assert_eq!(s.remaining(check).await, 3);
    look_up_and_cancel(&s, &b, PHONE).await;
}

#[tokio::test]
async fn legal_slots_are_half_hours_for_one() {
    let s = TestServer::start().await;
    // dongshan-zhushan-legal: Thursdays 14:00–17:00 in 30-minute slots.
    let (status, slots) = s
        .get("/api/v1/slots?center=dongshan-zhushan&kind=legal&from=2026-12-03&days=1")
        .await;
    assert_eq!(status, StatusCode::OK);
    let times: Vec<(&str, &str, u64)> = slots
        .as_array()
        .expect("slots")
        .iter()
        .map(|s| {
            let (start, end) = (s["start"].as_str(), s["end"].as_str());
            (
                start.expect("start"),
                end.expect("end"),
                s["capacity"].as_u64().expect("cap"),
            )
        })
        .collect();
    assert_eq!(
        times,
        [
            ("14:00", "14:30", 1),
            ("14:30", "15:00", 1),
            ("15:00", "15:30", 1),
            ("15:30", "16:00", 1),
            ("16:00", "16:30", 1),
            ("16:30", "17:00", 1),
        ]
    );
    let slot = "dongshan-zhushan-legal@2026-12-03T14:30";
    let mut body = request(slot, PHONE, json!({"kind": "legal", "topic": "labor"}));
    body["details"]["summary"] = json!("欠".repeat(501));
    let (status, answer) = s.book(&body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(&answer),
        ("text_too_long", Some("details.summary"))
    );
    body["details"]["summary"] = json!("欠".repeat(500));
    let b = booked(&s, &body).await;
    assert_eq!(b["details"]["topic"], "labor");
    assert_eq!(
        b["details"]["summary"].as_str().map(|t| t.chars().count()),
        Some(500)
    );
    // One person per slot: another phone finds it full; the next is free.
    let other = request(slot, OTHER, json!({"kind": "legal", "topic": "housing"}));
    let (status, answer) = s.book(&other).await;
    assert_eq!(
        (status, error_of(&answer)),
        (StatusCode::CONFLICT, ("slot_full", None))
    );
    let next = request(
        &slot.replace("14:30", "15:00"),
        OTHER,
        json!({"kind": "legal", "topic": "housing"}),
    );
    booked(&s, &next).await;
    look_up_and_cancel(&s, &b, PHONE).await;
    booked(&s, &other).await;
}

#[tokio::test]
async fn mediation_takes_a_category_and_a_description_with_consent() {
    let s = TestServer::start().await;
    // dongshan-zhushan-mediation: Mondays 09:00–11:00, 60 minutes, one each.
    let slot = "dongshan-zhushan-mediation@2026-11-30T09:00";
    let details = json!({
        "kind": "mediation", "category": "neighbor", "other_party": "楼上住户", "summary": "楼上漏水"
    });
    let mut body = request(slot, PHONE, details);
    body["consent"]["sensitive"] = json!(false);
    let (status, answer) = s.book(&body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(&answer), ("consent_required", Some("consent")));
    body["consent"]["sensitive"] = json!(true);
    let b = booked(&s, &body).await;
    assert_eq!(
        b["details"],
        json!({"kind": "mediation", "category": "neighbor", "other_party": "楼上住户"})
    );
    assert_eq!(s.remaining(slot).await, 0);
    look_up_and_cancel(&s, &b, PHONE).await;
    // Without a description no consent is needed: the service is still open.
    let mut plain = request(
        slot,
        OTHER,
        json!({"kind": "mediation", "category": "family"}),
    );
    plain["consent"]["sensitive"] = json!(false);
    booked(&s, &plain).await;
}

#[tokio::test]
async fn details_must_be_for_the_slot_kind() {
    let s = TestServer::start().await;
    let legal = "dongshan-zhushan-legal@2026-12-03T14:00";
    let body = request(legal, PHONE, json!({"kind": "meal", "dining": "dine_in"}));
    let (status, answer) = s.book(&body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(&answer),
        ("details_kind_mismatch", Some("details"))
    );
    assert_eq!(s.remaining(legal).await, 1);
}

#[tokio::test]
async fn a_started_slot_can_not_be_cancelled() {
    let s = TestServer::start().await;
    s.clock.set(TODAY, "08:00");
    let slot = format!("dongshan-zhushan-health@{TODAY}T09:00");
    let b = booked(&s, &request(&slot, PHONE, json!({"kind": "care"}))).await;
    s.clock.set(TODAY, "09:00");
    let (status, body) = s
        .post(&cancel_path(&b), &json!({"phone": PHONE}), None)
        .await;
    assert_eq!(
        (status, error_of(&body)),
        (StatusCode::CONFLICT, ("slot_closed", None))
    );
    let (status, found) = s.lookup(&b, PHONE).await;
    assert_eq!(
        (status, &found["status"]),
        (StatusCode::OK, &json!("confirmed"))
    );
}

#[tokio::test]
async fn a_class_for_elders_needs_the_age_confirmed_and_shows_on_the_roster() {
    let s = TestServer::start().await;
    // dongshan-zhushan-smartphone: Tue/Thu 09:30–11:00, 20 seats, one each,
    // for residents aged 60 and over.
    let slot = "dongshan-zhushan-smartphone@2026-12-01T09:30";
    let mut body = request(slot, PHONE, json!({"kind": "class"}));
    body["consent"]["sensitive"] = json!(false);
    for unconfirmed in [None, Some(json!(false))] {
        if let Some(value) = unconfirmed {
            body["details"]["age_confirmed"] = value;
        }
        let (status, answer) = s.book(&body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            error_of(&answer),
            ("age_confirmation_required", Some("details.age_confirmed"))
        );
    }
    body["details"]["age_confirmed"] = json!("yes");
    let (status, answer) = s.book(&body).await;
    assert_eq!(
        (status, error_of(&answer).1),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("details.age_confirmed")
        )
    );
    body["details"]["age_confirmed"] = json!(true);
    body["party_size"] = json!(2);
    let (status, answer) = s.book(&body).await;
    assert_eq!(
        (status, error_of(&answer)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            ("party_size_out_of_range", Some("party_size"))
        )
    );
    body["party_size"] = json!(1);
    let b = booked(&s, &body).await;
    assert_eq!(
        b["details"],
        json!({"kind": "class", "age_confirmed": true})
    );
    assert_eq!(s.remaining(slot).await, 19);

    // The volunteer's roster of classes: the slot with its counts, no
    // kitchen, and the confirmation to check at the door.
    let token = s.volunteer(CENTER).await;
    let (status, roster) = s
        .vget(
            "/api/v1/volunteer/roster?date=2026-12-01&kind=class",
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{roster}");
    assert!(
        roster["slots"]
            .as_array()
            .is_some_and(|slots| { slots.iter().all(|s| s["kind"] == "class") })
    );
    let on_roster = roster_slot(&roster, slot);
    assert_eq!(
        (
            &on_roster["capacity"],
            &on_roster["booked"],
            &on_roster["remaining"]
        ),
        (&json!(20), &json!(1), &json!(19))
    );
    assert!(on_roster.get("kitchen").is_none());
    assert_eq!(
        on_roster["bookings"][0]["details"],
        json!({"kind": "class", "age_confirmed": true})
    );
    // The CSV says so in its 类别 column.
    let csv = s
        .call(
            Method::GET,
            "/api/v1/volunteer/roster.csv?date=2026-12-01",
            Some(&token),
            None,
        )
        .await
        .text()
        .await
        .expect("csv");
    assert!(
        csv.lines()
            .any(|l| l.contains("智能手机课") && l.contains("\"已确认年龄\""))
    );
    look_up_and_cancel(&s, &b, PHONE).await;
}

#[tokio::test]
async fn a_class_open_to_all_keeps_no_age_and_seats_a_pair() {
    let s = TestServer::start().await;
    // The week's classes at the demo centre: the smartphone class (Tue,
    // Thu), the health talk (Wed) and calligraphy (Thu).
    let (status, slots) = s
        .get("/api/v1/slots?center=dongshan-zhushan&kind=class&from=2026-11-30&days=7")
        .await;
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = slots
        .as_array()
        .expect("slots")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "dongshan-zhushan-smartphone@2026-12-01T09:30",
            "dongshan-zhushan-lecture@2026-12-02T09:30",
            "dongshan-zhushan-smartphone@2026-12-03T09:30",
            "dongshan-zhushan-calligraphy@2026-12-03T14:30",
        ]
    );
    // dongshan-zhushan-lecture: 40 seats, parties of up to 2, no age.
    let slot = "dongshan-zhushan-lecture@2026-12-02T09:30";
    let mut body = request(slot, PHONE, json!({"kind": "class", "age_confirmed": true}));
    body["party_size"] = json!(3);
    let (status, answer) = s.book(&body).await;
    assert_eq!(
        (status, error_of(&answer).0),
        (StatusCode::UNPROCESSABLE_ENTITY, "party_size_out_of_range")
    );
    body["party_size"] = json!(2);
    let b = booked(&s, &body).await;
    // No age asked, none kept.
    assert_eq!(b["details"], json!({"kind": "class"}));
    assert_eq!(s.remaining(slot).await, 38);
    let (status, found) = s.lookup(&b, PHONE).await;
    assert_eq!(
        (status, &found["details"], &found["party_size"]),
        (StatusCode::OK, &json!({"kind": "class"}), &json!(2))
    );
}
