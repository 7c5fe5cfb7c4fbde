//! A failed load, said in the resident's language, with a way forward.

use leptos::prelude::*;

use crate::backend::{BackendError, StorageProblem};
use crate::i18n::{Strings, error_text, use_i18n};

/// What to tell the resident about a backend failure.
pub fn error_message(t: &'static Strings, error: &BackendError) -> String {
    match error {
        BackendError::Network => t.err_network.into(),
        BackendError::Unexpected { .. } => t.err_unexpected.into(),
        BackendError::Api { error, .. } => error_text(t, error.code),
        BackendError::Storage(StorageProblem::Full) => t.err_storage_full.into(),
        BackendError::Storage(StorageProblem::Unavailable) => t.err_storage_unavailable.into(),
        BackendError::Storage(StorageProblem::NewerVersion) => t.err_storage_newer.into(),
    }
}

/// Shown by an `ErrorBoundary` around a page's data.
#[component]
pub fn ErrorPanel(errors: ArcRwSignal<Errors>, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        let t = i18n.t();
        errors.with(|errors| {
            errors
                .iter()
                .next()
                .map(|(_, e)| match e.downcast_ref::<BackendError>() {
                    Some(e) => error_message(t, e),
                    None => t.err_unexpected.to_owned(),
                })
                .unwrap_or_default()
        })
    };
    // When the connection comes back, try again by itself: a kiosk resumes
    // without anyone pressing anything.
    crate::network::on_reconnect(move || retry.run(()));
    view! {
        <div class="error-panel" role="alert">
            <p><span class="icon" aria-hidden="true">"⚠ "</span>{message}</p>
            <button type="button" class="button primary" on:click=move |_| retry.run(())>
                {move || i18n.t().retry}
            </button>
        </div>
    }
}
