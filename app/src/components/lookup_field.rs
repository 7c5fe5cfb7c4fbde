//! A labelled input for finding a booking, with its hint and its error
//! right below it. Like `TextField`, but its value and problem belong to
//! the "my bookings" page, not to the booking draft. On a kiosk it gets
//! its on-screen keypad, as `TextField` does (see there why the input stays
//! editable).

use leptos::prelude::*;

use super::{Keypad, Keys};
use crate::config::{AppConfig, Mode};
use crate::i18n::{Text, use_i18n};

#[component]
pub fn LookupField(
    /// The id of the input; the hint and error ids derive from it.
    id: &'static str,
    label: Text,
    hint: Text,
    value: RwSignal<String>,
    /// What is wrong with the value, if anything.
    problem: RwSignal<Option<Text>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// `characters` for codes: phones show capitals as they are printed.
    #[prop(optional)]
    autocapitalize: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    /// The keys to type this field with on a kiosk.
    #[prop(optional)]
    keys: Option<Keys>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kiosk = expect_context::<AppConfig>().mode == Mode::Kiosk;
    let keypad = keys.filter(|_| kiosk).map(|keys| {
        let on_edit = Callback::new(move |()| problem.set(None));
        view! { <Keypad keys value on_edit /> }
    });
    let inputmode = if keypad.is_some() { "none" } else { inputmode };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match problem.get() {
            Some(_) => format!("{error_id} {hint_id}"),
            None => hint_id.clone(),
        }
    };
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=id>{move || label(i18n.t())}</label>
            <input
                id=id
                type=input_type
                inputmode=inputmode
                autocomplete=autocomplete
                autocapitalize=autocapitalize
                spellcheck=autocapitalize.map(|_| "false")
                maxlength=maxlength
                aria-describedby=described_by
                aria-invalid=move || problem.get().map(|_| "true")
                bind:value=value
                // Typing again clears the message: it may be fixed now.
                on:input=move |_| problem.set(None)
            />
            <p class="hint" id=hint_id>{move || hint(i18n.t())}</p>
            <p class="field-error" id=error_id role="alert">
                {move || problem.get().map(|text| view! {
                    <span class="icon" aria-hidden="true">"⚠ "</span>
                    {text(i18n.t())}
                })}
            </p>
            {keypad}
        </div>
    }
}
