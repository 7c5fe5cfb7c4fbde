//! The home screen: four large service tiles, and "my bookings" below them.

use leptos::prelude::*;
use leptos_router::components::A;
use linli_model::catalog::ServiceKind;

use super::flow::{center_path, kind_name, kind_path};
use crate::components::PageTitle;
use crate::config::{AppConfig, Mode};
use crate::i18n::{Strings, use_i18n};

fn hint(t: &'static Strings, kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::Meal => t.kind_meal_hint,
        ServiceKind::Care => t.kind_care_hint,
        ServiceKind::Legal => t.kind_legal_hint,
        ServiceKind::Mediation => t.kind_mediation_hint,
    }
}

/// A character in a disc: readable without an emoji font, which kiosks often
/// lack. From the strings table, so English shows no Chinese.
fn icon(t: &'static Strings, kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::Meal => t.icon_meal,
        ServiceKind::Care => t.icon_care,
        ServiceKind::Legal => t.icon_legal,
        ServiceKind::Mediation => t.icon_mediation,
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let config = expect_context::<AppConfig>();
    let unbound = config.mode == Mode::Kiosk && config.center.is_none();
    let kiosk_center = config.kiosk_center().cloned();
    let tiles = ServiceKind::ALL.map(|kind| {
        let name = move || kind_name(i18n.t(), kind);
        let body = move || {
            view! {
                <span class="tile-icon" aria-hidden="true">{move || icon(i18n.t(), kind)}</span>
                <span class="tile-name">{name}</span>
                <span class="tile-hint">{move || hint(i18n.t(), kind)}</span>
            }
        };
        let href = match &kiosk_center {
            Some(center) => center_path(kind, center),
            None => kind_path(kind),
        };
        view! { <li><A href=crate::platform::href(&href) attr:class=format!("tile tile-{kind}")>{body()}</A></li> }
    });
    view! {
        <PageTitle text=Signal::derive(move || i18n.t().home_title.to_owned()) />
        {unbound.then(|| view! { <p class="banner warning" role="alert">{move || i18n.t().kiosk_unbound}</p> })}
        <ul class="tiles">{tiles.into_iter().collect_view()}</ul>
        // Below the services, as large as a button can be: elders come back
        // to check or cancel what they booked.
        <A href=crate::platform::href("/my") attr:class="my-entry">
            <span class="my-entry-icon" aria-hidden="true">{move || i18n.t().icon_my}</span>
            <span class="my-entry-name">{move || i18n.t().my_title}</span>
            <span class="my-entry-hint">{move || i18n.t().my_entry_hint}</span>
        </A>
        // Volunteers sign in from the app itself: a plain static host has no
        // page at /volunteer to type in, only the app's start page.
        <p class="staff-entry">
            <A href=crate::platform::href("/volunteer") attr:class="button secondary">
                {move || i18n.t().staff_entry}
            </A>
        </p>
    }
}
