//! International organisations over HTTP on both databases: the roster (a read audited), a
//! vacancy with its deadline in its zone and the roster ranked for it, a recommendation from
//! drafted to joined (endorsement by an administrator only, submission refused after the
//! deadline, joining creating the serving record), a cancelled vacancy cancelling its cases,
//! and the figure at the 30/31 December boundary.

use super::support::day;
use super::{on_each_backend_at, App, Reply};
use axum::http::StatusCode;
use hrx_domain::access::Capability;
use serde_json::{json, Value};

const BASE: &str = "/api/v1/international-organisations";

async fn person(app: &App, admin: &str, latin: &str, passport: &str, nationality: &str) -> i64 {
    let body = json!({"name_native": "李明", "name_latin": latin, "sex": "female",
        "birth_date": "1978-05-01", "nationality": nationality, "passport_number": passport,
        "passport_expiry": "2030-01-01"});
    let reply = app.post("/api/v1/persons", Some(admin), body).await;
    reply.expect(StatusCode::CREATED, app.label);
    reply.id()
}

fn economist_roster(person: i64, doctorate: bool) -> Value {
    let level = if doctorate { "doctorate" } else { "bachelor" };
    json!({"person_id": person, "source": "ncre_roster", "consent_on": "2009-01-10",
        "languages": [{"language": "en", "level": "fluent", "evidence": "test", "evidence_note": "IELTS 8"},
                      {"language": "fr", "level": "working"}, {"language": "zh", "level": "fluent"}],
        "degrees": [{"level": level, "field": "economics", "institution": "Peking University", "country": "CN"}],
        "experience": [{"employer": "Ministry of Finance", "from": "2004-03-21", "to": "2007-03-20"},
                       {"employer": "ADB", "from": "2007-03-21", "international": true}],
        "fields": ["economic analysis"]})
}

fn code(reply: &Reply) -> String {
    reply.json()["code"].as_str().unwrap_or_default().to_owned()
}

async fn step(app: &App, token: &str, id: i64, body: Value) -> Reply {
    let current = app
        .get(&format!("{BASE}/recommendations/{id}"), Some(token))
        .await;
    let mut body = body;
    body["version"] = current.json()["version"].clone();
    app.post(
        &format!("{BASE}/recommendations/{id}/steps"),
        Some(token),
        body,
    )
    .await
}

