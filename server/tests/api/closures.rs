//! `closures.json`: closed slots are neither published nor bookable, and
//! the server publishes exactly the model's `available_slots` — the
//! function the app's static backend calls — so both backends show the
//! same schedule.

use crate::common;

use std::sync::Arc;

use common::volunteer::{CENTER, OTHER_CENTER};
use common::{TestServer, copy_data, data_dir, error_of, lunch, meal_request};
use linli_model::schedule::{Closures, available_slots, expand_center};
use linli_model::{Catalog, CenterFile, Date, MAX_SLOT_QUERY_DAYS};
use linli_server::clock::FixedClock;
use reqwest::StatusCode;
use serde_json::Value;

/// Five weeks over the sample closures (2027-01-01 everywhere,
/// 2027-01-12 at tangshan-tangquan).
const FROM: &str = "2026-12-14";
const DAYS: u32 = 35;

fn read<T: serde::de::DeserializeOwned>(path: &std::path::Path) -> T {
    serde_json::from_slice(&std::fs::read(path).expect("read")).expect("parses")
}

/// (id, date, start, end, capacity) of a slot, from the API or the model.
type Key = (String, String, String, String, u64);

fn key(v: &Value) -> Key {
    let s = |f: &str| v[f].as_str().expect(f).to_owned();
    let capacity = v["capacity"].as_u64().expect("capacity");
    (s("id"), s("date"), s("start"), s("end"), capacity)
}

#[tokio::test]
async fn every_centre_publishes_the_models_available_slots() {
    let s = TestServer::start().await;
    let catalog: Catalog = read(&data_dir().join("catalog.json"));
    let closures: Closures = read(&data_dir().join("closures.json"));
    let from: Date = FROM.parse().expect("date");
    let mut closed_somewhere = 0;
    for center in &catalog.centers {
        let file: CenterFile = read(&data_dir().join(format!("centers/{}.json", center.id)));
        let expected: Vec<Key> = available_slots(&file, &closures, None, from, DAYS)
            .iter()
            .map(|slot| key(&serde_json::to_value(slot).expect("json")))
            .collect();
        // /slots answers at most 31 days: two requests cover the five weeks.
        let mut served = Vec::new();
        let mut day = 0;
        while day < DAYS {
            let n = (DAYS - day).min(MAX_SLOT_QUERY_DAYS);
            let path = format!(
                "/api/v1/slots?center={}&from={}&days={n}",
                center.id,
                from.add_days(i64::from(day))
            );
            let (status, body) = s.get(&path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            for slot in body.as_array().expect("array") {
                assert_eq!(slot["remaining"], slot["capacity"], "nothing booked yet");
                served.push(key(slot));
            }
            day += n;
        }
        assert_eq!(served, expected, "{}", center.id);
        assert!(!expected.is_empty(), "{} has slots", center.id);
        let all = expand_center(&file, None, from, DAYS).len();
        assert!(
            all > expected.len(),
            "{}: New Year's Day is closed",
            center.id
        );
        closed_somewhere += all - expected.len();
        assert!(served.iter().all(|k| k.1 != "2027-01-01"));
        if center.id.as_str() == "tangshan-tangquan" {
            assert!(served.iter().all(|k| k.1 != "2027-01-12"));
        } else if center.id.as_str() == CENTER {
            assert!(served.iter().any(|k| k.1 == "2027-01-12"));
        }
    }
    assert!(closed_somewhere > 0);
    s.stop().await;
}

#[tokio::test]
async fn a_closed_slot_cant_be_booked_by_residents_or_staff() {
    let s = TestServer::start().await;
    s.clock.set("2026-12-30", "09:00");
    let (status, body) = s
        .book(&meal_request(&lunch("2027-01-01"), "13812345678", 1))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_of(&body), ("slot_closed", None));
    // Even with other mistakes in the form, the closure is the answer.
    let mut bad = meal_request(&lunch("2027-01-01"), "not a phone", 9);
    bad["name"] = "".into();
    let (status, body) = s.book(&bad).await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::CONFLICT, "slot_closed")
    );
    // The day before and after are open.
    for date in ["2026-12-31", "2027-01-02"] {
        let (status, body) = s.book(&meal_request(&lunch(date), "13812345678", 1)).await;
        assert_eq!(status, StatusCode::CREATED, "{date}: {body}");
    }

    let token = s.volunteer(CENTER).await;
    let mut walk_in = meal_request(&lunch("2027-01-01"), "13912345678", 1);
    walk_in["channel"] = "staff".into();
    let (status, body) = s
        .vpost("/api/v1/volunteer/bookings", &token, Some(&walk_in))
        .await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::CONFLICT, "slot_closed")
    );
    s.stop().await;
}

