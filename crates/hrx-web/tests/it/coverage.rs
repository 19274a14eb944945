//! Social-security agreements through HTTP on each database: the public determination, the
//! agreements registry and its administration, and certificates of coverage in both
//! directions from application to expiry.

use super::{day, on_each_backend, on_each_backend_at, App};
use super::{parties_for, Parties};
use axum::http::StatusCode;
use hrx_domain::access::Capability;
use serde_json::{json, Value};

async fn parties(app: &App) -> Parties {
    parties_for(app, Capability::Coverage).await
}

fn certificate_json(person: i64, direction: &str, partner: &str, from: &str, to: &str) -> Value {
    json!({"direction": direction, "person_id": person, "partner_country": partner,
        "worker_category": "posted_worker", "posting_start": from, "posting_end": to,
        "valid_from": from, "valid_to": to,
        "number": if direction == "inbound" { Some(format!("{partner}-{from}")) } else { None }})
}

/// Files a certificate of coverage over the API.
async fn file(app: &App, token: &str, body: Value) -> super::Reply {
    app.post("/api/v1/coverage/certificates", Some(token), body)
        .await
}

/// Files the clerk's certificate for the person.
async fn file_for(
    app: &App,
    p: &Parties,
    direction: &str,
    partner: &str,
    from: &str,
    to: &str,
) -> super::Reply {
    let body = certificate_json(p.person, direction, partner, from, to);
    file(app, &p.clerk, body).await
}

async fn step(app: &App, token: &str, id: i64, version: i64, body: Value) -> super::Reply {
    let mut body = body;
    body["version"] = json!(version);
    app.post(
        &format!("/api/v1/coverage/certificates/{id}/transitions"),
        Some(token),
        body,
    )
    .await
}

async fn figure(app: &App, code: &str, period: &str) -> i64 {
    let reply = app
        .get(
            &format!("/api/v1/indicators/{code}?period={period}&by=direction"),
            None,
        )
        .await;
    reply.expect(StatusCode::OK, app.label);
    reply.json()["value"].as_i64().unwrap_or(-1)
}

/// Asserts the value an indicator answers for a period.
async fn figure_is(app: &App, code: &str, period: &str, expected: i64) {
    let value = figure(app, code, period).await;
    assert_eq!(value, expected, "{}: {code} {period}", app.label);
}

async fn stats_agree(app: &App) {
    let report = app.store.check_statistics(10).await.unwrap();
    assert_eq!(
        report.differences_total, 0,
        "{}: {:?}",
        app.label, report.differences
    );
}

