//! The explicit consent for sensitive details, beside the fields it covers.
//! Never pre-ticked; the service can be booked without it.

use leptos::prelude::*;

use super::FieldError;

use crate::draft::use_draft;
use crate::i18n::{Text, use_i18n};

#[component]
pub fn SensitiveConsent(text: Text) -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let problem = Memo::new(move |_| draft.own_problem("consent"));
    view! {
        <label class="option consent" class:invalid=move || problem.get().is_some()>
            <input
                type="checkbox"
                aria-describedby="consent-error"
                bind:checked=draft.sensitive_consent
                on:change=move |_| draft.touch("consent")
            />
            <span>{move || text(i18n.t())}</span>
        </label>
        <FieldError id="consent-error" problem />
    }
}
