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
    }
}
