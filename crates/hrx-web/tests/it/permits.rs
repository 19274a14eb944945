use super::on_each_backend;
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

fn contract_example() -> Value {
    json!({"assessment_date": "2026-03-01", "birth_date": "1990-05-01", "annual_salary_cny": 300000,
        "education": "master", "related_experience_years": 4, "months_in_china_per_year": 12,
        "chinese": {"hsk_level": 4, "chinese_taught_degree": false, "former_chinese_national": false},
        "work_location": {"province": "310000", "designated_area": false},
        "distinctions": {"high_level_foreign_university": false, "fortune_global_500": false,
                         "patents": false, "five_consecutive_years_in_china": false},
        "local_bonus": 0})
}

#[tokio::test]
async fn the_public_assessment_answers_the_contract() {
    on_each_backend(|app| async move {
        let reply = app
            .post("/api/v1/work-permits/assessments", None, contract_example())
            .await;
        reply.expect(StatusCode::OK, app.label);
        let body = reply.json();
        assert_eq!(body["total"], 70);
        assert_eq!(body["points_category"], "B");
        let factors: Vec<(String, i64)> = body["factors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| {
                (
                    f["factor"].as_str().unwrap_or_default().to_owned(),
                    f["points"].as_i64().unwrap_or(-1),
                )
            })
            .collect();
        assert_eq!(factors[0], ("salary".to_owned(), 14));
        assert_eq!(factors.iter().map(|f| f.1).sum::<i64>(), 70);
        assert!(body["factors"][0]["rule"]
            .as_str()
            .is_some_and(|r| r.contains("250000")));

        let english = app
            .send(
                axum::http::Request::builder()
                    .method(Method::POST)
                    .uri("/api/v1/work-permits/assessments")
                    .header("content-type", "application/json")
                    .header("accept-language", "en")
                    .body(axum::body::Body::from(contract_example().to_string()))
                    .unwrap_or_default(),
            )
            .await
            .json();
        assert_eq!(
            english["factors"][0]["rule"],
            "annual salary of RMB 250000 or more (a band includes its lower bound)"
        );
        assert_eq!(
            english["factors"][5]["rule"],
            "Shanghai is in the eastern region and no special area is flagged"
        );
        assert_eq!(
            body["factors"][4]["rule"],
            "取最高一项：汉语水平考试 4 级（各项不累加）"
        );

        let mut low = contract_example();
        low["annual_salary_cny"] = json!(10000);
        low["education"] = json!("none");
        let body = app
            .post("/api/v1/work-permits/assessments", None, low)
            .await
            .json();
        assert_eq!(body["points_category"], Value::Null);
    })
    .await;
}

#[tokio::test]
async fn out_of_range_values_name_the_field() {
    on_each_backend(|app| async move {
        let cases = [
            ("annual_salary_cny", json!(-1), "annual_salary_cny"),
            ("chinese", json!({"hsk_level": 7}), "chinese.hsk_level"),
            (
                "work_location",
                json!({"province": "999999"}),
                "work_location.province",
            ),
            ("birth_date", json!("2026-03-02"), "birth_date"),
            ("local_bonus", json!(11), "local_bonus"),
            ("education", json!("phd"), "education"),
            (
                "months_in_china_per_year",
                json!(12.5),
                "months_in_china_per_year",
            ),
            ("assessment_date", json!("2026-02-30"), "assessment_date"),
            ("annual_salary_cny", json!("lots"), "annual_salary_cny"),
        ];
        for (key, value, field) in cases {
            let mut body = contract_example();
            body[key] = value;
            let reply = app
                .post("/api/v1/work-permits/assessments", None, body)
                .await;
            assert_eq!(
                reply.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}: {key}",
                app.label
            );
            let named = reply.error_fields();
            assert!(named.contains(&json!(field)), "{key}: {named:?}");
        }
        let mut missing = contract_example();
        missing.as_object_mut().map(|o| o.remove("work_location"));
        let reply = app
            .post("/api/v1/work-permits/assessments", None, missing)
            .await;
        assert_eq!(
            reply.json()["errors"][0],
            json!({"field": "work_location", "code": "required"})
        );
    })
    .await;
}

#[tokio::test]
async fn the_public_assessment_is_rate_limited() {
    on_each_backend(|app| async move {
        let mut statuses = Vec::new();
        for _ in 0..=hrx_web::PUBLIC_REQUESTS_PER_MINUTE {
            let reply = app
                .post("/api/v1/work-permits/assessments", None, contract_example())
                .await;
            statuses.push(reply.status);
        }
        assert!(statuses[..statuses.len() - 1]
            .iter()
            .all(|s| *s == StatusCode::OK));
        assert_eq!(
            statuses.last(),
            Some(&StatusCode::TOO_MANY_REQUESTS),
            "{}",
            app.label
        );
    })
    .await;
}

