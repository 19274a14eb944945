//! Foreign experts' engagements through the bulk import engine on both backends (spec
//! foreign-experts-awards.md §4.2): an engagement counts in every year it overlaps, an expert
//! twice in a year as two person-times and one person, Hong Kong and Taiwan experts with
//! their origin; a mainland Chinese refused with the file; importing twice changing nothing;
//! a permit linked by its number; the statistics kept consistent.

use crate::on_each_backend;
use crate::support::{self, assert_consistent, count, error_tuple, sums, value};
use hrx_domain::imports::ImportKind;
use hrx_store::imports::ImportReport;
use hrx_store::Store;
use std::collections::HashMap;

const HEADER: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,expert_class,employer_name,programme,province,sector,start_date,end_date,document_ref";

/// E1 works twice in 2009; E2 from 2008 into 2009; E3 (Hong Kong) and E4 (Taiwan) in 2009;
/// E5 only in 2010; E6 from the last day of 2009 into 2010.
const ROWS: [&str; 7] = [
    "FE01,E1,Keller,Hans,M,1955-01-01,DE,economic_technical,Synthetic Motor Works,,310000,industry,2009-02-01,2009-05-31,F-2009-001",
    "FE02,E1,Keller,Hans,M,1955-01-01,DE,economic_technical,Synthetic Motor Works,,310000,industry,2009-09-01,2009-11-30,F-2009-002",
    "FE03,E2,Smith,Anne,F,1960-01-01,US,cultural_educational,Synthetic Normal University,,110000,education,2008-09-01,2009-01-31,",
    "FE04,E3,Chan,Tai Man,M,1965-01-01,HK,,Synthetic Hospital,,440000,health,2009-03-01,2009-03-31,",
    "FE05,E4,Lin,Mei,F,1970-01-01,TW,,Synthetic Electronics,high_end_foreign_experts_project,320000,industry,2009-06-01,2009-12-31,",
    "FE06,E5,Dubois,Marc,M,1962-01-01,FR,,Synthetic Vineyard,,650000,agriculture,2010-03-01,2010-10-31,",
    "FE07,E6,Sato,Ken,M,1958-01-01,JP,economic_technical,Synthetic Steel,,210000,industry,2009-12-31,2010-02-28,",
];

async fn import(store: &Store, rows: &[&str]) -> ImportReport {
    support::import_text(store, ImportKind::Experts, &support::csv_text(HEADER, rows)).await
}

#[tokio::test]
async fn engagements_count_in_every_year_they_overlap_and_import_once() {
    on_each_backend(|store, label| async move {
        let first = import(&store, &ROWS).await;
        assert_eq!(first.status, "imported", "{label}: {:?}", first.errors);
        assert_eq!((first.counts.created, first.counts.persons_created), (7, 6), "{label}");
        assert_eq!(value(&store, "foreign_experts_came_to_work", "2009").await, 6, "{label}");
        assert_eq!(value(&store, "foreign_experts_came_to_work", "2008").await, 1, "{label}");
        assert_eq!(value(&store, "foreign_experts_came_to_work", "2010").await, 2, "{label}");
        assert_eq!(value(&store, "foreign_experts_persons", "2009").await, 5, "{label}");
        assert_eq!(value(&store, "foreign_experts_persons", "2010").await, 2, "{label}");
        assert_eq!(
            sums(&store, "foreign_experts_came_to_work", "origin", "2009").await,
            HashMap::from([("foreign".to_owned(), 4), ("hk".to_owned(), 1), ("tw".to_owned(), 1)]),
            "{label}"
        );
        assert_eq!(
            sums(&store, "foreign_experts_came_to_work", "expert_class", "2009").await,
            HashMap::from([
                ("economic_technical".to_owned(), 3),
                ("cultural_educational".to_owned(), 1),
                ("unknown".to_owned(), 2),
            ]),
            "{label}"
        );
        assert_consistent(&store, label, "the first import").await;

        // The same file again changes nothing.
        let again = import(&store, &ROWS).await;
        assert_eq!(
            (again.counts.created, again.counts.updated, again.counts.unchanged),
            (0, 0, 7),
            "{label}"
        );
        assert_eq!(count(&store, "expert_engagement").await, 7, "{label}");
        assert_eq!(value(&store, "foreign_experts_came_to_work", "2009").await, 6, "{label}");

        // An engagement names its document: the permit of that number is linked once held.
        let permits = "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,passport_number,employer_uscc,employer_name,province,isco_code,document_type,category,permit_number,valid_from,valid_to,cancelled_on\n\
            WP1,E1,Keller,Hans,M,1955-01-01,DE,C0100001,,Synthetic Motor Works,310000,2144,foreign_expert_certificate,,F-2009-001,2009-02-01,2009-05-31,\n";
        let report = support::import_text(&store, ImportKind::WorkPermits, permits).await;
        assert_eq!(report.status, "imported", "{label}: {:?}", report.errors);
        let mut changed = ROWS.to_vec();
        let later = ROWS[0].replace("2009-05-31", "2009-06-30");
        changed[0] = &later;
        let third = import(&store, &changed).await;
        assert_eq!((third.counts.updated, third.counts.unchanged), (1, 6), "{label}");
        let linked: Option<i64> = sqlx::query_scalar(
            "SELECT e.work_permit_id FROM expert_engagement e WHERE e.record_ref = 'FE01'",
        )
        .fetch_one(store.pool())
        .await
        .unwrap_or_default();
        let permit: i64 = sqlx::query_scalar("SELECT id FROM work_permit WHERE number = 'F-2009-001'")
            .fetch_one(store.pool())
            .await
            .unwrap_or_default();
        assert_eq!(linked, Some(permit), "{label}");
        assert_consistent(&store, label, "a changed engagement").await;

        // A mainland Chinese is not an expert of this register: the file is refused whole.
        let mut rows = ROWS.to_vec();
        rows.push("FE08,E7,Wang,Wei,M,1966-01-01,CN,,Synthetic Works,,110000,industry,2009-01-01,2009-02-01,");
        let refused = import(&store, &rows).await;
        assert_eq!(refused.status, "refused", "{label}");
        let errors: Vec<_> = refused.errors.iter().map(error_tuple).collect();
        assert_eq!(errors, vec![(9, "nationality", "CN", "not_allowed")], "{label}");
        assert_eq!(count(&store, "expert_engagement").await, 7, "{label}");
        assert_consistent(&store, label, "the refused file").await;
    })
    .await;
}
