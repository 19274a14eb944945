//! International organisations on both databases: the register loaded from data, and the
//! vacancies import (a whole file or nothing, rows matched by organisation and reference,
//! the deadline kept in UTC beside its zone).

use super::support::temp_file;
use hrx_store::imports::small::SmallImportOptions;
use hrx_store::testing::on_each_backend;

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap_or_default()
}

const HEADER: &str = "organisation,reference_no,title,grade,job_family,duty_station,duty_country,posted_on,deadline,deadline_zone,subject_to_geo,funding,min_degree,degree_fields,min_years_experience,required_languages,fields_of_experience,age_max,age_on,eligible_nationalities,degree_substitution_allowed\n";
const GOOD: &str = "UNDP,10-ECO-001,Economist,P-3,Economic affairs,New York,US,2010-02-01,2010-03-15T23:59,America/New_York,no,regular_budget,master,economics,5,en:fluent;fr:working,economic analysis;statistics,,,,no\n";
const GENEVA: &str = "WHO,10-STA-002,Statistician,P-2,Statistics,Geneva,CH,2010-02-01,2010-04-30,Europe/Zurich,,unknown,master,statistics,2,en:fluent,statistics,32,2010-12-31,CN;IN,yes\n";
const BAD: &str = "NOPE,10-X-003,Clerk,G-4,,New York,usa,2010-02-01,2010-02-30,Mars/Olympus,maybe,,phd,,x,en-fluent,,,,,\n";

fn options(skip: bool) -> SmallImportOptions {
    SmallImportOptions {
        skip_invalid: skip,
        ignore_unknown_columns: false,
        rejects: None,
        actor: "io.officer".into(),
        file_name: "vacancies.csv".into(),
    }
}

#[tokio::test]
async fn the_vacancies_import_writes_a_whole_file_or_nothing() {
    on_each_backend(|store, label| async move {
        let today = d("2010-03-01");
        assert_eq!(store.io_organisations().await.unwrap().len(), 50, "{label}");
        let path = temp_file(
            "io",
            "vacancies.csv",
            &format!("{HEADER}{GOOD}{GENEVA}{BAD}"),
        );
        let report = store
            .import_io_vacancies(&path, &options(false), today)
            .await
            .unwrap();
        assert_eq!(report.status, "refused", "{label}");
        let columns: Vec<&str> = report.errors.iter().map(|e| e.column.as_str()).collect();
        for c in [
            "organisation",
            "duty_country",
            "min_degree",
            "min_years_experience",
            "required_languages",
            "subject_to_geo",
            "deadline_zone",
        ] {
            assert!(columns.contains(&c), "{label}: {c} in {columns:?}");
        }
        assert!(
            store.io_vacancies(false, today).await.unwrap().is_empty(),
            "{label}: nothing written"
        );

        let report = store
            .import_io_vacancies(&path, &options(true), today)
            .await
            .unwrap();
        assert_eq!(
            (
                report.status.as_str(),
                report.counts.created,
                report.counts.rows_rejected
            ),
            ("imported", 2, 1),
            "{label}"
        );
        let list = store.io_vacancies(true, today).await.unwrap();
        assert_eq!(list[0].deadline_utc, "2010-03-16T03:59:00+00:00", "{label}");
        assert_eq!(
            (
                list[1].deadline_local.as_str(),
                list[1].deadline_zone.as_str()
            ),
            ("2010-04-30 23:59", "Europe/Zurich"),
            "{label}"
        );
        assert_eq!(
            list[1].needs.eligible_nationalities,
            ["CN", "IN"],
            "{label}"
        );
        assert!(list[1].needs.degree_substitution_allowed, "{label}");

        // The same file again changes nothing; a changed title updates the vacancy.
        let again = store
            .import_io_vacancies(&path, &options(true), today)
            .await
            .unwrap();
        assert_eq!(
            (again.counts.created, again.counts.unchanged),
            (0, 2),
            "{label}"
        );
        let changed = temp_file(
            "io",
            "changed.csv",
            &format!("{HEADER}{}", GOOD.replace("Economist", "Senior Economist")),
        );
        let updated = store
            .import_io_vacancies(&changed, &options(false), today)
            .await
            .unwrap();
        assert_eq!(
            (updated.counts.updated, updated.counts.unchanged),
            (1, 0),
            "{label}"
        );
        // A file naming one vacancy twice is refused.
        let twice = temp_file("io", "twice.csv", &format!("{HEADER}{GOOD}{GOOD}"));
        let refused = store
            .import_io_vacancies(&twice, &options(false), today)
            .await
            .unwrap();
        assert_eq!(refused.errors[0].reason, "duplicate_in_file", "{label}");
    })
    .await;
}
