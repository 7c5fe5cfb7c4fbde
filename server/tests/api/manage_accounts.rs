//! Accounts managed by the district: created, validated, reset, disabled
//! and enabled, one's own password changed, each with its audit entry.

use crate::common;

use common::manage::{ADMIN, MANAGER, PASSWORD, STREET};
use common::{TestServer, error_of};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn new(user: &str, role: &str, extra: Value) -> Value {
    let mut body = json!({"user_name": user, "password": "new moon rising", "role": role});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    body
}

#[tokio::test]
async fn accounts_are_checked_before_they_are_created() {
    let s = TestServer::start().await;
    s.staff().await;
    let admin = s.sign_in_as(ADMIN).await;
    let cases = [
        (
            new("ab", "district_admin", json!({})),
            422,
            "user_name_invalid",
            Some("user_name"),
        ),
        (
            new("wang li", "district_admin", json!({})),
            422,
            "user_name_invalid",
            Some("user_name"),
        ),
        (
            new("wang.li", "street_office", json!({})),
            422,
            "role_scope_invalid",
            Some("role"),
        ),
        (
            new("wang.li", "street_office", json!({"street_id": "atlantis"})),
            422,
            "role_scope_invalid",
            Some("role"),
        ),
        (
            new("wang.li", "center_manager", json!({"center_id": "nowhere"})),
            422,
            "role_scope_invalid",
            Some("role"),
        ),
        (
            new(
                "wang.li",
                "district_admin",
                json!({"center_id": "dongshan-zhushan"}),
            ),
            422,
            "role_scope_invalid",
            Some("role"),
        ),
        (
            new("wang.li", "boss", json!({})),
            422,
            "invalid_field",
            Some("role"),
        ),
        (
            new("wang.li", "district_admin", json!({"password": "short"})),
            422,
            "password_length",
            Some("password"),
        ),
        (
            new(
                "wang.li",
                "district_admin",
                json!({"password": "wang.li.2026!"}),
            ),
            422,
            "password_too_weak",
            Some("password"),
        ),
        (
            new(
                "wang.li",
                "district_admin",
                json!({"password": "1234567890"}),
            ),
            422,
            "password_too_weak",
            Some("password"),
        ),
        (
            new("Qu.Admin", "district_admin", json!({})),
            409,
            "user_name_taken",
            Some("user_name"),
        ),
    ];
    for (body, status, code, field) in cases {
        let (got, answer) = s.mg(Method::POST, "/accounts", &admin, Some(&body)).await;
        assert_eq!(
            (got.as_u16(), error_of(&answer)),
            (status, (code, field)),
            "{body}"
        );
    }
    let (status, created) = s
        .mg(
            Method::POST,
            "/accounts",
            &admin,
            Some(&new(
                " Wang.Li ",
                "center_manager",
                json!({"center_id": "dongshan-baijiahu"}),
            )),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(
        created,
        json!({"user_name": "wang.li", "role": "center_manager", "street_id": null,
            "center_id": "dongshan-baijiahu", "disabled": false,
            "created_at": "2026-11-27T10:00:00+08:00"})
    );
    s.sign_in_with("wang.li", "new moon rising").await;
    let entry = &s.audit_entries("?center=dongshan-baijiahu").await;
    let created = entry
        .iter()
        .find(|e| e["action"] == "account_created")
        .expect("entry");
    assert_eq!(created["user_name"], ADMIN);
    assert_eq!(created["role"], "district_admin");
    assert_eq!(created["target"], "wang.li");
    assert_eq!(created["street_id"], "dongshan");
    assert_eq!(created["before"], Value::Null);
    assert_eq!(created["after"]["center_id"], "dongshan-baijiahu");
    assert!(!created.to_string().contains("argon2") && !created.to_string().contains("new moon"));
}

#[tokio::test]
async fn a_reset_or_disabled_account_is_signed_out() {
    let s = TestServer::start().await;
    s.staff().await;
    let admin = s.sign_in_as(ADMIN).await;
    let street = s.sign_in_as(STREET).await;
    let reset = json!({"password": "autumn harvest moon"});
    let (status, body) = s
        .mg(
            Method::POST,
            "/accounts/dongshan.office/password",
            &admin,
            Some(&reset),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        s.mg(Method::GET, "/me", &street, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.try_staff_sign_in(STREET, PASSWORD, false).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let street = s.sign_in_with(STREET, "autumn harvest moon").await;

    let (status, account) = s
        .mg(
            Method::POST,
            "/accounts/dongshan.office/disable",
            &admin,
            None,
        )
        .await;
    assert_eq!(
        (status, &account["disabled"]),
        (StatusCode::OK, &json!(true))
    );
    assert_eq!(
        s.mg(Method::GET, "/me", &street, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.try_staff_sign_in(STREET, "autumn harvest moon", false)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let (status, account) = s
        .mg(
            Method::POST,
            "/accounts/dongshan.office/enable",
            &admin,
            None,
        )
        .await;
    assert_eq!(
        (status, &account["disabled"]),
        (StatusCode::OK, &json!(false))
    );
    s.sign_in_with(STREET, "autumn harvest moon").await;

    // Unknown accounts, one's own, and weak passwords.
    for (path, body, status, code) in [
        (
            "/accounts/nobody.here/disable",
            None,
            404,
            "account_not_found",
        ),
        ("/accounts/qu.admin/disable", None, 409, "own_account"),
        (
            "/accounts/qu.admin/password",
            Some(&reset),
            409,
            "own_account",
        ),
        (
            "/accounts/zhushan.manager/password",
            Some(&json!({"password": "zhushan.manager1"})),
            422,
            "password_too_weak",
        ),
    ] {
        let (got, answer) = s.mg(Method::POST, path, &admin, body).await;
        assert_eq!(
            (got.as_u16(), error_of(&answer).0),
            (status, code),
            "{path}"
        );
    }
    assert_eq!(
        s.mg(Method::GET, "/me", &admin, None).await.0,
        StatusCode::OK
    );

    let entries = s.audit_entries("?user=qu.admin").await;
    let changes: Vec<&Value> = entries.iter().filter(|e| e["target"] == STREET).collect();
    let actions: Vec<&Value> = changes.iter().map(|e| &e["action"]).collect();
    assert_eq!(
        actions,
        [
            &json!("account_enabled"),
            &json!("account_disabled"),
            &json!("password_reset")
        ]
    );
    let disabled = changes[1];
    assert_eq!(disabled["before"]["disabled"], false);
    assert_eq!(disabled["after"]["disabled"], true);
    assert_eq!(disabled["street_id"], "dongshan");
    let text = serde_json::to_string(&entries).expect("json");
    assert!(!text.contains("autumn harvest") && !text.contains("argon2"));
}

#[tokio::test]
async fn staff_change_their_own_password() {
    let s = TestServer::start().await;
    s.staff().await;
    let here = s.sign_in_as(MANAGER).await;
    let elsewhere = s.bearer_for(MANAGER).await;
    let change =
        |current: &str, new: &str| json!({"current_password": current, "new_password": new});
    for (body, status, code, field) in [
        (
            change("not my password", "spring river flows"),
            422,
            "invalid_credentials",
            "current_password",
        ),
        (
            change(PASSWORD, "short"),
            422,
            "password_length",
            "new_password",
        ),
        (
            change(PASSWORD, "Zhushan.Manager!"),
            422,
            "password_too_weak",
            "new_password",
        ),
    ] {
        let (got, answer) = s.mg(Method::POST, "/me/password", &here, Some(&body)).await;
        assert_eq!(
            (got.as_u16(), error_of(&answer)),
            (status, (code, Some(field)))
        );
    }
    let (status, _) = s
        .mg(
            Method::POST,
            "/me/password",
            &here,
            Some(&change(PASSWORD, "spring river flows")),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // This session goes on; the others end; the new password signs in.
    assert_eq!(
        s.mg(Method::GET, "/me", &here, None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        s.mg(Method::GET, "/me", &elsewhere, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.try_staff_sign_in(MANAGER, PASSWORD, false).await.status(),
        StatusCode::UNAUTHORIZED
    );
    s.sign_in_with(MANAGER, "spring river flows").await;
    let actions: Vec<Value> = s
        .audit_entries("?user=zhushan.manager")
        .await
        .iter()
        .map(|e| e["action"].clone())
        .collect();
    assert_eq!(
        actions,
        [
            "sign_in",
            "sign_in_failed",
            "password_changed",
            "sign_in_failed",
            "sign_in",
            "sign_in"
        ]
        .map(|a| json!(a))
    );
}
