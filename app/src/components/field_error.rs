//! The error under a form control, in words with a warning sign (never
//! colour alone), announced when it appears. Controls point at it with
//! `aria-describedby`, so its `id` is theirs to choose.

use leptos::prelude::*;
use linli_model::ErrorCode;

use crate::i18n::{error_text, use_i18n};

#[component]
pub fn FieldError(
    #[prop(into)] id: String,
    /// The error code of the field's problem, if it has one.
    problem: Memo<Option<ErrorCode>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="field-error" id=id role="alert">
            {move || problem.get().map(|code| view! {
                <span class="icon" aria-hidden="true">"⚠ "</span>
                {error_text(i18n.t(), code)}
            })}
        </p>
    }
}
