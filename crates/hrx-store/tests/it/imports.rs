//! The bulk import engine on both backends: all-or-nothing, skip-invalid with rejects,
//! idempotence on record_ref, person matching on person_ref, XLSX, header checks.

use crate::on_each_backend;
use crate::support::{self, count, error_tuple, import_file, import_options, persons_named};
use hrx_domain::imports::ImportKind;
use hrx_store::imports::ImportOptions;
use std::path::PathBuf;

const STUDY_HEADER: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,destination_country,institution,isced_level,field,funding,departure_date,return_date";

/// Row `i` of a synthetic study-abroad file: every third person has two episodes.
fn study_row(i: usize) -> String {
    let person = i - i / 3;
    let countries = ["US", "GB", "JP", "AU", "DE"];
    let year = 1980 + (i % 30);
    let ret = if i.is_multiple_of(4) {
        format!("{}-06-30", year + 3)
    } else {
        String::new()
    };
    format!(
        "SA{i:07},P{person:07},Wang,Wei{},{},19{:02}-0{}-1{},{},University {},{},Physics,self_funded,{year}-09-01,{ret}",
        support::letters(person % 97),
        if i.is_multiple_of(2) { "F" } else { "M" },
        50 + i % 40,
        1 + i % 9,
        i % 9,
        countries[i % countries.len()],
        i % 50,
        6 + i % 3
    )
}

fn temp_file(name: &str, content: &str) -> PathBuf {
    support::temp_file("hrx-import", name, content)
}

fn options(kind: ImportKind) -> ImportOptions {
    import_options(kind, "test.csv")
}

fn study_file(rows: usize, bad: Option<(usize, &str)>) -> PathBuf {
    let mut text = String::with_capacity(rows * 120);
    text.push_str(STUDY_HEADER);
    text.push('\n');
    for i in 0..rows {
        match bad {
            Some((at, line)) if at == i => text.push_str(line),
            _ => text.push_str(&study_row(i)),
        }
        text.push('\n');
    }
    temp_file("study.csv", &text)
}

#[tokio::test]
async fn a_large_file_with_one_bad_row_writes_nothing_and_names_the_row() {
    let bad = "SA9999999,P9999999,Li,Na,F,1985-02-30,US,MIT,7,,self_funded,2005-09-01,";
    let path = study_file(100_000, Some((50_000, bad)));
    on_each_backend(|store, label| {
        let path = path.clone();
        async move {
            let report = import_file(&store, &path, options(ImportKind::StudyAbroad)).await;
            assert_eq!(report.status, "refused", "{label}");
            assert_eq!(report.counts.rows_read, 100_000, "{label}");
            assert_eq!(report.errors_total, 1, "{label}");
            // The header is row 1, so the 50,001st data row is row 50,002.
            assert_eq!(
                error_tuple(&report.errors[0]),
                (50_002, "birth_date", "1985-02-30", "invalid_date"),
                "{label}"
            );
            assert_eq!(count(&store, "study_abroad").await, 0, "{label}");
            assert_eq!(count(&store, "person").await, 0, "{label}");
            assert_eq!(count(&store, "person_search_term").await, 0, "{label}");
            // The refusal is on record, and audited.
            let runs = store.import_runs(&ImportKind::ALL, 1, 10).await.unwrap();
            assert_eq!(runs.items[0].status, "refused", "{label}");
            assert_eq!(runs.items[0].rows_rejected, 1, "{label}");
            assert!(store.verify_audit().await.unwrap().is_ok(), "{label}");
            if label == "sqlite" {
                // A file this large sets the secondary indexes aside while it is written; the
                // rollback brought them back.
                let indexes: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' \
                     AND name IN ('person_name_latin', 'person_search_term_person', 'study_abroad_person')",
                )
                .fetch_one(store.pool())
                .await
                .unwrap();
                assert_eq!(indexes, 3);
            }

            // Written without the bad row, the same file leaves people searchable and every
            // index in place.
            let mut o = options(ImportKind::StudyAbroad);
            o.skip_invalid = true;
            o.rejects = Some(path.with_file_name(format!("big-rejects-{label}.csv")));
            let report = import_file(&store, &path, o).await;
            assert_eq!(report.counts.created, 99_999, "{label}");
            let people = count(&store, "person").await;
            assert_eq!(people, 100_000 - 100_000 / 3, "{label}");
            assert_eq!(count(&store, "person_search_term").await, 3 * people, "{label}");
            if label == "sqlite" {
                let missing: Vec<String> = sqlx::query_scalar(
                    "SELECT name FROM (SELECT 'person_name_latin' AS name UNION ALL \
                     SELECT 'person_birth_date' UNION ALL SELECT 'person_search_term_person' \
                     UNION ALL SELECT 'study_abroad_person') \
                     WHERE name NOT IN (SELECT name FROM sqlite_master WHERE type = 'index')",
                )
                .fetch_all(store.pool())
                .await
                .unwrap();
                assert!(missing.is_empty(), "{missing:?}");
                let exists: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM sqlite_temp_master WHERE name = 'import_term'",
                )
                .fetch_one(store.pool())
                .await
                .unwrap();
                assert_eq!(exists, 0);
            } else {
                // The planner's statistics were gathered after the commit: PostgreSQL knows
                // the table's size rather than guessing it (-1, never analysed).
                let tuples: f64 = sqlx::query_scalar(
                    "SELECT CAST(reltuples AS float8) FROM pg_class WHERE oid = 'study_abroad'::regclass",
                )
                .fetch_one(store.pool())
                .await
                .unwrap();
                assert!(tuples > 90_000.0, "{label}: reltuples {tuples}");
            }
            let found_total = persons_named(&store, "wang weiec").await;
            assert!(found_total > 100, "{label}: {}", found_total);
            // A file this large refreshes the statistics once, at the end: in the import's
            // transaction, and equal to a recompute.
            let check = store.check_statistics(5).await.unwrap();
            assert_eq!(check.differences_total, 0, "{label}: {:?}", check.differences);
            let departures: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM study_abroad WHERE departure_date LIKE '1985-%'",
            )
            .fetch_one(store.pool())
            .await
            .unwrap();
            let year = hrx_domain::statistics::series::Period::parse("1985").unwrap();
            let computed = store
                .indicator_sums(
                    hrx_domain::statistics::series::formula("outbound_departures").unwrap(),
                    "",
                    &year,
                )
                .await
                .unwrap();
            assert_eq!(computed.get(""), Some(&departures), "{label}");
        }
    })
    .await;
}

