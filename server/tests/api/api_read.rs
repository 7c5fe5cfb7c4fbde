//! Health, catalog, centres, slots and the API's own 404/405 answers.

use crate::common;

use common::{LUNCH, TestServer, error_of};
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use serde_json::Value;

#[tokio::test]
async fn health_says_ok_and_names_the_store() {
    let s = TestServer::start().await;
    let (status, body) = s.get("/api/v1/health").await;
    assert_eq!(status, StatusCode::OK);
    let store = if s.db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(
        body,
        serde_json::json!({"status": "ok", "store": store, "database": "ok",
            "texts": {"pending": 0, "retrying": 0, "failed": 0}})
    );
}

#[tokio::test]
async fn catalog_matches_the_file_and_honours_etags() {
    let s = TestServer::start().await;
    let r = s
        .client
        .get(s.url("/api/v1/catalog"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[CACHE_CONTROL], "no-cache");
    let etag = r.headers()[ETAG].clone();
    let served: Value = r.json().await.expect("json");
    let file: Value = serde_json::from_slice(
        &std::fs::read(common::data_dir().join("catalog.json")).expect("file"),
    )
    .expect("json");
    assert_eq!(served, file);

    let again = s
        .client
        .get(s.url("/api/v1/catalog"))
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(again.bytes().await.expect("body").is_empty());
}

#[tokio::test]
async fn centres_are_served_like_their_files() {
    let s = TestServer::start().await;
    let (status, served) = s.get("/api/v1/centers/dongshan-zhushan").await;
    assert_eq!(status, StatusCode::OK);
    let file: Value = serde_json::from_slice(
        &std::fs::read(common::data_dir().join("centers/dongshan-zhushan.json")).expect("file"),
    )
    .expect("json");
    assert_eq!(served, file);
    for missing in ["nowhere", "Bad%20Id", "..%2Fcatalog"] {
        let (status, body) = s.get(&format!("/api/v1/centers/{missing}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
        assert_eq!(error_of(&body), ("center_not_found", None));
    }
}

#[tokio::test]
async fn slots_have_the_contract_shape() {
    let s = TestServer::start().await;
    let (status, body) = s
        .get("/api/v1/slots?center=dongshan-zhushan&kind=meal&from=2026-11-30&days=2")
        .await;
    assert_eq!(status, StatusCode::OK);
    let slots = body.as_array().expect("array");
    // Lunch both days, dinner on Monday and Tuesday.
    assert_eq!(slots.len(), 4);
    assert_eq!(
        slots[0],
        serde_json::json!({
            "id": format!("{LUNCH}@2026-11-30T11:00"),
            "offering_id": LUNCH,
            "center_id": "dongshan-zhushan",
            "kind": "meal",
            "date": "2026-11-30",
            "start": "11:00",
            "end": "12:30",
            "capacity": 40,
            "remaining": 40
        })
    );
    // Defaults: from today, 7 days, every kind; started slots included.
    let (status, body) = s.get("/api/v1/slots?center=dongshan-zhushan").await;
    assert_eq!(status, StatusCode::OK);
    let slots = body.as_array().expect("array");
    assert_eq!(slots[0]["date"], common::TODAY);
    assert!(slots.iter().any(|s| s["kind"] == "legal"));
    assert!(slots.iter().any(|s| s["date"] == "2026-12-03"));
    assert!(!slots.iter().any(|s| s["date"] == "2026-12-04"));
}

#[tokio::test]
async fn slot_parameters_are_checked() {
    let s = TestServer::start().await;
    let cases = [
        ("center=dongshan-zhushan&days=0", "days"),
        ("center=dongshan-zhushan&days=32", "days"),
        ("center=dongshan-zhushan&days=abc", "days"),
        ("center=dongshan-zhushan&from=2026-02-30", "from"),
        ("center=dongshan-zhushan&from=tomorrow", "from"),
        ("center=dongshan-zhushan&kind=party", "kind"),
        ("kind=meal", "center"),
    ];
    for (query, field) in cases {
        let (status, body) = s.get(&format!("/api/v1/slots?{query}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(
            error_of(&body),
            ("invalid_parameter", Some(field)),
            "{query}"
        );
    }
    let (status, body) = s.get("/api/v1/slots?center=atlantis").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_of(&body).0, "center_not_found");
    let (status, body) = s.get("/api/v1/slots?center=dongshan-zhushan&days=31").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.as_array().is_some_and(|a| !a.is_empty()));
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_json() {
    let s = TestServer::start().await;
    for path in ["/api/v1/nothing", "/api/v2/catalog", "/api/v1", "/api"] {
        let (status, body) = s.get(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(error_of(&body).0, "not_found", "{path}");
    }
    let r = s
        .client
        .delete(s.url("/api/v1/catalog"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: Value = r.json().await.expect("json");
    assert_eq!(error_of(&body).0, "method_not_allowed");
    // Without a built app, other paths are plain 404s.
    let r = s.client.get(s.url("/")).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn openapi_document_is_served_and_names_every_method_of_every_route() {
    let s = TestServer::start().await;
    let (status, doc) = s.get("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
    // The paths are the router's (a unit test in routes/ holds them to it);
    // here each path's methods are: a documented one is routed, any other
    // is 405.
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.contains_key("/bookings/{code}/cancel"));
    for (path, item) in paths {
        let url = s.url(&format!(
            "/api/v1{}",
            path.replace("{code}", "K7QM-2P9D").replace("{id}", "x")
        ));
        for method in ["get", "post", "put", "patch", "delete"] {
            let documented = item.get(method).is_some();
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let r = s.client.request(m, &url).send().await.expect("request");
            let routed = r.status() != StatusCode::METHOD_NOT_ALLOWED;
            assert_eq!(routed, documented, "{method} {path}: {}", r.status());
        }
    }
}
