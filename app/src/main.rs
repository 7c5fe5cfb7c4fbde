//! Linli 邻里: the residents' self-service app, compiled to WebAssembly.

mod app;
mod backend;
mod calendar;
mod components;
mod config;
mod draft;
mod i18n;
mod kiosk;
mod network;
mod pages;
mod platform;
mod remembered;
#[cfg(test)]
mod shell;

use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    // The configuration decides the backend and mode before anything renders,
    // so every page can read it synchronously from context.
    wasm_bindgen_futures::spawn_local(async {
        let config = config::AppConfig::load().await;
        // The pre-rendered home screen (index.html) gives way to the app in
        // the same task, so no frame is painted between the two.
        if let Some(shell) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("shell"))
        {
            shell.remove();
        }
        leptos::mount::mount_to_body(move || view! { <app::App config=config.clone() /> });
    });
}
