//! Every role against every management endpoint: 401 without a session,
//! 403 outside the role or scope, 200 within.

use crate::common;

use common::manage::{ADMIN, MANAGER, OTHER_MANAGER, STREET, Session};
use common::{TestServer, error_of};
use reqwest::{Method, StatusCode};
use serde_json::json;

const OK: StatusCode = StatusCode::OK;
const NO: StatusCode = StatusCode::FORBIDDEN;
const OUT: StatusCode = StatusCode::UNAUTHORIZED;

#[tokio::test]
async fn every_role_and_scope_gets_its_answer() {
    let s = TestServer::start().await;
    s.staff().await;
    let admin = s.sign_in_as(ADMIN).await;
    let street = s.sign_in_as(STREET).await;
    let manager = s.sign_in_as(MANAGER).await;
    let none = Session::None;
    let body = json!({"password": "new moon rising"});
    let new_account = json!({"user_name": "x.y.z", "password": "new moon rising",
        "role": "street_office", "street_id": "moling"});

    // (method, path, body, [admin, street office, centre manager, nobody])
    let table: Vec<(Method, &str, Option<&serde_json::Value>, [StatusCode; 4])> = vec![
        (Method::GET, "/me", None, [OK, OK, OK, OUT]),
        (Method::GET, "/accounts", None, [OK, NO, NO, OUT]),
        (
            Method::POST,
            "/accounts",
            Some(&new_account),
            [StatusCode::CREATED, NO, NO, OUT],
        ),
        (
            Method::POST,
            "/accounts/jiexi.manager/password",
            Some(&body),
            [StatusCode::NO_CONTENT, NO, NO, OUT],
        ),
        (
            Method::POST,
            "/accounts/jiexi.manager/disable",
            None,
            [OK, NO, NO, OUT],
        ),
        (
            Method::POST,
            "/accounts/jiexi.manager/enable",
            None,
            [OK, NO, NO, OUT],
        ),
        (Method::GET, "/audit", None, [OK, OK, NO, OUT]),
        (Method::GET, "/audit.csv", None, [OK, OK, NO, OUT]),
        (
            Method::GET,
            "/audit?center=dongshan-zhushan",
            None,
            [OK, OK, NO, OUT],
        ),
        (
            Method::GET,
            "/audit?center=chunhua-jiexi",
            None,
            [OK, NO, NO, OUT],
        ),
        (
            Method::GET,
            "/audit?street=dongshan",
            None,
            [OK, OK, NO, OUT],
        ),
        (
            Method::GET,
            "/audit?street=chunhua",
            None,
            [OK, NO, NO, OUT],
        ),
        (
            Method::GET,
            "/audit.csv?center=chunhua-jiexi",
            None,
            [OK, NO, NO, OUT],
        ),
    ];
    for (method, path, body, expected) in table {
        // Non-admins and nobody first: a refused request must change nothing
        // the admin's request then relies on.
        for (who, session, want) in [
            ("nobody", &none, expected[3]),
            ("manager", &manager, expected[2]),
            ("street", &street, expected[1]),
            ("admin", &admin, expected[0]),
        ] {
            let (status, answer) = s.mg(method.clone(), path, session, body).await;
            assert_eq!(status, want, "{who} {method} {path}: {answer}");
            if want == NO {
                assert_eq!(error_of(&answer).0, "forbidden", "{who} {path}");
            }
        }
    }
    // Nothing the refused requests asked for happened.
    let (_, accounts) = s.mg(Method::GET, "/accounts", &admin, None).await;
    assert_eq!(accounts.as_array().expect("list").len(), 5);
    let (_, entries) = s
        .mg(Method::GET, "/audit?user=zhushan.manager", &admin, None)
        .await;
    let actions: Vec<&str> = entries["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions, ["sign_in"]);
}

#[tokio::test]
async fn a_street_office_reads_only_its_streets_entries() {
    let s = TestServer::start().await;
    s.staff().await;
    // Entries of dongshan (the street office itself, zhushan's manager) and
    // of elsewhere (the admin, jiexi's manager in chunhua).
    for user in [ADMIN, STREET, MANAGER, OTHER_MANAGER] {
        s.sign_in_as(user).await;
    }
    let street = s.sign_in_as(STREET).await;
    let (status, page) = s.mg(Method::GET, "/audit", &street, None).await;
    assert_eq!(status, OK);
    let seen: Vec<(String, String)> = page["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            assert_eq!(e["street_id"], "dongshan", "{e}");
            (
                e["user_name"].as_str().unwrap_or("(cli)").to_owned(),
                e["action"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        (STREET, "sign_in"),
        (MANAGER, "sign_in"),
        (STREET, "sign_in"),
        ("(cli)", "account_created"),
        ("(cli)", "account_created"),
    ]
    .iter()
    .map(|(u, a)| ((*u).to_owned(), (*a).to_owned()))
    .collect();
    assert_eq!(seen, expected);
    // A street filter of its own changes nothing; a centre of its street narrows.
    let (_, narrowed) = s
        .mg(Method::GET, "/audit?center=dongshan-zhushan", &street, None)
        .await;
    let n = narrowed["entries"].as_array().expect("entries");
    assert_eq!(n.len(), 2, "{narrowed}");
    assert!(n.iter().all(|e| e["center_id"] == "dongshan-zhushan"));
}
