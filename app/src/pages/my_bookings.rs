//! "我的预约": find a booking by its code and phone (on a phone, also the
//! bookings remembered there), see it and cancel it. Everything typed or
//! found lives in this page only: leaving it forgets all, as a shared kiosk
//! needs.

use leptos::prelude::*;
use linli_model::rating::RatingState;
use linli_model::{Booking, PhoneNumber};

use super::my_detail::BookingDetail;
use super::my_lookup::LookupForm;
use super::my_remembered::RememberedList;
use super::my_wait::{WaitDetail, Waiting};
use crate::backend::Backend;
use crate::components::PageTitle;
use crate::config::{AppConfig, Mode};
use crate::i18n::use_i18n;
use crate::platform;

/// A booking as found, with the phone that found it: cancelling needs the
/// phone in full, which the server's answer only has masked.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub booking: Booking,
    pub phone: PhoneNumber,
    /// Whether it was or can be rated; `None` where ratings aren't kept.
    pub rating: Option<RatingState>,
}

#[component]
pub fn MyBookings() -> impl IntoView {
    let i18n = use_i18n();
    // Never remembered on a kiosk, even one not yet bound to a centre.
    let on_phone = expect_context::<AppConfig>().mode == Mode::Web;
    // A phone against static files holds no bookings: they are on the
    // centre's kiosk. Say so instead of a search that can't find them.
    if !expect_context::<Backend>().books() {
        return view! {
            <PageTitle text=Signal::derive(move || i18n.t().my_title.to_owned()) />
            <p class="notice">{move || i18n.t().my_at_center}</p>
        }
        .into_any();
    }
    let open = RwSignal::new(None::<Found>);
    let waiting = RwSignal::new(None::<Waiting>);
    // Kept here, not in the form, so they survive a look at a booking.
    let code = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let show = Callback::new(move |found: Found| {
        waiting.set(None);
        open.set(Some(found));
        platform::focus("#detail-title");
    });
    let show_entry = Callback::new(move |entry: Waiting| {
        waiting.set(Some(entry));
        platform::focus("#detail-title");
    });
    let close = Callback::new(move |()| {
        open.set(None);
        waiting.set(None);
        platform::focus("h1");
    });
    view! {
        <PageTitle text=Signal::derive(move || i18n.t().my_title.to_owned()) />
        {move || match (open.get(), waiting.get()) {
            (Some(found), _) => view! { <BookingDetail found on_back=close /> }.into_any(),
            (None, Some(entry)) => view! { <WaitDetail entry on_back=close on_booked=show /> }.into_any(),
            (None, None) => view! {
                {on_phone.then(|| view! { <RememberedList on_open=show /> })}
                <LookupForm code phone on_found=show on_waiting=show_entry />
            }
            .into_any(),
        }}
    }
    .into_any()
}
