//! The kind's own details as rows of the review list (`<dt>`/`<dd>`).

use leptos::prelude::*;
use linli_model::{Details, Lang};

use super::{category_name, diet_name, dining_name, topic_name};
use crate::i18n::{Strings, Text, use_i18n};

fn row(
    label: Text,
    value: impl Fn(&'static Strings, Lang) -> String + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dt>{move || label(i18n.t())}</dt>
        <dd>{move || value(i18n.t(), i18n.lang.get())}</dd>
    }
}

fn text_or_none(text: &Option<String>) -> impl Fn(&'static Strings, Lang) -> String + use<> {
    let text = text.clone();
    move |t, _| text.clone().unwrap_or_else(|| t.not_given.to_owned())
}

#[component]
pub fn DetailsRows(
    details: Details,
    /// The offering's minimum age (classes), which the resident confirmed.
    min_age: Option<u8>,
) -> impl IntoView {
    match details {
        Details::Meal { dining, diet, .. } => view! {
            {row(|t| t.review_dining, move |t, _| dining_name(t, dining).to_owned())}
            {row(|t| t.review_diet, move |t, lang| {
                if diet.is_empty() {
                    return t.diet_none.to_owned();
                }
                let separator = if lang == Lang::Zh { "、" } else { ", " };
                diet.iter().map(|d| diet_name(t, *d)).collect::<Vec<_>>().join(separator)
            })}
        }
        .into_any(),
        Details::Care { address, note } => view! {
            {address.map(|a| row(|t| t.review_address, move |_, _| a.clone()))}
            {row(|t| t.review_note, text_or_none(&note))}
        }
        .into_any(),
        Details::Legal { topic, summary } => view! {
            {row(|t| t.review_topic, move |t, _| topic_name(t, topic).to_owned())}
            {row(|t| t.review_summary, text_or_none(&summary))}
        }
        .into_any(),
        Details::Mediation {
            category,
            other_party,
            summary,
        } => view! {
            {row(|t| t.review_category, move |t, _| category_name(t, category).to_owned())}
            {row(|t| t.review_other_party, text_or_none(&other_party))}
            {row(|t| t.review_mediation_summary, text_or_none(&summary))}
        }
        .into_any(),
        Details::Class { age_confirmed } => min_age
            .filter(|_| age_confirmed)
            .map(|age| row(|t| t.review_age, move |t, _| (t.class_age_confirm)(age)))
            .into_any(),
    }
}
