//! `hrx demo` on each backend, at a small scale: the 2009 figures computed from the loaded
//! records equal the plan's (at scale 1 they are the published ones), the coverage figures
//! equal counts made here from the generated certificates file, the maintained figures agree
//! with a recompute, and a second run refuses to mix the dataset with held records.

use crate::support::hrx;
use hrx_domain::statistics::series::{formula, Period};
use hrx_store::testing::fresh_databases;
use std::collections::HashSet;
use std::path::Path;

const SCALE: &str = "0.003";

/// The 2009 coverage figures counted from the demo's certificates file: distinct persons
/// holding an inbound certificate valid on 2009-12-31 and not revoked on or before it, and
/// certificates of both directions whose first day (the day an imported certificate counts
/// as issued) falls in 2009; with the number of rows.
fn coverage_figures_2009(path: &Path) -> (i64, i64, usize) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(!text.contains('"'), "the generator writes no quoted fields");
    let mut lines = text.lines();
    let names: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| names.iter().position(|n| *n == name).unwrap();
    let (person, direction, from, to, revoked) = (
        col("person_ref"),
        col("direction"),
        col("valid_from"),
        col("valid_to"),
        col("revoked_on"),
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let e = "2009-12-31";
    let exempt: HashSet<&str> = rows
        .iter()
        .filter(|r| {
            assert_eq!(r.len(), names.len(), "{r:?}");
            r[direction] == "inbound"
                && r[from] <= e
                && e <= r[to]
                && (r[revoked].is_empty() || r[revoked] > e)
        })
        .map(|r| r[person])
        .collect();
    let issued = rows.iter().filter(|r| r[from].starts_with("2009-")).count();
    (exempt.len() as i64, issued as i64, rows.len())
}

/// The 2009 training figures counted from the demo's training-abroad file: participations
/// whose departure falls in 2009, and the distinct persons among them.
fn training_figures_2009(path: &Path) -> (i64, i64) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let names: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| names.iter().position(|n| *n == name).unwrap();
    let (person, departure) = (col("person_ref"), col("departure_date"));
    let rows: Vec<Vec<&str>> = lines
        .map(|l| l.split(',').collect::<Vec<&str>>())
        .filter(|r| r[departure].starts_with("2009-"))
        .collect();
    let persons: HashSet<&str> = rows.iter().map(|r| r[person]).collect();
    (rows.len() as i64, persons.len() as i64)
}

#[tokio::test]
async fn the_demo_dataset_reproduces_its_plan_on_each_backend() {
    let plans = hrx::demo::plans(0.003, 2009).unwrap();
    for db in fresh_databases().await.unwrap() {
        let label = db.label;
        let dir =
            std::env::temp_dir().join(format!("hrx-demo-{}", hrx_store::random_name().unwrap()));
        let run = |args: &[&str]| {
            hrx()
                .arg("--data-dir")
                .arg(&dir)
                .arg("--database-url")
                .arg(&db.url)
                .args(args)
                .output()
                .unwrap()
        };
        let out = run(&["demo", "--scale", SCALE, "--keep-files"]);
        let printed = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{label}: {printed} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            printed.contains("synthetic dataset loaded"),
            "{label}: {printed}"
        );
        let check = run(&["stats", "check"]);
        assert!(
            check.status.success(),
            "{label}: {}",
            String::from_utf8_lossy(&check.stdout)
        );

        let store = db.store().await.unwrap();
        let year = Period::parse("2009").unwrap();
        let value = |code: &'static str| {
            let store = store.clone();
            let year = year.clone();
            async move {
                store
                    .indicator_sums(formula(code).unwrap(), "", &year)
                    .await
                    .unwrap()
                    .get("")
                    .copied()
                    .unwrap_or(0)
            }
        };
        for (code, planned) in [
            (
                "outbound_students_cumulative",
                plans.study_abroad.persons as i64,
            ),
            (
                "returned_students_cumulative",
                plans.study_abroad.returned as i64,
            ),
            (
                "foreign_students_cumulative",
                plans.foreign_students.enrolments_person_times as i64,
            ),
            (
                "foreign_student_source_countries",
                plans.foreign_students.countries as i64,
            ),
            (
                "work_permits_valid",
                plans.work_permits.valid_persons as i64,
            ),
            // The register is reference data: the published 25 at any scale.
            ("ilo_conventions_ratified", 25),
            // "More than 80": the shipped instruments and the synthetic memoranda, each
            // partner with an instrument on record, at any scale.
            ("partner_countries", 82),
            // round(50,200 × scale) participations departing in 2009.
            (
                "trainees_sent_abroad",
                (50_200.0 * SCALE.parse::<f64>().unwrap()).round() as i64,
            ),
            // round(480,000 × scale) expert engagements in 2009.
            (
                "foreign_experts_came_to_work",
                (480_000.0 * SCALE.parse::<f64>().unwrap()).round() as i64,
            ),
            // The history's chain, at any scale: 1,099 Friendship laureates at the end of
            // 2009, 100 of them that year, and 61 ISTC laureates (the published 43 beside).
            ("friendship_awards_cumulative", 1_099),
            ("friendship_awards_conferred", 100),
            ("istc_awards_cumulative", 61),
            // round(1,002 × scale) nationals serving on 31 December 2009, default scope.
            (
                "nationals_in_international_organisations",
                (1_002.0 * SCALE.parse::<f64>().unwrap()).round().max(1.0) as i64,
            ),
        ] {
            assert_eq!(value(code).await, planned, "{label}: {code}");
        }
        let (exempt, issued, rows) =
            coverage_figures_2009(&dir.join("demo").join("demo-coverage-certificates.csv"));
        assert_eq!(rows as u64, plans.coverage.certificates, "{label}");
        assert!(exempt > 0 && issued > 0, "{label}: {exempt} {issued}");
        assert_eq!(value("coverage_exemptions_active").await, exempt, "{label}");
        assert_eq!(
            value("coverage_certificates_issued").await,
            issued,
            "{label}"
        );
        let (sent, persons) =
            training_figures_2009(&dir.join("demo").join("demo-training-abroad.csv"));
        assert_eq!(value("trainees_sent_abroad").await, sent, "{label}");
        assert_eq!(
            value("trainees_sent_abroad_persons").await,
            persons,
            "{label}"
        );
        assert!(
            printed.contains("trainees_sent_abroad 2009 = 151"),
            "{label}: {printed}"
        );
        assert!(
            printed.contains("istc_awards_cumulative 2009 = 61 (published 43, difference 18)"),
            "{label}: {printed}"
        );
        assert!(store.demo_loaded().await.unwrap(), "{label}");
        store.close().await;

        let again = run(&["demo", "--scale", SCALE]);
        assert!(!again.status.success(), "{label}");
        assert!(
            String::from_utf8_lossy(&again.stderr).contains("already holds"),
            "{label}: {}",
            String::from_utf8_lossy(&again.stderr)
        );
        db.drop_database().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}
