//! What only a shared kiosk needs from the browser: no zoom, selection,
//! context menu or new windows; no history a next resident could go Back
//! through; and the reset that leaves nothing of the last resident behind.
//! Only called in kiosk mode (`AppConfig::mode`).

use wasm_bindgen::JsCast;

use crate::backend::{Backend, Staff};
use crate::draft::Draft;

/// Seconds the "还在使用吗？" prompt waits for "继续" (WCAG 2.2.1 asks at least 20).
pub const PROMPT_SECONDS: u8 = 20;

/// Events whose default a kiosk refuses: the context menu (also the
/// long-press menu), dragging text or links away, selecting text outside
/// fields, Safari's pinch gesture, and clicks that open a new tab or window
/// (middle button, or a link clicked with Ctrl, Shift, Alt or ⌘).
const REFUSED: [&str; 6] = [
    "contextmenu",
    "dragstart",
    "selectstart",
    "gesturestart",
    "auxclick",
    "click",
];

/// Locks the screen down for a kiosk. Called once at start; the listeners
/// live as long as the page, so their handles are not kept.
///
/// Pinch-zoom is stopped by the style sheet (`touch-action: pan-x pan-y` on
/// a kiosk) and Chromium's `--disable-pinch`, not by a viewport meta with
/// `user-scalable=no`: axe reports that as a violation (WCAG 1.4.4), and
/// desktop Chromium, which kiosks run, ignores it anyway. Residents who need
/// larger text have the large-text mode, one tap away on every screen.
pub fn lock_down() {
    let Some(window) = web_sys::window() else {
        return;
    };
    for name in REFUSED {
        // Dropping the handle keeps the listener (only `remove` ends it).
        let _ = leptos::prelude::window_event_listener_untyped(name, refuse);
    }
    forget_history(&window);
}

fn refuse(event: web_sys::Event) {
    let target = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let allowed = match event.type_().as_str() {
        // Selecting inside a field is how typed text is corrected.
        "selectstart" => {
            target.is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA"))
        }
        // Plain clicks are the whole app; only a modified click on a link
        // opens a tab or window (a modified click on a button is harmless).
        "click" => {
            let modified = event
                .dyn_ref::<web_sys::MouseEvent>()
                .is_some_and(|m| m.ctrl_key() || m.shift_key() || m.alt_key() || m.meta_key());
            if !modified && load_in_place(target.as_ref()) {
                event.prevent_default();
                return;
            }
            !modified || target.is_none_or(|el| el.closest("a").ok().flatten().is_none())
        }
        _ => false,
    };
    if !allowed {
        event.prevent_default();
    }
}

/// A link to the other page (the residents' or the staff page, marked
/// `rel="external"`) loads it in place of this one, as the router's
/// navigations do below: Back can't bring a volunteer's roster back from
/// the browser's cache. True when it did.
fn load_in_place(target: Option<&web_sys::Element>) -> bool {
    let href = target
        .and_then(|el| el.closest("a[rel~='external']").ok().flatten())
        .and_then(|a| a.get_attribute("href"));
    match (href, web_sys::window()) {
        (Some(href), Some(window)) => window.location().replace(&href).is_ok(),
        _ => false,
    }
}

/// A kiosk keeps no history: every navigation replaces the current entry
/// instead of adding one, whichever page or component navigates (the router
/// calls `history.pushState`, looked up on the object at each call). So the
/// browser's Back — a mouse's back button, Alt+←, a swipe — can never reach
/// an earlier resident's screens, even before a reset. The app's own "back"
/// buttons are links to the previous step and work as before.
fn forget_history(window: &web_sys::Window) {
    let Ok(history) = window.history() else {
        return;
    };
    let replace = js_sys::Reflect::get(&history, &"replaceState".into());
    if let Ok(replace) = replace {
        let _ = js_sys::Reflect::set(&history, &"pushState".into(), &replace);
    }
}

/// The path of the current page below the app's root: `""` on the home
/// screen, `"receipt"`, `"book/meal/…"`.
pub fn route() -> String {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return String::new();
    };
    let base = document.base_uri().ok().flatten().unwrap_or_default();
    let url = document.url().unwrap_or_default();
    let page = url.split(['?', '#']).next().unwrap_or_default();
    page.strip_prefix(&base).unwrap_or(page).to_owned()
}

/// Back to the start for the next resident, with nothing of this one left:
/// the draft is emptied, the device's storage cleared, and the app loaded
/// afresh at its root with the kiosk's own query string (`launch_query`,
/// e.g. `?mode=kiosk&center=…`). Loading afresh drops every page's state,
/// the DOM and the WASM memory at once; `replace` leaves no history entry.
///
/// localStorage and sessionStorage go entirely, but for a volunteer's
/// check-ins still waiting for the network: a kiosk keeps nothing of a
/// resident's there. The static backend's bookings are the centre's, not the
/// resident's, and live in IndexedDB (`backend/device.rs`), which stays.
pub fn reset(draft: Draft, launch_query: &str, backend: &Backend) {
    draft.clear();
    // Timers keep ticking while the session is ended: one reset is enough.
    if RESETTING.replace(true) {
        return;
    }
    let (query, backend) = (launch_query.to_owned(), backend.clone());
    // A volunteer's session ends on the server first (at most 2 s), then
    // everything here goes.
    leptos::task::spawn_local(async move {
        Staff::revoke_stored(&backend).await;
        restart(&query);
    });
}

thread_local! {
    static RESETTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn restart(launch_query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    crate::backend::clear_storage_keeping_queue();
    let base = window
        .document()
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_else(|| "/".into());
    let _ = window.location().replace(&format!("{base}{launch_query}"));
}
