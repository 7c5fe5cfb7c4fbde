//! The catalog edited in the console: role and scope, versions (409 with
//! the current record), capacities below the booked seats refused with the
//! count, closures cancelling bookings with their reason, the audit trail,
//! and the database as the source of truth (a restart, export-catalog).

use crate::common;

use common::manage::{ADMIN, MANAGER, STREET, Session};
use common::{LUNCH, TestServer, error_of, lunch, meal_request};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const CENTER: &str = "dongshan-zhushan";
/// A centre of another street (chunhua).
const ELSEWHERE: &str = "chunhua-jiexi";
const PHONE: &str = "13912345678";

async fn center(s: &TestServer, who: &Session, id: &str) -> Value {
    let (status, body) = s
        .mg(Method::GET, &format!("/centers/{id}"), who, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// The lunch as the console holds it: its version and offering.
async fn lunch_offering(s: &TestServer, who: &Session) -> (u64, Value) {
    let c = center(s, who, CENTER).await;
    let o = c["offerings"]
        .as_array()
        .expect("offerings")
        .iter()
        .find(|o| o["offering"]["id"] == LUNCH)
        .expect("the lunch")
        .clone();
    (
        o["version"].as_u64().expect("version"),
        o["offering"].clone(),
    )
}

fn with_capacity(mut offering: Value, capacity: u64) -> Value {
    offering["schedule"][0]["capacity"] = json!(capacity);
    offering
}

async fn put_offering(
    s: &TestServer,
    who: &Session,
    version: u64,
    o: &Value,
) -> (StatusCode, Value) {
    let body = json!({"version": version, "offering": o});
    s.mg(
        Method::PUT,
        &format!("/offerings/{LUNCH}"),
        who,
        Some(&body),
    )
    .await
}

fn closure(date: &str, center: Option<&str>) -> Value {
    let mut c = json!({"from": date, "reason": {"zh": "元旦休息", "en": "New Year"}});
    if let Some(id) = center {
        c["center_id"] = json!(id);
    }
    c
}

async fn closures_version(s: &TestServer, who: &Session) -> u64 {
    let (status, body) = s.mg(Method::GET, "/closures", who, None).await;
    assert_eq!(status, StatusCode::OK);
    body["version"].as_u64().expect("version")
}

#[tokio::test]
async fn each_role_edits_only_its_scope() {
    let s = TestServer::start().await;
    s.staff().await;
    let admin = s.sign_in_as(ADMIN).await;
    let street = s.sign_in_as(STREET).await;
    let manager = s.sign_in_as(MANAGER).await;
    let (version, lunch_o) = lunch_offering(&s, &admin).await;
    assert_eq!(version, 1);

    // The list: the admin sees all 30, the street office its street's,
    // the manager its centre.
    let listed = |list: &Value| -> Vec<(String, String)> {
        list.as_array()
            .expect("list")
            .iter()
            .map(|c| {
                let s = |f: &str| c["center"][f].as_str().expect(f).to_owned();
                (s("id"), s("street_id"))
            })
            .collect()
    };
    let (_, all) = s.mg(Method::GET, "/centers", &admin, None).await;
    assert_eq!(listed(&all).len(), 30);
    let (_, own_street) = s.mg(Method::GET, "/centers", &street, None).await;
    let dongshan = listed(&all)
        .into_iter()
        .filter(|c| c.1 == "dongshan")
        .count();
    assert!(dongshan > 1);
    assert_eq!(listed(&own_street).len(), dongshan);
    assert!(listed(&own_street).iter().all(|c| c.1 == "dongshan"));
    let (_, own) = s.mg(Method::GET, "/centers", &manager, None).await;
    assert_eq!(listed(&own), [(CENTER.to_owned(), "dongshan".to_owned())]);
    for who in [&admin, &street, &manager] {
        center(&s, who, CENTER).await;
    }
    for who in [&street, &manager] {
        let (status, _) = s
            .mg(Method::GET, &format!("/centers/{ELSEWHERE}"), who, None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = s
        .mg(
            Method::GET,
            &format!("/centers/{CENTER}"),
            &Session::None,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Writes: the manager and the street office edit the centre's lunch
    // (one after the other, each with the version it read).
    let (status, saved) =
        put_offering(&s, &manager, version, &with_capacity(lunch_o.clone(), 41)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 2);
    let (status, saved) = put_offering(&s, &street, 2, &with_capacity(lunch_o.clone(), 42)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    // Nobody outside the scope; nobody without the CSRF token.
    let other = s.sign_in_as(common::manage::OTHER_MANAGER).await;
    let (status, body) = put_offering(&s, &other, 3, &lunch_o).await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::FORBIDDEN, "forbidden")
    );
    let forged = match &manager {
        Session::Cookie { token, .. } => Session::CookieOnly(token.clone()),
        _ => unreachable!(),
    };
    let (status, _) = put_offering(&s, &forged, 3, &lunch_o).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // District closures are the district's.
    let v = closures_version(&s, &admin).await;
    for who in [&street, &manager] {
        let body = json!({"version": v, "closure": closure("2026-12-24", None)});
        let (status, _) = s.mg(Method::POST, "/closures", who, Some(&body)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let body = json!({"version": v, "closure": closure("2026-12-24", Some(ELSEWHERE))});
        let (status, _) = s.mg(Method::POST, "/closures", who, Some(&body)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let body = json!({"version": v, "closure": closure("2026-12-24", Some(CENTER))});
    let (status, added) = s.mg(Method::POST, "/closures", &street, Some(&body)).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let id = added["closures"][0]["id"].as_str().expect("id").to_owned();
    assert_eq!(id, "2026-12-24.dongshan-zhushan");
    let (status, _) = s
        .mg(
            Method::DELETE,
            &format!("/closures/{id}?version={}", v + 1),
            &other,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, removed) = s
        .mg(
            Method::DELETE,
            &format!("/closures/{id}?version={}", v + 1),
            &manager,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{removed}");
}

#[tokio::test]
async fn a_stale_save_gets_409_with_the_current_record() {
    let s = TestServer::start().await;
    s.staff().await;
    let manager = s.sign_in_as(MANAGER).await;
    let street = s.sign_in_as(STREET).await;
    let (version, o) = lunch_offering(&s, &manager).await;
    let (status, _) = put_offering(&s, &street, version, &with_capacity(o.clone(), 45)).await;
    assert_eq!(status, StatusCode::OK);
    // The manager saves what they opened before the street office's save.
    let (status, body) = put_offering(&s, &manager, version, &with_capacity(o, 30)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_of(&body).0, "stale_version");
    assert_eq!(body["current"]["version"], version + 1);
    assert_eq!(body["current"]["offering"]["schedule"][0]["capacity"], 45);
    // Residents see the saved one.
    assert_eq!(s.remaining(&lunch("2026-11-28")).await, 45);

    // The centre's own details, likewise.
    let c = center(&s, &manager, CENTER).await;
    let mut edit = json!({
        "version": c["version"],
        "name": c["center"]["name"],
        "address": c["center"]["address"],
        "phone": "025-52108306",
        "hours": {"zh": "每天 8:00–18:00", "en": "Daily 8:00–18:00"},
    });
    let (status, saved) = s
        .mg(
            Method::PUT,
            &format!("/centers/{CENTER}"),
            &manager,
            Some(&edit),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["center"]["phone"], "025-52108306");
    let (status, body) = s
        .mg(
            Method::PUT,
            &format!("/centers/{CENTER}"),
            &street,
            Some(&edit),
        )
        .await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::CONFLICT, "stale_version")
    );
    assert_eq!(body["current"]["center"]["hours"]["zh"], "每天 8:00–18:00");
    // A bad phone is a field error, in the request's terms.
    edit["version"] = json!(2);
    edit["phone"] = json!("call us");
    let (status, body) = s
        .mg(
            Method::PUT,
            &format!("/centers/{CENTER}"),
            &street,
            Some(&edit),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(&body), ("invalid_field", Some("phone")));
    // The public catalog has the new hours.
    let (_, catalog) = s.get("/api/v1/catalog").await;
    let listed = catalog["centers"]
        .as_array()
        .expect("centres")
        .iter()
        .find(|c| c["id"] == CENTER)
        .expect("listed")
        .clone();
    assert_eq!(listed["phone"], "025-52108306");
}

#[tokio::test]
async fn a_capacity_below_the_booked_seats_is_refused_with_the_count() {
    let s = TestServer::start().await;
    s.staff().await;
    let manager = s.sign_in_as(MANAGER).await;
    let slot = lunch("2026-11-28");
    for (i, party) in [4, 4, 3].into_iter().enumerate() {
        let (status, _) = s
            .book(&meal_request(&slot, &format!("1391234560{i}"), party))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (version, o) = lunch_offering(&s, &manager).await;
    let (status, body) = put_offering(&s, &manager, version, &with_capacity(o.clone(), 10)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_of(&body).0, "capacity_below_booked");
    let message = body["error"]["message"].as_str().expect("message");
    assert!(
        message.contains("11 seats booked") && message.contains(&slot),
        "{message}"
    );
    // Nothing changed.
    assert_eq!(s.remaining(&slot).await, 29);
    // Dropping the day from the schedule is refused too: close it instead.
    let mut weekdays_only = o.clone();
    weekdays_only["schedule"][0]["weekdays"] = json!([1, 2, 3, 4, 5]);
    let (status, body) = put_offering(&s, &manager, version, &weekdays_only).await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::CONFLICT, "slot_has_bookings")
    );
    // Exactly the booked seats is fine, and the slot is then full.
    let (status, saved) = put_offering(&s, &manager, version, &with_capacity(o.clone(), 11)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(s.remaining(&slot).await, 0);
    let (status, body) = s.book(&meal_request(&slot, PHONE, 1)).await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::CONFLICT, "slot_full")
    );
    // A slot already started keeps its count whatever the new capacity.
    s.clock.set("2026-11-28", "11:30");
    let manager = s.sign_in_as(MANAGER).await;
    let (status, saved) = put_offering(&s, &manager, 2, &with_capacity(o.clone(), 5)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    // The kind, centre and id are fixed.
    let mut care = o;
    care["kind"] = json!("care");
    let (status, body) = put_offering(&s, &manager, 3, &care).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(&body), ("field_fixed", Some("offering.kind")));

    let entries = s.audit_entries("?center=dongshan-zhushan").await;
    let changes: Vec<&Value> = entries
        .iter()
        .filter(|e| e["action"] == "offering_changed")
        .collect();
    assert_eq!(changes.len(), 2, "refusals are not entries");
    let newest = changes[0];
    assert_eq!(newest["user_name"], MANAGER);
    assert_eq!(newest["target"], LUNCH);
    assert_eq!(newest["before"]["schedule"][0]["capacity"], 11);
    assert_eq!(newest["after"]["schedule"][0]["capacity"], 5);
}

#[tokio::test]
async fn a_closure_cancels_the_bookings_it_covers_once_confirmed() {
    let s = TestServer::start().await;
    s.staff().await;
    let manager = s.sign_in_as(MANAGER).await;
    let slot = lunch("2026-11-30");
    let (status, booking) = s.book(&meal_request(&slot, PHONE, 2)).await;
    assert_eq!(status, StatusCode::CREATED);
    let draft = closure("2026-11-30", Some(CENTER));

    let (status, preview) = s
        .mg(Method::POST, "/closures/preview", &manager, Some(&draft))
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["bookings"], 1);
    assert_eq!(preview["slots"][0]["slot_id"], slot.as_str());
    assert_eq!(preview["slots"][0]["seats"], 2);
    assert!(
        preview.to_string().find(PHONE).is_none(),
        "no phones in a preview"
    );

    let v = closures_version(&s, &manager).await;
    let body = json!({"version": v, "closure": draft});
    let (status, refused) = s.mg(Method::POST, "/closures", &manager, Some(&body)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_of(&refused).0, "closure_has_bookings");
    let (_, still) = s.lookup(&booking, PHONE).await;
    assert_eq!(still["status"], "confirmed");

    let body = json!({"version": v, "closure": closure("2026-11-30", Some(CENTER)),
        "cancel_bookings": true});
    let (status, added) = s.mg(Method::POST, "/closures", &manager, Some(&body)).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert_eq!(added["cancelled"], 1);

    // The resident's lookup shows why, in both languages.
    let (_, found) = s.lookup(&booking, PHONE).await;
    assert_eq!(found["status"], "cancelled");
    assert_eq!(
        found["cancelled_by_centre"]["reason"],
        "元旦休息 / New Year"
    );
    // The day is gone from what residents can book, and booking it fails.
    let (_, slots) = s
        .get(&format!(
            "/api/v1/slots?center={CENTER}&from=2026-11-30&days=1"
        ))
        .await;
    assert_eq!(slots.as_array().expect("slots").len(), 0);
    let (status, body) = s.book(&meal_request(&slot, "13912345600", 1)).await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::CONFLICT, "slot_closed")
    );
    // The public closures list has it.
    let (_, published) = s.get("/api/v1/closures").await;
    assert!(
        published["closures"]
            .as_array()
            .expect("closures")
            .iter()
            .any(|c| c["date"] == "2026-11-30" && c["center_id"] == CENTER)
    );
    // The same day again is refused; a day in the past too.
    let body = json!({"version": v + 1, "closure": closure("2026-11-30", Some(CENTER))});
    let (status, body) = s.mg(Method::POST, "/closures", &manager, Some(&body)).await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::CONFLICT, "closure_exists")
    );
    let body = json!({"version": v + 1, "closure": closure("2026-11-26", Some(CENTER))});
    let (status, body) = s.mg(Method::POST, "/closures", &manager, Some(&body)).await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::UNPROCESSABLE_ENTITY, "closure_in_past")
    );

    // The audit entry names the cancelled booking.
    let entries = s.audit_entries("?center=dongshan-zhushan").await;
    let entry = entries
        .iter()
        .find(|e| e["action"] == "closure_added")
        .expect("entry");
    assert_eq!(entry["after"]["cancelled_bookings"][0], booking["code"]);
    assert_eq!(entry["target"], "2026-11-30.dongshan-zhushan");

    // Withdrawn: the day can be booked again; the cancellation stands.
    let (status, _) = s
        .mg(
            Method::DELETE,
            "/closures/2026-11-30.dongshan-zhushan?version=2",
            &manager,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(s.remaining(&slot).await, 40);
    let (_, found) = s.lookup(&booking, PHONE).await;
    assert_eq!(found["status"], "cancelled");
}

