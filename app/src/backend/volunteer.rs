//! The volunteer console's client. Against the JSON API it calls the
//! `/volunteer/…` endpoints with the centre's bearer token
//! ([`super::volunteer_api`]); on a static kiosk it works on the device's
//! own bookings ([`super::volunteer_device`]). Pages hold a [`Staff`] and
//! never know which.
//!
//! The session lives in `sessionStorage` only: it ends with the tab, and a
//! kiosk's idle reset (which clears all storage) signs the volunteer out.

use linli_model::sync::{MAX_SYNC_ACTIONS, QueuedAction, apply_queued};
use linli_model::{
    Booking, BookingCode, BookingRequest, CenterId, Date, ErrorCode, Roster, ServiceKind,
    StaffAction,
};
use wasm_bindgen::JsCast;

use super::volunteer_api::StaffApi;
use super::volunteer_device::{StaffDevice, check_pin};
use super::volunteer_queue;
use super::{Backend, BackendError};

const STORAGE_KEY: &str = "linli.volunteer.v1";
/// What a device session keeps in place of a token.
const DEVICE_SESSION: &str = "device";

/// A refused sign-in; `retry_after` (seconds) comes with `rate_limited`.
#[derive(Clone, Debug, PartialEq)]
pub struct SignInFailure {
    pub error: BackendError,
    pub retry_after: Option<u32>,
}

/// A signed-in volunteer of one centre. Kept as `centre\ntoken` (no JSON:
/// one serde round trip less in the WASM).
#[derive(Clone, Debug)]
pub struct Staff {
    center: CenterId,
    access: Access,
}

#[derive(Clone, Debug)]
enum Access {
    Api(StaffApi),
    Device(StaffDevice),
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Forgets the session on this device (sign-out, or the server said 401),
/// and the roster kept with it. Queued actions stay for the next sign-in.
pub fn forget_staff() {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
    }
    volunteer_queue::forget_roster();
}

/// An action made offline on a booking: still waiting (`None`), or
/// refused by the server when it was sent (why).
pub type OfflineMark = (BookingCode, QueuedAction, Option<ErrorCode>);

fn remember(center: &CenterId, token: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, &format!("{center}\n{token}"));
    }
}

fn refused(code: ErrorCode, retry_after: Option<u32>) -> SignInFailure {
    let status = if code == ErrorCode::RateLimited {
        429
    } else {
        401
    };
    SignInFailure {
        error: BackendError::refusal(status, code, "", Some("pin")),
        retry_after,
    }
}

impl Staff {
    /// The session kept in this tab, if any. Unreadable storage means
    /// signed out: the volunteer signs in again.
    pub fn stored(backend: &Backend) -> Option<Staff> {
        let stored = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
        let (center, token) = stored.split_once('\n')?;
        let center: CenterId = center.parse().ok()?;
        let access = match backend {
            Backend::Api(api) => Access::Api(StaffApi::new(api.base(), token.to_owned())),
            // Only the kiosk's own centre, whose bookings are here.
            Backend::Static(files)
                if token == DEVICE_SESSION && files.kiosk_center() == Some(&center) =>
            {
                Access::Device(StaffDevice {
                    files: files.clone(),
                })
            }
            Backend::Static(_) => return None,
        };
        Some(Staff { center, access })
    }

    pub fn center(&self) -> &CenterId {
        &self.center
    }

    /// Whether the bookings live on this device (the console then offers
    /// the export of all bookings for a server).
    pub fn on_device(&self) -> bool {
        matches!(self.access, Access::Device(_))
    }

    pub async fn sign_in(
        backend: &Backend,
        center: &CenterId,
        pin: &str,
    ) -> Result<Staff, SignInFailure> {
        let staff = match backend {
            Backend::Api(api) => {
                let (api, center) = StaffApi::sign_in(api.base(), center, pin).await?;
                remember(&center, api.token());
                Staff {
                    center,
                    access: Access::Api(api),
                }
            }
            Backend::Static(files) => {
                // A missing or malformed line in config.json: not set up,
                // which staff are told, rather than "wrong PIN".
                let hash = files
                    .pin_hash(center)
                    .filter(|h| h.parse::<linli_model::staff::DevicePinHash>().is_ok())
                    .ok_or_else(|| refused(ErrorCode::NoDevicePin, None))?;
                match check_pin(hash, pin).await {
                    Err(wait) => return Err(refused(ErrorCode::RateLimited, Some(wait))),
                    Ok(false) => return Err(refused(ErrorCode::InvalidPin, None)),
                    Ok(true) => {}
                }
                remember(center, DEVICE_SESSION);
                Staff {
                    center: center.clone(),
                    access: Access::Device(StaffDevice {
                        files: files.clone(),
                    }),
                }
            }
        };
        Ok(staff)
    }

    /// Forgets the session here at once, then ends it on the server.
    pub async fn sign_out(self) {
        forget_staff();
        if let Access::Api(api) = self.access {
            api.sign_out(std::time::Duration::from_secs(10)).await;
        }
    }

