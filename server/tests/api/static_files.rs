//! The built app: files from memory, brotli, caching, and the SPA fallback
//! to the residents' page or the staff page.

use crate::common;

use std::io::Read;

use common::TestServer;
use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH,
};

const INDEX: &str = "<!doctype html><html lang=\"zh-CN\"><head><title>邻里</title></head><body>";
const JS_NAME: &str = "linli-app-3f2a9c1d0b7e6a55.js";

fn fake_dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = format!("{INDEX}{}</body></html>", "<p>placeholder</p>".repeat(40));
    std::fs::write(dir.path().join("index.html"), index).expect("index");
    let js = "export function hello() { return 'linli'; }\n".repeat(200);
    std::fs::write(dir.path().join(JS_NAME), js).expect("js");
    std::fs::write(
        dir.path().join("linli-app-3f2a9c1d0b7e6a55_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .expect("wasm");
    std::fs::create_dir_all(dir.path().join("data/centers")).expect("data dir");
    std::fs::write(
        dir.path().join("data/catalog.json"),
        b"{\"streets\":[],\"centers\":[]}",
    )
    .expect("json");
    dir
}

#[tokio::test]
async fn files_are_served_with_types_and_cache_rules() {
    let dist = fake_dist();
    let s = TestServer::start_with(Some(dist.path().to_owned()), false).await;
    let get = |path: &str| {
        s.client
            .get(s.url(path))
            .header(ACCEPT_ENCODING, "identity")
            .send()
    };

    let r = get("/").await.expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[CACHE_CONTROL], "no-cache");
    assert_eq!(r.headers()[CONTENT_TYPE], "text/html; charset=utf-8");
    assert!(r.text().await.expect("text").starts_with(INDEX));

    let r = get(&format!("/{JS_NAME}")).await.expect("request");
    assert_eq!(
        r.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert!(
        r.headers()[CONTENT_TYPE]
            .to_str()
            .expect("type")
            .contains("javascript")
    );
    let etag = r.headers()[ETAG].clone();
    let r = s
        .client
        .get(s.url(&format!("/{JS_NAME}")))
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);

    let r = get("/linli-app-3f2a9c1d0b7e6a55_bg.wasm")
        .await
        .expect("request");
    assert_eq!(r.headers()[CONTENT_TYPE], "application/wasm");

    let r = get("/data/catalog.json").await.expect("request");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[CACHE_CONTROL], "no-cache");
}

