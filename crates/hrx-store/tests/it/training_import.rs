//! Participations in training groups abroad through the bulk import engine on both backends
//! (spec training-abroad.md TA-R5): counted in the year of departure, a person twice in a
//! year as two person-times and one person, Hong Kong as `hmt`; the derived columns written;
//! a bad row refusing the file; importing twice changing nothing; a changed row updating;
//! the statistics kept consistent; an XLSX workbook imported like the CSV.

use crate::on_each_backend;
use crate::support::{
    self, assert_consistent, count, error_tuple, import_file, import_options, sums, value,
};
use chrono::{Datelike, NaiveDate};
use hrx_domain::imports::ImportKind;
use hrx_store::imports::{ImportOptions, ImportReport};
use hrx_store::Store;
use rust_xlsxwriter::ExcelDateTime;
use std::collections::HashMap;

const HEADER: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,programme_code,programme_type,host_country,host_institution,sending_unit,funding_channel,group_code,departure_date,return_date";

/// G1 leaves on the last day of 2009 and returns in January 2010; P1 goes out twice in 2009
/// (G2 then G3, which do not overlap); G4 goes to Hong Kong; G5 leaves in 2010 for three and
/// a half months; G6 leaves in 2008 and returns in 2009.
const ROWS: [&str; 12] = [
    "T01,A1,王,伟,M,1965-01-01,SAFEA-2009-01,senior_civil_servants,US,Synthetic School of Government,Synthetic Jiangsu Department of Finance,special_fund,G1,2009-12-31,2010-01-20",
    "T02,A2,李,娜,F,1970-01-01,SAFEA-2009-01,senior_civil_servants,US,Synthetic School of Government,Synthetic Jiangsu Department of Finance,special_fund,G1,2009-12-31,2010-01-20",
    "T03,A3,张,强,M,1968-01-01,SAFEA-2009-01,senior_civil_servants,US,Synthetic School of Government,Synthetic Jiangsu Department of Finance,special_fund,G1,2009-12-31,2010-01-20",
    "T04,P1,刘,洋,M,1972-05-05,SAFEA-2009-02,professional_technical,DE,Synthetic Training Centre,Synthetic Hubei Department of Education,,G2,2009-03-01,2009-03-21",
    "T05,D1,陈,静,F,1975-05-05,SAFEA-2009-02,professional_technical,DE,Synthetic Training Centre,Synthetic Hubei Department of Education,,G2,2009-03-01,2009-03-21",
    "T06,P1,刘,洋,M,1972-05-05,SAFEA-2009-03,leading_officials_economic_management,GB,Synthetic Management Academy,Synthetic Hubei Department of Education,intergovernmental,G3,2009-06-01,2009-06-20",
    "T07,E1,杨,军,M,1966-05-05,SAFEA-2009-03,leading_officials_economic_management,GB,Synthetic Management Academy,Synthetic Hubei Department of Education,intergovernmental,G3,2009-06-01,2009-06-20",
    "T08,F1,赵,敏,F,1969-05-05,SAFEA-2009-04,social_management,HK,Synthetic University Hong Kong,Synthetic Guangdong Department of Commerce,foreign_party,G4,2009-05-10,2009-05-20",
    "T09,G1,黄,涛,M,1971-05-05,SAFEA-2009-04,social_management,HK,Synthetic University Hong Kong,Synthetic Guangdong Department of Commerce,foreign_party,G4,2009-05-10,2009-05-20",
    "T10,H1,周,杰,M,1974-05-05,SAFEA-2010-01,enterprise_management,US,Synthetic Business School,Synthetic State Assets Enterprise Group 3,import_contract,G5,2010-02-01,2010-05-15",
    "T11,I1,吴,平,M,1967-05-05,SAFEA-2008-09,other,SG,Synthetic Institute of Government,Synthetic Fujian Foreign Experts Bureau,special_fund,G6,2008-12-20,2009-01-10",
    "T12,J1,徐,红,F,1973-05-05,SAFEA-2009-05,agricultural_technical,NL,Synthetic University Maastricht,Synthetic Henan Department of Agriculture,special_fund,G7,2009-09-07,2009-09-27",
];

fn file_text(rows: &[&str]) -> String {
    support::csv_text(HEADER, rows)
}

fn options() -> ImportOptions {
    import_options(ImportKind::TrainingAbroad, "training.csv")
}

async fn import(store: &Store, text: &str) -> ImportReport {
    support::import_text(store, ImportKind::TrainingAbroad, text).await
}

