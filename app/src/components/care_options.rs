//! 助老服务: the address for a home visit, and needs the carer should know.

use leptos::prelude::*;

use super::{SensitiveConsent, TextArea, TextField};
use crate::draft::use_draft;
use crate::i18n::use_i18n;

#[component]
pub fn CareOptions(home_service: bool) -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    view! {
        {home_service.then(|| view! {
            <TextField
                field="details.address"
                label=Signal::derive(move || i18n.t().address_label)
                hint=Signal::derive(move || i18n.t().address_hint)
                value=draft.address
                autocomplete="street-address"
                maxlength=200
            />
        })}
        <fieldset class="field">
            <legend>{move || i18n.t().care_needs_label}</legend>
            <SensitiveConsent text=|t| t.care_consent />
            <TextArea field="details.note" label=|t| t.note_label hint=|t| t.note_hint value=draft.note />
        </fieldset>
    }
}
