//! One remembered booking: when, its code, its live status, and the ways to
//! open it or forget it on this phone.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::my_bookings::Found;
use crate::backend::{Backend, BackendError, LookedUp};
use crate::components::{Loading, StatusBadge};
use crate::i18n::{date_label, use_i18n};
use crate::remembered::{self, Remembered};

#[component]
pub fn RememberedItem(
    entry: Remembered,
    on_open: Callback<Found>,
    /// How many items are still shown; this one counts itself out.
    left: RwSignal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let Remembered {
        code,
        phone,
        slot_id,
    } = entry;
    let status = RwSignal::new(None::<Result<LookedUp, BackendError>>);
    {
        let (backend, phone) = (expect_context::<Backend>(), phone.canonical());
        spawn_local(async move { status.set(Some(backend.booking(&code, &phone).await)) });
    }
    let removed = RwSignal::new(false);
    let forget = move |_| {
        remembered::forget(&code);
        removed.set(true);
        left.update(|n| *n = n.saturating_sub(1));
        crate::platform::focus("h1");
    };
    // Known without the network: the slot id carries the date and time.
    let title_id = format!("remembered-{}", code.compact());
    let when = move || format!("{} {}", date_label(lang.get(), slot_id.date), slot_id.start);
    let live = move || match status.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(LookedUp { booking, rating })) => {
            let (kind, state) = (booking.slot.kind, booking.status);
            let found = Found {
                booking,
                phone: phone.clone(),
                rating,
            };
            view! {
                <p class="remembered-kind">{move || i18n.t().kind(kind).name}</p>
                <p class="remembered-status"><StatusBadge status=state /></p>
                <button
                    type="button"
                    class="button primary"
                    aria-describedby=format!("remembered-{}", code.compact())
                    on:click=move |_| on_open.run(found.clone())
                >
                    {move || i18n.t().view_booking}
                </button>
            }
            .into_any()
        }
        Some(Err(error)) => {
            let gone = matches!(error, BackendError::Api { status: 404, .. });
            view! {
                <p class="remembered-status unknown">
                    <span class="icon" aria-hidden="true">"⚠ "</span>
                    {move || if gone { i18n.t().remembered_gone } else { i18n.t().remembered_unavailable }}
                </p>
            }
            .into_any()
        }
    };
    view! {
        <li class="remembered-item" hidden=move || removed.get()>
            <p class="remembered-when" id=title_id>
                <span>{when}</span>
                <span class="remembered-code">{move || format!("{} {}", i18n.t().code_label, code)}</span>
            </p>
            {live}
            <button
                type="button"
                class="button secondary"
                aria-describedby=format!("remembered-{}", code.compact())
                on:click=forget
            >
                {move || i18n.t().forget_booking}
            </button>
        </li>
    }
}
