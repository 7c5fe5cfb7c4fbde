//! The number of people: large − and + buttons instead of typing.

use leptos::prelude::*;
use linli_model::ServiceKind;

use super::FieldError;

use crate::draft::use_draft;
use crate::i18n::use_i18n;

#[component]
pub fn PartySize(max: u8, kind: ServiceKind) -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let size = draft.party_size;
    // A party chosen for a bigger sitting may not fit this one.
    if size.get_untracked() > max {
        size.set(max.max(1));
    }
    let problem = Memo::new(move |_| draft.problem("party_size"));
    view! {
        <fieldset class="field party" aria-describedby="party-error">
            <legend>{move || i18n.t().kind(kind).party}</legend>
            <div class="stepper">
                <button
                    type="button"
                    class="button secondary"
                    aria-label=move || i18n.t().party_fewer
                    disabled=move || { size.get() <= 1 }
                    on:click=move |_| size.update(|n| *n = n.saturating_sub(1).max(1))
                >
                    "−"
                </button>
                <output class="stepper-value" aria-live="polite">{move || size.get()}</output>
                <button
                    type="button"
                    class="button secondary"
                    aria-label=move || i18n.t().party_more
                    disabled=move || { size.get() >= max }
                    on:click=move |_| size.update(|n| *n = (*n + 1).min(max))
                >
                    "+"
                </button>
            </div>
            <FieldError id="party-error" problem />
        </fieldset>
    }
}
