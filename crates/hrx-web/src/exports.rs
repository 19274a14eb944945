//! The figures as files: CSV for spreadsheets, XLSX, and SDMX-CSV 2.0 for statistical
//! exchange. Pure functions from a table of figures to bytes; the handlers add the headers.

use hrx_domain::imports::formula_safe;
use hrx_domain::statistics::series::{Granularity, Period};
use rust_xlsxwriter::{Format, IgnoreError, Workbook, XlsxError};
use std::borrow::Cow;

pub const CSV_MEDIA_TYPE: &str = "text/csv; charset=utf-8";
pub const XLSX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type the SDMX-CSV 2.0 field guide gives for data messages.
pub const SDMX_CSV_MEDIA_TYPE: &str = "application/vnd.sdmx.data+csv; version=2.0.0";

/// The dataflow every HRX figure is published under.
pub const SDMX_STRUCTURE_ID: &str = "HRX:DF_HRX_INTL(1.0)";
/// Who produced the figures, written into every file.
pub const SOURCE_NOTE: &str = "HRX";

pub const CSV_HEADER: [&str; 8] = [
    "indicator",
    "name_en",
    "name_zh",
    "period",
    "breakdown",
    "key",
    "value",
    "unit",
];

pub const SDMX_HEADER: [&str; 11] = [
    "STRUCTURE",
    "STRUCTURE_ID",
    "ACTION",
    "FREQ",
    "INDICATOR",
    "BREAKDOWN",
    "BREAKDOWN_KEY",
    "TIME_PERIOD",
    "OBS_VALUE",
    "UNIT_MEASURE",
    "OBS_STATUS",
];

/// Excel reads a CSV file as the local code page unless it starts with this.
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// SDMX's code for "all values of this dimension".
const SDMX_TOTAL: &str = "_T";

/// One figure: an indicator's value for a period, for the total or one key of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    /// `2009`, `2009Q4` or `2009-12`.
    pub period: String,
    /// The breakdown dimension, e.g. `destination_country`; `None` for the total.
    pub breakdown: Option<String>,
    /// The dimension's value, e.g. `US`.
    pub key: Option<String>,
    pub value: i64,
}

