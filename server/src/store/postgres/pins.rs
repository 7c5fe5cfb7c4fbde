//! Wrong-PIN counts in PostgreSQL, shared by every instance. An attempt is
//! checked and counted in one transaction holding a lock per key, so
//! parallel tries on one key (from one instance or several) queue, and no
//! more than the limit ever reach the PIN check.

use tokio_postgres::types::ToSql;

use super::{LOCK_CLASS_PIN_KEY, PgError, PgStore};
use crate::store::{PinAttempt, PinAttemptOutcome, StoreError, pin_attempt_blocked};

impl PgStore {
    pub async fn begin_pin_attempt(
        &self,
        attempt: PinAttempt,
    ) -> Result<PinAttemptOutcome, StoreError> {
        self.retrying(|client| attempt_once(client, &attempt)).await
    }

    pub async fn forgive_pin_attempt(&self, rows: Vec<i64>) -> Result<(), StoreError> {
        self.run("DELETE FROM pin_failures WHERE id = ANY($1)", &[&rows])
            .await
            .map(|_| ())
    }

    pub async fn forget_pin_failures(&self, before_millis: i64) -> Result<(), StoreError> {
        self.run("DELETE FROM pin_failures WHERE at <= $1", &[&before_millis])
            .await
            .map(|_| ())
    }
}

async fn attempt_once(
    mut client: deadpool_postgres::Client,
    a: &PinAttempt,
) -> Result<PinAttemptOutcome, PgError> {
    let tx = client.transaction().await?;
    let lock = tx
        .prepare_cached("SELECT pg_advisory_xact_lock($1, hashtext($2))")
        .await?;
    // Locks in one order everywhere, so two attempts never deadlock.
    let mut keys: Vec<&String> = a.keys.iter().map(|(k, _)| k).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let params: [&(dyn ToSql + Sync); 2] = [&LOCK_CLASS_PIN_KEY, key];
        tx.execute(&lock, &params).await?;
    }
    let recent_stmt = tx
        .prepare_cached(
            "SELECT at FROM pin_failures WHERE key = $1 AND at > $2
             ORDER BY at DESC LIMIT $3",
        )
        .await?;
    let mut recent = Vec::with_capacity(a.keys.len());
    for (key, limit) in &a.keys {
        let max = i64::try_from(limit.max_failures).unwrap_or(i64::MAX);
        let rows = tx
            .query(&recent_stmt, &[key, &limit.since(a.now_millis), &max])
            .await?;
        recent.push(
            rows.iter()
                .map(|r| r.try_get(0))
                .collect::<Result<Vec<i64>, _>>()?,
        );
    }
    if let Some(retry_after_secs) = pin_attempt_blocked(a, &recent) {
        return Ok(PinAttemptOutcome::Blocked { retry_after_secs });
    }
    let insert = tx
        .prepare_cached("INSERT INTO pin_failures (key, at) VALUES ($1, $2) RETURNING id")
        .await?;
    let mut rows = Vec::with_capacity(a.keys.len());
    for (key, _) in &a.keys {
        rows.push(
            tx.query_one(&insert, &[key, &a.now_millis])
                .await?
                .try_get(0)?,
        );
    }
    tx.commit().await?;
    Ok(PinAttemptOutcome::Counted(rows))
}
