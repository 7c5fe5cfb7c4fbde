//! Residents' ratings of a service they attended (服务评价, issue 13): three
//! faces and an optional short comment, once per booking, from the slot's
//! start until a week after its day. The rating is kept for the reports; the
//! comment is personal text and goes with the booking's other personal fields
//! at the retention cut-off.

use serde::{Deserialize, Serialize};

use crate::booking::BookingStatus;
use crate::error_code::ErrorCode;
use crate::time::{Date, LocalDateTime, TimeOfDay};
use crate::visible::is_visible_text;

/// Days after the service's day on which it can still be rated.
pub const RATING_DAYS: i64 = 7;
/// Characters in a rating's comment: a sentence, not a letter.
pub const MAX_RATING_COMMENT: usize = 100;

/// The three faces: 满意 / 基本满意 / 不满意.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    Satisfied,
    FairlySatisfied,
    Dissatisfied,
}

/// Whether a looked-up booking was rated, and whether it can be now: the
/// look-up's `rating`, beside the booking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingState {
    /// The face given; absent until rated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<Satisfaction>,
    /// Whether `POST /bookings/{code}/rating` takes a rating now: checked
    /// in, not rated, and within the week after the service's day.
    pub can_rate: bool,
}

/// `POST /bookings/{code}/rating` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingBody {
    #[cfg_attr(feature = "openapi", schema(examples("13812345678")))]
    pub phone: String,
    pub satisfaction: Satisfaction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::openapi::RatingComment>))]
    pub comment: Option<String>,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] = [
        Satisfaction::Satisfied,
        Satisfaction::FairlySatisfied,
        Satisfaction::Dissatisfied,
    ];

    /// The stored and reported name (`satisfied`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::FairlySatisfied => "fairly_satisfied",
            Satisfaction::Dissatisfied => "dissatisfied",
        }
    }

    pub fn parse(s: &str) -> Option<Satisfaction> {
        Satisfaction::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Why a booking can't be rated (now). A wrong code or phone is not among
/// them: the look-up answers `booking_not_found` for both, as it does for
/// cancelling, so a code can't be probed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RatingRefusal {
    /// Not checked in: cancelled, a no-show, or not yet come.
    NotAttended,
    AlreadyRated,
    /// More than a week after the service's day.
    Closed,
    CommentTooLong,
    CommentInvalid,
}

impl RatingRefusal {
    pub fn code(self) -> ErrorCode {
        match self {
            RatingRefusal::NotAttended => ErrorCode::RatingNotAttended,
            RatingRefusal::AlreadyRated => ErrorCode::AlreadyRated,
            RatingRefusal::Closed => ErrorCode::RatingClosed,
            RatingRefusal::CommentTooLong => ErrorCode::TextTooLong,
            RatingRefusal::CommentInvalid => ErrorCode::TextInvalid,
        }
    }
}

/// What the store knows of the booking when a rating arrives.
#[derive(Clone, Copy, Debug)]
pub struct RatingFacts {
    pub status: BookingStatus,
    /// The day of the booked slot.
    pub service_day: Date,
    pub already_rated: bool,
}

/// The first moment a service of `day` can no longer be rated: midnight
/// after the week's last day, so "within 7 days" means whole days.
pub fn rating_closes(day: Date) -> LocalDateTime {
    LocalDateTime {
        date: day.add_days(RATING_DAYS + 1),
        time: TimeOfDay::MIDNIGHT,
    }
}

/// Whether the booking may be rated at `now`. Attendance comes first: it is
/// what the resident can check on their receipt.
pub fn may_rate(facts: &RatingFacts, now: LocalDateTime) -> Result<(), RatingRefusal> {
    if facts.status != BookingStatus::CheckedIn {
        return Err(RatingRefusal::NotAttended);
    }
    if facts.already_rated {
        return Err(RatingRefusal::AlreadyRated);
    }
    if now >= rating_closes(facts.service_day) {
        return Err(RatingRefusal::Closed);
    }
    Ok(())
}

/// The optional comment, trimmed; blank is none. One line or a few: newlines
/// are kept, other control characters refused.
pub fn rating_comment(text: Option<&str>) -> Result<Option<String>, RatingRefusal> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_RATING_COMMENT {
        return Err(RatingRefusal::CommentTooLong);
    }
    let text = text.replace("\r\n", "\n");
    if !is_visible_text(&text, &['\n']) {
        return Err(RatingRefusal::CommentInvalid);
    }
    Ok(Some(text))
}

#[cfg(test)]
mod tests;
