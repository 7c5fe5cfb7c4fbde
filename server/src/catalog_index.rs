//! The catalog in memory: loaded and checked once at start-up, looked up by
//! id on every request, and kept pre-serialised for the catalog endpoints.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use linli_model::catalog_edit::{RecordKey, Version};
use linli_model::schedule::{CLOSURES_FILE, Closures};
use linli_model::{Catalog, CenterFile, Offering, OfferingId};

use crate::asset::{Asset, NO_CACHE};

const JSON: &str = "application/json";

#[derive(Debug, thiserror::Error)]
pub enum CatalogLoadError {
    #[error("can't read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid catalog file: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path}: {problem}")]
    Invalid { path: PathBuf, problem: String },
}

/// One file as stored in the database by the import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogFileRecord {
    /// Relative to the data folder, e.g. `centers/dongshan-zhushan.json`.
    pub path: String,
    pub etag: String,
    pub json: Vec<u8>,
}

impl CatalogFileRecord {
    pub fn new(path: String, json: Vec<u8>) -> CatalogFileRecord {
        CatalogFileRecord {
            path,
            // As the served asset's digest (`Asset::new`).
            etag: crate::asset::sha256_hex(&json)[..32].to_owned(),
            json,
        }
    }
}

pub struct CatalogIndex {
    pub catalog: Catalog,
    catalog_asset: Asset,
    centers: HashMap<String, (CenterFile, Asset)>,
    /// Offering id → centre id, for slot ids in booking requests.
    offerings: HashMap<OfferingId, String>,
    /// `closures.json`, empty when there is no such file.
    closures: Closures,
    /// The closures file as read, for the database's copy of the data.
    closures_asset: Option<Asset>,
    /// Records saved in the console (the others are at their first).
    versions: HashMap<String, Version>,
    /// The database's count of saves this copy reflects.
    pub generation: i64,
}

