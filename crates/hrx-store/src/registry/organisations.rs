use super::filter::{page_bounds, search_text, Bind};
use super::Filter;
use crate::audit::Change;
use crate::versions::{expect_one_updated, expect_version};
use crate::{
    fetch_optional_as, int, now, opt_text, text, AnyQuery, KeysetPage, Page, Store, StoreError,
};
use hrx_domain::access::Scope;
use hrx_domain::registry::{search_key, Organisation};
use serde::Serialize;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationRecord {
    pub id: i64,
    pub version: i64,
    pub kind: String,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub country: String,
    pub province: Option<String>,
    pub credit_code: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Default)]
pub struct OrganisationQuery {
    pub text: Option<String>,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub page: i64,
    pub per_page: i64,
}

const COLUMNS: &str = "o.id, o.version, o.kind, o.name_zh, o.name_en, o.country, o.province, \
                       o.credit_code, o.created_at, o.updated_at";

fn organisation(row: &AnyRow) -> Result<OrganisationRecord, StoreError> {
    Ok(OrganisationRecord {
        id: int(row, "id")?,
        version: int(row, "version")?,
        kind: text(row, "kind")?,
        name_zh: opt_text(row, "name_zh")?,
        name_en: opt_text(row, "name_en")?,
        country: text(row, "country")?,
        province: opt_text(row, "province")?,
        credit_code: opt_text(row, "credit_code")?,
        created_at: text(row, "created_at")?,
        updated_at: text(row, "updated_at")?,
    })
}

fn searchable(o: &Organisation) -> String {
    search_key(&format!(
        "{} {} {}",
        o.name_zh.as_deref().unwrap_or_default(),
        o.name_en.as_deref().unwrap_or_default(),
        o.credit_code
            .as_ref()
            .map(|c| c.as_str())
            .unwrap_or_default()
    ))
}

/// The organisation's own columns, bound as `$1` to `$7` in the order the statements name them.
fn bind_fields<'q>(q: AnyQuery<'q>, o: &'q Organisation) -> AnyQuery<'q> {
    q.bind(o.kind.code())
        .bind(o.name_zh.clone())
        .bind(o.name_en.clone())
        .bind(&o.country)
        .bind(o.province.clone())
        .bind(o.credit_code.as_ref().map(|c| c.as_str().to_owned()))
        .bind(searchable(o))
}

const CONSTRAINTS: &[(&str, &str)] = &[
    ("organisation_credit_code_key", "credit_code"),
    ("organisation.credit_code", "credit_code"),
];

