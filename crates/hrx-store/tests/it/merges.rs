//! Merging two person records that are one human, and undoing it (issue 22), on both
//! backends: every record moves to the survivor and back, the figures counted in persons
//! follow at once and equal a recompute, and every table that names a person is covered.

use crate::on_each_backend;
use crate::support::{assert_consistent, csv_text, import_text, value};
use hrx_domain::imports::ImportKind;
use hrx_store::registry::LINKED_TABLES;
use hrx_store::{Backend, Store, StoreError};

const STUDY: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,destination_country,institution,isced_level,field,funding,departure_date,return_date";
const TRAINING: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,programme_code,programme_type,host_country,host_institution,sending_unit,funding_channel,group_code,departure_date,return_date";
const COVERAGE: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,agreement_code,direction,worker_category,employer_name,certificate_number,valid_from,valid_to,revoked_on";

async fn person_of(store: &Store, source_ref: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM person WHERE source_ref = $1")
        .bind(source_ref)
        .fetch_one(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{source_ref}: {e}"))
}

/// How many rows of each linked table name the person.
async fn links(store: &Store, id: i64) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for table in LINKED_TABLES {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {table} WHERE person_id = $1"
        ))
        .bind(id)
        .fetch_one(store.pool())
        .await
        .unwrap_or(-1);
        if n != 0 {
            out.push((table, n));
        }
    }
    out
}

/// The tables whose foreign keys name `person`, from the schema itself.
async fn tables_naming_person(store: &Store) -> Vec<String> {
    let sql = match store.backend() {
        Backend::Sqlite => {
            "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
                            WHERE m.type = 'table' AND f.\"table\" = 'person' ORDER BY 1"
        }
        Backend::Postgres => {
            "SELECT DISTINCT c.conrelid::regclass::text FROM pg_constraint c \
                              WHERE c.contype = 'f' AND c.confrelid = 'person'::regclass ORDER BY 1"
        }
    };
    sqlx::query_scalar(sql)
        .fetch_all(store.pool())
        .await
        .unwrap_or_default()
}

