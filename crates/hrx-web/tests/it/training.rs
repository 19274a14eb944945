//! Training abroad over HTTP on both databases: a plan edited then approved, nominations
//! selected by two officers other than the nominator, every refusal code of the members
//! contract, a group through departure and return with a completion report, the participants
//! list, and `trainees_sent_abroad` at the period boundaries.

use super::support::day;
use super::{on_each_backend_at, App, Reply};
use axum::http::StatusCode;
use hrx_domain::access::Capability;
use serde_json::{json, Value};

/// A Chinese person of a sending unit with a passport expiring on `expiry`.
async fn cn_person(
    app: &App,
    admin: &str,
    unit: i64,
    latin: &str,
    passport: &str,
    expiry: &str,
) -> i64 {
    let body = json!({
        "name_native": "王伟", "name_latin": latin, "sex": "male", "birth_date": "1972-04-01",
        "nationality": "CN", "passport_number": passport, "passport_expiry": expiry,
        "organisation_id": unit,
    });
    let reply = app.post("/api/v1/persons", Some(admin), body).await;
    reply.expect(StatusCode::CREATED, app.label);
    reply.id()
}

fn programme_json(code: &str, from: &str, to: &str) -> Value {
    json!({
        "code": code, "year": 2009, "title_en": "Senior civil servants, public administration",
        "title_zh": "高级公务员公共管理培训", "programme_type": "senior_civil_servants",
        "funding_channel": "special_fund", "approval_category": "approval",
        "host_institution": "Harvard Kennedy School", "institution_kind": "university",
        "host_country": "US", "language": "en", "planned_days": 21, "cost_yuan": 60000,
        "window_start": from, "window_end": to,
    })
}

fn code_of(reply: &Reply) -> String {
    reply.json()["code"].as_str().unwrap_or_default().to_owned()
}

fn version(reply: &Reply) -> i64 {
    reply.json()["version"].as_i64().unwrap_or(-1)
}

/// A programme whose plan gives `places` to `unit`, approved.
async fn approved_programme(app: &App, admin: &str, code: &str, unit: i64, places: i64) -> i64 {
    let created = app
        .post(
            "/api/v1/training/programmes",
            Some(admin),
            programme_json(code, "2009-01-01", "2010-01-31"),
        )
        .await;
    created.expect(StatusCode::CREATED, app.label);
    let id = created.id();
    let set = app
        .put(
            &format!("/api/v1/training/programmes/{id}/quotas"),
            Some(admin),
            json!({"version": version(&created), "sending_unit_id": unit, "places": places}),
        )
        .await;
    set.expect(StatusCode::OK, app.label);
    app.post(
        &format!("/api/v1/training/programmes/{id}/approve"),
        Some(admin),
        json!({"version": version(&set)}),
    )
    .await
    .expect(StatusCode::OK, app.label);
    id
}

async fn group(app: &App, token: &str, programme: i64, from: &str, to: &str) -> i64 {
    let reply = app
        .post(
            "/api/v1/training/groups",
            Some(token),
            json!({"programme_id": programme, "planned_departure": from, "planned_return": to}),
        )
        .await;
    reply.expect(StatusCode::CREATED, app.label);
    reply.id()
}

async fn add(app: &App, token: &str, group: i64, person: i64) -> Reply {
    app.post(
        &format!("/api/v1/training/groups/{group}/members"),
        Some(token),
        json!({"person_id": person}),
    )
    .await
}

async fn step(app: &App, token: &str, path: &str, body: Value) -> Reply {
    app.post(path, Some(token), body).await
}

/// Selects a nomination: approved by "first" then "second".
async fn select(app: &App, first: &str, second: &str, nomination: i64) {
    let path = format!("/api/v1/training/nominations/{nomination}/steps");
    let current = app
        .get(
            &format!("/api/v1/training/nominations/{nomination}"),
            Some(first),
        )
        .await;
    let one = step(
        app,
        first,
        &path,
        json!({"action": "approve", "version": version(&current)}),
    )
    .await;
    one.expect(StatusCode::OK, app.label);
    let two = step(
        app,
        second,
        &path,
        json!({"action": "approve", "version": version(&one)}),
    )
    .await;
    two.expect(StatusCode::OK, app.label);
    assert_eq!(two.json()["status"], "selected", "{}", app.label);
}

async fn group_version(app: &App, token: &str, id: i64) -> i64 {
    version(
        &app.get(&format!("/api/v1/training/groups/{id}"), Some(token))
            .await,
    )
}

