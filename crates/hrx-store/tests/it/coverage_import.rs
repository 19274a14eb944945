//! Certificates of coverage through the bulk import engine on both backends: both directions
//! written with their derived columns, idempotence on record_ref, a changed row updating, a
//! bad row refusing the file, the statistics kept consistent, and the coverage indicators
//! equal to counts computed here from the rows written.

use crate::on_each_backend;
use crate::support::{
    self, assert_consistent, count, error_tuple, import_file, import_options, sums, value,
};
use chrono::NaiveDate;
use hrx_domain::imports::ImportKind;
use hrx_domain::statistics::series::Period;
use hrx_store::imports::{ImportError, ImportOptions, ImportReport, Progress};
use hrx_store::{Store, StoreError};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

const HEADER: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,agreement_code,direction,worker_category,employer_name,certificate_number,valid_from,valid_to,revoked_on";

/// Both directions; K1 holds two overlapping inbound certificates, D1's was revoked.
const ROWS: [&str; 7] = [
    "C1,K1,Kim,Minsu,M,1975-03-01,KR,CN-KR-2012,inbound,posted_worker,Seoul Trading,KR-0001,2014-01-01,2018-12-31,",
    "C2,K1,Kim,Minsu,M,1975-03-01,KR,CN-KR-2012,inbound,posted_worker,Seoul Trading,KR-0002,2018-06-01,2023-05-31,",
    "C3,D1,Weber,Max,M,1970-01-01,DE,CN-DE-2001,inbound,posted_worker,Berlin GmbH,DE-0001,2009-04-01,2013-03-31,2011-12-31",
    "C4,J1,Sato,Yui,F,1980-01-01,JP,CN-JP-2018,inbound,posted_worker,Tokyo KK,JP-0001,2022-09-01,2027-08-31,",
    "C5,Z1,张,伟,M,1982-05-05,CN,CN-JP-2018,outbound,posted_worker,上海某有限公司,CNJP-0001,2023-01-01,2027-12-31,",
    "C6,Z2,李,娜,F,1985-05-05,CN,CN-DE-2001,outbound,posted_worker,北京某有限公司,CNDE-0001,2010-01-01,2013-12-31,",
    "C7,F1,Virtanen,Aino,F,1990-01-01,FI,CN-FI-2014,inbound,self_employed,,FI-0001,2018-01-01,2019-12-31,",
];

fn file_text(rows: &[&str]) -> String {
    support::csv_text(HEADER, rows)
}

fn options() -> ImportOptions {
    import_options(ImportKind::CoverageCertificates, "certificates.csv")
}

fn temp_file(content: &str) -> PathBuf {
    support::temp_file("hrx-coverage", "certificates.csv", content)
}

async fn import(store: &Store, text: &str) -> ImportReport {
    support::import_text(store, ImportKind::CoverageCertificates, text).await
}

/// A certificate as written, with the derived columns.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Written {
    person_id: i64,
    number: String,
    direction: String,
    status: String,
    agreement: String,
    nationality: String,
    employer_id: Option<i64>,
    employer_name: Option<String>,
    posting: (String, String),
    valid_from: String,
    valid_to: String,
    revoked_on: Option<String>,
    issued_on: Option<String>,
    exempt_branches: String,
}

async fn written(store: &Store) -> HashMap<String, Written> {
    let rows = sqlx::query(
        "SELECT c.record_ref, c.person_id, c.number, c.direction, c.status, c.agreement_code, \
         p.nationality, c.employer_id, c.employer_name, c.posting_start, c.posting_end, \
         c.valid_from, c.valid_to, c.revoked_on, c.issued_on, c.exempt_branches \
         FROM coverage_certificate c JOIN person p ON p.id = c.person_id",
    )
    .fetch_all(store.pool())
    .await
    .unwrap();
    use sqlx::Row;
    rows.iter()
        .map(|r| {
            (
                r.get::<String, _>("record_ref"),
                Written {
                    person_id: r.get("person_id"),
                    number: r.get("number"),
                    direction: r.get("direction"),
                    status: r.get("status"),
                    agreement: r.get("agreement_code"),
                    nationality: r.get("nationality"),
                    employer_id: r.get("employer_id"),
                    employer_name: r.get("employer_name"),
                    posting: (r.get("posting_start"), r.get("posting_end")),
                    valid_from: r.get("valid_from"),
                    valid_to: r.get("valid_to"),
                    revoked_on: r.get("revoked_on"),
                    issued_on: r.get("issued_on"),
                    exempt_branches: r.get("exempt_branches"),
                },
            )
        })
        .collect()
}

