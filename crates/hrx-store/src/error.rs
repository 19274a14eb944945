#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The record changed since the client read it: its version is now `current`.
    #[error("stale version: the record is now at version {current}")]
    Stale { current: i64 },
    /// A unique value that another record holds already.
    #[error("{field} is already in use")]
    Duplicate { field: &'static str },
    #[error("{field} refers to a record that does not exist")]
    UnknownReference { field: &'static str },
    /// The caller's role may not take this step.
    #[error("not allowed")]
    Forbidden,
    /// A rule refuses the request in the record's current state (an illegal transition, a late
    /// extension ...): nothing was written.
    #[error("{detail}")]
    Refused { code: &'static str, detail: String },
    /// Input that the rules kept in the database refuse (a certificate period longer than its
    /// agreement allows ...), field by field: nothing was written.
    #[error("{0}")]
    Invalid(hrx_domain::FieldErrors),
    #[error("too many failed sign-in attempts; try again later")]
    Throttled,
    /// Too many requests of a costly kind at once (password verifications), or the database
    /// busy beyond its wait (SQLite's one writer held by a long import, a lock or a deadlock
    /// on PostgreSQL, no free connection): nothing was written; try again shortly.
    #[error("busy; try again shortly")]
    Busy,
    /// The disk (or the database's allowed size) is full: the statement was refused and its
    /// transaction rolled back.
    #[error("the disk is full: nothing was written; free some space and try again")]
    DiskFull,
    #[error("configuration: {0}")]
    Config(String),
    #[error("database: {0}")]
    Database(sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Integrity(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if is_busy(&error) {
            StoreError::Busy
        } else if is_full(&error) {
            StoreError::DiskFull
        } else {
            StoreError::Database(error)
        }
    }
}

/// Whether the database refused for now, not for good: SQLite busy or locked (primary codes
/// 5 and 6, whatever the extended code), PostgreSQL's lock not available or deadlock, or no
/// connection free in the pool.
fn is_busy(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(db) => {
            let code = db.code();
            let sqlite_busy = code
                .as_deref()
                .and_then(|c| c.parse::<i64>().ok())
                .is_some_and(|c| matches!(c & 0xff, 5 | 6));
            let postgres_busy = matches!(code.as_deref(), Some("55P03" | "40P01"));
            sqlite_busy || postgres_busy || db.message().contains("database is locked")
        }
        _ => false,
    }
}

/// Whether the disk is full: SQLite's SQLITE_FULL (primary code 13), PostgreSQL's disk_full
/// (53100).
fn is_full(error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = error else {
        return false;
    };
    let code = db.code();
    let sqlite_full = code
        .as_deref()
        .and_then(|c| c.parse::<i64>().ok())
        .is_some_and(|c| c & 0xff == 13);
    sqlite_full || code.as_deref() == Some("53100")
}

impl StoreError {
    /// Maps a unique or foreign-key violation on a named constraint to the field it guards.
    pub(crate) fn from_constraint(error: sqlx::Error, map: &[(&str, &'static str)]) -> StoreError {
        if let sqlx::Error::Database(db) = &error {
            let message = db.message().to_owned();
            let constraint = db.constraint().map(str::to_owned);
            for (needle, field) in map {
                let hit = constraint.as_deref() == Some(*needle) || message.contains(needle);
                if hit {
                    return if db.is_foreign_key_violation() {
                        StoreError::UnknownReference { field }
                    } else {
                        StoreError::Duplicate { field }
                    };
                }
            }
            if db.is_foreign_key_violation() {
                return StoreError::UnknownReference { field: "reference" };
            }
        }
        StoreError::from(error)
    }
}