async fn figure(app: &App, code: &str, period: &str) -> i64 {
    let reply = app
        .get(&format!("/api/v1/indicators/{code}?period={period}"), None)
        .await;
    reply.expect(StatusCode::OK, app.label);
    reply.json()["value"].as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn training_abroad_follows_the_contracts() {
    on_each_backend_at(day(2010, 3, 1), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        for name in ["nominator", "first", "second"] {
            app.officer(name, Capability::Training).await;
        }
        app.officer("coop", Capability::Cooperation).await;
        let (nominator, first, second) = (
            app.token("nominator").await,
            app.token("first").await,
            app.token("second").await,
        );
        let (unit, other_unit) = app.two_employers(&admin).await;
        let p1 = cn_person(&app, &admin, unit, "Wang Wei", "E10000001", "2015-01-01").await;
        let p2 = cn_person(&app, &admin, unit, "Li Na", "E10000002", "2015-01-01").await;
        let p3 = cn_person(&app, &admin, unit, "Zhao Lei", "E10000003", "2015-01-01").await;
        let p4 = cn_person(&app, &admin, other_unit, "Sun Li", "E10000004", "2009-09-20").await;

        // The plan: edited by an administrator, audited, refused to others, fixed once approved.
        let created = app
            .post("/api/v1/training/programmes", Some(&admin), programme_json("SCS-2009-01", "2009-01-01", "2010-01-31"))
            .await;
        created.expect(StatusCode::CREATED, label);
        let prog = created.id();
        assert_eq!(created.json()["plan_status"], "draft", "{label}");
        assert_eq!(created.json()["duration_class"], "short_term", "{label}");
        app.post("/api/v1/training/programmes", Some(&nominator), programme_json("X-1", "2009-01-01", "2009-12-31"))
            .await
            .expect(StatusCode::FORBIDDEN, label);
        let mut bad = programme_json("SCS-2009-01", "2009-12-31", "2009-01-01");
        bad["programme_type"] = json!("sightseeing");
        let refused = app.post("/api/v1/training/programmes", Some(&admin), bad).await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        let fields: Vec<String> = refused.error_fields().iter().map(|f| f.as_str().unwrap_or_default().to_owned()).collect();
        assert!(fields.contains(&"programme_type".to_owned()) && fields.contains(&"window_end".to_owned()), "{label}: {fields:?}");
        let quotas = format!("/api/v1/training/programmes/{prog}/quotas");
        let set = app
            .put(&quotas, Some(&admin), json!({"version": version(&created), "sending_unit_id": unit, "places": 2}))
            .await;
        set.expect(StatusCode::OK, label);
        app.put(&quotas, Some(&admin), json!({"version": version(&created), "sending_unit_id": unit, "places": 3}))
            .await
            .expect(StatusCode::CONFLICT, label);
        let nominate = json!({"programme_id": prog, "person_id": p1});
        let early = app.post("/api/v1/training/nominations", Some(&nominator), nominate.clone()).await;
        early.expect(StatusCode::CONFLICT, label);
        assert_eq!(code_of(&early), "plan_not_approved", "{label}");
        let approved = app
            .post(&format!("/api/v1/training/programmes/{prog}/approve"), Some(&admin), json!({"version": version(&set)}))
            .await;
        approved.expect(StatusCode::OK, label);
        assert_eq!(approved.json()["approved_on"], "2010-03-01", "{label}");
        let late = app
            .put(&quotas, Some(&admin), json!({"version": version(&approved), "sending_unit_id": unit, "places": 9}))
            .await;
        assert_eq!((late.status, code_of(&late)), (StatusCode::CONFLICT, "plan_approved".into()), "{label}");
        let audited: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'training_programme'",
        )
        .fetch_one(app.store.pool())
        .await
        .unwrap_or(0);
        assert_eq!(audited, 3, "{label}: create, set_quota, approve_plan");

        // Nominations: eligibility names its rule; two approvers other than the nominator.
        let foreigner = app.person(&admin, "Anna Berg", "C01X00T47").await;
        let ineligible = app
            .post("/api/v1/training/nominations", Some(&nominator), json!({"programme_id": prog, "person_id": foreigner, "sending_unit_id": unit}))
            .await;
        assert_eq!(code_of(&ineligible), "ineligible", "{label}");
        assert!(ineligible.json()["detail"].as_str().unwrap_or_default().contains("chinese_citizen"), "{label}");
        let n1 = app.post("/api/v1/training/nominations", Some(&nominator), nominate).await;
        n1.expect(StatusCode::CREATED, label);
        let n1_id = n1.id();
        let path = format!("/api/v1/training/nominations/{n1_id}/steps");
        let own = step(&app, &nominator, &path, json!({"action": "approve", "version": version(&n1)})).await;
        assert_eq!(code_of(&own), "same_actor", "{label}");
        let one = step(&app, &first, &path, json!({"action": "approve", "version": version(&n1)})).await;
        one.expect(StatusCode::OK, label);
        assert_eq!(one.json()["status"], "endorsed", "{label}");
        let again = step(&app, &first, &path, json!({"action": "approve", "version": version(&one)})).await;
        assert_eq!(code_of(&again), "same_actor", "{label}");
        let two = step(&app, &second, &path, json!({"action": "approve", "version": version(&one)})).await;
        two.expect(StatusCode::OK, label);
        assert_eq!((two.json()["status"].as_str(), two.json()["approvals"].as_i64()), (Some("selected"), Some(2)), "{label}");
        let coop = app.token("coop").await;
        app.get(&format!("/api/v1/training/nominations/{n1_id}"), Some(&coop))
            .await
            .expect(StatusCode::FORBIDDEN, label);

        // A group in March: P1 (selected) and P2 (nominated by being added) use the unit's two
        // places, so P3 is refused with quota_exceeded.
        let g1 = group(&app, &nominator, prog, "2009-03-01", "2009-03-21").await;
        add(&app, &nominator, g1, p1).await.expect(StatusCode::CREATED, label);
        let m2 = add(&app, &nominator, g1, p2).await;
        m2.expect(StatusCode::CREATED, label);
        assert_eq!(m2.json()["travel_status"], "awaiting_selection", "{label}");
        let over = add(&app, &nominator, g1, p3).await;
        over.expect(StatusCode::CONFLICT, label);
        assert_eq!(over.headers["content-type"], "application/problem+json", "{label}");
        assert_eq!(code_of(&over), "quota_exceeded", "{label}");
        assert!(over.json()["detail"].as_str().unwrap_or_default().contains("2 of its 2"), "{label}: {}", over.body);
        // passport_expires: P4's passport ends 2009-09-20, before 2009-09-21 (return + 6 months).
        let pass = add(&app, &nominator, g1, p4).await;
        assert_eq!((pass.status, code_of(&pass)), (StatusCode::CONFLICT, "passport_expires".into()), "{label}");
        assert!(pass.json()["detail"].as_str().unwrap_or_default().contains("2009-09-21"), "{label}: {}", pass.body);
        // outside_window: a group planned before the programme's window.
        let early_group = group(&app, &nominator, prog, "2008-12-01", "2008-12-10").await;
        let outside = add(&app, &nominator, early_group, p3).await;
        assert_eq!((outside.status, code_of(&outside)), (StatusCode::CONFLICT, "outside_window".into()), "{label}");
        let page = app.get(&format!("/api/v1/training/groups/{early_group}"), Some(&nominator)).await;
        assert_eq!(page.json()["checks"]["outside_window"].as_array().map(Vec::len), Some(1), "{label}");
        // overlapping_dispatch: a second programme's group sharing 2009-03-21 with the first.
        let prog2 = approved_programme(&app, &admin, "SCS-2009-02", unit, 5).await;
        let g2 = group(&app, &nominator, prog2, "2009-03-21", "2009-04-10").await;
        let clash = add(&app, &nominator, g2, p1).await;
        assert_eq!((clash.status, code_of(&clash)), (StatusCode::CONFLICT, "overlapping_dispatch".into()), "{label}");
        assert!(clash.json()["detail"].as_str().unwrap_or_default().contains("SCS-2009-01-G1"), "{label}: {}", clash.body);
        // Nothing was written by the refusals.
        assert_eq!(app.count("training_member").await, 2, "{label}");

        // Departure waits for P2's selection; then the group leaves and returns.
        let steps = format!("/api/v1/training/groups/{g1}/steps");
        let v = group_version(&app, &nominator, g1).await;
        let waiting = step(&app, &nominator, &steps, json!({"action": "depart", "version": v, "actual_departure": "2009-03-01"})).await;
        assert_eq!(code_of(&waiting), "not_selected", "{label}");
        let n2 = m2.json()["nomination_id"].as_i64().unwrap_or(-1);
        select(&app, &first, &second, n2).await;
        let v = group_version(&app, &nominator, g1).await;
        let left = step(&app, &nominator, &steps, json!({"action": "depart", "version": v, "actual_departure": "2009-03-01"})).await;
        left.expect(StatusCode::OK, label);
        assert_eq!(left.json()["members"][0]["travel_status"], "abroad", "{label}");
        let back = step(&app, &nominator, &steps, json!({"action": "return", "version": version(&left), "actual_return": "2009-03-21"})).await;
        back.expect(StatusCode::OK, label);
        let member = back.json()["members"][0]["id"].as_i64().unwrap_or(-1);

        // Reports: due 30 days after the return; overdue on the queue; filed once; searchable.
        let overdue = app.get("/api/v1/training/reports?state=overdue", Some(&nominator)).await;
        overdue.expect(StatusCode::OK, label);
        let rows = overdue.json();
        assert_eq!(rows.as_array().map(Vec::len), Some(2), "{label}");
        assert_eq!(rows[0]["due_on"], "2009-04-20", "{label}");
        assert!(rows[0]["working_days_overdue"].as_i64().unwrap_or(0) > 200, "{label}: {rows}");
        let report = format!("/api/v1/training/members/{member}/report");
        let filed = app
            .post(&report, Some(&nominator), json!({"summary": "Budget reform in the federal agencies", "submitted_on": "2009-04-21"}))
            .await;
        filed.expect(StatusCode::CREATED, label);
        assert_eq!((filed.json()["state"].as_str(), filed.json()["days_late"].as_i64()), (Some("late"), Some(1)), "{label}");
        let twice = app.post(&report, Some(&nominator), json!({"summary": "again"})).await;
        assert_eq!(code_of(&twice), "report_filed", "{label}");
        app.post(&format!("/api/v1/training/members/{member}/evaluation"), Some(&nominator), json!({"score": 4, "comments": "Applied in the unit's budget office"}))
            .await
            .expect(StatusCode::OK, label);
        let found = app.get("/api/v1/training/reports?q=budget%20office", Some(&nominator)).await;
        assert_eq!(found.json().as_array().map(Vec::len), Some(1), "{label}: {}", found.body);
        assert_eq!(found.json()[0]["evaluation_score"], 4, "{label}");

        // The indicator: a group leaving on 31 December counts in 2009; P1 twice in 2009
        // gives two person-times and one person.
        let g3 = group(&app, &nominator, prog2, "2009-12-31", "2010-01-10").await;
        add(&app, &nominator, g3, p1).await.expect(StatusCode::CREATED, label);
        let n3 = app.get(&format!("/api/v1/training/nominations?programme_id={prog2}"), Some(&nominator)).await;
        let n3 = n3.json()[0]["id"].as_i64().unwrap_or(-1);
        select(&app, &first, &second, n3).await;
        let v = group_version(&app, &nominator, g3).await;
        step(&app, &nominator, &format!("/api/v1/training/groups/{g3}/steps"), json!({"action": "depart", "version": v, "actual_departure": "2009-12-31"}))
            .await
            .expect(StatusCode::OK, label);
        assert_eq!(figure(&app, "trainees_sent_abroad", "2009").await, 3, "{label}");
        assert_eq!(figure(&app, "trainees_sent_abroad_persons", "2009").await, 2, "{label}");
        assert_eq!(figure(&app, "trainees_sent_abroad", "2010").await, 0, "{label}");

        // The participants contract, paginated.
        let list = app
            .get("/api/v1/training/participants?year=2009&programme_type=senior_civil_servants&per_page=2", Some(&nominator))
            .await;
        list.expect(StatusCode::OK, label);
        let body = list.json();
        assert_eq!((body["total"].as_i64(), body["items"].as_array().map(Vec::len)), (Some(3), Some(2)), "{label}");
        assert_eq!(body["items"][0]["departure_date"], "2009-12-31", "{label}");
        let wrong = app.get("/api/v1/training/participants?year=2009&programme_type=tourism", Some(&nominator)).await;
        wrong.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        app.get("/api/v1/training/participants?year=2009", None)
            .await
            .expect(StatusCode::UNAUTHORIZED, label);
    })
    .await;
}

