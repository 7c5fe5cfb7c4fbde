//! The banner while the server can't be reached: what still works (the
//! schedules, from the device's copy, and since when) and that booking is
//! paused until the connection is back, which happens by itself. The
//! residents' page only: the volunteer console says what offline means for
//! it in its own status line.

use leptos::prelude::*;
use linli_model::LocalDateTime;

use crate::i18n::use_i18n;
use crate::network::connection;

#[component]
pub fn OfflineBanner() -> impl IntoView {
    let i18n = use_i18n();
    let connection = connection();
    let offline = {
        let c = connection.clone();
        move || c.with(|c| c.offline)
    };
    let updated = move || {
        connection.with(|c| c.cached_at).map(|ms| {
            let at = LocalDateTime::from_unix_millis(ms as i64);
            (i18n.t().offline_updated)(&at.time.to_string())
        })
    };
    view! {
        <Show when=offline>
            <div class="banner offline" role="status">
                <p class="offline-title">{move || i18n.t().offline_title}</p>
                <p>{move || i18n.t().offline_body} " " {updated.clone()}</p>
            </div>
        </Show>
    }
}
