//! One booking, found by code and phone: what, where, when, its status, and
//! for a booking still ahead, the way to cancel it. Only what the server
//! answers is shown: a masked phone, never the sensitive details.

use leptos::prelude::*;
use leptos::task::spawn_local;
use linli_model::{BookingStatus, CenterFile};

use super::my_bookings::Found;
use super::my_cancel::CancelBooking;
use super::my_rating::RateService;
use crate::backend::{Backend, BackendError};
use crate::components::{CalendarLink, Loading, StatusBadge, error_message};
use crate::config::{AppConfig, Mode};
use crate::i18n::{date_label, use_i18n};

#[component]
pub fn BookingDetail(found: Found, on_back: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    // A calendar file is a download: useful on a phone, not on a kiosk.
    let on_phone = expect_context::<AppConfig>().mode == Mode::Web;
    let Found {
        booking,
        phone,
        rating,
    } = found;
    let rate = rating.map(|state| {
        let phone = phone.clone();
        view! { <RateService code=booking.code phone state /> }
    });
    let (code, slot, party) = (booking.code, booking.slot.clone(), booking.party_size);
    let by_centre = move |b: &linli_model::Booking| {
        b.cancelled_by_centre.as_ref().map(|c| match &c.reason {
            Some(reason) => format!("{}{reason}", i18n.t().cancelled_by_centre_because),
            None => i18n.t().cancelled_by_centre.to_owned(),
        })
    };
    let booking = RwSignal::new(booking);
    let status = Signal::derive(move || booking.with(|b| b.status));
    // The names come from the centre's file; the booking only has ids.
    let center = RwSignal::new(None::<Result<CenterFile, BackendError>>);
    let load_center = {
        let (backend, center_id) = (expect_context::<Backend>(), slot.center_id.clone());
        StoredValue::new(move || {
            center.set(None);
            let (backend, center_id) = (backend.clone(), center_id.clone());
            spawn_local(async move { center.set(Some(backend.center(&center_id).await)) });
        })
    };
    load_center.with_value(|load| load());
    let names = {
        let slot = slot.clone();
        move || {
            match center.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(error)) => view! {
                <div class="error-panel" role="alert">
                    <p><span class="icon" aria-hidden="true">"⚠ "</span>{move || error_message(i18n.t(), &error)}</p>
                    <button type="button" class="button primary" on:click=move |_| load_center.with_value(|load| load())>
                        {move || i18n.t().retry}
                    </button>
                </div>
            }
            .into_any(),
            Some(Ok(file)) => {
                let service = file
                    .offering(&slot.offering_id)
                    .map(|o| o.name.clone())
                    .unwrap_or_default();
                let kind = slot.kind;
                let (name, address) = (file.center.name, file.center.address);
                let service_name = {
                    let service = service.clone();
                    move || match service.get(lang.get()) {
                        // An offering since removed from the catalog: its kind still says enough.
                        "" => i18n.t().kind(kind).name.to_owned(),
                        text => text.to_owned(),
                    }
                };
                let place = {
                    let (name, address) = (name.clone(), address.clone());
                    move || format!("{} · {}", name.get(lang.get()), address.get(lang.get()))
                };
                let slot = slot.clone();
                let calendar = move || {
                    (on_phone && status.get() == BookingStatus::Confirmed).then(|| {
                        view! {
                            <CalendarLink
                                code
                                booked=slot.clone()
                                service=service.clone()
                                center=name.clone()
                                address=address.clone()
                            />
                        }
                    })
                };
                view! {
                    <p class="detail-service">{service_name}</p>
                    <p class="detail-where">{place}</p>
                    {calendar}
                }
                .into_any()
            }
        }
        }
    };
    let when = move || {
        format!(
            "{} {}–{}",
            date_label(lang.get(), slot.date),
            slot.start,
            slot.end
        )
    };
    view! {
        <section class="detail" aria-labelledby="detail-title">
            <h2 id="detail-title" tabindex="-1">{move || i18n.t().detail_title}</h2>
            {names}
            <dl class="summary">
                <dt>{move || i18n.t().code_label}</dt>
                <dd class="detail-code">{code.to_string()}</dd>
                <dt>{move || i18n.t().review_when}</dt>
                <dd>{when}</dd>
                <dt>{move || i18n.t().review_party}</dt>
                <dd>{party}</dd>
                <dt>{move || i18n.t().status_label}</dt>
                <dd><StatusBadge status /></dd>
            </dl>
            {move || booking.with(by_centre).map(|text| view! { <p class="centre-cancelled">{text}</p> })}
            {rate}
            <CancelBooking booking phone />
        </section>
        <nav class="flow-nav">
            <button type="button" class="button secondary back" on:click=move |_| on_back.run(())>
                {move || i18n.t().back_to_my}
            </button>
        </nav>
    }
}
