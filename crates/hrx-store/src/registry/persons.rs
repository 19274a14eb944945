use super::filter::{page_bounds, prefix_end, search_text, Bind};
use super::Filter;
use crate::audit::Change;
use crate::versions::{expect_one_updated, expect_version};
use crate::{
    fetch_all_as, int, now, opt_int, opt_text, require_id, text, AnyQuery, KeysetPage, Page, Store,
    StoreError, Tx,
};
use hrx_domain::access::Scope;
use hrx_domain::registry::{search_key, Person};
use serde::Serialize;
use sqlx::any::AnyRow;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentRecord {
    pub kind: String,
    pub issuing_country: String,
    pub number: String,
    pub expiry_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRecord {
    pub id: i64,
    pub version: i64,
    pub name_native: Option<String>,
    pub name_latin: Option<String>,
    pub sex: String,
    pub birth_date: String,
    pub nationality: String,
    pub organisation_id: Option<i64>,
    /// Set when this record was merged into another person (the survivor): its records are
    /// the survivor's now.
    pub merged_into: Option<i64>,
    pub documents: Vec<DocumentRecord>,
    pub created_at: String,
    pub updated_at: String,
}

impl PersonRecord {
    pub fn passport(&self) -> Option<&DocumentRecord> {
        self.documents.iter().find(|d| d.kind == "passport")
    }

    pub fn resident_id(&self) -> Option<&DocumentRecord> {
        self.documents.iter().find(|d| d.kind == "resident_id")
    }
}

/// The orders a person list can be sorted in; each has an index behind it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PersonSort {
    #[default]
    Newest,
    LatinName,
    BirthDate,
}

impl PersonSort {
    pub fn parse(value: &str) -> PersonSort {
        match value {
            "name" => PersonSort::LatinName,
            "birth_date" => PersonSort::BirthDate,
            _ => PersonSort::Newest,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            PersonSort::Newest => "newest",
            PersonSort::LatinName => "name",
            PersonSort::BirthDate => "birth_date",
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            PersonSort::Newest => "p.id DESC",
            PersonSort::LatinName => "p.name_latin, p.id",
            PersonSort::BirthDate => "p.birth_date, p.id",
        }
    }
}

/// What a person list asks for: free text over names, an exact document number, filters.
#[derive(Debug, Clone, Default)]
pub struct PersonQuery {
    pub sort: PersonSort,
    pub text: Option<String>,
    pub document: Option<String>,
    pub nationality: Option<String>,
    pub organisation_id: Option<i64>,
    pub page: i64,
    pub per_page: i64,
}

const COLUMNS: &str = "p.id, p.version, p.name_native, p.name_latin, p.sex, p.birth_date, \
                       p.nationality, p.organisation_id, p.merged_into, p.created_at, p.updated_at";

/// The person's own columns, bound as `$1` to `$6` in the order the statements name them.
fn bind_fields<'q>(q: AnyQuery<'q>, p: &'q Person) -> AnyQuery<'q> {
    q.bind(p.name_native.clone())
        .bind(p.name_latin.clone())
        .bind(p.sex.code())
        .bind(p.birth_date.to_string())
        .bind(&p.nationality)
        .bind(p.organisation_id)
}

fn person(row: &AnyRow) -> Result<PersonRecord, StoreError> {
    Ok(PersonRecord {
        id: int(row, "id")?,
        version: int(row, "version")?,
        name_native: opt_text(row, "name_native")?,
        name_latin: opt_text(row, "name_latin")?,
        sex: text(row, "sex")?,
        birth_date: text(row, "birth_date")?,
        nationality: text(row, "nationality")?,
        organisation_id: opt_int(row, "organisation_id")?,
        merged_into: opt_int(row, "merged_into")?,
        documents: Vec::new(),
        created_at: text(row, "created_at")?,
        updated_at: text(row, "updated_at")?,
    })
}

impl Store {
    pub async fn create_person(&self, actor: &str, p: &Person) -> Result<PersonRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        check_references(&mut tx, p, None).await?;
        let at = now();
        let inserted = bind_fields(sqlx::query(
            "INSERT INTO person (name_native, name_latin, sex, birth_date, nationality, organisation_id, \
             version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id",
        ), p)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        let id = int(&inserted, "id")?;
        write_details(&mut tx, id, p).await?;
        let record = load(&mut tx, id, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_created(tx, actor, ("person", id), record).await
    }