async fn figure(app: &App, period: &str) -> i64 {
    let reply = app
        .get(
            &format!("/api/v1/indicators/nationals_in_international_organisations?period={period}"),
            None,
        )
        .await;
    reply.expect(StatusCode::OK, app.label);
    reply.json()["value"].as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn a_candidate_goes_from_drafted_to_joined() {
    on_each_backend_at(day(2010, 3, 20), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("iofficer", Capability::IntOrgs).await;
        app.officer("coop", Capability::Cooperation).await;
        let io = app.token("iofficer").await;
        let coop = app.token("coop").await;
        let p1 = person(&app, &admin, "Li Ming", "E30000001", "CN").await;
        let p2 = person(&app, &admin, "Zhou Yu", "E30000002", "CN").await;
        let foreign = person(&app, &admin, "Anna Berg", "C01X00T47", "DE").await;

        // The roster: nationals only, every read audited, closed to other capabilities.
        let added = app.post(&format!("{BASE}/roster"), Some(&io), economist_roster(p1, true)).await;
        added.expect(StatusCode::CREATED, label);
        let entry = added.id();
        assert_eq!(added.json()["relevant_years"], 6.0, "{label}: {}", added.body);
        assert_eq!(added.json()["international_years"], 3.0, "{label}");
        app.post(&format!("{BASE}/roster"), Some(&io), economist_roster(p2, false))
            .await
            .expect(StatusCode::CREATED, label);
        let refused = app.post(&format!("{BASE}/roster"), Some(&io), economist_roster(foreign, true)).await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        app.get(&format!("{BASE}/roster/{entry}"), Some(&coop))
            .await
            .expect(StatusCode::FORBIDDEN, label);
        let reads = || async {
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'io_roster_entry' AND action = 'read'",
            )
            .fetch_one(app.store.pool())
            .await
            .unwrap_or(-1)
        };
        let before = reads().await;
        app.get(&format!("{BASE}/roster/{entry}"), Some(&io))
            .await
            .expect(StatusCode::OK, label);
        assert_eq!(reads().await, before + 1, "{label}");

        // A vacancy closing at 23:59 New York time on 15 March 2010.
        let vacancy = json!({"organisation": "UNDP", "reference_no": "10-ECO-UNDP-001", "title": "Economist",
            "grade": "P-3", "job_family": "Economic affairs", "duty_station": "New York", "duty_country": "US",
            "posted_on": "2010-02-01", "deadline": "2010-03-15T23:59", "deadline_zone": "America/New_York",
            "subject_to_geo": false, "funding": "regular_budget", "min_degree": "master",
            "degree_fields": ["economics"], "min_years_experience": 5,
            "required_languages": [{"language": "en", "level": "fluent"}],
            "fields_of_experience": ["economic analysis", "statistics"]});
        let created = app.post(&format!("{BASE}/vacancies"), Some(&io), vacancy.clone()).await;
        created.expect(StatusCode::CREATED, label);
        let v = created.json();
        assert_eq!(v["deadline_utc"], "2010-03-16T03:59:00+00:00", "{label}: {v}");
        assert_eq!(v["deadline_local"], "2010-03-15 23:59", "{label}");
        assert!(v["working_days_left"].as_i64().unwrap_or(0) < 0, "{label}: {v}");
        let vid = created.id();
        let mut bad = vacancy.clone();
        bad["reference_no"] = json!("X");
        bad["deadline_zone"] = json!("Mars/Olympus");
        bad["organisation"] = json!("NOPE");
        let refused = app.post(&format!("{BASE}/vacancies"), Some(&io), bad).await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, label);

        // The ranking: the doctorate first with 75.5; the bachelor after, failing F3.
        let ranked = app.get(&format!("{BASE}/vacancies/{vid}/ranking"), Some(&io)).await;
        ranked.expect(StatusCode::OK, label);
        let r = ranked.json();
        assert_eq!((&r[0]["roster_entry_id"], &r[0]["score"]), (&json!(entry), &json!(75.5)), "{label}: {r}");
        assert_eq!((&r[1]["eligible"], &r[1]["failed"]), (&json!(false), &json!(["F3"])), "{label}: {r}");

        // Drafted → endorsed (an administrator) → submitted on or before the deadline → … → joined.
        let drafted = app
            .post(&format!("{BASE}/recommendations"), Some(&io), json!({"vacancy_id": vid, "roster_entry_id": entry}))
            .await;
        drafted.expect(StatusCode::CREATED, label);
        let case = drafted.id();
        assert_eq!(drafted.json()["score_drafted"], 75.5, "{label}");
        assert_eq!(step(&app, &io, case, json!({"action": "endorse"})).await.status, StatusCode::FORBIDDEN, "{label}");
        step(&app, &admin, case, json!({"action": "endorse"})).await.expect(StatusCode::OK, label);
        let late = step(&app, &io, case, json!({"action": "submit"})).await;
        assert_eq!((late.status, code(&late)), (StatusCode::CONFLICT, "deadline_passed".into()), "{label}");
        let submitted = step(&app, &io, case, json!({"action": "submit", "submitted_on": "2010-03-15"})).await;
        submitted.expect(StatusCode::OK, label);
        assert_eq!(submitted.json()["score_submitted"], 75.5, "{label}");
        for action in ["shortlist", "interview", "select"] {
            step(&app, &io, case, json!({"action": action})).await.expect(StatusCode::OK, label);
        }
        let no_date = step(&app, &io, case, json!({"action": "join"})).await;
        no_date.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        let joined = step(&app, &io, case, json!({"action": "join", "start_date": "2010-06-01"})).await;
        joined.expect(StatusCode::OK, label);
        let serving_id = joined.json()["serving_record_id"].as_i64();
        assert!(serving_id.is_some(), "{label}: {}", joined.body);
        let serving = app.get(&format!("{BASE}/serving?organisation=UNDP"), Some(&io)).await;
        let s = serving.json();
        assert_eq!((&s[0]["grade_band"], &s[0]["source"], &s[0]["start_date"]), (&json!("P1-P3"), &json!("hrx_case"), &json!("2010-06-01")), "{label}: {s}");
        let entry_now = app.get(&format!("{BASE}/roster/{entry}"), Some(&io)).await;
        assert_eq!(entry_now.json()["status"], "placed", "{label}");
        assert_eq!(figure(&app, "2010").await, 1, "{label}");
        assert_eq!(figure(&app, "2009").await, 0, "{label}");
        let after = step(&app, &io, case, json!({"action": "withdraw", "comment": "declined"})).await;
        assert_eq!(code(&after), "transition_not_allowed", "{label}");

        // A cancelled vacancy cancels its open cases.
        let mut second = vacancy.clone();
        second["reference_no"] = json!("10-ECO-UNDP-002");
        second["deadline"] = json!("2010-12-31T23:59");
        let v2 = app.post(&format!("{BASE}/vacancies"), Some(&io), second).await;
        let e2 = app.get(&format!("{BASE}/roster"), Some(&io)).await.json()[1]["id"].clone();
        let open = app
            .post(&format!("{BASE}/recommendations"), Some(&io), json!({"vacancy_id": v2.id(), "roster_entry_id": e2}))
            .await;
        open.expect(StatusCode::CREATED, label);
        app.post(&format!("{BASE}/vacancies/{}/status", v2.id()), Some(&io), json!({"version": v2.json()["version"], "status": "cancelled"}))
            .await
            .expect(StatusCode::OK, label);
        let cancelled = app.get(&format!("{BASE}/recommendations/{}", open.id()), Some(&io)).await;
        assert_eq!(cancelled.json()["status"], "vacancy_cancelled", "{label}");
    })
    .await;
}

