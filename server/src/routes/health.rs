use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::error::AppError;
use crate::state::AppState;

/// `{"status":"ok"}` while the database answers.
pub async fn health(State(st): State<AppState>) -> Result<Json<Value>, AppError> {
    st.store.ping().await?;
    Ok(Json(json!({ "status": "ok" })))
}