#[tokio::test]
async fn certificates_of_both_directions_import_once_and_a_changed_row_updates() {
    on_each_backend(|store, label| async move {
        let text = file_text(&ROWS);
        let first = import(&store, &text).await;
        assert_eq!(first.status, "imported", "{label}: {:?}", first.errors);
        assert_eq!(
            (
                first.counts.created,
                first.counts.persons_created,
                first.counts.persons_matched
            ),
            (7, 6, 0),
            "{label}"
        );
        let rows = written(&store).await;
        assert_eq!(rows.len(), 7, "{label}");
        let c4 = &rows["C4"];
        assert_eq!(
            (
                c4.direction.as_str(),
                c4.status.as_str(),
                c4.nationality.as_str()
            ),
            ("inbound", "accepted", "JP"),
            "{label}"
        );
        assert_eq!(c4.issued_on.as_deref(), Some("2022-09-01"), "{label}");
        assert_eq!(
            c4.posting,
            ("2022-09-01".to_owned(), "2027-08-31".to_owned()),
            "{label}"
        );
        assert_eq!(c4.exempt_branches, "pension", "{label}");
        assert_eq!(
            (c4.employer_id, c4.employer_name.as_deref()),
            (None, Some("Tokyo KK")),
            "{label}"
        );
        assert_eq!(rows["C5"].status, "issued", "{label}");
        assert_eq!(rows["C5"].number, "CNJP-0001", "{label}");
        assert_eq!(rows["C1"].status, "expired", "{label}");
        assert_eq!(rows["C3"].status, "revoked", "{label}");
        assert_eq!(
            rows["C3"].revoked_on.as_deref(),
            Some("2011-12-31"),
            "{label}"
        );
        assert_eq!(
            rows["C3"].exempt_branches, "pension;unemployment",
            "{label}"
        );
        assert_eq!(rows["C7"].employer_name, None, "{label}");
        // The same person_ref is the same person.
        assert_eq!(rows["C1"].person_id, rows["C2"].person_id, "{label}");
        assert_consistent(&store, label, "the first import").await;

        // A second import of the same file changes nothing.
        let before = written(&store).await;
        let second = import(&store, &text).await;
        assert_eq!(second.status, "imported", "{label}");
        assert_eq!(
            (
                second.counts.created,
                second.counts.updated,
                second.counts.unchanged,
                second.counts.persons_created,
                second.counts.persons_matched
            ),
            (0, 0, 7, 0, 6),
            "{label}"
        );
        assert_eq!(written(&store).await, before, "{label}");
        assert_eq!(count(&store, "person").await, 6, "{label}");
        let versions: i64 =
            sqlx::query_scalar("SELECT CAST(SUM(version) AS BIGINT) FROM coverage_certificate")
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(versions, 7, "{label}");
        assert_consistent(&store, label, "the same file again").await;

        // J1's certificate revoked in the source: the row updates, and J1 stops counting.
        assert_eq!(
            value(&store, "coverage_exemptions_active", "2025").await,
            1,
            "{label}"
        );
        let changed = text.replace("2022-09-01,2027-08-31,", "2022-09-01,2027-08-31,2025-06-30");
        let third = import(&store, &changed).await;
        assert_eq!(
            (
                third.counts.created,
                third.counts.updated,
                third.counts.unchanged
            ),
            (0, 1, 6),
            "{label}"
        );
        let c4 = &written(&store).await["C4"];
        assert_eq!(
            (c4.status.as_str(), c4.revoked_on.as_deref()),
            ("revoked", Some("2025-06-30")),
            "{label}"
        );
        assert_eq!(
            value(&store, "coverage_exemptions_active", "2025").await,
            0,
            "{label}"
        );
        assert_eq!(
            value(&store, "coverage_exemptions_active", "2025-05").await,
            1,
            "{label}"
        );
        assert_consistent(&store, label, "an update").await;
        assert!(store.holds_statistical_records().await.unwrap(), "{label}");
    })
    .await;
}

