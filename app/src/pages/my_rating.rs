//! 服务评价: after an attended service, three large faces and an optional
//! short comment, once; afterwards the face given. Offered only when the
//! server says the booking can be rated (checked in, within the week).

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_model::rating::{MAX_RATING_COMMENT, RatingBody, RatingState, Satisfaction};
use linli_model::{BookingCode, PhoneNumber};

use crate::backend::{Backend, BackendError};
use crate::components::error_message;
use crate::i18n::{Strings, use_i18n};

fn face_name(t: &'static Strings, s: Satisfaction) -> &'static str {
    match s {
        Satisfaction::Satisfied => t.rate_satisfied,
        Satisfaction::FairlySatisfied => t.rate_fairly,
        Satisfaction::Dissatisfied => t.rate_dissatisfied,
    }
}

/// A face drawn in the app: a smile, a straight mouth or a frown.
fn face(s: Satisfaction) -> impl IntoView {
    let mouth = match s {
        Satisfaction::Satisfied => "M14 27 Q20 33 26 27",
        Satisfaction::FairlySatisfied => "M14 28 L26 28",
        Satisfaction::Dissatisfied => "M14 30 Q20 24 26 30",
    };
    view! {
        <svg class="face-icon" viewBox="0 0 40 40" aria-hidden="true">
            <circle cx="20" cy="20" r="18" />
            <circle class="eye" cx="14" cy="16" r="2.5" />
            <circle class="eye" cx="26" cy="16" r="2.5" />
            <path d=mouth />
        </svg>
    }
}

#[component]
pub fn RateService(code: BookingCode, phone: PhoneNumber, state: RatingState) -> impl IntoView {
    let i18n = use_i18n();
    let backend = StoredValue::new(expect_context::<Backend>());
    let phone = StoredValue::new(phone);
    let given = RwSignal::new(state.satisfaction);
    let thanked = RwSignal::new(false);
    let chosen = RwSignal::new(None::<Satisfaction>);
    let comment = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<BackendError>);
    let submit = move |_| {
        let Some(satisfaction) = chosen.get_untracked() else {
            return;
        };
        let text = comment.get_untracked();
        let body = RatingBody {
            phone: phone.with_value(PhoneNumber::canonical),
            satisfaction,
            comment: (!text.trim().is_empty()).then_some(text),
        };
        failure.set(None);
        pending.set(true);
        let backend = backend.get_value();
        spawn_local(async move {
            let done = backend.rate(&code, &body).await;
            pending.set(false);
            match done {
                Ok(()) => {
                    given.set(Some(satisfaction));
                    thanked.set(true);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let form = move || {
        let faces = Satisfaction::ALL.map(|s| {
            view! {
                <button
                    type="button"
                    class="face"
                    aria-pressed=move || (chosen.get() == Some(s)).to_string()
                    on:click=move |_| chosen.set(Some(s))
                >
                    {face(s)}
                    <span>{move || face_name(i18n.t(), s)}</span>
                </button>
            }
        });
        view! {
            <section class="rating" aria-labelledby="rate-title">
                <h3 id="rate-title">{move || i18n.t().rate_title}</h3>
                <div class="faces" role="group" aria-labelledby="rate-title">{faces}</div>
                <label class="field">
                    <span class="label">{move || i18n.t().rate_comment}</span>
                    <textarea
                        rows="2"
                        maxlength=MAX_RATING_COMMENT
                        bind:value=comment
                    ></textarea>
                </label>
                {move || failure.get().map(|e| view! {
                    <p class="field-error" role="alert">{move || error_message(i18n.t(), &e)}</p>
                })}
                <button
                    type="button"
                    class="button primary"
                    disabled=move || chosen.get().is_none() || pending.get()
                    on:click=submit
                >
                    {move || i18n.t().rate_submit}
                </button>
            </section>
        }
    };
    move || match given.get() {
        Some(s) => view! {
            <p class="rated" role="status">
                {move || if thanked.get() { i18n.t().rate_thanks } else { "" }}
                {move || format!("{}{}", i18n.t().rate_given, face_name(i18n.t(), s))}
            </p>
        }
        .into_any(),
        None if state.can_rate => form().into_any(),
        None => ().into_any(),
    }
}
