//! The PIN tab: whether the centre's volunteers can sign in, and a new PIN
//! (typed, or made and shown once) or none. Only for those who run the
//! centre's day: its manager and the district.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_model::manage::NewPin;

use super::center::Editing;
use super::text::manage_text;
use super::{Outcome, mt};
use crate::i18n::use_i18n;

#[component]
pub fn PinTab() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let manager = editing.manager;
    let lang = use_i18n().lang;
    let center = editing.center.with_untracked(|c| match c {
        Some(Ok(c)) => c.center.id.to_string(),
        _ => String::new(),
    });
    let center = StoredValue::new(center);
    let has_pin = RwSignal::new(None::<bool>);
    let pin = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let pending = RwSignal::new(false);
    spawn_local(async move {
        match manager.api.get_value().pin_state(&center.get_value()).await {
            Ok(state) => has_pin.set(Some(state.has_pin)),
            Err(e) => message.set(Some((false, manager.say(&e)))),
        }
    });
    let set = move |typed: bool| {
        let new = NewPin {
            pin: typed.then(|| pin.get_untracked().trim().to_owned()),
        };
        pending.set(true);
        message.set(None);
        spawn_local(async move {
            let answer = manager
                .api
                .get_value()
                .set_pin(&manager.csrf(), &center.get_value(), &new)
                .await;
            pending.set(false);
            pin.set(String::new());
            let t = manage_text(lang.get_untracked());
            match answer {
                Ok(set) => {
                    has_pin.set(Some(true));
                    let text = match set.generated {
                        Some(made) => (t.pin_made)(&made),
                        None => t.pin_saved.to_owned(),
                    };
                    message.set(Some((true, text)));
                }
                Err(e) => message.set(Some((false, manager.say(&e)))),
            }
        });
    };
    let clear = move |_| {
        pending.set(true);
        message.set(None);
        spawn_local(async move {
            let answer = manager
                .api
                .get_value()
                .clear_pin(&manager.csrf(), &center.get_value())
                .await;
            pending.set(false);
            match answer {
                Ok(_) => {
                    has_pin.set(Some(false));
                    let t = manage_text(lang.get_untracked());
                    message.set(Some((true, t.pin_cleared.to_owned())));
                }
                Err(e) => message.set(Some((false, manager.say(&e)))),
            }
        });
    };
    let state = move || {
        has_pin.get().map(|set| {
            let t = manage_text(lang.get());
            view! { <p>{if set { t.pin_is_set } else { t.pin_not_set }}</p> }
        })
    };
    view! {
        {state}
        <form class="details manage-form" novalidate on:submit=move |ev| { ev.prevent_default(); set(true); }>
            <div class="field">
                <label for="mg-pin">{mt(|t| t.new_pin)}</label>
                <input id="mg-pin" type="password" inputmode="numeric" autocomplete="new-password"
                    maxlength=12 aria-describedby="mg-pin-hint" bind:value=pin />
                <p class="hint" id="mg-pin-hint">{mt(|t| t.new_pin_hint)}</p>
            </div>
            <Outcome message />
            <div class="manage-actions">
                <button type="submit" class="button primary" disabled=move || pending.get()>{mt(|t| t.set_pin)}</button>
                <button type="button" class="button secondary" disabled=move || pending.get()
                    on:click=move |_| set(false)>{mt(|t| t.make_pin)}</button>
                <button type="button" class="button secondary" disabled=move || pending.get() || has_pin.get() != Some(true)
                    on:click=clear>{mt(|t| t.clear_pin)}</button>
            </div>
        </form>
    }
}
