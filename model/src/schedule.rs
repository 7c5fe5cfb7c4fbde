//! Expanding weekly schedule rules into concrete, bookable slots.
//!
//! Both backends call these functions, so a slot has the same id, times and
//! capacity whether it comes from the server or from the static files.

use serde::{Deserialize, Serialize};

use crate::catalog::{CenterFile, Offering, ServiceKind};
use crate::ids::{CenterId, OfferingId, SlotId};
use crate::time::{Date, LocalDateTime, TimeOfDay};

mod closures;
mod nearest;
pub use closures::{CLOSURES_FILE, Closure, Closures, ClosuresError, available_slots};
pub use nearest::nearest_open;

/// A bookable slot with its seats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slot {
    pub id: SlotId,
    pub offering_id: OfferingId,
    pub center_id: CenterId,
    pub kind: ServiceKind,
    pub date: Date,
    pub start: TimeOfDay,
    pub end: TimeOfDay,
    pub capacity: u32,
    pub remaining: u32,
    /// While the slot is full and not started: how many wait on its
    /// waiting list (it takes up to twice the capacity). Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<u32>,
}

impl Slot {
    pub fn starts_at(&self) -> LocalDateTime {
        LocalDateTime {
            date: self.date,
            time: self.start,
        }
    }

    /// Bookings close when the slot starts.
    pub fn is_open_at(&self, now: LocalDateTime) -> bool {
        now < self.starts_at()
    }

    pub fn is_full(&self) -> bool {
        self.remaining == 0
    }
}

/// The slots of one offering on one date, in time order.
pub fn slots_on(offering: &Offering, date: Date) -> Vec<Slot> {
    let weekday = date.weekday();
    let mut slots = Vec::new();
    for rule in offering
        .schedule
        .iter()
        .filter(|r| r.weekdays.contains(&weekday))
    {
        let length = rule
            .slot_minutes
            .unwrap_or(rule.end.minutes() - rule.start.minutes());
        let mut start = rule.start;
        while let Some(end) = start.plus_minutes(length).filter(|end| *end <= rule.end) {
            slots.push(Slot {
                id: SlotId {
                    offering_id: offering.id.clone(),
                    date,
                    start,
                },
                offering_id: offering.id.clone(),
                center_id: offering.center_id.clone(),
                kind: offering.kind,
                date,
                start,
                end,
                capacity: rule.capacity,
                remaining: rule.capacity,
                waiting: None,
            });
            if length == 0 {
                break;
            }
            start = end;
        }
    }
    sort_by_start(&mut slots);
    slots.dedup_by_key(|s| s.start);
    slots
}

/// All slots of a centre's offerings (optionally of one kind) over `days`
/// days from `from`, ordered by date, time, then the file's offering order.
pub fn expand_center(
    center: &CenterFile,
    kind: Option<ServiceKind>,
    from: Date,
    days: u32,
) -> Vec<Slot> {
    let mut slots = Vec::new();
    for day in 0..i64::from(days) {
        let date = from.add_days(day);
        let mut today: Vec<Slot> = center
            .offerings
            .iter()
            .filter(|o| kind.is_none_or(|k| o.kind == k))
            .flat_map(|o| slots_on(o, date))
            .collect();
        // Stable sort keeps the file's offering order for equal start times.
        sort_by_start(&mut today);
        slots.extend(today);
    }
    slots
}

/// Orders slots by start time, stably. One function for every caller: each
/// `sort_by_key` closure would compile a whole sort of its own into the app.
pub(crate) fn sort_by_start(slots: &mut [Slot]) {
    slots.sort_by_key(|s| s.start);
}

