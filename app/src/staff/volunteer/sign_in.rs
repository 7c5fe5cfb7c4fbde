//! `/volunteer`: a volunteer signs in with the centre's PIN. On a kiosk the
//! centre is the kiosk's own and the PIN is typed on the on-screen keypad.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_query_map};
use linli_model::{Catalog, CenterId, ErrorCode};

use super::{staff_error, tr, vt};
use crate::backend::{Backend, SignInFailure, Staff};
use crate::components::{Keypad, Keys, PageTitle};
use crate::config::AppConfig;
use crate::i18n::use_i18n;

pub const ROSTER_PATH: &str = "/volunteer/roster";

#[component]
pub fn VolunteerSignIn() -> impl IntoView {
    let i18n = use_i18n();
    let config = expect_context::<AppConfig>();
    if Staff::stored(&expect_context::<Backend>()).is_some() {
        return view! { <Redirect path=ROSTER_PATH /> }.into_any();
    }
    let backend = expect_context::<Backend>();
    let signer = backend.clone();
    let fixed = config.kiosk_center().cloned();
    let center = RwSignal::new(fixed.as_ref().map(ToString::to_string).unwrap_or_default());
    let pin = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<SignInFailure>);
    let catalog = RwSignal::new(None::<Catalog>);
    spawn_local(async move {
        match backend.catalog().await {
            Ok(c) => catalog.set(Some(c)),
            Err(error) => failure.set(Some(SignInFailure {
                error,
                retry_after: None,
            })),
        }
    });
    // Sent here after the server forgot the session (expired, signed out elsewhere).
    let expired = use_query_map().with_untracked(|q| q.get("expired").is_some());
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(id) = center.get_untracked().parse::<CenterId>() else {
            crate::platform::focus("#vol-center");
            return;
        };
        let (backend, navigate) = (signer.clone(), navigate.clone());
        pending.set(true);
        failure.set(None);
        spawn_local(async move {
            let answer = Staff::sign_in(&backend, &id, &pin.get_untracked()).await;
            pending.set(false);
            pin.set(String::new());
            match answer {
                Ok(_) => navigate(ROSTER_PATH, Default::default()),
                Err(f) => {
                    failure.set(Some(f));
                    crate::platform::focus("#vol-pin");
                }
            }
        });
    };
    let message = move || {
        let t = vt(i18n);
        failure.with(|f| {
            f.as_ref().map(|f| match f.error.code() {
                Some(ErrorCode::RateLimited) => {
                    (t.vol_err_rate_limited)(f.retry_after.unwrap_or(60))
                }
                _ => staff_error(t, &f.error),
            })
        })
    };
    let lang = i18n.lang;
    let centers = move || {
        catalog.with(|c| {
            let c = c.as_ref()?;
            let groups = c.centers_by_street().into_iter().map(|(street, list)| {
                let street = c.streets.iter().find(|s| &s.id == street).map(|s| s.name.get(lang.get()).to_owned());
                let options = list
                    .into_iter()
                    .map(|x| view! { <option value=x.id.to_string()>{x.name.get(lang.get()).to_owned()}</option> })
                    .collect_view();
                view! { <optgroup label=street>{options}</optgroup> }
            });
            Some(groups.collect_view())
        })
    };
    let kiosk_name = move || {
        let id = fixed.as_ref()?;
        catalog.with(|c| {
            c.as_ref()?
                .center(id)
                .map(|x| x.name.get(lang.get()).to_owned())
        })
    };
    // The kiosk's keypad types the PIN; no system keyboard pops up.
    let keypad = config.kiosk_center().is_some().then(|| {
        let on_edit = Callback::new(move |()| failure.set(None));
        view! { <Keypad keys=Keys::Phone value=pin on_edit /> }
    });
    let inputmode = if keypad.is_some() { "none" } else { "numeric" };
    let select = move || {
        view! {
            <label for="vol-center">{tr(|t| t.vol_center_label)}</label>
            <select
                id="vol-center"
                prop:value=move || center.get()
                on:change=move |ev| center.set(event_target_value(&ev))
            >
                <option value="">{tr(|t| t.vol_center_choose)}</option>
                {centers}
            </select>
        }
    };
    view! {
        <PageTitle text=Signal::derive(move || vt(i18n).vol_sign_in_title.to_owned()) />
        {expired.then(|| view! { <p class="banner warning" role="status">{tr(|t| t.vol_expired)}</p> })}
        <form class="details vol-sign-in" novalidate on:submit=submit>
            <div class="field">
                {match config.kiosk_center() {
                    Some(_) => view! {
                        <p class="vol-center">{tr(|t| t.vol_center_label)}" "<strong>{kiosk_name}</strong></p>
                    }
                    .into_any(),
                    None => select().into_any(),
                }}
            </div>
            <div class="field" class:invalid=move || failure.with(Option::is_some)>
                <label for="vol-pin">{tr(|t| t.vol_pin_label)}</label>
                <input
                    id="vol-pin"
                    type="password"
                    inputmode=inputmode
                    autocomplete="off"
                    maxlength=12
                    aria-describedby="vol-pin-error vol-pin-hint"
                    aria-invalid=move || failure.with(|f| f.as_ref().map(|_| "true"))
                    bind:value=pin
                />
                <p class="hint" id="vol-pin-hint">{tr(|t| t.vol_pin_hint)}</p>
                <p class="field-error" id="vol-pin-error" role="alert">
                    {move || message().map(|m| view! { <span class="icon" aria-hidden="true">"⚠ "</span>{m} })}
                </p>
                {keypad}
            </div>
            <button type="submit" class="button primary next" disabled=move || pending.get()>
                {move || if pending.get() { vt(i18n).vol_signing_in } else { vt(i18n).vol_sign_in }}
            </button>
        </form>
    }
    .into_any()
}
