//! Request extraction with errors in the API's shape: JSON bodies with the
//! field at fault, and the `Idempotency-Key` header.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use linli_model::{Diet, Dining, DisputeCategory, LegalTopic, ServiceKind};
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::error::Category;

use crate::error::AppError;

/// A JSON body; wrong shapes answer 400/422 with the field, never a 500.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        if !is_json(req.headers()) {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::BodyTooLarge
            } else {
                AppError::MalformedJson
            }
        })?;
        // Every body of this API is an object; serde would also read a
        // struct from an array (`[]` for one whose fields are optional).
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first.is_some_and(|b| *b != b'{')
            && serde_json::from_slice::<serde_json::Value>(&bytes).is_ok()
        {
            return Err(AppError::InvalidField {
                field: None,
                message: "the body must be a JSON object".into(),
            });
        }
        parse(&bytes).map(JsonBody)
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let err = match serde_path_to_error::deserialize(&mut de) {
        // Trailing characters after the value make the body malformed.
        Ok(v) => return de.end().map(|()| v).map_err(|_| AppError::MalformedJson),
        Err(e) => e,
    };
    let inner = err.inner();
    if !matches!(inner.classify(), Category::Data) {
        return Err(AppError::MalformedJson);
    }
    let message = inner.to_string();
    let mut field = err.path().to_string();
    if let Some(missing) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        field = if field == "." {
            missing.to_owned()
        } else {
            format!("{field}.{missing}")
        };
    } else if field == "details" {
        // The tagged `details` enum hides the inner path from serde.
        field = details_field(bytes).unwrap_or(field);
    }
    Err(AppError::InvalidField {
        // A body that isn't an object at all has no field at fault.
        field: (field != "." && !field.starts_with('[')).then_some(field),
        message: strip_position(&message),
    })
}

/// serde_json appends " at line 1 column 42": noise for API clients.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Finds which field of `details` has the wrong value, kind by kind.
fn details_field(bytes: &[u8]) -> Option<String> {
    fn ok<T: DeserializeOwned>(v: &Value) -> bool {
        T::deserialize(v).is_ok()
    }
    type Check = fn(&Value) -> bool;
    let body: Value = serde_json::from_slice(bytes).ok()?;
    let details = body.get("details")?;
    let texts: Check = ok::<Option<String>>;
    let Ok(kind) = details.get("kind")?.as_str()?.parse::<ServiceKind>() else {
        return Some("details.kind".into());
    };
    let checks: &[(&str, Check)] = match kind {
        ServiceKind::Meal => &[
            ("dining", ok::<Dining>),
            ("diet", ok::<Vec<Diet>>),
            ("price_band", texts),
        ],
        ServiceKind::Care => &[("address", texts), ("note", texts)],
        ServiceKind::Legal => &[("topic", ok::<LegalTopic>), ("summary", texts)],
        ServiceKind::Mediation => &[
            ("category", ok::<DisputeCategory>),
            ("other_party", texts),
            ("summary", texts),
        ],
        ServiceKind::Class => &[("age_confirmed", ok::<bool>)],
    };
    checks
        .iter()
        .find(|(name, check)| details.get(*name).is_some_and(|v| !check(v)))
        .map(|(name, _)| format!("details.{name}"))
}

/// `Idempotency-Key`: optional; if present, 1–100 visible ASCII characters.
pub fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, AppError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .map_err(|_| AppError::IdempotencyKeyInvalid)?;
    let valid = (1..=100).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic());
    if valid {
        Ok(Some(key.to_owned()))
    } else {
        Err(AppError::IdempotencyKeyInvalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linli_model::BookingRequest;

    fn field_of(json: &str) -> (u16, Option<String>) {
        match parse::<BookingRequest>(json.as_bytes()) {
            Ok(_) => (200, None),
            Err(e) => (e.status().as_u16(), e.field()),
        }
    }

    const OK: &str = r#"{"slot_id":"a@2026-12-01T11:00","name":"张","phone":"13812345678",
        "party_size":1,"channel":"kiosk","consent":{"notice":"2026-11","sensitive":false},
        "details":{"kind":"meal","dining":"dine_in"}}"#;

    #[test]
    fn fields_at_fault_are_named() {
        assert_eq!(field_of(OK), (200, None));
        assert_eq!(field_of("{"), (400, None));
        assert_eq!(field_of(&format!("{OK} x")), (400, None));
        assert_eq!(
            field_of(&OK.replace("\"party_size\":1", "\"party_size\":\"1\"")),
            (422, Some("party_size".into()))
        );
        // JSON Schema's integer 1 may be written 1.0; 1.5 is no integer.
        assert_eq!(
            field_of(&OK.replace("\"party_size\":1", "\"party_size\":1.0")),
            (200, None)
        );
        assert_eq!(
            field_of(&OK.replace("\"party_size\":1", "\"party_size\":1.5")),
            (422, Some("party_size".into()))
        );
        assert_eq!(
            field_of(&OK.replace("\"dine_in\"", "\"picnic\"")),
            (422, Some("details.dining".into()))
        );
        assert_eq!(
            field_of(&OK.replace(",\"dining\":\"dine_in\"", "")),
            (422, Some("details.dining".into()))
        );
        assert_eq!(
            field_of(&OK.replace("\"dine_in\"", "\"dine_in\",\"price_band\":7")),
            (422, Some("details.price_band".into()))
        );
        assert_eq!(
            field_of(&OK.replace("\"kiosk\"", "\"fax\"")),
            (422, Some("channel".into()))
        );
        assert_eq!(
            field_of(&OK.replace("\"sensitive\":false", "\"sensitive\":1")),
            (422, Some("consent.sensitive".into()))
        );
        assert_eq!(
            field_of(&OK.replace("\"slot_id\":\"a@2026-12-01T11:00\",", "")),
            (422, Some("slot_id".into()))
        );
    }

    #[test]
    fn idempotency_keys_are_visible_ascii() {
        let mut h = HeaderMap::new();
        assert!(matches!(idempotency_key(&h), Ok(None)));
        h.insert("idempotency-key", "abc-123".parse().expect("value"));
        assert!(matches!(idempotency_key(&h), Ok(Some(_))));
        h.insert("idempotency-key", "a b".parse().expect("value"));
        assert!(idempotency_key(&h).is_err());
        h.insert("idempotency-key", "x".repeat(101).parse().expect("value"));
        assert!(idempotency_key(&h).is_err());
    }
}
