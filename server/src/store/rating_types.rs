//! What the store takes and answers for a resident's rating (服务评价).

use linli_model::rating::{RatingRefusal, Satisfaction};
use linli_model::{BookingCode, LocalDateTime};

use super::BookingRecord;

#[derive(Clone, Debug)]
pub struct RateRequest {
    pub code: BookingCode,
    /// Canonical phone; must match the booking's.
    pub phone: String,
    pub satisfaction: Satisfaction,
    /// Already checked by `rating_comment`.
    pub comment: Option<String>,
    pub now: LocalDateTime,
    pub now_millis: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRating {
    pub code: BookingCode,
    pub satisfaction: Satisfaction,
    pub comment: Option<String>,
    pub rated_at_millis: i64,
}

#[derive(Clone, Debug)]
pub enum RateOutcome {
    Rated(StoredRating),
    /// Unknown code or another phone: one answer for both.
    NotFound,
    Refused(RatingRefusal),
}

impl StoredRating {
    /// From the stored columns; a face the model doesn't know is corrupt.
    pub(super) fn from_columns(
        code: BookingCode,
        satisfaction: &str,
        comment: Option<String>,
        rated_at_millis: i64,
    ) -> Result<StoredRating, super::StoreError> {
        let satisfaction = Satisfaction::parse(satisfaction).ok_or_else(|| {
            super::StoreError::Storage(format!("ratings.satisfaction: {satisfaction}"))
        })?;
        Ok(StoredRating {
            code,
            satisfaction,
            comment,
            rated_at_millis,
        })
    }
}

/// The row's columns that reports keep after erasure: the booking's slot,
/// never its resident.
pub(super) struct RatingRow {
    pub code: String,
    pub center_id: String,
    pub offering_id: String,
    pub kind: String,
    pub slot_date: String,
    pub satisfaction: &'static str,
    pub comment: Option<String>,
    pub rated_at: i64,
}

impl RatingRow {
    pub fn new(b: &BookingRecord, req: &RateRequest) -> RatingRow {
        RatingRow {
            code: b.code.compact(),
            center_id: b.slot.center_id.to_string(),
            offering_id: b.slot.offering_id.to_string(),
            kind: b.slot.kind.as_str().to_owned(),
            slot_date: b.slot.date.to_string(),
            satisfaction: req.satisfaction.as_str(),
            comment: req.comment.clone(),
            rated_at: req.now_millis,
        }
    }

    pub fn stored(&self, code: BookingCode, satisfaction: Satisfaction) -> StoredRating {
        StoredRating {
            code,
            satisfaction,
            comment: self.comment.clone(),
            rated_at_millis: self.rated_at,
        }
    }
}

/// Facts for the model's `may_rate`, or `None` if the phone is not the
/// booking's (an erased booking has no phone and matches none).
pub(super) fn facts(
    b: &BookingRecord,
    phone: &str,
    already_rated: bool,
) -> Option<linli_model::rating::RatingFacts> {
    (!b.phone.is_empty() && b.phone == phone).then_some(linli_model::rating::RatingFacts {
        status: b.status,
        service_day: b.slot.date,
        already_rated,
    })
}
