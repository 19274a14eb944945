use super::on_each_backend;
use super::registry::{person, two_employers};
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::permits::application::{ApplicationDraft, ApplicationInput};
use hrx_domain::permits::points::{AssessmentInput, WorkLocationInput};
use hrx_domain::permits::PointsTable;
use hrx_store::permits::{ApplicationRecord, TransitionRequest};
use hrx_store::{Store, StoreError};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn draft(
    kind: &str,
    person_id: i64,
    permit_id: Option<i64>,
    contract_end: &str,
) -> ApplicationDraft {
    let input = ApplicationInput {
        kind: kind.into(),
        person_id,
        employer_id: None,
        permit_id,
        position: "Software engineer".into(),
        occupation: "25".into(),
        contract_start: "2025-10-01".into(),
        contract_end: contract_end.into(),
        assessment: AssessmentInput {
            assessment_date: "2025-09-20".into(),
            birth_date: "1990-05-01".into(),
            annual_salary_cny: 300_000.0,
            education: "master".into(),
            related_experience_years: 4.0,
            months_in_china_per_year: 12.0,
            chinese: Default::default(),
            work_location: WorkLocationInput {
                province: "310000".into(),
                designated_area: false,
                city: None,
            },
            distinctions: Default::default(),
            local_bonus: 0,
            routes: Default::default(),
        },
        version: None,
    };
    let table = PointsTable::current().unwrap_or_else(|e| panic!("{e}"));
    ApplicationDraft::parse(&input, table).unwrap_or_else(|e| panic!("{e:?}"))
}

/// Files an application as the employer's clerk.
async fn file(
    store: &Store,
    draft: &ApplicationDraft,
    employer: i64,
    scope: Scope,
) -> Result<ApplicationRecord, StoreError> {
    store
        .create_application("clerk", draft, employer, scope)
        .await
}

/// Files a new application for the set-up's person as its employer, or fails naming `label`.
async fn file_new(
    store: &Store,
    s: &Setup,
    contract_end: &str,
    scope: Scope,
    label: &str,
) -> ApplicationRecord {
    let draft = draft("new", s.person, None, contract_end);
    file(store, &draft, s.employer, scope)
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"))
}

async fn step(
    store: &Store,
    app: &ApplicationRecord,
    action: &str,
    role: &str,
    comment: Option<&str>,
    today: NaiveDate,
) -> Result<ApplicationRecord, StoreError> {
    let request = TransitionRequest {
        action,
        role,
        comment,
        expected_version: app.version,
        category: None,
        today,
    };
    store
        .transition_application("tester", app.id, &request, Scope::All)
        .await
}

struct Setup {
    person: i64,
    employer: i64,
    other_employer: i64,
}

async fn setup(store: &Store) -> Setup {
    let (employer, other_employer) = two_employers(store).await;
    let person = store
        .create_person(
            "admin",
            &person("安娜", "Anna Berg", "C01X00T47", Some(employer)),
        )
        .await
        .map(|p| p.id)
        .unwrap_or_default();
    Setup {
        person,
        employer,
        other_employer,
    }
}

