//! The bookings remembered on this phone, each with its live status.

use leptos::prelude::*;

use super::my_bookings::Found;
use super::my_remembered_item::RememberedItem;
use crate::i18n::use_i18n;
use crate::remembered;

#[component]
pub fn RememberedList(on_open: Callback<Found>) -> impl IntoView {
    let i18n = use_i18n();
    // Read when the list is shown, so it is up to date after a booking or
    // a cancel; entries too old are dropped by `load`.
    let entries = remembered::load();
    // Items hide themselves when removed (no keyed list needed: the list
    // only ever shrinks while shown); the section goes with the last one.
    let left = RwSignal::new(entries.len());
    let items = entries
        .into_iter()
        .map(|entry| view! { <RememberedItem entry on_open left /> })
        .collect_view();
    view! {
        <section class="remembered" aria-labelledby="remembered-title" hidden=move || left.get() == 0>
            <h2 id="remembered-title">{move || i18n.t().my_remembered_title}</h2>
            <p class="hint">{move || i18n.t().my_remembered_hint}</p>
            <ul class="remembered-list">{items}</ul>
        </section>
    }
}
