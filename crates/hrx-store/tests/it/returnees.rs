//! Returnee services on both backends: credentials with verification, and a start-up call
//! from applications through reviews (conflicts declared, scores combined by the programme's
//! rule) to decisions within the budget, each step audited.

use crate::on_each_backend;
use chrono::NaiveDate;
use hrx_domain::returnees::{Credential, CredentialInput, ScoringRule};
use hrx_store::returnees::NewApplication;
use hrx_store::{Store, StoreError};

async fn person(store: &Store, name: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO person (name_latin, sex, birth_date, nationality, version, created_at, updated_at) \
         VALUES ($1, 'female', '1980-01-01', 'CN', 1, 'x', 'x') RETURNING id",
    )
    .bind(name)
    .fetch_one(store.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn a_call_is_reviewed_scored_and_decided_within_its_budget() {
    on_each_backend(|store, label| async move {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let p1 = person(&store, "Returnee One").await;
        let cred = Credential::parse(
            &CredentialInput {
                institution: "Technische Universität München".into(),
                country: "DE".into(),
                degree: "8".into(),
                field: Some("Robotics".into()),
                awarded_on: "2008-06-30".into(),
                verification_status: None,
            },
            today,
        )
        .unwrap();
        let c = store.add_credential("officer", p1, &cred).await.unwrap();
        assert_eq!(c.verification_status, "pending", "{label}");
        let stale = store.set_credential_verification("officer", c.id, 9, "verified").await;
        assert!(matches!(stale, Err(StoreError::Stale { .. })), "{label}");
        let v = store.set_credential_verification("officer", c.id, 1, "verified").await.unwrap();
        assert_eq!((v.verification_status.as_str(), v.version), ("verified", 2), "{label}");
        assert_eq!(store.credentials_of(p1).await.unwrap().len(), 1, "{label}");

        let call = store.create_call("officer", 2009, "2009 start-up support", 1_000_000).await.unwrap();
        let mut apps = Vec::new();
        for (i, asked) in [600_000, 500_000, 300_000, 100_000].into_iter().enumerate() {
            let who = person(&store, &format!("Founder {i}")).await;
            let a = store
                .apply_to_call(
                    "clerk",
                    call.id,
                    &NewApplication {
                        person_id: who,
                        project: format!("Project {i}"),
                        sector: "software".into(),
                        province: "310000".into(),
                        funding_asked_cny: asked,
                        business_plan: format!("Plan {i}: market, team, money."),
                    },
                )
                .await
                .unwrap();
            apps.push(a.id);
        }
        let bad = store
            .apply_to_call(
                "clerk",
                call.id,
                &NewApplication {
                    person_id: p1,
                    project: "X".into(),
                    sector: "x".into(),
                    province: "999999".into(),
                    funding_asked_cny: 1,
                    business_plan: String::new(),
                },
            )
            .await;
        assert!(matches!(bad, Err(StoreError::UnknownReference { field: "province" })), "{label}");

        // Scores per application from reviewers r1..r4; r4 declares a conflict on the first.
        let scores: [[f64; 3]; 4] = [[95.0, 85.0, 90.0], [80.0, 90.0, 85.0], [70.0, 90.0, 80.0], [40.0, 60.0, 50.0]];
        for (a, s) in apps.iter().zip(scores) {
            for (r, score) in ["r1", "r2", "r3"].iter().zip(s) {
                store.review_application(r, *a, false, None, Some(score)).await.unwrap();
            }
        }
        store.review_application("r4", apps[0], true, Some("former colleague"), None).await.unwrap();
        let twice = store.review_application("r1", apps[0], false, None, Some(10.0)).await;
        assert!(matches!(twice, Err(StoreError::Refused { code: "already_reviewed", .. })), "{label}");
        let both = store.review_application("r5", apps[0], true, None, Some(10.0)).await;
        assert!(matches!(both, Err(StoreError::Refused { code: "conflict_of_interest", .. })), "{label}");
        let range = store.review_application("r5", apps[0], false, None, Some(101.0)).await;
        assert!(matches!(range, Err(StoreError::Refused { code: "score_out_of_range", .. })), "{label}");

        // Separation of duties: the clerk who filed does not review; a reviewer (one who
        // declared a conflict too) does not decide the call. The refusals write nothing.
        let own = store.review_application("clerk", apps[0], false, None, Some(99.0)).await;
        assert!(matches!(own, Err(StoreError::Refused { code: "same_actor", .. })), "{label}: {own:?}");
        let rule = ScoringRule::current().unwrap();
        for involved in ["r1", "r4"] {
            let refused = store.decide_call(involved, call.id, rule).await;
            assert!(
                matches!(refused, Err(StoreError::Refused { code: "same_actor", .. })),
                "{label}: {involved} decides: {refused:?}"
            );
        }
        assert_eq!(store.call(call.id).await.unwrap().unwrap().status, "open", "{label}");
        let decided = store.decide_call("chief", call.id, rule).await.unwrap();
        let by_id = |id: i64| decided.iter().find(|a| a.id == id).unwrap();
        // Trimmed means 90, 85, 80, 50: the first (600k) and third (300k) fit in 1,000,000;
        // the second (500k) does not fit what is left; the fourth is below the pass score.
        assert_eq!(by_id(apps[0]).score, Some(90.0), "{label}");
        assert_eq!(by_id(apps[0]).status, "funded", "{label}");
        assert_eq!(by_id(apps[1]).decision_reason.as_deref(), Some("over_budget"), "{label}");
        assert_eq!(by_id(apps[2]).awarded_cny, 300_000, "{label}");
        assert_eq!(by_id(apps[3]).decision_reason.as_deref(), Some("below_pass_score"), "{label}");
        let total: i64 = decided.iter().map(|a| a.awarded_cny).sum();
        assert!(total <= call.budget_cny, "{label}");
        assert_eq!(decided[0].status, "funded", "{label}: funded projects come first");
        // Decided calls take no more applications, reviews or decisions.
        let late = store.review_application("r9", apps[1], false, None, Some(99.0)).await;
        assert!(matches!(late, Err(StoreError::Refused { code: "call_closed", .. })), "{label}");
        let again = store.decide_call("chief", call.id, rule).await;
        assert!(matches!(again, Err(StoreError::Refused { code: "call_closed", .. })), "{label}");
        let audited: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE entity_type IN ('startup_call', 'startup_application', 'overseas_credential')",
        )
        .fetch_one(store.pool())
        .await
        .unwrap();
        // 2 credential + 1 call + 4 applications + 13 reviews + 4 decisions + 1 call decision.
        assert_eq!(audited, 25, "{label}");
    })
    .await;
}
