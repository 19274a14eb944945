//! Study-abroad and foreign-student pages: entry with validation, edit with version check,
//! list with search and filters, the person's history, and who may do what.

use super::pages::{location, Browser};
use super::{on_each_backend, person_json};
use axum::http::StatusCode;
use hrx_domain::access::{Capability, Role};

#[tokio::test]
async fn an_officer_records_study_abroad_and_an_enrolment_and_finds_them() {
    on_each_backend(|app| async move {
        let admin = app.admin().await;
        let person = app
            .create(
                "/api/v1/persons",
                &admin,
                person_json("Anna Schmidt", "C01X00T47"),
            )
            .await;
        app.user(
            "mobility",
            Role::Officer,
            vec![Capability::Mobility],
            None,
            None,
        )
        .await;
        app.user("reader", Role::Reviewer, vec![], None, None).await;
        app.user(
            "registrar",
            Role::Officer,
            vec![Capability::Registry],
            None,
            None,
        )
        .await;
        let mut officer = Browser::new(&app);
        officer.sign_in("mobility").await;

        let form = officer
            .get(&format!("/study-abroad/new?person={person}"))
            .await;
        assert_eq!(form.status, StatusCode::OK, "{}", app.label);
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
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            app.label
        );
        assert!(refused.body.contains("return_date-error"), "{}", app.label);
        assert!(
            refused.body.contains("Stanford University"),
            "typed values kept"
        );
        assert_eq!(app.count("study_abroad").await, 0);

        fields.retain(|(k, _)| *k != "return_date");
        let created = officer.post("/study-abroad", &fields, true).await;
        assert_eq!(
            created.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            app.label,
            created.body
        );
        let record = location(&created);
        let record = record.split('?').next().unwrap_or_default().to_owned();
        let page = officer.get(&record).await;
        assert!(page.body.contains("Stanford University"), "{}", app.label);

        // Edited from version 1; a second edit from the same version is refused.
        let mut edit = fields.clone();
        edit.push(("version", "1"));
        edit.push(("return_date", "2006-07-01"));
        let saved = officer.post(&record, &edit, true).await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            app.label,
            saved.body
        );
        let stale = officer.post(&record, &edit, true).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "{}", app.label);

        let enrolment = [
            ("person_id", person_s.as_str()),
            ("institution", "Fudan University"),
            ("province", "310000"),
            ("isced_level", "7"),
            ("scholarship", "chinese_government"),
            ("enrolment_start", "2010-09-01"),
        ];
        let created = officer.post("/foreign-students", &enrolment, true).await;
        assert_eq!(
            created.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            app.label,
            created.body
        );

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
        let mut reader = Browser::new(&app);
        reader.sign_in("reader").await;
        assert_eq!(reader.get("/study-abroad").await.status, StatusCode::OK);
        assert_eq!(
            reader.post("/study-abroad", &fields, true).await.status,
            StatusCode::FORBIDDEN
        );
        let mut registrar = Browser::new(&app);
        registrar.sign_in("registrar").await;
        assert_eq!(
            registrar.get("/study-abroad").await.status,
            StatusCode::FORBIDDEN
        );
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