#[tokio::test]
async fn a_file_with_one_bad_row_writes_nothing_and_names_it() {
    let cases = [
        (
            "C8,U1,Lee,Sam,M,1970-01-01,US,CN-US-2020,inbound,posted_worker,Acme,US-0001,2020-01-01,2021-12-31,",
            "agreement_code",
            "CN-US-2020",
            "unknown_agreement",
        ),
        (
            "C8,K2,Park,Ji,F,1980-01-01,KR,CN-KR-2012,inbound,seafarer,Busan Lines,KR-0009,2020-01-01,2021-12-31,",
            "worker_category",
            "seafarer",
            "category_not_covered",
        ),
        (
            "C8,K2,Park,Ji,F,1980-01-01,KR,CN-KR-2012,inbound,posted_worker,Busan Lines,KR-0009,2020-01-01,2019-12-31,",
            "valid_to",
            "2019-12-31",
            "before_start",
        ),
        (
            "C8,K2,Park,Ji,F,1980-01-01,KR,CN-KR-2012,outbound,posted_worker,Busan Lines,KR-0001,2020-01-01,2021-12-31,",
            "certificate_number",
            "KR-0001",
            "duplicate_number",
        ),
    ];
    on_each_backend(|store, label| async move {
        for (bad, column, value, reason) in &cases {
            let mut rows: Vec<&str> = ROWS.to_vec();
            rows.insert(4, bad);
            let report = import(&store, &file_text(&rows)).await;
            assert_eq!(report.status, "refused", "{label}: {reason}");
            assert_eq!(report.errors_total, 1, "{label}: {reason}");
            assert_eq!(
                error_tuple(&report.errors[0]),
                (6, *column, *value, *reason),
                "{label}"
            );
            assert_eq!(report.counts.created, 0, "{label}");
            assert_eq!(count(&store, "coverage_certificate").await, 0, "{label}");
            assert_eq!(count(&store, "person").await, 0, "{label}");
        }
        assert_consistent(&store, label, "the refused files").await;

        // With --skip-invalid the valid rows are written and the bad one is set aside.
        let mut rows: Vec<&str> = ROWS.to_vec();
        rows.push(cases[0].0);
        let path = temp_file(&file_text(&rows));
        let mut o = options();
        o.skip_invalid = true;
        let report = import_file(&store, &path, o).await;
        assert_eq!(
            (
                report.status.as_str(),
                report.counts.created,
                report.errors_total
            ),
            ("imported", 7, 1),
            "{label}"
        );
        let rejects = std::fs::read_to_string(report.rejects_file.unwrap()).unwrap();
        assert!(rejects.contains("unknown_agreement"), "{label}: {rejects}");
        assert!(rejects.contains("CN-US-2020"), "{label}: {rejects}");
        assert_eq!(count(&store, "coverage_certificate").await, 7, "{label}");
        assert_consistent(&store, label, "a file with a row skipped").await;

        // A number another record holds already refuses the whole file.
        let taken = "C9,K2,Park,Ji,F,1980-01-01,KR,CN-KR-2012,inbound,posted_worker,Busan Lines,KR-0001,2020-01-01,2021-12-31,";
        let path = temp_file(&file_text(&[taken, ROWS[3]]));
        let result = store.import_file(&path, options(), Progress::new()).await;
        assert!(
            matches!(
                result,
                Err(ImportError::Store(StoreError::Duplicate {
                    field: "certificate_number"
                }))
            ),
            "{label}: {result:?}"
        );
        assert_eq!(count(&store, "coverage_certificate").await, 7, "{label}");
        assert_eq!(count(&store, "person").await, 6, "{label}");
        assert_consistent(&store, label, "a refused duplicate number").await;
    })
    .await;
}

