//! A centre's volunteer PIN from the console: set (or made) by those who
//! run the centre's day, never shown again, signing volunteers out;
//! refused to a street office, audited.

use crate::common;

use common::manage::{ADMIN, MANAGER, OTHER_MANAGER, STREET};
use common::{TestServer, error_of};
use reqwest::{Method, StatusCode};
use serde_json::json;

const CENTER: &str = "dongshan-zhushan";
const PATH: &str = "/centers/dongshan-zhushan/pin";

#[tokio::test]
async fn the_centres_manager_sets_and_clears_its_pin() {
    let s = TestServer::start().await;
    s.staff().await;
    let manager = s.sign_in_as(MANAGER).await;
    let (status, state) = s.mg(Method::GET, PATH, &manager, None).await;
    assert_eq!((status, state), (StatusCode::OK, json!({"has_pin": false})));

    let (status, set) = s
        .mg(Method::PUT, PATH, &manager, Some(&json!({"pin": "582046"})))
        .await;
    assert_eq!((status, set), (StatusCode::OK, json!({})));
    assert_eq!(
        s.try_sign_in(CENTER, "582046").await.status(),
        StatusCode::OK
    );
    let (_, state) = s.mg(Method::GET, PATH, &manager, None).await;
    assert_eq!(state, json!({"has_pin": true}));

    // A made one is answered once, and works.
    let token = s.volunteer(CENTER).await;
    let (status, made) = s.mg(Method::PUT, PATH, &manager, Some(&json!({}))).await;
    assert_eq!(status, StatusCode::OK);
    let pin = made["generated"].as_str().expect("a PIN").to_owned();
    assert_eq!(pin.len(), 6);
    assert_eq!(s.try_sign_in(CENTER, &pin).await.status(), StatusCode::OK);
    // The volunteers signed in before are signed out.
    let (status, _) = s
        .vget("/api/v1/volunteer/roster?date=2026-11-27", &token)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, body) = s
        .mg(Method::PUT, PATH, &manager, Some(&json!({"pin": "123456"})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_of(&body), ("pin_too_simple", Some("pin")));

    let (status, _) = s.mg(Method::DELETE, PATH, &manager, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        s.try_sign_in(CENTER, &pin).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let entries = s.audit_entries("?center=dongshan-zhushan").await;
    // Neither the PIN nor its hash is in any entry.
    let all = serde_json::to_string(&entries).expect("json");
    assert!(!all.contains(&pin) && !all.contains("582046") && !all.contains("$argon2"));
    let actions: Vec<String> = entries
        .iter()
        .filter(|e| e["user_name"] == MANAGER && e["action"] != "sign_in")
        .map(|e| e["action"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(actions, ["pin_cleared", "pin_set", "pin_set"]);
}

#[tokio::test]
async fn only_those_who_run_the_centre_may() {
    let s = TestServer::start().await;
    s.staff().await;
    let body = json!({"pin": "582046"});
    for (user, expected) in [
        (ADMIN, StatusCode::OK),
        (MANAGER, StatusCode::OK),
        (STREET, StatusCode::FORBIDDEN),
        (OTHER_MANAGER, StatusCode::FORBIDDEN),
    ] {
        let who = s.sign_in_as(user).await;
        for (method, body) in [
            (Method::GET, None),
            (Method::PUT, Some(&body)),
            (Method::DELETE, None),
        ] {
            let (status, _) = s.mg(method.clone(), PATH, &who, body).await;
            assert_eq!(status, expected, "{user} {method}");
        }
    }
    let (status, _) = s
        .mg(Method::GET, PATH, &common::manage::Session::None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
