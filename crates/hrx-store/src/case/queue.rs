//! One queue over any case type: filtered by status and by free text (the person's names by
//! word prefix, a passport or other document number, the case's number), counted per
//! status, sorted by due date or age, and paged by key so that a page costs the same at the
//! end of a long queue as at its start.

use super::CaseType;
use crate::registry::{prefix_end, search_text, Filter, FilterBind as Bind};
use crate::{Store, StoreError};
use hrx_domain::access::Scope;
use hrx_domain::registry::search_key;
use sqlx::any::AnyRow;
use sqlx::Row;

/// The day after every due date, so that cases without one sort last.
const NO_DUE: &str = "9999-12-31";

/// How a queue is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueSort {
    /// Soonest due first; cases without a deadline last. Ties by number.
    #[default]
    Due,
    Newest,
    Oldest,
}

impl QueueSort {
    pub fn parse(code: &str) -> Option<QueueSort> {
        match code {
            "due" => Some(QueueSort::Due),
            "newest" => Some(QueueSort::Newest),
            "oldest" => Some(QueueSort::Oldest),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            QueueSort::Due => "due",
            QueueSort::Newest => "newest",
            QueueSort::Oldest => "oldest",
        }
    }
}

/// What a queue shows.
#[derive(Debug, Clone, Default)]
pub struct QueueQuery {
    /// One status; none means every status.
    pub status: Option<String>,
    /// One kind of case (`new`, `outbound` …); none means every kind.
    pub kind: Option<String>,
    /// Only cases whose state has a running deadline.
    pub with_deadline: bool,
    /// Names (each word a prefix), a document number, or the case's number.
    pub text: Option<String>,
    pub sort: QueueSort,
    /// The cursor of the page before: the last row's sort key.
    pub after: Option<String>,
    /// Only cases in force whose validity ends on one of these days (first, last), for the
    /// case types that have a validity ([`QueueCase::ENDING`]).
    pub ends_within: Option<(String, String)>,
    pub limit: i64,
}

/// One page of a queue.
#[derive(Debug, Clone)]
pub struct QueuePage<T> {
    pub items: Vec<T>,
    /// Cases matching the filters.
    pub total: i64,
    /// Cases per status under the same filters but the status, most first.
    pub counts: Vec<(String, i64)>,
    /// The cursor of the next page, if there is one.
    pub next: Option<String>,
}

/// A case type whose cases are listed in a queue.
pub trait QueueCase: CaseType {
    /// The alias of the type's table in [`QueueCase::COLUMNS`] and the other columns named.
    const ALIAS: &'static str;
    /// The columns a row is read from.
    const COLUMNS: &'static str;
    /// The person the case is about, and the organisation that sees it.
    const PERSON: &'static str;
    const ORGANISATION: &'static str;
    /// A number of the case's own that the text search matches exactly, if it has one.
    const NUMBER: Option<&'static str>;
    /// The column of the case's kind.
    const KIND: &'static str;
    /// For a case type whose cases are in force for a time: the condition that a case is in
    /// force, and the column of its last valid day.
    const ENDING: Option<(&'static str, &'static str)> = None;

    fn row(row: &AnyRow) -> Result<Self::Record, StoreError>;
}