/// An indicator's figures, with what a reader needs to know what they count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportTable {
    /// The indicator's code, e.g. `outbound_students_cumulative`.
    pub indicator: String,
    pub name_en: String,
    pub name_zh: String,
    /// `persons`, `person_times`, `documents`, `countries` ...
    pub unit: String,
    /// `stock`, `flow` or `cumulative`.
    pub kind: String,
    pub rows: Vec<ExportRow>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0} is not a period: write a year (2009), a quarter (2009Q4) or a month (2009-12)")]
    BadPeriod(String),
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error(transparent)]
    Xlsx(#[from] XlsxError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// CSV for spreadsheets: UTF-8 with a byte-order mark, one row per figure, names repeated on
/// every row so that a filtered sheet still says what it counts.
pub fn to_csv(t: &ExportTable) -> Result<Vec<u8>, ExportError> {
    let mut out = UTF8_BOM.to_vec();
    {
        let mut w = csv_writer(&mut out);
        w.write_record(CSV_HEADER)?;
        for r in &t.rows {
            let cells = [
                formula_safe(&t.indicator),
                formula_safe(&t.name_en),
                formula_safe(&t.name_zh),
                formula_safe(&r.period),
                formula_safe(r.breakdown.as_deref().unwrap_or_default()),
                formula_safe(r.key.as_deref().unwrap_or_default()),
                Cow::Owned(r.value.to_string()),
                formula_safe(&t.unit),
            ];
            w.write_record(cells.iter().map(|c| c.as_bytes()))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// A table of text (its header row first) as CSV for spreadsheets: UTF-8 with a byte-order
/// mark, CRLF line ends, a cell that a spreadsheet would run as a formula made text.
pub fn table_csv(rows: &[Vec<String>]) -> Result<Vec<u8>, ExportError> {
    let mut out = UTF8_BOM.to_vec();
    {
        let mut w = csv_writer(&mut out);
        for row in rows {
            w.write_record(row.iter().map(|c| formula_safe(c).into_owned()))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// An Excel workbook: the figures on the first sheet (numbers as numbers, header bold and
/// frozen, a filter), what they are on the second.
pub fn to_xlsx(t: &ExportTable) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let count = Format::new().set_num_format("#,##0");

    let data = workbook.add_worksheet();
    data.set_name("Data")?;
    let header = ["indicator", "period", "breakdown", "key", "value", "unit"];
    for (col, name) in (0u16..).zip(header) {
        data.write_string_with_format(0, col, name, &bold)?;
    }
    let mut last_row = 0;
    for (i, r) in t.rows.iter().enumerate() {
        let row = u32::try_from(i + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        data.write_string(row, 0, &t.indicator)?;
        data.write_string(row, 1, &r.period)?;
        if let Some(b) = &r.breakdown {
            data.write_string(row, 2, b)?;
        }
        if let Some(k) = &r.key {
            data.write_string(row, 3, k)?;
        }
        // f64 holds every count exactly up to 2^53.
        data.write_number_with_format(row, 4, r.value as f64, &count)?;
        data.write_string(row, 5, &t.unit)?;
        last_row = row;
    }
    for (col, width) in (0u16..).zip([34.0, 10.0, 22.0, 12.0, 14.0, 14.0]) {
        data.set_column_width(col, width)?;
    }
    data.set_freeze_panes(1, 0)?;
    if last_row > 0 {
        data.autofilter(0, 0, last_row, 5)?;
        // Years and codes such as 2009 are labels here, not numbers.
        data.ignore_error_range(1, 1, last_row, 3, IgnoreError::NumberStoredAsText)?;
    }

    let about = workbook.add_worksheet();
    about.set_name("About")?;
    let facts = [
        ("Indicator / 指标", t.indicator.as_str()),
        ("Name", t.name_en.as_str()),
        ("名称", t.name_zh.as_str()),
        ("Unit / 单位", t.unit.as_str()),
        ("Kind / 类型", t.kind.as_str()),
        ("Source / 来源", SOURCE_NOTE),
    ];
    for (row, (label, value)) in (0u32..).zip(facts) {
        about.write_string_with_format(row, 0, label, &bold)?;
        about.write_string(row, 1, value)?;
    }
    about.set_column_width(0, 18)?;
    about.set_column_width(1, 60)?;

    Ok(workbook.save_to_buffer()?)
}

/// SDMX-CSV 2.0 (SDMX 3.0): comma-separated, header row, RFC 4180 quoting, no byte-order mark,
/// one observation per row.
pub fn to_sdmx_csv(t: &ExportTable) -> Result<Vec<u8>, ExportError> {
    let unit = sdmx_unit(&t.unit);
    let mut out = Vec::new();
    {
        let mut w = csv_writer(&mut out);
        w.write_record(SDMX_HEADER)?;
        for r in &t.rows {
            let period = Period::parse(&r.period)
                .ok_or_else(|| ExportError::BadPeriod(r.period.chars().take(40).collect()))?;
            let (freq, time_period) = sdmx_time(&period);
            let value = r.value.to_string();
            w.write_record([
                "dataflow",
                SDMX_STRUCTURE_ID,
                "I",
                freq,
                &t.indicator,
                r.breakdown.as_deref().unwrap_or(SDMX_TOTAL),
                r.key.as_deref().unwrap_or(SDMX_TOTAL),
                &time_period,
                &value,
                &unit,
                "A",
            ])?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// A safe download name: `hrx-<indicator>-<period>.<extension>`, or `<first>-<last>` for a
/// series; ASCII letters, digits, `-`, `_` and `.` only.
pub fn file_name(t: &ExportTable, extension: &str) -> String {
    let code = match safe(&t.indicator) {
        c if c.is_empty() => "export".to_string(),
        c => c,
    };
    let mut periods: Vec<Period> = t
        .rows
        .iter()
        .filter_map(|r| Period::parse(&r.period))
        .collect();
    periods.sort_by_key(|p| (p.first, p.last));
    let span = match (periods.first(), periods.last()) {
        (Some(a), Some(b)) if a.label == b.label => format!("-{}", safe(&a.label)),
        (Some(a), Some(b)) => format!("-{}-{}", safe(&a.label), safe(&b.label)),
        _ => String::new(),
    };
    let extension = safe(extension.trim_start_matches('.'));
    if extension.is_empty() {
        format!("hrx-{code}{span}")
    } else {
        format!("hrx-{code}{span}.{extension}")
    }
}

fn csv_writer(out: &mut Vec<u8>) -> csv::Writer<&mut Vec<u8>> {
    // RFC 4180 ends records with CRLF; quoting only where needed is its rule too.
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

fn sdmx_time(p: &Period) -> (&'static str, String) {
    match p.granularity {
        Granularity::Year => ("A", p.year().to_string()),
        Granularity::Quarter => ("Q", format!("{}-Q{}", p.year(), (p.last % 100 + 2) / 3)),
        Granularity::Month => ("M", format!("{}-{:02}", p.year(), p.last % 100)),
    }
}

/// `person_times` → `PERSON_TIMES`: SDMX codes are upper case without spaces or hyphens.
fn sdmx_unit(unit: &str) -> String {
    unit.trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

fn safe(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    mapped.trim_matches(['.', '_', '-']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(period: &str, breakdown: Option<&str>, key: Option<&str>, value: i64) -> ExportRow {
        ExportRow {
            period: period.into(),
            breakdown: breakdown.map(Into::into),
            key: key.map(Into::into),
            value,
        }
    }

    fn table(rows: Vec<ExportRow>) -> ExportTable {
        ExportTable {
            indicator: "outbound_students_cumulative".into(),
            name_en: "People who went abroad to study, cumulative".into(),
            name_zh: "出国留学人员累计".into(),
            unit: "persons".into(),
            kind: "cumulative".into(),
            rows,
        }
    }

    #[test]
    fn csv_has_a_bom_keeps_chinese_and_guards_formulas() {
        let mut t = table(vec![
            row("2009", None, None, 1_620_700),
            row(
                "2009",
                Some("destination_country"),
                Some("=HYPERLINK(\"x\")"),
                -3,
            ),
            row("2009", Some("destination_country"), Some("@SUM(A1)"), 5),
            row("2009", Some("destination_country"), Some("+1"), 6),
            row("2009", Some("destination_country"), Some("-1"), 7),
            row("2009", Some("destination_country"), Some("\tx"), 8),
        ]);
        t.name_en = "=cmd|' /C calc'!A0".into();
        let bytes = to_csv(&t).unwrap();
        assert!(bytes.starts_with(UTF8_BOM));
        assert!(!bytes[3..].starts_with(UTF8_BOM));

        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, CSV_HEADER);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 6);
        assert_eq!(
            rows[0].iter().collect::<Vec<_>>(),
            [
                "outbound_students_cumulative",
                "'=cmd|' /C calc'!A0",
                "出国留学人员累计",
                "2009",
                "",
                "",
                "1620700",
                "persons"
            ]
        );
        let keys: Vec<&str> = rows.iter().map(|r| &r[5]).collect();
        assert_eq!(
            keys,
            ["", "'=HYPERLINK(\"x\")", "'@SUM(A1)", "'+1", "'-1", "'\tx"]
        );
        assert_eq!(&rows[1][6], "-3", "negative values stay numbers");
        assert_eq!(&rows[1][4], "destination_country");
        // The reader skips the BOM itself too.
        let mut with_bom = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(&with_bom.headers().unwrap()[0], "indicator");
    }

    #[test]
    fn sdmx_csv_rows_are_exact() {
        let t = table(vec![
            row("2009", None, None, 1_620_700),
            row("2009", Some("destination_country"), Some("US"), 400_000),
        ]);
        let text = String::from_utf8(to_sdmx_csv(&t).unwrap()).unwrap();
        assert_eq!(
            text,
            "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,INDICATOR,BREAKDOWN,BREAKDOWN_KEY,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS\r\n\
             dataflow,HRX:DF_HRX_INTL(1.0),I,A,outbound_students_cumulative,_T,_T,2009,1620700,PERSONS,A\r\n\
             dataflow,HRX:DF_HRX_INTL(1.0),I,A,outbound_students_cumulative,destination_country,US,2009,400000,PERSONS,A\r\n"
        );
    }

    #[test]
    fn sdmx_periods_and_units() {
        let mut t = table(vec![
            row("2009Q4", None, None, 1),
            row("2009-12", None, None, 2),
            row("2010q1", Some("sex"), Some("F, \"x\""), 3),
        ]);
        t.unit = "person_times".into();
        let bytes = to_sdmx_csv(&t).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        let cols = |i: usize| -> Vec<String> { rows.iter().map(|r| r[i].to_string()).collect() };
        assert_eq!(cols(3), ["Q", "M", "Q"]);
        assert_eq!(cols(7), ["2009-Q4", "2009-12", "2010-Q1"]);
        assert_eq!(cols(9), ["PERSON_TIMES"; 3]);
        assert_eq!(&rows[2][6], "F, \"x\"", "RFC 4180 quoting round-trips");
        assert!(String::from_utf8(bytes)
            .unwrap()
            .contains(",\"F, \"\"x\"\"\","));

        let bad = table(vec![row("2009Q5", None, None, 1)]);
        assert!(matches!(to_sdmx_csv(&bad), Err(ExportError::BadPeriod(p)) if p == "2009Q5"));
    }

    #[test]
    fn xlsx_is_a_workbook_with_numbers_and_names() {
        use calamine::{Data, Reader, Xlsx};
        let t = table(vec![
            row("2009", None, None, 1_620_700),
            row("2009", Some("destination_country"), Some("US"), 400_000),
        ]);
        let bytes = to_xlsx(&t).unwrap();
        assert!(bytes.starts_with(b"PK"));

        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["Data", "About"]);
        let data = book.worksheet_range("Data").unwrap();
        assert_eq!(data.get((0, 4)), Some(&Data::String("value".into())));
        assert_eq!(data.get((1, 1)), Some(&Data::String("2009".into())));
        assert_eq!(data.get((1, 4)), Some(&Data::Float(1_620_700.0)));
        assert_eq!(data.get((2, 3)), Some(&Data::String("US".into())));
        assert_eq!(data.get((2, 4)), Some(&Data::Float(400_000.0)));
        let about = book.worksheet_range("About").unwrap();
        let cells: Vec<String> = about.cells().map(|(_, _, c)| c.to_string()).collect();
        for expected in ["出国留学人员累计", "persons", "cumulative", "HRX"] {
            assert!(cells.iter().any(|c| c == expected), "{expected}: {cells:?}");
        }

        let empty = to_xlsx(&table(Vec::new())).unwrap();
        assert!(empty.starts_with(b"PK"));
    }

    #[test]
    fn file_names_are_safe_and_name_the_span() {
        let one = table(vec![
            row("2009", None, None, 1),
            row("2009", Some("sex"), Some("F"), 1),
        ]);
        assert_eq!(
            file_name(&one, "sdmx.csv"),
            "hrx-outbound_students_cumulative-2009.sdmx.csv"
        );
        let series = table(vec![
            row("2009Q2", None, None, 1),
            row("2008Q4", None, None, 1),
            row("2009Q1", None, None, 1),
        ]);
        assert_eq!(
            file_name(&series, ".xlsx"),
            "hrx-outbound_students_cumulative-2008Q4-2009Q2.xlsx"
        );
        let mut odd = table(Vec::new());
        odd.indicator = "../出国 \"x\"/..".into();
        let name = file_name(&odd, "c/s\\v");
        assert!(name.is_ascii(), "{name}");
        assert!(!name.contains(['/', '\\', '"', ' ']), "{name}");
        assert_eq!(name, "hrx-x.c_s_v");
        odd.indicator = "出国".into();
        assert_eq!(file_name(&odd, "csv"), "hrx-export.csv");
    }
}
