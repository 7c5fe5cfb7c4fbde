//! The built app, served from memory: every file is read at start-up and
//! precompressed before listening. Paths that aren't files get index.html,
//! so deep links like `/book/meal/...` open the single-page app.

use std::collections::HashMap;
use std::path::Path;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::asset::{Asset, IMMUTABLE, NO_CACHE};
use crate::csp;
use crate::routes;
use crate::state::AppState;

pub struct StaticFiles {
    /// Keyed by URL path, e.g. `/index.html`, `/data/catalog.json`.
    files: HashMap<String, Asset>,
    /// The Content-Security-Policy of the pages, with index.html's inline
    /// scripts' hashes.
    policy: HeaderValue,
}

impl StaticFiles {
    /// Reads the folder; `Ok(None)` if it doesn't exist.
    pub fn load(dir: &Path) -> std::io::Result<Option<StaticFiles>> {
        if !dir.is_dir() {
            return Ok(None);
        }
        let mut files = HashMap::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(folder) = pending.pop() {
            for entry in std::fs::read_dir(&folder)? {
                let path = entry?.path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                let Ok(rel) = path.strip_prefix(dir) else {
                    continue;
                };
                let Some(rel) = rel.to_str() else { continue };
                let url = format!("/{}", rel.replace('\\', "/"));
                let name = url.rsplit('/').next().unwrap_or("");
                let asset = Asset::new(
                    std::fs::read(&path)?,
                    &content_type(name),
                    if is_hashed(name) { IMMUTABLE } else { NO_CACHE },
                );
                files.insert(url, asset);
            }
        }
        let index = std::fs::read_to_string(dir.join("index.html")).unwrap_or_default();
        let policy = HeaderValue::from_str(&csp::policy_for(&index))
            .map_err(|e| std::io::Error::other(format!("index.html's policy: {e}")))?;
        Ok(Some(StaticFiles { files, policy }))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every file, for precompression.
    pub fn assets(&self) -> impl Iterator<Item = &Asset> {
        self.files.values()
    }

    fn get(&self, path: &str) -> Option<&Asset> {
        if path.ends_with('/') {
            return self.files.get(&format!("{path}index.html"));
        }
        self.files.get(path)
    }
}

fn content_type(name: &str) -> String {
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let essence = mime.essence_str();
    match essence {
        "application/wasm" => essence.to_owned(),
        _ if mime.type_() == "text" || essence == "application/javascript" => {
            format!("{essence}; charset=utf-8")
        }
        _ => essence.to_owned(),
    }
}

/// Trunk names built assets `name-<hash>.ext` (and `name-<hash>_bg.wasm`):
/// their content never changes under that name, so caches keep them a year.
fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Everything outside `/api/v1`.
pub async fn handler(
    State(st): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return routes::not_found().await.into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        let mut r = StatusCode::METHOD_NOT_ALLOWED.into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let Some(files) = st.statics.as_deref() else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    if let Some(asset) = files.get(path) {
        let mut response = asset.respond(&headers);
        if asset.is_html() {
            csp::add_page_headers(response.headers_mut(), &files.policy);
        }
        return response;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    // A missing file (it has an extension) is a real 404, not the app.
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match files.get("/index.html") {
        Some(index) => {
            let mut response = index.respond(&headers);
            csp::add_page_headers(response.headers_mut(), &files.policy);
            response
        }
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashes_are_recognised() {
        assert!(is_hashed("linli-app-3f2a9c1d0b7e6a55.js"));
        assert!(is_hashed("linli-app-3f2a9c1d0b7e6a55_bg.wasm"));
        assert!(is_hashed("main-0123456789abcdef.css"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("config.json"));
        assert!(!is_hashed("dongshan-zhushan.json"));
    }

    #[test]
    fn wasm_and_text_types() {
        assert_eq!(content_type("a_bg.wasm"), "application/wasm");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.json"), "application/json");
    }
}
