//! The sample `closures.json` loads through the model and names only
//! centres and offerings of the sample catalog.

use std::fs;
use std::path::Path;

use linli_model::schedule::{Closures, available_slots, expand_center};
use linli_model::{Catalog, CenterFile, CenterId};

fn data_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/data"))
}

fn read<T: serde::de::DeserializeOwned>(name: &str) -> T {
    serde_json::from_slice(&fs::read(data_dir().join(name)).expect(name)).expect("parses")
}

#[test]
fn the_sample_closures_are_valid_and_close_something() {
    let catalog: Catalog = read("catalog.json");
    let closures: Closures = read("closures.json");
    let files: Vec<CenterFile> = catalog
        .centers
        .iter()
        .map(|c| read(&format!("centers/{}.json", c.id)))
        .collect();
    let owner = |o: &linli_model::OfferingId| -> Option<CenterId> {
        files
            .iter()
            .find(|f| f.offering(o).is_some())
            .map(|f| f.center.id.clone())
    };
    closures.check(&catalog, owner).expect("consistent");
    let new_year = "2027-01-01".parse().expect("date");
    for file in &files {
        assert!(!expand_center(file, None, new_year, 1).is_empty());
        assert!(available_slots(file, &closures, None, new_year, 1).is_empty());
        assert!(
            closures
                .center_closed_on(&file.center.id, new_year)
                .is_some()
        );
    }
}
