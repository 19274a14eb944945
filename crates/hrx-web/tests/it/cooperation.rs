//! International cooperation over HTTP on both databases: the partners counted on a day, the
//! events in date order, an agreement through its life cycle, an event with its delegation,
//! outcome and follow-up action, and the refusals (422 naming the field, 401, 403).

use super::support::day;
use super::{on_each_backend_at, App};
use axum::http::StatusCode;
use hrx_domain::access::Capability;
use serde_json::{json, Value};

async fn partner_codes(app: &App, as_of: &str) -> (i64, Vec<String>) {
    let reply = app
        .get(
            &format!("/api/v1/partners?as_of={as_of}&kind=country"),
            None,
        )
        .await;
    reply.expect(StatusCode::OK, app.label);
    let body = reply.json();
    assert_eq!(body["as_of"], as_of);
    let codes = body["partners"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| p["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    (body["count"].as_i64().unwrap_or(-1), codes)
}

fn fields(reply: &super::Reply) -> Vec<String> {
    reply
        .error_fields()
        .iter()
        .map(|f| f.as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn partners_and_events_follow_the_contracts() {
    on_each_backend_at(day(2026, 12, 7), |app| async move {
        let label = app.label;
        let (count, codes) = partner_codes(&app, "2009-12-31").await;
        assert_eq!(count, 7, "{label}: {codes:?}");
        let reply = app
            .get("/api/v1/partners?as_of=2009-12-31&kind=country", None)
            .await;
        let body = reply.json();
        let de = body["partners"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["code"] == "DE")
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            (de["name"].as_str(), de["since"].as_str()),
            (Some("Germany"), Some("2002-04-04")),
            "{label}: {de}"
        );
        assert_eq!(
            de["basis"],
            json!([{"kind": "agreement", "ref": "CN-DE-2001"}]),
            "{label}"
        );
        let orgs = app
            .get(
                "/api/v1/partners?as_of=2009-12-31&kind=international_organisation",
                None,
            )
            .await;
        assert_eq!(orgs.json()["count"], 2, "{label}");
        let bad = app
            .get("/api/v1/partners?as_of=2009-13-01&kind=planet", None)
            .await;
        bad.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        assert_eq!(fields(&bad), ["as_of", "kind"]);

        let reply = app
            .get(
                "/api/v1/cooperation/events?from=2001-01-01&to=2010-12-31&kind=ministerial",
                None,
            )
            .await;
        reply.expect(StatusCode::OK, label);
        let events = reply.json()["events"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let dates: Vec<&str> = events
            .iter()
            .filter_map(|e| e["starts_on"].as_str())
            .collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{label}: {dates:?}");
        assert!(events.iter().all(|e| e["kind"] == "ministerial"));
        assert_eq!(dates.first(), Some(&"2001-05-10"), "{label}");
        assert_eq!(dates.last(), Some(&"2010-09-16"), "{label}");
        assert_eq!(events.len(), 10, "{label}: {dates:?}");
        let bad = app
            .get(
                "/api/v1/cooperation/events?from=2010-01-01&to=2009-01-01&kind=party",
                None,
            )
            .await;
        bad.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        assert_eq!(fields(&bad), ["to", "kind"]);
    })
    .await;
}

async fn step(app: &App, token: &str, id: i64, body: Value) -> super::Reply {
    app.post(
        &format!("/api/v1/cooperation/agreements/{id}/steps"),
        Some(token),
        body,
    )
    .await
}

#[tokio::test]
async fn an_agreement_goes_through_its_life_cycle_over_http() {
    on_each_backend_at(day(2026, 12, 7), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("coop", Capability::Cooperation).await;
        app.officer("ilo", Capability::Conventions).await;
        let officer = app.token("coop").await;
        let other = app.token("ilo").await;
        let body = json!({
            "code": "CN-MX-MOU-2008", "kind": "mou", "title_en": "MoU on labour cooperation",
            "title_zh": "劳动合作谅解备忘录", "chinese_party": "mohrss", "partners": ["MX"],
            "areas": ["employment", "skills"], "term_months": 36, "renewal": "by_instrument",
            "document_zh": "档案 2008-MX-1（中文本）", "document_en": "File 2008-MX-1 (English text)",
            "signatories": [{"side": "chinese", "name": "Official A", "title": "Vice Minister"}]
        });
        // Anonymous: 401; another capability: 403; nothing written.
        app.post("/api/v1/cooperation/agreements", None, body.clone())
            .await
            .expect(StatusCode::UNAUTHORIZED, label);
        app.post("/api/v1/cooperation/agreements", Some(&other), body.clone())
            .await
            .expect(StatusCode::FORBIDDEN, label);
        let created = app
            .post(
                "/api/v1/cooperation/agreements",
                Some(&officer),
                body.clone(),
            )
            .await;
        created.expect(StatusCode::CREATED, label);
        let id = created.id();
        assert_eq!(created.json()["state"], "negotiating");
        assert_eq!(created.json()["signatories"][0]["title"], "Vice Minister");
        assert_eq!(
            (created.json()["document_zh"].as_str(), created.json()["document_en"].as_str()),
            (Some("档案 2008-MX-1（中文本）"), Some("File 2008-MX-1 (English text)"))
        );
        let take = |version: i64, action: &str, extra: Value| {
            let mut b = json!({"action": action, "version": version});
            if let (Some(b), Some(e)) = (b.as_object_mut(), extra.as_object()) {
                b.extend(e.clone());
            }
            b
        };
        step(
            &app,
            &officer,
            id,
            take(1, "initial", json!({"initialled_on": "2008-02-01"})),
        )
        .await
        .expect(StatusCode::OK, label);
        // Signed and awaiting entry into force.
        let signed = step(
            &app,
            &officer,
            id,
            take(
                2,
                "sign",
                json!({"signed_on": "2008-03-01", "signed_place": "Mexico City"}),
            ),
        )
        .await;
        signed.expect(StatusCode::OK, label);
        assert_eq!(
            (
                signed.json()["status"].as_str(),
                signed.json()["state"].as_str()
            ),
            (Some("signed"), Some("signed"))
        );
        // An entry into force before the signature: 422 naming the field; nothing changes.
        let bad = step(
            &app,
            &officer,
            id,
            take(
                3,
                "enter_into_force",
                json!({"entry_into_force_on": "2008-01-01"}),
            ),
        )
        .await;
        bad.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        assert_eq!(fields(&bad), ["entry_into_force_on"]);
        // A step the stage does not allow: 409; a stale version: 409.
        step(
            &app,
            &officer,
            id,
            take(3, "renew", json!({"renewal_signed_on": "2009-01-01"})),
        )
        .await
        .expect(StatusCode::CONFLICT, label);
        step(
            &app,
            &officer,
            id,
            take(
                2,
                "enter_into_force",
                json!({"entry_into_force_on": "2008-06-01"}),
            ),
        )
        .await
        .expect(StatusCode::CONFLICT, label);
        let in_force = step(
            &app,
            &officer,
            id,
            take(
                3,
                "enter_into_force",
                json!({"entry_into_force_on": "2008-06-01"}),
            ),
        )
        .await;
        in_force.expect(StatusCode::OK, label);
        assert!(
            partner_codes(&app, "2009-12-31")
                .await
                .1
                .contains(&"MX".to_owned()),
            "{label}"
        );
        // The three-year term ran out on 2011-05-31; renewed by a new signature in 2011-09.
        assert!(
            !partner_codes(&app, "2011-06-30")
                .await
                .1
                .contains(&"MX".to_owned()),
            "{label}"
        );
        let renewed = step(
            &app,
            &officer,
            id,
            take(
                4,
                "renew",
                json!({"renewal_signed_on": "2011-09-01", "renewal_months": "36"}),
            ),
        )
        .await;
        renewed.expect(StatusCode::OK, label);
        assert_eq!(renewed.json()["renewals"].as_array().map(Vec::len), Some(1));
        assert!(
            partner_codes(&app, "2011-12-31")
                .await
                .1
                .contains(&"MX".to_owned()),
            "{label}"
        );
        // Termination needs a comment, then ends it.
        step(
            &app,
            &officer,
            id,
            take(5, "terminate", json!({"ended_on": "2013-01-01"})),
        )
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        let mut end = take(5, "terminate", json!({"ended_on": "2013-01-01"}));
        end["comment"] = json!("Notice given by the partner");
        let ended = step(&app, &officer, id, end).await;
        ended.expect(StatusCode::OK, label);
        assert_eq!(ended.json()["state"], "terminated", "{label}");
        assert!(!partner_codes(&app, "2013-06-30")
            .await
            .1
            .contains(&"MX".to_owned()));
        assert!(partner_codes(&app, "2012-12-31")
            .await
            .1
            .contains(&"MX".to_owned()));
        let read = app
            .get(
                &format!("/api/v1/cooperation/agreements/{id}"),
                Some(&officer),
            )
            .await;
        read.expect(StatusCode::OK, label);
        assert_eq!(read.json()["version"], 6);
        // Refusals of a new agreement name the field.
        let mut bad = body.clone();
        bad["code"] = json!("CN-ZZ-1");
        bad["partners"] = json!(["ZZ"]);
        bad["signed_on"] = json!("2009-05-01");
        bad["entry_into_force_on"] = json!("2009-04-01");
        let reply = app
            .post("/api/v1/cooperation/agreements", Some(&officer), bad)
            .await;
        reply.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        assert_eq!(fields(&reply), ["entry_into_force_on"]);
        let mut bad = body.clone();
        bad["code"] = json!("CN-ZZ-2");
        bad["partners"] = json!(["ZZ"]);
        let reply = app
            .post("/api/v1/cooperation/agreements", Some(&officer), bad)
            .await;
        reply.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        assert_eq!(fields(&reply), ["partners"]);
        // The list holds the social security agreements too.
        let all = app
            .get("/api/v1/cooperation/agreements", Some(&admin))
            .await;
        let all = all.json();
        assert!(all
            .as_array()
            .into_iter()
            .flatten()
            .any(|a| a["code"] == "CN-KR-2003" && a["origin"] == "coverage"));
        let indicator = app
            .get("/api/v1/indicators/partner_countries?period=2012", None)
            .await;
        assert_eq!(indicator.json()["value"], 8, "{label}");
    })
    .await;
}

#[tokio::test]
async fn an_event_with_its_delegation_outcome_and_follow_up() {
    on_each_backend_at(day(2026, 12, 7), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("coop", Capability::Cooperation).await;
        let officer = app.token("coop").await;
        let event = json!({
            "date": "2010-09-16", "end_date": "2010-09-15", "name_en": "Seminar", "name_zh": "研讨会",
            "kind": "meeting", "host_country": "XX"
        });
        let reply = app.post("/api/v1/cooperation/events", Some(&officer), event).await;
        reply.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        assert_eq!(fields(&reply), ["end_date", "host_country"]);
        let event = json!({
            "date": "2010-11-02", "end_date": "2010-11-03", "name_en": "China-Germany vocational training dialogue",
            "name_zh": "中德职业培训对话", "kind": "meeting", "host_city": "Berlin", "host_country": "DE",
            "chinese_role": "participant", "partners": [{"code": "DE", "role": "counterpart"}]
        });
        let created = app.post("/api/v1/cooperation/events", Some(&officer), event).await;
        created.expect(StatusCode::CREATED, label);
        let id = created.id();
        let person = app.person(&admin, "Li Wei", "E12345678").await;
        app.post(&format!("/api/v1/cooperation/events/{id}/delegates"), Some(&officer), json!({"person_id": person, "role": "head"}))
            .await
            .expect(StatusCode::CREATED, label);
        let outcome = app
            .post(
                &format!("/api/v1/cooperation/events/{id}/outcomes"),
                Some(&officer),
                json!({"kind": "joint_statement", "title_en": "Joint minutes", "title_zh": "会谈纪要", "adopted_on": "2010-11-03"}),
            )
            .await;
        outcome.expect(StatusCode::CREATED, label);
        let oid = outcome.id();
        let past = app
            .post(&format!("/api/v1/cooperation/outcomes/{oid}/follow-ups"), Some(&officer),
                json!({"description": "Exchange the curricula", "owner": "coop", "due_on": "2026-12-04"}))
            .await;
        past.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        assert_eq!(fields(&past), ["due_on"]);
        let action = app
            .post(&format!("/api/v1/cooperation/outcomes/{oid}/follow-ups"), Some(&officer),
                json!({"description": "Exchange the curricula", "owner": "coop", "working_days": 10}))
            .await;
        action.expect(StatusCode::CREATED, label);
        assert_eq!(action.json()["due_on"], "2026-12-21", "{label}");
        let queue = app.get("/api/v1/cooperation/follow-ups", Some(&officer)).await;
        assert_eq!(queue.json().as_array().map(Vec::len), Some(1));
        let done = app
            .post(&format!("/api/v1/cooperation/follow-ups/{}/steps", action.id()), Some(&officer),
                json!({"action": "complete", "version": 1}))
            .await;
        done.expect(StatusCode::OK, label);
        assert_eq!(done.json()["status"], "done");
        let full = app.get(&format!("/api/v1/cooperation/events/{id}"), Some(&officer)).await;
        let full = full.json();
        assert_eq!(full["delegates"][0]["role"], "head", "{label}");
        assert_eq!(full["outcomes"][0]["follow_ups"][0]["status"], "done", "{label}");
        let secondary = app.get("/api/v1/partners?as_of=2010-12-31&definition=secondary", None).await;
        assert!(secondary.json()["partners"].as_array().into_iter().flatten().any(|p| p["code"] == "DE"));
        let timeline = app.get("/api/v1/cooperation/timeline?partner=DE&year=2010", Some(&officer)).await;
        timeline.expect(StatusCode::OK, label);
        assert!(timeline.json().as_array().into_iter().flatten().any(|t| t["kind"] == "event"), "{label}");
        app.get("/api/v1/cooperation/timeline", None).await.expect(StatusCode::UNAUTHORIZED, label);
    })
    .await;
}
