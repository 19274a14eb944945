use super::{employer_json, on_each_backend, person_json, CODE_A, CODE_B};
use axum::http::{Method, StatusCode};
use hrx_domain::access::{Capability, Role};
use serde_json::json;

#[tokio::test]
async fn an_employer_user_sees_and_edits_only_its_own_organisations_records() {
    on_each_backend(|app| async move {
        let admin = app.admin().await;
        let org = |name: &'static str, code: &'static str| {
            let app = &app;
            let admin = admin.clone();
            async move {
                let reply = app
                    .api(
                        Method::POST,
                        "/api/v1/organisations",
                        Some(&admin),
                        Some(employer_json(name, code)),
                    )
                    .await;
                reply.json()["id"].as_i64().unwrap_or_default()
            }
        };
        let (mine, theirs) = (org("甲公司", CODE_A).await, org("乙公司", CODE_B).await);
        app.user("clerk", Role::Employer, vec![], Some(mine), None)
            .await;
        let clerk = app.token("clerk").await;

        let mut their_person = person_json("Wang Wei", "E12345678");
        their_person["organisation_id"] = json!(theirs);
        let theirs_id = app
            .api(
                Method::POST,
                "/api/v1/persons",
                Some(&admin),
                Some(their_person),
            )
            .await
            .json()["id"]
            .as_i64()
            .unwrap_or_default();

        // The clerk files a person: it is bound to the clerk's organisation.
        let created = app
            .api(
                Method::POST,
                "/api/v1/persons",
                Some(&clerk),
                Some(person_json("Anna Müller", "C01X00T47")),
            )
            .await;
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{}: {}",
            app.label,
            created.body
        );
        assert_eq!(created.json()["organisation_id"], mine);
        let mine_id = created.json()["id"].as_i64().unwrap_or_default();
        let mut elsewhere = person_json("Other Person", "C01X00T99");
        elsewhere["organisation_id"] = json!(theirs);
        let refused = app
            .api(
                Method::POST,
                "/api/v1/persons",
                Some(&clerk),
                Some(elsewhere),
            )
            .await;
        assert_eq!(
            refused.json()["errors"][0],
            json!({"field": "organisation_id", "code": "not_allowed"})
        );

        for uri in [
            format!("/api/v1/persons/{theirs_id}"),
            format!("/api/v1/persons/{theirs_id}/history"),
            format!("/api/v1/organisations/{theirs}"),
            format!("/api/v1/organisations/{theirs}/history"),
        ] {
            let reply = app.api(Method::GET, &uri, Some(&clerk), None).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}: {uri}", app.label);
        }
        let mut edit = person_json("Wang Wu", "E12345678");
        edit["version"] = json!(1);
        let reply = app
            .api(
                Method::PUT,
                &format!("/api/v1/persons/{theirs_id}"),
                Some(&clerk),
                Some(edit),
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", app.label);

        assert_eq!(
            app.api(
                Method::GET,
                &format!("/api/v1/persons/{mine_id}"),
                Some(&clerk),
                None
            )
            .await
            .status,
            StatusCode::OK
        );
        assert_eq!(
            app.api(
                Method::GET,
                &format!("/api/v1/organisations/{mine}"),
                Some(&clerk),
                None
            )
            .await
            .status,
            StatusCode::OK
        );
        let listed = app
            .api(Method::GET, "/api/v1/persons", Some(&clerk), None)
            .await
            .json();
        assert_eq!(listed["total"], 1, "{}", app.label);
        let orgs = app
            .api(Method::GET, "/api/v1/organisations", Some(&clerk), None)
            .await
            .json();
        assert_eq!(orgs["total"], 1, "{}", app.label);
        // Employers do not create organisations nor read audit history.
        let reply = app
            .api(
                Method::POST,
                "/api/v1/organisations",
                Some(&clerk),
                Some(employer_json("丙公司", "91310000MA1FL0000N")),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        let reply = app
            .api(
                Method::GET,
                &format!("/api/v1/persons/{mine_id}/history"),
                Some(&clerk),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn officers_act_within_their_capabilities_and_applicants_see_themselves() {
    on_each_backend(|app| async move {
        let admin = app.admin().await;
        let anna = app
            .api(
                Method::POST,
                "/api/v1/persons",
                Some(&admin),
                Some(person_json("Anna Müller", "C01X00T47")),
            )
            .await
            .json()["id"]
            .as_i64()
            .unwrap_or_default();
        let other = app
            .api(
                Method::POST,
                "/api/v1/persons",
                Some(&admin),
                Some(person_json("Bea Berg", "C01X00T48")),
            )
            .await
            .json()["id"]
            .as_i64()
            .unwrap_or_default();

        app.user(
            "permits",
            Role::Officer,
            vec![Capability::WorkPermits],
            None,
            None,
        )
        .await;
        let permits = app.token("permits").await;
        let reply = app
            .api(
                Method::POST,
                "/api/v1/persons",
                Some(&permits),
                Some(person_json("New Person", "C01X00T49")),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", app.label);
        assert_eq!(
            app.api(
                Method::GET,
                &format!("/api/v1/persons/{anna}"),
                Some(&permits),
                None
            )
            .await
            .status,
            StatusCode::OK
        );

        app.user(
            "registrar",
            Role::Officer,
            vec![Capability::Registry],
            None,
            None,
        )
        .await;
        let registrar = app.token("registrar").await;
        let reply = app
            .api(
                Method::POST,
                "/api/v1/persons",
                Some(&registrar),
                Some(person_json("New Person", "C01X00T49")),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", app.label);

        app.user("reviewer", Role::Reviewer, vec![], None, None)
            .await;
        let reviewer = app.token("reviewer").await;
        let mut edit = person_json("Anna Changed", "C01X00T47");
        edit["version"] = json!(1);
        let reply = app
            .api(
                Method::PUT,
                &format!("/api/v1/persons/{anna}"),
                Some(&reviewer),
                Some(edit),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);

        app.user("anna", Role::Applicant, vec![], None, Some(anna))
            .await;
        let applicant = app.token("anna").await;
        assert_eq!(
            app.api(
                Method::GET,
                &format!("/api/v1/persons/{anna}"),
                Some(&applicant),
                None
            )
            .await
            .status,
            StatusCode::OK
        );
        assert_eq!(
            app.api(
                Method::GET,
                &format!("/api/v1/persons/{other}"),
                Some(&applicant),
                None
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            app.api(Method::GET, "/api/v1/organisations", Some(&applicant), None)
                .await
                .json()["total"],
            0
        );

        // The anonymous public: reference data yes, records no.
        assert_eq!(
            app.api(Method::GET, "/api/v1/persons", None, None)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.api(Method::GET, &format!("/api/v1/persons/{anna}"), None, None)
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    })
    .await;
}
