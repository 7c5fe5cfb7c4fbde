//! `/volunteer/roster`: the signed-in centre's slots on one day, with the
//! tools around them: day and kind, refresh, CSV, print, sign out.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use linli_model::ServiceKind;

use super::slot::SlotView;
use super::{Console, button, staff_error, tr, vt};
use crate::backend::{Backend, Staff};
use crate::components::{Loading, PageTitle};
use crate::i18n::{date_label, use_i18n};

/// How often the roster reloads by itself, for bookings made elsewhere.
const REFRESH: Duration = Duration::from_secs(30);

#[component]
pub fn VolunteerRoster() -> impl IntoView {
    let i18n = use_i18n();
    let Some(staff) = Staff::stored(&expect_context::<Backend>()) else {
        return view! { <Redirect path="/volunteer" /> }.into_any();
    };
    let center_id = staff.center().clone();
    let on_device = staff.on_device();
    let console = Console::new(staff);
    provide_context(console);
    let backend = expect_context::<Backend>();
    spawn_local(async move {
        if let Ok(file) = backend.center(&center_id).await {
            console.center.set(Some(file));
        }
    });
    console.reload();
    let interval = set_interval_with_handle(
        move || {
            if console.open.try_with_untracked(String::is_empty) == Some(true) {
                console.reload();
            }
        },
        REFRESH,
    )
    .ok();
    // Back online (the browser's event or the app's health check, see
    // network.rs): what was queued goes at once (and every 30 s anyway).
    crate::network::on_reconnect(move || console.reload());
    on_cleanup(move || {
        if let Some(interval) = interval {
            interval.clear();
        }
    });

    let lang = i18n.lang;
    let title = Signal::derive(move || {
        let name = console.center.with(|c| {
            c.as_ref()
                .map(|f| format!(" · {}", f.center.name.get(lang.get())))
        });
        format!("{}{}", vt(i18n).vol_roster_title, name.unwrap_or_default())
    });
    let day = move |days: i64| {
        Callback::new(move |()| {
            let date = console.date.get_untracked().add_days(days);
            console.show(date, console.kind.get_untracked())
        })
    };
    let kind_button = move |kind: Option<ServiceKind>| {
        view! {
            <button
                type="button"
                class="button secondary"
                aria-pressed=move || (console.kind.get() == kind).to_string()
                on:click=move |_| console.show(console.date.get_untracked(), kind)
            >
                {move || kind.map_or(vt(i18n).vol_all, |k| vt(i18n).kind(k).name)}
            </button>
        }
    };
    let export_error = RwSignal::new(None::<crate::backend::BackendError>);
    let export = Callback::new(move |()| {
        let Some(staff) = console.staff.get_value() else {
            return;
        };
        let date = console.date.get_untracked();
        spawn_local(async move { export_error.set(staff.download_csv(date).await.err()) });
    });
    // A static kiosk's bookings exist only here: the console hands them
    // over as a file for a server (`linli-server import-bookings`).
    let export_all = Callback::new(move |()| {
        let Some(staff) = console.staff.get_value() else {
            return;
        };
        spawn_local(async move { export_error.set(staff.download_export().await.err()) });
    });
    let device_export = on_device.then(|| {
        button(
            "button secondary",
            |t| t.vol_export_bookings,
            false.into(),
            None,
            export_all,
        )
    });
    let device_hint =
        on_device.then(|| view! { <p class="hint">{tr(|t| t.vol_export_bookings_hint)}</p> });
    let reload = Callback::new(move |()| console.reload());
    let list = move || {
        if let Some(e) = console.failure.get() {
            return view! {
                <div class="error-panel" role="alert">
                    <p><span class="icon" aria-hidden="true">"⚠ "</span>{staff_error(vt(i18n), &e)}</p>
                    {button("button primary", |t| t.retry, false.into(), None, reload)}
                </div>
            }
            .into_any();
        }
        match console.roster.get() {
            None => view! { <Loading /> }.into_any(),
            Some(r) if r.slots.is_empty() => {
                view! { <p class="empty">{tr(|t| t.vol_no_slots)}</p> }.into_any()
            }
            Some(r) => r
                .slots
                .into_iter()
                .map(|data| view! { <SlotView data /> })
                .collect_view()
                .into_any(),
        }
    };
    let print = Callback::new(|()| crate::platform::print());
    let sign_out = Callback::new(move |()| console.sign_out());
    view! {
        {move || console.signed_out.get().map(|path| view! { <Redirect path /> })}
        <PageTitle text=title />
        <p class="vol-day">{move || date_label(lang.get(), console.date.get())}</p>
        <div class="vol-tools no-print">
            <div class="vol-dates">
                {button("button secondary", |t| t.vol_prev_day, false.into(), None, day(-1))}
                <input
                    type="date"
                    aria-label=tr(|t| t.vol_date_label)
                    prop:value=move || console.date.get().to_string()
                    on:change=move |ev| {
                        if let Ok(date) = event_target_value(&ev).parse() {
                            console.show(date, console.kind.get_untracked());
                        }
                    }
                />
                {button("button secondary", |t| t.vol_next_day, false.into(), None, day(1))}
            </div>
            <div class="vol-kinds" role="group" aria-label=tr(|t| t.vol_kind_label)>
                {kind_button(None)}
                {ServiceKind::ALL.map(|k| kind_button(Some(k))).into_iter().collect_view()}
            </div>
            <div class="vol-actions">
                {button("button secondary", |t| t.vol_refresh, false.into(), None, reload)}
                {button("button secondary", |t| t.vol_export, false.into(), None, export)}
                {button("button secondary", |t| t.print, false.into(), None, print)}
                {device_export}
                {button("button danger-outline", |t| t.vol_sign_out, false.into(), None, sign_out)}
            </div>
            {device_hint}
            <p class="hint" role="status">
                {move || {
                    let time = console.refreshed.get();
                    if !console.live.get() {
                        Some(vt(i18n).vol_offline.to_owned())
                    } else {
                        (!time.is_empty()).then(|| (vt(i18n).vol_refreshed)(&time))
                    }
                }}
            </p>
            <p class="form-error" role="alert">
                {move || export_error.get().map(|e| staff_error(vt(i18n), &e))}
            </p>
        </div>
        {list}
    }
    .into_any()
}
