//! The published sample data must load through the model and pass its checks.

use std::fs;
use std::path::Path;

use linli_model::catalog::ServiceKind;
use linli_model::{Catalog, CenterFile};

fn data_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/data"))
}

#[test]
fn catalog_and_every_centre_file_are_valid() {
    let catalog: Catalog =
        serde_json::from_slice(&fs::read(data_dir().join("catalog.json")).expect("catalog.json"))
            .expect("parses");
    catalog.check().expect("catalog is consistent");
    assert_eq!(catalog.streets.len(), 10, "Jiangning has 10 street offices");
    for street in &catalog.streets {
        let n = catalog
            .centers
            .iter()
            .filter(|c| c.street_id == street.id)
            .count();
        assert!(n >= 2, "street {} has {n} centres", street.id);
    }
    let mut classes = Vec::new();
    for center in &catalog.centers {
        let path = data_dir()
            .join("centers")
            .join(format!("{}.json", center.id));
        let file: CenterFile =
            serde_json::from_slice(&fs::read(&path).expect("centre file")).expect("parses");
        file.check()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            &file.center, center,
            "centre file matches the catalog entry"
        );
        for kind in ServiceKind::ALL {
            assert!(
                file.offerings.iter().any(|o| o.kind == kind),
                "{} offers no {kind}",
                center.id
            );
        }
        classes.extend(
            file.offerings
                .into_iter()
                .filter(|o| o.kind == ServiceKind::Class),
        );
    }
    // 微课堂: lessons for elders (a minimum age to confirm) and classes and
    // talks open to all, each with its teacher or speaker named.
    assert!(classes.iter().any(|c| c.min_age == Some(60)));
    assert!(classes.iter().any(|c| c.min_age.is_none()));
    assert!(classes.iter().any(|c| c.max_party > 1));
    for c in &classes {
        assert!(c.staff.is_some(), "{} names no teacher", c.id);
    }
}

#[test]
fn only_classes_have_a_minimum_age() {
    let file = |kind: &str, min_age: u32| {
        serde_json::from_value::<CenterFile>(serde_json::json!({
            "center": {"id": "c1", "street_id": "s", "name": {"zh": "", "en": ""},
                "address": {"zh": "", "en": ""}, "phone": "", "hours": {"zh": "", "en": ""}},
            "offerings": [{"id": "c1-x", "center_id": "c1", "kind": kind,
                "name": {"zh": "", "en": ""}, "description": {"zh": "", "en": ""},
                "provider": {"zh": "", "en": ""}, "price_cents": 0, "max_party": 1,
                "schedule": [], "min_age": min_age}]
        }))
        .expect("parses")
        .check()
    };
    assert!(file("class", 60).is_ok());
    assert!(file("meal", 60).is_err());
    assert!(file("class", 0).is_err());
    assert!(file("class", 121).is_err());
}