#[tokio::test]
async fn deep_links_get_the_app_but_missing_files_404() {
    let dist = fake_dist();
    let s = TestServer::start_with(Some(dist.path().to_owned()), false).await;
    // This build has no staff page: its paths get the residents' page too.
    for path in [
        "/book/meal/dongshan-zhushan",
        "/my",
        "/volunteer/roster?date=2026-11-27",
    ] {
        let r = s.client.get(s.url(path)).send().await.expect("request");
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(r.text().await.expect("text").starts_with(INDEX), "{path}");
    }
    for path in ["/missing.js", "/data/centers/nowhere.json"] {
        let r = s.client.get(s.url(path)).send().await.expect("request");
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // The API keeps its JSON answers even with the app present.
    let (status, body) = s.get("/api/v1/nope").await;
    assert_eq!(
        (status, common::error_of(&body).0),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let r = s.client.post(s.url("/")).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let r = s.client.head(s.url("/")).send().await.expect("request");
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn brotli_is_served_once_compressed() {
    let dist = fake_dist();
    let s = TestServer::start_with(Some(dist.path().to_owned()), true).await;
    let original = std::fs::read(dist.path().join(JS_NAME)).expect("js");
    // Compressed before listening: the first answer is already brotli.
    let r = s
        .client
        .get(s.url(&format!("/{JS_NAME}")))
        .header(ACCEPT_ENCODING, "gzip, deflate, br")
        .send()
        .await
        .expect("request");
    assert_eq!(r.headers()[CONTENT_ENCODING], "br");
    let compressed = r.bytes().await.expect("body");
    assert!(compressed.len() < original.len() / 4);
    let mut decoded = Vec::new();
    brotli::Decompressor::new(&compressed[..], 4096)
        .read_to_end(&mut decoded)
        .expect("valid brotli");
    assert_eq!(decoded, original);

    // gzip for clients without brotli; catalog JSON is compressed too.
    let r = s
        .client
        .get(s.url(&format!("/{JS_NAME}")))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .expect("request");
    assert_eq!(r.headers()[CONTENT_ENCODING], "gzip");
    let r = s
        .client
        .get(s.url("/api/v1/catalog"))
        .header(ACCEPT_ENCODING, "br")
        .send()
        .await
        .expect("request");
    assert_eq!(
        r.headers()[CONTENT_ENCODING],
        "br",
        "catalog served with brotli"
    );
    let r = s
        .client
        .get(s.url("/index.html"))
        .header(ACCEPT_ENCODING, "br")
        .send()
        .await
        .expect("request");
    assert_eq!(r.headers()[CONTENT_ENCODING], "br");
}

#[tokio::test]
async fn pages_carry_a_policy_naming_their_loader_and_api_answers_no_referrer() {
    let dist = fake_dist();
    let loader = "import init from '/linli-app.js';await init();";
    let index = format!("{INDEX}<script type=\"module\">{loader}</script></body></html>");
    std::fs::write(dist.path().join("index.html"), index).expect("index");
    let s = TestServer::start_with(Some(dist.path().to_owned()), false).await;
    for path in ["/", "/book/meal/dongshan-zhushan"] {
        let r = s.client.get(s.url(path)).send().await.expect("request");
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().expect("ascii");
        // What the browser computes over the inline script's text.
        use base64::Engine;
        use sha2::Digest;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(loader));
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert!(
            h["permissions-policy"]
                .to_str()
                .expect("ascii")
                .contains("camera=()")
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
    }
    let r = s
        .client
        .get(s.url("/api/v1/catalog"))
        .send()
        .await
        .expect("request");
    assert_eq!(r.headers()["referrer-policy"], "no-referrer");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn the_staff_page_opens_below_its_paths_with_a_policy_of_its_own() {
    use base64::Engine;
    use sha2::Digest;
    let hash = |script: &str| {
        let digest = sha2::Sha256::digest(script);
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    };
    let dist = fake_dist();
    let (loader, staff_loader) = ("init('/linli-app.js')", "init('/linli-staff.js')");
    let page = |title: &str, script: &str| {
        format!("<!doctype html><title>{title}</title><script type=\"module\">{script}</script>")
    };
    std::fs::write(dist.path().join("index.html"), page("residents", loader)).expect("index");
    std::fs::create_dir_all(dist.path().join("volunteer")).expect("dir");
    std::fs::write(
        dist.path().join("volunteer/index.html"),
        page("staff", staff_loader),
    )
    .expect("staff page");
    let s = TestServer::start_with(Some(dist.path().to_owned()), false).await;
    let open = async |path: &str| {
        let r = s.client.get(s.url(path)).send().await.expect("request");
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .to_owned();
        (r.text().await.expect("text"), csp)
    };
    for path in [
        "/volunteer",
        "/volunteer/",
        "/volunteer/roster?date=2026-11-27",
        "/manage",
        "/manage/accounts",
    ] {
        let (body, csp) = open(path).await;
        assert!(body.contains("<title>staff</title>"), "{path}: {body}");
        assert!(csp.contains(&hash(staff_loader)), "{path}: {csp}");
        assert!(!csp.contains(&hash(loader)), "{path}: {csp}");
    }
    for path in ["/", "/my", "/volunteers", "/book/meal"] {
        let (body, csp) = open(path).await;
        assert!(body.contains("<title>residents</title>"), "{path}: {body}");
        assert!(csp.contains(&hash(loader)), "{path}: {csp}");
        assert!(!csp.contains(&hash(staff_loader)), "{path}: {csp}");
    }
}
