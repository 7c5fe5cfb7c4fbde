//! `linli-server import-bookings`, run as the real binary against a running
//! server's database: bookings made on a static kiosk (the model's ledger)
//! come over with their codes and statuses, a second run changes nothing,
//! and every conflict is reported.

use crate::common;

use common::kiosk::{Kiosk, at, import, line_of, lookup, text};
use common::volunteer::{CENTER, OTHER_CENTER, slot};
use common::{TestServer, lunch, meal_request, request};
use linli_model::{BookingRecord, StaffAction};
use reqwest::StatusCode;
use serde_json::{Value, json};

const TOMORROW: &str = "2026-11-28";
const LEGAL: &str = "dongshan-zhushan-legal@2026-12-03T14:00";
/// Five bookings in four statuses over two days.
fn a_days_work(kiosk: &mut Kiosk) -> Vec<BookingRecord> {
    let party = kiosk.book(meal_request(&lunch(TOMORROW), "13800000001", 2));
    let cancelled = kiosk.book(meal_request(&lunch(TOMORROW), "13800000002", 1));
    let b = kiosk.ledger.cancel(
        cancelled.code,
        &cancelled.phone,
        at("2026-11-27", "09:30"),
        1_795_743_000_000,
    );
    assert!(b.is_ok());
    let came = kiosk.book(meal_request(&lunch(common::TODAY), "13800000003", 1));
    kiosk.act(&came, StaffAction::CheckIn, at("2026-11-27", "11:05"));
    let missed = kiosk.book(meal_request(&lunch(common::TODAY), "13800000004", 1));
    kiosk.act(&missed, StaffAction::NoShow, at("2026-11-27", "12:40"));
    let legal = kiosk.book(request(
        LEGAL,
        "025-52345678",
        json!({"kind": "legal", "topic": "housing", "summary": "租房押金"}),
    ));
    let ids = [
        party.code,
        cancelled.code,
        came.code,
        missed.code,
        legal.code,
    ];
    ids.iter()
        .map(|c| kiosk.ledger.by_code(*c).expect("kept").clone())
        .collect()
}

#[tokio::test]
async fn a_kiosks_bookings_come_over_with_codes_and_statuses() {
    let s = TestServer::start().await;
    let mut kiosk = Kiosk::new();
    let records = a_days_work(&mut kiosk);
    let file = kiosk.export(s.dir.path(), "export.json");

    let out = import(&s, &file, &[]);
    let report = text(&out.stdout);
    assert!(out.status.success(), "{report}{}", text(&out.stderr));
    assert!(
        report.contains("5 imported") && report.contains("0 conflicts"),
        "{report}"
    );

    let statuses: Vec<String> = {
        let mut v = Vec::new();
        for r in &records {
            let b = lookup(&s, r).await.expect("found with code and phone");
            assert_eq!(b["code"], r.code.to_string());
            assert_eq!(b["slot_id"], r.slot.id.to_string());
            assert_eq!(b["party_size"], r.party_size);
            assert_eq!(
                b["created_at"],
                linli_model::time::rfc3339(r.created_at_millis)
            );
            v.push(b["status"].as_str().expect("status").to_owned());
        }
        v
    };
    assert_eq!(
        statuses,
        [
            "confirmed",
            "cancelled",
            "checked_in",
            "no_show",
            "confirmed"
        ]
    );
    // The legal summary is kept for the lawyer, never shown back.
    let stored =
        s.db.stored_details(&json!({"code": records[4].code.to_string()}))
            .await;
    assert_eq!(stored["summary"], "租房押金");

    let token = s.volunteer(CENTER).await;
    let roster = s.roster(&token, TOMORROW).await;
    let l = slot(&roster, &lunch(TOMORROW));
    assert_eq!((&l["booked"], &l["remaining"]), (&json!(2), &json!(38)));
    let roster = s.roster(&token, common::TODAY).await;
    let l = slot(&roster, &lunch(common::TODAY));
    assert_eq!(
        (
            &l["booked"],
            &l["checked_in"],
            &l["no_show"],
            &l["remaining"]
        ),
        (&json!(1), &json!(1), &json!(1), &json!(39))
    );
    let cancelled = l["bookings"].as_array().expect("bookings").len();
    assert_eq!(cancelled, 2, "both of today's bookings are listed");
    assert_eq!(s.remaining(LEGAL).await, 0);

    // Running it again changes nothing and succeeds.
    let out = import(&s, &file, &[]);
    let report = text(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("0 imported") && report.contains("5 already there"),
        "{report}"
    );
    assert_eq!(s.remaining(&lunch(TOMORROW)).await, 38);
    assert_eq!(s.remaining(LEGAL).await, 0);
    s.stop().await;
}