    /// Ends the session kept in this tab, if any, on the server too, so a
    /// token copied from a kiosk stops working once the kiosk resets.
    pub async fn revoke_stored(backend: &Backend) {
        if let Some(Staff {
            access: Access::Api(api),
            ..
        }) = Staff::stored(backend)
        {
            api.sign_out(std::time::Duration::from_secs(2)).await;
        }
    }

    /// The roster, and whether it is live: offline, the one last loaded.
    /// Actions still queued show on it (statuses and counts).
    pub async fn roster(
        &self,
        date: Date,
        kind: Option<ServiceKind>,
    ) -> Result<(Roster, bool), BackendError> {
        let center = &self.center;
        let api = match &self.access {
            Access::Api(api) => api,
            Access::Device(device) => return Ok((device.roster(center, date, kind).await?, true)),
        };
        let (mut roster, live) = match api.roster(date, kind).await {
            Ok((roster, json)) => {
                volunteer_queue::keep_roster(center, date, kind, &json);
                (roster, true)
            }
            Err(BackendError::Network) => (
                volunteer_queue::kept_roster(center, date, kind).ok_or(BackendError::Network)?,
                false,
            ),
            Err(e) => return Err(e),
        };
        apply_queued(&mut roster, &volunteer_queue::queued(center));
        Ok((roster, live))
    }

    /// The actions waiting to be sent.
    pub fn pending(&self) -> Vec<OfflineMark> {
        let queued = volunteer_queue::queued(&self.center);
        queued
            .into_iter()
            .map(|a| (a.code, a.action, None))
            .collect()
    }

    /// Sends what was queued while offline, oldest first (the first
    /// `MAX_SYNC_ACTIONS`; the rest with the next load); answers what the
    /// server refused (a booking cancelled meanwhile). Each answered action
    /// leaves the queue; a failed request leaves it for the next try.
    pub async fn sync(&self) -> Result<Vec<OfflineMark>, BackendError> {
        let mut batch = volunteer_queue::queued(&self.center);
        let Access::Api(api) = &self.access else {
            return Ok(Vec::new());
        };
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        batch.truncate(MAX_SYNC_ACTIONS);
        let refusals = api.sync(&batch).await?;
        volunteer_queue::answered(&batch);
        Ok(batch
            .into_iter()
            .zip(refusals)
            .filter(|(_, error)| error.is_some())
            .map(|(a, error)| (a.code, a.action, error))
            .collect())
    }

    /// The full number of one booking (audited on the server).
    pub async fn phone(&self, code: BookingCode) -> Result<String, BackendError> {
        match &self.access {
            Access::Api(api) => api.phone(code).await,
            Access::Device(device) => device.phone(&self.center, code).await,
        }
    }

    pub async fn act(
        &self,
        code: BookingCode,
        action: StaffAction,
        reason: Option<String>,
    ) -> Result<(), BackendError> {
        let api = match &self.access {
            Access::Api(api) => api,
            Access::Device(device) => return device.act(&self.center, code, action, reason).await,
        };
        // No answer at all: a check-in, undo or no-show waits on the device
        // for the network (`sync`, which the console runs before each action
        // too, so the order holds: a check-in, then its undo).
        match api.act(code, action, reason).await {
            Err(BackendError::Network) => match QueuedAction::from_staff(action) {
                Some(a) if volunteer_queue::queue(&self.center, code, a) => Ok(()),
                _ => Err(BackendError::Network),
            },
            answer => answer,
        }
    }

    /// A walk-in or phoned-in booking (channel `staff`).
    pub async fn walk_in(
        &self,
        request: &BookingRequest,
        key: &str,
    ) -> Result<Booking, BackendError> {
        match &self.access {
            Access::Api(api) => api.walk_in(request, key).await,
            Access::Device(device) => device.walk_in(request, key).await,
        }
    }

    /// Downloads the day's CSV (UTF-8 with BOM, for Excel and WPS).
    pub async fn download_csv(&self, date: Date) -> Result<(), BackendError> {
        let blob = match &self.access {
            Access::Api(api) => api.roster_csv(date).await?,
            Access::Device(device) => {
                let text = device.roster_csv(&self.center, date).await?;
                text_blob(&text, "text/csv;charset=utf-8")?
            }
        };
        let name = format!("roster-{}-{date}.csv", self.center);
        save(&blob, &name).ok_or(BackendError::Unexpected { status: 0 })
    }

    /// Downloads every booking of the centre kept on this device as JSON,
    /// for `linli-server import-bookings`. Only on a static kiosk.
    pub async fn download_export(&self) -> Result<(), BackendError> {
        let Access::Device(device) = &self.access else {
            return Err(BackendError::Unexpected { status: 0 });
        };
        let json = device.export(&self.center).await?;
        let blob = text_blob(&json, "application/json")?;
        let today = crate::platform::now().date;
        let name = format!("linli-bookings-{}-{today}.json", self.center);
        save(&blob, &name).ok_or(BackendError::Unexpected { status: 0 })
    }
}

fn text_blob(text: &str, mime: &str) -> Result<web_sys::Blob, BackendError> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| BackendError::Unexpected { status: 0 })
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
