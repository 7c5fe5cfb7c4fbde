//! 大字 and 高对比, one tap away on every screen. Each is a toggle button
//! (`aria-pressed`) that sets a class on `<html>`; the style sheet does the
//! rest. Kept in session storage on a kiosk and local storage on a phone
//! (see `platform::settings_storage`).

use leptos::prelude::*;

use crate::config::{AppConfig, Mode};
use crate::i18n::{Text, use_i18n};
use crate::platform;

/// Each mode: its class on `<html>`, its storage key and its label.
const MODES: [(&str, &str, Text); 2] = [
    ("large-text", "linli.large-text", |t| t.large_text),
    ("high-contrast", "linli.high-contrast", |t| t.high_contrast),
];

fn stored(kiosk: bool, key: &str) -> bool {
    platform::settings_storage(kiosk).is_some_and(|s| s.get_item(key).ok().flatten().is_some())
}

fn store(kiosk: bool, key: &str, on: bool) {
    if let Some(storage) = platform::settings_storage(kiosk) {
        // Only "on" is written: cleared storage means the plain display.
        let _ = if on {
            storage.set_item(key, "1")
        } else {
            storage.remove_item(key)
        };
    }
}

#[component]
pub fn DisplayToggles() -> impl IntoView {
    let i18n = use_i18n();
    let kiosk = expect_context::<AppConfig>().mode == Mode::Kiosk;
    MODES
        .map(|(class, key, label)| {
            // Read once: the kiosk's reset clears storage and loads the app
            // afresh (`kiosk::reset`), so the next resident starts plain.
            let on = RwSignal::new(stored(kiosk, key));
            Effect::new(move || platform::set_root_class_on(class, on.get()));
            let toggle = move |_| {
                let now = !on.get_untracked();
                store(kiosk, key, now);
                on.set(now);
            };
            view! {
                <button
                    type="button"
                    class="button secondary toggle"
                    aria-pressed=move || if on.get() { "true" } else { "false" }
                    on:click=toggle
                >
                    {move || label(i18n.t())}
                </button>
            }
        })
        .collect_view()
}