impl Store {
    pub async fn case_queue<K: QueueCase>(
        &self,
        query: &QueueQuery,
        scope: Scope,
    ) -> Result<QueuePage<K::Record>, StoreError> {
        let c = K::ALIAS;
        let mut filter = Filter::default();
        filter.scope(scope, K::ORGANISATION, K::PERSON);
        if query.with_deadline {
            filter.push(&format!("{c}.due_date IS NOT NULL"), vec![]);
        }
        if let Some(text) = search_text(query.text.as_deref()) {
            text_filter::<K>(&mut filter, &text);
        }
        if let Some(kind) = query.kind.as_deref().filter(|k| !k.is_empty()) {
            filter.push(
                &format!("{} = ?", K::KIND),
                vec![Bind::Text(kind.to_owned())],
            );
        }
        if let (Some((first, last)), Some((in_force, end))) = (&query.ends_within, K::ENDING) {
            filter.push(
                &format!("{in_force} AND {end} >= ? AND {end} <= ?"),
                vec![Bind::Text(first.clone()), Bind::Text(last.clone())],
            );
        }
        let table = K::TYPE;
        let counts_sql = format!(
            "SELECT {c}.status, COUNT(*) AS n FROM {table} {c}{} GROUP BY {c}.status",
            filter.where_clause()
        );
        let mut counts: Vec<(String, i64)> = filter
            .bind(sqlx::query(&counts_sql))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?)))
            .collect::<Result<_, sqlx::Error>>()?;
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let status = query.status.as_deref().filter(|s| !s.is_empty());
        if let Some(status) = status {
            filter.push(
                &format!("{c}.status = ?"),
                vec![Bind::Text(status.to_owned())],
            );
        }
        let total = match status {
            Some(s) => counts.iter().find(|c| c.0 == s).map_or(0, |c| c.1),
            None => counts.iter().map(|c| c.1).sum(),
        };
        let due = format!("COALESCE({c}.due_date, '{NO_DUE}')");
        let order = match query.sort {
            QueueSort::Due => format!("{due}, {c}.id"),
            QueueSort::Newest => format!("{c}.id DESC"),
            QueueSort::Oldest => format!("{c}.id"),
        };
        if let Some(after) = query.after.as_deref() {
            after_filter(&mut filter, query.sort, (&due, c), after)?;
        }
        let limit = query.limit.clamp(1, 500);
        let sql = format!(
            "SELECT {}, {due} AS queue_due FROM {table} {c}{} ORDER BY {order} LIMIT ${}",
            K::COLUMNS,
            filter.where_clause(),
            filter.next_param()
        );
        let rows = filter
            .bind(sqlx::query(&sql))
            .bind(limit + 1)
            .fetch_all(&self.pool)
            .await?;
        let more = rows.len() as i64 > limit;
        let shown = &rows[..rows.len().min(limit as usize)];
        let next = match (more, shown.last()) {
            (true, Some(last)) => {
                let id: i64 = last.try_get("id")?;
                Some(match query.sort {
                    QueueSort::Due => format!("{}_{id}", last.try_get::<String, _>("queue_due")?),
                    QueueSort::Newest | QueueSort::Oldest => id.to_string(),
                })
            }
            _ => None,
        };
        Ok(QueuePage {
            items: shown.iter().map(K::row).collect::<Result<_, _>>()?,
            total,
            counts,
            next,
        })
    }
}

/// The person's names by word prefix, a document number, or the case's own number or id.
pub(crate) fn text_filter<K: QueueCase>(filter: &mut Filter, text: &str) {
    let words: Vec<String> = search_key(text)
        .split(' ')
        .take(5)
        .map(str::to_owned)
        .collect();
    let one = "SELECT person_id FROM person_search_term WHERE term >= ? AND term < ?";
    let names = vec![one; words.len()].join(" INTERSECT ");
    let mut condition = format!(
        "({person} IN ({names}) OR {person} IN (SELECT person_id FROM identity_document WHERE number = ?)",
        person = K::PERSON
    );
    let mut binds: Vec<Bind> = words
        .iter()
        .flat_map(|w| [Bind::Text(w.clone()), Bind::Text(prefix_end(w))])
        .collect();
    let upper = text.trim().to_ascii_uppercase();
    binds.push(Bind::Text(upper.clone()));
    if let Some(number) = K::NUMBER {
        condition.push_str(&format!(" OR {number} = ?"));
        binds.push(Bind::Text(upper));
    }
    if let Ok(id) = text.trim().trim_start_matches('#').parse::<i64>() {
        condition.push_str(&format!(" OR {}.id = ?", K::ALIAS));
        binds.push(Bind::Int(id));
    }
    condition.push(')');
    filter.push(&condition, binds);
}

/// Rows after the cursor of the page before, in the queue's order.
fn after_filter(
    filter: &mut Filter,
    sort: QueueSort,
    (due, c): (&str, &str),
    after: &str,
) -> Result<(), StoreError> {
    let bad = || StoreError::Invalid(hrx_domain::FieldErrors::single("after", "invalid"));
    match sort {
        QueueSort::Due => {
            let (day, id) = after.rsplit_once('_').ok_or_else(bad)?;
            let id: i64 = id.parse().map_err(|_| bad())?;
            filter.push(
                &format!("({due} > ? OR ({due} = ? AND {c}.id > ?))"),
                vec![
                    Bind::Text(day.to_owned()),
                    Bind::Text(day.to_owned()),
                    Bind::Int(id),
                ],
            );
        }
        QueueSort::Newest | QueueSort::Oldest => {
            let id: i64 = after.parse().map_err(|_| bad())?;
            let op = if sort == QueueSort::Newest { "<" } else { ">" };
            filter.push(&format!("{c}.id {op} ?"), vec![Bind::Int(id)]);
        }
    }
    Ok(())
}
