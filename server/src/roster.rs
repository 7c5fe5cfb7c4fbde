//! A centre's day as volunteers see it: the catalog's slots with their
//! bookings, names and phones masked here, on the server.

use std::collections::HashMap;

use linli_model::roster::{mask_name, mask_phone, tally};
use linli_model::schedule::expand_center;
use linli_model::{
    CenterFile, Date, Roster, RosterCounts, RosterEntry, RosterSlot, ServiceKind, Slot,
};

use crate::clock::rfc3339;
use crate::store::StoredBooking;

/// The roster of `center` on `date` from its bookings that day.
pub fn build(
    center: &CenterFile,
    date: Date,
    kind: Option<ServiceKind>,
    bookings: Vec<StoredBooking>,
) -> Roster {
    let mut slots: Vec<Slot> = expand_center(center, kind, date, 1);
    let mut entries: HashMap<String, Vec<RosterEntry>> = HashMap::new();
    for b in bookings {
        // A slot dropped from the schedule after it was booked still shows:
        // its residents are coming.
        if !slots.iter().any(|s| s.id == b.slot.id) {
            slots.push(b.slot.clone());
        }
        entries
            .entry(b.slot.id.to_string())
            .or_default()
            .push(entry(b));
    }
    slots.sort_by_key(|s| s.start);
    let mut totals = RosterCounts::default();
    let slots = slots
        .into_iter()
        .map(|slot| {
            let bookings = entries.remove(&slot.id.to_string()).unwrap_or_default();
            let (counts, kitchen) = tally(slot.kind, slot.capacity, &bookings);
            totals.add(&counts);
            RosterSlot {
                offering_name: center
                    .offering(&slot.offering_id)
                    .map(|o| o.name.clone())
                    .unwrap_or_default(),
                id: slot.id,
                offering_id: slot.offering_id,
                kind: slot.kind,
                date: slot.date,
                start: slot.start,
                end: slot.end,
                counts,
                kitchen,
                bookings,
            }
        })
        .collect();
    Roster {
        center_id: center.center.id.clone(),
        date,
        kind,
        totals,
        slots,
    }
}

/// One booking with its name and phone masked and only the details staff
/// need ([`linli_model::Details::for_staff`]).
pub fn entry(b: StoredBooking) -> RosterEntry {
    RosterEntry {
        code: b.code,
        name: mask_name(&b.name),
        phone: mask_phone(&b.phone),
        party_size: b.party_size,
        status: b.status,
        channel: b.channel,
        created_at: rfc3339(b.created_at_millis),
        updated_at: rfc3339(b.updated_at_millis),
        staff_action: b.staff_action,
        cancel_reason: b.cancel_reason,
        details: b.details.for_staff(),
    }
}
