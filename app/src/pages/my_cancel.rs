//! Cancelling a booking, in two steps: "取消预约", then a plain question with
//! two large answers. No native `confirm()`: it is small, can't be styled
//! for the kiosk, and speaks the browser's language instead of the resident's.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_model::{Booking, BookingStatus, ErrorCode, PhoneNumber};

use crate::backend::{Backend, BackendError};
use crate::components::error_message;
use crate::i18n::{Strings, use_i18n};
use crate::platform;

/// What to say when cancelling failed; a started slot is said in words
/// about cancelling, not about booking.
fn cancel_error(t: &'static Strings, error: &BackendError) -> String {
    match error.code() {
        Some(ErrorCode::SlotClosed) => t.err_cancel_too_late.into(),
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
    let pending = RwSignal::new(false);
    // Plain signals and `spawn_local` rather than an `Action`: the same
    // behaviour for much less WASM.
    let cancel = {
        let (backend, phone) = (backend.clone(), phone.canonical());
        StoredValue::new(move || {
            let (backend, phone) = (backend.clone(), phone.clone());
            pending.set(true);
            spawn_local(async move {
                let answer = backend.cancel(&code, &phone).await;
                pending.set(false);
                asking.set(false);
                match answer {
                    Ok(cancelled) => {
                        booking.set(cancelled);
                        done.set(true);
                    }
                    Err(error) => {
                        // Refused because the booking moved on (checked in,
                        // started): show its current state, so the button goes.
                        if matches!(error, BackendError::Api { status: 409, .. })
                            && let Ok(now) = backend.booking(&code, &phone).await
                        {
                            booking.set(now.booking);
                        }
                        failure.set(Some(error));
                    }
                }
                platform::focus("#cancel-result");
            });
        })
    };
    let confirmed = move || booking.with(|b| b.status == BookingStatus::Confirmed);
    // Cancelling closes when the slot starts, as booking does.
    let open = move || confirmed() && booking.with(|b| b.slot.is_open_at(platform::now()));
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
                        on:click=move |_| cancel.with_value(|cancel| cancel())
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
