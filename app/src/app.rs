//! The root component: app-wide context, the frame, and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::backend::Backend;
use crate::components::{IdlePrompt, OfflineBanner, TopBar};
use crate::config::{AppConfig, BackendKind, Mode};
use crate::draft::Draft;
use crate::i18n::{I18n, use_i18n};
use crate::pages::{
    CenterPicker, DatePicker, DetailsForm, Home, MyBookings, NotFound, Receipt, Review, SlotPicker,
    keyed,
};
use crate::pages::{VolunteerRoster, VolunteerSignIn};
use crate::platform;

#[component]
pub fn App(config: AppConfig) -> impl IntoView {
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
    provide_context(config);

    view! {
        <Router base=platform::base_path()>
            <div class="app">
                <TopBar />
                <ConfigWarning />
                {api.then(|| view! { <OfflineBanner /> })}
                <main id="main" class="page">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=Home />
                        <Route path=path!("/book/:kind") view=|| keyed(CenterPicker) />
                        <Route path=path!("/book/:kind/:center") view=|| keyed(DatePicker) />
                        <Route path=path!("/book/:kind/:center/:date") view=|| keyed(SlotPicker) />
                        <Route path=path!("/book/:kind/:center/:date/:slot") view=|| keyed(DetailsForm) />
                        <Route path=path!("/book/:kind/:center/:date/:slot/review") view=|| keyed(Review) />
                        <Route path=path!("/receipt") view=Receipt />
                        <Route path=path!("/my") view=MyBookings />
                        <Route path=path!("/volunteer") view=VolunteerSignIn />
                        <Route path=path!("/volunteer/roster") view=VolunteerRoster />
                    </Routes>
                </main>
                {kiosk.then(|| view! { <IdlePrompt /> })}
            </div>
        </Router>
    }
}

/// Staff need to know when a device runs on defaults because its
/// configuration could not be read.
#[component]
fn ConfigWarning() -> impl IntoView {
    let config = expect_context::<AppConfig>();
    let i18n = use_i18n();
    config.load_problem.map(|_| {
        view! { <p class="banner warning" role="status">{move || i18n.t().config_problem}</p> }
    })
}
