use super::{application_json, day, file_application, on_each_backend_at, parties, step, App};
use axum::http::StatusCode;
use hrx_domain::access::Capability;
use serde_json::{json, Value};

#[tokio::test]
async fn an_employer_files_and_an_officer_decides_through_http() {
    // Thursday 25 September 2025: the time limits run across the National Day holiday.
    on_each_backend_at(day(2025, 9, 25), |app| async move {
        let p = parties(&app).await;
        let created = file_application(&app, &p.clerk, application_json(p.person)).await;
        created.expect(StatusCode::CREATED, app.label);
        let id = created.id();
        assert_eq!(created.json()["total_points"], 70);

        let submitted = step(&app, &p.clerk, id, 1, "submit", None).await;
        submitted.expect(StatusCode::OK, app.label);
        assert_eq!(
            submitted.json()["due_date"],
            "2025-10-09",
            "{}: five working days across the holiday and the Sunday worked",
            app.label
        );

        // Another employer sees nothing of it.
        let peek = app
            .get(
                &format!("/api/v1/work-permits/applications/{id}"),
                Some(&p.other_clerk),
            )
            .await;
        peek.expect(StatusCode::NOT_FOUND, app.label);
        let listed = app
            .get("/api/v1/work-permits/applications", Some(&p.other_clerk))
            .await
            .json();
        assert_eq!(listed["total"], 0);
        let meddle = step(&app, &p.other_clerk, id, 2, "withdraw", None).await;
        meddle.expect(StatusCode::NOT_FOUND, app.label);

        // Refused steps: wrong role, wrong state, missing reason, stale version.
        step(&app, &p.clerk, id, 2, "accept", None)
            .await
            .expect(StatusCode::FORBIDDEN, app.label);
        let skip = step(&app, &p.officer, id, 2, "approve", None).await;
        assert_eq!(
            (skip.status, skip.json()["code"].clone()),
            (StatusCode::CONFLICT, json!("transition_not_allowed"))
        );
        let no_reason = step(&app, &p.officer, id, 2, "return", None).await;
        assert_eq!(no_reason.json()["code"], "comment_required");
        let stale = step(&app, &p.officer, id, 1, "accept", None).await;
        assert_eq!(stale.json()["code"], "stale_version");
        let junk = step(&app, &p.officer, id, 2, "teleport", None).await;
        junk.expect(StatusCode::CONFLICT, app.label);

        let queue = app
            .get(
                "/api/v1/work-permits/applications?queue=true",
                Some(&p.officer),
            )
            .await
            .json();
        assert_eq!(queue["items"][0]["id"], id);
        let actions = [
            "accept",
            "approve",
            "issue_notice",
            "issue_card",
            "activate",
        ];
        steps(&app, &p.officer, id, 2, &actions).await;
        let done = app
            .get(
                &format!("/api/v1/work-permits/applications/{id}"),
                Some(&p.clerk),
            )
            .await
            .json();
        assert_eq!(
            (done["status"].clone(), done["category"].clone()),
            (json!("active"), json!("B"))
        );
        assert_eq!(done["transitions"].as_array().map(Vec::len), Some(6));
        let expiring = app
            .get("/api/v1/work-permits/expiring?days=90", Some(&p.clerk))
            .await;
        expiring.expect(StatusCode::OK, app.label);
        let bad_days = app
            .get("/api/v1/work-permits/expiring?days=12", Some(&p.clerk))
            .await;
        bad_days.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
    })
    .await;
}

#[tokio::test]
async fn filing_checks_people_employers_and_roles() {
    on_each_backend_at(None, |app| async move {
        let p = parties(&app).await;
        let theirs = file_application(&app, &p.other_clerk, application_json(p.person)).await;
        assert_eq!(
            theirs.json()["errors"][0],
            json!({"field": "person_id", "code": "unknown_reference"}),
            "{}",
            app.label
        );
        let officer_without_employer =
            file_application(&app, &p.officer, application_json(p.person)).await;
        assert_eq!(
            officer_without_employer.json()["errors"][0],
            json!({"field": "employer_id", "code": "required"})
        );
        let mut bad = application_json(p.person);
        bad["assessment"]["chinese"]["hsk_level"] = json!(7);
        bad["occupation"] = json!("99");
        let reply = file_application(&app, &p.clerk, bad).await;
        reply.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        let fields = reply.error_fields();
        assert!(
            fields.contains(&json!("occupation"))
                && fields.contains(&json!("assessment.chinese.hsk_level")),
            "{fields:?}"
        );
        app.officer("registrar", Capability::Registry).await;
        let registrar = app.token("registrar").await;
        app.get("/api/v1/work-permits/applications", Some(&registrar))
            .await
            .expect(StatusCode::FORBIDDEN, app.label);
        app.get("/api/v1/work-permits/applications", None)
            .await
            .expect(StatusCode::UNAUTHORIZED, app.label);
        assert_eq!(
            app.count("work_permit_application").await,
            0,
            "{}: nothing written",
            app.label
        );
    })
    .await;
}

