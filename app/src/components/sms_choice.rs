//! The choice of text messages about the booking: its own box, never
//! pre-ticked, and only where a server sends them (not on a static host).

use leptos::prelude::*;

use super::FieldError;

use crate::backend::Backend;
use crate::draft::use_draft;
use crate::i18n::use_i18n;

#[component]
pub fn SmsChoice() -> impl IntoView {
    let sends = expect_context::<Backend>().sends_texts();
    let i18n = use_i18n();
    let draft = use_draft();
    let problem = Memo::new(move |_| draft.problem("consent.sms"));
    sends.then(|| {
        view! {
            <label class="option consent" class:invalid=move || problem.get().is_some()>
                <input
                    type="checkbox"
                    aria-describedby="sms-error"
                    prop:checked=move || draft.sms.get().is_some()
                    on:change=move |ev| {
                        let lang = i18n.lang.get_untracked();
                        draft.sms.set(event_target_checked(&ev).then_some(lang));
                        draft.touch("consent.sms");
                    }
                />
                <span>{move || i18n.t().sms_choice}</span>
            </label>
            <FieldError id="sms-error" problem />
        }
    })
}
