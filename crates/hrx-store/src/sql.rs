//! SQL text shared by the stores: multi-row `VALUES` lists in a few fixed batch sizes, written
//! once for both backends.

/// What writing a row does when its key is taken already.
#[derive(Clone, Copy)]
pub(crate) enum OnConflict {
    /// The row written replaces the one there (an administrator's edit).
    Update,
    /// The row there is kept (shipped data never overwrites an edit).
    Keep,
}

impl OnConflict {
    /// The `ON CONFLICT` clause for a row keyed on `key`: the `columns` replaced, or nothing.
    pub(crate) fn clause(self, key: &str, columns: &[&str]) -> String {
        match self {
            OnConflict::Update => {
                let set: Vec<String> = columns
                    .iter()
                    .map(|c| format!("{c} = excluded.{c}"))
                    .collect();
                format!("ON CONFLICT ({key}) DO UPDATE SET {}", set.join(", "))
            }
            OnConflict::Keep => format!("ON CONFLICT ({key}) DO NOTHING"),
        }
    }
}

/// Statements are built for a fixed set of row counts (powers of two up to this), so that a
/// handful of prepared statements serve every batch.
pub(crate) const MAX_CHUNK: usize = 1024;

/// Splits `n` into chunk sizes from the fixed set: 600 gives 512, 64, 16, 8.
pub(crate) fn chunk_sizes(mut n: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut size = MAX_CHUNK;
    while n > 0 {
        while size > n {
            size /= 2;
        }
        sizes.push(size);
        n -= size;
    }
    sizes
}

/// `rows` groups of `width` parameters, numbered `$1, $2, ...` for PostgreSQL and anonymous
/// `?` for SQLite (whose named-parameter lookup grows with the statement's length), with
/// `extra` appended verbatim inside each group.
pub(crate) fn values(numbered: bool, rows: usize, width: usize, extra: &str) -> String {
    let mut sql = String::with_capacity(rows * width * 5);
    let mut n = 1;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            if numbered {
                sql.push('$');
                sql.push_str(&n.to_string());
            } else {
                sql.push('?');
            }
            n += 1;
        }
        sql.push_str(extra);
        sql.push(')');
    }
    sql
}

/// Inserts `n` rows of (text, id) into `target` (a table with its two columns), the `k`th
/// from `row(k)`, [`MAX_CHUNK`] rows per statement, with `tail` after the values (an
/// `ON CONFLICT` clause, or nothing).
pub(crate) async fn insert_pairs(
    conn: &mut sqlx::AnyConnection,
    target: &str,
    numbered: bool,
    n: usize,
    row: impl Fn(usize) -> (String, i64),
    tail: &str,
) -> Result<(), crate::StoreError> {
    let mut statements: std::collections::HashMap<usize, String> = std::collections::HashMap::new();
    let mut k = 0;
    for size in chunk_sizes(n) {
        let sql = statements.entry(size).or_insert_with(|| {
            format!(
                "INSERT INTO {target} VALUES {}{tail}",
                values(numbered, size, 2, "")
            )
        });
        let mut q: crate::AnyQuery<'_> = sqlx::query(sql);
        for _ in 0..size {
            let (text, id) = row(k);
            q = q.bind(text).bind(id);
            k += 1;
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_split_into_a_few_fixed_sizes() {
        assert_eq!(chunk_sizes(600), vec![512, 64, 16, 8]);
        assert_eq!(chunk_sizes(2100), vec![1024, 1024, 32, 16, 4]);
        assert_eq!(chunk_sizes(1), vec![1]);
        assert!(chunk_sizes(0).is_empty());
        assert_eq!(values(true, 2, 2, ", 1"), "($1, $2, 1), ($3, $4, 1)");
        assert_eq!(values(false, 2, 2, ""), "(?, ?), (?, ?)");
    }
}
