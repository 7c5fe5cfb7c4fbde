//! A `waitlist` row as plain column values and its conversion to the
//! model's [`WaitlistRecord`]: the booking-like columns go through
//! [`BookingColumns`], so an entry reads its slot, consent and details
//! exactly as a booking does, in both stores.

use linli_model::{WaitStatus, WaitlistRecord};

use super::columns::{BookingColumns, ColumnError};

#[derive(Clone, Debug)]
pub struct WaitColumns {
    /// The booking it would become; `status` and staff fields unused.
    pub booking: BookingColumns,
    pub status: String,
    pub hold_minutes: Option<i64>,
    pub daily_limit: Option<i64>,
    pub hold_until: Option<i64>,
    /// Computed by the query: 1 + waiting entries before it, while waiting.
    pub position: Option<i64>,
}

fn bad(column: &'static str, problem: impl ToString) -> ColumnError {
    ColumnError {
        column,
        problem: problem.to_string(),
    }
}

impl WaitColumns {
    pub fn from_record(r: &WaitlistRecord) -> Result<WaitColumns, ColumnError> {
        let mut booking = BookingColumns::from_record(&r.to_booking(r.created_at_millis))?;
        booking.updated_at = r.updated_at_millis;
        Ok(WaitColumns {
            booking,
            status: r.status.as_str().to_owned(),
            hold_minutes: r.hold_minutes.map(i64::from),
            daily_limit: r.daily_limit.map(i64::from),
            hold_until: r.hold_until_millis,
            position: None,
        })
    }

    pub fn into_record(self) -> Result<WaitlistRecord, ColumnError> {
        let status = WaitStatus::parse(&self.status).ok_or_else(|| bad("status", &self.status))?;
        let updated_at = self.booking.updated_at;
        let mut booking = self.booking;
        booking.status = "confirmed".into();
        let b = booking.into_record()?;
        let small = |column, v: Option<i64>| -> Result<_, ColumnError> {
            v.map(|v| u16::try_from(v).map_err(|e| bad(column, e)))
                .transpose()
        };
        Ok(WaitlistRecord {
            code: b.code,
            status,
            slot: b.slot,
            name: b.name,
            phone: b.phone,
            party_size: b.party_size,
            channel: b.channel,
            consent: b.consent,
            details: b.details,
            hold_minutes: small("hold_minutes", self.hold_minutes)?,
            daily_limit: small("daily_limit", self.daily_limit)?
                .map(|v| u8::try_from(v).unwrap_or(u8::MAX)),
            hold_until_millis: self.hold_until,
            position: self
                .position
                .map(|p| u32::try_from(p).map_err(|e| bad("position", e)))
                .transpose()?,
            created_at_millis: b.created_at_millis,
            updated_at_millis: updated_at,
        })
    }
}
