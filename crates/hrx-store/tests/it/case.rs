//! The case kernel on both databases, with a case type of the test's own: its workflow has a
//! maker-checker step, an objection window in working days, a comment that must be given and
//! a panel with weighted criteria and a quorum, so that every rule of the kernel is met.

use super::on_each_backend;
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::case::workflow::Workflow;
use hrx_store::case::{
    transitions_of, CaseHead, CaseType, PanelInput, QueueCase, QueueQuery, QueueSort, StepRequest,
    TransitionRecord,
};
use hrx_store::{Store, StoreError};
use serde::Serialize;
use std::sync::LazyLock;

const WORKFLOW: &str = include_str!("kernel-test-workflow.toml");

static FLOW: LazyLock<Result<Workflow, String>> = LazyLock::new(|| Workflow::parse(WORKFLOW));

#[derive(Debug, Clone, Serialize)]
struct TestCase {
    id: i64,
    version: i64,
    status: String,
    kind: String,
    status_since: String,
    transitions: Vec<TransitionRecord>,
}

struct KernelTestCase;

impl CaseType for KernelTestCase {
    const TYPE: &'static str = "kernel_test_case";
    const NOUN: &'static str = "test case";
    type Record = TestCase;

    fn workflow() -> Result<&'static Workflow, &'static str> {
        FLOW.as_ref().map_err(String::as_str)
    }

    fn head(r: &TestCase) -> CaseHead<'_> {
        CaseHead {
            version: r.version,
            status: &r.status,
            kind: &r.kind,
            status_since: &r.status_since,
        }
    }

    async fn load(
        conn: &mut sqlx::AnyConnection,
        id: i64,
        _scope: Scope,
    ) -> Result<Option<TestCase>, StoreError> {
        let row: Option<(i64, String, String, String)> = sqlx::query_as(
            "SELECT version, status, kind, status_since FROM kernel_test_case WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
        let Some((version, status, kind, status_since)) = row else {
            return Ok(None);
        };
        Ok(Some(TestCase {
            id,
            version,
            status,
            kind,
            status_since,
            transitions: transitions_of(conn, Self::TYPE, id).await?,
        }))
    }
}

impl QueueCase for KernelTestCase {
    const ALIAS: &'static str = "k";
    const COLUMNS: &'static str = "k.id, k.version, k.status, k.kind, k.status_since";
    const PERSON: &'static str = "k.person_id";
    const ORGANISATION: &'static str = "k.employer_id";
    const NUMBER: Option<&'static str> = Some("k.number");
    const KIND: &'static str = "k.kind";

    fn row(row: &sqlx::any::AnyRow) -> Result<TestCase, StoreError> {
        use sqlx::Row;
        Ok(TestCase {
            id: row.try_get("id")?,
            version: row.try_get("version")?,
            status: row.try_get("status")?,
            kind: row.try_get("kind")?,
            status_since: row.try_get("status_since")?,
            transitions: Vec::new(),
        })
    }
}

const TABLE: &str =
    "CREATE TABLE kernel_test_case (id BIGINT PRIMARY KEY, version BIGINT NOT NULL, \
    status TEXT NOT NULL, kind TEXT NOT NULL, status_since TEXT NOT NULL, due_date TEXT, \
    updated_at TEXT NOT NULL, person_id BIGINT, employer_id BIGINT, number TEXT)";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

async fn new_case(store: &Store, id: i64) {
    sqlx::query(
        "INSERT INTO kernel_test_case (id, version, status, kind, status_since, due_date, updated_at) \
         VALUES ($1, 1, 'draft', 'new', '2025-09-01', NULL, '2025-09-01T00:00:00.000Z')",
    )
    .bind(id)
    .execute(store.pool())
    .await
    .unwrap();
}

async fn step(
    store: &Store,
    actor: &str,
    role: &str,
    id: i64,
    (action, version, today): (&str, i64, &str),
    comment: Option<&str>,
) -> Result<TestCase, StoreError> {
    let request = StepRequest {
        action,
        role,
        comment,
        expected_version: version,
        today: day(today),
    };
    let mut open = store
        .open_step::<KernelTestCase>(actor, id, &request, Scope::All)
        .await?;
    open.apply(None, Vec::new()).await?;
    open.commit(store).await
}

