//! The built app, served from memory: every file is read at start-up and
//! precompressed before listening. Paths that aren't files get a page, so
//! deep links open the single-page app: the staff page
//! (`volunteer/index.html`, its own bundle) for `/volunteer` and `/manage`
//! and below them, the residents' `index.html` for everything else.

use std::collections::HashMap;
use std::path::Path;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::asset::{Asset, IMMUTABLE, NO_CACHE};
use crate::csp;
use crate::routes;
use crate::state::AppState;

/// The residents' page.
const INDEX: &str = "/index.html";
/// The staff page, and the paths it answers for (with what is below them).
const STAFF_PAGE: &str = "/volunteer/index.html";
const STAFF_PATHS: [&str; 2] = ["/volunteer", "/manage"];

pub struct StaticFiles {
    /// Keyed by URL path, e.g. `/index.html`, `/data/catalog.json`.
    files: HashMap<String, Asset>,
    /// Each page's Content-Security-Policy, by the page's URL path: the
    /// hashes of its own inline scripts.
    policies: HashMap<String, HeaderValue>,
}

impl StaticFiles {
    /// Reads the folder; `Ok(None)` if it doesn't exist.
    pub fn load(dir: &Path) -> std::io::Result<Option<StaticFiles>> {
        if !dir.is_dir() {
            return Ok(None);
        }
        let mut files = HashMap::new();
        let mut policies = HashMap::new();
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
                if asset.is_html() {
                    let policy = csp::policy_for(&String::from_utf8_lossy(asset.bytes()));
                    let policy = HeaderValue::from_str(&policy)
                        .map_err(|e| std::io::Error::other(format!("{url}'s policy: {e}")))?;
                    policies.insert(url.clone(), policy);
                }
                files.insert(url, asset);
            }
        }
        Ok(Some(StaticFiles { files, policies }))
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

    /// The file at `path` (a folder's `index.html` for `…/`), by its key.
    fn get(&self, path: &str) -> Option<(&str, &Asset)> {
        let key = match path.strip_suffix('/') {
            Some(folder) => format!("{folder}/index.html"),
            None => path.to_owned(),
        };
        self.files.get_key_value(&key).map(|(k, a)| (k.as_str(), a))
    }

    /// The page that opens at `path` when no file is there: the staff page
    /// below its paths (when the build has one), else the residents'.
    fn page_for(&self, path: &str) -> Option<(&str, &Asset)> {
        let staff = STAFF_PATHS.iter().any(|p| {
            path.strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        });
        staff
            .then(|| self.get(STAFF_PAGE))
            .flatten()
            .or_else(|| self.get(INDEX))
    }

    /// A file's answer; a page's with its policy and page headers.
    fn respond(&self, key: &str, asset: &Asset, headers: &HeaderMap) -> Response {
        let mut response = asset.respond(headers);
        if let Some(policy) = self.policies.get(key) {
            csp::add_page_headers(response.headers_mut(), policy);
        }
        response
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
    if let Some((key, asset)) = files.get(path) {
        return files.respond(key, asset, &headers);
    }
    let last = path.rsplit('/').next().unwrap_or("");
    // A missing file (it has an extension) is a real 404, not the app.
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match files.page_for(path) {
        Some((key, page)) => files.respond(key, page, &headers),
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

    fn files(paths: &[&str]) -> StaticFiles {
        let page = |p: &&str| {
            (
                p.to_string(),
                Asset::new(p.as_bytes().to_vec(), "text/html", NO_CACHE),
            )
        };
        StaticFiles {
            files: paths.iter().map(page).collect(),
            policies: HashMap::new(),
        }
    }

    #[test]
    fn staff_paths_open_the_staff_page_and_the_rest_the_residents() {
        let both = files(&[INDEX, STAFF_PAGE]);
        let page = |path| both.page_for(path).map(|(key, _)| key);
        for path in [
            "/volunteer",
            "/volunteer/roster",
            "/manage",
            "/manage/accounts/7",
        ] {
            assert_eq!(page(path), Some(STAFF_PAGE), "{path}");
        }
        for path in ["/", "/my", "/book/meal", "/volunteers", "/managers/x"] {
            assert_eq!(page(path), Some(INDEX), "{path}");
        }
        // A build without the staff page: the residents' page says "not found".
        let residents = files(&[INDEX]);
        assert_eq!(
            residents.page_for("/volunteer").map(|(k, _)| k),
            Some(INDEX)
        );
        assert_eq!(both.get("/volunteer/").map(|(k, _)| k), Some(STAFF_PAGE));
    }

    #[test]
    fn wasm_and_text_types() {
        assert_eq!(content_type("a_bg.wasm"), "application/wasm");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.json"), "application/json");
    }
}
