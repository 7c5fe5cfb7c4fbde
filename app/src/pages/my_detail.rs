//! One booking, found by code and phone: what, where, when, its status, and
//! for a booking still ahead, the way to cancel it. Only what the server
//! answers is shown: a masked phone, never the sensitive details.

use leptos::prelude::*;
use linli_model::{BookingStatus, LocalizedText};

use super::flow::kind_name;
use super::my_bookings::Found;
use super::my_cancel::CancelBooking;
use crate::backend::{Backend, BackendError};
use crate::components::{CalendarLink, ErrorPanel, Loading, StatusBadge};
use crate::config::{AppConfig, Mode};
use crate::i18n::{date_label, use_i18n};

#[component]
pub fn BookingDetail(found: Found, on_back: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let backend = expect_context::<Backend>();
    // A calendar file is a download: useful on a phone, not on a kiosk.
    let on_phone = expect_context::<AppConfig>().mode == Mode::Web;
    let Found { booking, phone } = found;
    let (code, slot, party) = (booking.code, booking.slot.clone(), booking.party_size);
    let booking = RwSignal::new(booking);
    let status = Signal::derive(move || booking.with(|b| b.status));
    let center = {
        let center_id = slot.center_id.clone();
        LocalResource::new(move || {
            let (backend, center_id) = (backend.clone(), center_id.clone());
            async move { backend.center(&center_id).await }
        })
    };
    // The names come from the centre's file; the booking only has ids.
    let names = {
        let slot = slot.clone();
        move || {
            let slot = slot.clone();
            Suspend::new(async move {
                let file = center.await?;
                let kind = slot.kind;
                let service = file
                    .offering(&slot.offering_id)
                    .map(|o| o.name.clone())
                    .unwrap_or_default();
                let (center_name, address) = (file.center.name, file.center.address);
                let calendar = {
                    let (service, center_name, address) =
                        (service.clone(), center_name.clone(), address.clone());
                    move || {
                        (on_phone && status.get() == BookingStatus::Confirmed).then(|| {
                            view! {
                                <CalendarLink
                                    code
                                    booked=slot.clone()
                                    service=service.clone()
                                    center=center_name.clone()
                                    address=address.clone()
                                />
                            }
                        })
                    }
                };
                let service_name = move || match service.get(lang.get()) {
                    // An offering since removed from the catalog: its kind still says enough.
                    "" => kind_name(i18n.t(), kind).to_owned(),
                    name => name.to_owned(),
                };
                Ok::<_, BackendError>(view! {
                    <p class="detail-service">{service_name}</p>
                    <p class="detail-where">{move || where_line(&center_name, &address, lang.get())}</p>
                    {calendar}
                })
            })
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
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <ErrorPanel errors retry=move |_| center.refetch() /> }>
                    {names.clone()}
                </ErrorBoundary>
            </Transition>
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
            <CancelBooking booking phone />
        </section>
        <nav class="flow-nav">
            <button type="button" class="button secondary back" on:click=move |_| on_back.run(())>
                {move || i18n.t().back_to_my}
            </button>
        </nav>
    }
}

fn where_line(center: &LocalizedText, address: &LocalizedText, lang: linli_model::Lang) -> String {
    format!("{} · {}", center.get(lang), address.get(lang))
}