#[tokio::test]
async fn conflicts_are_reported_and_the_rest_imported() {
    let s = TestServer::start().await;
    // The server's own bookings, made while the kiosk was offline.
    let (status, _) = s
        .book(&request(
            LEGAL,
            "13911112222",
            json!({"kind": "legal", "topic": "family"}),
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let day = "2026-11-29";
    let (status, _) = s.book(&meal_request(&lunch(day), "13800000009", 1)).await;
    assert_eq!(status, StatusCode::CREATED);

    let mut kiosk = Kiosk::new();
    let fine = kiosk.book(meal_request(&lunch(TOMORROW), "13800000001", 1));
    let full = kiosk.book(request(
        LEGAL,
        "13800000002",
        json!({"kind": "legal", "topic": "labor"}),
    ));
    let twice = kiosk.book(meal_request(&lunch(day), "13800000009", 1));
    let other_lunch = format!("{OTHER_CENTER}-lunch@{TOMORROW}T11:00");
    let foreign = kiosk.book(meal_request(&other_lunch, "13800000003", 1));
    let file = kiosk.export(s.dir.path(), "export.json");
    // A booking for an offering the catalog doesn't have.
    let mut export: Value =
        serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("json");
    let mut unknown = export["bookings"][0].clone();
    unknown["code"] = "ZZZZ-ZZZZ".into();
    unknown["slot"]["id"] = format!("{CENTER}-nothing@{TOMORROW}T11:00").into();
    unknown["slot"]["offering_id"] = format!("{CENTER}-nothing").into();
    export["bookings"]
        .as_array_mut()
        .expect("array")
        .push(unknown);
    std::fs::write(&file, export.to_string()).expect("write");

    // A dry run says the same and writes nothing.
    let out = import(&s, &file, &["--dry-run"]);
    let report = text(&out.stdout);
    assert!(!out.status.success());
    assert!(
        report.contains("1 would be imported") && report.contains("4 conflicts"),
        "{report}"
    );
    assert!(report.contains("Dry run: nothing was written"), "{report}");
    assert_eq!(lookup(&s, &fine).await.err(), Some(StatusCode::NOT_FOUND));
    assert_eq!(s.remaining(&lunch(TOMORROW)).await, 40);

    let out = import(&s, &file, &[]);
    let report = text(&out.stdout);
    assert!(!out.status.success(), "conflicts fail the command");
    assert!(
        report.contains("1 imported") && report.contains("4 conflicts"),
        "{report}"
    );
    assert!(
        report.contains("The other bookings were imported"),
        "{report}"
    );
    let line = |r: &BookingRecord| line_of(&report, r);
    assert!(
        line(&full).contains(LEGAL) && line(&full).contains("slot full: 1 of 1"),
        "{report}"
    );
    assert!(
        line(&twice).contains("same phone already has booking"),
        "{report}"
    );
    assert!(line(&foreign).contains("another centre"), "{report}");
    assert!(
        report.contains("ZZZZ-ZZZZ") && report.contains("unknown offering"),
        "{report}"
    );
    assert!(
        !report.contains("13800000009"),
        "no phone numbers in the report"
    );
    assert!(lookup(&s, &fine).await.is_ok());
    for r in [&full, &twice, &foreign] {
        assert_eq!(lookup(&s, r).await.err(), Some(StatusCode::NOT_FOUND));
    }
    assert_eq!(s.remaining(&lunch(TOMORROW)).await, 39);

    // The kiosk changes a booking it already exported: its code now names
    // different content on the two sides.
    kiosk.act(&fine, StaffAction::Cancel, at("2026-11-27", "15:00"));
    let file = kiosk.export(s.dir.path(), "again.json");
    let out = import(&s, &file, &[]);
    let report = text(&out.stdout);
    assert!(!out.status.success());
    let clash = line_of(&report, &fine);
    assert!(
        clash.contains("already used by a different booking") && clash.contains("status"),
        "{report}"
    );
    assert_eq!(
        lookup(&s, &fine).await.expect("kept")["status"],
        "confirmed"
    );
    s.stop().await;
}

#[tokio::test]
async fn wrong_files_fail_with_a_clear_error_and_import_nothing() {
    let s = TestServer::start().await;
    let mut kiosk = Kiosk::new();
    kiosk.book(meal_request(&lunch(TOMORROW), "13800000001", 1));
    let good: Value = serde_json::from_slice(
        &std::fs::read(kiosk.export(s.dir.path(), "good.json")).expect("read"),
    )
    .expect("json");
    let variant = |name: &str, edit: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        edit(&mut v);
        let path = s.dir.path().join(name);
        std::fs::write(&path, v.to_string()).expect("write");
        path
    };
    let not_json = s.dir.path().join("notes.txt");
    std::fs::write(&not_json, "姓名,电话\n").expect("write");
    let cases = [
        (not_json, "not a valid bookings export"),
        (
            variant("roster.json", &|v| v["format"] = "linli-roster".into()),
            "not a Linli bookings export",
        ),
        (
            variant("future.json", &|v| {
                v["version"] = 2.into();
                v["bookings"] = json!([{"shape": "of the future"}]);
            }),
            "version 2",
        ),
        (
            variant("nowhere.json", &|v| v["center_id"] = "nowhere".into()),
            "nowhere",
        ),
        (
            variant("broken.json", &|v| {
                v["bookings"][0]["status"] = "lost".into()
            }),
            "broken.json",
        ),
        (s.dir.path().join("missing.json"), "can't read"),
    ];
    for (path, says) in cases {
        let out = import(&s, &path, &[]);
        let stderr = text(&out.stderr);
        assert!(!out.status.success(), "{}", path.display());
        assert!(stderr.contains(says), "{}: {stderr}", path.display());
        assert!(stderr.contains("Nothing was imported"), "{stderr}");
    }
    assert_eq!(s.remaining(&lunch(TOMORROW)).await, 40);
    s.stop().await;
}