#[tokio::test]
async fn importing_twice_changes_nothing_and_a_changed_row_updates_its_record() {
    let path = study_file(1_000, None);
    on_each_backend(|store, label| {
        let path = path.clone();
        async move {
            let first = import_file(&store, &path, options(ImportKind::StudyAbroad)).await;
            assert_eq!(first.status, "imported", "{label}");
            assert_eq!(first.counts.created, 1_000, "{label}");
            // Every third row is a second episode of an earlier person: 667 people.
            let people = 1_000 - 1_000 / 3;
            assert_eq!(first.counts.persons_created, people as u64, "{label}");
            assert_eq!(count(&store, "person").await, people as i64, "{label}");
            let second = import_file(&store, &path, options(ImportKind::StudyAbroad)).await;
            assert_eq!(
                (second.counts.created, second.counts.updated, second.counts.unchanged),
                (0, 0, 1_000),
                "{label}"
            );
            assert_eq!(second.counts.persons_created, 0, "{label}");
            assert_eq!(count(&store, "study_abroad").await, 1_000, "{label}");
            assert_eq!(count(&store, "person").await, people as i64, "{label}");

            // A corrected file: one return date added, one new row for a known person.
            let mut text = format!("{STUDY_HEADER}\n");
            let mut changed = study_row(1);
            changed.push_str("2001-01-01");
            text.push_str(&changed);
            text.push('\n');
            text.push_str("SA_NEW,P0000001,Wang,Wei,M,1951-02-11,FR,Sorbonne,8,,state_sponsored,1999-09-01,\n");
            let corrected = temp_file("corrected.csv", &text);
            let third = import_file(&store, &corrected, options(ImportKind::StudyAbroad)).await;
            assert_eq!(
                (third.counts.created, third.counts.updated, third.counts.unchanged),
                (1, 1, 0),
                "{label}"
            );
            assert_eq!(
                (third.counts.persons_created, third.counts.persons_matched),
                (0, 1),
                "{label}"
            );
            let (returned, version): (Option<String>, i64) = sqlx::query_as(
                "SELECT return_date, version FROM study_abroad WHERE record_ref = 'SA0000001'",
            )
            .fetch_one(store.pool())
            .await
            .unwrap();
            assert_eq!((returned.as_deref(), version), (Some("2001-01-01"), 2), "{label}");
            let episodes_of_p1: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM study_abroad s JOIN person p ON p.id = s.person_id \
                 WHERE p.source_ref = 'P0000001'",
            )
            .fetch_one(store.pool())
            .await
            .unwrap();
            assert_eq!(episodes_of_p1, 2, "{label}");
            // Imported people are found by name like any other.
            let found_total = persons_named(&store, "weib").await;
            assert!(found_total > 0, "{label}");
            assert!(store.verify_audit().await.unwrap().is_ok(), "{label}");
        }
    })
    .await;
}

