//! The staff page's root component: the residents' frame (top bar, display
//! aids, a kiosk's idle reset) around the staff routes. Home is the
//! residents' page; the console says itself when the network is gone.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::{IdlePrompt, NotFound, TopBar};
use crate::config::AppConfig;
use crate::manage::{CenterList, CenterPage, ManageShell, ManageSignIn};
use crate::platform;
use crate::volunteer::{VolunteerRoster, VolunteerSignIn};
use linli_app::frame::{self, ConfigWarning, Page};

#[component]
pub fn StaffApp(config: AppConfig) -> impl IntoView {
    let frame::Frame { kiosk, .. } = frame::provide(config, Page::Staff);
    view! {
        <Router base=platform::base_path()>
            <div class="app">
                <TopBar />
                <ConfigWarning />
                <main id="main" class="page">
                    <Routes fallback=NotFound>
                        <Route path=path!("/volunteer") view=VolunteerSignIn />
                        <Route path=path!("/volunteer/roster") view=VolunteerRoster />
                        <ParentRoute path=path!("/manage") view=ManageShell>
                            <Route path=path!("") view=ManageSignIn />
                            <Route path=path!("centers") view=CenterList />
                            <Route path=path!("centers/:id") view=CenterPage />
                        </ParentRoute>
                    </Routes>
                </main>
                {kiosk.then(|| view! { <IdlePrompt /> })}
            </div>
        </Router>
    }
}
