//! 微课堂: a class for older residents asks them to confirm their age with
//! a tick (never pre-ticked, no birth date); a class open to all asks
//! nothing of its own.

use leptos::prelude::*;

use super::FieldError;
use crate::draft::use_draft;
use crate::i18n::use_i18n;

#[component]
pub fn ClassOptions(min_age: Option<u8>) -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    // A tick for another class (Back, another time) is not this one's.
    if draft.confirmed_age.get_untracked() != min_age {
        draft.confirmed_age.set(None);
    }
    min_age.map(|age| {
        let problem = Memo::new(move |_| draft.problem("details.age_confirmed"));
        let invalid = move || problem.get().is_some();
        view! {
            <fieldset class="field" class:invalid=invalid>
                <legend>{move || i18n.t().class_age_legend}</legend>
                <p class="hint" id="age-hint">{move || (i18n.t().class_age_hint)(age)}</p>
                <label class="option consent" class:invalid=invalid>
                    <input
                        type="checkbox"
                        aria-describedby="age-hint age-error"
                        prop:checked=move || draft.confirmed_age.get() == Some(age)
                        on:change=move |ev| {
                            draft.confirmed_age.set(event_target_checked(&ev).then_some(age));
                            draft.touch("details.age_confirmed");
                        }
                    />
                    <span>{move || (i18n.t().class_age_confirm)(age)}</span>
                </label>
                <FieldError id="age-error" problem />
            </fieldset>
        }
    })
}
