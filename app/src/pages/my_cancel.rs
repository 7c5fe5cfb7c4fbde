//! Cancelling a booking, in two steps: "取消预约", then a plain question with
//! two large answers. No native `confirm()`: it is small, can't be styled
//! for the kiosk, and speaks the browser's language instead of the resident's.

use leptos::prelude::*;
use linli_model::{Booking, BookingStatus, PhoneNumber};

use crate::backend::{Backend, BackendError};
use crate::components::error_message;
use crate::i18n::{Strings, use_i18n};
use crate::platform;

/// What to say when cancelling failed; a started slot is said in words
/// about cancelling, not about booking.
fn cancel_error(t: &'static Strings, error: &BackendError) -> String {
    match error.code() {
        Some("slot_closed") => t.err_cancel_too_late.into(),
        _ => error_message(t, error),
    }
}

#[component]
pub fn CancelBooking(booking: RwSignal<Booking>, phone: PhoneNumber) -> impl IntoView {
    let i18n = use_i18n();
    let backend = expect_context::<Backend>();
    let code = booking.with_untracked(|b| b.code);
    let asking = RwSignal::new(false);
    let done = RwSignal::new(false);
    let failure = RwSignal::new(None::<BackendError>);
    let cancel = {
        let (backend, phone) = (backend.clone(), phone.canonical());
        Action::new_local(move |_: &()| {
            let (backend, phone) = (backend.clone(), phone.clone());
            async move { backend.cancel(&code, &phone).await }
        })
    };
    Effect::new(move || match cancel.value().get() {
        Some(Ok(cancelled)) => {
            booking.set(cancelled);
            asking.set(false);
            done.set(true);
            platform::focus("#cancel-result");
        }
        Some(Err(error)) => {
            // Refused because the booking moved on (checked in, started):
            // show its current state, so the button goes away too.
            if matches!(error, BackendError::Api { status: 409, .. }) {
                let (backend, phone) = (backend.clone(), phone.canonical());
                leptos::task::spawn_local(async move {
                    if let Ok(now) = backend.booking(&code, &phone).await {
                        booking.set(now);
                    }
                });
            }
            asking.set(false);
            failure.set(Some(error));
            platform::focus("#cancel-result");
        }
        None => {}
    });
    let confirmed = move || booking.with(|b| b.status == BookingStatus::Confirmed);
    // Cancelling closes when the slot starts, as booking does.
    let open = move || confirmed() && booking.with(|b| b.slot.is_open_at(platform::now()));
    let pending = cancel.pending();
    let ask = move |_| {
        failure.set(None);
        asking.set(true);
        platform::focus("#cancel-question");
    };
    let keep = move |_| {
        asking.set(false);
        platform::focus("#cancel-open");
    };
    let question = move || {
        view! {
            <section
                class="confirm-cancel"
                role="alertdialog"
                aria-labelledby="cancel-question"
                aria-describedby="cancel-explain"
            >
                <h2 id="cancel-question" tabindex="-1">{move || i18n.t().cancel_question}</h2>
                <p id="cancel-explain">{move || i18n.t().cancel_explain}</p>
                <div class="confirm-actions">
                    <button
                        type="button"
                        class="button danger"
                        disabled=move || pending.get()
                        on:click=move |_| { cancel.dispatch(()); }
                    >
                        {move || if pending.get() { i18n.t().cancelling } else { i18n.t().cancel_yes }}
                    </button>
                    <button type="button" class="button secondary" on:click=keep>
                        {move || i18n.t().cancel_no}
                    </button>
                </div>
            </section>
        }
    };
    let result = move || {
        let message = match (done.get(), failure.get()) {
            (_, Some(error)) => Some((true, cancel_error(i18n.t(), &error))),
            (true, None) => Some((false, i18n.t().cancelled_done.to_owned())),
            (false, None) => None,
        };
        message.map(|(bad, text)| {
            view! {
                <p class="cancel-result" class:form-error=bad class:done=!bad>
                    <span class="icon" aria-hidden="true">{if bad { "⚠ " } else { "✓ " }}</span>
                    {text}
                </p>
            }
        })
    };
    view! {
        <div class="cancel-area">
            <div id="cancel-result" tabindex="-1" role="status">{result}</div>
            {move || {
                if asking.get() {
                    question().into_any()
                } else if open() {
                    view! {
                        <button id="cancel-open" type="button" class="button danger-outline" on:click=ask>
                            {move || i18n.t().cancel_booking}
                        </button>
                    }
                    .into_any()
                } else if confirmed() {
                    view! { <p class="hint">{move || i18n.t().cancel_closed_hint}</p> }.into_any()
                } else {
                    ().into_any()
                }
            }}
        </div>
    }
}
