//! The headers every HTML answer carries: a Content-Security-Policy that
//! allows only our own files, WebAssembly, and the exact inline scripts of
//! the built index.html (Trunk's loader), named by their SHA-256; no
//! framing; no referrer; no powerful browser features.

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// The CSP for a page, with a hash source for each of its inline scripts.
pub fn policy_for(html: &str) -> String {
    let hashes: String = inline_scripts(html)
        .map(|script| format!(" 'sha256-{}'", STANDARD.encode(Sha256::digest(script))))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; \
         worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The text of each `<script>` without a `src`, exactly as served (the
/// browser hashes those bytes). Trunk writes plain, attribute-light tags;
/// this is a scan of that output, not a general HTML parser.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let open = rest.find("<script")?;
            let after = &rest[open..];
            let tag_end = after.find('>')?;
            let tag = &after[..tag_end];
            let body = &after[tag_end + 1..];
            let close = body.find("</script")?;
            rest = &body[close..];
            if !tag.contains(" src=") {
                return Some(&body[..close]);
            }
        }
    })
}

/// Adds the page headers to an HTML answer.
pub fn add_page_headers(headers: &mut HeaderMap, policy: &HeaderValue) {
    headers.insert(header::CONTENT_SECURITY_POLICY, policy.clone());
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_files_are_not() {
        let html = r#"<html><head><script type="module">import init from '/a.js';await init();</script>
            <script src="/b.js"></script><script>x()</script></head></html>"#;
        let scripts: Vec<&str> = inline_scripts(html).collect();
        assert_eq!(scripts, ["import init from '/a.js';await init();", "x()"]);
        let policy = policy_for(html);
        // echo -n 'x()' | openssl dgst -sha256 -binary | base64
        assert!(
            policy.contains("'sha256-D6IGS8VMvCoyaR/l0h9tERrBTATY01CoPS7l6xDv0kI='"),
            "{policy}"
        );
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("'wasm-unsafe-eval'"));
        assert!(!policy.contains("unsafe-inline"));
        assert_eq!(policy_for("<p>no scripts</p>").matches("sha256").count(), 0);
    }
}
