//! Optimistic locking of versioned records: a change names the version it was made on, and is
//! refused as stale if the record has moved on since.
//! The row is locked and its version read with `Store::locked_version` (in `case::steps`).

use crate::StoreError;

/// The record exists and is still at the version the change was made on.
pub(crate) fn expect_version(current: Option<i64>, expected: i64) -> Result<(), StoreError> {
    let current = current.ok_or(StoreError::NotFound)?;
    if current != expected {
        return Err(StoreError::Stale { current });
    }
    Ok(())
}

/// A guarded `UPDATE … WHERE id = … AND version = …` changed its one row; if not, another
/// writer got there first and the record is a version further on.
pub(crate) fn expect_one_updated(rows_affected: u64, expected: i64) -> Result<(), StoreError> {
    if rows_affected != 1 {
        return Err(StoreError::Stale {
            current: expected + 1,
        });
    }
    Ok(())
}