impl CatalogIndex {
    /// Reads `catalog.json`, the file of every centre it lists, and
    /// `closures.json` if there is one: the data folder's catalog, as the
    /// first start imports it.
    pub fn load(dir: &Path) -> Result<CatalogIndex, CatalogLoadError> {
        let read = |path: &Path| {
            std::fs::read(path).map_err(|source| CatalogLoadError::Read {
                path: path.to_owned(),
                source,
            })
        };
        let catalog_bytes = read(&dir.join("catalog.json"))?;
        let catalog: Catalog = parse(&dir.join("catalog.json"), &catalog_bytes)?;
        let mut files = vec![CatalogFileRecord::new("catalog.json".into(), catalog_bytes)];
        for center in &catalog.centers {
            let path = format!("centers/{}.json", center.id);
            files.push(CatalogFileRecord::new(
                path.clone(),
                read(&dir.join(&path))?,
            ));
        }
        match std::fs::read(dir.join(CLOSURES_FILE)) {
            Ok(bytes) => files.push(CatalogFileRecord::new(CLOSURES_FILE.into(), bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(CatalogLoadError::Read {
                    path: dir.join(CLOSURES_FILE),
                    source,
                });
            }
        }
        CatalogIndex::from_records(dir, &files)
    }

    /// Builds and checks the index from the files as stored (the database's
    /// copy, or the data folder's); `base` only names them in errors.
    pub fn from_records(
        base: &Path,
        files: &[CatalogFileRecord],
    ) -> Result<CatalogIndex, CatalogLoadError> {
        let by_path: HashMap<&str, &[u8]> = files
            .iter()
            .map(|f| (f.path.as_str(), f.json.as_slice()))
            .collect();
        let get = |path: &str| {
            by_path
                .get(path)
                .copied()
                .ok_or_else(|| CatalogLoadError::Read {
                    path: base.join(path),
                    source: std::io::ErrorKind::NotFound.into(),
                })
        };
        let catalog_path = base.join("catalog.json");
        let catalog_bytes = get("catalog.json")?;
        let catalog: Catalog = parse(&catalog_path, catalog_bytes)?;
        catalog.check().map_err(|e| invalid(&catalog_path, e))?;
        let mut centers = HashMap::new();
        let mut offerings = HashMap::new();
        for center in &catalog.centers {
            let rel = format!("centers/{}.json", center.id);
            let path = base.join(&rel);
            let bytes = get(&rel)?;
            let file: CenterFile = parse(&path, bytes)?;
            file.check().map_err(|e| invalid(&path, e))?;
            if file.center != *center {
                return Err(invalid(&path, "its centre differs from catalog.json"));
            }
            for o in &file.offerings {
                if offerings
                    .insert(o.id.clone(), center.id.to_string())
                    .is_some()
                {
                    return Err(invalid(
                        &path,
                        format!("offering {} is defined twice", o.id),
                    ));
                }
            }
            let asset = Asset::new(bytes.to_vec(), JSON, NO_CACHE);
            centers.insert(center.id.to_string(), (file, asset));
        }
        let closures_path = base.join(CLOSURES_FILE);
        let (closures, closures_asset) = match by_path.get(CLOSURES_FILE) {
            Some(bytes) => {
                let closures: Closures = parse(&closures_path, bytes)?;
                closures
                    .check(&catalog, |o| offerings.get(o).and_then(|c| c.parse().ok()))
                    .map_err(|e| invalid(&closures_path, e))?;
                (closures, Some(Asset::new(bytes.to_vec(), JSON, NO_CACHE)))
            }
            None => (Closures::default(), None),
        };
        Ok(CatalogIndex {
            catalog_asset: Asset::new(catalog_bytes.to_vec(), JSON, NO_CACHE),
            catalog,
            centers,
            offerings,
            closures,
            closures_asset,
            versions: HashMap::new(),
            generation: 0,
        })
    }

    /// The index with the database's versions of its records.
    pub fn with_versions(mut self, versions: HashMap<String, Version>, generation: i64) -> Self {
        self.versions = versions;
        self.generation = generation;
        self
    }

    pub fn version(&self, record: &RecordKey) -> Version {
        self.versions
            .get(&record.to_string())
            .copied()
            .unwrap_or(Version::FIRST)
    }

    /// Every centre's file, in the catalog's order.
    pub fn center_files(&self) -> impl Iterator<Item = &CenterFile> {
        self.catalog
            .centers
            .iter()
            .filter_map(|c| self.center(c.id.as_str()))
    }

    /// The per-date closures (none without a `closures.json`).
    pub fn closures(&self) -> &Closures {
        &self.closures
    }

    pub fn catalog_asset(&self) -> &Asset {
        &self.catalog_asset
    }

    pub fn center(&self, id: &str) -> Option<&CenterFile> {
        self.centers.get(id).map(|(file, _)| file)
    }

    pub fn center_asset(&self, id: &str) -> Option<&Asset> {
        self.centers.get(id).map(|(_, asset)| asset)
    }

    pub fn offering(&self, id: &OfferingId) -> Option<&Offering> {
        let center = self.centers.get(self.offerings.get(id)?)?;
        center.0.offering(id)
    }

    /// Every pre-serialised answer, for precompression.
    pub fn assets(&self) -> Vec<&Asset> {
        let mut out = vec![&self.catalog_asset];
        out.extend(self.centers.values().map(|(_, asset)| asset));
        out
    }

    /// The files as the database keeps them, in a stable order.
    pub fn records(&self) -> Vec<CatalogFileRecord> {
        let record = |path: String, asset: &Asset| CatalogFileRecord {
            path,
            etag: asset.digest().to_owned(),
            json: asset.bytes().to_vec(),
        };
        let mut out = vec![record("catalog.json".into(), &self.catalog_asset)];
        for c in &self.catalog.centers {
            if let Some((_, asset)) = self.centers.get(c.id.as_str()) {
                out.push(record(format!("centers/{}.json", c.id), asset));
            }
        }
        if let Some(asset) = &self.closures_asset {
            out.push(record(CLOSURES_FILE.into(), asset));
        }
        out
    }
}

/// A file's JSON, parsed: the API serves the checked bytes as they are, so
/// both backends of the app read exactly the same JSON.
fn parse<T: serde::de::DeserializeOwned>(path: &Path, bytes: &[u8]) -> Result<T, CatalogLoadError> {
    serde_json::from_slice(bytes).map_err(|source| CatalogLoadError::Parse {
        path: path.to_owned(),
        source,
    })
}

fn invalid(path: &Path, problem: impl ToString) -> CatalogLoadError {
    CatalogLoadError::Invalid {
        path: path.to_owned(),
        problem: problem.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/data")
    }

    #[test]
    fn loads_the_sample_data() {
        let index = CatalogIndex::load(&sample()).expect("sample data loads");
        assert_eq!(index.catalog.centers.len(), 30);
        let id: OfferingId = "dongshan-zhushan-lunch".parse().expect("id");
        let lunch = index.offering(&id).expect("lunch is offered");
        assert_eq!(lunch.center_id.as_str(), "dongshan-zhushan");
        // catalog.json, 30 centre files and closures.json.
        assert_eq!(index.records().len(), 32);
        assert_eq!(index.closures().closures.len(), 2);
        let catalog: Catalog =
            serde_json::from_slice(index.catalog_asset().bytes()).expect("round-trips");
        assert_eq!(catalog, index.catalog);
    }
}
