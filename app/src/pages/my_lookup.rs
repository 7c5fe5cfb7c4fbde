//! Finding a booking by code and phone. The app's own checks come first
//! (the model's parsers, the server's rules), each message beside its field;
//! what was typed always stays.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_model::{BookingCode, ErrorCode, PhoneError, PhoneNumber};

use super::my_bookings::Found;
use super::my_wait::Waiting;
use crate::backend::{Backend, BackendError};
use crate::components::{Keys, LookupField, error_message};
use crate::config::{AppConfig, Mode};
use crate::i18n::{Text, use_i18n};
use crate::platform;

fn parse_code(typed: &str) -> Result<BookingCode, Text> {
    if typed.trim().is_empty() {
        return Err(|t| t.err_code_required);
    }
    typed.parse().map_err(|_| (|t| t.err_code_invalid) as Text)
}

fn parse_phone(typed: &str) -> Result<PhoneNumber, Text> {
    typed.parse().map_err(|e| match e {
        PhoneError::Empty => (|t| t.err_phone_required) as Text,
        PhoneError::Invalid => (|t| t.err_phone_invalid) as Text,
    })
}

#[component]
pub fn LookupForm(
    code: RwSignal<String>,
    phone: RwSignal<String>,
    on_found: Callback<Found>,
    on_waiting: Callback<Waiting>,
) -> impl IntoView {
    let i18n = use_i18n();
    let backend = StoredValue::new(expect_context::<Backend>());
    // A shared screen must not offer one resident's number to the next.
    let kiosk = expect_context::<AppConfig>().mode == Mode::Kiosk;
    let code_problem = RwSignal::new(None::<Text>);
    let phone_problem = RwSignal::new(None::<Text>);
    let failure = RwSignal::new(None::<BackendError>);
    let pending = RwSignal::new(false);
    // The last search, so "重试" after a network failure repeats it.
    let last = RwSignal::new(None::<(BookingCode, PhoneNumber)>);
    // Plain signals and `spawn_local` rather than an `Action`: the same
    // behaviour for much less WASM.
    let search = move || {
        let Some((code, phone)) = last.get_untracked() else {
            return;
        };
        failure.set(None);
        pending.set(true);
        let backend = backend.get_value();
        spawn_local(async move {
            let canonical = phone.canonical();
            let answer = backend.booking(&code, &canonical).await;
            // Not a booking: maybe a waiting-list code (a promoted entry's
            // booking has its code, so it was found above).
            let waiting = match &answer {
                Err(e) if e.code() == Some(ErrorCode::BookingNotFound) => {
                    backend.entry(&code, &canonical).await.ok()
                }
                _ => None,
            };
            pending.set(false);
            match (answer, waiting) {
                (Ok(found), _) => on_found.run(Found {
                    booking: found.booking,
                    phone,
                    rating: found.rating,
                }),
                (Err(_), Some(entry)) => on_waiting.run(Waiting { entry, phone }),
                (Err(error), None) => failure.set(Some(error)),
            }
        });
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let parsed_code = parse_code(&code.get_untracked());
        let parsed_phone = parse_phone(&phone.get_untracked());
        code_problem.set(parsed_code.err());
        phone_problem.set(parsed_phone.clone().err());
        match (parsed_code, parsed_phone) {
            (Ok(c), Ok(p)) => {
                last.set(Some((c, p)));
                search();
            }
            (Err(_), _) => platform::focus("#lookup-code"),
            (_, Err(_)) => platform::focus("#lookup-phone"),
        }
    };
    let message = move || {
        failure.get().map(|error| {
            // Only a failed connection is worth retrying as is; a booking
            // not found needs the code or phone changed first.
            let retryable = !matches!(error, BackendError::Api { .. });
            view! {
                <div class="error-panel" role="alert">
                    <p>
                        <span class="icon" aria-hidden="true">"⚠ "</span>
                        {move || error_message(i18n.t(), &error)}
                    </p>
                    {retryable.then(|| view! {
                        <button type="button" class="button primary" on:click=move |_| search()>
                            {move || i18n.t().retry}
                        </button>
                    })}
                </div>
            }
        })
    };
    view! {
        <section class="lookup" aria-labelledby="lookup-title">
            <h2 id="lookup-title">{move || i18n.t().my_lookup_title}</h2>
            <form class="details" novalidate on:submit=submit>
                <LookupField
                    id="lookup-code"
                    label=|t| t.code_label
                    hint=|t| t.lookup_code_hint
                    value=code
                    problem=code_problem
                    autocapitalize="characters"
                    maxlength=20
                    keys=Keys::Code
                />
                <LookupField
                    id="lookup-phone"
                    label=|t| t.lookup_phone_label
                    hint=|t| t.lookup_phone_hint
                    value=phone
                    problem=phone_problem
                    input_type="tel"
                    inputmode="tel"
                    autocomplete=if kiosk { "off" } else { "tel" }
                    maxlength=20
                    keys=Keys::Phone
                />
                <div aria-live="polite">{message}</div>
                <button type="submit" class="button primary confirm" disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t().lookup_searching } else { i18n.t().lookup_submit }}
                </button>
            </form>
        </section>
    }
}
