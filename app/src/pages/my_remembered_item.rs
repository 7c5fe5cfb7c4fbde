//! One remembered booking: when, its code, its live status, and the ways to
//! open it or forget it on this phone.

use leptos::prelude::*;
use linli_model::BookingCode;

use super::flow::kind_name;
use super::my_bookings::Found;
use crate::backend::{Backend, BackendError};
use crate::components::{Loading, StatusBadge};
use crate::i18n::{date_label, use_i18n};
use crate::remembered::Remembered;

#[component]
pub fn RememberedItem(
    entry: Remembered,
    on_open: Callback<Found>,
    on_forget: Callback<BookingCode>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let backend = expect_context::<Backend>();
    let Remembered {
        code,
        phone,
        slot_id,
    } = entry;
    let status = {
        let phone = phone.clone();
        LocalResource::new(move || {
            let (backend, phone) = (backend.clone(), phone.clone());
            async move { backend.booking(&code, &phone.canonical()).await }
        })
    };
    // Known without the network: the slot id carries the date and time.
    let title_id = format!("remembered-{}", code.compact());
    let when = move || format!("{} {}", date_label(lang.get(), slot_id.date), slot_id.start);
    let live = move || {
        let phone = phone.clone();
        Suspend::new(async move {
            match status.await {
                Ok(booking) => {
                    let kind = booking.slot.kind;
                    let state = booking.status;
                    let found = Found { booking, phone };
                    view! {
                        <p class="remembered-kind">{move || kind_name(i18n.t(), kind)}</p>
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
                Err(error) => {
                    let gone = matches!(error, BackendError::Api { status: 404, .. });
                    view! {
                        <p class="remembered-status unknown">
                            <span class="icon" aria-hidden="true">"⚠ "</span>
                            {move || if gone { i18n.t().remembered_gone } else { i18n.t().remembered_unavailable }}
                        </p>
                    }
                    .into_any()
                }
            }
        })
    };
    view! {
        <li class="remembered-item">
            <p class="remembered-when" id=title_id>
                <span>{when}</span>
                <span class="remembered-code">{move || format!("{} {}", i18n.t().code_label, code)}</span>
            </p>
            <Transition fallback=Loading>{live}</Transition>
            <button
                type="button"
                class="button secondary"
                aria-describedby=format!("remembered-{}", code.compact())
                on:click=move |_| on_forget.run(code)
            >
                {move || i18n.t().forget_booking}
            </button>
        </li>
    }
}