fn refused(result: &Result<TestCase, StoreError>) -> &'static str {
    match result {
        Err(StoreError::Refused { code, .. }) => code,
        Err(StoreError::Stale { .. }) => "stale",
        Err(StoreError::Forbidden) => "forbidden",
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn scores(merit: f64, fit: f64) -> PanelInput {
    PanelInput {
        scores: vec![("merit".into(), merit), ("fit".into(), fit)],
        ..PanelInput::default()
    }
}

#[tokio::test]
async fn the_kernel_refuses_every_step_its_rules_forbid_and_changes_nothing() {
    on_each_backend(|store, label| async move {
        sqlx::query(TABLE).execute(store.pool()).await.unwrap();
        new_case(&store, 1).await;

        // Illegal transition, wrong role, stale version: refused, nothing written.
        let illegal = step(
            &store,
            "alice",
            "officer",
            1,
            ("decide", 1, "2025-09-02"),
            None,
        )
        .await;
        assert_eq!(refused(&illegal), "transition_not_allowed", "{label}");
        let role = step(
            &store,
            "emp",
            "employer",
            1,
            ("propose", 1, "2025-09-02"),
            None,
        )
        .await;
        assert_eq!(refused(&role), "forbidden", "{label}");
        let stale = step(
            &store,
            "alice",
            "officer",
            1,
            ("propose", 7, "2025-09-02"),
            None,
        )
        .await;
        assert!(
            matches!(stale, Err(StoreError::Stale { current: 1 })),
            "{label}: {stale:?}"
        );
        let proposed = step(
            &store,
            "alice",
            "officer",
            1,
            ("propose", 1, "2025-09-02"),
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            (proposed.version, proposed.status.as_str()),
            (2, "proposed")
        );

        // A missing reason.
        let bare = step(
            &store,
            "bob",
            "officer",
            1,
            ("return", 2, "2025-09-03"),
            Some(" "),
        )
        .await;
        assert_eq!(refused(&bare), "comment_required", "{label}");

        // Maker-checker: whoever proposed may not approve; someone else may.
        let own = step(
            &store,
            "alice",
            "officer",
            1,
            ("approve", 2, "2025-09-03"),
            None,
        )
        .await;
        assert_eq!(refused(&own), "same_actor", "{label}");
        let approved = step(
            &store,
            "bob",
            "officer",
            1,
            ("approve", 2, "2025-09-03"),
            None,
        )
        .await
        .unwrap();
        assert_eq!(approved.status, "approved");

        // The objection window: 5 working days from 2025-09-25 end on 2025-10-09 (National
        // Day holidays are not counted); nothing closes it early.
        let published = step(
            &store,
            "bob",
            "officer",
            1,
            ("publish", 3, "2025-09-25"),
            None,
        )
        .await
        .unwrap();
        assert_eq!(published.status_since, "2025-09-25");
        let early = step(
            &store,
            "carol",
            "officer",
            1,
            ("decide", 4, "2025-10-09"),
            None,
        )
        .await;
        assert_eq!(refused(&early), "window_open", "{label}");

        // The panel: a reviewer with a declared conflict gives no score and is left out; the
        // decision waits for the quorum of two scored reviews.
        store
            .review_case::<KernelTestCase>("r1", 1, &scores(90.0, 60.0), Scope::All)
            .await
            .unwrap();
        let conflicted_with_score = PanelInput {
            conflict: true,
            ..scores(10.0, 10.0)
        };
        let refusal = store
            .review_case::<KernelTestCase>("r2", 1, &conflicted_with_score, Scope::All)
            .await;
        assert!(
            matches!(refusal, Err(StoreError::Invalid(_))),
            "{label}: {refusal:?}"
        );
        let declared = PanelInput {
            conflict: true,
            conflict_note: Some("supervised the candidate".into()),
            ..PanelInput::default()
        };
        let r2 = store
            .review_case::<KernelTestCase>("r2", 1, &declared, Scope::All)
            .await
            .unwrap();
        assert_eq!((r2.conflict, r2.score), (true, None), "{label}");
        let out_of_scale = store
            .review_case::<KernelTestCase>("r3", 1, &scores(120.0, 50.0), Scope::All)
            .await;
        assert!(
            matches!(out_of_scale, Err(StoreError::Invalid(_))),
            "{label}"
        );
        let below = step(
            &store,
            "carol",
            "officer",
            1,
            ("decide", 4, "2025-10-10"),
            None,
        )
        .await;
        assert_eq!(refused(&below), "quorum_not_met", "{label}");
        let twice = store
            .review_case::<KernelTestCase>("r1", 1, &scores(10.0, 10.0), Scope::All)
            .await;
        assert!(
            matches!(
                twice,
                Err(StoreError::Refused {
                    code: "already_reviewed",
                    ..
                })
            ),
            "{label}"
        );
        store
            .review_case::<KernelTestCase>("r3", 1, &scores(60.0, 30.0), Scope::All)
            .await
            .unwrap();
        let panel = store.panel_summary::<KernelTestCase>(1).await.unwrap();
        // r1: (2·90 + 60) / 3 = 80; r3: (2·60 + 30) / 3 = 50; r2 declared a conflict.
        assert_eq!(
            (panel.scored, panel.quorum, panel.score),
            (2, 2, Some(65.0)),
            "{label}"
        );
        let decided = step(
            &store,
            "carol",
            "officer",
            1,
            ("decide", 4, "2025-10-10"),
            None,
        )
        .await
        .unwrap();
        assert_eq!((decided.status.as_str(), decided.version), ("decided", 5));
        let actions: Vec<(&str, &str)> = decided
            .transitions
            .iter()
            .map(|t| (t.action.as_str(), t.actor.as_str()))
            .collect();
        assert_eq!(
            actions,
            [
                ("propose", "alice"),
                ("approve", "bob"),
                ("publish", "bob"),
                ("decide", "carol")
            ],
            "{label}: only the steps taken are in the history"
        );

        // Assigned reviewers: once a case has a panel, no one else may review it.
        new_case(&store, 2).await;
        store
            .assign("admin", KernelTestCase::TYPE, 2, "r1", "reviewer")
            .await
            .unwrap();
        let outsider = store
            .review_case::<KernelTestCase>("r9", 2, &scores(50.0, 50.0), Scope::All)
            .await;
        assert!(matches!(outsider, Err(StoreError::Forbidden)), "{label}");
        assert_eq!(
            store
                .assignees(KernelTestCase::TYPE, 2, "reviewer")
                .await
                .unwrap(),
            ["r1"]
        );

        // Every step, review and assignment is in the audit chain, which still verifies.
        let audit: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'kernel_test_case'",
        )
        .fetch_one(store.pool())
        .await
        .unwrap();
        assert_eq!(
            audit,
            4 + 3 + 1,
            "{label}: 4 steps, 3 reviews, 1 assignment"
        );
    })
    .await;
}