#[tokio::test]
async fn a_merge_moves_every_record_and_an_unmerge_restores_the_links_and_the_figures() {
    on_each_backend(|store, label| async move {
        // Every table that names a person is moved by a merge, or is the registry's own.
        let own = ["person", "person_search_term", "person_match_key", "person_permit_number", "person_merge", "person_pair_decision"];
        for table in tables_naming_person(&store).await {
            assert!(
                LINKED_TABLES.contains(&table.as_str()) || own.contains(&table.as_str()),
                "{label}: {table} names a person and a merge would not move it"
            );
        }

        // One human entered twice: S1 by the study-abroad file and a training group, M1 by
        // another study-abroad row and a certificate of coverage.
        let study = csv_text(STUDY, &[
            "SA1,S1,张,伟,M,1982-05-05,US,MIT,7,Physics,self_funded,2005-09-01,2008-06-30",
            "SA2,M1,张,伟,M,1982-05-05,GB,Oxford,8,Physics,state_sponsored,2008-09-01,",
            "SA3,O1,李,娜,F,1985-01-01,JP,Kyoto,7,Law,self_funded,2006-04-01,",
        ]);
        let report = import_text(&store, ImportKind::StudyAbroad, &study).await;
        assert_eq!(report.status, "imported", "{label}: {report:?}");
        let training = csv_text(TRAINING, &[
            "T1,S1,张,伟,M,1982-05-05,SAFEA-2009-02,professional_technical,DE,Synthetic Training Centre,Synthetic Hubei Department of Education,,G2,2009-03-01,2009-03-21",
        ]);
        let report = import_text(&store, ImportKind::TrainingAbroad, &training).await;
        assert_eq!(report.status, "imported", "{label}: {report:?}");
        let coverage = csv_text(COVERAGE, &[
            "C1,M1,张,伟,M,1982-05-05,CN,CN-DE-2001,outbound,posted_worker,北京某有限公司,CNDE-0001,2010-01-01,2013-12-31,",
        ]);
        let report = import_text(&store, ImportKind::CoverageCertificates, &coverage).await;
        assert_eq!(report.status, "imported", "{label}: {report:?}");
        let (s, m) = (person_of(&store, "S1").await, person_of(&store, "M1").await);
        let before_s = links(&store, s).await;
        let before_m = links(&store, m).await;
        assert_eq!(before_m, [("study_abroad", 1), ("coverage_certificate", 1)], "{label}");
        assert_eq!(value(&store, "outbound_students_cumulative", "2009").await, 3, "{label}");
        assert_eq!(value(&store, "studying_abroad", "2009").await, 2, "{label}");

        // The timeline: every record in date order, each with its page.
        let timeline = store.person_timeline(s).await.unwrap_or_default();
        let seen: Vec<(&str, &str)> = timeline.iter().map(|e| (e.date.as_str(), e.kind.as_str())).collect();
        assert_eq!(
            seen,
            [("2005-09-01", "study_abroad_departure"), ("2008-06-30", "study_abroad_return"), ("2009-03-01", "training_abroad")],
            "{label}"
        );
        assert!(timeline[0].record.starts_with("/study-abroad/"), "{label}: {timeline:?}");
        assert_eq!(timeline[2].record, "/training/participants?q=T1", "{label}");

        let merge = store
            .merge_persons("officer", s, m, &["name_latin".to_owned()])
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(merge.moved.get("study_abroad").map(Vec::len), Some(1), "{label}");
        assert_eq!(merge.moved.get("coverage_certificate").map(Vec::len), Some(1), "{label}");
        assert!(links(&store, m).await.is_empty(), "{label}");
        let after_s = links(&store, s).await;
        assert!(after_s.contains(&("study_abroad", 2)), "{label}: {after_s:?}");
        assert!(after_s.contains(&("coverage_certificate", 1)), "{label}: {after_s:?}");
        // Counted once now: the person left in 2005, and is abroad since the second episode.
        assert_eq!(value(&store, "outbound_students_cumulative", "2009").await, 2, "{label}");
        assert_eq!(value(&store, "studying_abroad", "2009").await, 2, "{label}");
        assert_consistent(&store, label, "the merge").await;
        let kinds: Vec<String> = store.person_timeline(s).await.unwrap_or_default().into_iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            ["study_abroad_departure", "study_abroad_return", "study_abroad_departure", "training_abroad", "coverage_certificate"],
            "{label}: the merged person's records are on the survivor's timeline"
        );
        assert!(store.person_timeline(m).await.unwrap_or_default().is_empty(), "{label}");
        let merged = store.person(m, hrx_domain::access::Scope::All).await.ok().flatten();
        assert_eq!(merged.and_then(|p| p.merged_into), Some(s), "{label}");
        let history = store.history("person_merge", &merge.id.to_string()).await.unwrap_or_default();
        assert_eq!(history.len(), 1, "{label}: the merge is audited");

        // Merged already: refused, nothing written.
        let again = store.merge_persons("officer", s, m, &[]).await;
        assert!(matches!(again, Err(StoreError::Refused { code: "merged_already", .. })), "{label}: {again:?}");

        let undone = store
            .unmerge_persons("officer", merge.id)
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(undone.undone_by.as_deref(), Some("officer"), "{label}");
        assert_eq!(links(&store, s).await, before_s, "{label}");
        assert_eq!(links(&store, m).await, before_m, "{label}");
        assert_eq!(value(&store, "outbound_students_cumulative", "2009").await, 3, "{label}");
        assert_consistent(&store, label, "the unmerge").await;
        let restored = store.person(m, hrx_domain::access::Scope::All).await.ok().flatten();
        assert_eq!(restored.map(|p| p.merged_into), Some(None), "{label}");
        let twice = store.unmerge_persons("officer", merge.id).await;
        assert!(matches!(twice, Err(StoreError::Refused { code: "already_undone", .. })), "{label}: {twice:?}");
        let itself = store.merge_persons("officer", s, s, &[]).await;
        assert!(matches!(itself, Err(StoreError::Refused { code: "same_person", .. })), "{label}");
    })
    .await;
}
