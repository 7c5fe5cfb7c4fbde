//! The audit log: filters, the CSV download, append-only in the database
//! itself, the retention sweep; and the command line's accounts and the
//! server's log, which never hold a password.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common;

use common::manage::{ADMIN, MANAGER, PASSWORD, STREET};
use common::{TestDb, TestServer, data_dir};
use reqwest::{Method, StatusCode, header};
use serde_json::json;

#[tokio::test]
async fn entries_are_filtered_by_centre_user_and_day() {
    let s = TestServer::start().await;
    s.staff().await;
    s.sign_in_as(MANAGER).await;
    s.clock.set("2026-11-28", "09:00");
    s.sign_in_as(MANAGER).await;
    s.sign_in_as(STREET).await;
    s.clock.set("2026-11-29", "09:00");
    let count = |q: &'static str| {
        let s = &s;
        async move { s.audit_entries(q).await.len() }
    };
    // Each call signs the admin in with a bearer token: one more entry each.
    assert_eq!(count("?from=2026-11-28&to=2026-11-28").await, 2);
    assert_eq!(count("?user=zhushan.manager").await, 2);
    assert_eq!(count("?user=zhushan.manager&from=2026-11-28").await, 1);
    assert_eq!(
        count("?center=dongshan-zhushan").await,
        3,
        "two sign-ins, one account"
    );
    assert_eq!(
        count("?to=2026-11-27").await,
        5,
        "four accounts, one sign-in, then"
    );
    let admin = s.bearer_for(ADMIN).await;
    for bad in ["?from=28.11.2026", "?limit=0", "?limit=501", "?before=x"] {
        let (status, _) = s
            .mg(Method::GET, &format!("/audit{bad}"), &admin, None)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let (status, _) = s
        .mg(Method::GET, "/audit?center=nowhere", &admin, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Pages: newest first, `next_before` for the next.
    let (_, first) = s.mg(Method::GET, "/audit?limit=3", &admin, None).await;
    let ids: Vec<i64> = first["entries"]
        .as_array()
        .expect("e")
        .iter()
        .filter_map(|e| e["id"].as_i64())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]) && ids.len() == 3);
    assert_eq!(first["next_before"], json!(ids[2]));
    let (_, next) = s
        .mg(
            Method::GET,
            &format!("/audit?limit=3&before={}", ids[2]),
            &admin,
            None,
        )
        .await;
    assert!(next["entries"][0]["id"].as_i64().expect("id") < ids[2]);
}

