use super::*;
use crate::booking::Channel;
use crate::catalog::Street;
use crate::testing::{meal_request, rule};

fn d(s: &str) -> Date {
    s.parse().expect("date")
}

/// Every day 11:00–12:00, two 30-minute slots.
fn offering(center: &str, id: &str, kind: ServiceKind) -> Offering {
    let every_day = rule(&[1, 2, 3, 4, 5, 6, 7], "11:00", "12:00", 10, Some(30));
    crate::testing::offering(center, id, kind, vec![every_day])
}

fn center(id: &str) -> CenterFile {
    crate::testing::center_file(
        id,
        vec![
            offering(id, &format!("{id}-lunch"), ServiceKind::Meal),
            offering(id, &format!("{id}-legal"), ServiceKind::Legal),
        ],
    )
}

fn closures(json: &str) -> Closures {
    serde_json::from_str(json).expect("closures parse")
}

/// The sample file's shape: a district holiday, a centre and an offering.
const SAMPLE: &str = r#"{"closures": [
    {"date": "2027-01-01", "reason": {"zh": "元旦", "en": "New Year's Day"}},
    {"date": "2027-01-02", "center_id": "c1", "reason": {"zh": "检修", "en": "Repairs"}},
    {"date": "2027-01-03", "center_id": "c2", "offering_id": "c2-legal",
     "reason": {"zh": "律师外出", "en": "The lawyer is away"}}
]}"#;

fn ids(slots: &[Slot]) -> Vec<String> {
    slots.iter().map(|s| s.id.to_string()).collect()
}

#[test]
fn the_file_reads_and_writes_without_empty_fields() {
    let c = closures(SAMPLE);
    assert_eq!(c.closures.len(), 3);
    assert_eq!(c.closures[0].center_id, None);
    assert_eq!(
        c.closures[2].offering_id,
        Some("c2-legal".parse().expect("id"))
    );
    let written = serde_json::to_string(&c.closures[0]).expect("json");
    assert!(!written.contains("center_id") && !written.contains("offering_id"));
    assert_eq!(closures(&serde_json::to_string(&c).expect("json")), c);
    // A reason is required: a resident is told why.
    assert!(serde_json::from_str::<Closures>(r#"{"closures":[{"date":"2027-01-01"}]}"#).is_err());
    assert!(
        serde_json::from_str::<Closures>(
            r#"{"closures":[{"date":"1.1.","reason":{"zh":"x","en":""}}]}"#
        )
        .is_err()
    );
}

#[test]
fn a_district_closure_shuts_every_centre_that_day_only() {
    let c = closures(SAMPLE);
    for file in [center("c1"), center("c2")] {
        let all = expand_center(&file, None, d("2026-12-31"), 2);
        let open = available_slots(&file, &c, None, d("2026-12-31"), 2);
        assert_eq!(all.len(), 8);
        assert_eq!(open.len(), 4, "{}", file.center.id);
        assert!(open.iter().all(|s| s.date == d("2026-12-31")));
        assert!(
            c.center_closed_on(&file.center.id, d("2027-01-01"))
                .is_some()
        );
        assert!(
            c.center_closed_on(&file.center.id, d("2026-12-31"))
                .is_none()
        );
    }
}

#[test]
fn a_centre_closure_shuts_that_centre_only() {
    let c = closures(SAMPLE);
    let on = |id: &str| available_slots(&center(id), &c, None, d("2027-01-02"), 1);
    assert!(on("c1").is_empty());
    assert_eq!(on("c2").len(), 4);
    assert_eq!(
        c.center_closed_on(&"c1".parse().expect("id"), d("2027-01-02"))
            .map(|x| x.reason.en.as_str()),
        Some("Repairs")
    );
}

#[test]
fn an_offering_closure_shuts_that_offering_only() {
    let c = closures(SAMPLE);
    let open = available_slots(&center("c2"), &c, None, d("2027-01-03"), 1);
    assert_eq!(
        ids(&open),
        ["c2-lunch@2027-01-03T11:00", "c2-lunch@2027-01-03T11:30"]
    );
    // The centre as a whole is open that day.
    assert!(
        c.center_closed_on(&"c2".parse().expect("id"), d("2027-01-03"))
            .is_none()
    );
    // Filtering by kind still applies.
    assert!(
        available_slots(
            &center("c2"),
            &c,
            Some(ServiceKind::Legal),
            d("2027-01-03"),
            1
        )
        .is_empty()
    );
    assert_eq!(
        available_slots(
            &center("c2"),
            &c,
            Some(ServiceKind::Legal),
            d("2027-01-04"),
            1
        )
        .len(),
        2
    );
}

#[test]
fn no_closures_publish_the_whole_schedule() {
    let file = center("c1");
    assert_eq!(
        available_slots(&file, &Closures::default(), None, d("2026-12-28"), 14),
        expand_center(&file, None, d("2026-12-28"), 14)
    );
}

fn request(slot_id: &str) -> BookingRequest {
    meal_request(slot_id, "13812345678", 1, Channel::Kiosk)
}

#[test]
fn booking_a_closed_slot_is_slot_closed() {
    let c = closures(SAMPLE);
    let file = center("c1");
    let lunch = &file.offerings[0];
    assert_eq!(
        c.check_request(&request("c1-lunch@2027-01-01T11:00"), lunch),
        Err(BookingError::SlotClosed)
    );
    assert_eq!(
        c.check_request(&request("c1-lunch@2027-01-02T11:30"), lunch),
        Err(BookingError::SlotClosed)
    );
    assert_eq!(
        c.check_request(&request("c1-lunch@2027-01-03T11:00"), lunch),
        Ok(())
    );
    // Malformed or unscheduled ids are validate_booking's to report.
    assert_eq!(
        c.check_request(&request("c1-lunch@2027-01-01T09:00"), lunch),
        Ok(())
    );
    assert_eq!(c.check_request(&request("nonsense"), lunch), Ok(()));
}

#[test]
fn check_names_what_is_wrong() {
    let catalog = Catalog {
        streets: vec![Street {
            id: "s".parse().expect("id"),
            name: LocalizedText::default(),
        }],
        centers: vec![center("c1").center, center("c2").center],
    };
    let owner = |o: &OfferingId| {
        o.as_str()
            .rsplit_once('-')
            .map(|(c, _)| c)
            .filter(|c| ["c1", "c2"].contains(c))
            .and_then(|c| c.parse().ok())
    };
    assert_eq!(closures(SAMPLE).check(&catalog, owner), Ok(()));
    let one = |fields: &str| {
        closures(&format!(
            r#"{{"closures":[{{"date":"2027-05-01",{fields}"reason":{{"zh":"劳动节","en":""}}}}]}}"#
        ))
        .check(&catalog, owner)
        .map_err(|e| e.to_string())
    };
    assert_eq!(one(""), Ok(()));
    assert!(one(r#""center_id":"c9","#).is_err_and(|e| e.contains("c9")));
    assert!(one(r#""offering_id":"c9-lunch","#).is_err_and(|e| e.contains("c9-lunch")));
    assert!(
        one(r#""center_id":"c1","offering_id":"c2-lunch","#).is_err_and(|e| e.contains("c2-lunch"))
    );
    assert_eq!(one(r#""offering_id":"c2-lunch","#), Ok(()));
    let blank = closures(r#"{"closures":[{"date":"2027-05-01","reason":{"zh":" ","en":"x"}}]}"#);
    assert_eq!(
        blank.check(&catalog, owner),
        Err(ClosuresError::NoReason {
            date: d("2027-05-01")
        })
    );
}
