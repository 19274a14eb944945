//! The working calendar in the database: what deadlines are counted on, editable by an
//! administrator with every change audited.

use crate::audit::Change;
use crate::sql::OnConflict;
use crate::{fetch_optional_as, int, text, Store, StoreError, Tx};
use chrono::NaiveDate;
use hrx_domain::calendar::{CalendarDay, DayKind, WorkingCalendar};
use sqlx::any::AnyRow;

fn day(row: &AnyRow) -> Result<CalendarDay, StoreError> {
    let date = text(row, "day")?;
    Ok(CalendarDay {
        date: NaiveDate::parse_from_str(&date, "%Y-%m-%d")
            .map_err(|_| StoreError::Integrity(format!("calendar day {date:?}")))?,
        kind: DayKind::parse(&text(row, "kind")?).map_err(|e| StoreError::Integrity(e.into()))?,
        name_en: text(row, "name_en")?,
        name_zh: text(row, "name_zh")?,
        year_notice: i32::try_from(int(row, "year_notice")?)
            .map_err(|e| StoreError::Integrity(e.to_string()))?,
    })
}

const COLUMNS: &str = "day, kind, name_en, name_zh, year_notice";

/// Writes a day of the calendar; `on_conflict` says what happens if the date has one already.
pub(crate) async fn write_day(
    tx: &mut Tx,
    d: &CalendarDay,
    on_conflict: OnConflict,
) -> Result<(), StoreError> {
    let on_conflict = on_conflict.clause(
        "day",
        &["kind", "name_en", "name_zh", "year_notice", "updated_at"],
    );
    sqlx::query(&format!(
        "INSERT INTO calendar_day (day, kind, name_en, name_zh, year_notice, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) {on_conflict}"
    ))
    .bind(d.date.to_string())
    .bind(d.kind.code())
    .bind(&d.name_en)
    .bind(&d.name_zh)
    .bind(i64::from(d.year_notice))
    .bind(crate::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    pub async fn calendar_days(&self, year: Option<i32>) -> Result<Vec<CalendarDay>, StoreError> {
        let rows = match year {
            Some(y) => {
                sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM calendar_day WHERE day >= $1 AND day <= $2 ORDER BY day"
                ))
                .bind(format!("{y:04}-01-01"))
                .bind(format!("{y:04}-12-31"))
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(&format!("SELECT {COLUMNS} FROM calendar_day ORDER BY day"))
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        rows.iter().map(day).collect()
    }

    /// A day of the calendar, locked for a change, if the calendar has it.
    async fn locked_day(
        &self,
        tx: &mut Tx,
        date: NaiveDate,
    ) -> Result<Option<CalendarDay>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM calendar_day WHERE day = $1{}",
            self.for_update()
        );
        fetch_optional_as(&mut **tx, sqlx::query(&sql).bind(date.to_string()), day).await
    }

    /// The calendar deadlines are counted on, as administrators keep it.
    pub async fn working_calendar(&self) -> Result<WorkingCalendar, StoreError> {
        Ok(WorkingCalendar::new(self.calendar_days(None).await?))
    }

    pub async fn set_calendar_day(
        &self,
        actor: &str,
        d: &CalendarDay,
    ) -> Result<CalendarDay, StoreError> {
        let mut tx = self.begin_write().await?;
        let before = self.locked_day(&mut tx, d.date).await?;
        write_day(&mut tx, d, OnConflict::Update).await?;
        self.commit_audited(
            tx,
            Change::upserted(actor, "calendar_day", d.date, before.as_ref(), d),
        )
        .await?;
        Ok(d.clone())
    }

    /// Removes a day, so that the weekly rule applies to it again.
    pub async fn delete_calendar_day(
        &self,
        actor: &str,
        date: NaiveDate,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let before = self
            .locked_day(&mut tx, date)
            .await?
            .ok_or(StoreError::NotFound)?;
        sqlx::query("DELETE FROM calendar_day WHERE day = $1")
            .bind(date.to_string())
            .execute(&mut *tx)
            .await?;
        self.commit_audited(tx, Change::deleted(actor, "calendar_day", date, &before))
            .await?;
        Ok(())
    }
}
