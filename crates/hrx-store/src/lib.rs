//! Persistence for HRX on SQLite (embedded default) and PostgreSQL, through one set of
//! portable statements; dialect fragments are chosen per backend.

pub mod accounts;
pub mod audit;
pub mod awards;
pub mod calendar;
pub mod case;
pub mod conventions;
pub mod cooperation;
pub mod coverage;
mod direct;
mod error;
pub mod experts;
pub mod imports;
pub mod intorgs;
pub mod permits;
pub mod reference;
pub mod registry;
pub mod returnees;
mod sql;
pub mod statistics;
pub mod students;
pub mod testing;
pub mod training;
mod versions;

pub use accounts::random_token;
pub use error::StoreError;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor, Row, Transaction};
use std::path::Path;
use std::time::Duration;

pub type Tx = Transaction<'static, sqlx::Any>;

/// A statement with its parameters bound so far.
pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// For connections of their own (bulk imports); never logged.
    url: std::sync::Arc<str>,
    /// Figures read on the calling thread (SQLite files only).
    direct: Option<std::sync::Arc<direct::DirectReader>>,
    /// The bounded password verifications of this store's process.
    verifier: std::sync::Arc<accounts::Verifier>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish()
    }
}

/// A database URL with any password replaced, for logs and messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl Store {
    /// Opens the database the URL names: `postgres://…` or `sqlite://PATH` (created if missing).
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(StoreError::Config(format!(
                "unsupported database URL {}: use sqlite://PATH or postgres://…",
                redact_url(url)
            )));
        };
        let url: String = match backend {
            Backend::Sqlite if !url.contains('?') => format!("{url}?mode=rwc"),
            _ => url.to_owned(),
        };
        let pool = match backend {
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    // A connection to a local file does not go stale: no ping (a round trip
                    // to SQLite's worker thread) before every use.
                    .test_before_acquire(false)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; \
                                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
                                 PRAGMA temp_store = MEMORY;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(&url)
                    .await?
            }
        };
        let direct = match backend {
            Backend::Sqlite => direct::DirectReader::for_url(&url).map(std::sync::Arc::new),
            Backend::Postgres => None,
        };
        Ok(Store {
            pool,
            backend,
            url: url.into(),
            direct,
            verifier: std::sync::Arc::new(accounts::Verifier::new()),
        })
    }

    /// The SQLite URL for a database file in a data directory.
    pub fn sqlite_url(data_dir: &Path) -> String {
        format!("sqlite://{}", data_dir.join("hrx.db").display())
    }

    /// Whether indicator figures are read on the calling thread (a SQLite file; see `direct`).
    pub fn reads_figures_directly(&self) -> bool {
        self.direct.is_some()
    }

    /// The same store, reading every figure through the pool (tests compare the two ways).
    #[doc(hidden)]
    pub fn reading_through_pool(&self) -> Store {
        Store {
            direct: None,
            ..self.clone()
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Applies the schema migrations of this backend, then loads the reference tables.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.pool).await?,
            Backend::Postgres => {
                sqlx::migrate!("migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        reference::load(self).await?;
        self.key_persons_once().await
    }

    /// A database made before persons had blocking keys (migration 0024) has persons and no
    /// keys: they are written once, here.
    async fn key_persons_once(&self) -> Result<(), StoreError> {
        let keyed: Option<i64> =
            sqlx::query_scalar("SELECT person_id FROM person_match_key LIMIT 1")
                .fetch_optional(&self.pool)
                .await?;
        let any_person: Option<i64> = sqlx::query_scalar("SELECT id FROM person LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        if keyed.is_none() && any_person.is_some() {
            let started = std::time::Instant::now();
            let persons = self.rebuild_match_keys().await?;
            tracing::info!(
                persons,
                seconds = started.elapsed().as_secs_f64(),
                "blocking keys written for the persons registered before identity resolution"
            );
        }
        Ok(())
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// A write transaction. SQLite takes the write lock at once (BEGIN IMMEDIATE) so that two
    /// writers queue on the busy timeout instead of failing on a lock upgrade.
    pub async fn begin_write(&self) -> Result<Tx, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// `FOR UPDATE` where the backend has row locks; SQLite's write lock already serialises.
    pub(crate) fn for_update(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE",
        }
    }

    /// A consistent online copy of the SQLite database, taken while HRX runs.
    pub async fn backup_sqlite(&self, dest: &Path) -> Result<(), StoreError> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Config(
                "online backup is for SQLite; use pg_dump for PostgreSQL".into(),
            ));
        }
        if dest.exists() {
            return Err(StoreError::Config(format!(
                "{} exists already; choose a new file",
                dest.display()
            )));
        }
        let dest = dest
            .to_str()
            .ok_or_else(|| StoreError::Config("the backup path is not valid UTF-8".into()))?;
        sqlx::query("VACUUM INTO $1")
            .bind(dest.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn close(&self) {
        if let Some(direct) = &self.direct {
            direct.close();
        }
        self.pool.close().await;
    }
}

