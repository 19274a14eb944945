//! The ILO conventions over HTTP on both databases: the register on a date, the reporting
//! calendar and its configuration, register events, report cases and the two indicators.

use super::on_each_backend;
use super::App;
use axum::http::StatusCode;
use hrx_domain::access::{Capability, Role};
use serde_json::{json, Value};

fn rows(reply: &Value) -> Vec<Value> {
    reply.as_array().cloned().unwrap_or_default()
}

/// The reports due on one convention in a range, as (year, type).
async fn due(app: &App, code: &str, from: i32, to: i32) -> Vec<(i64, String)> {
    let reply = app
        .get(
            &format!("/api/v1/conventions/reports?from={from}&to={to}"),
            None,
        )
        .await;
    reply.expect(StatusCode::OK, app.label);
    rows(&reply.json())
        .iter()
        .filter(|r| r["convention"] == code)
        .map(|r| {
            (
                r["year"].as_i64().unwrap_or(0),
                r["type"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

async fn indicator(app: &App, code: &str, period: &str) -> i64 {
    let reply = app
        .get(&format!("/api/v1/indicators/{code}?period={period}"), None)
        .await;
    reply.expect(StatusCode::OK, app.label);
    reply.json()["value"].as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn the_register_on_a_date_and_the_indicators() {
    on_each_backend(|app| async move {
        let label = app.label;
        let reply = app.get("/api/v1/conventions?as_of=2010-12-31", None).await;
        reply.expect(StatusCode::OK, label);
        let body = reply.json();
        assert_eq!(
            (
                body["as_of"].as_str(),
                body["ratified"].as_i64(),
                body["in_force"].as_i64()
            ),
            (Some("2010-12-31"), Some(25), Some(22)),
            "{label}: {body}"
        );
        let list = rows(&body["conventions"]);
        assert_eq!(list.len(), 25, "{label}");
        let c100 = list
            .iter()
            .find(|c| c["code"] == "C100")
            .cloned()
            .unwrap_or_default();
        assert_eq!(c100["title"], "Equal Remuneration Convention", "{label}");
        assert_eq!(
            (
                c100["class"].as_str(),
                c100["ratified"].as_str(),
                c100["entry_into_force"].as_str(),
                c100["status"].as_str()
            ),
            (
                Some("F"),
                Some("1990-11-02"),
                Some("1991-11-02"),
                Some("in_force")
            ),
            "{label}"
        );
        let c007 = list
            .iter()
            .find(|c| c["code"] == "C007")
            .cloned()
            .unwrap_or_default();
        assert_eq!(c007["status"], "not_in_force", "{label}");
        // C155 was technical in 2010, fundamental since 2022.
        let c155 = list
            .iter()
            .find(|c| c["code"] == "C155")
            .cloned()
            .unwrap_or_default();
        assert_eq!(c155["class"], "T", "{label}");
        let now = app
            .get("/api/v1/conventions?as_of=2023-01-01", None)
            .await
            .json();
        let c155 = rows(&now["conventions"])
            .into_iter()
            .find(|c| c["code"] == "C155")
            .unwrap_or_default();
        assert_eq!(c155["class"], "F", "{label}");
        assert_eq!(now["ratified"], 28, "{label}");
        let c029 = rows(&now["conventions"])
            .into_iter()
            .find(|c| c["code"] == "C029")
            .unwrap_or_default();
        assert_eq!(c029["status"], "not_yet_in_force", "{label}");

        for bad in [
            "/api/v1/conventions?as_of=1900-01-01",
            "/api/v1/conventions?as_of=2010-13-01",
        ] {
            let reply = app.get(bad, None).await;
            reply.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
            assert!(reply.body.contains("as_of"), "{label}: {}", reply.body);
        }
        let detail = app.get("/api/v1/conventions/C138", None).await;
        detail.expect(StatusCode::OK, label);
        assert_eq!(detail.json()["title_zh"], "准予就业最低年龄公约", "{label}");
        app.get("/api/v1/conventions/C087", None)
            .await
            .expect(StatusCode::NOT_FOUND, label);

        assert_eq!(
            indicator(&app, "ilo_conventions_ratified", "2009").await,
            25,
            "{label}"
        );
        assert_eq!(
            indicator(&app, "ilo_conventions_in_force", "2010").await,
            22,
            "{label}"
        );
        assert_eq!(
            indicator(&app, "ilo_conventions_in_force", "2016").await,
            20,
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_reporting_calendar_follows_its_configuration() {
    on_each_backend(|app| async move {
        let label = app.label;
        let reply = app
            .get("/api/v1/conventions/reports?from=2024&to=2030", None)
            .await;
        reply.expect(StatusCode::OK, label);
        let list = rows(&reply.json());
        let keys: Vec<(i64, String)> = list
            .iter()
            .map(|r| {
                (
                    r["year"].as_i64().unwrap_or(0),
                    r["convention"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{label}: year and code order");
        let first = list
            .iter()
            .find(|r| r["convention"] == "C029" && r["year"] == 2024)
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            (first["type"].as_str(), first["due_date"].as_str()),
            (Some("first"), Some("2024-09-01")),
            "{label}"
        );
        assert!(
            first["reason"].as_str().is_some_and(|r| !r.is_empty()),
            "{label}"
        );
        assert!(
            list.iter()
                .all(|r| r["convention"] != "C080" && r["convention"] != "C016"),
            "{label}"
        );
        assert_eq!(
            due(&app, "C100", 2024, 2030).await,
            [(2026, "regular".to_owned()), (2029, "regular".to_owned())],
            "{label}"
        );

        // Administrators move a group's year; the calendar follows.
        let admin = app.admin().await;
        app.officer("ilo", Capability::Conventions).await;
        let officer = app.token("ilo").await;
        let body = json!({"cycle_years": 3, "group": "A-F", "base_year": 2024});
        app.put(
            "/api/v1/conventions/reporting-groups",
            Some(&officer),
            body.clone(),
        )
        .await
        .expect(StatusCode::FORBIDDEN, label);
        app.put("/api/v1/conventions/reporting-groups", Some(&admin), body)
            .await
            .expect(StatusCode::OK, label);
        assert_eq!(
            due(&app, "C100", 2024, 2030)
                .await
                .iter()
                .map(|d| d.0)
                .collect::<Vec<_>>(),
            [2024, 2027, 2030],
            "{label}"
        );

        // Bad input names the field.
        for (body, field) in [
            (
                json!({"cycle_years": 4, "group": "A-F", "base_year": 2024}),
                "cycle_years",
            ),
            (
                json!({"cycle_years": 3, "group": "Q-Z", "base_year": 2024}),
                "group",
            ),
            (
                json!({"cycle_years": 3, "group": "A-F", "base_year": 1900}),
                "base_year",
            ),
        ] {
            let reply = app
                .put("/api/v1/conventions/reporting-groups", Some(&admin), body)
                .await;
            reply.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
            assert!(
                reply.error_fields().iter().any(|f| f == field),
                "{label}: {}",
                reply.body
            );
        }
        for (uri, field) in [
            ("/api/v1/conventions/reports?from=1900&to=2020", "from"),
            ("/api/v1/conventions/reports?from=2030&to=2024", "from"),
            ("/api/v1/conventions/reports?from=2024&to=1800", "to"),
        ] {
            let reply = app.get(uri, None).await;
            reply.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
            assert!(
                reply.error_fields().iter().any(|f| f == field),
                "{label}: {uri}: {}",
                reply.body
            );
        }
    })
    .await;
}

#[tokio::test]
async fn register_events_and_a_report_case_over_http() {
    on_each_backend(|app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("drafter", Capability::Conventions).await;
        app.officer("checker", Capability::Conventions).await;
        app.officer("registrar", Capability::Registry).await;
        app.user("reader", Role::Reviewer, vec![], None, None).await;
        let drafter = app.token("drafter").await;
        let checker = app.token("checker").await;
        let registrar = app.token("registrar").await;

        let ratify = json!({"convention": "C187", "kind": "ratification", "effective": "2027-03-01",
            "title_en": "Promotional Framework for Occupational Safety and Health Convention",
            "title_zh": "促进职业安全与卫生框架公约", "adopted_year": 2006, "class": "F"});
        app.post("/api/v1/conventions/events", Some(&drafter), ratify.clone()).await.expect(StatusCode::FORBIDDEN, label);
        let created = app.post("/api/v1/conventions/events", Some(&admin), ratify.clone()).await;
        created.expect(StatusCode::CREATED, label);
        assert_eq!(created.json()["entry_into_force"], "2028-03-01", "{label}");
        app.post("/api/v1/conventions/events", Some(&admin), ratify).await.expect(StatusCode::CONFLICT, label);
        let bad = app.post("/api/v1/conventions/events", Some(&admin), json!({"convention": "X1", "kind": "class_change", "effective": "2027-01-01", "class": "Q"})).await;
        bad.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        let fields: Vec<Value> = bad.error_fields();
        assert!(fields.contains(&json!("convention")) && fields.contains(&json!("class")), "{label}: {}", bad.body);
        assert_eq!(indicator(&app, "ilo_conventions_ratified", "2027").await, 29, "{label}");

        // A report case.
        let body = json!({"convention": "C100", "year": 2026});
        app.post("/api/v1/conventions/report-cases", Some(&registrar), body.clone()).await.expect(StatusCode::FORBIDDEN, label);
        let case = app.post("/api/v1/conventions/report-cases", Some(&drafter), body).await;
        case.expect(StatusCode::CREATED, label);
        let id = case.id();
        let open = app.get(&format!("/api/v1/conventions/report-cases/{id}"), Some(&drafter)).await.json();
        let reminders: Vec<Value> = rows(&open["reminders"]).iter().map(|r| r["code"].clone()).collect();
        assert_eq!(reminders, [json!("send_copies"), json!("submit")], "{label}: {open}");
        let uri = format!("/api/v1/conventions/report-cases/{id}/steps");
        let mut version = 1;
        for action in ["start_drafting", "send_for_review"] {
            let r = app.post(&uri, Some(&drafter), json!({"action": action, "version": version})).await;
            r.expect(StatusCode::OK, label);
            version = r.json()["version"].as_i64().unwrap_or(0);
        }
        let orgs = json!({"action": "send_copies", "version": version,
            "employers_organisation": "China Enterprise Confederation", "workers_organisation": "All-China Federation of Trade Unions"});
        app.post(&uri, Some(&drafter), orgs.clone()).await.expect(StatusCode::CONFLICT, label);
        app.post(&uri, Some(&checker), json!({"action": "submit", "version": version})).await.expect(StatusCode::CONFLICT, label);
        let sent = app.post(&uri, Some(&checker), orgs).await;
        sent.expect(StatusCode::OK, label);
        version = sent.json()["version"].as_i64().unwrap_or(0);
        app.post(&uri, Some(&checker), json!({"action": "submit", "version": version - 1})).await.expect(StatusCode::CONFLICT, label);
        let submitted = app.post(&uri, Some(&checker), json!({"action": "submit", "version": version})).await;
        submitted.expect(StatusCode::OK, label);
        assert_eq!(submitted.json()["status"], "submitted", "{label}");

        let comments = format!("/api/v1/conventions/report-cases/{id}/comments");
        let bad = app.post(&comments, Some(&checker), json!({"kind": "request", "year": 1900, "text_zh": "", "text_en": "x", "points": [{"text": "", "owner": "Wages", "due_date": "2027-13-01"}]})).await;
        bad.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        let fields: Vec<Value> = bad.error_fields();
        for f in ["kind", "year", "text_zh", "points[0].text", "points[0].due_date"] {
            assert!(fields.contains(&json!(f)), "{label}: {f}: {}", bad.body);
        }
        let added = app.post(&comments, Some(&checker), json!({"kind": "direct_request", "year": 2026,
            "text_zh": "委员会请政府提供按性别分列的工资统计。", "text_en": "The Committee requests wage statistics by sex.",
            "points": [{"text": "Wage statistics by sex", "owner": "Wages department", "due_date": "2027-06-30"}]})).await;
        added.expect(StatusCode::CREATED, label);
        let read = app.get(&format!("/api/v1/conventions/report-cases/{id}"), Some(&app.token("reader").await)).await;
        read.expect(StatusCode::OK, label);
        assert_eq!(read.json()["status"], "comments_received", "{label}");
        assert_eq!(read.json()["reminders"], json!([]), "{label}");
        let detail = app.get("/api/v1/conventions/C100", None).await.json();
        assert_eq!(detail["comments"][0]["points"][0]["owner"], "Wages department", "{label}");
    })
    .await;
}
