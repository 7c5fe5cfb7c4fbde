//! Staff accounts and the management API: accounts made as `linli-server
//! admin create` makes them, sign-ins, and requests with the session
//! cookie (and its CSRF token) or a bearer token.

use linli_server::config::{AdminCommand, StoreArgs};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

use super::{TestServer, data_dir};

pub const ADMIN: &str = "qu.admin";
pub const STREET: &str = "dongshan.office";
pub const MANAGER: &str = "zhushan.manager";
pub const OTHER_MANAGER: &str = "jiexi.manager";
pub const PASSWORD: &str = "lotus pond 2026";

/// A signed-in staff member, as the console (cookie and CSRF token) or a
/// script (bearer token) holds the session.
#[derive(Clone, Debug)]
pub enum Session {
    Cookie {
        token: String,
        csrf: String,
    },
    Bearer(String),
    /// The cookie without the CSRF token (a forged cross-site request).
    CookieOnly(String),
    None,
}

impl Session {
    pub fn csrf(&self) -> &str {
        match self {
            Session::Cookie { csrf, .. } => csrf,
            _ => "",
        }
    }
}

impl TestServer {
    /// Creates an account the way `linli-server admin create` does.
    pub async fn account(&self, user: &str, role: &str, scope: Option<&str>) {
        let (street, center) = match role {
            "street_office" => (scope.map(str::to_owned), None),
            "center_manager" => (None, scope.map(str::to_owned)),
            _ => (None, None),
        };
        let command = AdminCommand::Create {
            user: user.into(),
            role: role.into(),
            street,
            center,
            store: StoreArgs {
                db: self.db.location.clone(),
                data: data_dir(),
            },
        };
        linli_server::admin::run(
            command,
            PASSWORD,
            self.clock.0.load(std::sync::atomic::Ordering::SeqCst),
        )
        .await
        .expect("admin create");
    }

    /// The admin, a street office of dongshan and the managers of
    /// dongshan-zhushan and chunhua-jiexi.
    pub async fn staff(&self) {
        self.account(ADMIN, "district_admin", None).await;
        self.account(STREET, "street_office", Some("dongshan"))
            .await;
        self.account(MANAGER, "center_manager", Some("dongshan-zhushan"))
            .await;
        self.account(OTHER_MANAGER, "center_manager", Some("chunhua-jiexi"))
            .await;
    }

    pub async fn try_staff_sign_in(
        &self,
        user: &str,
        password: &str,
        bearer: bool,
    ) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/manage/session"))
            .json(&json!({"user_name": user, "password": password, "bearer": bearer}))
            .send()
            .await
            .expect("request")
    }

    /// Signs in as the console does: the cookie's token and the CSRF token.
    pub async fn sign_in_as(&self, user: &str) -> Session {
        self.sign_in_with(user, PASSWORD).await
    }

    pub async fn sign_in_with(&self, user: &str, password: &str) -> Session {
        let r = self.try_staff_sign_in(user, password, false).await;
        assert_eq!(r.status(), StatusCode::OK, "{user}");
        let token = session_cookie(&r).expect("a session cookie");
        let body: Value = r.json().await.expect("json");
        let csrf = body["csrf_token"].as_str().expect("csrf").to_owned();
        Session::Cookie { token, csrf }
    }

    /// Signs in as a script does: a bearer token.
    pub async fn bearer_for(&self, user: &str) -> Session {
        let r = self.try_staff_sign_in(user, PASSWORD, true).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers().get(header::SET_COOKIE).is_none());
        let body: Value = r.json().await.expect("json");
        Session::Bearer(body["token"].as_str().expect("token").to_owned())
    }

    pub async fn manage(
        &self,
        method: Method,
        path: &str,
        session: &Session,
        body: Option<&Value>,
    ) -> reqwest::Response {
        let mut req = self
            .client
            .request(method, self.url(&format!("/api/v1/manage{path}")));
        match session {
            Session::Cookie { token, csrf } => {
                req = req
                    .header(header::COOKIE, format!("linli_staff={token}"))
                    .header("X-CSRF-Token", csrf);
            }
            Session::CookieOnly(token) => {
                req = req.header(header::COOKIE, format!("linli_staff={token}"));
            }
            Session::Bearer(token) => req = req.bearer_auth(token),
            Session::None => {}
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        req.send().await.expect("request")
    }

    /// A management request's status and JSON answer.
    pub async fn mg(
        &self,
        method: Method,
        path: &str,
        session: &Session,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let r = self.manage(method, path, session, body).await;
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// The audit log's entries, newest first, as the admin's bearer sees them.
    pub async fn audit_entries(&self, query: &str) -> Vec<Value> {
        let admin = self.bearer_for(ADMIN).await;
        let (status, page) = self
            .mg(Method::GET, &format!("/audit{query}"), &admin, None)
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        page["entries"].as_array().expect("entries").clone()
    }
}

/// The token of the `linli_staff` cookie a sign-in set.
pub fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("linli_staff="))
        .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
}
