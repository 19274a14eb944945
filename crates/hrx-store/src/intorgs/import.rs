//! `hrx import io-vacancies FILE`: vacancies in the layout of docs/import-formats.md, with the
//! guarantees of the other imports (`crate::imports::small`): every row checked (its
//! organisation in the register, its deadline in its zone) before anything is written, a
//! file with an invalid row writing nothing unless rows are skipped, a vacancy matched by its
//! organisation and reference number (a row that differs updates it, one that does not
//! changes nothing), and the whole file in one transaction.

use super::vacancies::insert_vacancy;
use super::{organisation_id, to_json};
use crate::imports::small::{check_file, SmallImportOptions, Upsert};
use crate::imports::{ImportError, ImportReport};
use crate::{now, Store, StoreError, Tx};
use hrx_domain::intorgs::serving::category_of;
use hrx_domain::intorgs::vacancy::{vacancy_row, Deadline, VacancyFields, VACANCY_COLUMNS};

/// The import kind's code, as `hrx import` and the import history name it.
pub const KIND: &str = "io-vacancies";

/// Creates the vacancy, or updates the one with its organisation and reference number where
/// anything differs.
async fn upsert(
    tx: &mut Tx,
    actor: &str,
    (fields, deadline): &(VacancyFields, Deadline),
    today: chrono::NaiveDate,
) -> Result<Upsert, StoreError> {
    let organisation =
        organisation_id(tx, &fields.organisation)
            .await?
            .ok_or(StoreError::UnknownReference {
                field: "organisation",
            })?;
    let mut needs = fields.needs.clone();
    needs.grade = Some(fields.grade.trim().to_owned());
    let values = [
        fields.title.trim().to_owned(),
        fields.grade.trim().to_owned(),
        category_of(&fields.grade),
        fields.job_family.trim().to_owned(),
        fields.duty_station.trim().to_owned(),
        fields.duty_country.clone(),
        fields.posted_on.unwrap_or(today).to_string(),
        deadline.utc.to_rfc3339(),
        deadline.zone.name().to_owned(),
        if fields.funding.is_empty() {
            "unknown".to_owned()
        } else {
            fields.funding.clone()
        },
        to_json(&needs),
    ];
    let found = sqlx::query(
        "SELECT id, title, grade, category, job_family, duty_station, duty_country, posted_on, \
         deadline_utc, deadline_zone, funding, needs, subject_to_geo FROM io_vacancy \
         WHERE organisation_id = $1 AND reference_no = $2",
    )
    .bind(organisation)
    .bind(fields.reference_no.trim().to_owned())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = found else {
        insert_vacancy(tx, actor, fields, deadline, organisation, today).await?;
        return Ok(Upsert::Created);
    };
    let columns = [
        "title",
        "grade",
        "category",
        "job_family",
        "duty_station",
        "duty_country",
        "posted_on",
        "deadline_utc",
        "deadline_zone",
        "funding",
        "needs",
    ];
    let mut same = crate::opt_int(&row, "subject_to_geo")? == fields.subject_to_geo.map(i64::from);
    for (c, v) in columns.iter().zip(&values) {
        same &= crate::text(&row, c)? == *v;
    }
    if same {
        return Ok(Upsert::Unchanged);
    }
    let mut q = sqlx::query(
        "UPDATE io_vacancy SET title = $1, grade = $2, category = $3, job_family = $4, \
         duty_station = $5, duty_country = $6, posted_on = $7, deadline_utc = $8, \
         deadline_zone = $9, funding = $10, needs = $11, subject_to_geo = $12, \
         version = version + 1, updated_at = $13 WHERE id = $14",
    );
    for v in values {
        q = q.bind(v);
    }
    q.bind(fields.subject_to_geo.map(i64::from))
        .bind(now())
        .bind(crate::int(&row, "id")?)
        .execute(&mut **tx)
        .await?;
    Ok(Upsert::Updated)
}

impl Store {
    /// Imports vacancies (CSV or XLSX) in the layout of docs/import-formats.md.
    pub async fn import_io_vacancies(
        &self,
        path: &std::path::Path,
        options: &SmallImportOptions,
        today: chrono::NaiveDate,
    ) -> Result<ImportReport, ImportError> {
        let register: Vec<String> = sqlx::query_scalar("SELECT acronym FROM io_organisation")
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::from)?;
        let mut checked = check_file(
            path,
            &VACANCY_COLUMNS,
            options,
            |cell| vacancy_row(cell, |o| register.iter().any(|r| r == o)),
            |(f, _)| {
                (
                    (f.organisation.clone(), f.reference_no.trim().to_owned()),
                    "reference_no",
                    f.reference_no.clone(),
                )
            },
        )?;
        let mut tx = self.begin_write().await?;
        if !checked.refused(options) {
            let valid = std::mem::take(&mut checked.valid);
            for row in &valid {
                let done = upsert(&mut tx, &options.actor, row, today).await?;
                checked.count(done);
            }
        }
        checked.finish(self, tx, KIND, path, options).await
    }
}
