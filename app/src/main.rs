//! Linli 邻里: the residents' self-service app (`index.html`), compiled to
//! WebAssembly. The staff screens are another page (`staff/main.rs`).

mod app;
mod pages;
#[cfg(test)]
mod shell;

// The library's modules under the names the pages use (`crate::backend`, …).
use linli_app::{backend, components, config, draft, i18n, kiosk, network, platform, remembered};

use leptos::prelude::*;

fn main() {
    linli_app::frame::start(|config| {
        // The pre-rendered home screen (index.html) gives way to the app.
        if let Some(shell) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("shell"))
        {
            shell.remove();
        }
        leptos::mount::mount_to_body(move || view! { <app::App config=config.clone() /> });
    });
}
