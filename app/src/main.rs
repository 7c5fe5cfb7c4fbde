//! Linli 邻里: the residents' self-service app, compiled to WebAssembly.

mod app;
mod backend;
mod calendar;
mod components;
mod config;
mod draft;
mod i18n;
mod kiosk;
mod pages;
mod platform;
mod remembered;

use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    // The configuration decides the backend and mode before anything renders,
    // so every page can read it synchronously from context.
    wasm_bindgen_futures::spawn_local(async {
        let config = config::AppConfig::load().await;
        leptos::mount::mount_to_body(move || view! { <app::App config=config.clone() /> });
    });
}
