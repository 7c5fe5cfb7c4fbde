//! One slot of the roster: its time and service, its counts (and for meals
//! what the kitchen prepares), its bookings as a table, and booking for a
//! walk-in. The same table is the print view (`@media print` hides the rest).

use leptos::prelude::*;
use linli_model::{Lang, RosterSlot};

use super::entry::BookingRow;
use super::walk_in::WalkInForm;
use super::{button, started, tr, use_console, vt};
use crate::components::diet_name;
use crate::i18n::use_i18n;

#[component]
pub fn SlotView(data: RosterSlot) -> impl IntoView {
    let slot = data;
    let i18n = use_i18n();
    let console = use_console();
    let lang = i18n.lang;
    let has_started = started(slot.date, slot.start);
    // Slot ids (`offering@2026-11-27T11:00`) made safe as element ids.
    let key: String = slot
        .id
        .to_string()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let (heading_id, hint_id) = (format!("slot-{key}"), format!("slot-{key}-hint"));
    let name = slot.offering_name.clone();
    let c = slot.counts;
    let counts = move || {
        (vt(i18n).vol_counts)(&[c.capacity, c.booked, c.checked_in, c.no_show, c.remaining])
    };
    let kitchen = slot.kitchen.map(|k| {
        let text = move || {
            let t = vt(i18n);
            let sep = if lang.get() == Lang::Zh { "、" } else { ", " };
            let diets: Vec<String> = k
                .diet
                .iter()
                .map(|(d, n)| format!("{} {n}", diet_name(t, *d)))
                .collect();
            let mut text = (t.vol_kitchen)(k.portions, k.dine_in, k.takeaway);
            if !diets.is_empty() {
                text = format!("{text} · {}", diets.join(sep));
            }
            text
        };
        view! { <p class="vol-kitchen">{text}</p> }
    });
    let offering_id = slot.offering_id.clone();
    let rows = if slot.bookings.is_empty() {
        view! { <p class="empty">{tr(|t| t.vol_no_bookings)}</p> }.into_any()
    } else {
        let rows = slot
            .bookings
            .into_iter()
            .map(|entry| {
                let (hint_id, offering_id) = (hint_id.clone(), offering_id.clone());
                view! { <BookingRow entry started=has_started hint_id offering_id /> }
            })
            .collect_view();
        view! {
            <table class="vol-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(|t| t.review_name)}</th>
                        <th scope="col">{tr(|t| t.review_phone)}</th>
                        <th scope="col">{tr(|t| t.vol_col_party)}</th>
                        <th scope="col">{tr(|t| t.vol_col_details)}</th>
                        <th scope="col">{tr(|t| t.status_label)}</th>
                        <th scope="col" class="no-print">{tr(|t| t.vol_col_actions)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    // The waiting list in order (held seats first): masked as the table.
    let waiting = (!slot.waiting.is_empty()).then(|| {
        let items = slot
            .waiting
            .into_iter()
            .map(|w| {
                // The place in words, not only a list marker (print and
                // the kiosk's style have none); a held entry is first.
                let place = w.position.map_or("⏳".to_owned(), |p| format!("{p}."));
                let who = format!(
                    "{place} {} {} · {} · ×{}",
                    w.code, w.name, w.phone, w.party_size
                );
                let held = w.hold_until.map(|h| {
                    let at = h.get(11..16).unwrap_or("").to_owned();
                    move || format!(" · {}", (vt(i18n).vol_held)(&at))
                });
                view! { <li>{who}{held}</li> }
            })
            .collect_view();
        view! {
            <h3 class="vol-waiting-title">{tr(|t| t.vol_waiting)}</h3>
            <ol class="vol-waiting">{items}</ol>
        }
    });
    // Walk-ins until the slot ends, not only until it starts (the server's
    // rule for staff): someone at the desk during the sitting gets a free seat.
    let slot_id = slot.id.clone();
    let walk_offering = slot.offering_id.clone();
    let open_key = format!("walk-in:{slot_id}");
    let walk_in = (c.remaining > 0 && !started(slot.date, slot.end)).then(|| {
        let slot_id = slot_id.clone();
        move || {
            // The form needs the offering (party size, price bands, home
            // service) from the centre's file: no button until it is here.
            let offering = console
                .center
                .with(|f| f.as_ref().and_then(|f| f.offering(&walk_offering).cloned()))?;
            if console.open.with(|o| *o == open_key) {
                Some(view! { <WalkInForm slot_id=slot_id.clone() offering /> }.into_any())
            } else {
                let open_key = open_key.clone();
                let open = Callback::new(move |()| {
                    console.booked.set(None);
                    console.open.set(open_key.clone());
                });
                Some(
                    button(
                        "button primary no-print",
                        |t| t.vol_walk_in,
                        false.into(),
                        None,
                        open,
                    )
                    .into_any(),
                )
            }
        }
    });
    let booked = move || {
        console.booked.with(|b| {
            b.as_ref()
                .filter(|(_, s)| *s == slot_id.to_string())
                .map(|(code, _)| (vt(i18n).vol_walk_in_done)(&code.to_string()))
        })
    };
    let labelled_by = heading_id.clone();
    view! {
        <section class="vol-slot" aria-labelledby=labelled_by>
            <h2 id=heading_id>{format!("{}–{} ", slot.start, slot.end)}{move || name.get(lang.get()).to_owned()}</h2>
            <p class="vol-counts">{counts}</p>
            {kitchen}
            {(!has_started).then(|| view! { <p class="hint no-print" id=hint_id>{tr(|t| t.vol_no_show_later)}</p> })}
            {rows}
            {waiting}
            <p class="done no-print" role="status">{booked}</p>
            {walk_in}
        </section>
    }
}
