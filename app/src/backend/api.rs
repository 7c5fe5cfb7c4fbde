//! The JSON API backend (`/api/v1`), through gloo-net.

use gloo_net::http::{Request, Response};
use linli_model::catalog::ServiceKind;
use linli_model::schedule::Closures;
use linli_model::{
    ApiErrorBody, Booking, BookingCode, BookingRequest, Catalog, CenterFile, CenterId, Date, Slot,
    WaitlistEntry,
};
use serde::de::DeserializeOwned;

use super::{BackendError, LookedUp};
use linli_model::rating::{RatingBody, RatingState};

#[derive(Clone, Debug)]
pub struct ApiBackend {
    base: String,
}

impl ApiBackend {
    pub fn new(base: &str) -> ApiBackend {
        ApiBackend {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn catalog(&self) -> Result<Catalog, BackendError> {
        get(&self.url("/catalog")).await
    }

    pub async fn closures(&self) -> Result<Closures, BackendError> {
        get(&self.url("/closures")).await
    }

    pub async fn center(&self, id: &CenterId) -> Result<CenterFile, BackendError> {
        get(&self.url(&format!("/centers/{id}"))).await
    }

    pub async fn slots(
        &self,
        center: &CenterId,
        kind: ServiceKind,
        from: Date,
        days: u32,
    ) -> Result<Vec<Slot>, BackendError> {
        get(&self.url(&format!(
            "/slots?center={center}&kind={kind}&from={from}&days={days}"
        )))
        .await
    }

    pub async fn book(
        &self,
        request: &BookingRequest,
        idempotency_key: &str,
    ) -> Result<Booking, BackendError> {
        let sent = Request::post(&self.url("/bookings"))
            .header("Idempotency-Key", idempotency_key)
            .json(request)
            .map_err(|_| BackendError::Network)?
            .send()
            .await;
        decode(sent).await
    }

    /// The phone goes in the body: URLs end up in proxies' logs.
    pub async fn booking(&self, code: &BookingCode, phone: &str) -> Result<LookedUp, BackendError> {
        let sent = Request::post(&self.url("/bookings/lookup"))
            .json(&LookupBody {
                code: code.compact(),
                phone,
            })
            .map_err(|_| BackendError::Network)?
            .send()
            .await;
        let (status, text) = ok_text(sent).await?;
        let booking =
            serde_json::from_str(&text).map_err(|_| BackendError::Unexpected { status })?;
        // Read apart from the booking: `#[serde(flatten)]` costs kilobytes.
        let rating = serde_json::from_str::<RatingOf>(&text)
            .ok()
            .and_then(|r| r.rating);
        Ok(LookedUp { booking, rating })
    }

    /// Rates an attended booking (服务评价), with its phone.
    pub async fn rate(&self, code: &BookingCode, body: &RatingBody) -> Result<(), BackendError> {
        let sent = Request::post(&self.url(&format!("/bookings/{}/rating", code.compact())))
            .json(body)
            .map_err(|_| BackendError::Network)?
            .send()
            .await;
        ok_text(sent).await.map(|_| ())
    }

    /// Cancelling twice answers the cancelled booking again, so a retry
    /// after a lost answer is harmless.
    pub async fn cancel(&self, code: &BookingCode, phone: &str) -> Result<Booking, BackendError> {
        let sent = Request::post(&self.url(&format!("/bookings/{}/cancel", code.compact())))
            .json(&CancelBody { phone })
            .map_err(|_| BackendError::Network)?
            .send()
            .await;
        decode(sent).await
    }
}

impl ApiBackend {
    pub async fn join(
        &self,
        request: &BookingRequest,
        key: &str,
    ) -> Result<WaitlistEntry, BackendError> {
        let sent = Request::post(&self.url("/waitlist"))
            .header("Idempotency-Key", key)
            .json(request)
            .map_err(|_| BackendError::Network)?
            .send()
            .await;
        decode(sent).await
    }

    pub async fn entry(
        &self,
        code: &BookingCode,
        phone: &str,
    ) -> Result<WaitlistEntry, BackendError> {
        let sent = Request::post(&self.url("/waitlist/lookup"))
            .json(&LookupBody {
                code: code.compact(),
                phone,
            })
            .map_err(|_| BackendError::Network)?
            .send()
            .await;
        decode(sent).await
    }

    /// Leave or confirm: each answer is read again by the caller, so its
    /// body is only checked for an error here (no parser for it).
    pub async fn wait_action(
        &self,
        code: &BookingCode,
        phone: &str,
        confirm: bool,
    ) -> Result<(), BackendError> {
        let action = if confirm { "confirm" } else { "leave" };
        let sent = Request::post(&self.url(&format!("/waitlist/{}/{action}", code.compact())))
            .json(&CancelBody { phone })
            .map_err(|_| BackendError::Network)?
            .send()
            .await;
        ok_text(sent).await.map(|_| ())
    }
}

/// The look-up's `rating`, beside the booking's fields.
#[derive(serde::Deserialize)]
struct RatingOf {
    #[serde(default)]
    rating: Option<RatingState>,
}

/// `POST /bookings/lookup` body.
#[derive(serde::Serialize)]
struct LookupBody<'a> {
    code: String,
    phone: &'a str,
}

/// `POST /bookings/{code}/cancel` body (a struct, not `json!`: a
/// `serde_json::Value` would add kilobytes to the WASM bundle).
#[derive(serde::Serialize)]
struct CancelBody<'a> {
    phone: &'a str,
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, BackendError> {
    decode(Request::get(url).send().await).await
}

/// gloo-net does not fail on 4xx/5xx: check the status and read our error body.
/// Only the parse is generic: the rest is compiled once, not once per type.
pub(super) async fn decode<T: DeserializeOwned>(
    sent: Result<Response, gloo_net::Error>,
) -> Result<T, BackendError> {
    let (status, text) = ok_text(sent).await?;
    serde_json::from_str(&text).map_err(|_| BackendError::Unexpected { status })
}

/// The body of a 2xx answer, with its status; any other answer as our error.
pub(super) async fn ok_text(
    sent: Result<Response, gloo_net::Error>,
) -> Result<(u16, String), BackendError> {
    crate::network::observe(&sent);
    let response = sent.map_err(|_| BackendError::Network)?;
    let status = response.status();
    if response.ok() {
        return match response.text().await {
            Ok(text) => Ok((status, text)),
            Err(_) => Err(BackendError::Unexpected { status }),
        };
    }
    match response.json::<ApiErrorBody>().await {
        Ok(body) => Err(BackendError::Api {
            status,
            error: body.error,
        }),
        Err(_) => Err(BackendError::Unexpected { status }),
    }
}
