//! Study-abroad and foreign-student pages: entry with validation, edit with version check,
//! list with search and filters, the person's history, and who may do what.

use super::on_each_backend;
use super::pages::location;
use axum::http::StatusCode;
use hrx_domain::access::{Capability, Role};

#[tokio::test]
async fn an_officer_records_study_abroad_and_an_enrolment_and_finds_them() {
    on_each_backend(|app| async move {
        let admin = app.admin().await;
        let person = app.person(&admin, "Anna Schmidt", "C01X00T47").await;
        app.officer("mobility", Capability::Mobility).await;
        app.user("reader", Role::Reviewer, vec![], None, None).await;
        app.officer("registrar", Capability::Registry).await;
        let mut officer = app.browser("mobility").await;

        let form = officer
            .get(&format!("/study-abroad/new?person={person}"))
            .await;
        form.expect(StatusCode::OK, app.label);
        let person_s = person.to_string();
        let mut fields = vec![
            ("person_id", person_s.as_str()),
            ("destination_country", "US"),
            ("institution", "Stanford University"),
            ("isced_level", "8"),
            ("field", "Physics"),
            ("funding", "state_sponsored"),
            ("departure_date", "2001-09-01"),
            ("return_date", "2001-08-01"),
        ];
        let refused = officer.post("/study-abroad", &fields, true).await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        assert!(refused.body.contains("return_date-error"), "{}", app.label);
        assert!(
            refused.body.contains("Stanford University"),
            "typed values kept"
        );
        assert_eq!(app.count("study_abroad").await, 0);

        fields.retain(|(k, _)| *k != "return_date");
        let created = officer.post("/study-abroad", &fields, true).await;
        created.expect(StatusCode::SEE_OTHER, app.label);
        let record = location(&created);
        let record = record.split('?').next().unwrap_or_default().to_owned();
        let page = officer.get(&record).await;
        assert!(page.body.contains("Stanford University"), "{}", app.label);

        // Edited from version 1; a second edit from the same version is refused.
        let mut edit = fields.clone();
        edit.push(("version", "1"));
        edit.push(("return_date", "2006-07-01"));
        let saved = officer.post(&record, &edit, true).await;
        saved.expect(StatusCode::SEE_OTHER, app.label);
        let stale = officer.post(&record, &edit, true).await;
        stale.expect(StatusCode::CONFLICT, app.label);

        let enrolment = [
            ("person_id", person_s.as_str()),
            ("institution", "Fudan University"),
            ("province", "310000"),
            ("isced_level", "7"),
            ("scholarship", "chinese_government"),
            ("enrolment_start", "2010-09-01"),
        ];
        let created = officer.post("/foreign-students", &enrolment, true).await;
        created.expect(StatusCode::SEE_OTHER, app.label);

        // Lists: by name, by country, still abroad.
        let found = officer.get("/study-abroad?q=schmi&country=US").await;
        assert!(found.body.contains("Stanford University"), "{}", app.label);
        let none = officer.get("/study-abroad?q=schmi&country=GB").await;
        assert!(!none.body.contains("Stanford University"), "{}", app.label);
        let abroad = officer.get("/study-abroad?current=1").await;
        assert!(
            !abroad.body.contains("Stanford University"),
            "returned in 2006"
        );
        let students = officer.get("/foreign-students?country=DE").await;
        assert!(students.body.contains("Fudan University"), "{}", app.label);

        // The person's history shows both.
        let history = officer.get(&format!("/persons/{person}")).await;
        assert!(
            history.body.contains("Stanford University"),
            "{}",
            app.label
        );
        assert!(history.body.contains("Fudan University"), "{}", app.label);

        // Reviewers read but do not write; other officers see nothing.
        let mut reader = app.browser("reader").await;
        reader
            .get("/study-abroad")
            .await
            .expect(StatusCode::OK, app.label);
        reader
            .post("/study-abroad", &fields, true)
            .await
            .expect(StatusCode::FORBIDDEN, app.label);
        let mut registrar = app.browser("registrar").await;
        registrar
            .get("/study-abroad")
            .await
            .expect(StatusCode::FORBIDDEN, app.label);
        let their_view = registrar.get(&format!("/persons/{person}")).await;
        assert!(
            !their_view.body.contains("Stanford University"),
            "{}",
            app.label
        );
        assert_eq!(app.count("study_abroad").await, 1);
    })
    .await;
}

