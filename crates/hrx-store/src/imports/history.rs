//! The import history: the runs of the kinds a user may import, newest first, by page
//! number (the API) or walked by key with words of the file name or the importer (the page).

use super::ImportRunRecord;
use crate::registry::{search_text, Filter, FilterBind as Bind, TOTAL_CAP};
use crate::{fetch_all_as, int, text, KeysetPage, Page, Store, StoreError};
use hrx_domain::imports::ImportKind;
use sqlx::any::AnyRow;

impl Store {
    /// The latest imports of the given kinds, newest first.
    pub async fn import_runs(
        &self,
        kinds: &[ImportKind],
        page: i64,
        per_page: i64,
    ) -> Result<Page<ImportRunRecord>, StoreError> {
        let filter = runs_of(kinds, None);
        let where_clause = filter.where_clause();
        let count_sql = format!("SELECT COUNT(*) FROM import_run{where_clause}");
        let list_sql = format!("SELECT * FROM import_run{where_clause} ORDER BY id DESC");
        filter
            .page(
                &self.pool,
                (&count_sql, &list_sql),
                (page, per_page),
                run_of,
            )
            .await
    }

    /// The imports of the given kinds whose file name or importer holds every word of `text`,
    /// newest first, walked by key: `after` is the `next` of the page before (an import's
    /// number). The total is counted up to [`TOTAL_CAP`].
    pub async fn import_runs_after(
        &self,
        kinds: &[ImportKind],
        text: Option<&str>,
        after: Option<&str>,
        limit: i64,
    ) -> Result<KeysetPage<ImportRunRecord>, StoreError> {
        let mut filter = runs_of(kinds, text);
        let counted = filter
            .capped_count(&self.pool, "FROM import_run", TOTAL_CAP)
            .await?;
        if let Some(id) = after.and_then(|a| a.parse::<i64>().ok()) {
            filter.push("id < ?", vec![Bind::Int(id)]);
        }
        let sql = format!(
            "SELECT * FROM import_run{} ORDER BY id DESC LIMIT ${}",
            filter.where_clause(),
            filter.next_param()
        );
        let query = filter.bind(sqlx::query(&sql)).bind(limit.max(0) + 1);
        let items = fetch_all_as(&self.pool, query, run_of).await?;
        Ok(KeysetPage::of(items, limit, counted, |r| r.id.to_string()))
    }
}

/// The imports of `kinds` (none when there are none), with every word of `text` in the file
/// name or the importer's name.
fn runs_of(kinds: &[ImportKind], text: Option<&str>) -> Filter {
    let mut filter = Filter::default();
    if kinds.is_empty() {
        filter.push("1 = 0", vec![]);
    } else {
        let params = vec!["?"; kinds.len()].join(", ");
        let codes = kinds.iter().map(|k| Bind::Text(k.code().to_owned()));
        filter.push(&format!("kind IN ({params})"), codes.collect());
    }
    let words = search_text(text).unwrap_or_default();
    for word in words.split_whitespace().take(8) {
        let like = format!("%{}%", word.to_lowercase().replace(['%', '_'], ""));
        filter.push(
            "(LOWER(file_name) LIKE ? OR LOWER(actor) LIKE ?)",
            vec![Bind::Text(like.clone()), Bind::Text(like)],
        );
    }
    filter
}

fn run_of(r: &AnyRow) -> Result<ImportRunRecord, StoreError> {
    Ok(ImportRunRecord {
        id: int(r, "id")?,
        kind: text(r, "kind")?,
        file_name: text(r, "file_name")?,
        sha256: text(r, "sha256")?,
        actor: text(r, "actor")?,
        status: text(r, "status")?,
        rows_read: int(r, "rows_read")?,
        rows_created: int(r, "rows_created")?,
        rows_updated: int(r, "rows_updated")?,
        rows_unchanged: int(r, "rows_unchanged")?,
        rows_rejected: int(r, "rows_rejected")?,
        persons_created: int(r, "persons_created")?,
        started_at: text(r, "started_at")?,
        finished_at: text(r, "finished_at")?,
    })
}
