//! The foreign-expert register's page on both databases: officers of the capability only,
//! an engagement recorded with the person picker (a mainland Chinese refused with every value
//! kept), the codes worded in Chinese and English.

use super::pages::location;
use super::{day, on_each_backend_at};
use axum::http::StatusCode;
use hrx_domain::access::Capability;
use serde_json::json;

#[tokio::test]
async fn the_register_records_an_engagement_and_words_its_codes() {
    on_each_backend_at(day(2010, 3, 1), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("coop1", Capability::Cooperation).await;
        for (latin, passport, nationality) in [
            ("Chan Tai Man", "K1234567", "HK"),
            ("Wang Wei", "E1234567", "CN"),
        ] {
            let body = json!({"name_native": "陈大文", "name_latin": latin, "sex": "male",
                "birth_date": "1960-05-01", "nationality": nationality, "passport_number": passport,
                "passport_expiry": "2030-01-01"});
            app.post("/api/v1/persons", Some(&admin), body)
                .await
                .expect(StatusCode::CREATED, label);
        }
        let mut other = app.browser("coop1").await;
        other
            .get("/experts")
            .await
            .expect(StatusCode::FORBIDDEN, label);
        let anonymous = app.page("/experts", &[]).await;
        assert!(location(&anonymous).starts_with("/login"), "{label}");

        let mut root = app.browser("root").await;
        let page = root.get("/experts").await;
        page.expect(StatusCode::OK, label);
        assert!(page.body.contains("外国专家名录"), "{label}");
        let form = [
            ("person_id_q", "Wang Wei"),
            ("employer_name", "Synthetic Hospital"),
            ("province", "440000"),
            ("sector", "health"),
            ("expert_class", "economic_technical"),
            ("start_date", "2009-03-01"),
            ("end_date", "2009-03-31"),
        ];
        let refused = root.post("/experts", &form, true).await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        for kept in [
            "Synthetic Hospital",
            "value=\"2009-03-31\"",
            "nationality-error",
        ] {
            assert!(
                refused.body.contains(kept),
                "{label}: {kept}: {}",
                refused.body
            );
        }
        assert_eq!(app.count("expert_engagement").await, 0, "{label}");
        let mut ok = form.to_vec();
        ok[0] = ("person_id_q", "Chan Tai Man");
        let created = root.post("/experts", &ok, true).await;
        created.expect(StatusCode::SEE_OTHER, label);
        let page = root.get("/experts?year=2009&origin=hk").await;
        for shown in ["Chan Tai Man", "香港", "经济技术和管理专家", "卫生", "广东"] {
            assert!(page.body.contains(shown), "{label}: {shown}: {}", page.body);
        }
        root.get("/lang/en?next=/experts").await;
        let page = root.get("/experts").await;
        for code in [">hk<", ">economic_technical<", ">health<", ">440000<"] {
            assert!(!page.body.contains(code), "{label}: raw {code}");
        }
        assert!(page.body.contains("Hong Kong"), "{label}");
    })
    .await;
}
