use super::{employer_json, on_each_backend, person_json, CODE_A};
use axum::http::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn reference_data_is_public() {
    on_each_backend(|app| async move {
        for (path, count) in [("countries", 249), ("provinces", 31), ("occupations", 53), ("education-levels", 9)] {
            let reply = app.get(&format!("/api/v1/reference/{path}"), None).await;
            assert_eq!(reply.status, StatusCode::OK, "{}: {path}", app.label);
            assert_eq!(reply.json().as_array().map(Vec::len), Some(count), "{}: {path}", app.label);
        }
        let provinces = app.get("/api/v1/reference/provinces", None).await.json();
        assert_eq!(provinces[0], json!({"code": "110000", "name_en": "Beijing", "name_zh": "北京市", "region": "eastern"}));
    })
    .await;
}

#[tokio::test]
async fn tokens_are_issued_for_good_credentials_and_throttled_after_failures() {
    on_each_backend(|app| async move {
        let token = app.admin().await;
        let me = app.get("/api/v1/me", Some(&token)).await;
        assert_eq!(me.json()["role"], "admin", "{}", app.label);
        app.get("/api/v1/me", None)
            .await
            .expect(StatusCode::UNAUTHORIZED, app.label);
        let forged = app.get("/api/v1/me", Some("0123")).await;
        forged.expect(StatusCode::UNAUTHORIZED, app.label);
        assert_eq!(
            forged
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("application/problem+json")
        );

        let second = app.token("root").await;
        let revoked = app.delete("/api/v1/auth/token", Some(&second)).await;
        revoked.expect(StatusCode::NO_CONTENT, app.label);
        app.get("/api/v1/me", Some(&second))
            .await
            .expect(StatusCode::UNAUTHORIZED, app.label);
        assert_eq!(
            app.get("/api/v1/me", Some(&token)).await.status,
            StatusCode::OK,
            "other tokens stay valid"
        );

        let wrong = json!({"username": "root", "password": "wrong password"});
        for _ in 0..5 {
            let reply = app.post("/api/v1/auth/token", None, wrong.clone()).await;
            reply.expect(StatusCode::UNAUTHORIZED, app.label);
        }
        let right = json!({"username": "root", "password": super::PASSWORD});
        let reply = app.post("/api/v1/auth/token", None, right).await;
        reply.expect(StatusCode::TOO_MANY_REQUESTS, app.label);
        assert_eq!(reply.json()["code"], "too_many_requests");
    })
    .await;
}

#[tokio::test]
async fn people_are_created_found_and_edited_with_versions() {
    on_each_backend(|app| async move {
        let token = app.admin().await;
        let created = app.new_person(&token, "Anna Müller", "C01X00T47").await;
        created.expect(StatusCode::CREATED, app.label);
        let person = created.json();
        let id = person["id"].as_i64().unwrap_or_default();
        assert_eq!(person["version"], 1);
        assert_eq!(person["documents"][0]["number"], "C01X00T47");

        let found = app
            .get("/api/v1/persons?q=m%C3%BCller", Some(&token))
            .await
            .json();
        assert_eq!(found["total"], 1, "{}", app.label);
        let found = app
            .get("/api/v1/persons?document=c01x00t47", Some(&token))
            .await
            .json();
        assert_eq!(found["items"][0]["id"], id);

        let mut edit = person_json("Anna Schmidt", "C01X00T47");
        edit["version"] = json!(1);
        let updated = app
            .put(&format!("/api/v1/persons/{id}"), Some(&token), edit.clone())
            .await;
        updated.expect(StatusCode::OK, app.label);
        assert_eq!(updated.json()["version"], 2);

        edit["name_latin"] = json!("Anna Weber");
        let stale = app
            .put(&format!("/api/v1/persons/{id}"), Some(&token), edit)
            .await;
        stale.expect(StatusCode::CONFLICT, app.label);
        assert_eq!(stale.json()["code"], "stale_version");
        assert_eq!(stale.json()["current_version"], 2);
        let now = app
            .get(&format!("/api/v1/persons/{id}"), Some(&token))
            .await
            .json();
        assert_eq!(
            now["name_latin"], "Anna Schmidt",
            "{}: the stale edit overwrote nothing",
            app.label
        );

        let history = app
            .get(&format!("/api/v1/persons/{id}/history"), Some(&token))
            .await
            .json();
        let actions: Vec<_> = history
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["action"].clone())
            .collect();
        assert_eq!(actions, vec![json!("create"), json!("update")]);
        assert_eq!(history[1]["actor"], "root");
    })
    .await;
}