#[tokio::test]
async fn the_figure_counts_nationals_serving_on_31_december() {
    on_each_backend_at(day(2010, 3, 1), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("iofficer", Capability::IntOrgs).await;
        let io = app.token("iofficer").await;
        let serve = |p: i64, org: &str, kind: &str, start: &str, end: &str| {
            json!({"person_id": p, "organisation": org, "grade": "P-2", "duty_station": "Geneva",
                   "appointment_type": kind, "start_date": start, "end_date": end})
        };
        let a = person(&app, &admin, "A Li", "E40000001", "CN").await;
        let b = person(&app, &admin, "B Li", "E40000002", "CN").await;
        let c = person(&app, &admin, "C Li", "E40000003", "CN").await;
        let d = person(&app, &admin, "D Li", "E40000004", "CN").await;
        let e = person(&app, &admin, "E Li", "E40000005", "HK").await;
        let f = person(&app, &admin, "F Berg", "C40000006", "DE").await;
        for body in [
            serve(a, "UNDP", "fixed_term", "2008-03-01", "2009-12-31"),
            serve(b, "UNDP", "fixed_term", "2008-03-01", "2009-12-30"),
            serve(c, "UNICEF", "intern", "2009-06-01", ""),
            serve(d, "UNDP", "fixed_term", "2009-01-01", ""),
            serve(d, "UNICEF", "secondment", "2009-06-01", ""),
            serve(e, "WHO", "temporary", "2009-12-31", "2009-12-31"),
            serve(f, "ILO", "fixed_term", "2001-01-01", ""),
            serve(a, "FAO", "fixed_term", "2010-01-01", ""),
        ] {
            app.post(&format!("{BASE}/serving"), Some(&io), body)
                .await
                .expect(StatusCode::CREATED, label);
        }
        // A (to 31 December), D (twice, once), E (a SAR passport): 3. B ended on the 30th, C is
        // an intern, F is not a national.
        assert_eq!(figure(&app, "2009").await, 3, "{label}");
        let by = app
            .get("/api/v1/indicators/nationals_in_international_organisations?period=2009&by=sar_passport", None)
            .await;
        assert_eq!(by.json()["breakdown"], json!([{"key": "no", "value": 2}, {"key": "yes", "value": 1}]), "{label}: {}", by.body);
        // A serves again from 1 January; D continues: 2 in 2010 (E's record ended).
        assert_eq!(figure(&app, "2010").await, 2, "{label}");
        let bad = app
            .post(&format!("{BASE}/serving"), Some(&io), serve(a, "UNDP", "volunteering", "2009-01-01", "2008-01-01"))
            .await;
        bad.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
    })
    .await;
}

