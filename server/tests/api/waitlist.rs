//! Waiting lists over HTTP: joining a full slot, positions, look-up and
//! leaving, promotion on cancellation (a booking at once, or a hold to
//! confirm), expiry, closing at the start, the roster and `/slots`.

use crate::common;

use common::volunteer::{CENTER, slot as roster_slot};
use common::{TestServer, cancel_path, error_of, lunch, meal_request};
use reqwest::StatusCode;
use serde_json::{Value, json};

const MONDAY: &str = "2026-11-30";

/// The sample data with Monday's lunch cut to `capacity` seats and, with
/// `hold`, promotions held that many minutes.
async fn server(capacity: u32, hold: Option<u16>) -> TestServer {
    TestServer::start_with_data(|dir| {
        let path = dir.join("centers/dongshan-zhushan.json");
        let mut file: Value =
            serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        let lunch = file["offerings"]
            .as_array_mut()
            .expect("offerings")
            .iter_mut()
            .find(|o| o["id"] == common::LUNCH)
            .expect("lunch");
        lunch["schedule"][0]["capacity"] = json!(capacity);
        if let Some(minutes) = hold {
            lunch["waitlist_hold_minutes"] = json!(minutes);
        }
        std::fs::write(&path, serde_json::to_vec(&file).expect("json")).expect("write");
    })
    .await
}

pub fn phone(i: u32) -> String {
    format!("1390000{i:04}")
}

impl TestServer {
    pub async fn join(&self, slot: &str, phone: &str) -> (StatusCode, Value) {
        self.post("/api/v1/waitlist", &meal_request(slot, phone, 1), None)
            .await
    }

    pub async fn entry(&self, code: &Value, phone: &str) -> (StatusCode, Value) {
        let body = json!({"code": code, "phone": phone});
        self.post("/api/v1/waitlist/lookup", &body, None).await
    }

    async fn fill(&self, slot: &str, seats: u32) -> Vec<Value> {
        let mut out = vec![];
        for i in 0..seats {
            let (status, b) = self.book(&meal_request(slot, &phone(9000 + i), 1)).await;
            assert_eq!(status, StatusCode::CREATED, "{b}");
            out.push(b);
        }
        out
    }

    async fn slot_json(&self, slot: &str) -> Value {
        let (status, slots) = self
            .get(&format!(
                "/api/v1/slots?center={CENTER}&kind=meal&from={MONDAY}&days=1"
            ))
            .await;
        assert_eq!(status, StatusCode::OK);
        slots
            .as_array()
            .expect("slots")
            .iter()
            .find(|s| s["id"] == slot)
            .expect("slot")
            .clone()
    }
}

fn ok(answer: (StatusCode, Value), want: StatusCode) -> Value {
    assert_eq!(answer.0, want, "{}", answer.1);
    answer.1
}

#[tokio::test]
async fn only_a_full_slot_is_waited_for_with_strict_positions() {
    let s = server(2, None).await;
    let slot = lunch(MONDAY);
    let (status, body) = s.join(&slot, &phone(1)).await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::CONFLICT, "slot_not_full")
    );
    let booked = s.fill(&slot, 2).await;
    assert!(s.slot_json(&slot).await["waiting"] == 0);
    let mut entries = vec![];
    for i in 1..=3 {
        let e = ok(s.join(&slot, &phone(i)).await, StatusCode::CREATED);
        assert_eq!(
            (e["status"].as_str(), e["position"].as_u64()),
            (Some("waiting"), Some(u64::from(i)))
        );
        assert_eq!(e["phone"], format!("*******{:04}", i));
        entries.push(e);
    }
    let again = s.join(&slot, &format!("+86 {}", phone(2))).await;
    assert_eq!(error_of(&again.1).0, "already_waiting", "{}", again.1);
    let booked_phone = s.join(&slot, &phone(9000)).await;
    assert_eq!(error_of(&booked_phone.1).0, "already_booked");
    let shown = s.slot_json(&slot).await;
    assert_eq!(
        (shown["remaining"].as_u64(), shown["waiting"].as_u64()),
        (Some(0), Some(3))
    );
    // Looked up by code and phone; a wrong phone is the same 404 as a
    // wrong code.
    let e = ok(
        s.entry(&entries[1]["code"], &phone(2)).await,
        StatusCode::OK,
    );
    assert_eq!(e["position"], 2);
    let miss = s.entry(&entries[1]["code"], &phone(3)).await;
    assert_eq!(
        (miss.0, error_of(&miss.1).0),
        (StatusCode::NOT_FOUND, "booking_not_found")
    );
    // Leaving moves the later ones up; leaving again answers the same.
    let leave = format!(
        "/api/v1/waitlist/{}/leave",
        entries[0]["code"].as_str().expect("code")
    );
    let left = ok(
        s.post(&leave, &json!({"phone": phone(1)}), None).await,
        StatusCode::OK,
    );
    assert_eq!(
        (left["status"].as_str(), left["position"].as_u64()),
        (Some("left"), None)
    );
    ok(
        s.post(&leave, &json!({"phone": phone(1)}), None).await,
        StatusCode::OK,
    );
    let e = ok(
        s.entry(&entries[2]["code"], &phone(3)).await,
        StatusCode::OK,
    );
    assert_eq!(e["position"], 2);

    // A cancellation gives the seat to the first waiting at once: a
    // confirmed booking with the entry's code; nobody else can take it.
    ok(
        s.post(
            &cancel_path(&booked[0]),
            &json!({"phone": phone(9000)}),
            None,
        )
        .await,
        StatusCode::OK,
    );
    let promoted = ok(
        s.entry(&entries[1]["code"], &phone(2)).await,
        StatusCode::OK,
    );
    assert_eq!(promoted["status"], "promoted");
    let b = ok(
        s.lookup_code(entries[1]["code"].as_str().expect("code"), &phone(2))
            .await,
        StatusCode::OK,
    );
    assert_eq!(
        (b["status"].as_str(), b["name"].as_str()),
        (Some("confirmed"), Some("张阿姨"))
    );
    assert_eq!(s.remaining(&slot).await, 0);
    let e = ok(
        s.entry(&entries[2]["code"], &phone(3)).await,
        StatusCode::OK,
    );
    assert_eq!(e["position"], 1);
    let late = s.book(&meal_request(&slot, &phone(50), 1)).await;
    assert_eq!(error_of(&late.1).0, "slot_full");
}