/// The figures the tests look at, to compare before and after.
async fn figures(store: &Store) -> Vec<i64> {
    let mut out = Vec::new();
    for code in ["trainees_sent_abroad", "trainees_sent_abroad_persons"] {
        for period in ["2008", "2009", "2010", "2009-12", "2010-01"] {
            out.push(value(store, code, period).await);
        }
    }
    out
}

#[tokio::test]
async fn participations_count_in_the_year_of_departure_and_import_once() {
    on_each_backend(|store, label| async move {
        let first = import(&store, &file_text(&ROWS)).await;
        assert_eq!(first.status, "imported", "{label}: {:?}", first.errors);
        assert_eq!(
            (
                first.counts.created,
                first.counts.persons_created,
                first.counts.persons_matched
            ),
            (12, 11, 0),
            "{label}"
        );
        // TA-R5: G1 leaves on 2009-12-31 and returns in 2010: 2009, not 2010.
        assert_eq!(
            value(&store, "trainees_sent_abroad", "2009").await,
            10,
            "{label}"
        );
        assert_eq!(
            value(&store, "trainees_sent_abroad", "2009-12").await,
            3,
            "{label}"
        );
        assert_eq!(
            value(&store, "trainees_sent_abroad", "2010").await,
            1,
            "{label}"
        );
        assert_eq!(
            value(&store, "trainees_sent_abroad", "2010-01").await,
            0,
            "{label}"
        );
        assert_eq!(
            value(&store, "trainees_sent_abroad", "2008").await,
            1,
            "{label}"
        );
        // P1 in two groups in 2009: 2 person-times and 1 distinct person.
        assert_eq!(
            value(&store, "trainees_sent_abroad_persons", "2009").await,
            9,
            "{label}"
        );
        let p1: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM training_participation t JOIN person p ON p.id = t.person_id \
             WHERE p.source_ref = 'P1'",
        )
        .fetch_one(store.pool())
        .await
        .unwrap();
        assert_eq!(p1, 2, "{label}");
        // The Hong Kong group counts, as hmt.
        assert_eq!(
            sums(&store, "trainees_sent_abroad", "destination_scope", "2009").await,
            HashMap::from([("foreign".to_owned(), 8), ("hmt".to_owned(), 2)]),
            "{label}"
        );
        assert_eq!(
            sums(&store, "trainees_sent_abroad", "duration_class", "2010").await,
            HashMap::from([("mid_long_term".to_owned(), 1)]),
            "{label}"
        );
        assert_eq!(
            sums(&store, "trainees_sent_abroad", "host_country", "2009").await,
            HashMap::from([
                ("US".to_owned(), 3),
                ("DE".to_owned(), 2),
                ("GB".to_owned(), 2),
                ("HK".to_owned(), 2),
                ("NL".to_owned(), 1),
            ]),
            "{label}"
        );

        // The columns the rules derive, the origin, and Chinese persons.
        let written: Vec<(String, String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT record_ref, duration_class, destination_scope, funding_channel, origin \
             FROM training_participation WHERE record_ref IN ('T04', 'T08', 'T10') \
             ORDER BY record_ref",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        let row = |r: &str, d: &str, s: &str, f: Option<&str>| {
            (
                r.to_owned(),
                d.to_owned(),
                s.to_owned(),
                f.map(str::to_owned),
                "import".to_owned(),
            )
        };
        assert_eq!(
            written,
            vec![
                row("T04", "short_term", "foreign", None),
                row("T08", "short_term", "hmt", Some("foreign_party")),
                row("T10", "mid_long_term", "foreign", Some("import_contract")),
            ],
            "{label}"
        );
        let foreigners: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM person WHERE nationality <> 'CN'")
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(foreigners, 0, "{label}");
        assert_consistent(&store, label, "the first import").await;

        // The same file again changes nothing.
        let before = figures(&store).await;
        let again = import(&store, &file_text(&ROWS)).await;
        assert_eq!(
            (
                again.status.as_str(),
                again.counts.created,
                again.counts.updated,
                again.counts.unchanged,
                again.counts.persons_created,
                again.counts.persons_matched
            ),
            ("imported", 0, 0, 12, 0, 11),
            "{label}"
        );
        assert_eq!(figures(&store).await, before, "{label}");
        assert_eq!(count(&store, "training_participation").await, 12, "{label}");
        assert_eq!(count(&store, "person").await, 11, "{label}");

        // A corrected return date updates that record and its duration class only.
        let mut corrected = ROWS.to_vec();
        let shorter = ROWS[9].replace("2010-05-15", "2010-03-01");
        corrected[9] = &shorter;
        let third = import(&store, &file_text(&corrected)).await;
        assert_eq!(
            (
                third.counts.created,
                third.counts.updated,
                third.counts.unchanged
            ),
            (0, 1, 11),
            "{label}"
        );
        assert_eq!(
            sums(&store, "trainees_sent_abroad", "duration_class", "2010").await,
            HashMap::from([("short_term".to_owned(), 1)]),
            "{label}"
        );
        assert_consistent(&store, label, "a corrected re-import").await;
    })
    .await;
}

