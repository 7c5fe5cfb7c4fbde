//! Staff sign-in to the management console: the cookie and its CSRF
//! token, bearer tokens, expiry, sign-out and the limit on wrong passwords.

use crate::common;

use common::manage::{ADMIN, MANAGER, PASSWORD, STREET, Session, session_cookie};
use common::{TODAY, TestServer, error_of};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

#[tokio::test]
async fn signing_in_sets_a_strict_http_only_cookie_and_stores_only_hashes() {
    let s = TestServer::start().await;
    s.staff().await;
    let r = s.try_staff_sign_in(" Qu.Admin ", PASSWORD, false).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CACHE_CONTROL], "no-store");
    let set = r.headers()[header::SET_COOKIE]
        .to_str()
        .expect("ascii")
        .to_owned();
    let token = session_cookie(&r).expect("cookie");
    assert_eq!(
        set,
        format!(
            "linli_staff={token}; Path=/api/v1/manage; HttpOnly; SameSite=Strict; Max-Age=28800"
        ),
        "plain HTTP: no Secure"
    );
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["account"]["user_name"], ADMIN);
    assert_eq!(body["account"]["role"], "district_admin");
    assert_eq!(body["expires_at"], format!("{TODAY}T18:00:00+08:00"));
    assert!(body.get("token").is_none(), "the token stays in the cookie");
    let text = body.to_string();
    assert!(!text.contains(&token) && !text.contains(PASSWORD) && !text.contains("argon2"));

    let hash =
        s.db.one(
            "SELECT password_hash FROM staff_accounts WHERE user_name = $1",
            &[ADMIN],
        )
        .await
        .expect("stored");
    assert!(
        hash.starts_with("$argon2id$") && !hash.contains(PASSWORD),
        "{hash}"
    );
    let stored =
        s.db.rows("SELECT token_hash FROM staff_sessions", &[])
            .await;
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0][0].as_deref(), Some(token.as_str()));

    let session = Session::Cookie {
        token,
        csrf: body["csrf_token"].as_str().expect("csrf").to_owned(),
    };
    let (status, me) = s.mg(Method::GET, "/me", &session, None).await;
    assert_eq!(
        (status, &me["account"]["user_name"]),
        (StatusCode::OK, &json!(ADMIN))
    );
    assert_eq!(me["csrf_token"], body["csrf_token"]);
}

#[tokio::test]
async fn behind_a_trusted_https_proxy_the_cookie_is_secure() {
    let s = TestServer::start_tuned(|c| {
        c.throttle.trusted_proxy = vec!["127.0.0.1/32".parse().expect("net")];
    })
    .await;
    s.staff().await;
    let r = s
        .client
        .post(s.url("/api/v1/manage/session"))
        .header("X-Forwarded-Proto", "https")
        .json(&json!({"user_name": ADMIN, "password": PASSWORD}))
        .send()
        .await
        .expect("request");
    let set = r.headers()[header::SET_COOKIE].to_str().expect("ascii");
    assert!(set.ends_with("; Secure"), "{set}");
}