#[tokio::test]
async fn the_list_takes_twice_the_capacity() {
    let s = server(1, None).await;
    let slot = lunch(MONDAY);
    s.fill(&slot, 1).await;
    ok(s.join(&slot, &phone(1)).await, StatusCode::CREATED);
    ok(s.join(&slot, &phone(2)).await, StatusCode::CREATED);
    let third = s.join(&slot, &phone(3)).await;
    assert_eq!(
        (third.0, error_of(&third.1).0),
        (StatusCode::CONFLICT, "waitlist_full")
    );
}

#[tokio::test]
async fn a_hold_keeps_the_seat_from_walk_ins_until_confirmed_or_run_out() {
    let s = server(2, Some(30)).await;
    let slot = lunch(MONDAY);
    let booked = s.fill(&slot, 2).await;
    let first = ok(s.join(&slot, &phone(1)).await, StatusCode::CREATED);
    let second = ok(s.join(&slot, &phone(2)).await, StatusCode::CREATED);
    ok(
        s.post(
            &cancel_path(&booked[0]),
            &json!({"phone": phone(9000)}),
            None,
        )
        .await,
        StatusCode::OK,
    );
    let held = ok(s.entry(&first["code"], &phone(1)).await, StatusCode::OK);
    assert_eq!(held["status"], "held");
    // 10:00 on Friday plus 30 minutes.
    assert_eq!(held["hold_until"], "2026-11-27T10:30:00+08:00");
    assert_eq!(s.remaining(&slot).await, 0);
    // The held seat is nobody else's: not a walk-in's either.
    let token = s.volunteer(CENTER).await;
    let mut walk_in = meal_request(&slot, &phone(60), 1);
    walk_in["channel"] = json!("staff");
    let (status, body) = s
        .vpost("/api/v1/volunteer/bookings", &token, Some(&walk_in))
        .await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::CONFLICT, "slot_full")
    );
    // The roster lists the list, held first, masked; the held seat is not free.
    let roster = s.roster(&token, MONDAY).await;
    let on_roster = roster_slot(&roster, &slot);
    assert_eq!(on_roster["waiting"][0]["status"], "held");
    assert_eq!(on_roster["waiting"][0]["name"], "张*");
    assert_eq!(on_roster["waiting"][0]["phone"], "*******0001");
    assert_eq!((on_roster["waiting"][1]["position"].as_u64()), Some(1));
    assert_eq!(on_roster["remaining"], 0);

    let confirm = |e: &Value| {
        format!(
            "/api/v1/waitlist/{}/confirm",
            e["code"].as_str().expect("code")
        )
    };
    let waiting = s
        .post(&confirm(&second), &json!({"phone": phone(2)}), None)
        .await;
    assert_eq!(
        (waiting.0, error_of(&waiting.1).0),
        (StatusCode::CONFLICT, "not_held")
    );
    let b = ok(
        s.post(&confirm(&first), &json!({"phone": phone(1)}), None)
            .await,
        StatusCode::OK,
    );
    assert_eq!(
        (b["status"].as_str(), &b["code"]),
        (Some("confirmed"), &first["code"])
    );
    let again = ok(
        s.post(&confirm(&first), &json!({"phone": phone(1)}), None)
            .await,
        StatusCode::OK,
    );
    assert_eq!(again["code"], b["code"]);
    assert_eq!(s.remaining(&slot).await, 0);

    // The next hold runs out unconfirmed: its seat goes on (here to nobody,
    // so it is free again).
    ok(
        s.post(
            &cancel_path(&booked[1]),
            &json!({"phone": phone(9001)}),
            None,
        )
        .await,
        StatusCode::OK,
    );
    let held = ok(s.entry(&second["code"], &phone(2)).await, StatusCode::OK);
    assert_eq!(held["status"], "held");
    s.clock.set(common::TODAY, "10:31");
    let late = s
        .post(&confirm(&second), &json!({"phone": phone(2)}), None)
        .await;
    assert_eq!(
        (late.0, error_of(&late.1).0),
        (StatusCode::CONFLICT, "hold_expired")
    );
    let expired = ok(s.entry(&second["code"], &phone(2)).await, StatusCode::OK);
    assert_eq!(expired["status"], "expired");
    assert_eq!(s.remaining(&slot).await, 1);
}

