//! The maintained statistics on both backends: values equal to counts computed here,
//! independently, from the imported files; `check_statistics` finds no difference after
//! imports, edits, deletions, a record moving to another person and a person's edit; a
//! damaged aggregate is found and a rebuild repairs it.

use crate::on_each_backend;
use crate::support::{assert_consistent, import_file, import_options, sums, temp_file, value};
use chrono::NaiveDate;
use hrx_domain::imports::ImportKind;
use hrx_domain::synthetic::{write_study_abroad, StudyAbroadPlan};
use hrx_store::students::StudyKind;
use hrx_store::Store;
use std::collections::{HashMap, HashSet};

async fn import(store: &Store, kind: ImportKind, text: &str) {
    let path = temp_file("hrx-stats", "file.csv", text);
    let report = import_file(store, &path, import_options(kind, "file.csv")).await;
    assert_eq!(report.status, "imported", "{:?}", report.errors);
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The study-abroad figures of a file, computed from its rows as the definitions say.
struct StudyCounts {
    outbound: usize,
    returned: usize,
    departures_2009: usize,
    abroad: usize,
    first_country: HashMap<String, i64>,
}

/// Where a column of a CSV text's header is.
fn column(text: &str, name: &str) -> usize {
    text.lines()
        .next()
        .unwrap()
        .split(',')
        .position(|c| c == name)
        .unwrap()
}

fn study_counts(text: &str, end: NaiveDate) -> StudyCounts {
    let start = NaiveDate::from_ymd_opt(1978, 1, 1).unwrap();
    let mut outbound = HashSet::new();
    let mut returned = HashSet::new();
    let mut abroad = HashSet::new();
    let mut first: HashMap<String, (NaiveDate, String)> = HashMap::new();
    let mut departures_2009 = 0;
    let col = |name: &str| column(text, name);
    let (country, departure, return_date) = (
        col("destination_country"),
        col("departure_date"),
        col("return_date"),
    );
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (person, country) = (f[1].to_owned(), f[country].to_owned());
        let dep = date(f[departure]).unwrap();
        let ret = date(f[return_date]);
        if dep >= start && dep <= end {
            outbound.insert(person.clone());
            let e = first
                .entry(person.clone())
                .or_insert((dep, country.clone()));
            if dep < e.0 {
                *e = (dep, country.clone());
            }
        }
        if ret.is_some_and(|r| r >= start && r <= end) {
            returned.insert(person.clone());
        }
        if dep <= end && ret.is_none_or(|r| r > end) {
            abroad.insert(person.clone());
        }
        if dep.format("%Y").to_string() == "2009" {
            departures_2009 += 1;
        }
    }
    let mut first_country = HashMap::new();
    for (_, (_, c)) in first {
        *first_country.entry(c).or_default() += 1;
    }
    StudyCounts {
        outbound: outbound.len(),
        returned: returned.len(),
        departures_2009,
        abroad: abroad.len(),
        first_country,
    }
}

