//! Rating an attended booking (服务评价): found by code AND phone as a
//! look-up or a cancellation is, with the same one 404 and the same limits;
//! the model decides (`linli_model::rating`), the store applies it in one
//! transaction with the insert.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use linli_model::rating::{
    RatingBody, RatingFacts, RatingState, Satisfaction, may_rate, rating_comment,
};
use linli_model::time::rfc3339;
use linli_model::{ApiErrorBody, Booking, BookingRecord, LocalDateTime};
use serde::Serialize;
use utoipa::ToSchema;

use super::bookings::{identify, missed};
use super::docs::{LookupsLimited, Malformed, NotJson, TooLarge, Unavailable};
use super::no_store;
use crate::auth::ClientIp;
use crate::error::AppError;
use crate::extract::JsonBody;
use crate::state::AppState;
use crate::store::{RateOutcome, RateRequest, StoredRating};

/// A booking's rating as stored.
#[derive(Serialize, ToSchema)]
pub struct Rating {
    #[schema(examples("K7QM-2P9D"))]
    code: String,
    satisfaction: Satisfaction,
    /// The comment, trimmed; absent if none was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    /// When it was given (the centres' civil time).
    #[schema(format = DateTime, examples("2026-11-27T13:05:09+08:00"))]
    rated_at: String,
}

/// A booking as its resident looks it up: the booking and its rating.
#[derive(Serialize, ToSchema)]
pub struct LookedUp {
    #[serde(flatten)]
    booking: Booking,
    rating: RatingState,
}

impl LookedUp {
    pub(super) fn new(b: &BookingRecord, rated: Option<StoredRating>, now: LocalDateTime) -> Self {
        let facts = RatingFacts {
            status: b.status,
            service_day: b.slot.date,
            already_rated: rated.is_some(),
        };
        LookedUp {
            booking: b.for_resident(),
            rating: RatingState {
                satisfaction: rated.map(|r| r.satisfaction),
                can_rate: may_rate(&facts, now).is_ok(),
            },
        }
    }
}

impl From<StoredRating> for Rating {
    fn from(r: StoredRating) -> Rating {
        Rating {
            code: r.code.to_string(),
            satisfaction: r.satisfaction,
            comment: r.comment,
            rated_at: rfc3339(r.rated_at_millis),
        }
    }
}

/// Rate a service the resident attended.
///
/// Once per booking, after it was checked in, until a week after the
/// service's day. The same 404 for an unknown code and a wrong phone, and
/// the same limits, as a look-up.
#[utoipa::path(post, path = "/bookings/{code}/rating", operation_id = "rate_booking", tag = "bookings",
    params(("code" = String, Path, description = "XXXX-XXXX; case, dashes and look-alikes are \
        forgiven")),
    request_body = RatingBody,
    responses(
        (status = 201, description = "the rating", body = Rating),
        (status = 400, response = Malformed),
        (status = 404, description = "booking_not_found", body = ApiErrorBody),
        (status = 409, description = "rating_not_attended (not checked in: confirmed, \
            cancelled or a no-show), already_rated, or rating_closed (more than a week after \
            the service's day)", body = ApiErrorBody),
        (status = 413, response = TooLarge),
        (status = 415, response = NotJson),
        (status = 422, description = "text_too_long or text_invalid (field comment), or \
            invalid_field: the body is not {phone, satisfaction, comment?}",
            body = ApiErrorBody),
        (status = 429, response = LookupsLimited),
        (status = 503, response = Unavailable),
    ))]
pub async fn rate(
    State(st): State<AppState>,
    ClientIp(client): ClientIp,
    code: Result<Path<String>, PathRejection>,
    JsonBody(body): JsonBody<RatingBody>,
) -> Result<Response, AppError> {
    let Ok(Path(code)) = code else {
        return Err(AppError::BookingNotFound);
    };
    let (code, phone) = identify(&st, client, &code, &body.phone)?;
    let comment = rating_comment(body.comment.as_deref()).map_err(AppError::Rating)?;
    let outcome = st
        .store
        .rate(RateRequest {
            code,
            phone,
            satisfaction: body.satisfaction,
            comment,
            now: st.clock.now(),
            now_millis: st.clock.unix_millis(),
        })
        .await?;
    match outcome {
        RateOutcome::Rated(r) => Ok(no_store(
            (StatusCode::CREATED, Json(Rating::from(r))).into_response(),
        )),
        RateOutcome::NotFound => {
            missed(&code, client);
            Err(AppError::BookingNotFound)
        }
        RateOutcome::Refused(refusal) => Err(AppError::Rating(refusal)),
    }
}
