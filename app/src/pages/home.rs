//! The home screen: a large tile for each service, and "my bookings" below them.

use leptos::prelude::*;
use leptos_router::components::A;
use linli_model::catalog::ServiceKind;

use super::flow::{center_path, kind_path};
use crate::components::PageTitle;
use crate::config::{AppConfig, Mode};
use crate::i18n::use_i18n;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let config = expect_context::<AppConfig>();
    let unbound = config.mode == Mode::Kiosk && config.center.is_none();
    let kiosk_center = config.kiosk_center().cloned();
    let staff = format!(
        "{}/volunteer{}",
        crate::platform::base_path(),
        config.launch_query
    );
    let tiles = ServiceKind::ALL.map(|kind| {
        let name = move || i18n.t().kind(kind).name;
        let body = move || {
            view! {
                <span class="tile-icon" aria-hidden="true">{move || i18n.t().kind(kind).icon}</span>
                <span class="tile-name">{name}</span>
                <span class="tile-hint">{move || i18n.t().kind(kind).hint}</span>
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
        // Volunteers reach their console from here (a kiosk has no address
        // bar). It is another page: the router leaves the link to the
        // browser (`rel`), and a kiosk's query goes along, so the page it
        // loads is the kiosk's.
        <p class="staff-entry">
            <a href=staff rel="external" class="button secondary">
                {move || i18n.t().staff_entry}
            </a>
        </p>
    }
}
