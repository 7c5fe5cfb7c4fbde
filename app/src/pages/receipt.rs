//! The receipt: the booking code, large and as a QR code, and the way home.
//! On a phone also a calendar file, and the booking is remembered there for
//! "my bookings"; a kiosk remembers nothing and returns to the start by
//! itself after `AppConfig::receipt_seconds`, with the kiosk's full reset.
//! Prints alone (see the print rules in the style sheet) on a receipt
//! printer or A4.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;
use linli_model::PhoneNumber;

use crate::components::{CalendarLink, PageTitle, QrCode};
use crate::config::{AppConfig, Mode};
use crate::draft::use_draft;
use crate::i18n::{date_label, use_i18n};
use crate::kiosk;
use crate::platform;
use crate::remembered::{self, Remembered};

#[component]
pub fn Receipt() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let backend = expect_context::<crate::backend::Backend>();
    let (receipt, waited) = (draft.receipt.get_untracked(), draft.waited.get_untracked());
    if receipt.is_none() && waited.is_none() {
        return view! { <Redirect path="/" /> }.into_any();
    }
    let config = expect_context::<AppConfig>();
    let on_phone = config.mode == Mode::Web;
    let lang = i18n.lang;
    let navigate = use_navigate();
    let query = config.launch_query.clone();
    let done = {
        let backend = backend.clone();
        move |_| {
            if on_phone {
                draft.clear();
                navigate(
                    "/",
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            } else {
                kiosk::reset(draft, &query, &backend);
            }
        }
    };
    // On a kiosk: seconds left before the reset, shown and counted down.
    let countdown = (!on_phone).then(|| {
        let left = RwSignal::new(u8::try_from(config.receipt_seconds()).unwrap_or(30));
        let query = config.launch_query;
        let tick = move || match left.get_untracked() {
            0 | 1 => kiosk::reset(draft, &query, &backend),
            n => left.set(n - 1),
        };
        if let Ok(interval) = set_interval_with_handle(tick, Duration::from_secs(1)) {
            on_cleanup(move || interval.clear());
        }
        // A timer, not a live region: a reader announcing every second
        // would drown the code being read out.
        view! {
            <p class="receipt-countdown" role="timer">
                {move || (i18n.t().receipt_countdown)(u32::from(left.get()))}
            </p>
        }
    });
    // A place on a waiting list: its own receipt, the same way home.
    let Some(receipt) = receipt else {
        return waited
            .map(|entry| super::wait_receipt::wait_receipt(entry, done, countdown))
            .into_any();
    };
    let booking = receipt.booking;
    // The phone as the resident typed it (the answer's is masked), in the
    // canonical form; code, phone and slot are all that is kept.
    let remembered_here = on_phone
        && match draft.phone.get_untracked().parse::<PhoneNumber>() {
            Ok(phone) => {
                remembered::remember(Remembered {
                    code: booking.code,
                    phone,
                    slot_id: booking.slot.id.clone(),
                });
                true
            }
            Err(_) => false,
        };
    let (service, center, address) = (receipt.service, receipt.center, receipt.address);
    let slot = booking.slot.clone();
    let when = {
        let slot = slot.clone();
        move || {
            format!(
                "{} {}–{}",
                date_label(lang.get(), slot.date),
                slot.start,
                slot.end
            )
        }
    };
    let calendar = on_phone.then(|| {
        view! {
            <CalendarLink
                code=booking.code
                booked=slot
                service=service.clone()
                center=center.clone()
                address=address.clone()
            />
        }
    });
    let code = booking.code.to_string();
    view! {
        <div class="receipt">
            <PageTitle text=Signal::derive(move || i18n.t().receipt_title.to_owned()) />
            <p class="code-label" id="code-label">{move || i18n.t().code_label}</p>
            <p class="code" aria-labelledby="code-label">{code.clone()}</p>
            <QrCode text=code />
            <p class="receipt-what">{move || service.get(lang.get()).to_owned()}</p>
            <p class="receipt-when">{when}</p>
            <p class="receipt-where">
                {move || format!("{} · {}", center.get(lang.get()), address.get(lang.get()))}
            </p>
            <p class="receipt-who">{format!("{} · {}", booking.name, booking.phone)}</p>
            <p class="hint">{move || i18n.t().receipt_hint}</p>
            {remembered_here.then(|| view! { <p class="hint receipt-saved">{move || i18n.t().receipt_remembered}</p> })}
            {countdown}
            <div class="receipt-actions">
                <button type="button" class="button secondary" on:click=move |_| platform::print()>
                    {move || i18n.t().print}
                </button>
                {calendar}
                <button type="button" class="button primary" on:click=done>{move || i18n.t().done}</button>
            </div>
        </div>
    }
    .into_any()
}
