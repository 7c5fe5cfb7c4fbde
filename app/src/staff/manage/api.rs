//! The management API (`/api/v1/manage`) as the console calls it: the
//! session cookie goes by itself (same origin); every write carries the
//! session's CSRF token. Refusals keep their figures (`detail`).

use gloo_net::http::{Request, RequestBuilder, Response};
use linli_model::catalog_edit::{
    CenterEdit, ClosureDraft, ClosureId, EditError, OfferingEdit, Version,
};
use linli_model::manage::{
    CenterSummary, ClosurePreview, ClosureRemoved, ClosuresSaved, ManagedCenter, ManagedOffering,
    NewClosure, NewPin, PinSet, PinState, RefusalDetail, SavedCenter, StaffSession,
};
use linli_model::{ApiError, ErrorCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A failed call: no answer (`error` and `status` empty), or the server's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManageError {
    pub status: u16,
    pub error: Option<ApiError>,
    pub detail: Option<RefusalDetail>,
}

impl ManageError {
    pub fn code(&self) -> Option<ErrorCode> {
        self.error.as_ref().map(|e| e.code)
    }

    pub fn field(&self) -> Option<&str> {
        self.error.as_ref().and_then(|e| e.field.as_deref())
    }

    /// The model's refusal of a draft, read like the server's.
    pub fn from_edit(e: &EditError) -> ManageError {
        ManageError {
            status: 422,
            error: Some(ApiError {
                code: e.code(),
                message: String::new(),
                field: e.field(),
            }),
            detail: None,
        }
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ApiError,
    #[serde(default)]
    detail: Option<RefusalDetail>,
}

#[derive(Clone, Debug)]
pub struct ManageApi {
    base: String,
}

#[derive(Serialize)]
struct SignInBody<'a> {
    user_name: &'a str,
    password: &'a str,
}

impl ManageApi {
    pub fn new(api_base: &str) -> ManageApi {
        ManageApi {
            base: format!("{}/manage", api_base.trim_end_matches('/')),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn me(&self) -> Result<StaffSession, ManageError> {
        answer(Request::get(&self.url("/me")).send().await).await
    }

    pub async fn sign_in(
        &self,
        user_name: &str,
        password: &str,
    ) -> Result<StaffSession, ManageError> {
        let body = SignInBody {
            user_name,
            password,
        };
        send(Request::post(&self.url("/session")), "", Some(&body)).await
    }

    pub async fn sign_out(&self, csrf: &str) {
        // Whatever it answers, the console forgets the session.
        let _ = Request::delete(&self.url("/session"))
            .header("X-CSRF-Token", csrf)
            .send()
            .await;
    }

    pub async fn centers(&self) -> Result<Vec<CenterSummary>, ManageError> {
        answer(Request::get(&self.url("/centers")).send().await).await
    }

    pub async fn center(&self, id: &str) -> Result<ManagedCenter, ManageError> {
        answer(
            Request::get(&self.url(&format!("/centers/{id}")))
                .send()
                .await,
        )
        .await
    }

    pub async fn save_center(
        &self,
        csrf: &str,
        id: &str,
        edit: &CenterEdit,
    ) -> Result<SavedCenter, ManageError> {
        send(
            Request::put(&self.url(&format!("/centers/{id}"))),
            csrf,
            Some(edit),
        )
        .await
    }

    pub async fn save_offering(
        &self,
        csrf: &str,
        edit: &OfferingEdit,
    ) -> Result<ManagedOffering, ManageError> {
        let url = self.url(&format!("/offerings/{}", edit.offering.id));
        send(Request::put(&url), csrf, Some(edit)).await
    }

    pub async fn pin_state(&self, center: &str) -> Result<PinState, ManageError> {
        answer(
            Request::get(&self.url(&format!("/centers/{center}/pin")))
                .send()
                .await,
        )
        .await
    }

    pub async fn set_pin(
        &self,
        csrf: &str,
        center: &str,
        pin: &NewPin,
    ) -> Result<PinSet, ManageError> {
        let url = self.url(&format!("/centers/{center}/pin"));
        send(Request::put(&url), csrf, Some(pin)).await
    }

    pub async fn clear_pin(&self, csrf: &str, center: &str) -> Result<PinState, ManageError> {
        let url = self.url(&format!("/centers/{center}/pin"));
        send::<_, ()>(Request::delete(&url), csrf, None).await
    }

    pub async fn preview(
        &self,
        csrf: &str,
        draft: &ClosureDraft,
    ) -> Result<ClosurePreview, ManageError> {
        send(
            Request::post(&self.url("/closures/preview")),
            csrf,
            Some(draft),
        )
        .await
    }

    pub async fn add_closure(
        &self,
        csrf: &str,
        new: &NewClosure,
    ) -> Result<ClosuresSaved, ManageError> {
        send(Request::post(&self.url("/closures")), csrf, Some(new)).await
    }

    pub async fn remove_closure(
        &self,
        csrf: &str,
        id: &ClosureId,
        version: Version,
    ) -> Result<ClosureRemoved, ManageError> {
        let url = self.url(&format!("/closures/{id}?version={}", version.0));
        send::<_, ()>(Request::delete(&url), csrf, None).await
    }
}

async fn send<T: DeserializeOwned, B: Serialize>(
    request: RequestBuilder,
    csrf: &str,
    body: Option<&B>,
) -> Result<T, ManageError> {
    let request = request.header("X-CSRF-Token", csrf);
    let sent = match body {
        Some(body) => match request.json(body) {
            Ok(r) => r.send().await,
            Err(_) => return Err(ManageError::default()),
        },
        None => request.send().await,
    };
    answer(sent).await
}

async fn answer<T: DeserializeOwned>(
    sent: Result<Response, gloo_net::Error>,
) -> Result<T, ManageError> {
    let Ok(response) = sent else {
        return Err(ManageError::default());
    };
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if response.ok() {
        return serde_json::from_str(&text).map_err(|_| ManageError {
            status,
            ..ManageError::default()
        });
    }
    let body = serde_json::from_str::<ErrorBody>(&text).ok();
    Err(ManageError {
        status,
        detail: body.as_ref().and_then(|b| b.detail.clone()),
        error: body.map(|b| b.error),
    })
}