#[tokio::test]
async fn the_csv_opens_in_excel_and_wps() {
    let s = TestServer::start().await;
    s.staff().await;
    let street = s.bearer_for(STREET).await;
    let r = s.manage(Method::GET, "/audit.csv", &street, None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(
        r.headers()[header::CONTENT_DISPOSITION],
        "attachment; filename=\"audit.csv\""
    );
    let text = r.text().await.expect("text");
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(
        lines[0].starts_with("\u{feff}\"时间\",\"用户\",\"角色\",\"操作\""),
        "{text}"
    );
    assert!(
        lines[1].contains("\"dongshan.office\",\"street_office\",\"sign_in\",\"dongshan\""),
        "{text}"
    );
    assert!(
        lines[2]
            .contains("\"(命令行)\",\"\",\"account_created\",\"dongshan\",\"dongshan-zhushan\""),
        "{text}"
    );
    assert_eq!(
        lines.len(),
        5,
        "sign-in, two accounts of dongshan, header, end: {text}"
    );
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_entries_until_retention() {
    let s = TestServer::start().await;
    s.staff().await;
    s.clock.set("2026-12-20", "10:00");
    s.sign_in_as(ADMIN).await;
    let n = |db: &TestDb| {
        let db = db.clone();
        async move {
            db.one("SELECT CAST(COUNT(*) AS TEXT) FROM audit_log", &[])
                .await
        }
    };
    assert_eq!(n(&s.db).await.as_deref(), Some("5"));
    let mut attempts = vec![
        "UPDATE audit_log SET user_name = 'someone.else'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE at < 0 OR action = 'sign_in'",
        // Without the cut-off's row nothing could be told apart: it stays.
        "DELETE FROM audit_purge",
    ];
    if !s.db.is_postgres() {
        // SQLite's REPLACE deletes the old row without its delete triggers.
        attempts.push(
            "INSERT OR REPLACE INTO audit_log (id, at, user_name, role, action) \
             SELECT id, at, 'someone.else', role, action FROM audit_log LIMIT 1",
        );
    }
    for sql in attempts {
        let refused = s.db.execute(sql).await.expect_err(sql);
        assert!(refused.contains("append-only"), "{refused}");
    }
    assert_eq!(n(&s.db).await.as_deref(), Some("5"));
    // The sweep's way: entries before its cut-off go, the others stay.
    let cut = linli_server::clock::FixedClock::at("2026-12-01", "00:00")
        .expect("time")
        .0;
    let store = linli_server::store::Store::open(&s.db.location)
        .await
        .expect("store");
    assert_eq!(store.forget_audit(cut).await.expect("swept"), 4);
    assert_eq!(n(&s.db).await.as_deref(), Some("1"));
    let refused = s.db.execute("DELETE FROM audit_log").await;
    assert!(refused.is_err(), "the newer entry stays");
    // The cut-off held only during the sweep.
    assert_eq!(
        s.db.one("SELECT CAST(before AS TEXT) FROM audit_purge", &[])
            .await
            .as_deref(),
        Some("0")
    );
    drop(store);
}

#[tokio::test]
async fn the_command_line_reads_the_password_from_stdin_and_no_log_holds_it() {
    let dir = tempfile::tempdir().expect("dir");
    let db = TestDb::fresh(dir.path()).await;
    let admin = |args: &[&str], password: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_linli-server"))
            .arg("admin")
            .args(args)
            .arg("--db")
            .arg(db.arg())
            .arg("--data")
            .arg(data_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(format!("{password}\n").as_bytes())
            .expect("written");
        child.wait_with_output().expect("ends")
    };
    let out = admin(
        &["create", "--user", ADMIN, "--role", "district_admin"],
        PASSWORD,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("qu.admin") && !said.contains(PASSWORD),
        "{said}"
    );
    let weak = admin(
        &["create", "--user", "li.na", "--role", "district_admin"],
        "li.na.12345",
    );
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("too easy to guess"));
    let taken = admin(
        &["create", "--user", ADMIN, "--role", "district_admin"],
        PASSWORD,
    );
    assert!(String::from_utf8_lossy(&taken.stderr).contains("taken"));

    let log = dir.path().join("server.log");
    // The server's log: started with stderr to a file.
    let mut child = Command::new(env!("CARGO_BIN_EXE_linli-server"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--no-precompress",
            "--static-dir",
            "/nonexistent",
        ])
        .arg("--db")
        .arg(db.arg())
        .arg("--data")
        .arg(data_dir())
        .env("RUST_LOG", "trace")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).expect("log"))
        .spawn()
        .expect("serves");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().expect("stdout")),
        &mut line,
    )
    .expect("listening");
    let base = line
        .trim()
        .trim_start_matches("Linli listening on ")
        .trim_end_matches('/')
        .to_owned();
    let client = reqwest::Client::new();
    let sign_in = |password: &'static str| {
        client
            .post(format!("{base}/api/v1/manage/session"))
            .json(&json!({"user_name": ADMIN, "password": password, "bearer": true}))
            .send()
    };
    let wrong = sign_in("this is not it 42").await.expect("request");
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let right = sign_in(PASSWORD).await.expect("request");
    let body = right.text().await.expect("text");
    assert!(!body.contains(PASSWORD), "{body}");
    let token = serde_json::from_str::<serde_json::Value>(&body).expect("json")["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let created = client
        .post(format!("{base}/api/v1/manage/accounts"))
        .bearer_auth(&token)
        .json(
            &json!({"user_name": "li.na", "password": "quiet willow 88", "role": "district_admin"}),
        )
        .send()
        .await
        .expect("request");
    assert_eq!(created.status(), StatusCode::CREATED);
    assert!(!created.text().await.expect("text").contains("quiet willow"));
    let _ = child.kill();
    let _ = child.wait();
    let logged = std::fs::read_to_string(&log).expect("log");
    assert!(
        logged.contains("staff signed in"),
        "the log is written: {logged}"
    );
    for secret in [
        PASSWORD,
        "this is not it 42",
        "quiet willow 88",
        token.as_str(),
    ] {
        assert!(!logged.contains(secret), "{secret} in the log");
    }
}

