//! Reading import files row by row, CSV or XLSX, without holding the file in memory.

use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Reads through to the inner reader, hashing and counting the bytes as they pass.
pub(crate) struct Tally<R> {
    inner: R,
    hasher: Sha256,
    bytes: Arc<AtomicU64>,
}

impl<R: Read> Read for Tally<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(chunk) = buf.get(..n) {
            self.hasher.update(chunk);
        }
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The SHA-256 of a whole file, as lowercase hex.
pub(crate) fn file_sha256(path: &Path) -> std::io::Result<String> {
    let mut file = BufReader::new(File::open(path)?);
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        if let Some(chunk) = buf.get(..n) {
            hasher.update(chunk);
        }
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What went wrong reading the file itself (as opposed to a row's content).
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("the file is not valid CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("the file is not a readable XLSX workbook: {0}")]
    Xlsx(String),
    #[error("the file is empty: it has no header row")]
    Empty,
    /// A workbook whose parts unpack to more than the limits (a decompression bomb, or a
    /// file far larger than any real import).
    #[error("the workbook is too large once unpacked: {part} holds more than {limit_mib} MiB")]
    TooLarge { part: String, limit_mib: u64 },
    /// A row with cells beyond the last column any import format can have.
    #[error("row {row} has cells beyond column {max}: no import format has that many columns")]
    TooWide { row: u64, max: usize },
}

/// How much a workbook may unpack to, part by part and in all, before it is read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct XlsxLimits {
    /// The shared strings, which the reader holds in memory whole.
    pub shared_strings: u64,
    /// Any other part (a sheet is read as a stream).
    pub part: u64,
    pub total: u64,
}

const MIB: u64 = 1 << 20;

/// A workbook of a million rows of the widest format unpacks to well under these.
pub(crate) const XLSX_LIMITS: XlsxLimits = XlsxLimits {
    shared_strings: 128 * MIB,
    part: 1024 * MIB,
    total: 1536 * MIB,
};

/// The most columns a row may have: beyond every format's columns and a margin of unknown
/// ones (which `--ignore-unknown-columns` lets pass).
pub(crate) const MAX_COLUMNS: usize = 64;

/// The most characters a cell keeps; longer text is cut (and then refused as too long by
/// the row's checks, whose limits are far lower).
pub(crate) const MAX_CELL_CHARS: usize = 4096;

/// Unpacks every part of a workbook into nothing, counting, and stops at the first one that
/// exceeds its limit: the sizes a file declares are not trusted.
pub(crate) fn check_xlsx_size(path: &Path, limits: XlsxLimits) -> Result<(), SourceError> {
    let mut archive = zip::ZipArchive::new(BufReader::new(File::open(path)?))
        .map_err(|e| SourceError::Xlsx(e.to_string()))?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut part = archive
            .by_index(i)
            .map_err(|e| SourceError::Xlsx(e.to_string()))?;
        let name = part.name().to_owned();
        let limit = if name.ends_with("sharedStrings.xml") {
            limits.shared_strings
        } else {
            limits.part
        };
        let too_large = |part: &str, limit: u64| SourceError::TooLarge {
            part: part.to_owned(),
            limit_mib: limit / MIB,
        };
        let n = std::io::copy(&mut (&mut part).take(limit + 1), &mut std::io::sink())?;
        if n > limit {
            return Err(too_large(&name, limit));
        }
        total += n;
        if total > limits.total {
            return Err(too_large("the workbook", limits.total));
        }
    }
    Ok(())
}

/// Calls `row` with each row's number (the header is row 1, as a spreadsheet counts), its
/// fields, and the first field that was not UTF-8 (decoded with replacement characters, so
/// that the row keeps its width); the first call is the header. Stops early when `row`
/// answers false. Answers the file's SHA-256.
pub(crate) fn read_rows(
    path: &Path,
    bytes_read: Arc<AtomicU64>,
    mut row: impl FnMut(u64, &[&str], Option<usize>) -> bool,
) -> Result<String, SourceError> {
    if is_xlsx(path)? {
        let sha = file_sha256(path)?;
        read_xlsx(path, bytes_read, &mut row)?;
        return Ok(sha);
    }
    let file = File::open(path)?;
    let mut tally = Tally {
        inner: file,
        hasher: Sha256::new(),
        bytes: bytes_read,
    };
    {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 17)
            .from_reader(&mut tally);
        let mut record = csv::ByteRecord::new();
        let mut number = 0u64;
        let mut seen_any = false;
        while reader.read_byte_record(&mut record)? {
            number += 1;
            seen_any = true;
            let not_utf8 = record.iter().position(|f| std::str::from_utf8(f).is_err());
            let keep = match not_utf8 {
                None => {
                    let fields: Vec<&str> = record
                        .iter()
                        .map(|f| std::str::from_utf8(f).unwrap_or_default())
                        .collect();
                    row(number, &fields, None)
                }
                Some(_) => {
                    let owned: Vec<String> = record
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect();
                    let fields: Vec<&str> = owned.iter().map(String::as_str).collect();
                    row(number, &fields, not_utf8)
                }
            };
            if !keep {
                return Ok(String::new());
            }
        }
        if !seen_any {
            return Err(SourceError::Empty);
        }
    }
    // Read what is left (nothing, normally) so that the hash covers the whole file.
    let mut rest = Vec::new();
    tally.read_to_end(&mut rest)?;
    Ok(hex(&tally.hasher.finalize()))
}

