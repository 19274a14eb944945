//! The ILO conventions register, the calendar's base years and report cases, on both
//! databases.

use super::on_each_backend;
use crate::support::{assert_consistent, value};
use chrono::NaiveDate;
use hrx_domain::conventions::reports::{CommentInput, PointInput};
use hrx_domain::conventions::{Class, Event, EventKind};
use hrx_store::case::StepRequest;
use hrx_store::conventions::ReportRecord;
use hrx_store::{Store, StoreError};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[tokio::test]
async fn the_shipped_register_gives_the_convention_indicators() {
    on_each_backend(|store, label| async move {
        assert_eq!(store.conventions().await.unwrap().len(), 28, "{label}");
        assert_eq!(
            value(&store, "ilo_conventions_ratified", "2009").await,
            25,
            "{label}"
        );
        assert_eq!(
            value(&store, "ilo_conventions_in_force", "2010").await,
            22,
            "{label}"
        );
        assert_eq!(
            value(&store, "ilo_conventions_in_force", "1999-03").await,
            19,
            "{label}"
        );
        assert_eq!(
            value(&store, "ilo_conventions_in_force", "1999-04").await,
            16,
            "{label}"
        );
        assert_eq!(
            value(&store, "ilo_conventions_ratified", "2025").await,
            28,
            "{label}"
        );
        // Loading again changes nothing.
        store.migrate().await.unwrap();
        assert_eq!(
            store.convention_events().await.unwrap().len(),
            28 + 6 + 1,
            "{label}"
        );
        assert_consistent(&store, label, "loading").await;
    })
    .await;
}

#[tokio::test]
async fn events_take_effect_from_their_date_and_move_the_figures() {
    on_each_backend(|store, label| async move {
        let ratify = Event {
            convention: "C187".into(),
            effective: d("2027-03-01"),
            kind: EventKind::ratification(c187_titles(), 2006, Class::F, None),
        };
        let c = store
            .record_convention_event("admin", &ratify)
            .await
            .unwrap();
        assert_eq!(c.entry_into_force, Some(d("2028-03-01")), "{label}");
        assert_eq!(
            value(&store, "ilo_conventions_ratified", "2027").await,
            29,
            "{label}"
        );
        assert_eq!(
            value(&store, "ilo_conventions_in_force", "2027").await,
            22,
            "{label}"
        );
        assert_eq!(
            value(&store, "ilo_conventions_in_force", "2028").await,
            23,
            "{label}"
        );
        // A second ratification is refused and writes nothing.
        let again = store.record_convention_event("admin", &ratify).await;
        assert!(
            matches!(
                again,
                Err(StoreError::Refused {
                    code: "already_ratified",
                    ..
                })
            ),
            "{label}"
        );
        let denounce = Event {
            convention: "C187".into(),
            effective: d("2030-05-01"),
            kind: EventKind::Denunciation {
                cause_en: "test".into(),
                cause_zh: "测试".into(),
            },
        };
        store
            .record_convention_event("admin", &denounce)
            .await
            .unwrap();
        assert_eq!(
            value(&store, "ilo_conventions_in_force", "2030-04").await,
            23,
            "{label}"
        );
        assert_eq!(
            value(&store, "ilo_conventions_in_force", "2030-05").await,
            22,
            "{label}"
        );
        assert_eq!(
            value(&store, "ilo_conventions_ratified", "2030").await,
            29,
            "{label}"
        );
        assert_consistent(&store, label, "the events").await;
    })
    .await;
}

#[tokio::test]
async fn base_years_are_configuration_and_checked() {
    on_each_backend(|store, label| async move {
        let before = store
            .reporting_calendar()
            .await
            .unwrap()
            .reports(2024, 2030);
        let c100: Vec<i32> = before
            .iter()
            .filter(|r| r.convention == "C100")
            .map(|r| r.year)
            .collect();
        assert_eq!(c100, [2026, 2029], "{label}");
        store
            .set_reporting_base_year("admin", 3, "A-F", 2024)
            .await
            .unwrap();
        let after = store
            .reporting_calendar()
            .await
            .unwrap()
            .reports(2024, 2030);
        let c100: Vec<i32> = after
            .iter()
            .filter(|r| r.convention == "C100")
            .map(|r| r.year)
            .collect();
        assert_eq!(c100, [2024, 2027, 2030], "{label}");
        match store.set_reporting_base_year("admin", 4, "A-F", 2024).await {
            Err(StoreError::Invalid(e)) => {
                assert_eq!(e.code_for("cycle_years"), Some("unknown_cycle"))
            }
            other => panic!("{label}: {other:?}"),
        }
        match store.set_reporting_base_year("admin", 6, "A-F", 2024).await {
            Err(StoreError::Invalid(e)) => assert_eq!(e.code_for("group"), Some("unknown_group")),
            other => panic!("{label}: {other:?}"),
        }
    })
    .await;
}