#[tokio::test]
async fn exam_candidates_go_through_the_statuses_in_order() {
    on_each_backend_at(day(2010, 3, 1), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("iofficer", Capability::IntOrgs).await;
        let io = app.token("iofficer").await;
        // The confirmed history is public.
        let sessions = app.get(&format!("{BASE}/exams"), None).await;
        sessions.expect(StatusCode::OK, label);
        let list = sessions.json();
        assert_eq!(list.as_array().map(Vec::len), Some(5), "{label}");
        let find = |code: &str| {
            list.as_array()
                .into_iter()
                .flatten()
                .find(|s| s["code"] == code)
                .cloned()
                .unwrap_or_default()
        };
        assert_eq!(find("NCRE-1995-CN")["published_passed"], 6, "{label}");
        assert_eq!(find("NCRE-2001-CN")["published_sat"], 188, "{label}");
        let session = find("NCRE-2001-CN")["id"].as_i64().unwrap_or(-1);
        let p = person(&app, &admin, "Qian Hong", "E50000001", "CN").await;
        let other = person(&app, &admin, "Qian Lan", "E50000002", "CN").await;
        app.post(&format!("{BASE}/roster"), Some(&io), economist_roster(p, true))
            .await
            .expect(StatusCode::CREATED, label);
        let added = app
            .post(&format!("{BASE}/exams/{session}/candidates"), Some(&io), json!({"person_id": p, "subject": "economics"}))
            .await;
        added.expect(StatusCode::CREATED, label);
        let cid = added.id();
        let status = format!("{BASE}/exam-candidates/{cid}/status");
        let skip = app.post(&status, Some(&io), json!({"version": 1, "status": "sat"})).await;
        assert_eq!((skip.status, code(&skip)), (StatusCode::CONFLICT, "status_not_allowed".into()), "{label}");
        let mut version = 1;
        for s in ["screened_in", "sat", "passed_written", "interviewed", "successful"] {
            let r = app.post(&status, Some(&io), json!({"version": version, "status": s})).await;
            r.expect(StatusCode::OK, label);
            version = r.json()["version"].as_i64().unwrap_or(-1);
            if s == "successful" {
                assert!(r.json()["roster_entry_id"].is_i64(), "{label}: {}", r.body);
                assert_eq!(r.json()["rostered_on"], "2010-03-01", "{label}");
            }
        }
        // The appointment it led to: the same person's serving record only.
        let theirs = app
            .post(&format!("{BASE}/serving"), Some(&io), json!({"person_id": other, "organisation": "UN", "grade": "P-2",
                "duty_station": "New York", "appointment_type": "fixed_term", "start_date": "2010-02-01"}))
            .await;
        let wrong = app
            .post(&status, Some(&io), json!({"version": version, "status": "successful", "serving_record_id": theirs.id()}))
            .await;
        wrong.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        app.get(&format!("{BASE}/exams/{session}/candidates"), None)
            .await
            .expect(StatusCode::UNAUTHORIZED, label);
    })
    .await;
}
