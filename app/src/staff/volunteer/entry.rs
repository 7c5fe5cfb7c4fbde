//! One booking on the roster: masked name and phone (the full number on
//! request), party, what the service needs to know, the status in words and
//! a sign, and what a volunteer can do with it.

use leptos::prelude::*;
use linli_model::{BookingStatus, Details, Lang, OfferingId, RosterEntry, StaffAction};

use super::{VolunteerText, button, conflict_text, row_id, staff_error, tr, use_console, vt};
use crate::components::{StatusBadge, category_name, diet_name, dining_name, topic_name};
use crate::i18n::use_i18n;

/// Meals: dining, diets, price band; care: address and note; legal and
/// mediation: their category only (the server sends no more); classes:
/// whether the age was confirmed.
fn details_text(
    t: &'static VolunteerText,
    lang: Lang,
    details: &Details,
    band: Option<String>,
) -> String {
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let parts: Vec<String> = match details {
        Details::Meal { dining, diet, .. } => {
            let mut parts = vec![dining_name(t, *dining).to_owned()];
            parts.extend(diet.iter().map(|d| diet_name(t, *d).to_owned()));
            parts.extend(band);
            parts
        }
        Details::Care { address, note } => address.iter().chain(note).cloned().collect(),
        Details::Legal { topic, .. } => vec![topic_name(t, *topic).to_owned()],
        Details::Mediation { category, .. } => vec![category_name(t, *category).to_owned()],
        Details::Class { age_confirmed } => age_confirmed
            .then(|| t.age_confirmed.to_owned())
            .into_iter()
            .collect(),
    };
    parts.join(sep)
}

#[component]
pub fn BookingRow(
    entry: RosterEntry,
    /// Whether the slot has started: no-show only from then on.
    started: bool,
    /// The slot's note saying why no-show waits.
    hint_id: String,
    offering_id: OfferingId,
) -> impl IntoView {
    let i18n = use_i18n();
    let console = use_console();
    let lang = i18n.lang;
    let code = entry.code;
    let party = entry.party_size;
    let masked = entry.phone.clone();
    let phone = move || {
        console.revealed.with(|r| match r {
            Some((c, full)) if *c == code => full.clone(),
            _ => masked.clone(),
        })
    };
    let can_reveal = entry.status != BookingStatus::Cancelled && !entry.phone.is_empty();
    let band_id = match &entry.details {
        Details::Meal { price_band, .. } => price_band.clone(),
        Details::Care { .. }
        | Details::Legal { .. }
        | Details::Mediation { .. }
        | Details::Class { .. } => None,
    };
    let details = entry.details.clone();
    let details = move || {
        let band = band_id.as_ref().map(|id| {
            console
                .center
                .with(|f| {
                    let band = f.as_ref()?.offering(&offering_id)?.price_band(id)?;
                    Some(band.label.get(lang.get()).to_owned())
                })
                .unwrap_or_else(|| id.clone())
        });
        details_text(vt(i18n), lang.get(), &details, band)
    };
    let cancel_key = format!("cancel:{code}");
    let asking = {
        let key = cancel_key.clone();
        Signal::derive(move || console.open.with(|o| *o == key))
    };
    let busy = Signal::derive(move || console.busy.get());
    let act = move |action: StaffAction| Callback::new(move |()| console.act(code, action, None));
    let actions = match entry.status {
        BookingStatus::Confirmed => {
            let open_cancel = Callback::new(move |()| {
                console.reason.set(String::new());
                console.open.set(cancel_key.clone());
            });
            let no_show_closed = Signal::derive(move || !started || console.busy.get());
            view! {
                {button("button secondary", |t| t.vol_check_in, busy, None, act(StaffAction::CheckIn))}
                {button(
                    "button secondary",
                    |t| t.vol_no_show,
                    no_show_closed,
                    (!started).then_some(hint_id),
                    act(StaffAction::NoShow),
                )}
                {button("button danger-outline", |t| t.vol_cancel, false.into(), None, open_cancel)}
            }
            .into_any()
        }
        BookingStatus::CheckedIn => button(
            "button secondary",
            |t| t.vol_undo,
            busy,
            None,
            act(StaffAction::UndoCheckIn),
        )
        .into_any(),
        BookingStatus::NoShow => button(
            "button secondary",
            |t| t.vol_check_in,
            busy,
            None,
            act(StaffAction::CheckIn),
        )
        .into_any(),
        BookingStatus::Cancelled => ().into_any(),
    };
    // Asked inline, with the reason beside the booking it is about.
    let confirm = Callback::new(move |()| {
        let reason = console.reason.get_untracked();
        console.act(code, StaffAction::Cancel, Some(reason));
    });
    let keep = Callback::new(move |()| console.open.set(String::new()));
    let cancel_form = move || {
        asking.get().then(|| {
            view! {
                <div class="vol-cancel" role="group" aria-label=tr(|t| t.vol_cancel)>
                    <label>
                        {tr(|t| t.vol_cancel_reason)}
                        <input type="text" maxlength=200 bind:value=console.reason />
                    </label>
                    {button("button danger", |t| t.vol_cancel_confirm, busy, None, confirm)}
                    {button("button secondary", |t| t.vol_cancel_keep, false.into(), None, keep)}
                </div>
            }
        })
    };
    // Made offline: still waiting, or refused when it was sent.
    let mark = console
        .marks
        .with_untracked(|m| m.iter().rev().find(|(c, ..)| *c == code).copied());
    let pending = matches!(mark, Some((.., None)));
    let refused = mark.and_then(|(_, action, error)| Some((action, error?)));
    let status = entry.status;
    let error = move || {
        let t = vt(i18n);
        let failed = console.row_error.with(|e| match e {
            Some((c, e)) if *c == code => Some(staff_error(t, e)),
            _ => None,
        });
        failed.or_else(|| refused.map(|(action, error)| conflict_text(t, action, error, status)))
    };
    let reason = entry.cancel_reason.clone();
    view! {
        // Focusable from script only: focus returns here after an action (`refocus`).
        <tr id=row_id(code) tabindex="-1" class=format!("status-row-{}", entry.status.as_str())>
            <td>{entry.name.clone()}</td>
            <td>
                <span class="vol-phone">{phone}</span>
                {can_reveal.then(|| {
                    let reveal = Callback::new(move |()| console.reveal(code));
                    button("button secondary no-print", |t| t.vol_show_phone, false.into(), None, reveal)
                })}
            </td>
            <td>{move || (vt(i18n).vol_party)(party)}</td>
            <td>{details}</td>
            <td>
                <StatusBadge status=entry.status />
                {pending.then(|| view! { <span class="hint">" · "{tr(|t| t.vol_pending)}</span> })}
                {reason.map(|r| view! { <span class="hint">" "{r}</span> })}
            </td>
            <td class="vol-row-actions no-print">
                {actions}
                {cancel_form}
                <p class="form-error" role="alert">{error}</p>
            </td>
        </tr>
    }
}
