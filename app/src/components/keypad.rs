//! The kiosk's on-screen keypad for a phone number or a booking code. It
//! edits the same signal as its field, so the field keeps its label, hint
//! and error, and a physical keyboard typing into the field still works.

use leptos::prelude::*;

use crate::i18n::{Text, use_i18n};

/// Which keys a field needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// Digits, like a telephone's: a landline's dash is optional.
    Phone,
    /// Digits and the 22 letters of Crockford's base32, as on the receipt.
    Code,
}

#[component]
pub fn Keypad(
    keys: Keys,
    value: RwSignal<String>,
    /// Called after each key: the field forgets its error, as when typing.
    on_edit: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The phone's 0 sits between Clear and Delete, as on a telephone; the
    // code's keys run in order, 8 to a row. The caps stop runaway taps
    // (a landline is 12 digits at most, a code 8 plus its dash).
    let (head, tail, max, label): (&str, &str, usize, Text) = match keys {
        Keys::Phone => ("123456789", "0", 12, |t| t.keypad_phone),
        Keys::Code => ("1234567890ABCDEFGHJKMNPQRSTVWXYZ", "", 9, |t| t.keypad_code),
    };
    let edit = move |change: &dyn Fn(&mut String)| {
        value.update(|v| change(v));
        on_edit.run(());
    };
    let key = move |c: char| {
        view! {
            <button
                type="button"
                class="button secondary key"
                on:click=move |_| edit(&|v| if v.chars().count() < max { v.push(c) })
            >
                {c.to_string()}
            </button>
        }
    };
    view! {
        <div class="keypad" class:letters=keys == Keys::Code role="group" aria-label=move || label(i18n.t())>
            {head.chars().map(key).collect_view()}
            <button type="button" class="button secondary key wide" on:click=move |_| edit(&|v| v.clear())>
                {move || i18n.t().keypad_clear}
            </button>
            {tail.chars().map(key).collect_view()}
            <button
                type="button"
                class="button secondary key wide"
                on:click=move |_| edit(&|v| { v.pop(); })
            >
                {move || i18n.t().keypad_delete}
            </button>
        </div>
    }
}
