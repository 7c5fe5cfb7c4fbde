//! "加入日历": the booking as an `.ics` file, made on the phone and offered
//! as a download link (nothing is sent anywhere).

use leptos::prelude::*;
use linli_model::{BookingCode, LocalizedText, Slot};

use crate::calendar::{CalendarEvent, data_url, file_name, ics};
use crate::i18n::use_i18n;

#[component]
pub fn CalendarLink(
    code: BookingCode,
    /// The booked slot: its date and times.
    booked: Slot,
    service: LocalizedText,
    center: LocalizedText,
    address: LocalizedText,
) -> impl IntoView {
    let i18n = use_i18n();
    // Made when the link is shown: the DTSTAMP says when the file was made.
    let stamp = js_sys::Date::now() as i64;
    // The entry is written in the language the resident is reading.
    let href = move || {
        let (lang, t) = (i18n.lang.get(), i18n.t());
        let location = format!("{} · {}", center.get(lang), address.get(lang));
        let description = (t.calendar_description)(&code.to_string());
        let event = CalendarEvent {
            code: &code,
            date: booked.date,
            start: booked.start,
            end: booked.end,
            summary: service.get(lang),
            location: &location,
            description: &description,
        };
        data_url(&ics(&event, stamp))
    };
    view! {
        <a class="button secondary calendar" href=href download=file_name(&code)>
            {move || i18n.t().add_to_calendar}
        </a>
    }
}