#[tokio::test]
async fn pin_changes_are_in_the_centres_entries_without_the_pin() {
    let s = TestServer::start().await;
    s.staff().await;
    s.set_pin("dongshan-zhushan", "246810").await;
    s.set_pin("dongshan-zhushan", "975310").await;
    let entries = s.audit_entries("?center=dongshan-zhushan").await;
    let pins: Vec<&serde_json::Value> = entries
        .iter()
        .filter(|e| e["action"] == "pin_set")
        .collect();
    assert_eq!(pins.len(), 2);
    assert_eq!(pins[0]["street_id"], "dongshan");
    assert_eq!(
        pins[0]["user_name"],
        serde_json::Value::Null,
        "the command line"
    );
    let text = serde_json::to_string(&entries).expect("json");
    for secret in ["246810", "975310", "argon2"] {
        assert!(!text.contains(secret), "{secret}");
    }
    // The street office sees its centre's PIN changes; the other street's don't.
    let street = s.bearer_for(STREET).await;
    let (_, page) = s
        .mg(Method::GET, "/audit?center=dongshan-zhushan", &street, None)
        .await;
    let seen = page["entries"].as_array().expect("entries");
    assert_eq!(seen.iter().filter(|e| e["action"] == "pin_set").count(), 2);
}

/// A volunteer's check-in and cancellation are in the audit log: the
/// centre's volunteers, the booking, the statuses, never the reason.
#[tokio::test]
async fn volunteers_changes_to_bookings_are_audited() {
    let s = TestServer::start().await;
    s.staff().await;
    let token = s.volunteer("dongshan-zhushan").await;
    let mut booked = vec![];
    for phone in ["13912345001", "13912345002"] {
        let (status, b) = s
            .book(&common::meal_request(
                &common::lunch(common::TODAY),
                phone,
                1,
            ))
            .await;
        assert_eq!(status, StatusCode::CREATED);
        booked.push(b);
    }
    let (status, _) = s.act(&token, &booked[0], "check-in").await;
    assert_eq!(status, StatusCode::OK);
    // `act` cancels with the reason "住院了".
    let (status, _) = s.act(&token, &booked[1], "cancel").await;
    assert_eq!(status, StatusCode::OK);

    let entries = s.audit_entries("?center=dongshan-zhushan").await;
    let by_volunteers: Vec<&serde_json::Value> = entries
        .iter()
        .filter(|e| e["role"] == "volunteer")
        .collect();
    assert_eq!(by_volunteers.len(), 2, "{entries:?}");
    let cancel = by_volunteers[0];
    assert_eq!(cancel["action"], "booking_cancelled");
    assert_eq!(cancel["target"], booked[1]["code"]);
    assert_eq!(cancel["street_id"], "dongshan");
    assert_eq!(cancel["before"]["status"], "confirmed");
    assert_eq!(cancel["after"]["status"], "cancelled");
    assert!(!cancel.to_string().contains("住院"), "no reason in the log");
    assert_eq!(by_volunteers[1]["action"], "checked_in");
    assert_eq!(by_volunteers[1]["user_name"], serde_json::Value::Null);
    // The street office sees its street's volunteers too.
    let street = s.sign_in_as(STREET).await;
    let (status, page) = s
        .mg(
            reqwest::Method::GET,
            "/audit?center=dongshan-zhushan",
            &street,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let seen = page["entries"].as_array().expect("entries");
    assert!(seen.iter().any(|e| e["action"] == "checked_in"));
}
