//! Delivery to the district's SMS gateway: a JSON POST signed with
//! HMAC-SHA256 over the body, with the notice's key as the idempotency key,
//! so the gateway can drop a retry of a message it already sent.

use std::time::Duration;

use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use sha2::Sha256;

use super::{Notifier, Outgoing, Sending};
use crate::store::Delivery;

/// The header with the body's signature: `sha256=<hex>`.
pub const SIGNATURE_HEADER: &str = "X-Linli-Signature";
/// A shorter secret is refused at start.
pub const MIN_SECRET_LEN: usize = 32;
/// Longest wait for the gateway's answer: shorter than a claim
/// ([`crate::store::CLAIM_MILLIS`]), so a slow gateway never has one
/// notice sent by two senders.
const TIMEOUT: Duration = Duration::from_secs(15);

pub struct Webhook {
    client: reqwest::Client,
    url: reqwest::Url,
    secret: Vec<u8>,
}

/// `sha256=` and the hex HMAC-SHA256 of `body` under `secret`.
pub fn signature(secret: &[u8], body: &[u8]) -> String {
    // HMAC takes a key of any length: `new_from_slice` can't fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

impl Webhook {
    pub fn new(url: &str, secret: &str) -> Result<Webhook, String> {
        let url: reqwest::Url = url
            .parse()
            .map_err(|e| format!("the SMS gateway URL '{url}' is not valid: {e}"))?;
        // Phones travel in the body: in clear only to this machine.
        let host = url.host_str().unwrap_or("");
        let loopback = host == "localhost"
            || host
                .trim_matches(['[', ']'])
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err("the SMS gateway URL must be https (http only to this machine)".into());
            }
            other => return Err(format!("the SMS gateway URL must be https, not {other}")),
        }
        let secret = secret.trim();
        if secret.chars().count() < MIN_SECRET_LEN {
            return Err(format!(
                "the SMS gateway secret must be at least {MIN_SECRET_LEN} characters"
            ));
        }
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            // A redirect would carry phones somewhere nobody configured.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        Ok(Webhook {
            client,
            url,
            secret: secret.as_bytes().to_vec(),
        })
    }

    async fn post(&self, message: &Outgoing) -> Delivery {
        let body = match serde_json::to_vec(message) {
            Ok(body) => body,
            Err(e) => return failed(format!("can't write the message: {e}"), true),
        };
        let sent = self
            .client
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("Idempotency-Key", &message.key)
            .header(SIGNATURE_HEADER, signature(&self.secret, &body))
            .body(body)
            .send()
            .await;
        match sent {
            Ok(answer) if answer.status().is_success() => Delivery::Sent,
            Ok(answer) => {
                let status = answer.status();
                failed(
                    format!("the gateway answered {}", status.as_u16()),
                    is_permanent(status),
                )
            }
            // The error names the URL and its cause, never the body.
            Err(e) => failed(
                format!("the gateway did not answer: {}", without_url(&e)),
                false,
            ),
        }
    }
}

/// The gateway refused this message itself (its body): sending it again
/// can't help. Anything else may be ours to fix (a rotated secret, a
/// wrong path: 401, 403, 404) or the gateway's, and is tried again, so a
/// configuration mistake loses no text while it is put right.
fn is_permanent(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::BAD_REQUEST | StatusCode::PAYLOAD_TOO_LARGE | StatusCode::UNPROCESSABLE_ENTITY
    )
}

fn without_url(e: &reqwest::Error) -> String {
    let text = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "can't connect".to_owned()
    } else {
        "the request failed".to_owned()
    };
    crate::error::with_causes(text, e)
}

fn failed(error: String, permanent: bool) -> Delivery {
    Delivery::Failed { error, permanent }
}

impl Notifier for Webhook {
    fn send<'a>(&'a self, message: &'a Outgoing) -> Sending<'a> {
        Box::pin(self.post(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_rfc_4231s_hmac_sha256() {
        // RFC 4231, test case 2.
        assert_eq!(
            signature(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn only_the_gateways_refusal_of_the_message_is_permanent() {
        assert!(is_permanent(StatusCode::BAD_REQUEST));
        assert!(is_permanent(StatusCode::UNPROCESSABLE_ENTITY));
        assert!(!is_permanent(StatusCode::UNAUTHORIZED));
        assert!(!is_permanent(StatusCode::NOT_FOUND));
        assert!(!is_permanent(StatusCode::TOO_MANY_REQUESTS));
        assert!(!is_permanent(StatusCode::REQUEST_TIMEOUT));
        assert!(!is_permanent(StatusCode::SERVICE_UNAVAILABLE));
    }

    #[test]
    fn a_short_secret_or_a_clear_text_url_elsewhere_is_refused() {
        let secret = "s".repeat(MIN_SECRET_LEN);
        assert!(Webhook::new("https://sms.example.gov.cn/send", &secret).is_ok());
        assert!(Webhook::new("http://127.0.0.1:9000/send", &secret).is_ok());
        assert!(Webhook::new("http://sms.example.gov.cn/send", &secret).is_err());
        assert!(Webhook::new("ftp://sms.example.gov.cn/send", &secret).is_err());
        assert!(Webhook::new("not a url", &secret).is_err());
        assert!(Webhook::new("https://sms.example.gov.cn/send", "short").is_err());
    }
}
