//! The document and the router come from the same `routes!` calls; these
//! hold them to it: every route the router has is documented, and every
//! reference in the document resolves.

use std::collections::BTreeSet;

use axum::Router;
use serde_json::Value;

use super::{api, openapi_document};

/// The paths the router serves, read from its `Debug` (axum lists each
/// route's path there; it has no other way to list them).
fn routed_paths() -> BTreeSet<String> {
    let router: Router<crate::AppState> = api();
    let debug = format!("{router:?}");
    // The fallbacks' router (`/` and a catch-all) comes after the routes.
    let (routes, _) = debug
        .split_once("fallback_router")
        .expect("the router's Debug names its fallback router");
    routes
        .split('"')
        .filter(|s| s.starts_with('/'))
        // axum's own catch-all routes for the fallbacks.
        .filter(|s| !s.contains("__private__axum"))
        .map(str::to_owned)
        .collect()
}

fn document() -> Value {
    openapi_document()
}

#[test]
fn every_route_is_documented_and_every_documented_path_is_routed() {
    let routed = routed_paths();
    let doc = document();
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .cloned()
        .collect();
    assert!(
        routed.len() >= 17,
        "the router's paths were found: {routed:?}"
    );
    assert_eq!(routed, documented);
}

#[test]
fn every_reference_resolves() {
    let doc = document();
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        let pointer = r.strip_prefix('#').expect("a local reference");
        assert!(doc.pointer(pointer).is_some(), "{r} resolves");
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

#[test]
fn every_operation_has_a_summary_and_its_error_answers() {
    let doc = document();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("a path item") {
            let at = format!("{method} {path}");
            assert!(op["summary"].is_string(), "{at} has a summary");
            let responses = op["responses"].as_object().expect("responses");
            let takes_body = op.get("requestBody").is_some();
            for status in ["400", "413", "415"] {
                assert_eq!(responses.contains_key(status), takes_body, "{at} {status}");
            }
            let secured = op.get("security").is_some();
            if secured {
                assert!(responses.contains_key("401"), "{at} 401");
            }
        }
    }
}

#[test]
fn operation_ids_are_unique_and_error_codes_are_the_servers() {
    let doc = document();
    let mut ids = BTreeSet::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("a path item").values() {
            let id = op["operationId"].as_str().expect("an operationId");
            assert!(ids.insert(id.to_owned()), "{id} twice");
        }
    }
    let codes = doc["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .expect("codes");
    assert!(codes.contains(&Value::from("slot_full")));
    assert!(!codes.contains(&Value::from("unknown")));
}

#[test]
fn links_name_their_operations_in_camel_case() {
    let doc = document();
    let link = &doc["paths"]["/bookings"]["post"]["responses"]["201"]["links"]["Cancel"];
    assert_eq!(link["operationId"], "cancel_booking");
    assert_eq!(link["requestBody"]["phone"], "$request.body#/phone");
    assert!(link.get("operation_id").is_none());
}
