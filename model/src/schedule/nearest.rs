//! When the chosen slot is full at confirm time, the app offers the nearest
//! slots of the same offering that still have room for the party.

use crate::ids::SlotId;
use crate::time::LocalDateTime;

use super::Slot;

/// Minutes since the epoch, for distances across days.
fn minutes(at: LocalDateTime) -> i64 {
    at.date.days_since_epoch() * 24 * 60 + i64::from(at.time.minutes())
}

/// Up to `max` slots of the wanted slot's offering that are still open at
/// `now` and have at least `seats` seats left (a party needs room for
/// everyone; 0 counts as 1), the wanted slot excluded. Nearest in time to
/// the wanted slot first; at equal distance the earlier one first, since an
/// earlier slot is usually the one a resident can still reach.
pub fn nearest_open(
    slots: &[Slot],
    wanted: &SlotId,
    now: LocalDateTime,
    seats: u32,
    max: usize,
) -> Vec<Slot> {
    let target = minutes(LocalDateTime {
        date: wanted.date,
        time: wanted.start,
    });
    let mut open: Vec<&Slot> = slots
        .iter()
        .filter(|s| s.offering_id == wanted.offering_id && s.id != *wanted)
        .filter(|s| s.is_open_at(now) && s.remaining >= seats.max(1))
        .collect();
    let distance = |s: &Slot| {
        let at = minutes(s.starts_at());
        ((at - target).abs(), at)
    };
    // The nearest picked one at a time (`max` is a handful): a sort here
    // would compile one more whole sort into the app.
    let mut nearest: Vec<Slot> = Vec::new();
    while nearest.len() < max {
        let Some(i) = (0..open.len()).min_by_key(|&i| distance(open[i])) else {
            break;
        };
        let slot = open.remove(i);
        // The same slot listed twice (overlapping queries) is offered once.
        if !nearest.iter().any(|n| n.id == slot.id) {
            nearest.push(slot.clone());
        }
    }
    nearest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ServiceKind;

    fn slot(id: &str, remaining: u32) -> Slot {
        let id: SlotId = id.parse().expect("slot id");
        Slot {
            offering_id: id.offering_id.clone(),
            center_id: "c1".parse().expect("id"),
            kind: ServiceKind::Legal,
            date: id.date,
            start: id.start,
            end: id.start.plus_minutes(30).expect("end"),
            capacity: 1,
            remaining,
            waiting: None,
            id,
        }
    }

    fn now() -> LocalDateTime {
        LocalDateTime {
            date: "2026-11-26".parse().expect("date"),
            time: "14:10".parse().expect("time"),
        }
    }

    fn ids(slots: &[Slot]) -> Vec<String> {
        slots.iter().map(|s| s.id.to_string()).collect()
    }

    fn wanted(id: &str) -> SlotId {
        id.parse().expect("slot id")
    }

    #[test]
    fn nearest_first_and_earlier_on_ties() {
        let slots = [
            slot("c1-legal@2026-11-26T14:30", 1),
            slot("c1-legal@2026-11-26T15:00", 1),
            slot("c1-legal@2026-11-26T15:30", 0),
            slot("c1-legal@2026-11-26T16:00", 1),
            slot("c1-legal@2026-11-26T16:30", 1),
            slot("c1-legal@2026-12-03T14:00", 1),
        ];
        let got = nearest_open(&slots, &wanted("c1-legal@2026-11-26T15:30"), now(), 1, 3);
        assert_eq!(
            ids(&got),
            [
                "c1-legal@2026-11-26T15:00",
                "c1-legal@2026-11-26T16:00",
                "c1-legal@2026-11-26T14:30",
            ]
        );
        // Next week is further than any slot today, but still offered.
        let all = nearest_open(&slots, &wanted("c1-legal@2026-11-26T15:30"), now(), 1, 10);
        assert_eq!(all.len(), 5);
        assert_eq!(all[4].id.to_string(), "c1-legal@2026-12-03T14:00");
    }

    #[test]
    fn only_open_slots_of_the_same_offering_with_room() {
        let mut big = slot("c1-lunch@2026-11-27T11:00", 2);
        big.capacity = 40;
        let slots = [
            // Started at 14:00, before `now`.
            slot("c1-legal@2026-11-26T14:00", 1),
            slot("c1-legal@2026-11-26T14:30", 1),
            slot("c1-other@2026-11-26T15:00", 1),
            slot("c1-legal@2026-11-26T15:00", 1),
            big,
        ];
        let got = nearest_open(&slots, &wanted("c1-legal@2026-11-26T15:00"), now(), 0, 5);
        assert_eq!(ids(&got), ["c1-legal@2026-11-26T14:30"]);
        // A party of three needs three seats.
        let lunch = wanted("c1-lunch@2026-11-28T11:00");
        assert_eq!(nearest_open(&slots, &lunch, now(), 2, 5).len(), 1);
        assert!(nearest_open(&slots, &lunch, now(), 3, 5).is_empty());
        assert!(nearest_open(&slots, &lunch, now(), 1, 0).is_empty());
    }

    #[test]
    fn a_slot_listed_twice_is_offered_once() {
        let slots = [
            slot("c1-legal@2026-11-26T16:00", 1),
            slot("c1-legal@2026-11-26T15:00", 1),
            slot("c1-legal@2026-11-26T16:00", 1),
            slot("c1-legal@2026-11-26T17:00", 1),
        ];
        let got = nearest_open(&slots, &wanted("c1-legal@2026-11-26T15:30"), now(), 1, 3);
        assert_eq!(
            ids(&got),
            [
                "c1-legal@2026-11-26T15:00",
                "c1-legal@2026-11-26T16:00",
                "c1-legal@2026-11-26T17:00",
            ]
        );
    }
}
