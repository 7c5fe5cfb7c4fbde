//! Rating a booking (服务评价) in SQLite: the facts, the model's `may_rate`
//! and the insert in one writer command, so two ratings of one booking
//! can't both pass (and the primary key would refuse the second anyway).

use linli_model::BookingCode;
use linli_model::rating::{RatingRefusal, may_rate};
use rusqlite::{Connection, OptionalExtension, params};

use super::writer::{Done, Job};
use super::{SqliteStore, StoreError, rows};
use crate::store::rating_types::{RatingRow, facts};
use crate::store::{RateOutcome, RateRequest, StoredRating};

impl SqliteStore {
    pub async fn rate(&self, request: RateRequest) -> Result<RateOutcome, StoreError> {
        match self.write(Job::Rate(Box::new(request))).await? {
            Done::Rate(r) => r,
            _ => Err(StoreError::Storage("unexpected writer answer".into())),
        }
    }

    pub async fn rating(&self, code: BookingCode) -> Result<Option<StoredRating>, StoreError> {
        let row = self
            .reads
            .run(move |c| {
                c.prepare_cached(
                    "SELECT satisfaction, comment, rated_at FROM ratings WHERE booking_code = ?1",
                )?
                .query_row([code.compact()], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })
                .optional()
            })
            .await?;
        row.map(|(face, comment, at)| StoredRating::from_columns(code, &face, comment, at))
            .transpose()
    }
}

/// Runs on the writer thread inside the batch's transaction.
pub(super) fn rate(conn: &Connection, req: &RateRequest) -> Result<RateOutcome, StoreError> {
    let compact = req.code.compact();
    let Some(b) = rows::by_code(conn, &compact)? else {
        return Ok(RateOutcome::NotFound);
    };
    let rated: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM ratings WHERE booking_code = ?1)")?
        .query_row([&compact], |r| r.get(0))?;
    let Some(facts) = facts(&b, &req.phone, rated) else {
        return Ok(RateOutcome::NotFound);
    };
    if let Err(refusal) = may_rate(&facts, req.now) {
        return Ok(RateOutcome::Refused(refusal));
    }
    let row = RatingRow::new(&b, req);
    let inserted = conn
        .prepare_cached(
            "INSERT INTO ratings (booking_code, center_id, offering_id, kind, slot_date,
                satisfaction, comment, rated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (booking_code) DO NOTHING",
        )?
        .execute(params![
            row.code,
            row.center_id,
            row.offering_id,
            row.kind,
            row.slot_date,
            row.satisfaction,
            row.comment,
            row.rated_at
        ])?;
    if inserted == 0 {
        return Ok(RateOutcome::Refused(RatingRefusal::AlreadyRated));
    }
    Ok(RateOutcome::Rated(row.stored(req.code, req.satisfaction)))
}