#[tokio::test]
async fn an_administrator_keeps_the_calendar_and_deadlines_follow_it() {
    on_each_backend_at(day(2025, 9, 25), |app| async move {
        let p = parties(&app).await;
        let year = app.get("/api/v1/calendar?year=2025", None).await.json();
        assert_eq!(year.as_array().map(Vec::len), Some(33), "{}", app.label);
        app.get("/api/v1/calendar?year=20250", None)
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);

        let admin = app.token("root").await;
        let day = json!({"kind": "holiday", "name_en": "Local emergency", "name_zh": "临时休假"});
        app.put("/api/v1/calendar/2025-09-26", Some(&p.officer), day.clone())
            .await
            .expect(StatusCode::FORBIDDEN, app.label);
        let bad = app
            .put(
                "/api/v1/calendar/2025-09-26",
                Some(&admin),
                json!({"kind": "party", "name_en": "", "name_zh": "x"}),
            )
            .await;
        let fields = bad.error_fields();
        assert_eq!(
            fields,
            vec![json!("kind"), json!("name_en")],
            "{}",
            app.label
        );
        app.put("/api/v1/calendar/2025-02-30", Some(&admin), day.clone())
            .await
            .expect(StatusCode::NOT_FOUND, app.label);
        let saved = app
            .put("/api/v1/calendar/2025-09-26", Some(&admin), day)
            .await;
        saved.expect(StatusCode::OK, app.label);

        // With Friday 26 September off, five working days from the 25th end a day later.
        let created = file_application(&app, &p.clerk, application_json(p.person)).await;
        let id = created.id();
        let submitted = step(&app, &p.clerk, id, 1, "submit", None).await;
        assert_eq!(submitted.json()["due_date"], "2025-10-10", "{}", app.label);

        app.delete("/api/v1/calendar/2025-09-26", Some(&admin))
            .await
            .expect(StatusCode::NO_CONTENT, app.label);
        app.delete("/api/v1/calendar/2025-09-26", Some(&admin))
            .await
            .expect(StatusCode::NOT_FOUND, app.label);
        let audited: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'calendar_day'")
                .fetch_one(app.store.pool())
                .await
                .unwrap_or_default();
        assert_eq!(audited, 2);
    })
    .await;
}

/// Takes the given steps as the officer, each from the version the last one answered.
async fn steps(app: &App, token: &str, id: i64, mut version: i64, actions: &[&str]) -> Value {
    let mut last = Value::Null;
    for action in actions {
        let reply = step(app, token, id, version, action, None).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{}: {action}: {}",
            app.label,
            reply.body
        );
        last = reply.json();
        version = last["version"].as_i64().unwrap_or_default();
    }
    last
}