#[tokio::test]
async fn the_calculator_page_shows_the_breakdown_in_the_readers_language() {
    on_each_backend(|app| async move {
        let query = "assessment_date=2026-03-01&birth_date=1995-05-01&annual_salary_cny=300%2C000&education=master&related_experience_years=4&months_in_china_per_year=12&hsk_level=4&province=310000&local_bonus=";
        let page = app
            .page(&format!("/work-permits/calculator?{query}"), &[])
            .await;
        page.expect(StatusCode::OK, app.label);
        assert!(page.body.contains("<span class=\"figure\">70</span>"), "{}", page.body);
        assert!(page.body.contains("按积分为 B 类"));
        assert!(page.body.contains("value=\"300,000\""), "the typed value is kept");

        let negative = query.replace("annual_salary_cny=300%2C000", "annual_salary_cny=-5");
        let english = app
            .page(
                &format!("/work-permits/calculator?{negative}"),
                &[(axum::http::header::ACCEPT_LANGUAGE, "en")],
            )
            .await;
        english.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        assert!(english.body.contains("id=\"annual_salary_cny-error\"") && english.body.contains("Outside the accepted range."));

        let empty = app.page("/work-permits/calculator", &[]).await;
        empty.expect(StatusCode::OK, app.label);
        assert!(empty.body.contains("填写表格后显示积分"));
    })
    .await;
}

#[tokio::test]
async fn salary_multiples_use_the_previous_years_local_wage() {
    on_each_backend(|app| async move {
        let wages = app.get("/api/v1/work-permits/local-wages", None).await.json();
        assert!(wages.as_array().is_some_and(|w| w.iter().any(|w| w["locality"] == "440100" && w["year"] == 2022)), "{}", app.label);

        // P6: Guangzhou, December 2023, 65,000 a month against 6 × 10,449.
        let mut p6 = contract_example();
        p6["assessment_date"] = json!("2023-12-01");
        p6["annual_salary_cny"] = json!(65000 * 12);
        p6["education"] = json!("bachelor");
        p6["work_location"] = json!({"province": "440000", "city": "440100"});
        let body = app.post("/api/v1/work-permits/assessments", None, p6.clone()).await.json();
        assert_eq!(body["category"], "A", "{}: {body}", app.label);
        let six = body["routes"].as_array().into_iter().flatten().find(|r| r["route"] == "a_salary_6x").cloned().unwrap_or_default();
        assert_eq!(six["met"], true);

        // An administrator corrects the figure; the same profile then falls short of 6x.
        let admin = app.admin().await;
        app.officer("officer", hrx_domain::access::Capability::WorkPermits).await;
        let officer = app.token("officer").await;
        let wage = json!({"locality": "440100", "year": 2022, "average_annual_cny": 200000, "minimum_monthly_cny": 2300, "source": "test correction"});
        app.put("/api/v1/work-permits/local-wages", Some(&officer), wage.clone()).await.expect(StatusCode::FORBIDDEN, app.label);
        let saved = app.put("/api/v1/work-permits/local-wages", Some(&admin), wage).await;
        saved.expect(StatusCode::OK, app.label);
        let body = app.post("/api/v1/work-permits/assessments", None, p6).await.json();
        assert_ne!(body["category"], "A", "{}", app.label);
        let bad = json!({"locality": "44", "year": 1800, "average_annual_cny": -1, "source": ""});
        let reply = app.put("/api/v1/work-permits/local-wages", Some(&admin), bad).await;
        let fields = reply.error_fields();
        assert_eq!(fields, vec![json!("locality"), json!("year"), json!("average_annual_cny"), json!("source")]);
        let history: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE entity_type = 'local_wage'")
            .fetch_one(app.store.pool())
            .await
            .unwrap_or_default();
        assert_eq!(history, 1);
    })
    .await;
}

#[tokio::test]
async fn the_public_allowance_is_configurable() {
    hrx_store::testing::on_each_backend(|store, label| async move {
        let config = hrx_web::WebConfig {
            public_requests_per_minute: 3,
            ..hrx_web::WebConfig::default()
        };
        let app = super::App {
            router: hrx_web::router(hrx_web::AppState::new(store.clone(), config)),
            store,
            label,
        };
        let mut statuses = Vec::new();
        for _ in 0..4 {
            let reply = app
                .post("/api/v1/work-permits/assessments", None, contract_example())
                .await;
            statuses.push(reply.status.as_u16());
        }
        assert_eq!(statuses, [200, 200, 200, 429], "{label}");
    })
    .await;
}
