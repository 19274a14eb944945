//! The reference: the naive substring scan of a system without the term index, run on the
//! same database.

use crate::queries::Reference;
use crate::{BoxError, PER_PAGE};
use hrx_store::Store;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, Row};

/// Runs a reference query and returns the number of people it counts.
pub async fn run_reference(store: &Store, reference: &Reference) -> Result<i64, BoxError> {
    match reference {
        Reference::Names {
            pattern,
            nationality,
        } => names(store, pattern, nationality.as_deref()).await,
        Reference::Document { pattern } => {
            let rows =
                sqlx::query("SELECT person_id FROM identity_document WHERE upper(number) LIKE $1")
                    .bind(pattern.as_str())
                    .fetch_all(store.pool())
                    .await?;
            Ok(rows.len() as i64)
        }
    }
}

/// A page of the people whose Latin or native name contains the pattern, and their count.
async fn names(store: &Store, pattern: &str, nationality: Option<&str>) -> Result<i64, BoxError> {
    let mut condition = String::from("(lower(name_latin) LIKE $1 OR name_native LIKE $1)");
    if nationality.is_some() {
        condition.push_str(" AND nationality = $2");
    }
    let list = format!(
        "SELECT id, name_native, name_latin, sex, birth_date, nationality, created_at \
         FROM person WHERE {condition} ORDER BY id DESC LIMIT {PER_PAGE}"
    );
    let count = format!("SELECT COUNT(*) FROM person WHERE {condition}");
    let rows = bound(&list, pattern, nationality)
        .fetch_all(store.pool())
        .await?;
    let total: i64 = bound(&count, pattern, nationality)
        .fetch_one(store.pool())
        .await?
        .try_get(0)?;
    if (rows.len() as i64) != total.min(PER_PAGE) {
        return Err(format!("reference query returned {} rows of {total}", rows.len()).into());
    }
    Ok(total)
}

/// `sql` with the pattern bound to `$1` and the nationality, if any, to `$2`.
fn bound<'q>(
    sql: &'q str,
    pattern: &'q str,
    nationality: Option<&'q str>,
) -> Query<'q, Any, AnyArguments<'q>> {
    let q = sqlx::query(sql).bind(pattern);
    match nationality {
        Some(n) => q.bind(n),
        None => q,
    }
}