    /// Replaces a person's data if it is still at `expected_version`; otherwise nothing is
    /// written and the current version is reported.
    pub async fn update_person(
        &self,
        actor: &str,
        id: i64,
        expected_version: i64,
        p: &Person,
        scope: Scope,
    ) -> Result<PersonRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let current = self.locked_version(&mut tx, "person", id).await?;
        let before = load(&mut tx, id, scope)
            .await?
            .ok_or(StoreError::NotFound)?;
        expect_version(current, expected_version)?;
        check_references(&mut tx, p, Some(id)).await?;
        // Sex and nationality are breakdowns of the statistics.
        let refresh = crate::statistics::Refresh::begin(
            &mut tx,
            self.backend,
            &hrx_domain::statistics::series::Family::ALL,
            [id],
        )
        .await?;
        let updated = bind_fields(
            sqlx::query(
                "UPDATE person SET name_native = $1, name_latin = $2, sex = $3, birth_date = $4, \
             nationality = $5, organisation_id = $6, version = version + 1, updated_at = $7 \
             WHERE id = $8 AND version = $9",
            ),
            p,
        )
        .bind(now())
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        expect_one_updated(updated.rows_affected(), expected_version)?;
        sqlx::query("DELETE FROM identity_document WHERE person_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM person_search_term WHERE person_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        super::keys::delete_keys(
            &mut tx,
            id,
            &[(
                before.name_native.as_deref(),
                before.name_latin.as_deref(),
                &before.birth_date,
            )],
        )
        .await?;
        write_details(&mut tx, id, p).await?;
        refresh.finish(&mut tx).await?;
        let after = load(&mut tx, id, Scope::All)
            .await?
            .ok_or(StoreError::NotFound)?;
        self.commit_audited(
            tx,
            Change::updated(actor, "update", "person", id, &before, &after),
        )
        .await?;
        Ok(after)
    }

    pub async fn person(&self, id: i64, scope: Scope) -> Result<Option<PersonRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        load(&mut conn, id, scope).await
    }

    /// Names by word prefix (every word given must match), or an exact document number.
    ///
    /// Kept fast at a million people (bench/search.sh): the words meet in one INTERSECT over
    /// the term index; the total is counted up to [`TOTAL_CAP`]; and when a common prefix
    /// matches many people, the newest-first page walks the person key and checks each
    /// candidate's terms instead of collecting every match.
    pub async fn search_persons(
        &self,
        query: &PersonQuery,
        scope: Scope,
    ) -> Result<Page<PersonRecord>, StoreError> {
        let words = query_words(query);
        let (page, per_page) = page_bounds(query.page, query.per_page);
        let counted = self.count_persons(query, scope, &words).await?;
        let probe_each =
            !words.is_empty() && counted > PROBE_ABOVE && query.sort == PersonSort::Newest;
        let listing = person_filter(query, scope, &words, probe_each);
        let list_sql = format!(
            "SELECT {COLUMNS} FROM person p{} ORDER BY {}",
            listing.where_clause(),
            query.sort.order_by(),
        );
        let rows = listing
            .page_rows(&self.pool, &list_sql, page, per_page)
            .await?;
        let mut items = rows.iter().map(person).collect::<Result<Vec<_>, _>>()?;
        attach_documents(&self.pool, &mut items).await?;
        Ok(Page {
            items,
            total: counted.min(TOTAL_CAP),
            total_capped: counted > TOTAL_CAP,
            page,
            per_page,
        })
    }

    /// The same list walked by key: `after` (the `next` of the page before) continues
    /// after the last row shown, in the list's order, without counting rows off. Sorted by
    /// Latin name, the people with one come first and those without after them, on both
    /// backends.
    pub async fn persons_after(
        &self,
        query: &PersonQuery,
        scope: Scope,
        after: Option<&str>,
    ) -> Result<KeysetPage<PersonRecord>, StoreError> {
        let words = query_words(query);
        let (_, limit) = page_bounds(1, query.per_page);
        let counted = self.count_persons(query, scope, &words).await?;
        let probe_each =
            !words.is_empty() && counted > PROBE_ABOVE && query.sort == PersonSort::Newest;
        let after = after.and_then(|a| PersonCursor::parse(query.sort, a));
        // One or two runs of rows: (extra condition, cursor condition, order).
        let mut runs: Vec<Run> = Vec::new();
        match (query.sort, after) {
            (PersonSort::Newest, cursor) => runs.push((
                "",
                cursor.map(|c| ("p.id < ?".to_owned(), vec![Bind::Int(c.id)])),
                "p.id DESC",
            )),
            (PersonSort::BirthDate, cursor) => runs.push((
                "",
                cursor.map(|c| {
                    (
                        "(p.birth_date, p.id) > (?, ?)".to_owned(),
                        vec![Bind::Text(c.key.unwrap_or_default()), Bind::Int(c.id)],
                    )
                }),
                "p.birth_date, p.id",
            )),
            (PersonSort::LatinName, cursor) => {
                let unnamed = ("p.name_latin IS NULL", None::<(String, Vec<Bind>)>, "p.id");
                match cursor {
                    None => {
                        runs.push(("p.name_latin IS NOT NULL", None, "p.name_latin, p.id"));
                        runs.push(unnamed);
                    }
                    Some(PersonCursor {
                        key: Some(name),
                        id,
                    }) => {
                        runs.push((
                            "p.name_latin IS NOT NULL",
                            Some((
                                "(p.name_latin, p.id) > (?, ?)".to_owned(),
                                vec![Bind::Text(name), Bind::Int(id)],
                            )),
                            "p.name_latin, p.id",
                        ));
                        runs.push(unnamed);
                    }
                    Some(PersonCursor { key: None, id }) => runs.push((
                        "p.name_latin IS NULL",
                        Some(("p.id > ?".to_owned(), vec![Bind::Int(id)])),
                        "p.id",
                    )),
                }
            }
        }
        let mut items: Vec<PersonRecord> = Vec::new();
        for (extra, cursor, order) in runs {
            let wanted = limit + 1 - items.len() as i64;
            if wanted <= 0 {
                break;
            }
            let mut filter = person_filter(query, scope, &words, probe_each);
            if !extra.is_empty() {
                filter.push(extra, vec![]);
            }
            if let Some((condition, binds)) = cursor {
                filter.push(&condition, binds);
            }
            let sql = format!(
                "SELECT {COLUMNS} FROM person p{} ORDER BY {order} LIMIT ${}",
                filter.where_clause(),
                filter.next_param()
            );
            let rows = filter
                .bind(sqlx::query(&sql))
                .bind(wanted)
                .fetch_all(&self.pool)
                .await?;
            for row in &rows {
                items.push(person(row)?);
            }
        }
        let mut page = KeysetPage::of(
            items,
            limit,
            (counted.min(TOTAL_CAP), counted > TOTAL_CAP),
            |last| PersonCursor::of(query.sort, last),
        );
        attach_documents(&self.pool, &mut page.items).await?;
        Ok(page)
    }

    /// How many people match, counted up to [`TOTAL_CAP`] + 1.
    async fn count_persons(
        &self,
        query: &PersonQuery,
        scope: Scope,
        words: &[String],
    ) -> Result<i64, StoreError> {
        // With names alone, count straight from the term index and stop at the cap.
        let names_only = !words.is_empty()
            && scope == Scope::All
            && search_text(query.document.as_deref()).is_none()
            && search_text(query.nationality.as_deref()).is_none()
            && query.organisation_id.is_none();
        if names_only {
            let parts: Vec<String> = (0..words.len())
                .map(|i| {
                    format!(
                        "SELECT DISTINCT person_id FROM person_search_term WHERE term >= ${} AND term < ${}",
                        2 * i + 1,
                        2 * i + 2
                    )
                })
                .collect();
            let sql = format!(
                "SELECT COUNT(*) FROM ({} LIMIT {}) c",
                parts.join(" INTERSECT "),
                TOTAL_CAP + 1
            );
            let mut q = sqlx::query_scalar(&sql);
            for word in words {
                q = q.bind(word.clone()).bind(prefix_end(word));
            }
            Ok(q.fetch_one(&self.pool).await?)
        } else {
            let counting = person_filter(query, scope, words, false);
            let sql = format!(
                "SELECT COUNT(*) FROM (SELECT p.id FROM person p{} LIMIT {}) c",
                counting.where_clause(),
                TOTAL_CAP + 1
            );
            counting.count(&self.pool, &sql).await
        }
    }
}

