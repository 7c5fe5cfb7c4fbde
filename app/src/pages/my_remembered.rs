//! The bookings remembered on this phone, each with its live status.

use leptos::prelude::*;
use linli_model::BookingCode;

use super::my_bookings::Found;
use super::my_remembered_item::RememberedItem;
use crate::i18n::use_i18n;
use crate::remembered;

#[component]
pub fn RememberedList(on_open: Callback<Found>) -> impl IntoView {
    let i18n = use_i18n();
    // Read when the list is shown, so a booking just made or removed in
    // another tab is up to date; old entries are dropped by `load`.
    let entries = RwSignal::new(remembered::load());
    let on_forget = Callback::new(move |code: BookingCode| {
        remembered::forget(&code);
        entries.update(|list| list.retain(|e| e.code != code));
        crate::platform::focus("h1");
    });
    view! {
        <Show when=move || !entries.read().is_empty()>
            <section class="remembered" aria-labelledby="remembered-title">
                <h2 id="remembered-title">{move || i18n.t().my_remembered_title}</h2>
                <p class="hint">{move || i18n.t().my_remembered_hint}</p>
                <ul class="remembered-list">
                    <For each=move || entries.get() key=|entry| entry.code let:entry>
                        <RememberedItem entry on_open on_forget />
                    </For>
                </ul>
            </section>
        </Show>
    }
}
