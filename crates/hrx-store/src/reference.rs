//! Reference tables in the database, loaded from the tables embedded in `hrx-domain` so that
//! records can hold foreign keys to them. A table is rewritten only when its data changed.

use crate::sql::{values as values_list, OnConflict};
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
    reload(
        &mut tx,
        ("country", "alpha2"),
        &["alpha3", "numeric", "name_en", "name_zh"],
        &data.countries,
        |c| {
            [&c.alpha2, &c.alpha3, &c.numeric, &c.name_en, &c.name_zh]
                .map(|v| Some(v.clone()))
                .to_vec()
        },
    )
    .await?;
    reload(
        &mut tx,
        ("province", "code"),
        &["name_en", "name_zh", "region"],
        &data.provinces,
        |p| {
            [&p.code, &p.name_en, &p.name_zh, &p.region]
                .map(|v| Some(v.clone()))
                .to_vec()
        },
    )
    .await?;
    reload(
        &mut tx,
        ("occupation", "code"),
        &["level", "parent", "name_en", "name_zh"],
        &data.occupations,
        |o| {
            vec![
                Some(o.code.clone()),
                Some(o.level.clone()),
                o.parent.clone(),
                Some(o.name_en.clone()),
                Some(o.name_zh.clone()),
            ]
        },
    )
    .await?;
    reload(
        &mut tx,
        ("education_level", "code"),
        &["name_en", "name_zh"],
        &data.education_levels,
        |e| {
            [&e.code, &e.name_en, &e.name_zh]
                .map(|v| Some(v.clone()))
                .to_vec()
        },
    )
    .await?;
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
    crate::conventions::load_shipped(store, &mut tx).await?;
    crate::cooperation::load_shipped(store, &mut tx).await?;
    crate::intorgs::load_shipped(&mut tx).await?;
    crate::awards::load_shipped(store, &mut tx).await?;
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

/// Rewrites a reference table (`table`, keyed on `key`) from its shipped `rows` when they
/// changed since the last load: each row inserted, or its `columns` replaced where its key is
/// there already. `values` gives a row's key, then its columns, as text.
async fn reload<T: serde::Serialize>(
    tx: &mut crate::Tx,
    (table, key): (&str, &str),
    columns: &[&str],
    rows: &[T],
    values: impl Fn(&T) -> Vec<Option<String>>,
) -> Result<(), StoreError> {
    if !changed(tx, table, fingerprint(rows)).await? {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO {table} ({key}, {}) VALUES {} {}",
        columns.join(", "),
        values_list(true, 1, columns.len() + 1, ""),
        OnConflict::Update.clause(key, columns)
    );
    for row in rows {
        let mut query = sqlx::query(&sql);
        for value in values(row) {
            query = query.bind(value);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
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