/// The slot a slot id names, if the offering's schedule really has it.
pub fn find_slot(offering: &Offering, id: &SlotId) -> Option<Slot> {
    if id.offering_id != offering.id {
        return None;
    }
    slots_on(offering, id.date)
        .into_iter()
        .find(|s| s.start == id.start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ScheduleRule;
    use crate::testing::rule;

    fn t(s: &str) -> TimeOfDay {
        s.parse().expect("time")
    }
    fn d(s: &str) -> Date {
        s.parse().expect("date")
    }

    fn offering(kind: ServiceKind, schedule: Vec<ScheduleRule>) -> Offering {
        crate::testing::offering("c1", "c1-x", kind, schedule)
    }

    #[test]
    fn a_sitting_is_one_slot_on_its_weekdays_only() {
        let lunch = offering(
            ServiceKind::Meal,
            vec![rule(&[1, 2, 3, 4, 5], "11:00", "12:30", 40, None)],
        );
        // 2026-11-27 is a Friday, 28 a Saturday.
        let fri = slots_on(&lunch, d("2026-11-27"));
        assert_eq!(fri.len(), 1);
        assert_eq!(fri[0].id.to_string(), "c1-x@2026-11-27T11:00");
        assert_eq!(
            (fri[0].start, fri[0].end, fri[0].capacity),
            (t("11:00"), t("12:30"), 40)
        );
        assert!(slots_on(&lunch, d("2026-11-28")).is_empty());
    }

    #[test]
    fn windows_are_cut_into_slots() {
        let legal = offering(
            ServiceKind::Legal,
            vec![rule(&[4], "14:00", "17:00", 1, Some(30))],
        );
        let thu = slots_on(&legal, d("2026-11-26"));
        let starts: Vec<String> = thu.iter().map(|s| s.start.to_string()).collect();
        assert_eq!(
            starts,
            ["14:00", "14:30", "15:00", "15:30", "16:00", "16:30"]
        );
        assert_eq!(thu.last().map(|s| s.end), Some(t("17:00")));
    }

    #[test]
    fn expansion_spans_days_in_order() {
        let file = crate::testing::center_file(
            "c1",
            vec![
                offering(
                    ServiceKind::Meal,
                    vec![rule(&[1, 2, 3, 4, 5, 6, 7], "17:00", "18:00", 10, None)],
                ),
                {
                    let mut o = offering(
                        ServiceKind::Care,
                        vec![rule(&[5], "09:00", "10:00", 2, Some(30))],
                    );
                    o.id = "c1-y".parse().expect("id");
                    o
                },
            ],
        );
        let all = expand_center(&file, None, d("2026-11-27"), 3);
        let ids: Vec<String> = all.iter().map(|s| s.id.to_string()).collect();
        assert_eq!(
            ids,
            [
                "c1-y@2026-11-27T09:00",
                "c1-y@2026-11-27T09:30",
                "c1-x@2026-11-27T17:00",
                "c1-x@2026-11-28T17:00",
                "c1-x@2026-11-29T17:00",
            ]
        );
        assert_eq!(
            expand_center(&file, Some(ServiceKind::Care), d("2026-11-27"), 3).len(),
            2
        );
    }

    #[test]
    fn find_slot_only_accepts_scheduled_times() {
        let lunch = offering(
            ServiceKind::Meal,
            vec![rule(&[5], "11:00", "12:30", 40, None)],
        );
        let ok: SlotId = "c1-x@2026-11-27T11:00".parse().expect("id");
        assert!(find_slot(&lunch, &ok).is_some());
        for bad in [
            "c1-x@2026-11-27T11:30",
            "c1-x@2026-11-28T11:00",
            "c1-z@2026-11-27T11:00",
        ] {
            assert!(
                find_slot(&lunch, &bad.parse().expect("id")).is_none(),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_slot_closes_when_it_starts() {
        let lunch = offering(
            ServiceKind::Meal,
            vec![rule(&[5], "11:00", "12:30", 40, None)],
        );
        let slot = &slots_on(&lunch, d("2026-11-27"))[0];
        let at = |date: &str, time: &str| LocalDateTime {
            date: d(date),
            time: t(time),
        };
        assert!(slot.is_open_at(at("2026-11-27", "10:59")));
        assert!(!slot.is_open_at(at("2026-11-27", "11:00")));
        assert!(!slot.is_open_at(at("2026-11-27", "11:01")));
        assert!(!slot.is_open_at(at("2026-11-28", "08:00")));
        assert!(slot.is_open_at(at("2026-11-20", "23:00")));
    }
}
