//! The details tab: the centre's names, address, phone and opening hours
//! in both languages, as residents see them.

use leptos::prelude::*;
use linli_model::LocalizedText;
use linli_model::catalog_edit::CenterEdit;

use super::center::Editing;
use super::text::{ManageText, manage_text};
use super::{Outcome, mt};
use crate::i18n::use_i18n;

/// A field of the form: its id, label and value.
fn field(
    id: &'static str,
    label: fn(&'static ManageText) -> &'static str,
    value: RwSignal<String>,
    max: u32,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{mt(label)}</label>
            <input id=id type="text" maxlength=max bind:value=value />
        </div>
    }
}

#[component]
pub fn DetailsTab() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let manager = editing.manager;
    let lang = use_i18n().lang;
    let Some(center) = editing.center.with_untracked(|c| match c {
        Some(Ok(c)) => Some((c.version, c.center.clone())),
        _ => None,
    }) else {
        return ().into_any();
    };
    let (version, center) = center;
    let version = RwSignal::new(version);
    let text = |s: &str| RwSignal::new(s.to_owned());
    let (name_zh, name_en) = (text(&center.name.zh), text(&center.name.en));
    let (address_zh, address_en) = (text(&center.address.zh), text(&center.address.en));
    let (hours_zh, hours_en) = (text(&center.hours.zh), text(&center.hours.en));
    let phone = text(&center.phone);
    let id = center.id.to_string();
    let message = RwSignal::new(None::<(bool, String)>);
    let pending = RwSignal::new(false);
    let both = |zh: RwSignal<String>, en: RwSignal<String>| LocalizedText {
        zh: zh.get_untracked().trim().to_owned(),
        en: en.get_untracked().trim().to_owned(),
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let edit = CenterEdit {
            version: version.get_untracked(),
            name: both(name_zh, name_en),
            address: both(address_zh, address_en),
            phone: phone.get_untracked(),
            hours: both(hours_zh, hours_en),
        };
        let id = id.clone();
        let call = async move {
            let api = manager.api.get_value();
            api.save_center(&manager.csrf(), &id, &edit).await
        };
        editing.save(pending, message, call, move |saved| {
            version.set(saved.version);
            editing.saved(|c| {
                c.version = saved.version;
                c.center = saved.center;
            });
            manage_text(lang.get_untracked()).saved.to_owned()
        });
    };
    view! {
        <form class="details manage-form" novalidate on:submit=save>
            {field("mg-name-zh", |t| t.name_zh, name_zh, 120)}
            {field("mg-name-en", |t| t.name_en, name_en, 120)}
            {field("mg-address-zh", |t| t.address_zh, address_zh, 120)}
            {field("mg-address-en", |t| t.address_en, address_en, 120)}
            {field("mg-phone", |t| t.phone, phone, 24)}
            {field("mg-hours-zh", |t| t.hours_zh, hours_zh, 120)}
            {field("mg-hours-en", |t| t.hours_en, hours_en, 120)}
            <Outcome message />
            <button type="submit" class="button primary" disabled=move || pending.get()>
                {move || if pending.get() { mt(|t| t.saving)() } else { mt(|t| t.save)() }}
            </button>
        </form>
    }
    .into_any()
}