/// One run of a keyset page: a condition of its own, the condition after the cursor with
/// its parameters, and its order.
type Run = (&'static str, Option<(String, Vec<Bind>)>, &'static str);

/// The words of a person query's text, as search keys (at most five).
fn query_words(query: &PersonQuery) -> Vec<String> {
    search_text(query.text.as_deref())
        .map(|t| search_key(&t))
        .map(|t| t.split(' ').take(5).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The conditions of a person query: `probe_each` checks each candidate's terms (for a
/// common prefix walked newest first) instead of collecting every match.
fn person_filter(query: &PersonQuery, scope: Scope, words: &[String], probe_each: bool) -> Filter {
    let mut filter = Filter::default();
    filter.scope(scope, "p.organisation_id", "p.id");
    filter.push("p.merged_into IS NULL", Vec::new());
    if !words.is_empty() {
        let binds: Vec<Bind> = words
            .iter()
            .flat_map(|w| [Bind::Text(w.clone()), Bind::Text(prefix_end(w))])
            .collect();
        if probe_each {
            for word in words {
                filter.push(
                    "EXISTS (SELECT 1 FROM person_search_term t WHERE t.person_id = p.id AND t.term >= ? AND t.term < ?)",
                    vec![Bind::Text(word.clone()), Bind::Text(prefix_end(word))],
                );
            }
        } else {
            let one = "SELECT person_id FROM person_search_term WHERE term >= ? AND term < ?";
            let all = vec![one; words.len()].join(" INTERSECT ");
            filter.push(&format!("p.id IN ({all})"), binds);
        }
    }
    if let Some(number) = search_text(query.document.as_deref()) {
        filter.push(
            "p.id IN (SELECT person_id FROM identity_document WHERE number = ?)",
            vec![Bind::Text(number.to_ascii_uppercase())],
        );
    }
    if let Some(nationality) = search_text(query.nationality.as_deref()) {
        filter.push(
            "p.nationality = ?",
            vec![Bind::Text(nationality.to_ascii_uppercase())],
        );
    }
    if let Some(org) = query.organisation_id {
        filter.push("p.organisation_id = ?", vec![Bind::Int(org)]);
    }
    filter
}

/// Where a person list stopped: the last row's sort key (none for the newest-first order,
/// and for a person without a Latin name in the name order) and id. Written `KEY_ID`, or
/// `ID` alone, or `-ID` for a person without a Latin name.
struct PersonCursor {
    key: Option<String>,
    id: i64,
}

impl PersonCursor {
    fn parse(sort: PersonSort, after: &str) -> Option<PersonCursor> {
        match sort {
            PersonSort::Newest => Some(PersonCursor {
                key: None,
                id: after.parse().ok()?,
            }),
            PersonSort::LatinName if after.starts_with('-') => Some(PersonCursor {
                key: None,
                id: after[1..].parse().ok()?,
            }),
            PersonSort::LatinName | PersonSort::BirthDate => {
                let (key, id) = after.rsplit_once('_')?;
                Some(PersonCursor {
                    key: Some(key.to_owned()),
                    id: id.parse().ok()?,
                })
            }
        }
    }

    fn of(sort: PersonSort, p: &PersonRecord) -> String {
        match (sort, &p.name_latin) {
            (PersonSort::Newest, _) => p.id.to_string(),
            (PersonSort::BirthDate, _) => format!("{}_{}", p.birth_date, p.id),
            (PersonSort::LatinName, Some(name)) => format!("{name}_{}", p.id),
            (PersonSort::LatinName, None) => format!("-{}", p.id),
        }
    }
}

/// Totals are counted up to this many; beyond it a list says "10,000 or more".
pub const TOTAL_CAP: i64 = 10_000;
/// Above this many matches the newest-first page probes candidates one by one.
const PROBE_ABOVE: i64 = 1_000;

/// The documents of a page of people in one query.
async fn attach_documents(
    pool: &sqlx::AnyPool,
    items: &mut [PersonRecord],
) -> Result<(), StoreError> {
    if items.is_empty() {
        return Ok(());
    }
    let placeholders: Vec<String> = (1..=items.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT person_id, kind, issuing_country, number, expiry_date FROM identity_document \
         WHERE person_id IN ({}) ORDER BY kind, id",
        placeholders.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for item in items.iter() {
        q = q.bind(item.id);
    }
    for row in q.fetch_all(pool).await? {
        let owner = int(&row, "person_id")?;
        if let Some(item) = items.iter_mut().find(|i| i.id == owner) {
            item.documents.push(DocumentRecord {
                kind: text(&row, "kind")?,
                issuing_country: text(&row, "issuing_country")?,
                number: text(&row, "number")?,
                expiry_date: opt_text(&row, "expiry_date")?,
            });
        }
    }
    Ok(())
}

async fn check_references(tx: &mut Tx, p: &Person, own_id: Option<i64>) -> Result<(), StoreError> {
    if let Some(org) = p.organisation_id {
        require_id(tx, "organisation", org, "organisation_id").await?;
    }
    for d in &p.documents {
        let holder: Option<i64> = sqlx::query_scalar(
            "SELECT person_id FROM identity_document WHERE kind = $1 AND issuing_country = $2 AND number = $3",
        )
        .bind(d.kind.code())
        .bind(&d.issuing_country)
        .bind(&d.number)
        .fetch_optional(&mut **tx)
        .await?;
        if holder.is_some() && holder != own_id {
            return Err(StoreError::Duplicate {
                field: match d.kind {
                    hrx_domain::registry::DocumentKind::Passport => "passport_number",
                    hrx_domain::registry::DocumentKind::ResidentId => "resident_id_number",
                },
            });
        }
    }
    Ok(())
}

async fn write_details(tx: &mut Tx, id: i64, p: &Person) -> Result<(), StoreError> {
    for d in &p.documents {
        sqlx::query(
            "INSERT INTO identity_document (person_id, kind, issuing_country, number, expiry_date) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(d.kind.code())
        .bind(&d.issuing_country)
        .bind(&d.number)
        .bind(d.expiry_date.map(|e| e.to_string()))
        .execute(&mut **tx)
        .await
        .map_err(|e| {
            StoreError::from_constraint(
                e,
                &[("identity_document_key", "documents"), ("identity_document.number", "documents")],
            )
        })?;
    }
    let names: Vec<&str> = [p.name_native.as_deref(), p.name_latin.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    super::keys::write_terms(tx, id, &names).await?;
    let birth_date = p.birth_date.to_string();
    super::keys::write_keys(
        tx,
        true,
        id,
        p.name_native.as_deref(),
        p.name_latin.as_deref(),
        &birth_date,
    )
    .await
}

async fn documents(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Vec<DocumentRecord>, StoreError> {
    let query = sqlx::query(
        "SELECT kind, issuing_country, number, expiry_date FROM identity_document \
         WHERE person_id = $1 ORDER BY kind, id",
    )
    .bind(id);
    fetch_all_as(&mut *conn, query, |r| {
        Ok(DocumentRecord {
            kind: text(r, "kind")?,
            issuing_country: text(r, "issuing_country")?,
            number: text(r, "number")?,
            expiry_date: opt_text(r, "expiry_date")?,
        })
    })
    .await
}

pub(super) async fn load(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    scope: Scope,
) -> Result<Option<PersonRecord>, StoreError> {
    let mut filter = Filter::default();
    filter.push("p.id = ?", vec![Bind::Int(id)]);
    filter.scope(scope, "p.organisation_id", "p.id");
    let sql = format!("SELECT {COLUMNS} FROM person p{}", filter.where_clause());
    let row = filter
        .bind(sqlx::query(&sql))
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => {
            let mut record = person(&row)?;
            record.documents = documents(conn, id).await?;
            Ok(Some(record))
        }
        None => Ok(None),
    }
}
