//! Whether the server answers (api backend). Every API answer and failure
//! passes through [`observe`]; a light health check every 30 s and the
//! browser's `online`/`offline` events catch an outage while nobody taps.
//! Offline, schedules still come from the service worker's cache (marked
//! `X-Linli-Offline`), and booking pauses: a seat can't be sold from a cache.

use std::time::Duration;

use gloo_net::http::{Request, Response};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// How often a device checks the server while nobody uses it.
const HEALTH_EVERY: Duration = Duration::from_secs(30);

/// The header `public/sw.js` puts on an answer it served from its cache
/// because the network failed.
const OFFLINE_HEADER: &str = "x-linli-offline";
/// ... and on a kept copy it served while refreshing it: says nothing
/// about the network.
const CACHE_HEADER: &str = "x-linli-cache";

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Connection {
    pub offline: bool,
    /// When the newest cached answer shown while offline was fetched
    /// (Unix milliseconds, from its `Date` header).
    pub cached_at: Option<f64>,
}

thread_local! {
    // The browser has one network: a global, not a context, so the
    // backends' plain async functions can report to it.
    static CONNECTION: ArcRwSignal<Connection> = ArcRwSignal::new(Connection::default());
}

pub fn connection() -> ArcRwSignal<Connection> {
    CONNECTION.with(Clone::clone)
}

/// Runs `again` each time the server answers after an outage, for as long
/// as the calling component lives: what failed loads again by itself.
pub fn on_reconnect(again: impl Fn() + 'static) {
    let connection = connection();
    Effect::new(move |was_offline: Option<bool>| {
        let offline = connection.with(|c| c.offline);
        if was_offline == Some(true) && !offline {
            again();
        }
        offline
    });
}

fn set(next: Connection) {
    CONNECTION.with(|c| {
        if c.get_untracked() != next {
            c.set(next);
        }
    });
}

/// Notes what a request to our server came to.
pub fn observe(sent: &Result<Response, gloo_net::Error>) {
    match sent {
        Err(_) => went_offline(None),
        Ok(response) if response.headers().has(CACHE_HEADER) => {}
        Ok(response) if response.headers().has(OFFLINE_HEADER) => {
            let fetched = response
                .headers()
                .get("date")
                .map(|d| js_sys::Date::parse(&d))
                .filter(|ms| ms.is_finite());
            went_offline(fetched);
        }
        Ok(_) => set(Connection::default()),
    }
}

fn went_offline(cached_at: Option<f64>) {
    CONNECTION.with(|c| {
        let now = c.get_untracked();
        let cached_at = match (now.cached_at, cached_at) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        set(Connection {
            offline: true,
            cached_at,
        });
    });
}

/// Starts watching the connection to the API at `base`: the browser's
/// events, and a health check every 30 s (a failed one means offline, an
/// answered one that the outage is over).
pub fn watch(base: &str) {
    let health = format!("{base}/health");
    let check = move || {
        let url = health.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let sent = Request::get(&url).send().await;
            match &sent {
                // A 503 from the server is "up, but its database isn't":
                // booking can't work either.
                Ok(r) if !r.ok() => went_offline(None),
                _ => observe(&sent),
            }
        });
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_offline = Closure::<dyn Fn()>::new(|| went_offline(None));
    let on_online = Closure::<dyn Fn()>::new({
        let check = check.clone();
        move || check()
    });
    let _ = window.add_event_listener_with_callback("offline", on_offline.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    // They live as long as the page.
    on_offline.forget();
    on_online.forget();
    let _ = set_interval_with_handle(check, HEALTH_EVERY);
}