#[tokio::test]
async fn an_outbound_certificate_runs_from_application_to_revocation() {
    on_each_backend_at(
        day(2025, 3, 3),
        |app| async move {
            let p = parties(&app).await;
            let created = file_for(&app, &p, "outbound", "DE", "2025-04-01", "2027-03-31").await;
            created.expect(StatusCode::CREATED, app.label);
            let c = created.json();
            let id = c["id"].as_i64().unwrap();
            assert_eq!(c["status"], "requested");
            assert_eq!(c["agreement_code"], "CN-DE-2001");
            assert_eq!(c["exempt_branches"], json!(["pension", "unemployment"]));

            // Another employer sees nothing of it, and cannot act on it.
            let theirs = app
                .get(&format!("/api/v1/coverage/certificates/{id}"), Some(&p.other_clerk))
                .await;
            theirs.expect(StatusCode::NOT_FOUND, app.label);
            let list = app
                .get("/api/v1/coverage/certificates", Some(&p.other_clerk))
                .await;
            assert_eq!(list.json()["total"], 0, "{}", app.label);
            let poke = step(&app, &p.other_clerk, id, 1, json!({"action": "withdraw"})).await;
            poke.expect(StatusCode::NOT_FOUND, app.label);

            // The employer cannot issue; the officer cannot issue before the check.
            let by_employer = step(&app, &p.clerk, id, 1, json!({"action": "check_contributions", "paid_until": "2025-02-28"})).await;
            by_employer.expect(StatusCode::FORBIDDEN, app.label);
            let too_early = step(&app, &p.officer, id, 1, json!({"action": "issue"})).await;
            too_early.expect(StatusCode::CONFLICT, app.label);
            assert_eq!(too_early.json()["code"], "transition_not_allowed");
            let no_date = step(&app, &p.officer, id, 1, json!({"action": "check_contributions"})).await;
            no_date.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
            let unchanged = app
                .get(&format!("/api/v1/coverage/certificates/{id}"), Some(&p.clerk))
                .await;
            assert_eq!(unchanged.json()["version"], 1, "{}: refused steps change nothing", app.label);

            let arrears = step(&app, &p.officer, id, 1, json!({"action": "check_contributions", "paid_until": "2025-01-31"})).await;
            assert_eq!(arrears.status, StatusCode::CONFLICT, "{}: contributions not up to date", app.label);
            assert_eq!(arrears.json()["code"], "contributions_in_arrears");
            let checked = step(&app, &p.officer, id, 1, json!({"action": "check_contributions", "paid_until": "2025-02-28"})).await;
            checked.expect(StatusCode::OK, app.label);
            assert_eq!(checked.json()["status"], "contributions_checked");
            let stale = step(&app, &p.officer, id, 1, json!({"action": "issue"})).await;
            stale.expect(StatusCode::CONFLICT, app.label);
            let issued = step(&app, &p.officer, id, 2, json!({"action": "issue"})).await;
            issued.expect(StatusCode::OK, app.label);
            let issued = issued.json();
            assert_eq!(issued["status"], "issued");
            assert_eq!(issued["issued_on"], "2025-03-03");
            let number = issued["number"].as_str().unwrap().to_owned();
            assert!(number.starts_with("COC-DE-2025-"), "{number}");
            assert_eq!(issued["transitions"].as_array().map(Vec::len), Some(2));
            figure_is(&app, "coverage_certificates_issued", "2025", 1).await;
            assert_eq!(figure(&app, "coverage_exemptions_active", "2025").await, 0, "{}: outbound is no exemption in China", app.label);
            stats_agree(&app).await;

            // The public check shows it, with initials only.
            let check = app.get(&format!("/verify/coverage/{number}"), None).await;
            check.expect(StatusCode::OK, app.label);
            assert!(check.body.contains(&number));
            assert!(!check.body.contains("Anna Berg"), "{}: no full name on the public check", app.label);
            // One sentence on its state, never "in force" beside "not valid today".
            let sentence = check.body.split("class=\"validity-sentence\"").nth(1).unwrap_or_default();
            assert!(
                ["有效期至", "尚未生效", "已失效", "Valid on", "Not yet valid", "No longer valid"].iter().any(|s| sentence.contains(s)),
                "{}: {}",
                app.label,
                check.body
            );
            let unknown = app.get("/verify/coverage/COC-DE-2025-999999", None).await;
            unknown.expect(StatusCode::NOT_FOUND, app.label);
            // The entry page: a number typed, or the whole address a scanner types, leads to
            // its check; an unknown one is said so with the number kept.
            let entry = app.get("/verify", None).await;
            entry.expect(StatusCode::OK, app.label);
            assert!(entry.body.contains("name=\"number\""), "{}", app.label);
            let typed = app.get(&format!("/verify?number={number}"), None).await;
            typed.expect(StatusCode::SEE_OTHER, app.label);
            assert_eq!(
                typed.headers.get("location").and_then(|v| v.to_str().ok()),
                Some(format!("/verify/coverage/{number}").as_str()),
                "{}",
                app.label
            );
            let scanned = app
                .get(&format!("/verify?number=https%3A%2F%2Fhrx.example%2Fverify%2Fcoverage%2F{number}"), None)
                .await;
            scanned.expect(StatusCode::SEE_OTHER, app.label);
            let nothing = app.get("/verify?number=COC-DE-2025-999999", None).await;
            nothing.expect(StatusCode::NOT_FOUND, app.label);
            assert!(nothing.body.contains("value=\"COC-DE-2025-999999\""), "{}", app.label);
            assert!(nothing.body.contains("id=\"not-found\""), "{}", app.label);

            // An extension under the German special agreement: at most 96 months in all.
            let too_far = app
                .post(&format!("/api/v1/coverage/certificates/{id}/extensions"), Some(&p.clerk), json!({"valid_to": "2033-04-01"}))
                .await;
            too_far.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
            assert!(too_far.body.contains("exceeds_extension_limit"), "{}", too_far.body);
            let extension = app
                .post(&format!("/api/v1/coverage/certificates/{id}/extensions"), Some(&p.clerk), json!({"valid_to": "2029-03-31"}))
                .await;
            extension.expect(StatusCode::CREATED, app.label);
            let ext = extension.json();
            let ext_id = ext["id"].as_i64().unwrap();
            assert_eq!(ext["extends_id"], id);
            assert_eq!(ext["valid_from"], "2027-04-01");
            let again = app
                .post(&format!("/api/v1/coverage/certificates/{id}/extensions"), Some(&p.clerk), json!({"valid_to": "2028-03-31"}))
                .await;
            assert_eq!(again.status, StatusCode::CONFLICT, "{}: one extension at a time", app.label);
            step(&app, &p.officer, ext_id, 1, json!({"action": "check_contributions", "paid_until": "2025-02-28"})).await;
            let ext_issued = step(&app, &p.officer, ext_id, 2, json!({"action": "issue"})).await;
            ext_issued.expect(StatusCode::OK, app.label);
            let parent = app
                .get(&format!("/api/v1/coverage/certificates/{id}"), Some(&p.clerk))
                .await
                .json();
            assert_eq!(parent["status"], "extended", "{}", app.label);

            // Revocation needs a reason and counts from its day.
            let bare = step(&app, &p.officer, ext_id, 3, json!({"action": "revoke"})).await;
            bare.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
            assert_eq!(bare.json()["code"], "comment_required");
            let revoked = step(&app, &p.officer, ext_id, 3,
                json!({"action": "revoke", "comment": "posting ended early", "effective": "2027-06-30"})).await;
            revoked.expect(StatusCode::OK, app.label);
            assert_eq!(revoked.json()["revoked_on"], "2027-06-30");
            // Expiry only after the last day.
            let expire = step(&app, &p.officer, id, parent["version"].as_i64().unwrap(), json!({"action": "expire"})).await;
            expire.expect(StatusCode::CONFLICT, app.label);
            assert_eq!(expire.json()["code"], "not_yet_ended");
            figure_is(&app, "coverage_certificates_issued", "2025", 2).await;
            stats_agree(&app).await;

            // Each step is in the audit chain.
            let audited: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'coverage_certificate'",
            )
            .fetch_one(app.store.pool())
            .await
            .unwrap();
            assert!(audited >= 8, "{}: {audited} audit entries", app.label);
        },
    )
    .await;
}

