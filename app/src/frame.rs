//! What both pages set up around their routes: the configuration, the
//! app-wide context (language, backend, draft, which page this is), a
//! kiosk's lock-down, and the watch on the server.

use leptos::prelude::*;

use crate::backend::Backend;
use crate::config::{AppConfig, BackendKind, Mode};
use crate::draft::Draft;
use crate::i18n::{I18n, use_i18n};
use crate::platform;

/// Which page runs: the residents' (`index.html`) or the staff page
/// (`staff.html`, at `/volunteer`). Each is its own bundle, so a link from
/// one to the other is a full page load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Residents,
    Staff,
}

/// Loads the configuration, then has `mount` put the page's root in the
/// body, in the same task (the residents' pre-rendered home screen gives
/// way to the app with no frame painted between the two).
pub fn start(mount: impl FnOnce(AppConfig) + 'static) {
    console_error_panic_hook::set_once();
    // The configuration decides the backend and mode before anything
    // renders, so every page can read it synchronously from context.
    wasm_bindgen_futures::spawn_local(async move { mount(AppConfig::load().await) });
}

/// What a page's root needs to know to draw its frame.
pub struct Frame {
    pub kiosk: bool,
    /// A server is behind the app (not the static backend), and can be out of reach.
    pub api: bool,
}

/// Provides the app-wide context and starts what a kiosk and a server need.
pub fn provide(config: AppConfig, page: Page) -> Frame {
    let lang = RwSignal::new(config.languages.first().copied().unwrap_or_default());
    Effect::new(move || platform::set_document_lang(lang.get().tag()));
    let kiosk = config.mode == Mode::Kiosk;
    if kiosk {
        platform::set_root_class("kiosk");
        crate::kiosk::lock_down();
        crate::backend::ask_to_persist();
    }
    // Only the server can be out of reach: the static backend books on the device.
    let api = config.backend == BackendKind::Api;
    if api {
        crate::network::watch(&config.api_base);
    }
    provide_context(Backend::from_config(&config));
    provide_context(I18n { lang });
    provide_context(Draft::new());
    provide_context(page);
    provide_context(config);
    Frame { kiosk, api }
}

/// A link to the residents' home screen: its `href`, and `rel="external"`
/// from the staff page, where it is another page (the router then leaves
/// the click to the browser). A kiosk's launch query goes with it, so the
/// home screen it loads is still the kiosk's.
pub fn home_link() -> (String, Option<&'static str>) {
    match expect_context::<Page>() {
        Page::Residents => (platform::href("/"), None),
        Page::Staff => {
            let query = expect_context::<AppConfig>().launch_query;
            (
                format!("{}/{query}", platform::base_path()),
                Some("external"),
            )
        }
    }
}

/// Staff need to know when a device runs on defaults because its
/// configuration could not be read.
#[component]
pub fn ConfigWarning() -> impl IntoView {
    let config = expect_context::<AppConfig>();
    let i18n = use_i18n();
    config.load_problem.map(|_| {
        view! { <p class="banner warning" role="status">{move || i18n.t().config_problem}</p> }
    })
}