const STUDY: &str = "/api/v1/study-abroad";

#[tokio::test]
async fn the_api_records_and_versions_study_abroad_and_lists_the_import_history() {
    use serde_json::json;
    on_each_backend(|app| async move {
        let admin = app.admin().await;
        let person = app.person(&admin, "Jan Novak", "C01X00T48").await;
        app.officer("mobility", Capability::Mobility).await;
        app.officer("registrar", Capability::Registry).await;
        let officer = app.token("mobility").await;
        let registrar = app.token("registrar").await;
        let mut body = json!({"person_id": person, "destination_country": "CZ",
            "institution": "Charles University", "isced_level": "7", "funding": "self_funded",
            "departure_date": "2010-09-01", "return_date": "2010-01-01"});
        let refused = app.post(STUDY, Some(&officer), body.clone()).await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        assert_eq!(
            refused.json()["errors"][0]["field"],
            "return_date",
            "{}",
            refused.body
        );
        body["return_date"] = json!(null);
        let created = app.post(STUDY, Some(&officer), body.clone()).await;
        created.expect(StatusCode::CREATED, app.label);
        let id = created.id();
        assert_eq!(created.json()["values"]["destination_country"], "CZ");
        let forbidden = app.post(STUDY, Some(&registrar), body.clone()).await;
        forbidden.expect(StatusCode::FORBIDDEN, app.label);

        body["version"] = json!(1);
        body["return_date"] = json!("2012-06-30");
        let uri = format!("/api/v1/study-abroad/{id}");
        let updated = app.put(&uri, Some(&officer), body.clone()).await;
        updated.expect(StatusCode::OK, app.label);
        assert_eq!(updated.json()["version"], 2);
        let stale = app.put(&uri, Some(&officer), body).await;
        stale.expect(StatusCode::CONFLICT, app.label);

        let listed = app
            .get("/api/v1/study-abroad?q=novak&current=false", Some(&officer))
            .await;
        assert_eq!(listed.json()["total"], 1, "{}: {}", app.label, listed.body);
        let still_abroad = app
            .get("/api/v1/study-abroad?current=true", Some(&officer))
            .await;
        assert_eq!(still_abroad.json()["total"], 0, "{}", app.label);

        let history = app.get("/api/v1/imports", Some(&officer)).await;
        history.expect(StatusCode::OK, app.label);
        let other = app
            .get("/api/v1/imports?kind=work-permits", Some(&officer))
            .await;
        other.expect(StatusCode::FORBIDDEN, app.label);
        let none = app.get("/api/v1/imports", Some(&registrar)).await;
        none.expect(StatusCode::FORBIDDEN, app.label);
        let doc = app.get("/api/v1/openapi.json", None).await;
        assert!(
            doc.body.contains("/api/v1/foreign-students/{id}"),
            "{}",
            app.label
        );
    })
    .await;
}

#[tokio::test]
async fn the_indicator_catalogue_is_public() {
    on_each_backend(|app| async move {
        let reply = app.get("/api/v1/indicators", None).await;
        reply.expect(StatusCode::OK, app.label);
        let list = reply.json();
        let outbound = list
            .as_array()
            .and_then(|l| {
                l.iter()
                    .find(|i| i["code"] == "outbound_students_cumulative")
            })
            .cloned()
            .unwrap_or_default();
        assert_eq!(outbound["kind"], "cumulative", "{}", app.label);
        assert_eq!(outbound["counting"], "persons", "{}", app.label);
        assert_eq!(outbound["name_zh"], "累计出国留学人员", "{}", app.label);
        assert!(outbound["breakdowns"]
            .as_array()
            .is_some_and(|b| b.iter().any(|b| b == "destination_country")));
    })
    .await;
}
