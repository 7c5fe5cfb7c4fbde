use super::*;
use crate::details::{Diet, Dining, DisputeCategory, LegalTopic};

fn care() -> Details {
    Details::Care {
        address: Some("竹山路1号".into()),
        note: Some("坐轮椅".into()),
    }
}

fn mediation() -> Details {
    Details::Mediation {
        category: DisputeCategory::Property,
        other_party: Some("物业".into()),
        summary: Some("电梯停用".into()),
    }
}

fn legal() -> Details {
    Details::Legal {
        topic: LegalTopic::Labor,
        summary: Some("欠薪".into()),
    }
}

fn meal() -> Details {
    Details::Meal {
        dining: Dining::Takeaway,
        diet: vec![Diet::Soft],
        price_band: Some("age80".into()),
    }
}

#[test]
fn blank_texts_are_not_sensitive() {
    let d = Details::Care {
        address: None,
        note: Some("  ".into()),
    };
    assert!(!d.has_sensitive());
    assert!(care().has_sensitive());
    assert!(mediation().has_sensitive());
    assert!(meal().has_sensitive());
    assert!(!legal().has_sensitive());
}

#[test]
fn residents_never_get_notes_or_descriptions_back() {
    assert_eq!(
        care().for_resident(),
        Details::Care {
            address: Some("竹山路1号".into()),
            note: None
        }
    );
    let shown = mediation().for_resident();
    assert_eq!(
        shown,
        Details::Mediation {
            category: DisputeCategory::Property,
            other_party: Some("物业".into()),
            summary: None
        }
    );
    assert!(
        !serde_json::to_string(&shown)
            .expect("json")
            .contains("summary")
    );
    // Nothing else is hidden.
    for kept in [legal(), meal()] {
        assert_eq!(kept.for_resident(), kept);
    }
}

#[test]
fn staff_see_what_serving_needs_and_no_more() {
    assert_eq!(care().for_staff(), care());
    assert_eq!(meal().for_staff(), meal());
    assert_eq!(
        legal().for_staff(),
        Details::Legal {
            topic: LegalTopic::Labor,
            summary: None
        }
    );
    assert_eq!(
        mediation().for_staff(),
        Details::Mediation {
            category: DisputeCategory::Property,
            other_party: None,
            summary: None
        }
    );
}

#[test]
fn only_choices_survive_retention() {
    assert_eq!(
        care().without_personal(),
        Details::Care {
            address: None,
            note: None
        }
    );
    assert_eq!(
        mediation().without_personal(),
        Details::Mediation {
            category: DisputeCategory::Property,
            other_party: None,
            summary: None
        }
    );
    assert_eq!(
        legal().without_personal(),
        Details::Legal {
            topic: LegalTopic::Labor,
            summary: None
        }
    );
    assert_eq!(
        meal().without_personal(),
        Details::Meal {
            dining: Dining::Takeaway,
            diet: vec![],
            price_band: Some("age80".into()),
        }
    );
}

#[test]
fn a_class_keeps_its_age_confirmation_everywhere() {
    // A yes without a birth date or free text: nothing sensitive, nothing
    // to hide from the resident or the door, nothing that names anyone.
    let class = Details::Class {
        age_confirmed: true,
    };
    assert!(!class.has_sensitive());
    assert_eq!(class.for_resident(), class);
    assert_eq!(class.for_staff(), class);
    assert_eq!(class.without_personal(), class);
}
