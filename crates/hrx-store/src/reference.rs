//! Reference tables in the database, loaded from the tables embedded in `hrx-domain` so that
//! records can hold foreign keys to them. A table is rewritten only when its data changed.

use crate::sql::OnConflict;
use crate::{fetch_all_as, opt_text, text, Store, StoreError};
use hrx_domain::reference::{reference, Country, EducationLevel, Occupation, Province};
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;

fn fingerprint<T: serde::Serialize>(rows: &[T]) -> String {
    let json = serde_json::to_string(rows).unwrap_or_default();
    Sha256::digest(json.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub(crate) async fn load(store: &Store) -> Result<(), StoreError> {
    let data = reference();
    let mut tx = store.begin_write().await?;
    if changed(&mut tx, "country", fingerprint(&data.countries)).await? {
        for c in &data.countries {
            sqlx::query(
                "INSERT INTO country (alpha2, alpha3, numeric, name_en, name_zh) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (alpha2) DO UPDATE SET alpha3 = excluded.alpha3, numeric = excluded.numeric, \
                 name_en = excluded.name_en, name_zh = excluded.name_zh",
            )
            .bind(&c.alpha2)
            .bind(&c.alpha3)
            .bind(&c.numeric)
            .bind(&c.name_en)
            .bind(&c.name_zh)
            .execute(&mut *tx)
            .await?;
        }
    }
    if changed(&mut tx, "province", fingerprint(&data.provinces)).await? {
        for p in &data.provinces {
            sqlx::query(
                "INSERT INTO province (code, name_en, name_zh, region) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, \
                 name_zh = excluded.name_zh, region = excluded.region",
            )
            .bind(&p.code)
            .bind(&p.name_en)
            .bind(&p.name_zh)
            .bind(&p.region)
            .execute(&mut *tx)
            .await?;
        }
    }
    if changed(&mut tx, "occupation", fingerprint(&data.occupations)).await? {
        for o in &data.occupations {
            sqlx::query(
                "INSERT INTO occupation (code, level, parent, name_en, name_zh) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (code) DO UPDATE SET level = excluded.level, parent = excluded.parent, \
                 name_en = excluded.name_en, name_zh = excluded.name_zh",
            )
            .bind(&o.code)
            .bind(&o.level)
            .bind(o.parent.clone())
            .bind(&o.name_en)
            .bind(&o.name_zh)
            .execute(&mut *tx)
            .await?;
        }
    }
    if changed(
        &mut tx,
        "education_level",
        fingerprint(&data.education_levels),
    )
    .await?
    {
        for e in &data.education_levels {
            sqlx::query(
                "INSERT INTO education_level (code, name_en, name_zh) VALUES ($1, $2, $3) \
                 ON CONFLICT (code) DO UPDATE SET name_en = excluded.name_en, name_zh = excluded.name_zh",
            )
            .bind(&e.code)
            .bind(&e.name_en)
            .bind(&e.name_zh)
            .execute(&mut *tx)
            .await?;
        }
    }
    for w in hrx_domain::permits::routes::shipped_local_wages() {
        crate::permits::wages::write_wage(&mut tx, &w, OnConflict::Keep).await?;
    }
    if changed(&mut tx, "calendar_shipped", fingerprint(&calendar_rows())).await? {
        for d in hrx_domain::calendar::WorkingCalendar::shipped_days() {
            crate::calendar::write_day(&mut tx, &d, OnConflict::Keep).await?;
        }
    }
    // The shipped agreements: new ones are added; an administrator's edits are kept.
    let agreements =
        hrx_domain::coverage::agreements::builtin_rows().map_err(StoreError::Integrity)?;
    if changed(
        &mut tx,
        "coverage_agreement_shipped",
        fingerprint(&agreements),
    )
    .await?
    {
        for a in &agreements {
            crate::coverage::write_agreement(&mut tx, a, crate::coverage::AgreementWrite::Seed)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The shipped calendar in a stable order, to notice when a new release ships new days.
fn calendar_rows() -> Vec<(String, &'static str)> {
    let mut rows: Vec<(String, &'static str)> =
        hrx_domain::calendar::WorkingCalendar::shipped_days()
            .iter()
            .map(|d| (d.date.to_string(), d.kind.code()))
            .collect();
    rows.sort();
    rows
}

async fn changed(tx: &mut crate::Tx, name: &str, sha256: String) -> Result<bool, StoreError> {
    let current: Option<String> =
        sqlx::query_scalar("SELECT sha256 FROM reference_version WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut **tx)
            .await?;
    if current.as_deref() == Some(sha256.as_str()) {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO reference_version (name, sha256) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256",
    )
    .bind(name)
    .bind(sha256)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

fn country(r: &AnyRow) -> Result<Country, StoreError> {
    Ok(Country {
        alpha2: text(r, "alpha2")?,
        alpha3: text(r, "alpha3")?,
        numeric: text(r, "numeric")?,
        name_en: text(r, "name_en")?,
        name_zh: text(r, "name_zh")?,
    })
}

fn province(r: &AnyRow) -> Result<Province, StoreError> {
    Ok(Province {
        code: text(r, "code")?,
        name_en: text(r, "name_en")?,
        name_zh: text(r, "name_zh")?,
        region: text(r, "region")?,
    })
}

fn occupation(r: &AnyRow) -> Result<Occupation, StoreError> {
    Ok(Occupation {
        code: text(r, "code")?,
        level: text(r, "level")?,
        parent: opt_text(r, "parent")?,
        name_en: text(r, "name_en")?,
        name_zh: text(r, "name_zh")?,
    })
}

fn education_level(r: &AnyRow) -> Result<EducationLevel, StoreError> {
    Ok(EducationLevel {
        code: text(r, "code")?,
        name_en: text(r, "name_en")?,
        name_zh: text(r, "name_zh")?,
    })
}

impl Store {
    pub async fn countries(&self) -> Result<Vec<Country>, StoreError> {
        let query = sqlx::query(
            "SELECT alpha2, alpha3, numeric, name_en, name_zh FROM country ORDER BY alpha2",
        );
        fetch_all_as(&self.pool, query, country).await
    }

    pub async fn provinces(&self) -> Result<Vec<Province>, StoreError> {
        let query =
            sqlx::query("SELECT code, name_en, name_zh, region FROM province ORDER BY code");
        fetch_all_as(&self.pool, query, province).await
    }

    pub async fn occupations(&self) -> Result<Vec<Occupation>, StoreError> {
        let query = sqlx::query(
            "SELECT code, level, parent, name_en, name_zh FROM occupation ORDER BY code",
        );
        fetch_all_as(&self.pool, query, occupation).await
    }

    pub async fn education_levels(&self) -> Result<Vec<EducationLevel>, StoreError> {
        let query = sqlx::query("SELECT code, name_en, name_zh FROM education_level ORDER BY code");
        fetch_all_as(&self.pool, query, education_level).await
    }
}
