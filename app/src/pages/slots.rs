//! Choose the time: each sitting or session of the day with places left,
//! and for meals the day's menu.

use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use linli_model::{CenterFile, Lang, Slot};

use super::flow::{center_path, center_resource, slot_path, use_flow_params};
use crate::backend::{Backend, BackendError};
use crate::components::{FlowPage, Step, diet_name};
use crate::i18n::{Strings, date_label, price, use_i18n};
use crate::platform;

#[component]
pub fn SlotPicker() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_flow_params();
    let backend = expect_context::<Backend>();
    let books = backend.books();
    let p = params.get_untracked();
    let (Some(kind), Some(center_id), Some(date)) = (p.kind, p.center, p.date) else {
        return view! { <Redirect path="/" /> }.into_any();
    };
    let center = center_resource(backend.clone(), params);
    let slots = {
        let center_id = center_id.clone();
        LocalResource::new(move || {
            let (backend, center_id) = (backend.clone(), center_id.clone());
            async move { backend.slots(&center_id, kind, date, 1).await }
        })
    };
    let lang = i18n.lang;
    let content = move || {
        Suspend::new(async move {
            let file = center.await?;
            let slots = slots.await?;
            let name = file.center.name.clone();
            let at_center =
                (!books).then(|| view! { <BookAtCenter phone=file.center.phone.clone() /> });
            let heading = move || {
                format!(
                    "{} · {} · {}",
                    i18n.t().kind(kind).name,
                    name.get(lang.get()),
                    date_label(lang.get(), date)
                )
            };
            let cards = if slots.is_empty() {
                view! { <p class="empty">{move || i18n.t().no_slots}</p> }.into_any()
            } else {
                let now = platform::now();
                let items = slots
                    .iter()
                    .map(|slot| slot_card(&file, slot, slot.is_open_at(now), books))
                    .collect_view();
                view! { <ul class="slots">{items}</ul> }.into_any()
            };
            Ok::<_, BackendError>(view! {
                <p class="eyebrow">{heading}</p>
                {at_center}
                {cards}
            })
        })
    };
    let back = center_path(kind, &center_id);
    view! {
        <FlowPage step=Step::Time title=|t| t.slots_title back retry=move |_| { center.refetch(); slots.refetch(); }>
            {content}
        </FlowPage>
    }
    .into_any()
}

/// Why a slot can't be chosen, in words (never by colour alone). Where
/// nobody knows the seats taken (`books` false), the published capacity.
fn availability(t: &'static Strings, slot: &Slot, open: bool, books: bool) -> String {
    if !open {
        t.closed.to_owned()
    } else if !books {
        (t.places_published)(slot.capacity)
    } else if slot.is_full() {
        t.full.to_owned()
    } else {
        (t.places_left)(slot.remaining)
    }
}

fn slot_card(file: &CenterFile, slot: &Slot, open: bool, books: bool) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let lang = i18n.lang;
    let offering = file.offering(&slot.offering_id).cloned();
    let bookable = books && open && !slot.is_full();
    // A full slot still to come whose waiting list has room: its card
    // leads to the same form, which then joins the list.
    let waitable = books
        && open
        && slot.is_full()
        && slot
            .waiting
            .is_some_and(|n| n < linli_model::waitlist::cap(slot.capacity));
    let draft = crate::draft::use_draft();
    let times = format!("{}–{}", slot.start, slot.end);
    let name = offering
        .as_ref()
        .map(|o| o.name.clone())
        .unwrap_or_default();
    let cents = offering.as_ref().map_or(0, |o| o.price_cents);
    let provider = offering
        .as_ref()
        .map(|o| o.provider.clone())
        .unwrap_or_default();
    let staff = offering
        .as_ref()
        .and_then(|o| o.staff.clone())
        .map(|staff| {
            let kind = slot.kind;
            let text = move || format!("{}: {}", i18n.t().kind(kind).staff, staff.get(lang.get()));
            view! { <p class="staff">{text}</p> }
        });
    let ages = offering.as_ref().and_then(|o| o.min_age).map(|age| {
        view! { <p class="age-note">{move || (i18n.t().class_for_ages)(age)}</p> }
    });
    let (dishes, suits) = offering
        .as_ref()
        .and_then(|o| o.menu_on(slot.date))
        .map(|(dishes, suits)| (dishes.to_vec(), suits.to_vec()))
        .unwrap_or_default();
    let slot_for_text = slot.clone();
    let waiting = slot.waiting.unwrap_or(0);
    let status = move || {
        if waitable {
            (i18n.t().wait_full)(waiting)
        } else {
            availability(i18n.t(), &slot_for_text, open, books)
        }
    };
    let menu = (!dishes.is_empty()).then(|| {
        view! {
            <div class="menu">
                <span class="menu-title">{move || i18n.t().menu}": "</span>
                {move || {
                    let separator = if lang.get() == Lang::Zh { "、" } else { ", " };
                    let mut text = dishes.iter().map(|d| d.get(lang.get())).collect::<Vec<_>>().join(separator);
                    if !suits.is_empty() {
                        let diets: Vec<_> = suits.iter().map(|d| diet_name(i18n.t(), *d)).collect();
                        text.push_str(&format!(" ({})", diets.join(separator)));
                    }
                    text
                }}
            </div>
        }
    });
    let body = move || {
        let name = name.clone();
        view! {
            <span class="slot-time">{times.clone()}</span>
            <span class="slot-name">{move || name.get(lang.get()).to_owned()}</span>
            <span class="slot-price">{move || price(lang.get(), cents)}</span>
            <span class="slot-status">{status.clone()}</span>
            {waitable.then(|| view! { <span class="slot-wait">{move || i18n.t().wait_join}</span> })}
        }
    };
    let class = if bookable || waitable {
        "slot"
    } else {
        "slot unavailable"
    };
    let card = if bookable || waitable {
        let href = slot_path(slot.kind, &slot.center_id, &slot.id);
        view! { <A href=platform::href(&href) attr:class=class>{body()}</A> }.into_any()
    } else {
        view! { <div class=class aria-disabled="true">{body()}</div> }.into_any()
    };
    let provider = move || format!("{}: {}", i18n.t().provider, provider.get(lang.get()));
    view! {
        <li on:click=move |_| draft.wait.set(waitable)>{card}{menu}{ages}{staff}<p class="provider">{provider}</p></li>
    }
}

/// A phone reading a static site can't book: say where to, with the
/// centre's number as a link that dials it.
#[component]
fn BookAtCenter(phone: String) -> impl IntoView {
    let i18n = use_i18n();
    let dial: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    view! {
        <section class="notice book-at-center" aria-labelledby="book-at-center">
            <h2 id="book-at-center">{move || i18n.t().book_at_center_title}</h2>
            <p>{move || i18n.t().book_at_center_text}</p>
            <a class="button primary" href=format!("tel:{dial}")>
                {move || (i18n.t().call_center)(&phone)}
            </a>
        </section>
    }
}