#[tokio::test]
async fn periods_beyond_the_agreement_and_partners_without_one_are_refused() {
    on_each_backend_at(day(2025, 3, 3), |app| async move {
        let p = parties(&app).await;
        // Germany: 48 months from 2025-04-01 end on 2029-03-31.
        let last_day = file_for(&app, &p, "outbound", "DE", "2025-04-01", "2029-03-31").await;
        last_day.expect(StatusCode::CREATED, app.label);
        let day_after = file_for(&app, &p, "outbound", "DE", "2025-04-01", "2029-04-01").await;
        day_after.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        assert!(
            day_after.body.contains("exceeds_posting_limit"),
            "{}",
            day_after.body
        );
        // Denmark: 36 months for workers posted to China, 60 from China.
        let to_china = file_for(&app, &p, "inbound", "DK", "2025-01-10", "2028-01-10").await;
        to_china.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        let from_china = file_for(&app, &p, "outbound", "DK", "2025-01-10", "2028-01-10").await;
        from_china.expect(StatusCode::CREATED, app.label);
        // France signed but not in force; no agreement with the United States.
        let france = file_for(&app, &p, "outbound", "FR", "2025-04-01", "2026-03-31").await;
        france.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        assert!(
            france.body.contains("agreement_not_in_force"),
            "{}",
            france.body
        );
        let us = file_for(&app, &p, "outbound", "US", "2025-04-01", "2026-03-31").await;
        assert!(us.body.contains("no_agreement"), "{}", us.body);
        // A category the agreement does not cover (Serbia has no seafarers).
        let mut seafarer = certificate_json(p.person, "outbound", "RS", "2025-04-01", "2026-03-31");
        seafarer["worker_category"] = json!("seafarer");
        let seafarer = file(&app, &p.clerk, seafarer).await;
        assert!(
            seafarer.body.contains("category_not_covered"),
            "{}",
            seafarer.body
        );
        // Bad input names its field.
        let mut backwards =
            certificate_json(p.person, "outbound", "DE", "2025-04-01", "2026-03-31");
        backwards["valid_to"] = json!("2025-03-01");
        let backwards = file(&app, &p.clerk, backwards).await;
        backwards.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        assert!(backwards.body.contains("valid_to"), "{}", backwards.body);
        let mut inbound_without_number =
            certificate_json(p.person, "inbound", "DE", "2025-04-01", "2026-03-31");
        inbound_without_number["number"] = Value::Null;
        let no_number = file(&app, &p.clerk, inbound_without_number).await;
        assert!(no_number.body.contains("number"), "{}", no_number.body);
        assert_eq!(
            app.count("coverage_certificate").await,
            2,
            "{}: refused filings write nothing",
            app.label
        );
    })
    .await;
}