#[tokio::test]
async fn an_approved_change_of_particulars_is_applied_to_the_permit() {
    on_each_backend_at(day(2025, 9, 25), |app| async move {
        let p = parties(&app).await;
        let created = file_application(&app, &p.clerk, application_json(p.person)).await;
        let id = created.id();
        steps(&app, &p.clerk, id, 1, &["submit"]).await;
        let active = steps(
            &app,
            &p.officer,
            id,
            2,
            &[
                "accept",
                "approve",
                "issue_notice",
                "issue_card",
                "activate",
            ],
        )
        .await;
        let permit = active["permit_id"].as_i64().unwrap_or_default();
        assert!(permit > 0, "{}: {active}", app.label);

        // The worker moves to Beijing as a university teacher, on a contract ending sooner.
        let mut change = application_json(p.person);
        change["kind"] = json!("change");
        change["permit_id"] = json!(permit);
        change["occupation"] = json!("23");
        change["contract_end"] = json!("2026-12-31");
        change["assessment"]["work_location"]["province"] = json!("110000");
        let filed = file_application(&app, &p.clerk, change).await;
        filed.expect(StatusCode::CREATED, app.label);
        let change_id = filed.id();
        steps(&app, &p.clerk, change_id, 1, &["submit"]).await;
        let (occupation, province): (Option<String>, Option<String>) =
            sqlx::query_as("SELECT occupation, province FROM work_permit WHERE id = $1")
                .bind(permit)
                .fetch_one(app.store.pool())
                .await
                .unwrap_or_default();
        assert_eq!(
            (occupation.as_deref(), province.as_deref()),
            (Some("25"), Some("310000")),
            "nothing changes before the decision is applied"
        );
        let applied = steps(
            &app,
            &p.officer,
            change_id,
            2,
            &["accept", "approve", "apply_change"],
        )
        .await;
        assert_eq!(applied["status"], "changed", "{}", app.label);
        let (occupation, province, until): (Option<String>, Option<String>, String) =
            sqlx::query_as(
                "SELECT occupation, province, valid_until FROM work_permit WHERE id = $1",
            )
            .bind(permit)
            .fetch_one(app.store.pool())
            .await
            .unwrap_or_default();
        assert_eq!(
            (occupation.as_deref(), province.as_deref(), until.as_str()),
            (Some("23"), Some("110000"), "2026-12-31"),
            "{}",
            app.label
        );
        // The published figures follow the permit: issued, then moved to Beijing, kept in
        // the transactions of those steps and equal to a recompute.
        let check = app.store.check_statistics(5).await.unwrap();
        assert_eq!(
            check.differences_total, 0,
            "{}: {:?}",
            app.label, check.differences
        );
        let from: String = sqlx::query_scalar("SELECT valid_from FROM work_permit WHERE id = $1")
            .bind(permit)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        let month = hrx_domain::statistics::series::Period::parse(&from[..7]).unwrap();
        let valid = app
            .store
            .indicator_sums(
                hrx_domain::statistics::series::formula("work_permits_valid").unwrap(),
                "province",
                &month,
            )
            .await
            .unwrap();
        assert_eq!(valid.get("110000"), Some(&1), "{}: {valid:?}", app.label);
    })
    .await;
}

#[tokio::test]
async fn the_routes_reached_at_filing_are_kept_and_grant_the_category_on_approval() {
    on_each_backend_at(day(2023, 3, 1), |app| async move {
        let p = parties(&app).await;
        // Few points, but a salary over 4 × Guangzhou's 2022 average (125,388 a year).
        let assessment = json!({"assessment_date": "2023-03-01", "birth_date": "1975-05-01",
                "annual_salary_cny": 510000, "education": "bachelor", "related_experience_years": 2,
                "months_in_china_per_year": 3, "chinese": {"hsk_level": 0},
                "work_location": {"province": "440000", "city": "440100"}});
        let public = app
            .post("/api/v1/work-permits/assessments", None, assessment.clone())
            .await
            .json();
        assert!(public["total"].as_i64().unwrap_or(100) < 60, "{public}");
        let mut filing = application_json(p.person);
        filing["contract_start"] = json!("2023-04-01");
        filing["contract_end"] = json!("2025-03-31");
        filing["assessment"] = assessment;
        let filed = file_application(&app, &p.clerk, filing).await;
        filed.expect(StatusCode::CREATED, app.label);
        let filed = filed.json();
        assert_eq!(filed["points_category"], Value::Null, "{}", app.label);
        assert_eq!(filed["route_category"], "B", "{}: {filed}", app.label);
        let salary_route_met = filed["route_decision"]["routes"]
            .as_array()
            .is_some_and(|r| {
                r.iter()
                    .any(|r| r["route"] == "b_salary_4x" && r["met"] == true)
            });
        assert!(salary_route_met, "{}", app.label);
        let id = filed["id"].as_i64().unwrap_or_default();
        steps(&app, &p.clerk, id, 1, &["submit"]).await;
        let approved = steps(&app, &p.officer, id, 2, &["accept", "approve"]).await;
        assert_eq!(approved["category"], "B", "{}", app.label);
    })
    .await;
}