#[tokio::test]
async fn study_abroad_figures_equal_counts_from_the_file_and_stay_so_through_changes() {
    let plan = StudyAbroadPlan {
        seed: 11,
        persons: 3_000,
        episodes: 3_400,
        returned: 900,
        first_year: 1978,
        last_year: 2009,
        returned_by: NaiveDate::from_ymd_opt(2009, 12, 31).unwrap(),
    };
    let mut bytes = Vec::new();
    write_study_abroad(&plan, &mut bytes).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let end = NaiveDate::from_ymd_opt(2009, 12, 31).unwrap();
    let expected = study_counts(&text, end);
    assert_eq!(expected.outbound, 3_000);
    assert_eq!(expected.returned, 900);
    on_each_backend(|store, label| {
        let text = text.clone();
        let expected = &expected;
        async move {
            import(&store, ImportKind::StudyAbroad, &text).await;
            assert_consistent(&store, label, "the import").await;
            assert_eq!(value(&store, "outbound_students_cumulative", "2009").await, expected.outbound as i64, "{label}");
            assert_eq!(value(&store, "returned_students_cumulative", "2009").await, expected.returned as i64, "{label}");
            assert_eq!(value(&store, "outbound_departures", "2009").await, expected.departures_2009 as i64, "{label}");
            assert_eq!(value(&store, "studying_abroad", "2009").await, expected.abroad as i64, "{label}");
            assert_eq!(
                sums(&store, "outbound_students_cumulative", "destination_country", "2009").await,
                expected.first_country,
                "{label}"
            );
            // Quarters and months of a year add up to the year for a flow.
            let mut quarters = 0;
            for q in ["2009Q1", "2009Q2", "2009Q3", "2009Q4"] {
                quarters += value(&store, "outbound_departures", q).await;
            }
            assert_eq!(quarters, expected.departures_2009 as i64, "{label}");
            let mid = NaiveDate::from_ymd_opt(1995, 6, 30).unwrap();
            let c = study_counts(&text, mid);
            assert_eq!(value(&store, "studying_abroad", "1995-06").await, c.abroad as i64, "{label}");
            assert_eq!(value(&store, "outbound_students_cumulative", "1995Q2").await, c.outbound as i64, "{label}");

            // An edit: the person of the first record returns in 2009 instead.
            let person_id: i64 = sqlx::query_scalar("SELECT person_id FROM study_abroad WHERE record_ref = 'SYN00000000'")
                .fetch_one(store.pool())
                .await
                .unwrap();
            let records = store.person_study_records(StudyKind::StudyAbroad, person_id).await.unwrap();
            let record = &records[0];
            let mut values: Vec<(&'static str, Option<String>)> = StudyKind::StudyAbroad
                .columns()
                .iter()
                .map(|c| (*c, record.values.get(*c).cloned().flatten()))
                .collect();
            for v in &mut values {
                if v.0 == "return_date" {
                    v.1 = Some("2009-11-15".into());
                }
            }
            store
                .update_study_record("tester", StudyKind::StudyAbroad, record.id, record.version, &values)
                .await
                .unwrap();
            assert_consistent(&store, label, "an edit").await;
            // A new episode for a new person in 2009, then its deletion.
            let new_person: i64 = sqlx::query_scalar(
                "INSERT INTO person (name_latin, sex, birth_date, nationality, version, created_at, updated_at) \
                 VALUES ('Test Person', 'F', '1990-01-01', 'CN', 1, 'x', 'x') RETURNING id",
            )
            .fetch_one(store.pool())
            .await
            .unwrap();
            let before = value(&store, "outbound_students_cumulative", "2009").await;
            let created = store
                .create_study_record(
                    "tester",
                    StudyKind::StudyAbroad,
                    new_person,
                    &[
                        ("destination_country", Some("DE".into())),
                        ("institution", Some("TU".into())),
                        ("isced_level", Some("7".into())),
                        ("field", None),
                        ("funding", Some("self_funded".into())),
                        ("departure_date", Some("2009-10-01".into())),
                        ("return_date", None),
                    ],
                )
                .await
                .unwrap();
            assert_eq!(value(&store, "outbound_students_cumulative", "2009").await, before + 1, "{label}");
            assert_eq!(value(&store, "outbound_students_cumulative", "2009-09").await, value(&store, "outbound_students_cumulative", "2009-09").await);
            assert_consistent(&store, label, "a new record").await;
            store
                .delete_study_record("tester", StudyKind::StudyAbroad, created.id, created.version)
                .await
                .unwrap();
            assert_eq!(value(&store, "outbound_students_cumulative", "2009").await, before, "{label}");
            assert_consistent(&store, label, "a deletion").await;
            // A person's sex changes: the breakdown by sex follows.
            let person = store.person(person_id, hrx_domain::access::Scope::All).await.unwrap().unwrap();
            let by_sex = sums(&store, "outbound_students_cumulative", "sex", "2009").await;
            let was_female = person.sex == "female";
            let p = hrx_domain::registry::Person {
                name_native: person.name_native.clone(),
                name_latin: person.name_latin.clone(),
                sex: if was_female { hrx_domain::registry::Sex::Male } else { hrx_domain::registry::Sex::Female },
                birth_date: NaiveDate::parse_from_str(&person.birth_date, "%Y-%m-%d").unwrap(),
                nationality: person.nationality.clone(),
                documents: Vec::new(),
                organisation_id: None,
            };
            store.update_person("tester", person_id, person.version, &p, hrx_domain::access::Scope::All).await.unwrap();
            let after = sums(&store, "outbound_students_cumulative", "sex", "2009").await;
            let moved = if was_female { ("female", "male") } else { ("male", "female") };
            assert_eq!(after[moved.0], by_sex[moved.0] - 1, "{label}");
            assert_eq!(after[moved.1], by_sex[moved.1] + 1, "{label}");
            assert_consistent(&store, label, "a person's edit").await;
            // Re-import with one record moved to another person and one return changed.
            let moved_text: String = text
                .lines()
                .map(|l| {
                    if l.starts_with("SYN00000005,") {
                        let mut f: Vec<String> = l.split(',').map(str::to_owned).collect();
                        f[1] = "SYNP00000009".into();
                        f.join(",")
                    } else if l.starts_with("SYN00000007,") {
                        let mut f: Vec<String> = l.split(',').map(str::to_owned).collect();
                        f[column(&text, "return_date")] = String::new();
                        f.join(",")
                    } else {
                        l.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            import(&store, ImportKind::StudyAbroad, &moved_text).await;
            assert_consistent(&store, label, "a re-import that moves a record").await;

            // A damaged aggregate is found, and a rebuild repairs it.
            sqlx::query("UPDATE stat_value SET value = value + 5 WHERE series = 'sa_departure' AND dim = '' AND month = 200909")
                .execute(store.pool())
                .await
                .unwrap();
            let report = store.check_statistics(10).await.unwrap();
            assert_eq!(report.differences_total, 1, "{label}");
            assert_eq!(report.differences[0].maintained - report.differences[0].recomputed, 5, "{label}");
            store.rebuild_statistics().await.unwrap();
            assert_consistent(&store, label, "a rebuild").await;
        }
    })
    .await;
}

#[tokio::test]
async fn foreign_student_and_permit_figures_follow_their_definitions() {
    let fs = "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,institution,province,isced_level,field,scholarship,enrolment_start,enrolment_end\n\
        F1,K1,Kim,Ji,F,1980-01-01,KR,Uni,110000,6,Law,self_funded,1976-09-01,1979-06-30\n\
        F2,K1,Kim,Ji,F,1980-01-01,KR,Uni,110000,7,Law,self_funded,2009-09-01,\n\
        F3,R1,Roy,Anne,F,1985-01-01,FR,Uni,310000,6,Art,chinese_government,2007-09-01,2009-06-30\n\
        F4,U1,Lee,Sam,M,1970-01-01,US,Uni,310000,6,Art,other,1975-09-01,1977-06-30\n";
    let wp = "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,passport_number,employer_uscc,employer_name,province,isco_code,document_type,category,permit_number,valid_from,valid_to,cancelled_on\n\
        W1,G1,Smith,John,M,1970-01-01,GB,P1234567,,Old Co,310000,2511,alien_employment_permit,,AEP-1,2007-01-01,2008-12-31,\n\
        W2,G1,Smith,John,M,1970-01-01,GB,P1234567,,Old Co,310000,2511,alien_employment_permit,,AEP-2,2009-01-01,2010-12-31,\n\
        W3,J1,Sato,Yui,F,1980-01-01,JP,P2234567,,Old Co,310000,2511,alien_employment_permit,,AEP-3,2008-05-01,2010-04-30,2009-12-31\n\
        W4,D1,Weber,Max,M,1975-01-01,DE,P3234567,,Other Co,110000,2330,foreign_expert_certificate,,FEC-1,2009-09-01,2009-12-31,\n";
    on_each_backend(|store, label| async move {
        import(&store, ImportKind::ForeignStudents, fs).await;
        import(&store, ImportKind::WorkPermits, wp).await;
        assert_consistent(&store, label, "the imports").await;
        // F1 counts in 1978 and 1979, F3 in 2007 to 2009, F2 in 2009; F4 never. Valid on
        // 31 December 2009: G1 (W2) and D1 (to that day); J1 was cancelled on it.
        for (code, period, expected) in [
            ("foreign_students", "2009", 2),
            ("foreign_students", "2009Q4", 1),
            ("foreign_students", "1978", 1),
            ("foreign_students_cumulative", "2009", 6),
            ("foreign_student_source_countries", "2009", 2),
            ("foreign_student_source_countries", "2006", 1),
            ("work_permits_valid", "2009", 2),
            ("work_permits_valid", "2009-11", 3),
            ("work_permits_valid", "2010", 1),
            ("work_permits_issued", "2009", 2),
        ] {
            let found = value(&store, code, period).await;
            assert_eq!(found, expected, "{label}: {code} {period}");
        }
        assert_eq!(
            sums(&store, "foreign_students", "nationality", "2009").await,
            HashMap::from([("KR".to_owned(), 1), ("FR".to_owned(), 1)]),
            "{label}"
        );
        assert_eq!(
            sums(&store, "work_permits_valid", "nationality", "2009").await,
            HashMap::from([("GB".to_owned(), 1), ("DE".to_owned(), 1)]),
            "{label}"
        );
        // A permit re-imported with a later cancellation counts again.
        let changed = wp.replace("2010-04-30,2009-12-31", "2010-04-30,2010-01-31");
        import(&store, ImportKind::WorkPermits, &changed).await;
        assert_eq!(
            value(&store, "work_permits_valid", "2009").await,
            3,
            "{label}"
        );
        assert_consistent(&store, label, "a re-import").await;
    })
    .await;
}

/// Splits a CSV line of the generated files (no quoted commas in them).
fn fields(line: &str) -> Vec<&str> {
    line.split(',').collect()
}

#[tokio::test]
async fn generated_enrolments_and_permits_give_the_counts_computed_from_their_files() {
    use hrx_domain::synthetic::{
        write_foreign_students, write_work_permits, ForeignStudentPlan, WorkPermitPlan,
    };
    let mut fs_plan = ForeignStudentPlan::demo(5);
    fs_plan.enrolments_person_times = 6_000;
    fs_plan.countries = 40;
    let mut bytes = Vec::new();
    write_foreign_students(&fs_plan, &mut bytes).unwrap();
    let fs_text = String::from_utf8(bytes).unwrap();
    let mut wp_plan = WorkPermitPlan::demo(5);
    wp_plan.valid_persons = 700;
    wp_plan.lapsed_persons = 300;
    wp_plan.employers = 40;
    let mut bytes = Vec::new();
    write_work_permits(&wp_plan, &mut bytes).unwrap();
    let wp_text = String::from_utf8(bytes).unwrap();

    // The definitions of ../shared/spec/indicators.md, applied to the files' rows.
    let header: Vec<&str> = fields(fs_text.lines().next().unwrap());
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (start, end, nat) = (
        col("enrolment_start"),
        col("enrolment_end"),
        col("nationality"),
    );
    let rows: Vec<Vec<&str>> = fs_text.lines().skip(1).map(fields).collect();
    let overlaps = |r: &Vec<&str>, from: &str, to: &str| {
        r[start] <= to && (r[end].is_empty() || r[end] >= from)
    };
    let in_2009 = rows
        .iter()
        .filter(|r| overlaps(r, "2009-01-01", "2009-12-31"))
        .count() as i64;
    let cumulative: i64 = (1978..=2009)
        .map(|y| {
            let (a, b) = (format!("{y}-01-01"), format!("{y}-12-31"));
            rows.iter().filter(|r| overlaps(r, &a, &b)).count() as i64
        })
        .sum();
    let countries = rows
        .iter()
        .filter(|r| overlaps(r, "1978-01-01", "2009-12-31"))
        .map(|r| r[nat])
        .collect::<HashSet<_>>()
        .len() as i64;
    let mut by_nationality: HashMap<String, i64> = HashMap::new();
    for r in rows
        .iter()
        .filter(|r| overlaps(r, "2009-01-01", "2009-12-31"))
    {
        *by_nationality.entry(r[nat].to_owned()).or_default() += 1;
    }
    let header: Vec<&str> = fields(wp_text.lines().next().unwrap());
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (person, from, to, cancelled) = (
        col("person_ref"),
        col("valid_from"),
        col("valid_to"),
        col("cancelled_on"),
    );
    let e = "2009-12-31";
    let permits: Vec<Vec<&str>> = wp_text.lines().skip(1).map(fields).collect();
    let valid = permits
        .iter()
        .filter(|r| r[from] <= e && r[to] >= e && (r[cancelled].is_empty() || r[cancelled] > e))
        .map(|r| r[person])
        .collect::<HashSet<_>>()
        .len() as i64;
    let issued = permits
        .iter()
        .filter(|r| r[from].starts_with("2009-"))
        .count() as i64;
    assert_eq!((cumulative, countries, valid), (6_000, 40, 700));

    on_each_backend(|store, label| {
        let (fs_text, wp_text, by_nationality) =
            (fs_text.clone(), wp_text.clone(), by_nationality.clone());
        async move {
            import(&store, ImportKind::ForeignStudents, &fs_text).await;
            import(&store, ImportKind::WorkPermits, &wp_text).await;
            assert_consistent(&store, label, "the imports").await;
            assert_eq!(
                value(&store, "foreign_students", "2009").await,
                in_2009,
                "{label}"
            );
            assert_eq!(
                value(&store, "foreign_students_cumulative", "2009").await,
                cumulative,
                "{label}"
            );
            assert_eq!(
                value(&store, "foreign_student_source_countries", "2009").await,
                countries,
                "{label}"
            );
            assert_eq!(
                sums(&store, "foreign_students", "nationality", "2009").await,
                by_nationality,
                "{label}"
            );
            assert_eq!(
                value(&store, "work_permits_valid", "2009").await,
                valid,
                "{label}"
            );
            assert_eq!(
                value(&store, "work_permits_issued", "2009").await,
                issued,
                "{label}"
            );
            same_through_the_pool(&store, label).await;
        }
    })
    .await;
}

/// On a SQLite file the figures are read on the calling thread; the pool gives the same
/// answer for every indicator, breakdown and kind of period.
async fn same_through_the_pool(store: &Store, label: &str) {
    assert_eq!(store.reads_figures_directly(), label == "sqlite", "{label}");
    let pooled = store.reading_through_pool();
    assert!(!pooled.reads_figures_directly());
    let mut compared = 0;
    for indicator in hrx_domain::statistics::catalogue().unwrap() {
        let code = indicator.code.as_str();
        let dims = std::iter::once("").chain(indicator.breakdowns.iter().map(|b| {
            hrx_domain::statistics::BREAKDOWNS
                .iter()
                .copied()
                .find(|d| d == b)
                .unwrap()
        }));
        for dim in dims {
            for period in ["2009", "2009Q4", "2009-12", "2005"] {
                let direct = sums(store, code, dim, period).await;
                assert_eq!(
                    direct,
                    sums(&pooled, code, dim, period).await,
                    "{label}: {code} by {dim:?} in {period}"
                );
                compared += usize::from(!direct.is_empty());
            }
        }
    }
    assert!(compared > 20, "{label}: only {compared} non-empty answers");
}
