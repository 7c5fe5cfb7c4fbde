//! Linli 邻里: the staff page (`staff.html`, served for `/volunteer`),
//! compiled to WebAssembly apart from the residents' app, whose kiosks
//! and phones never download it: the volunteer console and the
//! management console.

mod app;
mod manage;
mod volunteer;

// The library's modules under the names the screens use (`crate::backend`, …).
use linli_app::{backend, components, config, draft, i18n, network, platform};

use leptos::prelude::*;

fn main() {
    linli_app::frame::start(|config| {
        leptos::mount::mount_to_body(move || view! { <app::StaffApp config=config.clone() /> });
    });
}
