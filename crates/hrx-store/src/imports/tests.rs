#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use std::sync::atomic::AtomicU64 as Pages;

static MAX_PAGES: Pages = Pages::new(0);

pub(super) fn max_pages() -> Option<u64> {
    Some(MAX_PAGES.load(Ordering::Relaxed)).filter(|p| *p > 0)
}

#[tokio::test]
async fn a_full_disk_is_said_and_recorded_and_nothing_is_written() {
    let dir = std::env::temp_dir().join(format!("hrx-full-{}", crate::random_name().unwrap()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.join("hrx.db").display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(store.pool())
        .await
        .unwrap();
    // Room for a few pages more than the empty database: far less than the file needs.
    MAX_PAGES.store(u64::try_from(pages).unwrap() + 20, Ordering::Relaxed);
    let file = dir.join("study.csv");
    let plan = hrx_domain::synthetic::StudyAbroadPlan {
        seed: 7,
        persons: 5_000,
        episodes: 5_000,
        returned: 1_000,
        first_year: 1990,
        last_year: 2009,
        returned_by: chrono::NaiveDate::from_ymd_opt(2009, 12, 31).unwrap(),
    };
    let mut out = std::fs::File::create(&file).unwrap();
    hrx_domain::synthetic::write_study_abroad(&plan, &mut out).unwrap();
    let options = ImportOptions {
        kind: ImportKind::StudyAbroad,
        skip_invalid: false,
        ignore_unknown_columns: false,
        rejects: None,
        actor: "test".into(),
        file_name: "study.csv".into(),
        today: chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
    };
    let error = store
        .import_file(&file, options, Progress::new())
        .await
        .unwrap_err();
    MAX_PAGES.store(0, Ordering::Relaxed);
    assert!(error.to_string().contains("the disk is full"), "{error}");
    let persons: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM person")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(persons, 0);
    let status: String =
        sqlx::query_scalar("SELECT status FROM import_run ORDER BY id DESC LIMIT 1")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(status, "failed");
    let _ = std::fs::remove_dir_all(&dir);
}
