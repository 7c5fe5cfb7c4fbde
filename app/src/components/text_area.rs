//! A labelled multi-line text with a live character count (limit 500).

use leptos::prelude::*;

use super::FieldError;
use linli_model::MAX_FREE_TEXT;

use crate::draft::use_draft;
use crate::i18n::{Text, use_i18n};

#[component]
pub fn TextArea(
    /// The request field it fills, e.g. `details.summary`.
    field: &'static str,
    label: Text,
    hint: Text,
    value: RwSignal<String>,
    #[prop(optional)] disabled: Option<Signal<bool>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let id = format!("field-{}", field.replace('.', "-"));
    let (hint_id, count_id, error_id) = (
        format!("{id}-hint"),
        format!("{id}-count"),
        format!("{id}-error"),
    );
    let problem = Memo::new(move |_| draft.problem(field));
    let count = move || value.read().trim().chars().count();
    let described_by = format!("{hint_id} {count_id} {error_id}");
    let disabled = move || disabled.is_some_and(|d| d.get());
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=id.clone()>{move || label(i18n.t())}</label>
            <textarea
                id=id
                rows="4"
                aria-describedby=described_by
                aria-invalid=move || problem.get().map(|_| "true")
                disabled=disabled
                bind:value=value
                on:input=move |_| draft.touch(field)
            ></textarea>
            <p class="hint" id=hint_id>{move || hint(i18n.t())}</p>
            <p class="counter" id=count_id class:over=move || { count() > MAX_FREE_TEXT }>
                {move || (i18n.t().chars_count)(count(), MAX_FREE_TEXT)}
            </p>
            <FieldError id=error_id problem />
        </div>
    }
}
