//! A waiting-list entry, found by code and phone: when, its place in the
//! queue or the seat held for it, and the way to confirm a hold or leave.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_model::{PhoneNumber, WaitStatus, WaitlistEntry};

use super::my_bookings::Found;
use crate::backend::{Backend, BackendError};
use crate::components::error_message;
use crate::i18n::{Strings, date_label, use_i18n};

/// An entry as found, with the phone that found it (leaving and
/// confirming need it in full).
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting {
    pub entry: WaitlistEntry,
    pub phone: PhoneNumber,
}

/// Where the entry stands, in words.
fn standing(t: &'static Strings, e: &WaitlistEntry) -> String {
    match e.status {
        WaitStatus::Waiting => (t.wait_position)(e.position.unwrap_or(1)),
        // `2026-11-27T10:30:00+08:00`: the time of day is what matters.
        WaitStatus::Held => (t.wait_held)(
            e.hold_until
                .as_deref()
                .and_then(|h| h.get(11..16))
                .unwrap_or(""),
        ),
        WaitStatus::Left => t.wait_left.to_owned(),
        WaitStatus::Expired => t.wait_expired.to_owned(),
        WaitStatus::Closed | WaitStatus::Promoted => t.wait_closed.to_owned(),
    }
}

#[component]
pub fn WaitDetail(
    entry: Waiting,
    on_back: Callback<()>,
    on_booked: Callback<Found>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let backend = StoredValue::new(expect_context::<Backend>());
    let Waiting { entry, phone } = entry;
    let phone = StoredValue::new(phone);
    let (code, slot) = (entry.code, entry.slot.clone());
    let entry = RwSignal::new(entry);
    let failure = RwSignal::new(None::<BackendError>);
    let pending = RwSignal::new(false);
    // Leave or confirm, then read the result again: the entry, or the
    // booking the hold became.
    let act = move |confirm: bool| {
        failure.set(None);
        pending.set(true);
        let (backend, phone) = (backend.get_value(), phone.get_value());
        spawn_local(async move {
            let canonical = phone.canonical();
            let done = backend.wait_action(&code, &canonical, confirm).await;
            let result = match done {
                Ok(()) if confirm => match backend.booking(&code, &canonical).await {
                    Ok(found) => {
                        on_booked.run(Found {
                            booking: found.booking,
                            phone,
                            rating: found.rating,
                        });
                        return;
                    }
                    Err(e) => Err(e),
                },
                Ok(()) => backend.entry(&code, &canonical).await.map(|e| entry.set(e)),
                Err(e) => Err(e),
            };
            pending.set(false);
            if let Err(e) = result {
                failure.set(Some(e));
            }
        });
    };
    let when = move || {
        format!(
            "{} {}–{}",
            date_label(lang.get(), slot.date),
            slot.start,
            slot.end
        )
    };
    let open = move || entry.with(|e| e.status.is_open());
    let held = move || entry.with(|e| e.status == WaitStatus::Held);
    view! {
        <section class="detail" aria-labelledby="detail-title">
            <h2 id="detail-title" tabindex="-1">{move || i18n.t().wait_title}</h2>
            <dl class="summary">
                <dt>{move || i18n.t().code_label}</dt>
                <dd class="detail-code">{code.to_string()}</dd>
                <dt>{move || i18n.t().review_when}</dt>
                <dd>{when}</dd>
                <dt>{move || i18n.t().status_label}</dt>
                <dd class="wait-standing">{move || entry.with(|e| standing(i18n.t(), e))}</dd>
            </dl>
            <div aria-live="polite">
                {move || failure.get().map(|error| view! {
                    <div class="error-panel" role="alert">
                        <p><span class="icon" aria-hidden="true">"⚠ "</span>{move || error_message(i18n.t(), &error)}</p>
                    </div>
                })}
            </div>
            <div class="cancel-area">
                {move || held().then(|| view! {
                    <button type="button" class="button primary" disabled=move || pending.get() on:click=move |_| act(true)>
                        {move || i18n.t().wait_confirm}
                    </button>
                })}
                {move || open().then(|| view! {
                    <button type="button" class="button danger-outline" disabled=move || pending.get() on:click=move |_| act(false)>
                        {move || i18n.t().wait_leave}
                    </button>
                })}
            </div>
        </section>
        <nav class="flow-nav">
            <button type="button" class="button secondary back" on:click=move |_| on_back.run(())>
                {move || i18n.t().back_to_my}
            </button>
        </nav>
    }
}
