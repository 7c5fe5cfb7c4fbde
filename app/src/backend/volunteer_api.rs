//! The volunteer console against the JSON API: the `/volunteer/…`
//! endpoints, each with the signed-in centre's bearer token.

use gloo_net::http::{Request, RequestBuilder, Response};
use linli_model::sync::QueuedStaffAction;
use linli_model::{
    ApiError, Booking, BookingCode, BookingRequest, CenterId, Date, ErrorCode, Roster, ServiceKind,
    SessionRequest, StaffAction, VolunteerSession,
};
use serde::de::IgnoredAny;
use wasm_bindgen::JsCast;

use super::BackendError;
use super::api::decode;
use super::volunteer::SignInFailure;

#[derive(Clone, Debug)]
pub struct StaffApi {
    base: String,
    token: String,
}

impl StaffApi {
    pub fn new(base: &str, token: String) -> StaffApi {
        StaffApi {
            base: base.trim_end_matches('/').to_owned(),
            token,
        }
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// A session for `center`, or why not (with `Retry-After` when limited).
    pub async fn sign_in(
        base: &str,
        center: &CenterId,
        pin: &str,
    ) -> Result<(StaffApi, CenterId), SignInFailure> {
        let body = SessionRequest {
            center_id: center.to_string(),
            pin: pin.trim().to_owned(),
        };
        let failure = |error| SignInFailure {
            error,
            retry_after: None,
        };
        let base = base.trim_end_matches('/');
        let response = Request::post(&format!("{base}/volunteer/session"))
            .json(&body)
            .map_err(|_| failure(BackendError::Network))?
            .send()
            .await
            .map_err(|_| failure(BackendError::Network))?;
        let retry_after = response
            .headers()
            .get("Retry-After")
            .and_then(|s| s.trim().parse().ok());
        let session: VolunteerSession = decode(Ok(response))
            .await
            .map_err(|error| SignInFailure { error, retry_after })?;
        Ok((StaffApi::new(base, session.token), session.center_id))
    }

    /// Ends the session on the server; a lost answer only leaves a token
    /// nobody holds, which expires by itself. Gives up after `wait`: a
    /// kiosk resetting for the next resident doesn't wait for a dead line.
    pub async fn sign_out(self, wait: std::time::Duration) {
        let controller = web_sys::AbortController::new().ok();
        if let Some(c) = controller.clone() {
            leptos::prelude::set_timeout(move || c.abort(), wait);
        }
        let signal = controller.as_ref().map(web_sys::AbortController::signal);
        let _ = self
            .request(Request::delete(&self.url("/session")))
            .abort_signal(signal.as_ref())
            .send()
            .await;
    }

    /// The roster, and its JSON as sent (kept for when the network drops).
    pub async fn roster(
        &self,
        date: Date,
        kind: Option<ServiceKind>,
    ) -> Result<(Roster, String), BackendError> {
        let kind = kind.map(|k| format!("&kind={k}")).unwrap_or_default();
        let url = self.url(&format!("/roster?date={date}{kind}"));
        let json = ok_text(self.request(Request::get(&url)).send().await).await?;
        let roster = serde_json::from_str(&json).map_err(|_| UNREADABLE)?;
        Ok((roster, json))
    }

    /// Sends queued actions (at most `MAX_SYNC_ACTIONS`): for each, in
    /// order, why it was refused, if it was.
    pub async fn sync(
        &self,
        actions: &[QueuedStaffAction],
    ) -> Result<Vec<Option<ErrorCode>>, BackendError> {
        // The body by hand: every value is its type's own text (hex, a
        // code, a snake_case name, a time), nothing to escape, and no
        // serializer for these types in the WASM.
        let actions: Vec<String> = actions
            .iter()
            .map(|a| {
                let action = a.action.staff().as_str();
                format!(
                    r#"{{"id":"{}","code":"{}","action":"{action}","at":"{}"}}"#,
                    a.id, a.code, a.at
                )
            })
            .collect();
        let sent = self
            .request(Request::post(&self.url("/sync")))
            .header("Content-Type", "application/json")
            .body(format!(r#"{{"actions":[{}]}}"#, actions.join(",")))
            .map_err(|_| BackendError::Network)?
            .send()
            .await;
        let answer: SyncAnswer =
            serde_json::from_str(&ok_text(sent).await?).map_err(|_| UNREADABLE)?;
        Ok(answer
            .results
            .into_iter()
            .map(|r| r.error.map(|e| e.code))
            .collect())
    }

    /// The full number of one booking (audited on the server).
    pub async fn phone(&self, code: BookingCode) -> Result<String, BackendError> {
        let url = self.url(&format!("/bookings/{}/phone", code.compact()));
        let body: PhoneBody = decode(self.request(Request::get(&url)).send().await).await?;
        Ok(body.phone)
    }

    /// The answer (the changed entry) is not read: the roster is loaded
    /// again anyway, counts and all, and one decoder less keeps the WASM small.
    pub async fn act(
        &self,
        code: BookingCode,
        action: StaffAction,
        reason: Option<String>,
    ) -> Result<(), BackendError> {
        let path = match action {
            StaffAction::CheckIn => "check-in",
            StaffAction::UndoCheckIn => "undo-check-in",
            StaffAction::NoShow => "no-show",
            StaffAction::Cancel => "cancel",
        };
        let url = self.url(&format!("/bookings/{}/{path}", code.compact()));
        let sent = self
            .request(Request::post(&url))
            .json(&CancelBody { reason })
            .map_err(|_| BackendError::Network)?
            .send()
            .await;
        decode::<IgnoredAny>(sent).await.map(drop)
    }

    /// A walk-in or phoned-in booking (channel `staff`).
    pub async fn walk_in(
        &self,
        request: &BookingRequest,
        key: &str,
    ) -> Result<Booking, BackendError> {
        let sent = self
            .request(Request::post(&self.url("/bookings")))
            .header("Idempotency-Key", key)
            .json(request)
            .map_err(|_| BackendError::Network)?
            .send()
            .await;
        decode(sent).await
    }

    /// The day's CSV as the server renders it: fetched with the token (a
    /// plain link can't send it).
    pub async fn roster_csv(&self, date: Date) -> Result<web_sys::Blob, BackendError> {
        let url = self.url(&format!("/roster.csv?date={date}"));
        let response = ok(self.request(Request::get(&url)).send().await).await?;
        let unexpected = BackendError::Unexpected { status: 200 };
        let raw: web_sys::Response = response.into();
        let blob = raw.blob().map_err(|_| unexpected.clone())?;
        wasm_bindgen_futures::JsFuture::from(blob)
            .await
            .map(|b| b.unchecked_into())
            .map_err(|_| unexpected)
    }

    fn url(&self, path: &str) -> String {
        format!("{}/volunteer{path}", self.base)
    }

    fn request(&self, builder: RequestBuilder) -> RequestBuilder {
        builder.header("Authorization", &format!("Bearer {}", self.token))
    }
}

/// A successful answer that doesn't read as expected.
const UNREADABLE: BackendError = BackendError::Unexpected { status: 200 };

/// A successful answer's body (decoded where it is used: no `decode` per
/// type in the WASM).
async fn ok_text(sent: Result<Response, gloo_net::Error>) -> Result<String, BackendError> {
    super::api::ok_text(sent).await.map(|(_, text)| text)
}

/// A successful answer, or the error it carries.
async fn ok(sent: Result<Response, gloo_net::Error>) -> Result<Response, BackendError> {
    let response = sent.map_err(|_| BackendError::Network)?;
    if response.ok() {
        return Ok(response);
    }
    Err(decode::<IgnoredAny>(Ok(response))
        .await
        .err()
        .unwrap_or(BackendError::Unexpected { status: 200 }))
}

/// `POST /volunteer/sync` answer: of each result (the model's
/// `SyncResult`), only the refusal is read; the roster is loaded again.
#[derive(serde::Deserialize)]
struct SyncAnswer {
    results: Vec<SyncRefusal>,
}

#[derive(serde::Deserialize)]
struct SyncRefusal {
    error: Option<ApiError>,
}

/// `POST …/cancel` body; the other actions ignore it.
#[derive(serde::Serialize)]
struct CancelBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

#[derive(serde::Deserialize)]
struct PhoneBody {
    phone: String,
}
