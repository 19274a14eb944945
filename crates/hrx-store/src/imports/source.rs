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
        if values.len() <= c {
            values.resize(c + 1, String::new());
        }
        if let Some(slot) = values.get_mut(c) {
            *slot = cell_text(cell.get_value());
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
