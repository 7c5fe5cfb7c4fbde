//! Meal choices: dine in or take away, and dietary needs, which are health
//! information and so are asked only after their own explicit consent.

use leptos::prelude::*;
use linli_model::{Diet, Dining, PriceBand};

use super::SensitiveConsent;
use crate::draft::use_draft;
use crate::i18n::{Strings, price, use_i18n};

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
pub fn MealOptions(bands: Vec<PriceBand>) -> impl IntoView {
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
    // Needs are only kept with consent: withdrawing it clears them.
    Effect::new(move || {
        if !draft.sensitive_consent.get() && !draft.diet.read_untracked().is_empty() {
            draft.diet.set(Vec::new());
        }
    });
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
            <label class="option" class:disabled=move || !draft.sensitive_consent.get()>
                <input
                    type="checkbox"
                    prop:checked=checked
                    disabled=move || !draft.sensitive_consent.get()
                    on:change=toggle
                />
                <span>{move || diet_name(i18n.t(), diet)}</span>
            </label>
        }
    };
    let lang = i18n.lang;
    // A band chosen at another centre may not exist here.
    if draft.price_band.with_untracked(|b| {
        b.as_ref()
            .is_some_and(|id| !bands.iter().any(|x| &x.id == id))
    }) {
        draft.price_band.set(None);
    }
    let band_choice = move |band: PriceBand| {
        let id = band.id.clone();
        let checked = move || draft.price_band.read().as_deref() == Some(id.as_str());
        let label = move || {
            format!(
                "{} · {}",
                band.label.get(lang.get()),
                price(lang.get(), band.price_cents)
            )
        };
        view! {
            <label class="option">
                <input
                    type="radio"
                    name="price-band"
                    prop:checked=checked
                    on:change=move |_| draft.price_band.set(Some(band.id.clone()))
                />
                <span>{label}</span>
            </label>
        }
    };
    let bands = (!bands.is_empty()).then(|| {
        view! {
            <fieldset class="field">
                <legend>{move || i18n.t().price_band_label}</legend>
                <p class="hint">{move || i18n.t().price_band_hint}</p>
                <div class="options bands">{bands.into_iter().map(band_choice).collect_view()}</div>
            </fieldset>
        }
    });
    view! {
        {bands}
        <fieldset class="field">
            <legend>{move || i18n.t().dining_label}</legend>
            <div class="options two">{dining_choice(Dining::DineIn)}{dining_choice(Dining::Takeaway)}</div>
        </fieldset>
        <fieldset class="field diet">
            <legend>{move || i18n.t().diet_label}</legend>
            <SensitiveConsent text=|t| t.diet_consent />
            <div class="options">{Diet::ALL.map(diet_choice).into_iter().collect_view()}</div>
        </fieldset>
    }
}