#[tokio::test]
async fn a_bad_training_row_refuses_the_file_naming_row_column_and_reason() {
    on_each_backend(|store, label| async move {
        let bad = "T13,K1,孙,丽,F,1970-01-01,SAFEA-2009-09,sightseeing,FR,Synthetic University Paris,Synthetic Hebei Department of Finance,special_fund,G8,2009-10-10,2009-10-01";
        let mut rows: Vec<&str> = ROWS.to_vec();
        rows.insert(4, bad);
        let report = import(&store, &file_text(&rows)).await;
        assert_eq!(report.status, "refused", "{label}");
        assert_eq!(report.errors_total, 1, "{label}");
        let errors: Vec<_> = report.errors.iter().map(error_tuple).collect();
        assert_eq!(
            errors,
            vec![
                (6, "programme_type", "sightseeing", "unknown_value"),
                (6, "return_date", "2009-10-01", "return_before_departure"),
            ],
            "{label}"
        );
        assert_eq!(report.counts.created, 0, "{label}");
        assert_eq!(count(&store, "training_participation").await, 0, "{label}");
        assert_eq!(count(&store, "person").await, 0, "{label}");
        assert_eq!(value(&store, "trainees_sent_abroad", "2009").await, 0, "{label}");
        assert_consistent(&store, label, "the refused file").await;

        // A header without a column of the layout refuses the file too.
        let no_group = file_text(&ROWS).replacen(",group_code", "", 1);
        let report = import(&store, &no_group).await;
        assert_eq!(report.status, "refused", "{label}");
        assert_eq!(
            error_tuple(&report.header_errors[0]),
            (1, "group_code", "group_code", "missing_column"),
            "{label}"
        );

        // With --skip-invalid the valid rows are written and the bad one is set aside.
        let path = support::temp_file("hrx-training", "training.csv", &file_text(&rows));
        let mut o = options();
        o.skip_invalid = true;
        let report = import_file(&store, &path, o).await;
        assert_eq!(
            (report.status.as_str(), report.counts.created, report.errors_total),
            ("imported", 12, 1),
            "{label}"
        );
        let rejects = std::fs::read_to_string(report.rejects_file.unwrap()).unwrap();
        assert!(rejects.contains("sightseeing"), "{label}: {rejects}");
        assert!(rejects.contains("return_before_departure"), "{label}: {rejects}");
        assert_eq!(value(&store, "trainees_sent_abroad", "2009").await, 10, "{label}");
        assert_consistent(&store, label, "a file with a row skipped").await;
    })
    .await;
}

#[tokio::test]
async fn a_training_workbook_imports_like_the_csv() {
    let dir = std::env::temp_dir().join(format!(
        "hrx-ta-xlsx-{}",
        hrx_store::random_token().unwrap()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("training.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let header: Vec<&str> = HEADER.split(',').collect();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, line) in ROWS.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in line.split(',').enumerate() {
            let c = c as u16;
            let name = header[usize::from(c)];
            if name.ends_with("_date") && !cell.is_empty() {
                let d: NaiveDate = cell.parse().unwrap();
                let value =
                    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                        .unwrap();
                sheet
                    .write_datetime_with_format(r, c, value, &date)
                    .unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    book.save(&path).unwrap();
    on_each_backend(|store, label| {
        let path = path.clone();
        async move {
            let report = import_file(&store, &path, options()).await;
            assert_eq!(report.status, "imported", "{label}: {:?}", report.errors);
            assert_eq!(report.counts.created, 12, "{label}");
            assert_eq!(
                value(&store, "trainees_sent_abroad", "2009").await,
                10,
                "{label}"
            );
            let csv = import(&store, &file_text(&ROWS)).await;
            assert_eq!(csv.counts.unchanged, 12, "{label}");
        }
    })
    .await;
    let _ = std::fs::remove_dir_all(&dir);
}