#[tokio::test]
async fn statistics_follow_a_certificate_that_moves_to_another_person() {
    on_each_backend(|store, label| async move {
        let text = file_text(&ROWS);
        import(&store, &text).await;
        assert_eq!(
            value(&store, "coverage_exemptions_active", "2019").await,
            2,
            "{label}"
        );
        // C2 belonged to K1; the source now gives it to a new person K9, and C7 to D1.
        let moved = text
            .replace(
                "C2,K1,Kim,Minsu,M,1975-03-01,KR",
                "C2,K9,Kim,Sora,F,1978-03-01,KR",
            )
            .replace(
                "C7,F1,Virtanen,Aino,F,1990-01-01,FI",
                "C7,D1,Weber,Max,M,1970-01-01,DE",
            );
        let report = import(&store, &moved).await;
        assert_eq!(
            (
                report.counts.updated,
                report.counts.unchanged,
                report.counts.persons_created
            ),
            (2, 5, 1),
            "{label}"
        );
        assert_consistent(&store, label, "a record moving to another person").await;
        // Mid-2018 K1 (C1) and K9 (C2) are two persons now; C7 counts for D1 (nationality DE).
        assert_eq!(
            value(&store, "coverage_exemptions_active", "2018-06").await,
            3,
            "{label}"
        );
        assert_eq!(
            sums(&store, "coverage_exemptions_active", "nationality", "2019").await,
            HashMap::from([("KR".to_owned(), 1), ("DE".to_owned(), 1)]),
            "{label}"
        );
        store.rebuild_statistics().await.unwrap();
        assert_consistent(&store, label, "a rebuild").await;
    })
    .await;
}

