//! A `bookings` row as plain column values, and its one conversion from
//! and to the model's [`BookingRecord`]. Both stores read and write these
//! columns (each in its own SQL dialect), so a record reads back the same
//! from SQLite and PostgreSQL.

use linli_model::{BookingStatus, Channel, Consent, Lang, Slot, StaffAction};

use super::BookingRecord;

/// The columns of a booking, in the order every booking query selects them.
#[derive(Clone, Debug)]
pub struct BookingColumns {
    pub code: String,
    pub status: String,
    pub slot_id: String,
    pub offering_id: String,
    pub center_id: String,
    pub kind: String,
    pub slot_date: String,
    pub slot_start: String,
    pub slot_end: String,
    pub capacity: i64,
    /// Seats held in the slot now (from `slot_seats`; not stored per booking).
    pub booked: i64,
    /// Personal fields are NULL once retention has erased them.
    pub name: Option<String>,
    pub phone: Option<String>,
    pub party_size: i64,
    pub channel: String,
    pub notice_version: String,
    pub sensitive_consent: bool,
    pub details_json: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub staff_action: Option<String>,
    pub cancel_reason: Option<String>,
    /// The language of the text messages asked for; NULL: none.
    pub sms_lang: Option<String>,
}

/// A stored value this server can't read: a column and what was wrong.
#[derive(Debug, thiserror::Error)]
#[error("stored {column} is not valid: {problem}")]
pub struct ColumnError {
    pub column: &'static str,
    pub problem: String,
}

fn bad(column: &'static str, problem: impl ToString) -> ColumnError {
    ColumnError {
        column,
        problem: problem.to_string(),
    }
}

fn parsed<T>(column: &'static str, text: &str) -> Result<T, ColumnError>
where
    T: std::str::FromStr,
    T::Err: ToString,
{
    text.parse().map_err(|e: T::Err| bad(column, e))
}

impl BookingColumns {
    /// The columns to store for `r`. Erased (empty) name and phone are
    /// stored as NULL, as retention leaves them.
    pub fn from_record(r: &BookingRecord) -> Result<BookingColumns, ColumnError> {
        let erased = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Ok(BookingColumns {
            code: r.code.compact(),
            status: r.status.as_str().to_owned(),
            slot_id: r.slot.id.to_string(),
            offering_id: r.slot.offering_id.to_string(),
            center_id: r.slot.center_id.to_string(),
            kind: r.slot.kind.as_str().to_owned(),
            slot_date: r.slot.date.to_string(),
            slot_start: r.slot.start.to_string(),
            slot_end: r.slot.end.to_string(),
            capacity: i64::from(r.slot.capacity),
            booked: i64::from(r.slot.capacity.saturating_sub(r.slot.remaining)),
            name: erased(&r.name),
            phone: erased(&r.phone),
            party_size: i64::from(r.party_size),
            channel: r.channel.as_str().to_owned(),
            notice_version: r.consent.notice.clone(),
            sensitive_consent: r.consent.sensitive,
            details_json: serde_json::to_string(&r.details).map_err(|e| bad("details", e))?,
            created_at: r.created_at_millis,
            updated_at: r.updated_at_millis,
            staff_action: r.staff_action.map(|a| a.as_str().to_owned()),
            cancel_reason: r.cancel_reason.clone(),
            sms_lang: r.consent.sms.map(|l| l.as_str().to_owned()),
        })
    }

    pub fn into_record(self) -> Result<BookingRecord, ColumnError> {
        let capacity = u32::try_from(self.capacity).map_err(|e| bad("capacity", e))?;
        let booked = u32::try_from(self.booked).map_err(|e| bad("booked", e))?;
        let channel = [Channel::Kiosk, Channel::Web, Channel::Staff]
            .into_iter()
            .find(|c| c.as_str() == self.channel)
            .ok_or_else(|| bad("channel", &self.channel))?;
        let sms = match &self.sms_lang {
            Some(l) => Some(Lang::parse(l).ok_or_else(|| bad("sms_lang", l))?),
            None => None,
        };
        let staff_action = match &self.staff_action {
            Some(a) => Some(StaffAction::parse(a).ok_or_else(|| bad("staff_action", a))?),
            None => None,
        };
        Ok(BookingRecord {
            code: parsed("code", &self.code)?,
            status: BookingStatus::parse(&self.status)
                .ok_or_else(|| bad("status", &self.status))?,
            slot: Slot {
                id: parsed("slot_id", &self.slot_id)?,
                offering_id: parsed("offering_id", &self.offering_id)?,
                center_id: parsed("center_id", &self.center_id)?,
                kind: parsed("kind", &self.kind)?,
                date: parsed("slot_date", &self.slot_date)?,
                start: parsed("slot_start", &self.slot_start)?,
                end: parsed("slot_end", &self.slot_end)?,
                capacity,
                remaining: capacity.saturating_sub(booked),
                waiting: None,
            },
            name: self.name.unwrap_or_default(),
            phone: self.phone.unwrap_or_default(),
            party_size: u8::try_from(self.party_size).map_err(|e| bad("party_size", e))?,
            channel,
            consent: Consent {
                notice: self.notice_version,
                sensitive: self.sensitive_consent,
                sms,
            },
            details: serde_json::from_str(&self.details_json).map_err(|e| bad("details", e))?,
            created_at_millis: self.created_at,
            updated_at_millis: self.updated_at,
            staff_action,
            cancel_reason: self.cancel_reason,
        })
    }
}

/// An error code as a column holds it: its name on the wire.
pub fn error_code_name(code: linli_model::ErrorCode) -> String {
    match serde_json::to_value(code) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{code:?}"),
    }
}

/// A stored error code; one this build doesn't know reads as `unknown`.
pub fn error_code_from(name: &str) -> linli_model::ErrorCode {
    serde_json::from_value(serde_json::Value::String(name.to_owned()))
        .unwrap_or(linli_model::ErrorCode::Unknown)
}
