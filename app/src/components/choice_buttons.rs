//! One choice from a few large buttons (radio semantics), instead of typing.

use leptos::prelude::*;

use super::FieldError;

use crate::draft::use_draft;
use crate::i18n::{Strings, Text, use_i18n};

#[component]
pub fn ChoiceButtons<T>(
    /// The request field it fills, e.g. `details.topic`.
    field: &'static str,
    legend: Text,
    /// The choices, in the order shown.
    options: &'static [T],
    /// Each choice's name in the current language.
    name: fn(&'static Strings, T) -> &'static str,
    value: RwSignal<Option<T>>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let draft = use_draft();
    let group = format!("choice-{}", field.replace('.', "-"));
    let error_id = format!("{group}-error");
    let described_by = error_id.clone();
    let problem = Memo::new(move |_| draft.problem(field));
    let buttons = options
        .iter()
        .map(|&option| {
            view! {
                <label class="option">
                    <input
                        type="radio"
                        name=group.clone()
                        prop:checked=move || value.get() == Some(option)
                        on:change=move |_| {
                            value.set(Some(option));
                            draft.touch(field);
                        }
                    />
                    <span>{move || name(i18n.t(), option)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field" class:invalid=move || problem.get().is_some() aria-describedby=described_by>
            <legend>{move || legend(i18n.t())}</legend>
            <div class="options">{buttons}</div>
            <FieldError id=error_id problem />
        </fieldset>
    }
}
