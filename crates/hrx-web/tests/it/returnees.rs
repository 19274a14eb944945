//! Returnee services over HTTP on both databases: a credential recorded and verified, a call
//! with applications, reviews by reviewers who declare a conflict or score, the decision
//! within the budget, the public list of funded projects, and who may do what.

use super::on_each_backend;
use axum::http::{Method, StatusCode};
use hrx_domain::access::{Capability, Role};
use serde_json::json;

#[tokio::test]
async fn a_start_up_call_runs_from_applications_to_funded_projects() {
    on_each_backend(|app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("mobility", Capability::Mobility).await;
        app.officer("registrar", Capability::Registry).await;
        for r in ["rev1", "rev2", "rev3", "rev4"] {
            app.user(r, Role::Reviewer, vec![], None, None).await;
        }
        let officer = app.token("mobility").await;
        let other = app.token("registrar").await;
        let person = app.person(&admin, "Li Returnee", "E1234567").await;

        // The overseas credential.
        let uri = format!("/api/v1/persons/{person}/credentials");
        let bad = app
            .post(&uri, Some(&officer), json!({"institution": "MIT", "country": "CN", "degree": "8", "awarded_on": "2030-01-01"}))
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {}", bad.body);
        let denied = app
            .post(&uri, Some(&other), json!({"institution": "MIT", "country": "US", "degree": "8", "awarded_on": "2005-06-01"}))
            .await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN, "{label}");
        let created = app
            .post(&uri, Some(&officer), json!({"institution": "MIT", "country": "US", "degree": "8", "field": "EECS", "awarded_on": "2005-06-01"}))
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{label}: {}", created.body);
        let cid = created.json()["id"].as_i64().unwrap();
        let verified = app
            .post(&format!("/api/v1/returnees/credentials/{cid}/verification"), Some(&officer), json!({"status": "verified", "version": 1}))
            .await;
        assert_eq!(verified.json()["verification_status"], "verified", "{label}: {}", verified.body);

        // A call, three applications.
        let call = app
            .post("/api/v1/returnees/calls", Some(&officer), json!({"year": 2009, "title": "2009 启动支持计划", "budget_cny": 500000}))
            .await;
        assert_eq!(call.status, StatusCode::CREATED, "{label}: {}", call.body);
        let call_id = call.json()["id"].as_i64().unwrap();
        let mut apps = Vec::new();
        for (project, asked) in [("Robots", 300_000), ("Sensors", 250_000), ("Apps", 150_000)] {
            let a = app
                .post(&format!("/api/v1/returnees/calls/{call_id}/applications"), Some(&officer), json!({"person_id": person, "project": project, "sector": "technology", "province": "320000", "funding_asked_cny": asked}))
                .await;
            assert_eq!(a.status, StatusCode::CREATED, "{label}: {}", a.body);
            apps.push(a.json()["id"].as_i64().unwrap());
        }
        // Reviews: trimmed means 80 (Robots), 75 (Sensors), 70 (Apps).
        let scores = [[80.0, 90.0, 70.0], [75.0, 60.0, 90.0], [70.0, 70.0, 70.0]];
        for (a, s) in apps.iter().zip(scores) {
            for (r, score) in ["rev1", "rev2", "rev3"].iter().zip(s) {
                let token = app.token(r).await;
                let done = app
                    .post(&format!("/api/v1/returnees/applications/{a}/reviews"), Some(&token), json!({"score": score}))
                    .await;
                assert_eq!(done.status, StatusCode::NO_CONTENT, "{label}: {}", done.body);
            }
        }
        let r4 = app.token("rev4").await;
        let review = |body: serde_json::Value| {
            let (app, r4, a) = (&app, r4.clone(), apps[0]);
            async move {
                app.post(&format!("/api/v1/returnees/applications/{a}/reviews"), Some(&r4), body).await
            }
        };
        assert_eq!(review(json!({"score": 120})).await.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(review(json!({"conflict": true, "score": 50})).await.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(review(json!({"conflict": true, "conflict_note": "co-founder"})).await.status, StatusCode::NO_CONTENT, "{label}");
        assert_eq!(review(json!({"score": 10})).await.status, StatusCode::CONFLICT, "{label}: one review each");
        let early = app.get(&format!("/api/v1/returnees/calls/{call_id}/funded"), None).await;
        assert_eq!(early.status, StatusCode::NOT_FOUND, "{label}: nothing is published before the decision");

        let r1 = app.token("rev1").await;
        let not_reviewer = app.api(Method::POST, &format!("/api/v1/returnees/calls/{call_id}/decision"), Some(&r1), None).await;
        assert_eq!(not_reviewer.status, StatusCode::FORBIDDEN, "{label}");
        let decided = app.api(Method::POST, &format!("/api/v1/returnees/calls/{call_id}/decision"), Some(&officer), None).await;
        assert_eq!(decided.status, StatusCode::OK, "{label}: {}", decided.body);
        let list = decided.json();
        let awarded: i64 = list.as_array().unwrap().iter().map(|a| a["awarded_cny"].as_i64().unwrap()).sum();
        // 300k (Robots) leaves 200k: Sensors (250k) does not fit, Apps (150k) does.
        assert_eq!(awarded, 450_000, "{label}: {list}");
        let funded = app.get(&format!("/api/v1/returnees/calls/{call_id}/funded"), None).await;
        assert_eq!(funded.status, StatusCode::OK, "{label}");
        assert_eq!(
            funded.json(),
            json!([
                {"project": "Robots", "sector": "technology", "province": "320000", "awarded_cny": 300000, "score": 80.0},
                {"project": "Apps", "sector": "technology", "province": "320000", "awarded_cny": 150000, "score": 70.0}
            ]),
            "{label}"
        );
        assert!(!funded.body.contains("person"), "{label}: no personal data in the public list");
        let late = app
            .post(&format!("/api/v1/returnees/calls/{call_id}/applications"), Some(&officer), json!({"person_id": person, "project": "Late", "sector": "x", "province": "320000", "funding_asked_cny": 1}))
            .await;
        assert_eq!(late.status, StatusCode::CONFLICT, "{label}");
    })
    .await;
}

