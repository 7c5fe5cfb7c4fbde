//! Rating a booking (服务评价) in PostgreSQL: one transaction with the
//! booking's row locked, so two ratings of one booking take turns and the
//! second sees the first (the primary key would refuse it anyway).

use linli_model::rating::{RatingRefusal, may_rate};

use linli_model::BookingCode;

use super::{PgError, PgStore, rows, store_error};
use crate::store::rating_types::{RatingRow, facts};
use crate::store::{RateOutcome, RateRequest, StoreError, StoredRating};

impl PgStore {
    pub async fn rate(&self, request: RateRequest) -> Result<RateOutcome, StoreError> {
        self.retrying(|client| rate_once(client, &request)).await
    }

    pub async fn rating(&self, code: BookingCode) -> Result<Option<StoredRating>, StoreError> {
        let client = self.client().await?;
        let row = client
            .query_opt(
                "SELECT satisfaction, comment, rated_at FROM ratings WHERE booking_code = $1",
                &[&code.compact()],
            )
            .await
            .map_err(store_error)?;
        let Some(row) = row else { return Ok(None) };
        let face: String = row.try_get(0).map_err(store_error)?;
        let comment: Option<String> = row.try_get(1).map_err(store_error)?;
        let at: i64 = row.try_get(2).map_err(store_error)?;
        StoredRating::from_columns(code, &face, comment, at).map(Some)
    }
}

async fn rate_once(
    mut client: deadpool_postgres::Client,
    req: &RateRequest,
) -> Result<RateOutcome, PgError> {
    let tx = client.transaction().await?;
    let compact = req.code.compact();
    let Some(b) = rows::by_code_for_update(&tx, &compact).await? else {
        return Ok(RateOutcome::NotFound);
    };
    let rated: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM ratings WHERE booking_code = $1)",
            &[&compact],
        )
        .await?
        .try_get(0)?;
    let Some(facts) = facts(&b, &req.phone, rated) else {
        return Ok(RateOutcome::NotFound);
    };
    if let Err(refusal) = may_rate(&facts, req.now) {
        return Ok(RateOutcome::Refused(refusal));
    }
    let row = RatingRow::new(&b, req);
    let inserted = tx
        .execute(
            "INSERT INTO ratings (booking_code, center_id, offering_id, kind, slot_date,
                satisfaction, comment, rated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (booking_code) DO NOTHING",
            &[
                &row.code,
                &row.center_id,
                &row.offering_id,
                &row.kind,
                &row.slot_date,
                &row.satisfaction,
                &row.comment,
                &row.rated_at,
            ],
        )
        .await?;
    tx.commit().await?;
    if inserted == 0 {
        return Ok(RateOutcome::Refused(RatingRefusal::AlreadyRated));
    }
    Ok(RateOutcome::Rated(row.stored(req.code, req.satisfaction)))
}
