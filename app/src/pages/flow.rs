//! The booking flow's route parameters and paths. The path carries every
//! choice (kind, centre, date, slot), so Back and reload always work.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use linli_model::catalog::ServiceKind;
use linli_model::{CenterFile, CenterId, Date, Offering, SlotId};

use crate::backend::{Backend, BackendError};

#[derive(Clone, Debug, PartialEq)]
pub struct FlowParams {
    pub kind: Option<ServiceKind>,
    pub center: Option<CenterId>,
    pub date: Option<Date>,
    pub slot: Option<SlotId>,
}

/// The flow's parameters, parsed into model types (`None` when malformed).
pub fn use_flow_params() -> Memo<FlowParams> {
    let params = use_params_map();
    Memo::new(move |_| {
        let params = params.read();
        let get = |key: &str| params.get(key).unwrap_or_default();
        FlowParams {
            kind: get("kind").parse().ok(),
            center: get("center").parse().ok(),
            date: get("date").parse().ok(),
            slot: get("slot").parse().ok(),
        }
    })
}

pub fn kind_path(kind: ServiceKind) -> String {
    format!("/book/{kind}")
}

pub fn center_path(kind: ServiceKind, center: &CenterId) -> String {
    format!("/book/{kind}/{center}")
}

pub fn date_path(kind: ServiceKind, center: &CenterId, date: Date) -> String {
    format!("/book/{kind}/{center}/{date}")
}

pub fn slot_path(kind: ServiceKind, center: &CenterId, slot: &SlotId) -> String {
    format!("/book/{kind}/{center}/{}/{slot}", slot.date)
}

pub fn review_path(kind: ServiceKind, center: &CenterId, slot: &SlotId) -> String {
    format!("{}/review", slot_path(kind, center, slot))
}

/// Loads the centre the route names; a malformed id is "not found".
pub fn center_resource(
    backend: Backend,
    params: Memo<FlowParams>,
) -> LocalResource<Result<CenterFile, BackendError>> {
    LocalResource::new(move || {
        let backend = backend.clone();
        let center = params.with(|p| p.center.clone());
        async move {
            match center {
                Some(id) => backend.center(&id).await,
                None => Err(not_found(linli_model::ErrorCode::CenterNotFound)),
            }
        }
    })
}

/// The offering a slot id names, if its schedule really has that slot.
pub fn offering_for(file: &CenterFile, slot: &SlotId) -> Result<Offering, BackendError> {
    file.offering(&slot.offering_id)
        .filter(|o| linli_model::schedule::find_slot(o, slot).is_some())
        .cloned()
        .ok_or_else(|| not_found(linli_model::ErrorCode::SlotNotFound))
}

pub fn not_found(code: linli_model::ErrorCode) -> BackendError {
    BackendError::refusal(404, code, "", None)
}

/// Renders a flow page anew whenever the route's parameters change. The
/// router keeps a page mounted when only its parameters change (another
/// slot offered after "full", Back between two slots), and the pages read
/// their parameters once, so without this they would show the old choice.
pub fn keyed<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params.track();
        untrack(|| page().into_any())
    }
}
