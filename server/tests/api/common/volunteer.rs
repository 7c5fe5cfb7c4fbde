//! Signing in as a volunteer and calling the console's endpoints.

use linli_server::config::{PinCommand, StoreArgs};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{TestServer, data_dir, lunch, meal_request, request};

/// The demo PIN the README gives for the sample data.
pub const DEMO_PIN: &str = "246810";
pub const CENTER: &str = "dongshan-zhushan";
pub const OTHER_CENTER: &str = "chunhua-jiexi";
pub const MONDAY: &str = "2026-11-30";

impl TestServer {
    /// Sets a centre's PIN the way `linli-server pin set` does, on this
    /// server's database while it runs.
    pub async fn set_pin(&self, center: &str, pin: &str) {
        let command = PinCommand::Set {
            center: center.into(),
            pin: Some(pin.into()),
            store: StoreArgs {
                db: self.db.location.clone(),
                data: data_dir(),
            },
        };
        linli_server::pin::run(command, 0).await.expect("pin set");
    }

    pub async fn try_sign_in(&self, center: &str, pin: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/volunteer/session"))
            .json(&json!({"center_id": center, "pin": pin}))
            .send()
            .await
            .expect("request")
    }

    /// Sets the PIN and signs in: the bearer token.
    pub async fn volunteer(&self, center: &str) -> String {
        self.set_pin(center, DEMO_PIN).await;
        let r = self.try_sign_in(center, DEMO_PIN).await;
        assert_eq!(r.status(), StatusCode::OK);
        let body: Value = r.json().await.expect("json");
        body["token"].as_str().expect("token").to_owned()
    }

    /// A request with a bearer token (or none), and a JSON body if given.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> reqwest::Response {
        // Every POST with a fresh key: walk-ins need one, the rest ignore it.
        let post = method == Method::POST;
        let mut req = self.client.request(method, self.url(path));
        if post {
            req = req.header("Idempotency-Key", super::fresh_key());
        }
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        req.send().await.expect("request")
    }

    pub async fn vget(&self, path: &str, token: &str) -> (StatusCode, Value) {
        let r = self.call(Method::GET, path, Some(token), None).await;
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn vpost(
        &self,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let r = self.call(Method::POST, path, Some(token), body).await;
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// `/volunteer/bookings/{code}/{action}` for a booking answer.
    pub async fn act(&self, token: &str, booking: &Value, action: &str) -> (StatusCode, Value) {
        let code = booking["code"].as_str().expect("code");
        let body = (action == "cancel").then(|| json!({"reason": "住院了"}));
        self.vpost(
            &format!("/api/v1/volunteer/bookings/{code}/{action}"),
            token,
            body.as_ref(),
        )
        .await
    }

    /// The roster of the token's centre on a date.
    pub async fn roster(&self, token: &str, date: &str) -> Value {
        let (status, roster) = self
            .vget(&format!("/api/v1/volunteer/roster?date={date}"), token)
            .await;
        assert_eq!(status, StatusCode::OK, "{roster}");
        roster
    }
}

/// The roster slot with this id.
pub fn slot<'a>(roster: &'a Value, id: &str) -> &'a Value {
    roster["slots"]
        .as_array()
        .expect("slots")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("{id} not on the roster"))
}

pub async fn book_ok(s: &TestServer, body: Value) -> Value {
    let (status, b) = s.book(&body).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    b
}

/// Monday 2026-11-30 at dongshan-zhushan: two lunches, a health check, a mediation.
pub async fn monday(s: &TestServer) {
    let mut a = meal_request(&lunch(MONDAY), "13812345678", 2);
    a["consent"]["sensitive"] = json!(true);
    a["details"] = json!({"kind": "meal", "dining": "dine_in", "diet": ["low_salt", "soft"]});
    book_ok(s, a).await;
    let mut b = meal_request(&lunch(MONDAY), "025-52345678", 1);
    b["name"] = json!("Wang Li");
    b["details"] = json!({"kind": "meal", "dining": "takeaway", "price_band": "age80"});
    book_ok(s, b).await;
    let care = json!({"kind": "care", "note": "需要轮椅"});
    book_ok(
        s,
        request(
            "dongshan-zhushan-health@2026-11-30T08:30",
            "13900001111",
            care,
        ),
    )
    .await;
    let mediation = json!({"kind": "mediation", "category": "neighbor",
        "other_party": "王某", "summary": "楼上漏水"});
    book_ok(
        s,
        request(
            "dongshan-zhushan-mediation@2026-11-30T09:00",
            "13900002222",
            mediation,
        ),
    )
    .await;
}