#[tokio::test]
async fn withdrawals_free_places_and_days_and_cancelled_groups_count_nothing() {
    on_each_backend_at(day(2010, 3, 1), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        for name in ["officer", "first", "second"] {
            app.officer(name, Capability::Training).await;
        }
        let (officer, first, second) = (
            app.token("officer").await,
            app.token("first").await,
            app.token("second").await,
        );
        let (unit, _) = app.two_employers(&admin).await;
        let p1 = cn_person(&app, &admin, unit, "Wang Wei", "E20000001", "2015-01-01").await;
        let p2 = cn_person(&app, &admin, unit, "Li Na", "E20000002", "2015-01-01").await;
        // A programme in Hong Kong with one place (TA-R2: 1 of 1, a withdrawal frees it).
        let mut hk = programme_json("HK-2009", "2009-01-01", "2009-12-31");
        hk["host_country"] = json!("HK");
        let created = app
            .post("/api/v1/training/programmes", Some(&admin), hk)
            .await;
        created.expect(StatusCode::CREATED, label);
        let prog = created.id();
        let set = app
            .put(
                &format!("/api/v1/training/programmes/{prog}/quotas"),
                Some(&admin),
                json!({"version": version(&created), "sending_unit_id": unit, "places": 1}),
            )
            .await;
        app.post(
            &format!("/api/v1/training/programmes/{prog}/approve"),
            Some(&admin),
            json!({"version": version(&set)}),
        )
        .await
        .expect(StatusCode::OK, label);
        let a = group(&app, &officer, prog, "2009-03-01", "2009-05-29").await;
        let m1 = add(&app, &officer, a, p1).await;
        m1.expect(StatusCode::CREATED, label);
        assert_eq!(
            code_of(&add(&app, &officer, a, p2).await),
            "quota_exceeded",
            "{label}"
        );
        let withdraw = format!("/api/v1/training/groups/{a}/members/{}/withdraw", m1.id());
        app.post(&withdraw, Some(&officer), json!({"reason": " "}))
            .await
            .expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        let after = app
            .post(&withdraw, Some(&officer), json!({"reason": "visa refused"}))
            .await;
        after.expect(StatusCode::OK, label);
        assert_eq!(
            after.json()["members"][0]["travel_status"],
            "withdrawn",
            "{label}"
        );
        let m2 = add(&app, &officer, a, p2).await;
        m2.expect(StatusCode::CREATED, label);
        // TA-R3: withdrawn from A (until 2009-05-29), P1 may join B from 2009-04-01.
        let prog2 = approved_programme(&app, &admin, "SCS-2009-09", unit, 5).await;
        let b = group(&app, &officer, prog2, "2009-04-01", "2009-04-20").await;
        add(&app, &officer, b, p1)
            .await
            .expect(StatusCode::CREATED, label);

        // A departs (P2 selected) and counts under hmt; B is cancelled and counts nothing.
        select(
            &app,
            &first,
            &second,
            m2.json()["nomination_id"].as_i64().unwrap_or(-1),
        )
        .await;
        let v = group_version(&app, &officer, a).await;
        step(
            &app,
            &officer,
            &format!("/api/v1/training/groups/{a}/steps"),
            json!({"action": "depart", "version": v, "actual_departure": "2009-03-02"}),
        )
        .await
        .expect(StatusCode::OK, label);
        let v = group_version(&app, &officer, b).await;
        let cancel = format!("/api/v1/training/groups/{b}/steps");
        let silent = step(
            &app,
            &officer,
            &cancel,
            json!({"action": "cancel", "version": v}),
        )
        .await;
        assert_eq!(code_of(&silent), "comment_required", "{label}");
        step(
            &app,
            &officer,
            &cancel,
            json!({"action": "cancel", "version": v, "comment": "programme postponed"}),
        )
        .await
        .expect(StatusCode::OK, label);
        let reply = app
            .get(
                "/api/v1/indicators/trainees_sent_abroad?period=2009&by=destination_scope",
                None,
            )
            .await;
        reply.expect(StatusCode::OK, label);
        assert_eq!(reply.json()["value"], 1, "{label}");
        assert_eq!(
            reply.json()["breakdown"],
            json!([{"key": "hmt", "value": 1}]),
            "{label}"
        );
        // After departure a member can no longer be withdrawn.
        let m2_withdraw = format!("/api/v1/training/groups/{a}/members/{}/withdraw", m2.id());
        let gone = app
            .post(&m2_withdraw, Some(&officer), json!({"reason": "ill"}))
            .await;
        assert_eq!(code_of(&gone), "group_not_open", "{label}");
        let participants = app
            .get("/api/v1/training/participants?year=2009", Some(&officer))
            .await;
        assert_eq!(participants.json()["total"], 1, "{label}");
        assert_eq!(
            participants.json()["items"][0]["destination_scope"],
            "hmt",
            "{label}"
        );
    })
    .await;
}