#[tokio::test]
async fn bad_input_gets_a_clear_4xx_and_writes_nothing() {
    on_each_backend(|app| async move {
        let token = app.admin().await;
        let before = (app.count("person").await, app.count("audit_log").await);

        let mut bad = person_json("Anna", "C01X00T47");
        bad["resident_id_number"] = json!("110105194912310021");
        bad["nationality"] = json!("XX");
        let reply = app.post("/api/v1/persons", Some(&token), bad).await;
        reply.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        let problem = reply.json();
        assert_eq!(problem["code"], "validation_failed");
        let fields: Vec<_> = problem["errors"].as_array().into_iter().flatten().map(|e| (e["field"].clone(), e["code"].clone())).collect();
        assert!(fields.contains(&(json!("resident_id_number"), json!("check_digit"))), "{fields:?}");
        assert!(fields.contains(&(json!("nationality"), json!("unknown_country"))), "{fields:?}");

        let cases: Vec<(&str, String, StatusCode, &str)> = vec![
            ("application/json", "{\"name_latin\": ".into(), StatusCode::BAD_REQUEST, "malformed_json"),
            ("application/json", "{\"sex\": 5}".into(), StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            ("application/json", "{\"colour\": \"red\"}".into(), StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            ("application/json", "[1, 2]".into(), StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            ("text/plain", "{}".into(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            ("application/json", format!("{{\"name_latin\": \"{}\"}}", "a".repeat(2 * 1024 * 1024)), StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            ("application/json", "{\"name_native\": \"\\u0000\", \"sex\": \"male\", \"birth_date\": \"1990-01-01\", \"nationality\": \"CN\"}".into(), StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            ("application/json", "{\"name_latin\": \"Old Man\", \"sex\": \"male\", \"birth_date\": \"1899-12-31\", \"nationality\": \"CN\"}".into(), StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            ("application/json", "{\"name_latin\": \"Al\", \"sex\": \"male\", \"birth_date\": \"1990-01-01\", \"nationality\": \"CN\", \"organisation_id\": 99999}".into(), StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
        ];
        for (content_type, body, status, code) in cases {
            let reply = app.raw(Method::POST, "/api/v1/persons", &token, content_type, body.clone()).await;
            let shown: String = body.chars().take(60).collect();
            assert_eq!(reply.status, status, "{}: {shown}: {}", app.label, reply.body);
            assert_eq!(reply.json()["code"], code, "{}: {shown}", app.label);
        }
        let field = app.raw(Method::POST, "/api/v1/persons", &token, "application/json", "{\"sex\": 5}").await;
        assert_eq!(field.json()["errors"][0]["field"], "sex");
        let unknown = app.raw(Method::POST, "/api/v1/persons", &token, "application/json", "{\"colour\": 1}").await;
        assert_eq!(unknown.json()["errors"][0], json!({"field": "colour", "code": "unknown_field"}));

        for uri in ["/api/v1/persons/999999", "/api/v1/persons/abc", "/api/v1/persons/-1", "/api/v1/organisations/999999", "/api/v1/nothing-here"] {
            let reply = app.get(uri, Some(&token)).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}: {uri}", app.label);
            assert_eq!(reply.json()["code"], "not_found");
        }
        let bad_page = app.get("/api/v1/persons?page=abc", Some(&token)).await;
        bad_page.expect(StatusCode::BAD_REQUEST, app.label);
        let missing_version = app.put("/api/v1/persons/1", Some(&token), person_json("Anna", "C01X00T47")).await;
        missing_version.expect(StatusCode::NOT_FOUND, app.label);

        assert_eq!((app.count("person").await, app.count("audit_log").await), before, "{}: nothing written", app.label);
    })
    .await;
}

#[tokio::test]
async fn organisations_check_credit_codes_and_refuse_duplicates() {
    on_each_backend(|app| async move {
        let token = app.admin().await;
        let created = app.new_employer(&token, "甲公司", CODE_A).await;
        created.expect(StatusCode::CREATED, app.label);
        let id = created.id();
        let again = app.new_employer(&token, "乙公司", CODE_A).await;
        again.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        assert_eq!(
            again.json()["errors"][0],
            json!({"field": "credit_code", "code": "already_in_use"})
        );
        let bad = app
            .new_employer(&token, "丙公司", "91350100M000100Y44")
            .await;
        assert_eq!(
            bad.json()["errors"][0],
            json!({"field": "credit_code", "code": "check_digit"})
        );

        let uri = format!("/api/v1/organisations/{id}");
        let mut edit = employer_json("甲公司（上海）", CODE_A);
        let missing = app.put(&uri, Some(&token), edit.clone()).await;
        assert_eq!(
            missing.json()["errors"][0],
            json!({"field": "version", "code": "required"})
        );
        edit["version"] = json!(1);
        let ok = app.put(&uri, Some(&token), edit.clone()).await;
        assert_eq!(ok.json()["version"], 2, "{}", app.label);
        let stale = app.put(&uri, Some(&token), edit).await;
        stale.expect(StatusCode::CONFLICT, app.label);
        let found = app
            .get("/api/v1/organisations?q=%E4%B8%8A%E6%B5%B7", Some(&token))
            .await
            .json();
        assert_eq!(
            found["total"], 1,
            "{}: search by part of the name",
            app.label
        );
    })
    .await;
}

#[tokio::test]
async fn openapi_document_operations_and_metrics() {
    on_each_backend(|app| async move {
        let doc = app.get("/api/v1/openapi.json", None).await.json();
        assert_eq!(doc["openapi"], "3.1.0");
        for path in [
            "/api/v1/persons",
            "/api/v1/persons/{id}",
            "/api/v1/organisations",
            "/api/v1/auth/token",
            "/api/v1/reference/countries",
        ] {
            assert!(doc["paths"][path].is_object(), "{path} is documented");
        }
        let docs = app.get("/api/v1/docs", None).await;
        assert!(docs.body.contains("swagger-ui-bundle.js"));
        let bundle = app
            .get("/assets/vendor/swagger-ui/swagger-ui-bundle.js", None)
            .await;
        bundle.expect(StatusCode::OK, app.label);
        app.get("/healthz", None)
            .await
            .expect(StatusCode::OK, app.label);
        app.get("/readyz", None)
            .await
            .expect(StatusCode::OK, app.label);
        // The metrics are an administrator's (or a configured scraper's), and a made-up
        // method is counted as `other`, not as a label of its own.
        app.get("/metrics", None)
            .await
            .expect(StatusCode::UNAUTHORIZED, app.label);
        for m in ["BREW", "XYZZY1", "XYZZY2"] {
            let method = Method::from_bytes(m.as_bytes()).unwrap_or(Method::GET);
            app.api(method, "/api/v1/reference/countries", None, None)
                .await;
        }
        let admin = app.admin().await;
        let metrics = app.get("/metrics", Some(&admin)).await.body;
        assert!(metrics.contains("hrx_http_requests_total"), "{metrics}");
        assert!(metrics.contains("route=\"/readyz\""));
        assert!(metrics.contains("method=\"other\""), "{metrics}");
        assert!(!metrics.contains("XYZZY"), "{metrics}");
    })
    .await;
}
