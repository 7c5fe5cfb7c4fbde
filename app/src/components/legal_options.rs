//! 法律咨询: the topic, chosen from large buttons, and a short description.

use leptos::prelude::*;
use linli_model::LegalTopic;

use super::{ChoiceButtons, TextArea};
use crate::draft::use_draft;
use crate::i18n::Strings;

pub fn topic_name(t: &'static Strings, topic: LegalTopic) -> &'static str {
    match topic {
        LegalTopic::Family => t.topic_family,
        LegalTopic::Labor => t.topic_labor,
        LegalTopic::Housing => t.topic_housing,
        LegalTopic::Contract => t.topic_contract,
        LegalTopic::Consumer => t.topic_consumer,
        LegalTopic::Other => t.topic_other,
    }
}

#[component]
pub fn LegalOptions() -> impl IntoView {
    let draft = use_draft();
    view! {
        <ChoiceButtons field="details.topic" legend=|t| t.topic_label options=&LegalTopic::ALL name=topic_name value=draft.topic />
        <TextArea
            field="details.summary"
            label=|t| t.legal_summary_label
            hint=|t| t.legal_summary_hint
            value=draft.legal_summary
        />
    }
}
