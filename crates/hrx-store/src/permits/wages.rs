//! Local average and minimum wages, which the salary-multiple routes compare against.

use crate::audit::Change;
use crate::sql::OnConflict;
use crate::{fetch_all_as, fetch_optional_as, int, opt_int, text, Store, StoreError, Tx};
use hrx_domain::permits::routes::LocalWage;
use sqlx::any::AnyRow;

fn wage(row: &AnyRow) -> Result<LocalWage, StoreError> {
    Ok(LocalWage {
        locality: text(row, "locality")?,
        year: i32::try_from(int(row, "year")?).map_err(|e| StoreError::Integrity(e.to_string()))?,
        average_annual_fen: int(row, "average_annual_fen")?,
        minimum_monthly_fen: opt_int(row, "minimum_monthly_fen")?,
        source: text(row, "source")?,
    })
}

const COLUMNS: &str = "locality, year, average_annual_fen, minimum_monthly_fen, source";

/// Writes a locality's wages for a year; `on_conflict` says what happens if that year has
/// figures already.
pub(crate) async fn write_wage(
    tx: &mut Tx,
    w: &LocalWage,
    on_conflict: OnConflict,
) -> Result<(), StoreError> {
    let on_conflict = on_conflict.clause(
        "locality, year",
        &[
            "average_annual_fen",
            "minimum_monthly_fen",
            "source",
            "updated_at",
        ],
    );
    sqlx::query(&format!(
        "INSERT INTO local_wage (locality, year, average_annual_fen, minimum_monthly_fen, source, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) {on_conflict}"
    ))
        .bind(&w.locality)
        .bind(i64::from(w.year))
        .bind(w.average_annual_fen)
        .bind(w.minimum_monthly_fen)
        .bind(&w.source)
        .bind(crate::now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// The wages of the city if it has its own figures, else of the province.
    pub async fn local_wage(
        &self,
        localities: &[&str],
        year: i32,
    ) -> Result<Option<LocalWage>, StoreError> {
        for locality in localities {
            let row = sqlx::query(&format!(
                "SELECT {COLUMNS} FROM local_wage WHERE locality = $1 AND year = $2"
            ))
            .bind(*locality)
            .bind(i64::from(year))
            .fetch_optional(&self.pool)
            .await?;
            if let Some(row) = row {
                return wage(&row).map(Some);
            }
        }
        Ok(None)
    }

    pub async fn local_wages(&self) -> Result<Vec<LocalWage>, StoreError> {
        fetch_all_as(
            &self.pool,
            sqlx::query(&format!(
                "SELECT {COLUMNS} FROM local_wage ORDER BY locality, year DESC"
            )),
            wage,
        )
        .await
    }

    /// Records or corrects a locality's wages for a year, with the before and after values audited.
    pub async fn set_local_wage(
        &self,
        actor: &str,
        w: &LocalWage,
    ) -> Result<LocalWage, StoreError> {
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM local_wage WHERE locality = $1 AND year = $2{}",
            self.for_update()
        );
        let query = sqlx::query(&sql).bind(&w.locality).bind(i64::from(w.year));
        let before = fetch_optional_as(&mut *tx, query, wage).await?;
        write_wage(&mut tx, w, OnConflict::Update).await?;
        let id = format!("{}/{}", w.locality, w.year);
        self.commit_audited(
            tx,
            Change::upserted(actor, "local_wage", id, before.as_ref(), w),
        )
        .await?;
        Ok(w.clone())
    }
}