#[tokio::test]
async fn the_programme_office_runs_a_call_on_its_pages() {
    use super::pages::location;
    on_each_backend(|app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("mobility", Capability::Mobility).await;
        for r in ["rev1", "rev2", "rev3"] {
            app.user(r, Role::Reviewer, vec![], None, None).await;
        }
        let person = app.person(&admin, "Zhou Founder", "E7654321").await;
        let mut officer = app.browser("mobility").await;
        let call = |budget| [("year", "2009"), ("title", "x"), ("budget_cny", budget)];
        let refused = officer.post("/returnees/calls", &call("-5"), true).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        // Refused with what was typed kept and the reason beside the budget.
        assert!(
            refused
                .body
                .contains("id=\"title\" name=\"title\" value=\"x\"")
                && refused.body.contains("id=\"budget_cny-error\""),
            "{label}: {}",
            refused.body
        );
        let no_csrf = officer.post("/returnees/calls", &call("5"), false).await;
        assert_eq!(no_csrf.status, StatusCode::FORBIDDEN, "{label}");
        let created = officer
            .post(
                "/returnees/calls",
                &[
                    ("year", "2009"),
                    ("title", "Start-up support 2009"),
                    ("budget_cny", "200,000"),
                ],
                true,
            )
            .await;
        assert_eq!(
            created.status,
            StatusCode::SEE_OTHER,
            "{label}: {}",
            created.body
        );
        let page = location(&created);
        let person_s = person.to_string();
        let filed = officer
            .post(
                &format!("{page}/applications"),
                &[
                    ("person_id", person_s.as_str()),
                    ("project", "Drones"),
                    ("sector", "aviation"),
                    ("province", "440000"),
                    ("funding_asked_cny", "150000"),
                    (
                        "business_plan",
                        "Drone deliveries for mountain villages in Guangdong.",
                    ),
                ],
                true,
            )
            .await;
        assert_eq!(
            filed.status,
            StatusCode::SEE_OTHER,
            "{label}: {}",
            filed.body
        );
        let app_id: i64 = sqlx::query_scalar("SELECT id FROM startup_application")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        for (r, score) in [("rev1", "70"), ("rev2", "80"), ("rev3", "90")] {
            let mut reviewer = app.browser(r).await;
            let shown = reviewer.get(&page).await;
            // Reviewers read the business plan before they score.
            assert!(
                shown
                    .body
                    .contains("Drone deliveries for mountain villages"),
                "{label}: the business plan"
            );
            assert!(
                shown.body.contains(&format!("reviews/{app_id}")),
                "{label}: the review form"
            );
            let done = reviewer
                .post(
                    &format!("{page}/reviews/{app_id}"),
                    &[("score", score)],
                    true,
                )
                .await;
            assert_eq!(done.status, StatusCode::SEE_OTHER, "{label}: {}", done.body);
            let again = reviewer
                .post(
                    &format!("{page}/reviews/{app_id}"),
                    &[("score", score)],
                    true,
                )
                .await;
            assert_eq!(again.status, StatusCode::CONFLICT, "{label}");
        }
        let decided = officer.post(&format!("{page}/decision"), &[], true).await;
        assert_eq!(
            decided.status,
            StatusCode::SEE_OTHER,
            "{label}: {}",
            decided.body
        );
        let shown = officer.get(&page).await;
        assert!(
            shown.body.contains("150,000"),
            "{label}: the award is shown"
        );
        let list = officer.get("/returnees/calls").await;
        assert!(list.body.contains("Start-up support 2009"), "{label}");
    })
    .await;
}