#[tokio::test]
async fn wrong_passwords_unknown_names_and_disabled_accounts_look_alike() {
    let s = TestServer::start().await;
    s.staff().await;
    let admin = s.bearer_for(ADMIN).await;
    let r = s
        .manage(
            Method::POST,
            &format!("/accounts/{MANAGER}/disable"),
            &admin,
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    for (user, password) in [
        (ADMIN, "lotus pond 2027"),
        ("nobody.here", PASSWORD),
        ("not a name!", PASSWORD),
        (MANAGER, PASSWORD),
    ] {
        let r = s.try_staff_sign_in(user, password, false).await;
        assert!(r.headers().get(header::SET_COOKIE).is_none());
        let status = r.status();
        let body: Value = r.json().await.expect("json");
        assert_eq!(
            (status, error_of(&body)),
            (StatusCode::UNAUTHORIZED, ("invalid_credentials", None)),
            "{user}"
        );
    }
    let failed = s.audit_entries("").await;
    let failed: Vec<&Value> = failed
        .iter()
        .filter(|e| e["action"] == "sign_in_failed")
        .collect();
    assert_eq!(failed.len(), 4);
    // Newest first: the disabled manager, two names without accounts, the admin.
    let who: Vec<&Value> = failed.iter().map(|e| &e["user_name"]).collect();
    assert_eq!(
        who,
        [&json!(MANAGER), &Value::Null, &Value::Null, &json!(ADMIN)]
    );
    assert_eq!(failed[0]["center_id"], "dongshan-zhushan");
    assert_eq!(failed[0]["street_id"], "dongshan");
}

#[tokio::test]
async fn writes_with_the_cookie_need_its_csrf_token() {
    let s = TestServer::start().await;
    s.staff().await;
    let session = s.sign_in_as(ADMIN).await;
    let Session::Cookie { token, .. } = &session else {
        panic!("cookie")
    };
    let new = |name: &str| json!({"user_name": name, "password": "new moon rising", "role": "district_admin"});
    for forged in [
        Session::CookieOnly(token.clone()),
        Session::Cookie {
            token: token.clone(),
            csrf: "0".repeat(64),
        },
    ] {
        let (status, body) = s
            .mg(Method::POST, "/accounts", &forged, Some(&new("ma.yun")))
            .await;
        assert_eq!(
            (status, error_of(&body).0),
            (StatusCode::FORBIDDEN, "csrf_token_invalid")
        );
        let (status, _) = s.mg(Method::DELETE, "/session", &forged, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    // Reads need no token; nothing was created.
    let (status, accounts) = s
        .mg(
            Method::GET,
            "/accounts",
            &Session::CookieOnly(token.clone()),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(accounts.as_array().expect("list").len(), 4);
    let (status, _) = s
        .mg(Method::POST, "/accounts", &session, Some(&new("ma.yun")))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // A bearer token is no cookie a browser sends by itself: no CSRF token.
    let script = s.bearer_for(ADMIN).await;
    let (status, _) = s
        .mg(Method::POST, "/accounts", &script, Some(&new("li.bai")))
        .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn no_session_or_a_bad_token_is_401() {
    let s = TestServer::start().await;
    s.staff().await;
    for session in [
        Session::None,
        Session::Bearer("abc".into()),
        Session::Bearer("0".repeat(64)),
        Session::CookieOnly("0".repeat(64)),
    ] {
        let r = s.manage(Method::GET, "/me", &session, None).await;
        assert_eq!(r.headers()[header::WWW_AUTHENTICATE], "Bearer");
        let status = r.status();
        let body: Value = r.json().await.expect("json");
        assert_eq!(
            (status, error_of(&body).0),
            (StatusCode::UNAUTHORIZED, "unauthorized"),
            "{session:?}"
        );
    }
    // A cookie, when there is one, is the credential: a bearer token
    // beside a stale cookie doesn't make up for it.
    let Session::Bearer(token) = s.bearer_for(ADMIN).await else {
        panic!("bearer")
    };
    let r = s
        .client
        .get(s.url("/api/v1/manage/me"))
        .bearer_auth(&token)
        .header(header::COOKIE, format!("linli_staff={}", "0".repeat(64)))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_end_when_idle_and_at_their_hours() {
    let s = TestServer::start().await;
    s.staff().await;
    let session = s.sign_in_as(STREET).await;
    let me = |at: &'static str| {
        let (s, session) = (&s, &session);
        async move {
            s.clock.set(TODAY, at);
            s.mg(Method::GET, "/me", session, None).await.0
        }
    };
    // 30 minutes idle end it; each use moves the end on.
    assert_eq!(me("10:29").await, StatusCode::OK);
    assert_eq!(me("10:58").await, StatusCode::OK);
    assert_eq!(me("11:28").await, StatusCode::UNAUTHORIZED);

    // However busy, none outlasts 8 hours.
    s.clock.set(TODAY, "10:00");
    let busy = s.sign_in_as(MANAGER).await;
    for minutes in (20..480).step_by(20) {
        let at = format!("{:02}:{:02}", 10 + minutes / 60, minutes % 60);
        s.clock.set(TODAY, &at);
        assert_eq!(
            s.mg(Method::GET, "/me", &busy, None).await.0,
            StatusCode::OK,
            "{at}"
        );
    }
    s.clock.set(TODAY, "18:00");
    assert_eq!(
        s.mg(Method::GET, "/me", &busy, None).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn signing_out_ends_the_session_and_clears_the_cookie() {
    let s = TestServer::start().await;
    s.staff().await;
    let session = s.sign_in_as(MANAGER).await;
    let r = s.manage(Method::DELETE, "/session", &session, None).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let set = r.headers()[header::SET_COOKIE].to_str().expect("ascii");
    assert!(
        set.starts_with("linli_staff=; ") && set.contains("Max-Age=0"),
        "{set}"
    );
    assert_eq!(
        s.mg(Method::GET, "/me", &session, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        s.mg(Method::DELETE, "/session", &session, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    let actions: Vec<Value> = s
        .audit_entries(&format!("?user={MANAGER}"))
        .await
        .iter()
        .map(|e| e["action"].clone())
        .collect();
    assert_eq!(actions, [json!("sign_out"), json!("sign_in")]);
}

async fn wait_of(r: reqwest::Response) -> u64 {
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait = r.headers()[header::RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    let body: Value = r.json().await.expect("json");
    assert_eq!(error_of(&body).0, "rate_limited");
    wait
}

#[tokio::test]
async fn wrong_passwords_are_limited_per_client_and_per_account() {
    let s = TestServer::start().await;
    s.staff().await;
    for _ in 0..5 {
        let r = s.try_staff_sign_in(ADMIN, "wrong password 1", false).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // The client's five a minute are used up, whichever account it tries.
    let wait = wait_of(s.try_staff_sign_in(STREET, PASSWORD, false).await).await;
    assert!((1..=60).contains(&wait), "{wait}");
    // A minute later the client may try again; the account has 5 of 10.
    s.clock.set(TODAY, "10:01");
    assert_eq!(
        s.try_staff_sign_in(STREET, PASSWORD, false).await.status(),
        StatusCode::OK
    );
    for _ in 0..5 {
        let r = s.try_staff_sign_in(ADMIN, "wrong password 2", false).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // Now the account's ten in fifteen minutes are used up: even the right
    // password waits, from any client, until the first failure is 15 minutes old.
    s.clock.set(TODAY, "10:02");
    let wait = wait_of(s.try_staff_sign_in(ADMIN, PASSWORD, false).await).await;
    assert_eq!(wait, 13 * 60);
    assert_eq!(
        s.try_staff_sign_in(STREET, PASSWORD, false).await.status(),
        StatusCode::OK
    );
    s.clock.set(TODAY, "10:15");
    assert_eq!(
        s.try_staff_sign_in(ADMIN, PASSWORD, false).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_password_reset_ends_an_accounts_lock_out() {
    let s = TestServer::start().await;
    s.staff().await;
    s.clock.set(TODAY, "10:00");
    let admin = s.bearer_for(ADMIN).await;
    // Someone runs through the account's ten tries, five a minute.
    for minute in ["10:00", "10:01"] {
        s.clock.set(TODAY, minute);
        for _ in 0..5 {
            let r = s.try_staff_sign_in(STREET, "wrong password 3", false).await;
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        }
    }
    s.clock.set(TODAY, "10:03");
    wait_of(s.try_staff_sign_in(STREET, PASSWORD, false).await).await;
    // The district resets the password: the owner need not wait 15 minutes.
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
        s.try_staff_sign_in(STREET, "autumn harvest moon", false)
            .await
            .status(),
        StatusCode::OK
    );
}
