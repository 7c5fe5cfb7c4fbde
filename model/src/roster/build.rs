//! A centre's day as volunteers see it: the schedule's slots with their
//! bookings, names and phones masked. The server builds it from its store,
//! the static backend from the device's ledger.

use super::{Roster, RosterCounts, RosterEntry, RosterSlot, tally};
use crate::catalog::{CenterFile, ServiceKind};
use crate::record::BookingRecord;
use crate::schedule::{Slot, expand_center, sort_by_start};
use crate::time::Date;

/// The roster of `center` on `date` from its bookings that day.
pub fn build(
    center: &CenterFile,
    date: Date,
    kind: Option<ServiceKind>,
    bookings: &[BookingRecord],
) -> Roster {
    let mut slots: Vec<Slot> = expand_center(center, kind, date, 1);
    for b in bookings {
        // A slot dropped from the schedule after it was booked still shows:
        // its residents are coming.
        if !slots.iter().any(|s| s.id == b.slot.id) {
            slots.push(b.slot.clone());
        }
    }
    sort_by_start(&mut slots);
    let mut totals = RosterCounts::default();
    let slots = slots
        .into_iter()
        .map(|slot| {
            // A day's few hundred bookings at most: a scan per slot, no map
            // (a hash map's code would be one more in the app).
            let bookings: Vec<RosterEntry> = bookings
                .iter()
                .filter(|b| b.slot.id == slot.id)
                .map(BookingRecord::for_staff)
                .collect();
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
                waiting: Vec::new(),
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