#[tokio::test]
async fn a_range_closes_each_day_and_its_waiting_list() {
    let s = TestServer::start().await;
    s.staff().await;
    let admin = s.sign_in_as(ADMIN).await;
    let v = closures_version(&s, &admin).await;
    let mut draft = closure("2026-12-29", None);
    draft["to"] = json!("2026-12-31");
    let body = json!({"version": v, "closure": draft});
    let (status, added) = s.mg(Method::POST, "/closures", &admin, Some(&body)).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let ids: Vec<&str> = added["closures"]
        .as_array()
        .expect("closures")
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, ["2026-12-29", "2026-12-30", "2026-12-31"]);
    let mut too_long = closure("2027-02-01", None);
    too_long["to"] = json!("2027-05-01");
    let body = json!({"version": v + 1, "closure": too_long});
    let (status, body) = s.mg(Method::POST, "/closures", &admin, Some(&body)).await;
    assert_eq!(
        (status, error_of(&body).0),
        (StatusCode::UNPROCESSABLE_ENTITY, "closure_range_invalid")
    );
}

#[tokio::test]
async fn edits_outlive_a_restart_and_are_exported() {
    let s = TestServer::start().await;
    s.staff().await;
    let manager = s.sign_in_as(MANAGER).await;
    let (version, o) = lunch_offering(&s, &manager).await;
    let (status, _) = put_offering(&s, &manager, version, &with_capacity(o, 33)).await;
    assert_eq!(status, StatusCode::OK);

    // The data folder still says 40; the database's copy is served.
    let s = s.restart().await;
    assert_eq!(s.remaining(&lunch("2026-11-28")).await, 33);
    let manager = s.sign_in_as(MANAGER).await;
    let (version, _) = lunch_offering(&s, &manager).await;
    assert_eq!(version, 2);

    let out = tempfile::tempdir().expect("temp dir");
    let (files, generation) = linli_server::export_catalog::export(&s.db.location, out.path())
        .await
        .expect("exports");
    assert_eq!((files, generation), (32, 1));
    let file: linli_model::CenterFile = serde_json::from_slice(
        &std::fs::read(out.path().join("centers/dongshan-zhushan.json")).expect("written"),
    )
    .expect("a centre file");
    let lunch = file
        .offerings
        .iter()
        .find(|o| o.id.as_str() == LUNCH)
        .expect("lunch");
    assert_eq!(lunch.schedule[0].capacity, 33);
    // What was exported loads as a data folder.
    linli_server::catalog_index::CatalogIndex::load(out.path()).expect("loads");
}

