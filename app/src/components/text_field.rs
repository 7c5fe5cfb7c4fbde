//! A labelled text input with its hint and, when there is one, its error
//! right below it, tied together for screen readers. On a kiosk a phone
//! field also gets the on-screen keypad (`Keypad`).

use leptos::prelude::*;

use super::{FieldError, Keypad, Keys};
use crate::config::{AppConfig, Mode};
use crate::draft::use_draft;

#[component]
pub fn TextField(
    /// The request field this input fills (`name`, `phone`): ids and errors.
    field: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] hint: Signal<&'static str>,
    value: RwSignal<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    let draft = use_draft();
    let kiosk = expect_context::<AppConfig>().mode == Mode::Kiosk;
    // A shared screen must not offer one resident's entries to the next.
    let autocomplete = if kiosk { "off" } else { autocomplete };
    // The keypad types a phone number on a kiosk. The input stays editable
    // with `inputmode="none"` rather than `readonly`: no system keyboard
    // pops up on the touch screen, while a physical or assistive keyboard
    // (which `readonly` would lock out) still types into the field.
    let keypad = (kiosk && input_type == "tel").then(|| {
        let on_edit = Callback::new(move |()| draft.touch(field));
        view! { <Keypad keys=Keys::Phone value on_edit /> }
    });
    let inputmode = if keypad.is_some() { "none" } else { inputmode };
    let input_id = format!("field-{}", field.replace('.', "-"));
    let hint_id = format!("{input_id}-hint");
    let error_id = format!("{input_id}-error");
    let problem = Memo::new(move |_| draft.problem(field));
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match problem.get() {
            Some(_) => format!("{error_id} {hint_id}"),
            None => hint_id.clone(),
        }
    };
    // Typing again clears the message about this field: it may be fixed now.
    let on_input = move |_| draft.touch(field);
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=input_id.clone()>{label}</label>
            <input
                id=input_id
                type=input_type
                inputmode=inputmode
                autocomplete=autocomplete
                maxlength=maxlength
                aria-describedby=described_by
                aria-invalid=move || problem.get().map(|_| "true")
                bind:value=value
                on:input=on_input
            />
            <p class="hint" id=hint_id>{hint}</p>
            <FieldError id=error_id problem />
            {keypad}
        </div>
    }
}
