use super::{on_each_backend, person_json};
use axum::http::StatusCode;
use hrx_domain::access::{Capability, Role};
use serde_json::json;

#[tokio::test]
async fn an_employer_user_sees_and_edits_only_its_own_organisations_records() {
    on_each_backend(|app| async move {
        let admin = app.admin().await;
        let (mine, theirs) = app.two_employers(&admin).await;
        app.user("clerk", Role::Employer, vec![], Some(mine), None)
            .await;
        let clerk = app.token("clerk").await;

        let theirs_id = app.person_of(&admin, theirs, "Wang Wei", "E12345678").await;

        // The clerk files a person: it is bound to the clerk's organisation.
        let created = app.new_person(&clerk, "Anna Müller", "C01X00T47").await;
        created.expect(StatusCode::CREATED, app.label);
        assert_eq!(created.json()["organisation_id"], mine);
        let mine_id = created.id();
        let mut elsewhere = person_json("Other Person", "C01X00T99");
        elsewhere["organisation_id"] = json!(theirs);
        let refused = app.post("/api/v1/persons", Some(&clerk), elsewhere).await;
        assert_eq!(
            refused.json()["errors"][0],
            json!({"field": "organisation_id", "code": "not_allowed"})
        );

        // Theirs is not found, its own is.
        for (uri, status) in [
            (
                format!("/api/v1/persons/{theirs_id}"),
                StatusCode::NOT_FOUND,
            ),
            (
                format!("/api/v1/persons/{theirs_id}/history"),
                StatusCode::NOT_FOUND,
            ),
            (
                format!("/api/v1/organisations/{theirs}"),
                StatusCode::NOT_FOUND,
            ),
            (
                format!("/api/v1/organisations/{theirs}/history"),
                StatusCode::NOT_FOUND,
            ),
            (format!("/api/v1/persons/{mine_id}"), StatusCode::OK),
            (format!("/api/v1/organisations/{mine}"), StatusCode::OK),
        ] {
            let reply = app.get(&uri, Some(&clerk)).await;
            assert_eq!(reply.status, status, "{}: {uri}", app.label);
        }
        let mut edit = person_json("Wang Wu", "E12345678");
        edit["version"] = json!(1);
        let reply = app
            .put(&format!("/api/v1/persons/{theirs_id}"), Some(&clerk), edit)
            .await;
        reply.expect(StatusCode::NOT_FOUND, app.label);

        let listed = app.get("/api/v1/persons", Some(&clerk)).await.json();
        assert_eq!(listed["total"], 1, "{}", app.label);
        let orgs = app.get("/api/v1/organisations", Some(&clerk)).await.json();
        assert_eq!(orgs["total"], 1, "{}", app.label);
        // Employers do not create organisations nor read audit history.
        let reply = app
            .new_employer(&clerk, "丙公司", "91310000MA1FL0000N")
            .await;
        reply.expect(StatusCode::FORBIDDEN, app.label);
        let reply = app
            .get(&format!("/api/v1/persons/{mine_id}/history"), Some(&clerk))
            .await;
        reply.expect(StatusCode::FORBIDDEN, app.label);
    })
    .await;
}

#[tokio::test]
async fn officers_act_within_their_capabilities_and_applicants_see_themselves() {
    on_each_backend(|app| async move {
        let admin = app.admin().await;
        let anna = app.person(&admin, "Anna Müller", "C01X00T47").await;
        let other = app.person(&admin, "Bea Berg", "C01X00T48").await;

        app.officer("permits", Capability::WorkPermits).await;
        let permits = app.token("permits").await;
        let reply = app.new_person(&permits, "New Person", "C01X00T49").await;
        reply.expect(StatusCode::FORBIDDEN, app.label);
        app.get(&format!("/api/v1/persons/{anna}"), Some(&permits))
            .await
            .expect(StatusCode::OK, app.label);

        app.officer("registrar", Capability::Registry).await;
        let registrar = app.token("registrar").await;
        let reply = app.new_person(&registrar, "New Person", "C01X00T49").await;
        reply.expect(StatusCode::CREATED, app.label);

        app.user("reviewer", Role::Reviewer, vec![], None, None)
            .await;
        let reviewer = app.token("reviewer").await;
        let mut edit = person_json("Anna Changed", "C01X00T47");
        edit["version"] = json!(1);
        let reply = app
            .put(&format!("/api/v1/persons/{anna}"), Some(&reviewer), edit)
            .await;
        reply.expect(StatusCode::FORBIDDEN, app.label);

        app.user("anna", Role::Applicant, vec![], None, Some(anna))
            .await;
        let applicant = app.token("anna").await;
        assert_eq!(
            app.get("/api/v1/organisations", Some(&applicant))
                .await
                .json()["total"],
            0
        );
        // The applicant sees its own record only; the anonymous public: reference data yes,
        // records no.
        for (uri, token, status) in [
            (
                format!("/api/v1/persons/{anna}"),
                Some(&applicant),
                StatusCode::OK,
            ),
            (
                format!("/api/v1/persons/{other}"),
                Some(&applicant),
                StatusCode::NOT_FOUND,
            ),
            ("/api/v1/persons".to_owned(), None, StatusCode::UNAUTHORIZED),
            (
                format!("/api/v1/persons/{anna}"),
                None,
                StatusCode::UNAUTHORIZED,
            ),
        ] {
            let reply = app.get(&uri, token.map(String::as_str)).await;
            assert_eq!(reply.status, status, "{}: {uri}", app.label);
        }
    })
    .await;
}

#[tokio::test]
async fn officers_whose_work_is_not_about_people_see_none() {
    // Least privilege (issue 24 finding 18): an officer of statistics or of the conventions
    // register reads no person, nor a person's history; a cooperation officer (delegations,
    // contacts) does.
    on_each_backend(|app| async move {
        let admin = app.admin().await;
        let anna = app.person(&admin, "Anna Müller", "C01X00T47").await;
        for (user, capability, sees) in [
            ("stats", Capability::Statistics, false),
            ("ilo", Capability::Conventions, false),
            ("coop", Capability::Cooperation, true),
        ] {
            app.officer(user, capability).await;
            let token = app.token(user).await;
            let (one, history) = if sees {
                (StatusCode::OK, StatusCode::OK)
            } else {
                (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND)
            };
            app.get(&format!("/api/v1/persons/{anna}"), Some(&token))
                .await
                .expect(one, app.label);
            app.get(&format!("/api/v1/persons/{anna}/history"), Some(&token))
                .await
                .expect(history, app.label);
            let list = app.get("/api/v1/persons", Some(&token)).await;
            let total = list.json()["total"].as_i64().unwrap_or(-1);
            assert_eq!(total, i64::from(sees), "{}: {user}", app.label);
            let mut browser = app.browser(user).await;
            let page = browser.get("/").await;
            assert_eq!(
                page.body.contains("href=\"/persons\""),
                sees,
                "{}: {user}'s menu",
                app.label
            );
        }
    })
    .await;
}
