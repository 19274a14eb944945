use crate::{AnyQuery, Page, StoreError};
use hrx_domain::access::Scope;
use sqlx::any::AnyRow;

pub(crate) enum Bind {
    Int(i64),
    Text(String),
}

/// WHERE conditions with their parameters, numbered as they are added, so that the same
/// statement text serves both backends.
#[derive(Default)]
pub(crate) struct Filter {
    conditions: Vec<String>,
    binds: Vec<Bind>,
}

impl Filter {
    /// Adds a condition in which `?` stands for the next parameter(s).
    pub fn push(&mut self, condition: &str, values: Vec<Bind>) {
        let mut sql = String::new();
        let mut number = self.binds.len();
        for (i, part) in condition.split('?').enumerate() {
            if i > 0 {
                number += 1;
                sql.push_str(&format!("${number}"));
            }
            sql.push_str(part);
        }
        self.binds.extend(values);
        self.conditions.push(sql);
    }

    /// Limits rows to what a scope allows; `column_org` and `column_id` name the columns.
    pub fn scope(&mut self, scope: Scope, column_org: &str, column_id: &str) {
        match scope {
            Scope::All => {}
            Scope::Organisation(org) => {
                self.push(&format!("{column_org} = ?"), vec![Bind::Int(org)])
            }
            Scope::Person(id) => self.push(&format!("{column_id} = ?"), vec![Bind::Int(id)]),
            Scope::Nothing => self.push("1 = 0", vec![]),
        }
    }

    pub fn where_clause(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }

    /// The number the next parameter would take, for LIMIT and OFFSET after the filter.
    pub fn next_param(&self) -> usize {
        self.binds.len() + 1
    }

    /// The single number `sql` (a `SELECT COUNT(*)` with this filter's WHERE) answers.
    pub async fn count(&self, pool: &sqlx::AnyPool, sql: &str) -> Result<i64, StoreError> {
        let row = self.bind(sqlx::query(sql)).fetch_one(pool).await?;
        Ok(sqlx::Row::try_get::<i64, _>(&row, 0)?)
    }

    /// How many rows `from` (a `FROM … JOIN …` without WHERE) has under this filter,
    /// counted up to `cap`: `(total, capped)`, where `capped` says there are more. Counting
    /// stops at the cap, so a list over millions of rows costs what `cap` rows cost.
    pub async fn capped_count(
        &self,
        pool: &sqlx::AnyPool,
        from: &str,
        cap: i64,
    ) -> Result<(i64, bool), StoreError> {
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 AS one {from}{} LIMIT {}) c",
            self.where_clause(),
            cap + 1
        );
        let counted = self.count(pool, &sql).await?;
        Ok((counted.min(cap), counted > cap))
    }

    /// The rows of one page of `sql` (a SELECT with this filter's WHERE and an ORDER BY),
    /// with LIMIT and OFFSET as parameters after the filter's.
    pub async fn page_rows(
        &self,
        pool: &sqlx::AnyPool,
        sql: &str,
        page: i64,
        per_page: i64,
    ) -> Result<Vec<AnyRow>, StoreError> {
        let n = self.next_param();
        let sql = format!("{sql} LIMIT ${n} OFFSET ${}", n + 1);
        Ok(self
            .bind(sqlx::query(&sql))
            .bind(per_page)
            .bind((page - 1).max(0).saturating_mul(per_page))
            .fetch_all(pool)
            .await?)
    }

    /// One page of a list with the total that matched: `count_sql` counts, `list_sql`
    /// selects (both with this filter's WHERE), `map` reads each row.
    pub async fn page<T>(
        &self,
        pool: &sqlx::AnyPool,
        (count_sql, list_sql): (&str, &str),
        (page, per_page): (i64, i64),
        map: impl Fn(&AnyRow) -> Result<T, StoreError>,
    ) -> Result<Page<T>, StoreError> {
        let total = self.count(pool, count_sql).await?;
        let rows = self.page_rows(pool, list_sql, page, per_page).await?;
        Ok(Page {
            items: rows.iter().map(map).collect::<Result<_, _>>()?,
            total,
            total_capped: false,
            page,
            per_page,
        })
    }

    pub fn bind<'q>(&'q self, mut query: AnyQuery<'q>) -> AnyQuery<'q> {
        for b in &self.binds {
            query = match b {
                Bind::Int(v) => query.bind(*v),
                Bind::Text(v) => query.bind(v.as_str()),
            };
        }
        query
    }
}

/// A requested page and page size, kept within what a list serves: 1 to 200 a page.
pub(crate) fn page_bounds(page: i64, per_page: i64) -> (i64, i64) {
    (page.clamp(1, 1_000_000), per_page.clamp(1, 200))
}

/// The exclusive upper bound of a prefix range: every string that starts with `prefix` sorts
/// below it in byte order, which both backends' indexes follow for these columns.
pub(crate) fn prefix_end(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

/// A search parameter as typed, without control characters (PostgreSQL refuses NUL in text),
/// or nothing if that leaves it empty.
pub(crate) fn search_text(value: Option<&str>) -> Option<String> {
    let cleaned: String = value?.chars().filter(|c| !c.is_control()).collect();
    let trimmed = cleaned.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Where a list sorted by a day, newest first, then by id stopped: `YYYY-MM-DD_id`, the
/// `after` of the next page's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DayCursor {
    pub day: String,
    pub id: i64,
}

impl DayCursor {
    /// A cursor as an address gives it; anything else is no cursor (the first page).
    pub fn parse(after: &str) -> Option<DayCursor> {
        let (day, id) = after.rsplit_once('_')?;
        let id: i64 = id.parse().ok()?;
        chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
        Some(DayCursor {
            day: day.to_owned(),
            id,
        })
    }

    pub fn format(&self) -> String {
        format!("{}_{}", self.day, self.id)
    }

    /// Limits `filter` to the rows after this cursor in the order `day DESC, id DESC`.
    pub fn push_before(&self, filter: &mut Filter, day_column: &str, id_column: &str) {
        filter.push(
            // A row value: both backends seek the (day, id) index to it.
            &format!("({day_column}, {id_column}) < (?, ?)"),
            vec![Bind::Text(self.day.clone()), Bind::Int(self.id)],
        );
    }
}
