//! A response body kept in memory with its ETag and compressed variants.
//! Shared by the static files and the catalog endpoints.

use std::io::Write;
use std::sync::OnceLock;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// Files smaller than this gain nothing from compression.
const MIN_COMPRESS: usize = 256;

pub const NO_CACHE: &str = "no-cache";
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub struct Asset {
    content_type: HeaderValue,
    cache_control: &'static str,
    /// Hex digest of the identity bytes; ETags are derived from it.
    digest: String,
    identity: Bytes,
    // Filled by `compress`; until then (or when compression doesn't pay)
    // the identity bytes are served.
    br: OnceLock<Option<Bytes>>,
    gzip: OnceLock<Option<Bytes>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Asset {
    pub fn new(bytes: Vec<u8>, content_type: &str, cache_control: &'static str) -> Asset {
        let digest = sha256_hex(&bytes);
        Asset {
            content_type: HeaderValue::from_str(content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            cache_control,
            digest: digest[..32].to_owned(),
            identity: Bytes::from(bytes),
            br: OnceLock::new(),
            gzip: OnceLock::new(),
        }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.identity
    }

    /// The digest the ETags are made of (hex).
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// Makes the brotli and gzip variants, keeping only those that are smaller.
    pub fn compress(&self, brotli_quality: i32) {
        if !self.compressible() {
            let _ = self.br.set(None);
            let _ = self.gzip.set(None);
            return;
        }
        let smaller = |v: Vec<u8>| (v.len() < self.identity.len()).then(|| Bytes::from(v));
        self.br
            .get_or_init(|| brotli(&self.identity, brotli_quality).and_then(smaller));
        self.gzip
            .get_or_init(|| gzip(&self.identity).and_then(smaller));
    }

    fn compressible(&self) -> bool {
        let ct = self.content_type.to_str().unwrap_or("");
        self.identity.len() >= MIN_COMPRESS
            && (ct.starts_with("text/")
                || ct.starts_with("application/javascript")
                || ct.starts_with("application/json")
                || ct.starts_with("application/wasm")
                || ct.starts_with("application/manifest+json")
                || ct.starts_with("application/xml")
                || ct.starts_with("image/svg+xml"))
    }

    pub fn is_html(&self) -> bool {
        self.content_type.as_bytes().starts_with(b"text/html")
    }

    /// Answers a GET: 304 when the client has it, else the best encoding.
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let (encoding, body) = self.pick(request);
        let etag = match encoding {
            Encoding::Identity => format!("\"{}\"", self.digest),
            Encoding::Gzip => format!("\"{}-gz\"", self.digest),
            Encoding::Brotli => format!("\"{}-br\"", self.digest),
        };
        let not_modified = self.matches(request);
        let mut response = if not_modified {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            Response::new(Body::from(body))
        };
        let h = response.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&etag) {
            h.insert(header::ETAG, v);
        }
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(self.cache_control),
        );
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if !not_modified {
            h.insert(header::CONTENT_TYPE, self.content_type.clone());
            match encoding {
                Encoding::Identity => {}
                Encoding::Gzip => {
                    h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
                }
                Encoding::Brotli => {
                    h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
                }
            }
        }
        response
    }

    fn pick(&self, request: &HeaderMap) -> (Encoding, Bytes) {
        let accepted = accepted_encodings(request);
        if accepted.contains(&Encoding::Brotli)
            && let Some(Some(b)) = self.br.get()
        {
            return (Encoding::Brotli, b.clone());
        }
        if accepted.contains(&Encoding::Gzip)
            && let Some(Some(b)) = self.gzip.get()
        {
            return (Encoding::Gzip, b.clone());
        }
        (Encoding::Identity, self.identity.clone())
    }

    /// `If-None-Match` names any variant of this content (or `*`).
    fn matches(&self, request: &HeaderMap) -> bool {
        request
            .get_all(header::IF_NONE_MATCH)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|tag| tag.trim().trim_start_matches("W/").trim_matches('"'))
            .any(|tag| {
                tag == "*"
                    || tag
                        .strip_prefix(self.digest.as_str())
                        .is_some_and(|rest| matches!(rest, "" | "-gz" | "-br"))
            })
    }
}

/// Compresses the assets at brotli's best quality on every core. Done before
/// listening, so the very first page load is already small.
pub fn compress_all(mut assets: Vec<&Asset>) {
    assets.sort_by_key(|a| std::cmp::Reverse(a.identity.len()));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for t in 0..threads {
            let mine: Vec<&Asset> = assets.iter().skip(t).step_by(threads).copied().collect();
            scope.spawn(move || mine.iter().for_each(|a| a.compress(11)));
        }
    });
}

fn accepted_encodings(request: &HeaderMap) -> Vec<Encoding> {
    let mut out = Vec::new();
    for value in request.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            if refused {
                continue;
            }
            match name.as_str() {
                "br" => out.push(Encoding::Brotli),
                "gzip" => out.push(Encoding::Gzip),
                _ => {}
            }
        }
    }
    out
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn brotli(data: &[u8], quality: i32) -> Option<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::with_capacity(data.len() / 3);
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).ok()?;
    Some(out)
}

fn gzip(data: &[u8]) -> Option<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::best(),
    );
    enc.write_all(data).ok()?;
    enc.finish().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k.clone(), HeaderValue::from_str(v).expect("value"));
        }
        h
    }

    #[test]
    fn negotiates_brotli_then_gzip_then_identity() {
        let asset = Asset::new(
            "hello linli ".repeat(100).into_bytes(),
            "text/plain",
            NO_CACHE,
        );
        asset.compress(5);
        let enc = |ae: &str| {
            let r = asset.respond(&headers(&[(header::ACCEPT_ENCODING, ae)]));
            r.headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap_or("").to_owned())
        };
        assert_eq!(enc("gzip, deflate, br"), Some("br".into()));
        assert_eq!(enc("gzip, br;q=0"), Some("gzip".into()));
        assert_eq!(enc("identity"), None);
    }

    #[test]
    fn if_none_match_gives_304_for_any_variant() {
        let asset = Asset::new(b"{}".to_vec(), "application/json", NO_CACHE);
        let tag = format!("\"{}-br\"", asset.digest());
        let r = asset.respond(&headers(&[(header::IF_NONE_MATCH, &tag)]));
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
        let r = asset.respond(&headers(&[(header::IF_NONE_MATCH, "\"other\"")]));
        assert_eq!(r.status(), StatusCode::OK);
    }
}