/// The current time as stored: RFC 3339 in UTC with milliseconds, which sorts as text.
pub fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

pub(crate) fn text(row: &AnyRow, column: &str) -> Result<String, StoreError> {
    Ok(row.try_get::<String, _>(column)?)
}

pub(crate) fn opt_text(row: &AnyRow, column: &str) -> Result<Option<String>, StoreError> {
    Ok(row.try_get::<Option<String>, _>(column)?)
}

pub(crate) fn int(row: &AnyRow, column: &str) -> Result<i64, StoreError> {
    Ok(row.try_get::<i64, _>(column)?)
}

pub(crate) fn opt_int(row: &AnyRow, column: &str) -> Result<Option<i64>, StoreError> {
    Ok(row.try_get::<Option<i64>, _>(column)?)
}

/// Every row a statement selects on `executor` (the pool or a transaction), each read by `map`.
pub(crate) async fn fetch_all_as<'q, 'c: 'q, T>(
    executor: impl sqlx::Executor<'c, Database = sqlx::Any> + 'q,
    query: AnyQuery<'q>,
    map: impl Fn(&AnyRow) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let rows = query.fetch_all(executor).await?;
    rows.iter().map(map).collect()
}

/// The row a statement selects on `executor`, if there is one, read by `map`.
pub(crate) async fn fetch_optional_as<'q, 'c: 'q, T>(
    executor: impl sqlx::Executor<'c, Database = sqlx::Any> + 'q,
    query: AnyQuery<'q>,
    map: impl Fn(&AnyRow) -> Result<T, StoreError>,
) -> Result<Option<T>, StoreError> {
    let row = query.fetch_optional(executor).await?;
    row.as_ref().map(map).transpose()
}

/// Refuses a reference (the request's `field`) to a row of `table` that does not exist.
pub(crate) async fn require_id(
    tx: &mut Tx,
    table: &str,
    id: i64,
    field: &'static str,
) -> Result<(), StoreError> {
    let found: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::UnknownReference { field }),
    }
}

/// Refuses a `code` that a row of `table` already holds (`already_in_use` on the field
/// `code`).
pub(crate) async fn refuse_taken_code(
    tx: &mut Tx,
    table: &str,
    code: &str,
) -> Result<(), StoreError> {
    let taken: Option<i64> = sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE code = $1"))
        .bind(code.to_owned())
        .fetch_optional(&mut **tx)
        .await?;
    match taken {
        Some(_) => Err(StoreError::Invalid(hrx_domain::FieldErrors::single(
            "code",
            "already_in_use",
        ))),
        None => Ok(()),
    }
}

/// A short random lowercase name for temporary databases and files.
pub fn random_name() -> Result<String, StoreError> {
    Ok(random_token()?[..16].to_owned())
}

/// A page of results with the total that matched.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    /// The total was counted up to a cap and there are more.
    pub total_capped: bool,
    pub page: i64,
    pub per_page: i64,
}

/// One page of a list walked by key (no OFFSET): the rows, the total counted up to
/// [`registry::TOTAL_CAP`], and the cursor of the next page if there is one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct KeysetPage<T> {
    pub items: Vec<T>,
    pub total: i64,
    /// The total was counted up to [`registry::TOTAL_CAP`] and there are more.
    pub total_capped: bool,
    /// The `after` value that gives the next page.
    pub next: Option<String>,
}

impl<T> KeysetPage<T> {
    /// A page from the rows fetched with `LIMIT limit + 1`: the first `limit` of them, and the
    /// cursor of the last one shown (`cursor`) when there were more.
    pub(crate) fn of(
        mut items: Vec<T>,
        limit: i64,
        (total, total_capped): (i64, bool),
        cursor: impl Fn(&T) -> String,
    ) -> KeysetPage<T> {
        let more = items.len() as i64 > limit;
        items.truncate(limit.max(0) as usize);
        let next = if more { items.last().map(cursor) } else { None };
        KeysetPage {
            items,
            total,
            total_capped,
            next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(
            redact_url("postgres://hrx:s3cret@db:5432/hrx"),
            "postgres://hrx:***@db:5432/hrx"
        );
        assert_eq!(
            redact_url("sqlite://hrx-data/hrx.db"),
            "sqlite://hrx-data/hrx.db"
        );
    }
}
