//! The store on its own: migrations and an idempotent catalog import.

use std::path::Path;

use linli_server::catalog_index::CatalogIndex;
use linli_server::store::Store;

#[tokio::test]
async fn importing_the_same_catalog_twice_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("linli.sqlite3");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/data");
    let catalog = CatalogIndex::load(&data).expect("catalog");
    let records = catalog.records();

    let store = Store::open(&db).expect("opens");
    assert_eq!(
        store
            .import_catalog(records.clone(), 1)
            .await
            .expect("import"),
        // catalog.json, 30 centre files and closures.json
        32
    );
    assert_eq!(
        store
            .import_catalog(records.clone(), 2)
            .await
            .expect("import"),
        0
    );
    drop(store);

    // Reopening migrates nothing and imports nothing new.
    let store = Store::open(&db).expect("reopens");
    assert_eq!(
        store
            .import_catalog(records.clone(), 3)
            .await
            .expect("import"),
        0
    );
    let conn = rusqlite::Connection::open(&db).expect("db");
    let stamps: Vec<i64> = conn
        .prepare("SELECT DISTINCT imported_at FROM catalog_files")
        .expect("query")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("stamps");
    assert_eq!(stamps, [1], "rows untouched by later imports");

    // A changed file is updated; a removed one deleted.
    let mut changed = records.clone();
    changed[1].etag = "different".into();
    changed.pop();
    assert_eq!(store.import_catalog(changed, 4).await.expect("import"), 2);
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 2);
}