/// The step `action` of report `r` at its current version, by `actor`.
async fn take(
    store: &Store,
    actor: &str,
    r: &ReportRecord,
    action: &str,
    organisations: (Option<&str>, Option<&str>),
) -> Result<ReportRecord, StoreError> {
    let request = step(action, r.version);
    store
        .report_step(actor, r.id, &request, organisations)
        .await
}

fn step<'a>(action: &'a str, version: i64) -> StepRequest<'a> {
    StepRequest {
        action,
        role: "officer",
        comment: None,
        expected_version: version,
        today: d("2026-05-01"),
    }
}

#[tokio::test]
async fn a_report_runs_from_request_to_comments_with_maker_checker() {
    on_each_backend(|store, label| async move {
        let r = store
            .open_report("drafter", "C100", 2026, false)
            .await
            .unwrap();
        assert_eq!(
            (r.report_type.as_str(), r.due_on.as_str()),
            ("regular", "2026-09-01"),
            "{label}"
        );
        assert!(r.reason.contains("group A-F"), "{label}: {}", r.reason);
        // One case per convention and year; none where nothing is due.
        assert!(
            store
                .open_report("drafter", "C100", 2026, false)
                .await
                .is_err(),
            "{label}"
        );
        let not_due = store.open_report("drafter", "C100", 2027, false).await;
        assert!(
            matches!(
                not_due,
                Err(StoreError::Refused {
                    code: "report_not_due",
                    ..
                })
            ),
            "{label}"
        );
        let ooc = store
            .open_report("drafter", "C100", 2027, true)
            .await
            .unwrap();
        assert_eq!(ooc.report_type, "out_of_cycle", "{label}");
        let listed = store
            .reporting_calendar()
            .await
            .unwrap()
            .reports(2027, 2027);
        assert!(
            listed.iter().any(|x| x.convention == "C100"),
            "{label}: the request is in the calendar"
        );

        let r = take(&store, "drafter", &r, "start_drafting", (None, None))
            .await
            .unwrap();
        let r = take(&store, "drafter", &r, "send_for_review", (None, None))
            .await
            .unwrap();
        // The drafter may not approve their own draft.
        let own = take(
            &store,
            "drafter",
            &r,
            "send_copies",
            (Some("CEC"), Some("ACFTU")),
        )
        .await;
        assert!(
            matches!(own, Err(StoreError::Refused { .. })),
            "{label}: {own:?}"
        );
        let missing = take(&store, "checker", &r, "send_copies", (Some("CEC"), None)).await;
        match missing {
            Err(StoreError::Invalid(e)) => {
                assert_eq!(e.code_for("workers_organisation"), Some("required"))
            }
            other => panic!("{label}: {other:?}"),
        }
        let r = take(
            &store,
            "checker",
            &r,
            "send_copies",
            (Some("CEC"), Some("ACFTU")),
        )
        .await
        .unwrap();
        assert_eq!(r.copies_sent_on.as_deref(), Some("2026-05-01"), "{label}");
        let stale = store
            .report_step(
                "checker",
                r.id,
                &step("submit", r.version - 1),
                (None, None),
            )
            .await;
        assert!(matches!(stale, Err(StoreError::Stale { .. })), "{label}");
        let r = take(&store, "checker", &r, "submit", (None, None))
            .await
            .unwrap();
        assert_eq!(
            (r.status.as_str(), r.due_on.as_str()),
            ("submitted", "2026-09-01"),
            "{label}"
        );

        let input = CommentInput {
            kind: "direct_request".into(),
            year: 2026,
            text_zh: "委员会请政府提供资料。".into(),
            text_en: "The Committee requests the Government to provide information.".into(),
            points: vec![PointInput {
                text: "Statistics on the gender pay gap".into(),
                owner: "Wages department".into(),
                due_date: "2027-06-30".into(),
            }],
        };
        let comment = input.check(d("2026-12-01")).unwrap();
        let saved = store
            .add_comment("checker", "C100", Some(r.id), &comment)
            .await
            .unwrap();
        assert_eq!(saved.points.len(), 1, "{label}");
        let r = store.report(r.id).await.unwrap().unwrap();
        assert_eq!(r.status, "comments_received", "{label}");
        let listed = store.comments(Some("C100")).await.unwrap();
        assert_eq!(listed.len(), 1, "{label}");
        assert_eq!(listed[0].points[0].owner, "Wages department", "{label}");
        assert!(
            store.comments(Some("C111")).await.unwrap().is_empty(),
            "{label}"
        );
    })
    .await;
}

/// The titles of C187, a convention China has not ratified, for a test ratification.
fn c187_titles() -> (String, String) {
    (
        "Promotional Framework for Occupational Safety and Health Convention".into(),
        "促进职业安全与卫生框架公约".into(),
    )
}
