//! The volunteer console's client: the `/volunteer/…` endpoints of the JSON
//! API, each with the signed-in centre's bearer token.
//!
//! A separate client rather than more `Backend` methods: it needs the token
//! and the API base, which the resident backends don't carry. When the
//! static backend's on-device volunteer view arrives, `Staff` grows a
//! variant for it the way `Backend` did.
//!
//! The session lives in `sessionStorage` only: it ends with the tab, and a
//! kiosk's idle reset (which clears all storage) signs the volunteer out.

use gloo_net::http::{Request, RequestBuilder};
use linli_model::{
    Booking, BookingCode, BookingRequest, CenterId, Date, Roster, ServiceKind, SessionRequest,
    StaffAction, VolunteerSession,
};
use serde::de::IgnoredAny;
use wasm_bindgen::JsCast;

use super::BackendError;
use super::api::decode;

const STORAGE_KEY: &str = "linli.volunteer.v1";

/// A refused sign-in; `retry_after` (seconds) comes with `rate_limited`.
#[derive(Clone, Debug, PartialEq)]
pub struct SignInFailure {
    pub error: BackendError,
    pub retry_after: Option<u32>,
}

/// A signed-in volunteer: the API base, the token and its centre. Kept as
/// `centre\ntoken` (no JSON: one serde round trip less in the WASM).
#[derive(Clone, Debug)]
pub struct Staff {
    base: String,
    token: String,
    center: CenterId,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Forgets the session on this device (sign-out, or the server said 401).
pub fn forget_staff() {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
    }
}

impl Staff {
    /// The session kept in this tab, if any. Unreadable storage means
    /// signed out: the volunteer signs in again.
    pub fn stored(base: &str) -> Option<Staff> {
        let stored = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
        let (center, token) = stored.split_once('\n')?;
        Some(Staff {
            base: base.trim_end_matches('/').to_owned(),
            token: token.to_owned(),
            center: center.parse().ok()?,
        })
    }

    pub fn center(&self) -> &CenterId {
        &self.center
    }

    pub async fn sign_in(base: &str, center: &CenterId, pin: &str) -> Result<Staff, SignInFailure> {
        let base = base.trim_end_matches('/').to_owned();
        let body = SessionRequest {
            center_id: center.to_string(),
            pin: pin.trim().to_owned(),
        };
        let failure = |error| SignInFailure {
            error,
            retry_after: None,
        };
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
        let staff = Staff {
            base,
            token: session.token,
            center: session.center_id,
        };
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, &format!("{}\n{}", staff.center, staff.token));
        }
        Ok(staff)
    }

    /// Forgets the session here at once, then ends it on the server; a lost
    /// answer only leaves a token nobody holds, which expires by itself.
    pub async fn sign_out(self) {
        forget_staff();
        let _ = self
            .request(Request::delete(&self.url("/session")))
            .send()
            .await;
    }

    pub async fn roster(
        &self,
        date: Date,
        kind: Option<ServiceKind>,
    ) -> Result<Roster, BackendError> {
        let kind = kind.map(|k| format!("&kind={k}")).unwrap_or_default();
        let url = self.url(&format!("/roster?date={date}{kind}"));
        decode(self.request(Request::get(&url)).send().await).await
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

    /// Downloads the day's CSV: fetched with the token (a plain link can't
    /// send it), then saved through an object URL and a `download` link.
    pub async fn download_csv(&self, date: Date) -> Result<(), BackendError> {
        let url = self.url(&format!("/roster.csv?date={date}"));
        let response = self
            .request(Request::get(&url))
            .send()
            .await
            .map_err(|_| BackendError::Network)?;
        if !response.ok() {
            return decode::<IgnoredAny>(Ok(response)).await.map(drop);
        }
        let unexpected = BackendError::Unexpected { status: 200 };
        let raw: web_sys::Response = response.into();
        let blob = raw.blob().map_err(|_| unexpected.clone())?;
        let blob: web_sys::Blob = wasm_bindgen_futures::JsFuture::from(blob)
            .await
            .map_err(|_| unexpected.clone())?
            .unchecked_into();
        let name = format!("roster-{}-{date}.csv", self.center());
        save(&blob, &name).ok_or(unexpected)
    }

    fn url(&self, path: &str) -> String {
        format!("{}/volunteer{path}", self.base)
    }

    fn request(&self, builder: RequestBuilder) -> RequestBuilder {
        builder.header("Authorization", &format!("Bearer {}", self.token))
    }
}

fn save(blob: &web_sys::Blob, name: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let href = web_sys::Url::create_object_url_with_blob(blob).ok()?;
    let link: web_sys::HtmlElement = document.create_element("a").ok()?.dyn_into().ok()?;
    let _ = link.set_attribute("href", &href);
    let _ = link.set_attribute("download", name);
    document.body()?.append_child(&link).ok()?;
    link.click();
    link.remove();
    // The download has started from the click; the URL is freed a moment
    // later, as revoking at once can cancel it in some browsers.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&href);
        },
        std::time::Duration::from_secs(10),
    );
    Some(())
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