impl Store {
    pub async fn create_organisation(
        &self,
        actor: &str,
        o: &Organisation,
    ) -> Result<OrganisationRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let at = now();
        let inserted = bind_fields(sqlx::query(
            "INSERT INTO organisation (kind, name_zh, name_en, country, province, credit_code, search_name, \
             version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) RETURNING id",
        ), o)
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| StoreError::from_constraint(e, CONSTRAINTS))?;
        let id = int(&inserted, "id")?;
        let record = self.organisation_in(&mut tx, id).await?;
        self.commit_created(tx, actor, ("organisation", id), record)
            .await
    }

    pub async fn update_organisation(
        &self,
        actor: &str,
        id: i64,
        expected_version: i64,
        o: &Organisation,
    ) -> Result<OrganisationRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let current = self.locked_version(&mut tx, "organisation", id).await?;
        expect_version(current, expected_version)?;
        let before = self.organisation_in(&mut tx, id).await?;
        let updated = bind_fields(sqlx::query(
            "UPDATE organisation SET kind = $1, name_zh = $2, name_en = $3, country = $4, province = $5, \
             credit_code = $6, search_name = $7, version = version + 1, updated_at = $8 \
             WHERE id = $9 AND version = $10",
        ), o)
        .bind(now())
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_constraint(e, CONSTRAINTS))?;
        expect_one_updated(updated.rows_affected(), expected_version)?;
        let after = self.organisation_in(&mut tx, id).await?;
        self.commit_audited(
            tx,
            Change::updated(actor, "update", "organisation", id, &before, &after),
        )
        .await?;
        Ok(after)
    }

    /// An organisation as the transaction sees it.
    async fn organisation_in(
        &self,
        conn: &mut sqlx::AnyConnection,
        id: i64,
    ) -> Result<OrganisationRecord, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM organisation o WHERE o.id = $1"
        ))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
        organisation(&row)
    }

    pub async fn organisation(
        &self,
        id: i64,
        scope: Scope,
    ) -> Result<Option<OrganisationRecord>, StoreError> {
        let mut filter = Filter::default();
        filter.push("o.id = ?", vec![Bind::Int(id)]);
        filter.scope(scope, "o.id", "o.id");
        if let Scope::Person(_) = scope {
            return Ok(None);
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM organisation o{}",
            filter.where_clause()
        );
        fetch_optional_as(&self.pool, filter.bind(sqlx::query(&sql)), organisation).await
    }

    /// Names and credit codes containing the text, anywhere.
    /// The organisations list walked by key, newest first: `after` (the `next` of the page
    /// before) continues below the last row shown, without counting rows off; the total is
    /// counted up to [`super::TOTAL_CAP`].
    pub async fn organisations_after(
        &self,
        query: &OrganisationQuery,
        scope: Scope,
        after: Option<&str>,
    ) -> Result<KeysetPage<OrganisationRecord>, StoreError> {
        let (_, limit) = page_bounds(1, query.per_page);
        let filter = organisation_filter(query, scope);
        let (total, total_capped) = filter
            .capped_count(&self.pool, "FROM organisation o", super::TOTAL_CAP)
            .await?;
        let mut filter = filter;
        if let Some(id) = after.and_then(|a| a.parse::<i64>().ok()) {
            filter.push("o.id < ?", vec![Bind::Int(id)]);
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM organisation o{} ORDER BY o.id DESC LIMIT ${}",
            filter.where_clause(),
            filter.next_param()
        );
        let rows = filter
            .bind(sqlx::query(&sql))
            .bind(limit + 1)
            .fetch_all(&self.pool)
            .await?;
        let items = rows
            .iter()
            .map(organisation)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(KeysetPage::of(items, limit, (total, total_capped), |o| {
            o.id.to_string()
        }))
    }

    pub async fn search_organisations(
        &self,
        query: &OrganisationQuery,
        scope: Scope,
    ) -> Result<Page<OrganisationRecord>, StoreError> {
        let filter = organisation_filter(query, scope);
        let where_clause = filter.where_clause();
        let count_sql = format!("SELECT COUNT(*) FROM organisation o{where_clause}");
        let list_sql =
            format!("SELECT {COLUMNS} FROM organisation o{where_clause} ORDER BY o.id DESC");
        let bounds = page_bounds(query.page, query.per_page);
        filter
            .page(&self.pool, (&count_sql, &list_sql), bounds, organisation)
            .await
    }
}

/// The conditions of an organisations list: the user's scope, a name in part or a credit
/// code whole, the kind and the country.
fn organisation_filter(query: &OrganisationQuery, scope: Scope) -> Filter {
    let mut filter = Filter::default();
    if let Scope::Person(_) = scope {
        filter.push("1 = 0", vec![]);
    } else {
        filter.scope(scope, "o.id", "o.id");
    }
    if let Some(text) = search_text(query.text.as_deref()).map(|t| search_key(&t)) {
        let pattern = format!(
            "%{}%",
            text.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        // A name in part, or the Unified Social Credit Code whole.
        filter.push(
            "(o.search_name LIKE ? ESCAPE '\\' OR o.credit_code = ?)",
            vec![Bind::Text(pattern), Bind::Text(text.to_ascii_uppercase())],
        );
    }
    if let Some(kind) = search_text(query.kind.as_deref()) {
        filter.push("o.kind = ?", vec![Bind::Text(kind)]);
    }
    if let Some(country) = search_text(query.country.as_deref()) {
        filter.push(
            "o.country = ?",
            vec![Bind::Text(country.to_ascii_uppercase())],
        );
    }
    filter
}