#[tokio::test]
async fn seats_added_to_a_full_slot_go_to_its_waiting_list() {
    let s = TestServer::start().await;
    s.staff().await;
    let manager = s.sign_in_as(MANAGER).await;
    let slot = lunch("2026-11-30");
    let (version, o) = lunch_offering(&s, &manager).await;
    let (status, _) = put_offering(&s, &manager, version, &with_capacity(o.clone(), 2)).await;
    assert_eq!(status, StatusCode::OK);
    for i in 0..2 {
        let (status, _) = s
            .book(&meal_request(&slot, &format!("1390000100{i}"), 1))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let mut entries = vec![];
    for i in 0..2 {
        let phone = format!("1390000200{i}");
        let (status, entry) = s
            .post("/api/v1/waitlist", &meal_request(&slot, &phone, 1), None)
            .await;
        assert_eq!(status, StatusCode::CREATED, "{entry}");
        entries.push((entry["code"].clone(), phone));
    }
    let (status, _) = put_offering(&s, &manager, version + 1, &with_capacity(o, 3)).await;
    assert_eq!(status, StatusCode::OK);
    let status_of = |i: usize| {
        let (code, phone) = entries[i].clone();
        let s = &s;
        async move {
            let body = json!({"code": code, "phone": phone});
            let (_, entry) = s.post("/api/v1/waitlist/lookup", &body, None).await;
            entry["status"].as_str().unwrap_or("").to_owned()
        }
    };
    assert_eq!(status_of(0).await, "promoted");
    assert_eq!(status_of(1).await, "waiting");
    assert_eq!(s.remaining(&slot).await, 0);
}

#[tokio::test]
async fn the_list_counts_each_centres_day() {
    let s = TestServer::start().await;
    s.staff().await;
    let manager = s.sign_in_as(MANAGER).await;
    for (i, day) in ["2026-11-27", "2026-11-27", "2026-11-28"]
        .iter()
        .enumerate()
    {
        let (status, _) = s
            .book(&meal_request(&lunch(day), &format!("1391234570{i}"), 2))
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (status, list) = s.mg(Method::GET, "/centers", &manager, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list[0]["today"], json!({"booked": 2, "checked_in": 0}));
}

#[tokio::test]
async fn a_closure_closes_the_days_waiting_list() {
    let s = TestServer::start().await;
    s.staff().await;
    let manager = s.sign_in_as(MANAGER).await;
    let slot = lunch("2026-11-30");
    let (version, o) = lunch_offering(&s, &manager).await;
    let (status, _) = put_offering(&s, &manager, version, &with_capacity(o, 1)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = s.book(&meal_request(&slot, "13900003001", 1)).await;
    assert_eq!(status, StatusCode::CREATED);
    let phone = "13900003002";
    let (status, entry) = s
        .post("/api/v1/waitlist", &meal_request(&slot, phone, 1), None)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{entry}");
    let v = closures_version(&s, &manager).await;
    let body = json!({"version": v, "closure": closure("2026-11-30", Some(CENTER)),
        "cancel_bookings": true});
    let (status, added) = s.mg(Method::POST, "/closures", &manager, Some(&body)).await;
    assert_eq!(status, StatusCode::CREATED, "{added}");
    let lookup = json!({"code": entry["code"], "phone": phone});
    let (_, found) = s.post("/api/v1/waitlist/lookup", &lookup, None).await;
    assert_eq!(found["status"], "closed");
}

/// Two edits of one centre's offerings at once: each replaces the centre's
/// whole file, and neither undoes the other.
#[tokio::test]
async fn concurrent_edits_of_one_centre_both_stand() {
    let s = TestServer::start().await;
    s.staff().await;
    let manager = s.sign_in_as(MANAGER).await;
    let c = center(&s, &manager, CENTER).await;
    let offerings = c["offerings"].as_array().expect("offerings").clone();
    let edit = |o: &Value| {
        let mut offering = o["offering"].clone();
        offering["max_party"] = json!(3);
        let body = json!({"version": o["version"], "offering": offering});
        let path = format!("/offerings/{}", offering["id"].as_str().expect("id"));
        let (s, manager) = (&s, &manager);
        async move { s.mg(Method::PUT, &path, manager, Some(&body)).await }
    };
    let (a, b) = tokio::join!(edit(&offerings[0]), edit(&offerings[1]));
    for (status, body) in [a, b] {
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let after = center(&s, &manager, CENTER).await;
    for o in after["offerings"]
        .as_array()
        .expect("offerings")
        .iter()
        .take(2)
    {
        assert_eq!(o["offering"]["max_party"], 3, "{}", o["offering"]["id"]);
        assert_eq!(o["version"], 2);
    }
}
