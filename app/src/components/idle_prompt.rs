//! Kiosk only: after `idle_seconds` without a touch or a key, a full-screen
//! "还在使用吗？" with a 20-second countdown and one large "继续"; when the
//! countdown ends, the kiosk resets for the next resident (`kiosk::reset`).
//!
//! One timer ticks every second and compares the time of the last input
//! with now: smaller than a timeout restarted on every touch, and the same
//! tick runs the countdown.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::config::AppConfig;
use crate::draft::{Draft, use_draft};
use crate::i18n::use_i18n;
use crate::kiosk::{self, PROMPT_SECONDS};

/// What counts as the resident being there. `input` also catches a
/// handwriting pad or IME, which may type without key events.
const ACTIVITY: [&str; 5] = ["pointerdown", "keydown", "touchstart", "input", "wheel"];

/// Whether anything of a resident is in the draft: on the home screen with
/// nothing entered there is nothing to protect, so no prompt. (Asked only
/// once idle on the home screen; the same reads as the pages', for less WASM.)
fn has_input(d: Draft) -> bool {
    let texts = [
        d.name,
        d.phone,
        d.address,
        d.note,
        d.legal_summary,
        d.other_party,
        d.mediation_summary,
    ];
    texts.iter().any(|t| !t.get_untracked().is_empty())
        || !d.diet.read_untracked().is_empty()
        || d.confirmed_age.get_untracked().is_some()
        || d.receipt.get_untracked().is_some()
}

fn dialog() -> Option<web_sys::HtmlDialogElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id("idle-prompt")?
        .dyn_into()
        .ok()
}

#[component]
pub fn IdlePrompt() -> impl IntoView {
    let i18n = use_i18n();
    let draft = use_draft();
    let backend = expect_context::<crate::backend::Backend>();
    let config = expect_context::<AppConfig>();
    let idle_ms = f64::from(config.idle_seconds) * 1000.0;
    let query = config.launch_query;
    // Seconds left before the reset; 0 while no prompt is shown.
    let left = RwSignal::new(0u8);
    let started = js_sys::Date::now();
    let last_input = Rc::new(Cell::new(started));

    let listeners = ACTIVITY.map(|name| {
        let last_input = Rc::clone(&last_input);
        window_event_listener_untyped(name, move |_| last_input.set(js_sys::Date::now()))
    });

    let tick = {
        let last_input = Rc::clone(&last_input);
        move || {
            let now = js_sys::Date::now();
            match left.get_untracked() {
                // Touches while the prompt shows don't count: only "继续" does.
                0 => {}
                1 => return kiosk::reset(draft, &query, &backend),
                n => return left.set(n - 1),
            }
            if now - last_input.get() < idle_ms {
                return;
            }
            let route = kiosk::route();
            // The receipt counts down by itself.
            if route == "receipt" {
                return last_input.set(now);
            }
            // The home screen with nothing entered has nothing to protect:
            // no prompt. If it was touched (the language or a display mode
            // changed), it quietly starts afresh for the next resident; a
            // screen untouched since it loaded just stays.
            if route.is_empty() && !has_input(draft) {
                if last_input.get() > started {
                    kiosk::reset(draft, &query, &backend);
                }
                return last_input.set(now);
            }
            left.set(PROMPT_SECONDS);
            // Modal: the page behind is inert, and focus moves to the
            // dialog's one control, "继续".
            if let Some(dialog) = dialog() {
                let _ = dialog.show_modal();
            }
        }
    };
    let interval = set_interval_with_handle(tick, Duration::from_secs(1)).ok();
    on_cleanup(move || {
        listeners.into_iter().for_each(|l| l.remove());
        if let Some(interval) = interval {
            interval.clear();
        }
    });

    // "继续", Escape, or any other way the dialog closes: the resident is here.
    let resume = move |_| {
        left.set(0);
        last_input.set(js_sys::Date::now());
    };
    let close = move |_| {
        if let Some(dialog) = dialog() {
            dialog.close();
        }
    };
    let countdown = move || match left.get() {
        0 => String::new(),
        n => (i18n.t().idle_countdown)(u32::from(n)),
    };
    view! {
        <dialog
            id="idle-prompt"
            class="idle-prompt"
            role="alertdialog"
            aria-modal="true"
            aria-labelledby="idle-title"
            aria-describedby="idle-explain idle-countdown"
            on:close=resume
        >
            <h2 id="idle-title">{move || i18n.t().idle_title}</h2>
            <p id="idle-explain">{move || i18n.t().idle_explain}</p>
            <p id="idle-countdown" class="idle-countdown" aria-live="polite">{countdown}</p>
            <button type="button" class="button primary idle-continue" on:click=close>
                {move || i18n.t().idle_continue}
            </button>
        </dialog>
    }
}
