//! Reads of the maintained figures straight from the SQLite file, on the calling thread.
//!
//! sqlx runs each SQLite connection on a worker thread of its own: a statement is a message
//! to that thread and every row a message back, so even a lookup of a dozen aggregate rows
//! costs a few hand-offs between threads (about 0.15–0.2 ms here, far more than the lookup).
//! An indicator's answer is such a lookup: a range of a covering primary key, microseconds of
//! work. These connections answer it where the request runs. They are read-only
//! (`query_only`), see every committed write of any process (WAL), and open lazily; a
//! failure (the file busy past a short timeout, a database that cannot be opened twice) sends
//! the caller back to the pool, which answers the same statement.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// Idle connections kept for reuse; more are opened when requests overlap, and closed after.
const KEEP: usize = 8;

pub(crate) struct DirectReader {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
}

/// A value bound to a statement's `$n` parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Bind {
    Text(&'static str),
    Int(i64),
}

/// A statement whose rows are each (number, key, number).
#[derive(Debug, Clone)]
pub(crate) struct Lookup {
    pub sql: String,
    pub binds: Vec<Bind>,
}

pub(crate) type Triple = (i64, String, i64);

impl DirectReader {
    /// A reader of the database file behind a `sqlite:` URL, or None where another
    /// connection would not see the same database (an in-memory one).
    pub fn for_url(url: &str) -> Option<DirectReader> {
        use std::str::FromStr;
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(url).ok()?;
        let path = options.get_filename();
        if url.contains("mode=memory") || path.as_os_str().is_empty() || path.ends_with(":memory:")
        {
            return None;
        }
        Some(DirectReader {
            path: path.to_owned(),
            idle: Mutex::new(Vec::new()),
        })
    }

    fn open(&self) -> rusqlite::Result<rusqlite::Connection> {
        use rusqlite::OpenFlags;
        let conn = rusqlite::Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // Readers of a WAL database wait only in rare moments (recovery after a crash); the
        // pool waits asynchronously instead of holding a thread of the runtime.
        conn.busy_timeout(Duration::from_millis(100))?;
        conn.pragma_update(None, "query_only", true)?;
        Ok(conn)
    }

    /// Runs the statements on one connection and answers their rows, in order.
    pub fn rows(&self, lookups: &[Lookup]) -> rusqlite::Result<Vec<Vec<Triple>>> {
        let taken = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop();
        let conn = match taken {
            Some(conn) => conn,
            None => self.open()?,
        };
        let answers = lookups
            .iter()
            .map(|l| run(&conn, l))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut idle = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if idle.len() < KEEP {
            idle.push(conn);
        }
        Ok(answers)
    }

    /// Closes the idle connections (the store is closing).
    pub fn close(&self) {
        self.idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }
}

fn run(conn: &rusqlite::Connection, lookup: &Lookup) -> rusqlite::Result<Vec<Triple>> {
    let mut statement = conn.prepare_cached(&lookup.sql)?;
    if statement.parameter_count() != lookup.binds.len() {
        return Err(rusqlite::Error::InvalidParameterCount(
            lookup.binds.len(),
            statement.parameter_count(),
        ));
    }
    // SQLite numbers `$n` parameters in order of first appearance; the statements built
    // here name them in order, and a statement that did not would be refused, not misread.
    for (i, bind) in lookup.binds.iter().enumerate() {
        let name = format!("${}", i + 1);
        if statement.parameter_name(i + 1) != Some(name.as_str()) {
            return Err(rusqlite::Error::InvalidParameterName(name));
        }
        match bind {
            Bind::Text(s) => statement.raw_bind_parameter(i + 1, s)?,
            Bind::Int(n) => statement.raw_bind_parameter(i + 1, n)?,
        }
    }
    let mut rows = statement.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push((row.get(0)?, row.get(1)?, row.get(2)?));
    }
    Ok(out)
}
