//! Read-only questions the awards pages ask: the nominations a reviewer is drawn for, who
//! took which step of every nomination (an officer's queue shows what waits for them: the
//! maker-checker rule lets them take the next step only when they did not take the last),
//! and the laureate a conferred nomination recorded (its file links to the certificate).

use super::nominations::AwardNomination;
use crate::case::CaseType;
use crate::{int, text, Store, StoreError};

impl Store {
    /// The nominations a user is on the panel of, newest drawing first.
    pub async fn award_nominations_drawn_for(
        &self,
        reviewer: &str,
    ) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT case_id FROM case_assignment WHERE case_type = $1 AND role = 'reviewer' \
             AND assignee = $2 ORDER BY id DESC",
        )
        .bind(AwardNomination::TYPE)
        .bind(reviewer.to_owned())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every step of every nomination as (nomination, action, actor), by nomination and in
    /// the order taken.
    pub async fn award_step_actors(&self) -> Result<Vec<(i64, String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT case_id, action, actor FROM case_step WHERE case_type = $1 \
             ORDER BY case_id, id",
        )
        .bind(AwardNomination::TYPE)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((int(r, "case_id")?, text(r, "action")?, text(r, "actor")?)))
            .collect()
    }

    /// The laureate a nomination's conferral recorded, if any.
    pub async fn award_laureate_of_nomination(
        &self,
        nomination_id: i64,
    ) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT id FROM award_laureate WHERE nomination_id = $1")
                .bind(nomination_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}
