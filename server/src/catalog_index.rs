//! The catalog in memory: loaded and checked once at start-up, looked up by
//! id on every request, and kept pre-serialised for the catalog endpoints.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

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
}

impl CatalogIndex {
    /// Reads `catalog.json` and the file of every centre it lists.
    pub fn load(dir: &Path) -> Result<CatalogIndex, CatalogLoadError> {
        let catalog_path = dir.join("catalog.json");
        let (catalog, catalog_bytes) = read_json::<Catalog>(&catalog_path)?;
        catalog.check().map_err(|e| invalid(&catalog_path, e))?;
        let mut centers = HashMap::new();
        let mut offerings = HashMap::new();
        for center in &catalog.centers {
            let path = dir.join("centers").join(format!("{}.json", center.id));
            let (file, bytes) = read_json::<CenterFile>(&path)?;
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
            let asset = Asset::new(bytes, JSON, NO_CACHE);
            centers.insert(center.id.to_string(), (file, asset));
        }
        let closures_path = dir.join(CLOSURES_FILE);
        let (closures, closures_asset) = match read_optional::<Closures>(&closures_path)? {
            Some((closures, bytes)) => {
                closures
                    .check(&catalog, |o| offerings.get(o).and_then(|c| c.parse().ok()))
                    .map_err(|e| invalid(&closures_path, e))?;
                (closures, Some(Asset::new(bytes, JSON, NO_CACHE)))
            }
            None => (Closures::default(), None),
        };
        Ok(CatalogIndex {
            catalog_asset: Asset::new(catalog_bytes, JSON, NO_CACHE),
            catalog,
            centers,
            offerings,
            closures,
            closures_asset,
        })
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

/// The parsed file and its bytes: the API serves the checked file as it is,
/// so both backends of the app read exactly the same JSON.
fn read_json<T: serde::de::DeserializeOwned>(
    path: &Path,
) -> Result<(T, Vec<u8>), CatalogLoadError> {
    let bytes = std::fs::read(path).map_err(|source| CatalogLoadError::Read {
        path: path.to_owned(),
        source,
    })?;
    let value = serde_json::from_slice(&bytes).map_err(|source| CatalogLoadError::Parse {
        path: path.to_owned(),
        source,
    })?;
    Ok((value, bytes))
}

/// Like [`read_json`], but a missing file is `None` rather than an error:
/// for the optional files of the data folder.
fn read_optional<T: serde::de::DeserializeOwned>(
    path: &Path,
) -> Result<Option<(T, Vec<u8>)>, CatalogLoadError> {
    match read_json(path) {
        Ok(found) => Ok(Some(found)),
        Err(CatalogLoadError::Read { source, .. })
            if source.kind() == std::io::ErrorKind::NotFound =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
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