#[tokio::test]
async fn an_inbound_certificate_records_the_exemption_once_accepted() {
    on_each_backend_at(day(2025, 3, 3), |app| async move {
        let p = parties(&app).await;
        let created = file_for(&app, &p, "inbound", "DE", "2024-01-01", "2027-12-31").await;
        created.expect(StatusCode::CREATED, app.label);
        let id = created.json()["id"].as_i64().unwrap();
        assert_eq!(created.json()["status"], "presented");
        figure_is(&app, "coverage_exemptions_active", "2025", 0).await;
        let duplicate = file_for(&app, &p, "inbound", "DE", "2024-01-01", "2027-12-31").await;
        assert_eq!(
            duplicate.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: the number is taken",
            app.label
        );
        let reject = step(&app, &p.officer, id, 1, json!({"action": "reject"})).await;
        assert_eq!(
            reject.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: a rejection needs a reason",
            app.label
        );
        let accepted = step(&app, &p.officer, id, 1, json!({"action": "accept"})).await;
        accepted.expect(StatusCode::OK, app.label);
        assert_eq!(accepted.json()["issued_on"], "2024-01-01");
        figure_is(&app, "coverage_exemptions_active", "2025", 1).await;
        figure_is(&app, "coverage_exemptions_active", "2023", 0).await;
        figure_is(&app, "coverage_certificates_issued", "2024", 1).await;
        stats_agree(&app).await;
        let ending = app
            .get("/api/v1/coverage/ending?days=90", Some(&p.clerk))
            .await;
        ending.expect(StatusCode::OK, app.label);
        assert_eq!(
            ending.json().as_array().map(Vec::len),
            Some(0),
            "{}: ends in 2027",
            app.label
        );
        let bad_days = app
            .get("/api/v1/coverage/ending?days=12", Some(&p.clerk))
            .await;
        bad_days.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        let revoked = step(
            &app,
            &p.officer,
            id,
            2,
            json!({"action": "revoke", "comment": "changed employer", "effective": "2025-01-01"}),
        )
        .await;
        revoked.expect(StatusCode::OK, app.label);
        figure_is(&app, "coverage_exemptions_active", "2025", 0).await;
        figure_is(&app, "coverage_exemptions_active", "2024", 1).await;
        stats_agree(&app).await;
    })
    .await;
}

#[tokio::test]
async fn certificates_ending_soon_and_postings_past_the_limit_are_listed() {
    on_each_backend_at(day(2025, 3, 3), |app| async move {
        let p = parties(&app).await;
        // Inbound from Germany: the posting runs to 2029, the certificate to 2025-03-31
        // (within 30 days); 48 months from 2024-01-01 end 2027-12-31.
        let mut body = certificate_json(p.person, "inbound", "DE", "2024-01-01", "2025-03-31");
        body["posting_end"] = json!("2029-12-31");
        let created = file(&app, &p.clerk, body).await;
        created.expect(StatusCode::CREATED, app.label);
        let id = created.json()["id"].as_i64().unwrap();
        step(&app, &p.officer, id, 1, json!({"action": "accept"})).await;
        for days in [30, 90] {
            let ending = app
                .get(
                    &format!("/api/v1/coverage/ending?days={days}"),
                    Some(&p.clerk),
                )
                .await;
            assert_eq!(
                ending.json().as_array().map(Vec::len),
                Some(1),
                "{}: {days} days",
                app.label
            );
            let theirs = app
                .get(
                    &format!("/api/v1/coverage/ending?days={days}"),
                    Some(&p.other_clerk),
                )
                .await;
            assert_eq!(
                theirs.json().as_array().map(Vec::len),
                Some(0),
                "{}",
                app.label
            );
        }
        let past = app
            .get("/api/v1/coverage/past-limit", Some(&p.officer))
            .await;
        past.expect(StatusCode::OK, app.label);
        assert_eq!(
            past.json()[0]["allowed_until"],
            "2027-12-31",
            "{}: {}",
            app.label,
            past.body
        );
    })
    .await;
}