#[tokio::test]
async fn an_expired_hold_passes_to_the_next_entry() {
    let s = server(1, Some(30)).await;
    let slot = lunch(MONDAY);
    let booked = s.fill(&slot, 1).await;
    let first = ok(s.join(&slot, &phone(1)).await, StatusCode::CREATED);
    let second = ok(s.join(&slot, &phone(2)).await, StatusCode::CREATED);
    ok(
        s.post(
            &cancel_path(&booked[0]),
            &json!({"phone": phone(9000)}),
            None,
        )
        .await,
        StatusCode::OK,
    );
    s.clock.set(common::TODAY, "11:00");
    // The look-up settles the run-out hold at once.
    let e = ok(s.entry(&first["code"], &phone(1)).await, StatusCode::OK);
    assert_eq!(e["status"], "expired");
    let next = ok(s.entry(&second["code"], &phone(2)).await, StatusCode::OK);
    assert_eq!(next["status"], "held");
    assert_eq!(next["hold_until"], "2026-11-27T11:30:00+08:00");
    assert_eq!(s.remaining(&slot).await, 0);
}

#[tokio::test]
async fn entries_close_when_the_slot_starts_and_leave_with_retention() {
    let s = server(1, None).await;
    let slot = lunch(common::TODAY);
    let booked = s.fill(&slot, 1).await;
    let e = ok(s.join(&slot, &phone(1)).await, StatusCode::CREATED);
    s.clock.set(common::TODAY, "11:00");
    let closed = ok(s.entry(&e["code"], &phone(1)).await, StatusCode::OK);
    assert_eq!(closed["status"], "closed");
    let (status, body) = s.join(&slot, &phone(2)).await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::CONFLICT, "slot_closed")
    );
    assert_eq!(booked.len(), 1);
    // 30 days after the service its name and phone go, as a booking's do.
    let store = linli_server::store::Store::open(&s.db.location)
        .await
        .expect("store");
    store
        .erase_expired("2026-12-28".parse().expect("date"))
        .await
        .expect("sweep");
    let gone = s.entry(&e["code"], &phone(1)).await;
    assert_eq!(gone.0, StatusCode::NOT_FOUND);
    let code = e["code"].as_str().expect("code").replace('-', "");
    let row =
        s.db.rows("SELECT name, phone FROM waitlist WHERE code = $1", &[&code])
            .await;
    assert_eq!((row[0][0].clone(), row[0][1].clone()), (None, None));
    s.stop().await;
}

#[tokio::test]
async fn a_join_retried_with_its_key_answers_the_same_entry() {
    let s = server(1, None).await;
    let slot = lunch(MONDAY);
    s.fill(&slot, 1).await;
    let body = meal_request(&slot, &phone(1), 1);
    let first = ok(
        s.post("/api/v1/waitlist", &body, Some("join-key-1")).await,
        StatusCode::CREATED,
    );
    // The answer was lost; the kiosk sends the same again.
    let again = ok(
        s.post("/api/v1/waitlist", &body, Some("join-key-1")).await,
        StatusCode::CREATED,
    );
    assert_eq!(again["code"], first["code"]);
    assert_eq!(again["position"], 1);
    // The same key for another body is refused; no key: already waiting.
    let other = meal_request(&slot, &phone(2), 1);
    let (status, refused) = s.post("/api/v1/waitlist", &other, Some("join-key-1")).await;
    assert_eq!(
        (status, error_of(&refused).0),
        (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused")
    );
    let (status, twice) = s.post("/api/v1/waitlist", &body, None).await;
    assert_eq!(
        (status, error_of(&twice).0),
        (StatusCode::CONFLICT, "already_waiting")
    );
}
