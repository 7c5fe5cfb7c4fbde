//! The menus tab: a canteen's dishes for one day (it wins over the weekly
//! menu that day), with the diets the menu suits.

use leptos::prelude::*;
use linli_model::catalog::DatedMenu;
use linli_model::catalog_edit::OfferingEdit;
use linli_model::details::Diet;
use linli_model::manage::ManagedOffering;
use linli_model::{Date, LocalizedText, ServiceKind};

use super::center::Editing;
use super::offerings::replace;
use super::text::manage_text;
use super::{Outcome, mt};
use crate::components::diet_name;
use crate::i18n::{date_label, strings, use_i18n};

/// The offering with `menu` as that day's (replacing one of the same day).
fn with_menu(mut managed: ManagedOffering, menu: DatedMenu) -> OfferingEdit {
    let menus = &mut managed.offering.dated_menus;
    menus.retain(|m| m.date != menu.date);
    menus.push(menu);
    menus.sort_by_key(|m| m.date);
    OfferingEdit {
        version: managed.version,
        offering: managed.offering,
    }
}

#[component]
pub fn MenusTab() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let lang = use_i18n().lang;
    let meals: Vec<ManagedOffering> = editing.center.with_untracked(|c| match c {
        Some(Ok(c)) => c
            .offerings
            .iter()
            .filter(|o| o.offering.kind == ServiceKind::Meal)
            .cloned()
            .collect(),
        _ => vec![],
    });
    let Some(first) = meals.first().map(|o| o.offering.id.to_string()) else {
        return view! { <p>{mt(|t| t.menus_meals_only)}</p> }.into_any();
    };
    let today = crate::platform::now().date;
    let chosen = RwSignal::new(first);
    let date = RwSignal::new(today.add_days(1).to_string());
    let dishes = RwSignal::new(String::new());
    let suits = RwSignal::new(Vec::<Diet>::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let pending = RwSignal::new(false);
    let current = move || {
        let id = chosen.get();
        editing.center.with_untracked(|c| match c {
            Some(Ok(c)) => c
                .offerings
                .iter()
                .find(|o| o.offering.id.as_str() == id)
                .cloned(),
            _ => None,
        })
    };
    // Bumped on each save, so the list below shows the saved menu.
    let saves = RwSignal::new(0u32);
    let options = meals
        .iter()
        .map(|o| {
            let (id, name) = (o.offering.id.to_string(), o.offering.name.clone());
            view! { <option value=id>{move || name.get(lang.get()).to_owned()}</option> }
        })
        .collect_view();
    let diets = Diet::ALL
        .into_iter()
        .map(|d| {
            let checked = move || suits.with(|s| s.contains(&d));
            let toggle = move |_| {
                suits.update(|s| match s.iter().position(|x| *x == d) {
                    Some(i) => {
                        s.remove(i);
                    }
                    None => s.push(d),
                });
            };
            view! {
                <label class="check">
                    <input type="checkbox" prop:checked=checked on:change=toggle />
                    {move || diet_name(strings(lang.get()), d)}
                </label>
            }
        })
        .collect_view();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = manage_text(lang.get_untracked());
        let Ok(day) = date.get_untracked().parse::<Date>() else {
            message.set(Some((false, (t.invalid_field)(t.menu_date))));
            return;
        };
        let list: Vec<LocalizedText> = dishes
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| LocalizedText {
                zh: l.to_owned(),
                en: String::new(),
            })
            .collect();
        let Some(managed) = current() else { return };
        if list.is_empty() {
            message.set(Some((false, (t.invalid_field)(t.dishes))));
            return;
        }
        let edit = with_menu(
            managed,
            DatedMenu {
                date: day,
                dishes: list,
                suits: suits.get_untracked(),
            },
        );
        let manager = editing.manager;
        let call = async move {
            let api = manager.api.get_value();
            api.save_offering(&manager.csrf(), &edit).await
        };
        editing.save(pending, message, call, move |saved| {
            editing.saved(|c| replace(c, saved));
            saves.update(|n| *n += 1);
            dishes.set(String::new());
            manage_text(lang.get_untracked()).saved.to_owned()
        });
    };
    let published = move || {
        saves.track();
        let menus: Vec<DatedMenu> = current()
            .map(|o| {
                o.offering
                    .dated_menus
                    .into_iter()
                    .filter(|m| m.date >= today)
                    .collect()
            })
            .unwrap_or_default();
        if menus.is_empty() {
            return view! { <p>{mt(|t| t.no_menus)}</p> }.into_any();
        }
        let items = menus
            .into_iter()
            .map(|m| {
                let text = move || {
                    let names: Vec<&str> = m.dishes.iter().map(|d| d.get(lang.get())).collect();
                    format!("{}：{}", date_label(lang.get(), m.date), names.join("、"))
                };
                view! { <li>{text}</li> }
            })
            .collect_view();
        view! { <ul class="menu-list">{items}</ul> }.into_any()
    };
    view! {
        <form class="details manage-form" novalidate on:submit=save>
            <div class="field">
                <label for="mg-menu-offering">{mt(|t| t.services_col)}</label>
                <select id="mg-menu-offering" prop:value=move || chosen.get()
                    on:change=move |ev| chosen.set(event_target_value(&ev))>
                    {options}
                </select>
            </div>
            <div class="field">
                <label for="mg-menu-date">{mt(|t| t.menu_date)}</label>
                <input id="mg-menu-date" type="date" min=today.to_string() bind:value=date />
            </div>
            <div class="field">
                <label for="mg-menu-dishes">{mt(|t| t.dishes)}</label>
                <textarea id="mg-menu-dishes" rows="5" placeholder=mt(|t| t.dishes_hint) bind:value=dishes></textarea>
            </div>
            <fieldset class="field">
                <legend>{mt(|t| t.suits)}</legend>
                {diets}
            </fieldset>
            <Outcome message />
            <button type="submit" class="button primary" disabled=move || pending.get()>
                {mt(|t| t.add_menu)}
            </button>
        </form>
        {published}
    }
    .into_any()
}