#[tokio::test]
async fn a_centre_closure_leaves_other_centres_open() {
    let s = TestServer::start().await;
    s.clock.set("2027-01-10", "09:00");
    let closed = "tangshan-tangquan";
    let (_, slots) = s
        .get(&format!(
            "/api/v1/slots?center={closed}&from=2027-01-12&days=1"
        ))
        .await;
    assert_eq!(slots.as_array().map(Vec::len), Some(0));
    let (_, slots) = s
        .get(&format!(
            "/api/v1/slots?center={OTHER_CENTER}&from=2027-01-12&days=1"
        ))
        .await;
    assert!(!slots.as_array().expect("array").is_empty());
    let file: CenterFile = read(&data_dir().join(format!("centers/{closed}.json")));
    let lunch = file
        .offerings
        .iter()
        .find(|o| o.kind == linli_model::ServiceKind::Meal);
    let slot = expand_center(&file, None, "2027-01-12".parse().expect("date"), 1)
        .into_iter()
        .find(|sl| Some(&sl.offering_id) == lunch.map(|o| &o.id))
        .expect("a lunch that day");
    let (status, body) = s
        .book(&meal_request(&slot.id.to_string(), "13812345678", 1))
        .await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::CONFLICT, "slot_closed")
    );
    s.stop().await;
}

/// Starts the server on a copy of the data with this closures.json.
async fn start_with_closures(json: &str) -> Result<(), String> {
    let data = copy_data();
    std::fs::write(data.path().join("closures.json"), json).expect("write");
    let dir = tempfile::tempdir().expect("temp dir");
    let config = linli_server::Config {
        listen: "127.0.0.1:0".parse().expect("addr"),
        db: common::TestDb::fresh(dir.path()).await.location,
        data: data.path().to_owned(),
        static_dir: dir.path().join("no-dist"),
        precompress: false,
        session_hours: 12,
        session_idle_minutes: 60,
        fake_now: None,
        throttle: linli_server::throttle::ThrottleArgs::default(),
        max_connections: 1024,
        header_timeout_secs: 10,
        staff: linli_server::config::StaffArgs::default(),
        sms: linli_server::notify::SmsArgs::default(),
    };
    let clock = Arc::new(FixedClock::at("2026-11-27", "10:00").expect("clock"));
    linli_server::start(&config, clock)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[tokio::test]
async fn a_bad_closures_file_stops_the_start_naming_it() {
    let reason = r#""reason": {"zh": "休息", "en": "Closed"}"#;
    for (json, says) in [
        ("{\"closures\": [", "closures.json"),
        (
            r#"{"closures": [{"date": "2027-02-30", "reason": {"zh": "x", "en": ""}}]}"#,
            "closures.json",
        ),
        (
            &format!(
                r#"{{"closures": [{{"date": "2027-02-01", "center_id": "nowhere", {reason}}}]}}"#
            ),
            "nowhere",
        ),
        (
            &format!(
                r#"{{"closures": [{{"date": "2027-02-01", "offering_id": "nothing-here", {reason}}}]}}"#
            ),
            "nothing-here",
        ),
    ] {
        let err = start_with_closures(json).await.expect_err(json);
        assert!(
            err.contains("closures.json") && err.contains(says),
            "{json}: {err}"
        );
    }
    // A valid file, and no file at all, both start.
    let ok =
        format!(r#"{{"closures": [{{"date": "2027-02-01", "center_id": "{CENTER}", {reason}}}]}}"#);
    assert_eq!(start_with_closures(&ok).await, Ok(()));
    assert!(
        TestServer::start_with_data(|_| {})
            .await
            .get("/api/v1/health")
            .await
            .0
            .is_success()
    );
}

#[tokio::test]
async fn the_closures_are_published_for_the_app_to_say_why() {
    let server = TestServer::start().await;
    let (status, body) = server.get("/api/v1/closures").await;
    assert_eq!(status, StatusCode::OK);
    let published: Closures = serde_json::from_value(body).expect("closures shape");
    let file: Closures = read(&data_dir().join("closures.json"));
    assert_eq!(published, file);
    assert!(!published.closures.is_empty());
    server.stop().await;

    // Without the file (a copy of the data has none): an empty list, not an error.
    let server = TestServer::start_with_data(|dir| {
        assert!(!dir.join("closures.json").exists());
    })
    .await;
    let (status, body) = server.get("/api/v1/closures").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, serde_json::json!({ "closures": [] }));
    server.stop().await;
}
