//! One queue over any case type: filtered by status and by free text (the person's names by
//! word prefix, a passport or other document number, the case's number), counted per
//! status, sorted by due date or age, and paged by key so that a page costs the same at the
//! end of a long queue as at its start.

use super::CaseType;
use crate::registry::{prefix_end, search_text, Filter, FilterBind as Bind, TOTAL_CAP};
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
    /// Each status is counted up to this many cases; [`TOTAL_CAP`] when not given.
    pub count_cap: Option<i64>,
}

/// One page of a queue.
#[derive(Debug, Clone)]
pub struct QueuePage<T> {
    pub items: Vec<T>,
    /// Cases matching the filters (counted up to the cap, each status to the cap).
    pub total: i64,
    /// The total is a lower bound: a status it counts has more than the cap.
    pub total_capped: bool,
    /// Cases per status under the same filters but the status, most first; statuses without
    /// any are left out. Each is counted up to the cap.
    pub counts: Vec<(String, i64)>,
    /// Some status has more cases than the cap (its count is the cap).
    pub counts_capped: bool,
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
        let cap = query.count_cap.unwrap_or(TOTAL_CAP).max(1);
        let flow = K::workflow().map_err(|e| StoreError::Integrity(e.to_owned()))?;
        // Each status counted up to the cap in one statement: a queue of millions costs what
        // the cap's rows cost. The workflow's codes are written into it (checked to be words).
        let where_clause = filter.where_clause();
        let glue = if where_clause.is_empty() {
            " WHERE"
        } else {
            " AND"
        };
        let states: Vec<&str> = flow
            .states
            .iter()
            .map(|s| s.code.as_str())
            .filter(|s| s.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'))
            .collect();
        let counts_sql = states
            .iter()
            .enumerate()
            .map(|(i, s)| {
                format!(
                    "SELECT {i} AS state, COUNT(*) AS n FROM (SELECT 1 AS one FROM {table} {c}\
                     {where_clause}{glue} {c}.status = '{s}' LIMIT {}) s{i}",
                    cap + 1
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        let mut counts: Vec<(String, i64)> = Vec::new();
        let mut capped: Vec<&str> = Vec::new();
        for row in filter
            .bind(sqlx::query(&counts_sql))
            .fetch_all(&self.pool)
            .await?
        {
            let (state, n): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
            if let Some(code) = states.get(state as usize).filter(|_| n > 0) {
                counts.push(((*code).to_owned(), n.min(cap)));
                if n > cap {
                    capped.push(code);
                }
            }
        }
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
        let total_capped = match status {
            Some(s) => capped.contains(&s),
            None => !capped.is_empty(),
        };
        let counts_capped = !capped.is_empty();
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
            total_capped,
            counts,
            counts_capped,
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
