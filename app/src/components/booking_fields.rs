//! The fields of a booking for one offering: the privacy notice, name,
//! phone, party size and the kind's own options. The resident's details
//! form and the volunteer's walk-in form both ask exactly these, from the
//! same draft rules.

use leptos::prelude::*;
use linli_model::{Offering, ServiceKind};

use super::{
    CareOptions, ClassOptions, LegalOptions, MealOptions, MediationOptions, PartySize,
    PrivacyNotice, SmsChoice, SurnamePicker, TextField,
};
use crate::draft::use_draft;
use crate::i18n::use_i18n;

#[component]
pub fn BookingFields(
    offering: Offering,
    /// The browser may fill in name and phone (a resident's own device);
    /// not for a volunteer typing someone else's.
    #[prop(default = false)]
    autofill: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let kind = offering.kind;
    let max = offering.max_party;
    let (name_autocomplete, phone_autocomplete) = if autofill {
        ("nickname", "tel")
    } else {
        ("off", "off")
    };
    let options = match kind {
        ServiceKind::Meal => view! { <MealOptions bands=offering.price_bands /> }.into_any(),
        ServiceKind::Care => {
            view! { <CareOptions home_service=offering.home_service /> }.into_any()
        }
        ServiceKind::Legal => view! { <LegalOptions /> }.into_any(),
        ServiceKind::Mediation => view! { <MediationOptions /> }.into_any(),
        ServiceKind::Class => view! { <ClassOptions min_age=offering.min_age /> }.into_any(),
    };
    view! {
        <PrivacyNotice />
        <TextField
            field="name"
            label=Signal::derive(move || i18n.t().name_label)
            hint=Signal::derive(move || i18n.t().name_hint)
            value=draft.name
            autocomplete=name_autocomplete
            maxlength=40
        />
        <SurnamePicker />
        <TextField
            field="phone"
            label=Signal::derive(move || i18n.t().phone_label)
            hint=Signal::derive(move || i18n.t().phone_hint)
            value=draft.phone
            input_type="tel"
            inputmode="tel"
            autocomplete=phone_autocomplete
            maxlength=20
        />
        <SmsChoice />
        {(max > 1).then(|| view! { <PartySize max kind /> })}
        {options}
    }
}