#[tokio::test]
async fn skip_invalid_writes_the_valid_rows_and_puts_the_rest_in_a_rejects_file() {
    // Formula-like cells of a rejected row come back as text in the rejects file.
    let bad =
        "SA0000005,P0000005,Li,+SUM(1+1),F,1985-01-01,CN,=HYPERLINK(1),7,,self_funded,2005-09-01,";
    let path = study_file(20, Some((5, bad)));
    on_each_backend(|store, label| {
        let path = path.clone();
        async move {
            let rejects = path.with_file_name(format!("rejects-{label}.csv"));
            let mut o = options(ImportKind::StudyAbroad);
            o.skip_invalid = true;
            o.rejects = Some(rejects.clone());
            let report = import_file(&store, &path, o).await;
            assert_eq!(report.status, "imported", "{label}");
            assert_eq!(report.counts.created, 19, "{label}");
            assert_eq!(report.counts.rows_rejected, 1, "{label}");
            assert_eq!(count(&store, "study_abroad").await, 19, "{label}");
            let text = std::fs::read_to_string(&rejects).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), 2, "{label}: {text}");
            assert!(lines[0].ends_with(",reason"), "{label}");
            assert!(lines[1].starts_with("SA0000005,"), "{label}");
            assert!(
                lines[1].contains(",'+SUM(1+1),") && lines[1].contains(",'=HYPERLINK(1),"),
                "{label}: {}",
                lines[1]
            );
            assert!(
                lines[1].contains("destination_country: not_allowed"),
                "{label}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn header_problems_refuse_the_file_unless_unknown_columns_are_ignored() {
    let text = format!("{STUDY_HEADER},remarks\n{},checked\n", study_row(0));
    let path = temp_file("extra.csv", &text);
    let missing = temp_file(
        "missing.csv",
        "record_ref,person_ref,family_name,sex,birth_date\nA,B,C,F,1990-01-01\n",
    );
    on_each_backend(|store, label| {
        let (path, missing) = (path.clone(), missing.clone());
        async move {
            let report = import_file(&store, &path, options(ImportKind::StudyAbroad)).await;
            assert_eq!(report.status, "refused", "{label}");
            assert_eq!(report.header_errors[0].column, "remarks", "{label}");
            assert_eq!(report.header_errors[0].reason, "unknown_column", "{label}");
            let mut o = options(ImportKind::StudyAbroad);
            o.ignore_unknown_columns = true;
            assert_eq!(
                import_file(&store, &path, o).await.counts.created,
                1,
                "{label}"
            );
            let report = import_file(&store, &missing, options(ImportKind::StudyAbroad)).await;
            let missing: Vec<&str> = report
                .header_errors
                .iter()
                .map(|e| e.column.as_str())
                .collect();
            assert!(
                missing.contains(&"destination_country"),
                "{label}: {missing:?}"
            );
            assert!(
                !missing.contains(&"return_date"),
                "{label}: optional column"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn xlsx_files_import_like_csv_with_dates_and_numbers_as_cells() {
    let dir = std::env::temp_dir().join(format!("hrx-xlsx-{}", hrx_store::random_token().unwrap()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("students.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = ImportKind::ForeignStudents.columns();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for r in 1..=3u32 {
        sheet.write_string(r, 0, format!("FS{r}")).unwrap();
        sheet.write_string(r, 1, format!("F{r}")).unwrap();
        sheet.write_string(r, 2, "Smith").unwrap();
        sheet.write_string(r, 3, "Anna").unwrap();
        sheet.write_string(r, 4, "F").unwrap();
        sheet
            .write_datetime_with_format(
                r,
                5,
                rust_xlsxwriter::ExcelDateTime::from_ymd(1990, 1, r as u8).unwrap(),
                &date,
            )
            .unwrap();
        sheet.write_string(r, 6, "DE").unwrap();
        sheet.write_string(r, 7, "Fudan University").unwrap();
        sheet.write_number(r, 8, 310000).unwrap();
        sheet.write_number(r, 9, 7).unwrap();
        // Column 10 (field) left empty.
        sheet.write_string(r, 11, "chinese_government").unwrap();
        sheet.write_string(r, 12, "2008-09-01").unwrap();
        if r == 3 {
            sheet.write_string(r, 13, "2008-08-01").unwrap();
        }
    }
    book.save(&path).unwrap();
    on_each_backend(|store, label| {
        let path = path.clone();
        async move {
            let report = import_file(&store, &path, options(ImportKind::ForeignStudents)).await;
            assert_eq!(report.status, "refused", "{label}");
            assert_eq!(report.errors.len(), 1, "{label}: {:?}", report.errors);
            assert_eq!(
                (
                    report.errors[0].row,
                    report.errors[0].column.as_str(),
                    report.errors[0].reason.as_str()
                ),
                (4, "enrolment_end", "before_start"),
                "{label}"
            );
            let mut o = options(ImportKind::ForeignStudents);
            o.skip_invalid = true;
            o.rejects = Some(path.with_file_name(format!("r-{label}.csv")));
            let report = import_file(&store, &path, o).await;
            assert_eq!(report.counts.created, 2, "{label}");
            let (birth, nationality): (String, String) = sqlx::query_as(
                "SELECT birth_date, nationality FROM person WHERE source_ref = 'F2'",
            )
            .fetch_one(store.pool())
            .await
            .unwrap();
            assert_eq!(
                (birth.as_str(), nationality.as_str()),
                ("1990-01-02", "DE"),
                "{label}"
            );
            let province: String =
                sqlx::query_scalar("SELECT province FROM foreign_student WHERE record_ref = 'FS1'")
                    .fetch_one(store.pool())
                    .await
                    .unwrap();
            assert_eq!(province, "310000", "{label}");
        }
    })
    .await;
}

#[tokio::test]
async fn historical_work_permits_come_in_with_their_employers_and_old_document_types() {
    let text = "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,passport_number,employer_uscc,employer_name,province,isco_code,document_type,category,permit_number,valid_from,valid_to,cancelled_on\n\
        WP1,X1,Smith,John,M,1970-01-01,GB,P1234567,,Old Trading Co,310000,2511,alien_employment_permit,,AEP-1,2008-01-01,2009-12-31,\n\
        WP2,X1,Smith,John,M,1970-01-01,GB,P1234567,,Old Trading Co,310000,2511,alien_employment_permit,,AEP-2,2010-01-01,2011-12-31,2010-06-30\n\
        WP3,X2,Tanaka,Yui,F,1985-05-05,JP,,91350100M000100Y43,Fuzhou Tech,350000,21,work_permit,A,1103500000001,2018-01-01,2022-12-31,\n\
        WP4,X3,Dupont,Marie,F,1975-03-03,FR,,,Paris Lycée,110000,2330,foreign_expert_certificate,,FEC-9,2005-09-01,2006-08-31,\n";
    let path = temp_file("permits.csv", text);
    on_each_backend(|store, label| {
        let path = path.clone();
        async move {
            let report = import_file(&store, &path, options(ImportKind::WorkPermits)).await;
            assert_eq!(report.status, "imported", "{label}: {:?}", report.errors);
            assert_eq!(report.counts.created, 4, "{label}");
            assert_eq!(report.counts.persons_created, 3, "{label}");
            let statuses: Vec<(String, String, Option<String>)> = sqlx::query_as(
                "SELECT record_ref, status, category FROM work_permit ORDER BY record_ref",
            )
            .fetch_all(store.pool())
            .await
            .unwrap();
            assert_eq!(statuses[0].1, "expired", "{label}");
            assert_eq!(statuses[1].1, "cancelled", "{label}");
            assert_eq!(statuses[2].2.as_deref(), Some("A"), "{label}");
            // One employer per credit code or per name and province.
            assert_eq!(count(&store, "organisation").await, 3, "{label}");
            let again = import_file(&store, &path, options(ImportKind::WorkPermits)).await;
            assert_eq!(again.counts.unchanged, 4, "{label}");
            assert_eq!(count(&store, "organisation").await, 3, "{label}");
        }
    })
    .await;
}

/// A row with a byte that is not UTF-8, and a row with too few fields, are refused on their
/// own under `--skip-invalid`, named with their column and reason, and written to the
/// rejects file as they came; the rest of the file is imported (it failed as a whole).
#[tokio::test]
async fn skip_invalid_survives_rows_that_are_not_utf8_or_short() {
    let mut bytes = format!("{STUDY_HEADER}\n").into_bytes();
    for i in 0..6 {
        let row = study_row(i);
        match i {
            2 => {
                let broken = row.replacen("University", "Univ\u{1}", 1);
                let at = broken.find('\u{1}').unwrap_or(0);
                let mut raw = broken.into_bytes();
                raw[at] = 0xFF;
                bytes.extend(raw);
            }
            4 => bytes.extend(b"SA9,P9,Wang".iter()),
            _ => bytes.extend(row.into_bytes()),
        }
        bytes.push(b'\n');
    }
    let path = std::env::temp_dir().join(format!(
        "not-utf8-{}.csv",
        hrx_store::random_name().unwrap()
    ));
    std::fs::write(&path, &bytes).unwrap();
    on_each_backend(|store, label| {
        let path = path.clone();
        async move {
            let rejects = path.with_file_name(format!("not-utf8-rejects-{label}.csv"));
            let mut o = options(ImportKind::StudyAbroad);
            o.skip_invalid = true;
            o.rejects = Some(rejects.clone());
            let report = import_file(&store, &path, o).await;
            assert_eq!(report.status, "imported", "{label}: {report:?}");
            assert_eq!(report.counts.rows_rejected, 2, "{label}");
            assert_eq!(count(&store, "study_abroad").await, 4, "{label}");
            let reasons: Vec<(u64, &str, &str)> = report
                .errors
                .iter()
                .map(error_tuple)
                .map(|(r, c, _, why)| (r, c, why))
                .collect();
            assert!(
                reasons.contains(&(4, "institution", "not_utf8")),
                "{label}: {reasons:?}"
            );
            assert!(
                reasons
                    .iter()
                    .any(|(r, _, why)| *r == 6 && *why == "wrong_field_count"),
                "{label}: {reasons:?}"
            );
            let text = std::fs::read(&rejects).unwrap();
            assert_eq!(String::from_utf8_lossy(&text).lines().count(), 3, "{label}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_report_quotes_at_most_200_characters_of_a_refused_value() {
    let long = "x".repeat(10_000);
    let text = format!(
        "{STUDY_HEADER}\n{}\n",
        study_row(1).replacen("University 1", &long, 1)
    );
    let path = temp_file("long.csv", &text);
    on_each_backend(|store, label| {
        let path = path.clone();
        async move {
            let report = import_file(&store, &path, options(ImportKind::StudyAbroad)).await;
            assert_eq!(report.status, "refused", "{label}");
            let error = report
                .errors
                .iter()
                .find(|e| e.column == "institution")
                .unwrap_or_else(|| panic!("{label}: {report:?}"));
            assert_eq!(error.reason, "too_long", "{label}");
            assert_eq!(error.value.chars().count(), 201, "{label}");
            assert!(error.value.ends_with('…'));
        }
    })
    .await;
}

#[tokio::test]
async fn imported_names_follow_the_entry_forms_rules() {
    // The name the API refuses (a formula) is refused in a file too, naming its column; a
    // name with digits as well.
    let text = format!(
        "{STUDY_HEADER}\n{}\n{}\n",
        study_row(1).replacen("Wang,", "=cmd|' /C calc'!A0,", 1),
        study_row(2).replacen(",Wei", ",Wei7", 1)
    );
    let path = temp_file("formula.csv", &text);
    on_each_backend(|store, label| {
        let path = path.clone();
        async move {
            let report = import_file(&store, &path, options(ImportKind::StudyAbroad)).await;
            assert_eq!(report.status, "refused", "{label}");
            let reasons: Vec<(u64, &str, &str)> = report
                .errors
                .iter()
                .map(error_tuple)
                .map(|(r, c, _, why)| (r, c, why))
                .collect();
            assert_eq!(
                reasons,
                [
                    (2, "family_name", "not_latin"),
                    (3, "given_name", "not_latin")
                ],
                "{label}"
            );
            assert_eq!(count(&store, "person").await, 0, "{label}");
        }
    })
    .await;
}
