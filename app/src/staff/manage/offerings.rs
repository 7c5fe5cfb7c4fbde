//! The services tab: each offering's weekly schedule with its seats. A
//! capacity below the seats booked in a coming slot is refused by the
//! server with the slot and its count, said here in the member's words.

use leptos::prelude::*;
use linli_model::catalog_edit::OfferingEdit;
use linli_model::manage::{ManagedCenter, ManagedOffering};
use linli_model::{Lang, ScheduleRule};

use super::center::Editing;
use super::text::manage_text;
use super::{Outcome, mt};
use crate::i18n::use_i18n;

/// "一、二、三 11:00–12:30" / "Mon, Tue 11:00–12:30".
pub fn rule_text(lang: Lang, rule: &ScheduleRule) -> String {
    let t = manage_text(lang);
    let days: Vec<&str> = rule
        .weekdays
        .iter()
        .filter_map(|d| {
            t.weekday_names
                .get(usize::from(*d).wrapping_sub(1))
                .copied()
        })
        .collect();
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    format!("{} {}–{}", days.join(sep), rule.start, rule.end)
}

#[component]
pub fn OfferingsTab() -> impl IntoView {
    let editing = expect_context::<Editing>();
    let offerings = editing.center.with_untracked(|c| match c {
        Some(Ok(c)) => c.offerings.clone(),
        _ => vec![],
    });
    offerings
        .into_iter()
        .map(|o| view! { <OfferingSeats managed=o /> })
        .collect_view()
}

/// The offering in the centre as last read, replaced by the saved one.
pub fn replace(center: &mut ManagedCenter, saved: ManagedOffering) {
    for o in &mut center.offerings {
        if o.offering.id == saved.offering.id {
            *o = saved.clone();
        }
    }
}

#[component]
fn OfferingSeats(managed: ManagedOffering) -> impl IntoView {
    let editing = expect_context::<Editing>();
    let lang = use_i18n().lang;
    let id = managed.offering.id.clone();
    let current = RwSignal::new(managed);
    let seats: Vec<RwSignal<String>> = current.with_untracked(|m| {
        m.offering
            .schedule
            .iter()
            .map(|r| RwSignal::new(r.capacity.to_string()))
            .collect()
    });
    let message = RwSignal::new(None::<(bool, String)>);
    let pending = RwSignal::new(false);
    let name = current.with_untracked(|m| m.offering.name.clone());
    let heading = {
        let name = name.clone();
        move || name.get(lang.get()).to_owned()
    };
    let rows = current
        .with_untracked(|m| m.offering.schedule.clone())
        .into_iter()
        .zip(seats.clone())
        .map(|(rule, value)| {
            let name = name.clone();
            let when = {
                let rule = rule.clone();
                move || rule_text(lang.get(), &rule)
            };
            let label = move || {
                format!(
                    "{} {} {}",
                    manage_text(lang.get()).capacity,
                    name.get(lang.get()),
                    rule_text(lang.get(), &rule)
                )
            };
            view! {
                <tr>
                    <td>{when}</td>
                    <td>
                        <input type="number" inputmode="numeric" min="1" max="10000" class="seats"
                            aria-label=label bind:value=value />
                    </td>
                </tr>
            }
        })
        .collect_view();
    let save = move |_| {
        let mut offering = current.with_untracked(|m| m.offering.clone());
        for (rule, value) in offering.schedule.iter_mut().zip(&seats) {
            match value.get_untracked().trim().parse::<u32>() {
                Ok(n) => rule.capacity = n,
                Err(_) => {
                    let t = manage_text(lang.get_untracked());
                    message.set(Some((false, (t.invalid_field)(t.capacity))));
                    return;
                }
            }
        }
        let edit = OfferingEdit {
            version: current.with_untracked(|m| m.version),
            offering,
        };
        let manager = editing.manager;
        let call = async move {
            let api = manager.api.get_value();
            api.save_offering(&manager.csrf(), &edit).await
        };
        editing.save(pending, message, call, move |saved| {
            current.set(saved.clone());
            editing.saved(|c| replace(c, saved));
            manage_text(lang.get_untracked()).saved.to_owned()
        });
    };
    view! {
        <section class="offering-seats" aria-labelledby=format!("seats-{id}")>
            <h2 id=format!("seats-{id}")>{heading}</h2>
            <table class="manage-table">
                <thead>
                    <tr><th scope="col">{mt(|t| t.time)}</th><th scope="col">{mt(|t| t.capacity)}</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <Outcome message />
            <button type="button" class="button primary" disabled=move || pending.get() on:click=save>
                {move || if pending.get() { mt(|t| t.saving)() } else { mt(|t| t.save)() }}
            </button>
        </section>
    }
}