/// A generated file: people with one to three certificates of either direction under a
/// few agreements, some overlapping, some revoked.
fn generated(rows: usize) -> String {
    let agreements = [
        ("CN-DE-2001", "posted_worker", "DE"),
        ("CN-DE-2001", "seafarer", "DE"),
        ("CN-KR-2012", "posted_worker", "KR"),
        ("CN-KR-2012", "local_short_term", "KR"),
        ("CN-JP-2018", "posted_worker", "JP"),
        ("CN-FI-2014", "self_employed", "FI"),
        ("CN-CH-2015", "family_member", "CH"),
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut text = String::from(HEADER);
    text.push('\n');
    let mut person = 0;
    let mut i = 0;
    while i < rows {
        person += 1;
        let (code, category, country) = agreements[next(agreements.len() as u64) as usize];
        let outbound = next(4) == 0;
        let nationality = if outbound { "CN" } else { country };
        let direction = if outbound { "outbound" } else { "inbound" };
        let mut start = NaiveDate::from_ymd_opt(2005 + next(18) as i32, 1 + next(12) as u32, 1)
            .unwrap()
            + chrono::Days::new(next(28));
        for _ in 0..1 + next(3) {
            if i >= rows {
                break;
            }
            i += 1;
            let end = start + chrono::Days::new(180 + next(1500));
            let revoked = if next(5) == 0 {
                (start + chrono::Days::new(next(600))).to_string()
            } else {
                String::new()
            };
            text.push_str(&format!(
                "G{i:05},P{person:05},Person,{},{},1970-01-01,{nationality},{code},{direction},{category},Employer {},N-{i:05},{start},{end},{revoked}\n",
                crate::support::letters(person as usize),
                if person % 2 == 0 { "F" } else { "M" },
                person % 13,
            ));
            // The next certificate may overlap this one, touch it or leave a gap.
            start = match next(3) {
                0 => start + chrono::Days::new(next(300)),
                1 => end + chrono::Days::new(1),
                _ => end + chrono::Days::new(30 + next(400)),
            };
        }
    }
    text
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[tokio::test]
async fn coverage_indicators_equal_counts_from_the_rows_written() {
    let text = generated(600);
    on_each_backend(|store, label| {
        let text = text.clone();
        async move {
            let report = import(&store, &text).await;
            assert_eq!(report.status, "imported", "{label}: {:?}", report.errors);
            assert_eq!(report.counts.created, 600, "{label}");
            assert_consistent(&store, label, "the import").await;
            let rows: Vec<Written> = written(&store).await.into_values().collect();

            // Active on E: distinct persons with an accepted inbound certificate valid on E
            // and not revoked on or before it.
            let active_on = |e: NaiveDate, by: fn(&Written) -> String| {
                let mut persons: HashMap<i64, HashSet<String>> = HashMap::new();
                for r in rows.iter().filter(|r| {
                    r.direction == "inbound"
                        && r.issued_on.is_some()
                        && day(&r.valid_from) <= e
                        && day(&r.valid_to) >= e
                        && r.revoked_on.as_deref().is_none_or(|v| day(v) > e)
                }) {
                    persons.entry(r.person_id).or_default().insert(by(r));
                }
                persons
            };
            // Issued in a year: certificates with issued_on in it.
            let issued_in = |year: &str, by: fn(&Written) -> String| {
                let mut counts: HashMap<String, i64> = HashMap::new();
                for r in rows
                    .iter()
                    .filter(|r| r.issued_on.as_deref().is_some_and(|d| d.starts_with(year)))
                {
                    *counts.entry(by(r)).or_default() += 1;
                }
                counts
            };
            let mut checked = 0;
            for year in 2005..=2027 {
                let period = year.to_string();
                let e = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
                let active = active_on(e, |r| r.agreement.clone());
                assert_eq!(
                    value(&store, "coverage_exemptions_active", &period).await,
                    active.len() as i64,
                    "{label}: {period}"
                );
                // A person of the generated file holds certificates of one agreement only,
                // so the breakdown by agreement is the count per agreement.
                let mut by_agreement: HashMap<String, i64> = HashMap::new();
                for keys in active.values() {
                    assert_eq!(keys.len(), 1);
                    for k in keys {
                        *by_agreement.entry(k.clone()).or_default() += 1;
                    }
                }
                assert_eq!(
                    sums(&store, "coverage_exemptions_active", "agreement", &period).await,
                    by_agreement,
                    "{label}: {period}"
                );
                let issued = issued_in(&period, |_| String::new());
                assert_eq!(
                    value(&store, "coverage_certificates_issued", &period).await,
                    issued.get("").copied().unwrap_or(0),
                    "{label}: {period}"
                );
                assert_eq!(
                    sums(&store, "coverage_certificates_issued", "agreement", &period).await,
                    issued_in(&period, |r| r.agreement.clone()),
                    "{label}: {period}"
                );
                assert_eq!(
                    sums(&store, "coverage_certificates_issued", "direction", &period).await,
                    issued_in(&period, |r| r.direction.clone()),
                    "{label}: {period}"
                );
                assert_eq!(
                    sums(
                        &store,
                        "coverage_certificates_issued",
                        "nationality",
                        &period
                    )
                    .await,
                    issued_in(&period, |r| r.nationality.clone()),
                    "{label}: {period}"
                );
                checked += active.len();
            }
            assert!(checked > 500, "{label}: the file exercises few exemptions");
            // Month ends too, where the day of revocation or expiry matters.
            for month in ["2012-06", "2015-02", "2019-11"] {
                let p = Period::parse(month).unwrap();
                let e = NaiveDate::from_ymd_opt(p.last / 100, (p.last % 100) as u32 + 1, 1)
                    .unwrap_or(NaiveDate::from_ymd_opt(p.last / 100 + 1, 1, 1).unwrap())
                    .pred_opt()
                    .unwrap();
                assert_eq!(
                    value(&store, "coverage_exemptions_active", month).await,
                    active_on(e, |_| String::new()).len() as i64,
                    "{label}: {month}"
                );
            }
        }
    })
    .await;
}
