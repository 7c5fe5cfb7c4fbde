//! Meal choices: dine in or take away, and dietary needs, which are health
//! information and so are asked only after their own explicit consent.

use leptos::prelude::*;
use linli_model::{Diet, Dining};

use crate::draft::use_draft;
use crate::i18n::{Strings, error_text, use_i18n};

pub fn diet_name(t: &'static Strings, diet: Diet) -> &'static str {
    match diet {
        Diet::LowSalt => t.diet_low_salt,
        Diet::LowSugar => t.diet_low_sugar,
        Diet::Soft => t.diet_soft,
        Diet::Vegetarian => t.diet_vegetarian,
        Diet::Halal => t.diet_halal,
        Diet::NoSpicy => t.diet_no_spicy,
    }
}

pub fn dining_name(t: &'static Strings, dining: Dining) -> &'static str {
    match dining {
        Dining::DineIn => t.dine_in,
        Dining::Takeaway => t.takeaway,
    }
}

#[component]
pub fn MealOptions() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let dining_choice = move |dining: Dining| {
        view! {
            <label class="option">
                <input
                    type="radio"
                    name="dining"
                    prop:checked=move || draft.dining.get() == dining
                    on:change=move |_| draft.dining.set(dining)
                />
                <span>{move || dining_name(i18n.t(), dining)}</span>
            </label>
        }
    };
    let diet_choice = move |diet: Diet| {
        let checked = move || draft.diet.read().contains(&diet);
        let toggle = move |_| {
            draft
                .diet
                .update(|list| match list.iter().position(|d| *d == diet) {
                    Some(i) => {
                        list.remove(i);
                    }
                    None => list.push(diet),
                })
        };
        view! {
            <label class="option" class:disabled=move || !draft.diet_consent.get()>
                <input
                    type="checkbox"
                    prop:checked=checked
                    disabled=move || !draft.diet_consent.get()
                    on:change=toggle
                />
                <span>{move || diet_name(i18n.t(), diet)}</span>
            </label>
        }
    };
    let consent_problem = Memo::new(move |_| draft.problem("consent"));
    view! {
        <fieldset class="field">
            <legend>{move || i18n.t().dining_label}</legend>
            <div class="options two">{dining_choice(Dining::DineIn)}{dining_choice(Dining::Takeaway)}</div>
        </fieldset>
        <fieldset class="field diet">
            <legend>{move || i18n.t().diet_label}</legend>
            <label class="option consent">
                <input type="checkbox" bind:checked=draft.diet_consent />
                <span>{move || i18n.t().diet_consent}</span>
            </label>
            <div class="options">{Diet::ALL.map(diet_choice).into_iter().collect_view()}</div>
            <p class="field-error" role="alert">
                {move || consent_problem.get().map(|code| error_text(i18n.t(), &code))}
            </p>
        </fieldset>
    }
}