fn ids(page: &hrx_store::case::QueuePage<TestCase>) -> Vec<i64> {
    page.items.iter().map(|c| c.id).collect()
}

#[tokio::test]
async fn a_queue_counts_searches_and_pages_by_key() {
    on_each_backend(|store, label| async move {
        sqlx::query(TABLE).execute(store.pool()).await.unwrap();
        let employer = store
            .create_organisation("admin", &super::registry::employer("甲公司", "91350100M000100Y43"))
            .await
            .unwrap()
            .id;
        let anna = store
            .create_person("admin", &super::registry::person("安娜", "Anna Berg", "C01X00T47", Some(employer)))
            .await
            .unwrap()
            .id;
        let wang = store
            .create_person("admin", &super::registry::person("王伟", "Wang Wei", "E11112222", None))
            .await
            .unwrap()
            .id;
        // (id, status, due date, person, employer)
        type Case<'a> = (i64, &'a str, Option<&'a str>, i64, Option<i64>);
        let cases: [Case; 7] = [
            (10, "draft", None, anna, Some(employer)),
            (11, "proposed", Some("2025-10-09"), wang, None),
            (12, "draft", Some("2025-10-01"), anna, Some(employer)),
            (13, "proposed", Some("2025-10-01"), wang, None),
            (14, "draft", None, wang, None),
            (15, "draft", Some("2025-09-30"), anna, Some(employer)),
            (16, "proposed", Some("2025-10-20"), anna, Some(employer)),
        ];
        for (id, status, due, person, org) in cases {
            sqlx::query(
                "INSERT INTO kernel_test_case (id, version, status, kind, status_since, due_date, updated_at, person_id, employer_id, number) \
                 VALUES ($1, 1, $2, 'new', '2025-09-01', $3, '2025-09-01T00:00:00.000Z', $4, $5, $6)",
            )
            .bind(id)
            .bind(status)
            .bind(due.map(str::to_owned))
            .bind(person)
            .bind(org)
            .bind(format!("N-{id}"))
            .execute(store.pool())
            .await
            .unwrap();
        }
        let query = |text: Option<&str>, status: Option<&str>, after: Option<String>| QueueQuery {
            text: text.map(str::to_owned),
            status: status.map(str::to_owned),
            after,
            sort: QueueSort::Due,
            limit: 3,
            ..QueueQuery::default()
        };
        // Soonest due first, ties by number, no due date last; each page starts after the last.
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .case_queue::<KernelTestCase>(&query(None, None, after.clone()), Scope::All)
                .await
                .unwrap();
            assert_eq!(page.total, 7, "{label}");
            seen.extend(ids(&page));
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, [15, 12, 13, 11, 16, 10, 14], "{label}");
        // Counts per status stay whole when one status is chosen.
        let drafts = store
            .case_queue::<KernelTestCase>(&query(None, Some("draft"), None), Scope::All)
            .await
            .unwrap();
        assert_eq!(drafts.total, 4, "{label}");
        assert_eq!(
            drafts.counts,
            [("draft".to_owned(), 4), ("proposed".to_owned(), 3)],
            "{label}"
        );
        assert!(!drafts.total_capped && !drafts.counts_capped, "{label}");
        // Each status is counted up to the cap, and the page says where counting stopped.
        for (cap, status, counts, total, capped) in [
            (3, None, vec![("draft", 3), ("proposed", 3)], 6, true),
            (3, Some("proposed"), vec![("draft", 3), ("proposed", 3)], 3, false),
            (3, Some("draft"), vec![("draft", 3), ("proposed", 3)], 3, true),
            (4, None, vec![("draft", 4), ("proposed", 3)], 7, false),
        ] {
            let mut q = query(None, status, None);
            q.count_cap = Some(cap);
            let page = store
                .case_queue::<KernelTestCase>(&q, Scope::All)
                .await
                .unwrap();
            let counts: Vec<(String, i64)> =
                counts.iter().map(|(s, n)| ((*s).to_owned(), *n)).collect();
            let case = format!("{label}: cap {cap}, {status:?}");
            assert_eq!(page.counts, counts, "{case}");
            assert_eq!((page.total, page.total_capped), (total, capped), "{case}");
            assert_eq!(page.counts_capped, cap == 3, "{case}");
        }
        // Free text: a name by prefix, a passport, the case's number or id.
        for (text, expected) in [
            ("anna", vec![15, 12, 16]),
            ("王", vec![13, 11, 14]),
            ("E11112222", vec![13, 11, 14]),
            ("N-12", vec![12]),
            ("#14", vec![14]),
        ] {
            let mut query = query(Some(text), None, None);
            query.limit = 10;
            let page = store
                .case_queue::<KernelTestCase>(&query, Scope::All)
                .await
                .unwrap();
            let mut want = expected.clone();
            if text == "anna" {
                want.push(10);
            }
            assert_eq!(ids(&page), want, "{label}: {text}");
        }
        // An employer sees its own cases only.
        let own = store
            .case_queue::<KernelTestCase>(
                &QueueQuery {
                    limit: 10,
                    sort: QueueSort::Newest,
                    ..QueueQuery::default()
                },
                Scope::Organisation(employer),
            )
            .await
            .unwrap();
        assert_eq!(ids(&own), [16, 15, 12, 10], "{label}");
        let bad = store
            .case_queue::<KernelTestCase>(&query(None, None, Some("nonsense".into())), Scope::All)
            .await;
        assert!(matches!(bad, Err(StoreError::Invalid(_))), "{label}");
    })
    .await;
}