#[tokio::test]
async fn the_public_determination_answers_the_contract() {
    on_each_backend(|app| async move {
        let ask = |body: Value| {
            let app = &app;
            async move {
                app.post("/api/v1/coverage/determinations", None, body)
                    .await
            }
        };
        let reply = ask(json!({"as_of": "2024-06-01", "nationality": "DE", "sending_country": "DE",
            "work_country": "CN", "worker_category": "posted_worker", "posting_start": "2024-01-01",
            "posting_end": "2027-12-31"}))
        .await;
        reply.expect(StatusCode::OK, app.label);
        let d = reply.json();
        assert_eq!(d["agreement"], "CN-DE-2001");
        assert_eq!(d["exempt"], true);
        assert_eq!(d["exempt_branches"], json!(["pension", "unemployment"]));
        assert_eq!(d["enrol_branches"], json!(["medical", "work_injury", "maternity"]));
        assert_eq!(d["exempt_from"], "2024-01-01");
        assert_eq!(d["exempt_until"], "2027-12-31");
        assert_eq!(d["max_posting_months"], 48);
        assert_eq!(d["manual_review"], false);
        assert!(!d["reasons"].as_array().unwrap().is_empty());
        assert!(!d["reasons"][0].as_str().unwrap().starts_with("coverage-step-"), "reasons are worded: {}", d["reasons"]);
        let reasons = d["reasons"].to_string();
        assert!(reasons.contains("德国") && reasons.contains("失业保险"), "{reasons}");
        // Kyrgyzstan: no limit established, manual review.
        let kg = ask(json!({"as_of": "2025-11-01", "nationality": "KG", "sending_country": "KG",
            "work_country": "CN", "worker_category": "posted_worker", "posting_start": "2025-11-01",
            "posting_end": "2026-10-31"}))
        .await
        .json();
        assert_eq!(kg["manual_review"], true, "{kg}");
        // Refused input names the field.
        for (body, field) in [
            (json!({"as_of": "2024-06-01", "nationality": "ZZ", "sending_country": "DE", "work_country": "CN",
                "worker_category": "posted_worker", "posting_start": "2024-01-01", "posting_end": "2027-12-31"}), "nationality"),
            (json!({"as_of": "2024-06-01", "nationality": "DE", "sending_country": "DE", "work_country": "CN",
                "worker_category": "posted_worker", "posting_start": "2024-01-01", "posting_end": "2023-12-31"}), "posting_end"),
            (json!({"as_of": "1899-12-31", "nationality": "DE", "sending_country": "DE", "work_country": "CN",
                "worker_category": "posted_worker", "posting_start": "2024-01-01", "posting_end": "2027-12-31"}), "as_of"),
        ] {
            let refused = ask(body).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
            assert!(refused.body.contains(field), "{field}: {}", refused.body);
        }
    })
    .await;
}

#[tokio::test]
async fn administrators_edit_the_agreements_and_determinations_follow() {
    on_each_backend(|app| async move {
        let p = parties(&app).await;
        let admin = app.token("root").await;
        let list = app.get("/api/v1/coverage/agreements", None).await;
        assert_eq!(list.json().as_array().map(Vec::len), Some(14), "{}", app.label);
        let kg = app
            .get("/api/v1/coverage/agreements/CN-KG-2025", None)
            .await
            .json();
        let mut edit = kg.clone();
        edit.as_object_mut().unwrap().remove("updated_at");
        edit["max_posting_months_to_china"] = json!("24");
        edit["max_posting_months"] = json!("24");
        let by_officer = app
            .put("/api/v1/coverage/agreements/CN-KG-2025", Some(&p.officer), edit.clone())
            .await;
        by_officer.expect(StatusCode::FORBIDDEN, app.label);
        let mut bad = edit.clone();
        bad["chinese_branches_exempt"] = json!("pension;medical");
        let bad = app
            .put("/api/v1/coverage/agreements/CN-KG-2025", Some(&admin), bad)
            .await;
        bad.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        assert!(bad.body.contains("chinese_branches_exempt"), "{}", bad.body);
        let saved = app
            .put("/api/v1/coverage/agreements/CN-KG-2025", Some(&admin), edit.clone())
            .await;
        saved.expect(StatusCode::OK, app.label);
        assert_eq!(saved.json()["version"], 2);
        let stale = app
            .put("/api/v1/coverage/agreements/CN-KG-2025", Some(&admin), edit)
            .await;
        stale.expect(StatusCode::CONFLICT, app.label);
        let d = app
            .post("/api/v1/coverage/determinations", None, json!({"as_of": "2025-11-01", "nationality": "KG", "sending_country": "KG", "work_country": "CN", "worker_category": "posted_worker", "posting_start": "2025-11-01", "posting_end": "2026-10-31"}))
            .await
            .json();
        assert_eq!(d["manual_review"], false, "{}: {d}", app.label);
        assert_eq!(d["exempt_until"], "2026-10-31");
        let audited: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'coverage_agreement'",
        )
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        assert_eq!(audited, 1, "{}", app.label);
    })
    .await;
}
