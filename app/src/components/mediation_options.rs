//! 矛盾调解: the kind of dispute, the other party if the resident wishes,
//! and a description, which is sensitive and needs its own consent.

use leptos::prelude::*;
use linli_model::DisputeCategory;

use super::{ChoiceButtons, SensitiveConsent, TextArea, TextField};
use crate::draft::use_draft;
use crate::i18n::{Strings, use_i18n};

pub fn category_name(t: &'static Strings, category: DisputeCategory) -> &'static str {
    match category {
        DisputeCategory::Neighbor => t.dispute_neighbor,
        DisputeCategory::Family => t.dispute_family,
        DisputeCategory::Property => t.dispute_property,
        DisputeCategory::Labor => t.dispute_labor,
        DisputeCategory::Other => t.dispute_other,
    }
}

#[component]
pub fn MediationOptions() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    view! {
        <ChoiceButtons field="details.category" legend=|t| t.dispute_label options=&DisputeCategory::ALL name=category_name value=draft.category />
        <TextField
            field="details.other_party"
            label=Signal::derive(move || i18n.t().other_party_label)
            hint=Signal::derive(move || i18n.t().other_party_hint)
            value=draft.other_party
            maxlength=100
        />
        <fieldset class="field">
            <legend>{move || i18n.t().mediation_summary_legend}</legend>
            <SensitiveConsent text=|t| t.mediation_consent />
            <TextArea
                field="details.summary"
                label=|t| t.mediation_summary_label
                hint=|t| t.mediation_summary_hint
                value=draft.mediation_summary
            />
        </fieldset>
    }
}
