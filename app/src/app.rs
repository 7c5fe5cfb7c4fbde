//! The residents' root component: the frame and the routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::{IdlePrompt, NotFound, OfflineBanner, TopBar};
use crate::config::AppConfig;
use crate::pages::{
    CenterPicker, DatePicker, DetailsForm, Home, MyBookings, Receipt, Review, SlotPicker, keyed,
};
use crate::platform;
use linli_app::frame::{self, ConfigWarning, Page};

#[component]
pub fn App(config: AppConfig) -> impl IntoView {
    let frame::Frame { kiosk, api } = frame::provide(config, Page::Residents);
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
                    </Routes>
                </main>
                {kiosk.then(|| view! { <IdlePrompt /> })}
            </div>
        </Router>
    }
}