fn is_xlsx(path: &Path) -> std::io::Result<bool> {
    let mut magic = [0u8; 4];
    let mut file = File::open(path)?;
    let n = file.read(&mut magic)?;
    Ok(n == 4 && magic == *b"PK\x03\x04")
}

fn read_xlsx(
    path: &Path,
    bytes_read: Arc<AtomicU64>,
    row: &mut impl FnMut(u64, &[&str], Option<usize>) -> bool,
) -> Result<(), SourceError> {
    use calamine::{Reader, Xlsx};
    let xlsx_error = |e: calamine::XlsxError| SourceError::Xlsx(e.to_string());
    check_xlsx_size(path, XLSX_LIMITS)?;
    let size = std::fs::metadata(path)?.len();
    let mut workbook: Xlsx<_> = Xlsx::new(BufReader::new(File::open(path)?)).map_err(xlsx_error)?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(SourceError::Empty)?;
    let mut cells = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(xlsx_error)?;
    let mut current: Option<u32> = None;
    let mut values: Vec<String> = Vec::new();
    let mut width = 0usize;
    let mut seen_any = false;
    let mut emit = |r: u32, values: &mut Vec<String>, width: &mut usize| -> bool {
        if *width == 0 {
            // The header fixes the width; trailing empty header cells do not count.
            while values.last().is_some_and(|v| v.is_empty()) {
                values.pop();
            }
            *width = values.len();
        } else if values.len() < *width {
            values.resize(*width, String::new());
        }
        let fields: Vec<&str> = values.iter().map(String::as_str).collect();
        let keep = row(u64::from(r) + 1, &fields, None);
        values.clear();
        keep
    };
    while let Some(cell) = cells.next_cell().map_err(xlsx_error)? {
        let (r, c) = cell.get_position();
        if current != Some(r) {
            if let Some(previous) = current {
                if !emit(previous, &mut values, &mut width) {
                    return Ok(());
                }
            }
            current = Some(r);
        }
        let c = c as usize;
        if c >= MAX_COLUMNS {
            return Err(SourceError::TooWide {
                row: u64::from(r) + 1,
                max: MAX_COLUMNS,
            });
        }
        if values.len() <= c {
            values.resize(c + 1, String::new());
        }
        if let Some(slot) = values.get_mut(c) {
            let mut text = cell_text(cell.get_value());
            if let Some((cut, _)) = text.char_indices().nth(MAX_CELL_CHARS) {
                text.truncate(cut);
            }
            *slot = text;
        }
        seen_any = true;
    }
    if let Some(previous) = current {
        emit(previous, &mut values, &mut width);
    }
    bytes_read.store(size, Ordering::Relaxed);
    if !seen_any {
        return Err(SourceError::Empty);
    }
    Ok(())
}

/// A cell as the text a CSV would hold: whole numbers without a decimal point, dates as ISO.
fn cell_text(value: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match value {
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => d
            .as_datetime()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
        DataRef::Empty => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn workbook(
        name: &str,
        fill: impl FnOnce(&mut rust_xlsxwriter::Worksheet),
    ) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("hrx-xlsx-limits-{}", crate::random_name().unwrap()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        let mut book = rust_xlsxwriter::Workbook::new();
        fill(book.add_worksheet());
        book.save(&path).unwrap();
        path
    }

    fn rows_of(path: &Path) -> Result<Vec<Vec<String>>, SourceError> {
        let mut rows = Vec::new();
        read_rows(path, Arc::new(AtomicU64::new(0)), |_, fields, _| {
            rows.push(fields.iter().map(|f| (*f).to_owned()).collect());
            true
        })?;
        Ok(rows)
    }

    #[test]
    fn a_workbook_that_unpacks_beyond_the_limits_is_refused_before_it_is_read() {
        // 300 KB of text (ten cells of Excel's longest string) compresses to a few hundred
        // bytes: a small bomb.
        let path = workbook("bomb.xlsx", |sheet| {
            for c in 0..10u16 {
                sheet
                    .write_string(0, c, format!("{c}{}", "a".repeat(30_000)))
                    .unwrap();
            }
        });
        assert!(std::fs::metadata(&path).unwrap().len() < 20_000);
        let small = XlsxLimits {
            shared_strings: 100_000,
            part: 1 << 30,
            total: 1 << 30,
        };
        match check_xlsx_size(&path, small) {
            Err(SourceError::TooLarge { part, .. }) => assert!(part.ends_with("sharedStrings.xml")),
            other => panic!("{other:?}"),
        }
        let total = XlsxLimits {
            shared_strings: 1 << 30,
            part: 1 << 30,
            total: 200_000,
        };
        assert!(matches!(
            check_xlsx_size(&path, total),
            Err(SourceError::TooLarge { .. })
        ));
        check_xlsx_size(&path, XLSX_LIMITS).unwrap();
        // Within the limits, the long cell is read cut to its limit.
        let rows = rows_of(&path).unwrap();
        assert_eq!(rows[0][0].chars().count(), MAX_CELL_CHARS);
    }

    #[test]
    fn a_row_wider_than_any_format_is_refused_without_holding_its_cells() {
        let path = workbook("wide.xlsx", |sheet| {
            sheet.write_string(0, 0, "record_ref").unwrap();
            for c in 0..200u16 {
                sheet.write_string(1, c, "x").unwrap();
            }
        });
        match rows_of(&path) {
            Err(SourceError::TooWide { row, max }) => assert_eq!((row, max), (2, MAX_COLUMNS)),
            other => panic!("{other:?}"),
        }
    }
}