#[tokio::test]
async fn an_application_runs_to_an_active_permit_with_deadlines_on_the_official_calendar() {
    on_each_backend(|store, label| async move {
        let s = setup(&store).await;
        let app = file_new(
            &store,
            &s,
            "2027-09-30",
            Scope::Organisation(s.employer),
            label,
        )
        .await;
        assert_eq!(
            (
                app.status.as_str(),
                app.total_points,
                app.points_category.as_deref()
            ),
            ("draft", 66, Some("B"))
        );

        // Submitted on Thursday 25 September 2025: the pre-review limit of 5 working days
        // crosses the Sunday worked on 28 September and the 1-8 October holiday.
        let app = step(&store, &app, "submit", "employer", None, d(2025, 9, 25))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(app.due_date.as_deref(), Some("2025-10-09"), "{label}");
        // Accepted on 30 September: a B case gets 10 working days, past the holiday and the
        // Saturday worked on 11 October.
        let app = step(&store, &app, "accept", "officer", None, d(2025, 9, 30))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(app.due_date.as_deref(), Some("2025-10-21"), "{label}");

        let approved = step(&store, &app, "approve", "officer", None, d(2025, 10, 10))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(
            (approved.category.as_deref(), approved.due_date.as_deref()),
            (Some("B"), None)
        );
        let notice = step(
            &store,
            &approved,
            "issue_notice",
            "officer",
            None,
            d(2025, 10, 10),
        )
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"));
        let card = step(
            &store,
            &notice,
            "issue_card",
            "officer",
            None,
            d(2025, 10, 20),
        )
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"));
        let active = step(&store, &card, "activate", "officer", None, d(2025, 10, 20))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(active.status, "active");
        let actions: Vec<_> = active
            .transitions
            .iter()
            .map(|t| t.action.as_str())
            .collect();
        assert_eq!(
            actions,
            [
                "submit",
                "accept",
                "approve",
                "issue_notice",
                "issue_card",
                "activate"
            ]
        );

        let permits = store.permits_of_person(s.person).await.unwrap_or_default();
        assert_eq!(permits.len(), 1, "{label}");
        let permit = &permits[0];
        // B: two years from 20 October 2025, but never past the contract end.
        assert_eq!(
            (permit.valid_from.as_str(), permit.valid_until.as_str()),
            ("2025-10-20", "2027-09-30"),
            "{label}"
        );
        assert!(
            permit.number.starts_with("WP2025")
                && hrx_domain::permits::documents::permit_number_checks(&permit.number),
            "{label}: {}",
            permit.number
        );
        assert_eq!(
            store
                .permit_by_number(&permit.number.to_lowercase())
                .await
                .ok()
                .flatten()
                .map(|p| p.id),
            Some(permit.id)
        );
        let expiring = store
            .permits_expiring(d(2027, 7, 1), d(2027, 9, 30), Some(s.employer))
            .await
            .unwrap_or_default();
        assert_eq!(expiring.len(), 1);
        assert!(store
            .permits_expiring(d(2027, 7, 1), d(2027, 9, 30), Some(s.other_employer))
            .await
            .unwrap_or_default()
            .is_empty());
        assert_eq!(
            store.verify_audit().await.ok().and_then(Result::ok),
            Some(10),
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn refused_steps_change_nothing() {
    on_each_backend(|store, label| async move {
        let s = setup(&store).await;
        let app = file_new(&store, &s, "2027-09-30", Scope::All, label).await;
        let audit_before = store.verify_audit().await.ok().and_then(Result::ok);
        let today = d(2025, 9, 25);
        let skip = step(&store, &app, "approve", "officer", None, today).await;
        assert!(
            matches!(
                skip,
                Err(StoreError::Refused {
                    code: "transition_not_allowed",
                    ..
                })
            ),
            "{label}: {skip:?}"
        );
        let submitted = step(&store, &app, "submit", "employer", None, today)
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let by_employer = step(&store, &submitted, "accept", "employer", None, today).await;
        assert!(
            matches!(by_employer, Err(StoreError::Forbidden)),
            "{label}: {by_employer:?}"
        );
        let no_reason = step(&store, &submitted, "return", "officer", Some("  "), today).await;
        assert!(
            matches!(
                no_reason,
                Err(StoreError::Refused {
                    code: "comment_required",
                    ..
                })
            ),
            "{label}"
        );
        let stale = step(&store, &app, "accept", "officer", None, today).await;
        assert!(
            matches!(stale, Err(StoreError::Stale { current: 2 })),
            "{label}: {stale:?}"
        );
        let now = store
            .application(app.id, Scope::All)
            .await
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("{label}"));
        assert_eq!(
            (now.status.as_str(), now.version, now.transitions.len()),
            ("submitted", 2, 1),
            "{label}"
        );
        assert_eq!(
            store.verify_audit().await.ok().and_then(Result::ok),
            audit_before.map(|n| n + 1),
            "{label}"
        );

        let returned = step(
            &store,
            &now,
            "return",
            "officer",
            Some("Passport copy unreadable"),
            today,
        )
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(
            returned
                .transitions
                .last()
                .and_then(|t| t.comment.as_deref()),
            Some("Passport copy unreadable")
        );
        assert!(
            store
                .application(app.id, Scope::Organisation(s.other_employer))
                .await
                .ok()
                .flatten()
                .is_none(),
            "{label}"
        );
        let theirs = file(
            &store,
            &draft("new", s.person, None, "2027-09-30"),
            s.other_employer,
            Scope::Organisation(s.other_employer),
        )
        .await;
        assert!(
            matches!(
                theirs,
                Err(StoreError::UnknownReference { field: "person_id" })
            ),
            "{label}: another employer's person"
        );
    })
    .await;
}

#[tokio::test]
async fn an_extension_filed_later_than_30_days_before_expiry_is_refused() {
    on_each_backend(|store, label| async move {
        let s = setup(&store).await;
        let mut app = file_new(&store, &s, "2026-06-30", Scope::All, label).await;
        for (action, role) in [("submit", "employer"), ("accept", "officer"), ("approve", "officer"), ("issue_notice", "officer"), ("issue_card", "officer"), ("activate", "officer")] {
            app = step(&store, &app, action, role, None, d(2025, 10, 20)).await.unwrap_or_else(|e| panic!("{label}: {action}: {e}"));
        }
        let permit = store.permits_of_person(s.person).await.unwrap_or_default().remove(0);
        assert_eq!(permit.valid_until, "2026-06-30");
        let extension = store
            .create_application("clerk", &draft("extension", s.person, Some(permit.id), "2028-06-30"), s.employer, Scope::All)
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let late = step(&store, &extension, "submit", "employer", None, d(2026, 6, 1)).await;
        assert!(matches!(&late, Err(StoreError::Refused { code: "extension_too_late", detail }) if detail.contains("2026-05-31")), "{label}: {late:?}");
        let mut ext = step(&store, &extension, "submit", "employer", None, d(2026, 5, 31)).await.unwrap_or_else(|e| panic!("{label}: {e}"));
        for action in ["accept", "approve", "apply_extension"] {
            ext = step(&store, &ext, action, "officer", None, d(2026, 6, 5)).await.unwrap_or_else(|e| panic!("{label}: {action}: {e}"));
        }
        assert_eq!(ext.status, "extended");
        let permits = store.permits_of_person(s.person).await.unwrap_or_default();
        // B from 1 July 2026: two years, ending the day before the anniversary.
        assert_eq!((permits.len(), permits[0].valid_until.as_str(), permits[0].number.as_str()), (1, "2028-06-30", permit.number.as_str()), "{label}");
    })
    .await;
}

/// Eight notices issued at once (the probe got 4 × 500 on PostgreSQL, two steps reading the
/// same count of numbers issued): every step succeeds with a distinct, checked number.
#[tokio::test]
async fn concurrent_notices_get_distinct_permit_numbers() {
    on_each_backend(|store, label| async move {
        let s = setup(&store).await;
        let mut approved = Vec::new();
        for i in 0..8 {
            let worker = person(
                "安娜",
                &format!("Anna Berg {}", ["A", "B", "C", "D", "E", "F", "G", "H"][i]),
                &format!("C01X00U{i:02}"),
                Some(s.employer),
            );
            let person_id = store
                .create_person("admin", &worker)
                .await
                .map(|p| p.id)
                .unwrap_or_else(|e| panic!("{label}: {e}"));
            let app = file(
                &store,
                &draft("new", person_id, None, "2027-09-30"),
                s.employer,
                Scope::Organisation(s.employer),
            )
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
            let mut app = app;
            for (action, role) in [
                ("submit", "employer"),
                ("accept", "officer"),
                ("approve", "officer"),
            ] {
                app = step(&store, &app, action, role, None, d(2025, 9, 30))
                    .await
                    .unwrap_or_else(|e| panic!("{label}: {action}: {e}"));
            }
            approved.push(app);
        }
        let mut notices = tokio::task::JoinSet::new();
        for app in approved {
            let store = store.clone();
            notices.spawn(async move {
                step(
                    &store,
                    &app,
                    "issue_notice",
                    "officer",
                    None,
                    d(2025, 10, 10),
                )
                .await
                .map(|a| a.person_id)
            });
        }
        let mut numbers = std::collections::HashSet::new();
        while let Some(done) = notices.join_next().await {
            let person_id = done
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|e| panic!("{label}: {e}"));
            let number = store
                .permit_number_of(person_id)
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            assert!(
                hrx_domain::permits::documents::permit_number_checks(&number),
                "{label}: {number}"
            );
            numbers.insert(number);
        }
        assert_eq!(numbers.len(), 8, "{label}");
    })
    .await;
}
