//! The state awards over HTTP on both databases: every refusal code of issue 21
//! (`window_closed`, `not_foreign`, `already_laureate`, `second_channel`, `text_too_long`,
//! `quota_exceeded`, `rank_taken`) with nothing written; quota and rank for a province and
//! for a city; a Friendship Award nomination from draft to conferred with maker-checker on
//! every step, a panel of three drawn with a declared conflict never drawn, the scores
//! hidden until all are in, two approvers, and the laureate in the public register; an ISTC
//! objection within the round's window with the objector kept from the employer's view, and
//! a suspended file carried over to the next round.

use super::support::day;
use super::{on_each_backend_at, App, Reply};
use axum::http::{header, StatusCode};
use hrx_domain::access::{Capability, Role};
use serde_json::{json, Value};

const BASE: &str = "/api/v1/awards";

fn code(reply: &Reply) -> String {
    reply.json()["code"].as_str().unwrap_or_default().to_owned()
}

async fn expert(app: &App, admin: &str, latin: &str, passport: &str, nationality: &str) -> i64 {
    let body = json!({"name_native": latin, "name_latin": latin, "sex": "male",
        "birth_date": "1955-05-01", "nationality": nationality, "passport_number": passport,
        "passport_expiry": "2032-01-01"});
    let reply = app.post("/api/v1/persons", Some(admin), body).await;
    reply.expect(StatusCode::CREATED, app.label);
    reply.id()
}

async fn unit(app: &App, code: &str) -> i64 {
    let units = app.get(&format!("{BASE}/units"), None).await;
    units.expect(StatusCode::OK, app.label);
    units
        .json()
        .as_array()
        .into_iter()
        .flatten()
        .find(|u| u["code"] == code)
        .and_then(|u| u["id"].as_i64())
        .unwrap_or_else(|| panic!("{}: no unit {code}", app.label))
}

/// Plans and opens a round.
async fn open_round(app: &App, admin: &str, award: &str, year: i32, extra: Value) -> i64 {
    let mut body = json!({"award": award, "award_year": year,
        "opens_on": format!("{year}-04-01"), "closes_on": format!("{year}-05-10")});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let planned = app.post(&format!("{BASE}/rounds"), Some(admin), body).await;
    planned.expect(StatusCode::CREATED, app.label);
    let id = planned.id();
    let version = planned.json()["version"].as_i64().unwrap_or_default();
    app.post(
        &format!("{BASE}/rounds/{id}/status"),
        Some(admin),
        json!({"version": version, "status": "open"}),
    )
    .await
    .expect(StatusCode::OK, app.label);
    id
}

fn nomination(award: &str, year: i32, unit: i64, person: i64, rank: i64) -> Value {
    json!({"award": award, "award_year": year, "applying_unit_id": unit,
        "expert_person_id": person, "rank": rank,
        "contribution": "Founded the joint laboratory and trained forty engineers.", "field": "engineering"})
}

async fn nominate(app: &App, token: &str, body: Value) -> Reply {
    app.post(&format!("{BASE}/nominations"), Some(token), body)
        .await
}

/// A step with the nomination's current version.
async fn step(app: &App, token: &str, id: i64, body: Value) -> Reply {
    let current = app
        .get(&format!("{BASE}/nominations/{id}"), Some(token))
        .await;
    let mut body = body;
    body["version"] = current.json()["version"].clone();
    app.post(&format!("{BASE}/nominations/{id}/steps"), Some(token), body)
        .await
}

/// An indicator's value and published figure for a period.
async fn figure(app: &App, code: &str, period: &str) -> (i64, Option<i64>) {
    let reply = app
        .get(&format!("/api/v1/indicators/{code}?period={period}"), None)
        .await;
    reply.expect(StatusCode::OK, app.label);
    let j = reply.json();
    (
        j["value"].as_i64().unwrap_or(-1),
        j["published"]["value"].as_i64(),
    )
}

async fn take(app: &App, token: &str, id: i64, action: &str) -> Reply {
    let reply = step(app, token, id, json!({"action": action})).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{}: {action}: {}",
        app.label,
        reply.body
    );
    reply
}

#[tokio::test]
async fn every_refusal_code_and_the_quotas_of_both_kinds_of_unit() {
    on_each_backend_at(day(2026, 4, 20), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        app.officer("fexpert", Capability::Experts).await;
        app.officer("coop", Capability::Cooperation).await;
        let officer = app.token("fexpert").await;
        let coop = app.token("coop").await;
        let beijing = unit(&app, "P110000").await;
        let shenzhen = unit(&app, "CSZ").await;
        let mut experts = Vec::new();
        for (i, n) in ["DE", "US", "FR", "JP", "GB", "KR", "CA", "AU", "RU"].iter().enumerate() {
            let name = format!("Expert {}", char::from(b'A' + i as u8));
            experts.push(expert(&app, &admin, &name, &format!("X{i:07}"), n).await);
        }
        let chinese = expert(&app, &admin, "Wang Li", "E10000001", "CN").await;
        let hk = expert(&app, &admin, "Chan Tai", "K10000001", "HK").await;

        // The planned round takes nothing; only administrators plan and open.
        let planned = app.post(&format!("{BASE}/rounds"), Some(&admin),
            json!({"award": "friendship", "award_year": 2026, "opens_on": "2026-04-01", "closes_on": "2026-05-10"})).await;
        planned.expect(StatusCode::CREATED, label);
        assert_eq!(planned.json()["text_limit"], 600, "{label}: the 2021 notice's limit");
        assert_eq!(planned.json()["quota_city"], 2, "{label}");
        assert!(planned.json()["conditions"].as_array().is_some_and(|c| c.iter().any(|c| c["rule"] == "prior_provincial_award" && c["kind"] == "preference")), "{label}: {}", planned.body);
        let refused = nominate(&app, &officer, nomination("friendship", 2026, beijing, experts[0], 1)).await;
        refused.expect(StatusCode::CONFLICT, label);
        assert_eq!(code(&refused), "window_closed", "{label}");
        assert!(refused.headers.get(header::CONTENT_TYPE).is_some_and(|v| v == "application/problem+json"), "{label}");
        nominate(&app, &coop, nomination("friendship", 2026, beijing, experts[0], 1))
            .await
            .expect(StatusCode::FORBIDDEN, label);
        let round = planned.id();
        app.post(&format!("{BASE}/rounds/{round}/status"), Some(&officer), json!({"version": 1, "status": "open"}))
            .await
            .expect(StatusCode::FORBIDDEN, label);
        // Edited while planned (audited), then opened; no longer editable.
        let edited = app.put(&format!("{BASE}/rounds/{round}"), Some(&admin),
            json!({"version": 1, "award": "friendship", "award_year": 2026, "opens_on": "2026-04-01",
                   "closes_on": "2026-05-10", "ceremony_date": "2026-09-29"})).await;
        edited.expect(StatusCode::OK, label);
        assert_eq!(edited.json()["ceremony_date"], "2026-09-29", "{label}");
        app.post(&format!("{BASE}/rounds/{round}/status"), Some(&admin), json!({"version": 2, "status": "open"}))
            .await
            .expect(StatusCode::OK, label);
        let late_edit = app.put(&format!("{BASE}/rounds/{round}"), Some(&admin),
            json!({"version": 3, "award": "friendship", "award_year": 2026})).await;
        late_edit.expect(StatusCode::CONFLICT, label);
        // No round for the year: window_closed.
        let none = nominate(&app, &officer, nomination("friendship", 2027, beijing, experts[0], 1)).await;
        assert_eq!(code(&none), "window_closed", "{label}");

        // A province: four ranked places.
        for (i, rank) in [(0, 1), (1, 2)] {
            nominate(&app, &officer, nomination("friendship", 2026, beijing, experts[i], rank))
                .await
                .expect(StatusCode::CREATED, label);
        }
        let taken = nominate(&app, &officer, nomination("friendship", 2026, beijing, experts[2], 2)).await;
        taken.expect(StatusCode::CONFLICT, label);
        assert_eq!(code(&taken), "rank_taken", "{label}: {}", taken.body);
        let beyond = nominate(&app, &officer, nomination("friendship", 2026, beijing, experts[2], 5)).await;
        assert_eq!(code(&beyond), "quota_exceeded", "{label}");
        for (i, rank) in [(2, 3), (3, 4)] {
            nominate(&app, &officer, nomination("friendship", 2026, beijing, experts[i], rank))
                .await
                .expect(StatusCode::CREATED, label);
        }
        let fifth = nominate(&app, &officer, nomination("friendship", 2026, beijing, experts[4], 1)).await;
        assert_eq!(code(&fifth), "quota_exceeded", "{label}");
        // A city: two.
        nominate(&app, &officer, nomination("friendship", 2026, shenzhen, experts[5], 1))
            .await
            .expect(StatusCode::CREATED, label);
        let city_taken = nominate(&app, &officer, nomination("friendship", 2026, shenzhen, experts[6], 1)).await;
        assert_eq!(code(&city_taken), "rank_taken", "{label}");
        let city_beyond = nominate(&app, &officer, nomination("friendship", 2026, shenzhen, experts[6], 3)).await;
        assert_eq!(code(&city_beyond), "quota_exceeded", "{label}");
        nominate(&app, &officer, nomination("friendship", 2026, shenzhen, experts[6], 2))
            .await
            .expect(StatusCode::CREATED, label);
        let city_third = nominate(&app, &officer, nomination("friendship", 2026, shenzhen, experts[7], 2)).await;
        assert_eq!(code(&city_third), "quota_exceeded", "{label}");
        // A withdrawn file frees its place.
        let shenzhen_files = app.get(&format!("{BASE}/nominations?round_id={round}"), Some(&officer)).await;
        let second = shenzhen_files.json().as_array().into_iter().flatten()
            .find(|n| n["applying_unit_id"] == shenzhen && n["rank"] == 2)
            .and_then(|n| n["id"].as_i64())
            .unwrap_or_default();
        take(&app, &officer, second, "submit").await;
        app.officer("fexpert2", Capability::Experts).await;
        let officer2 = app.token("fexpert2").await;
        let withdrawn = step(&app, &officer2, second, json!({"action": "withdraw", "comment": "The expert declined."})).await;
        withdrawn.expect(StatusCode::OK, label);
        nominate(&app, &officer, nomination("friendship", 2026, shenzhen, experts[7], 2))
            .await
            .expect(StatusCode::CREATED, label);

        // The expert: foreign nationals only; one channel; the text within the limit.
        for person in [chinese, hk] {
            let refused = nominate(&app, &officer, nomination("friendship", 2026, shenzhen, person, 1)).await;
            assert_eq!(code(&refused), "not_foreign", "{label}");
        }
        let twice = nominate(&app, &officer, nomination("friendship", 2026, shenzhen, experts[0], 1)).await;
        assert_eq!(code(&twice), "second_channel", "{label}: {}", twice.body);
        let mut long = nomination("friendship", 2026, beijing, experts[8], 1);
        long["contribution"] = json!("贡".repeat(601));
        let too_long = nominate(&app, &officer, long.clone()).await;
        assert_eq!(code(&too_long), "text_too_long", "{label}");
        let count = app.count("award_nomination").await;
        for refused in [too_long, twice, city_third, fifth] {
            assert_eq!(refused.status, StatusCode::CONFLICT, "{label}: {}", refused.body);
        }
        // Bad input: 422 naming the field, nothing written.
        let mut bad = nomination("friendship", 2026, beijing, experts[8], 0);
        bad["contribution"] = json!("");
        let invalid = nominate(&app, &officer, bad).await;
        invalid.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        assert!(invalid.body.contains("rank") && invalid.body.contains("contribution"), "{label}: {}", invalid.body);
        assert_eq!(app.count("award_nomination").await, count, "{label}: nothing written");

        // The expert register: engagements of foreign and Hong Kong experts counted, a
        // mainland Chinese refused on nationality.
        let engagement = |person: i64, start: &str, end: &str| json!({"person_id": person,
            "employer_name": "Synthetic Institute", "province": "310000", "sector": "education",
            "start_date": start, "end_date": end, "expert_class": "cultural_educational"});
        let refused = app.post("/api/v1/experts/engagements", Some(&officer), engagement(chinese, "2009-01-01", "2009-06-30")).await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        assert!(refused.body.contains("nationality"), "{label}: {}", refused.body);
        for (person, start, end) in [(experts[0], "2008-10-01", "2009-02-28"), (experts[0], "2009-09-01", "2009-12-31"), (hk, "2009-05-01", "2009-05-31")] {
            let made = app.post("/api/v1/experts/engagements", Some(&officer), engagement(person, start, end)).await;
            made.expect(StatusCode::CREATED, label);
        }
        assert_eq!(figure(&app, "foreign_experts_came_to_work", "2009").await.0, 3, "{label}");
        assert_eq!(figure(&app, "foreign_experts_persons", "2009").await.0, 2, "{label}");
        assert_eq!(figure(&app, "foreign_experts_came_to_work", "2008").await.0, 1, "{label}");
        let listed = app.get("/api/v1/experts/engagements?year=2009&origin=hk", Some(&officer)).await;
        assert_eq!(listed.json().as_array().map(Vec::len), Some(1), "{label}: {}", listed.body);
        app.get("/api/v1/experts/engagements", Some(&coop))
            .await
            .expect(StatusCode::FORBIDDEN, label);
    })
    .await;
}

#[tokio::test]
async fn a_friendship_nomination_goes_from_draft_to_conferred() {
    on_each_backend_at(day(2026, 4, 20), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        let mut officers = Vec::new();
        for name in ["off1", "off2", "off3", "off4"] {
            app.officer(name, Capability::Experts).await;
            officers.push(app.token(name).await);
        }
        let (o1, o2, o3, o4) = (&officers[0], &officers[1], &officers[2], &officers[3]);
        let mut reviewers = Vec::new();
        for name in ["rev1", "rev2", "rev3", "rev4", "rev5"] {
            app.user(name, Role::Reviewer, vec![], None, None).await;
            app.post(
                &format!("{BASE}/reviewers"),
                Some(&admin),
                json!({"award": "friendship", "username": name}),
            )
            .await
            .expect(StatusCode::OK, label);
            reviewers.push(app.token(name).await);
        }
        let jiangsu = unit(&app, "P320000").await;
        let person = expert(&app, &admin, "Hans Keller", "C0000001", "DE").await;
        let other = expert(&app, &admin, "Ana Souza", "B0000002", "BR").await;
        open_round(&app, &admin, "friendship", 2026, json!({})).await;
        let created = nominate(&app, o1, nomination("friendship", 2026, jiangsu, person, 1)).await;
        created.expect(StatusCode::CREATED, label);
        assert_eq!(created.json()["status"], "draft", "{label}");
        let id = created.id();
        let second_file = nominate(&app, o1, nomination("friendship", 2026, jiangsu, other, 2))
            .await
            .id();

        // Every step by someone other than whoever took the previous one.
        take(&app, o1, id, "submit").await;
        let same = step(&app, o1, id, json!({"action": "accept"})).await;
        same.expect(StatusCode::CONFLICT, label);
        assert_eq!(code(&same), "same_actor", "{label}");
        take(&app, o2, id, "accept").await;
        take(&app, o3, id, "forward").await;
        take(&app, o1, id, "pass_check").await;
        // The Friendship Award's notice takes no objections (a window of 0 days).
        let objection = step(
            &app,
            o2,
            id,
            json!({"action": "object", "objector_name": "Li Wei",
            "comment": "The contribution is overstated."}),
        )
        .await;
        objection.expect(StatusCode::CONFLICT, label);
        assert_eq!(code(&objection), "window_closed", "{label}");
        take(&app, o2, id, "close_notice").await;

        // The panel: a reviewer with a declared conflict is never drawn.
        app.post(
            &format!("{BASE}/nominations/{id}/conflicts"),
            Some(&reviewers[3]),
            json!({"reviewer": "rev4", "reason": "same_employer", "note": "Same university"}),
        )
        .await
        .expect(StatusCode::OK, label);
        app.post(
            &format!("{BASE}/nominations/{id}/conflicts"),
            Some(&reviewers[3]),
            json!({"reviewer": "rev5", "reason": "family"}),
        )
        .await
        .expect(StatusCode::FORBIDDEN, label);
        let drawn = app
            .post(
                &format!("{BASE}/nominations/{id}/panel/draw"),
                Some(o3),
                json!({}),
            )
            .await;
        drawn.expect(StatusCode::OK, label);
        let members: Vec<String> = drawn.json()["members"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m["reviewer"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(members.len(), 3, "{label}: {}", drawn.body);
        assert!(
            !members.contains(&"rev4".to_owned()),
            "{label}: a conflicted reviewer was drawn"
        );
        assert_eq!(
            drawn.json()["conflicts"][0]["reviewer"],
            "rev4",
            "{label}: the recusal is recorded"
        );
        let token_of = |name: &str| {
            reviewers[["rev1", "rev2", "rev3", "rev4", "rev5"]
                .iter()
                .position(|r| *r == name)
                .unwrap_or(0)]
            .clone()
        };
        let outsider = ["rev1", "rev2", "rev3", "rev5"]
            .into_iter()
            .find(|r| !members.iter().any(|m| m == r))
            .unwrap_or("rev4");
        app.post(
            &format!("{BASE}/nominations/{id}/reviews"),
            Some(&token_of(outsider)),
            json!({"score": 90}),
        )
        .await
        .expect(StatusCode::FORBIDDEN, label);
        // Scores hidden until all are in; the decision waits for the quorum.
        for (i, m) in members.iter().take(2).enumerate() {
            app.post(
                &format!("{BASE}/nominations/{id}/reviews"),
                Some(&token_of(m)),
                json!({"score": 80 + i}),
            )
            .await
            .expect(StatusCode::OK, label);
        }
        let hidden = app
            .get(&format!("{BASE}/nominations/{id}/panel"), Some(o1))
            .await;
        hidden.expect(StatusCode::OK, label);
        assert_eq!(hidden.json()["all_in"], false, "{label}");
        assert!(
            hidden.json()["members"]
                .as_array()
                .into_iter()
                .flatten()
                .all(|m| m["score"].is_null()),
            "{label}: {}",
            hidden.body
        );
        let early = step(&app, o1, id, json!({"action": "close_review"})).await;
        assert_eq!(code(&early), "quorum_not_met", "{label}: {}", early.body);
        app.post(
            &format!("{BASE}/nominations/{id}/reviews"),
            Some(&token_of(&members[2])),
            json!({"score": 85}),
        )
        .await
        .expect(StatusCode::OK, label);
        let shown = app
            .get(&format!("{BASE}/nominations/{id}/panel"), Some(o1))
            .await;
        assert_eq!(shown.json()["all_in"], true, "{label}");
        assert_eq!(shown.json()["score"], 82.0, "{label}: {}", shown.body);
        // Another nomination: two conflicts leave a pool of three too small for a fourth.
        take(&app, o1, second_file, "submit").await;
        take(&app, o2, second_file, "accept").await;
        take(&app, o3, second_file, "forward").await;
        take(&app, o1, second_file, "pass_check").await;
        take(&app, o2, second_file, "close_notice").await;
        for (who, name) in [(3, "rev4"), (4, "rev5"), (0, "rev1")] {
            app.post(
                &format!("{BASE}/nominations/{second_file}/conflicts"),
                Some(&reviewers[who]),
                json!({"reviewer": name, "reason": "coauthor_or_joint_project"}),
            )
            .await
            .expect(StatusCode::OK, label);
        }
        let small = app
            .post(
                &format!("{BASE}/nominations/{second_file}/panel/draw"),
                Some(o3),
                json!({}),
            )
            .await;
        assert_eq!(code(&small), "pool_too_small", "{label}: {}", small.body);

        // Two approvers, neither the one who closed the review, nor the same twice.
        take(&app, o1, id, "close_review").await;
        take(&app, o2, id, "approve").await;
        let single = step(&app, o2, id, json!({"action": "approve"})).await;
        assert_eq!(
            code(&single),
            "same_actor",
            "{label}: a single approver cannot approve"
        );
        let closer = step(&app, o1, id, json!({"action": "approve"})).await;
        assert_eq!(code(&closer), "same_actor", "{label}");
        let approved = take(&app, o3, id, "approve").await;
        assert_eq!(approved.json()["status"], "approved", "{label}");
        let conferred = step(
            &app,
            o4,
            id,
            json!({"action": "confer", "conferral": "ceremony", "conferred_on": "2026-04-20"}),
        )
        .await;
        conferred.expect(StatusCode::OK, label);
        assert_eq!(conferred.json()["status"], "conferred", "{label}");
        let late = app
            .post(
                &format!("{BASE}/nominations/{id}/conflicts"),
                Some(&reviewers[4]),
                json!({"reviewer": "rev5", "reason": "family"}),
            )
            .await;
        assert_eq!(code(&late), "review_closed", "{label}: {}", late.body);

        // The figures: the history's chain with no nominations on file, and this laureate.
        assert_eq!(
            figure(&app, "friendship_awards_cumulative", "2009").await,
            (1099, Some(1099)),
            "{label}"
        );
        assert_eq!(
            figure(&app, "friendship_awards_conferred", "2009").await,
            (100, Some(100)),
            "{label}"
        );
        assert_eq!(
            figure(&app, "istc_awards_cumulative", "2009").await,
            (61, Some(43)),
            "{label}: sources differ"
        );
        assert_eq!(
            figure(&app, "friendship_awards_cumulative", "2025").await.0,
            2048,
            "{label}"
        );
        assert_eq!(
            figure(&app, "friendship_awards_cumulative", "2026").await.0,
            2049,
            "{label}"
        );
        assert_eq!(
            figure(&app, "friendship_awards_conferred", "2026").await.0,
            1,
            "{label}"
        );

        // The public register, and once only.
        let register = app
            .get(
                &format!("{BASE}/laureates?award=friendship&year=2026"),
                None,
            )
            .await;
        register.expect(StatusCode::OK, label);
        assert_eq!(
            register.json()[0]["name"],
            "Hans Keller",
            "{label}: {}",
            register.body
        );
        assert_eq!(register.json()[0]["nationality"], "DE", "{label}");
        assert_eq!(register.json()[0]["field"], "engineering", "{label}");
        let none = app
            .get(
                &format!("{BASE}/laureates?award=friendship&year=2025"),
                None,
            )
            .await;
        assert_eq!(none.json().as_array().map(Vec::len), Some(0), "{label}");
        let by_country = app.get(&format!("{BASE}/laureates?country=de"), None).await;
        assert_eq!(
            by_country.json().as_array().map(Vec::len),
            Some(1),
            "{label}"
        );
        open_round(
            &app,
            &admin,
            "friendship",
            2027,
            json!({"opens_on": "2026-04-01", "closes_on": "2026-12-31"}),
        )
        .await;
        let again = nominate(&app, o1, nomination("friendship", 2027, jiangsu, person, 1)).await;
        again.expect(StatusCode::CONFLICT, label);
        assert_eq!(code(&again), "already_laureate", "{label}");
        // The past rounds of the history are there with their counts.
        let rounds = app
            .get(&format!("{BASE}/rounds?award=friendship"), None)
            .await;
        let y2009 = rounds
            .json()
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["award_year"] == 2009)
            .cloned()
            .unwrap_or_default();
        assert_eq!(y2009["laureates_individuals"], 100, "{label}");
        assert_eq!(y2009["cumulative_individuals"], 1099, "{label}");
        assert_eq!(y2009["status"], "past", "{label}");
    })
    .await;
}

#[tokio::test]
async fn an_istc_objection_within_the_window_and_a_file_carried_over() {
    on_each_backend_at(day(2026, 4, 20), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        let mut officers = Vec::new();
        for name in ["off1", "off2", "off3"] {
            app.officer(name, Capability::Experts).await;
            officers.push(app.token(name).await);
        }
        let (o1, o2, o3) = (&officers[0], &officers[1], &officers[2]);
        let org = app
            .post(
                "/api/v1/organisations",
                Some(&admin),
                super::employer_json("清华大学", super::CODE_A),
            )
            .await;
        org.expect(StatusCode::CREATED, label);
        let employer = org.id();
        app.user("hr1", Role::Employer, vec![], Some(employer), None)
            .await;
        let hr = app.token("hr1").await;
        for name in ["rev1", "rev2", "rev3"] {
            app.user(name, Role::Reviewer, vec![], None, None).await;
            app.post(
                &format!("{BASE}/reviewers"),
                Some(&admin),
                json!({"award": "istc", "username": name}),
            )
            .await
            .expect(StatusCode::OK, label);
        }
        let cas = unit(&app, "ZCAS").await;
        let person = expert(&app, &admin, "Claire Martin", "F0000003", "FR").await;
        open_round(&app, &admin, "istc", 2026, json!({})).await;
        let mut body = nomination("istc", 2026, cas, person, 1);
        body["employer_id"] = json!(employer);
        let id = nominate(&app, o1, body).await.id();
        for (token, action) in [
            (o1, "submit"),
            (o2, "accept"),
            (o3, "forward"),
            (o1, "pass_check"),
            (o2, "close_notice"),
        ] {
            take(&app, token, id, action).await;
        }
        app.post(
            &format!("{BASE}/nominations/{id}/panel/draw"),
            Some(o3),
            json!({}),
        )
        .await
        .expect(StatusCode::OK, label);
        for name in ["rev1", "rev2", "rev3"] {
            let token = app.token(name).await;
            app.post(
                &format!("{BASE}/nominations/{id}/reviews"),
                Some(&token),
                json!({"score": 75}),
            )
            .await
            .expect(StatusCode::OK, label);
        }
        let noticed = take(&app, o1, id, "close_review").await;
        assert_eq!(
            noticed.json()["notice_until"],
            "2026-05-10",
            "{label}: 20 calendar days"
        );
        // The initial results are on notice: no approval until it ends.
        let early = step(&app, o2, id, json!({"action": "approve"})).await;
        assert_eq!(code(&early), "window_open", "{label}: {}", early.body);
        // An anonymous objection is not taken; a named one is.
        let anonymous = step(
            &app,
            o2,
            id,
            json!({"action": "object", "comment": "Plagiarism."}),
        )
        .await;
        anonymous.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        let objected = step(
            &app,
            o2,
            id,
            json!({"action": "object", "objector_name": "Zhang San",
            "objector_contact": "zhang@example.org", "comment": "Plagiarism in the 2019 paper."}),
        )
        .await;
        objected.expect(StatusCode::OK, label);
        assert_eq!(
            objected.json()["objections"][0]["objector_name"],
            "Zhang San",
            "{label}"
        );
        // The employer sees the objection, not who lodged it.
        let seen = app
            .get(&format!("{BASE}/nominations/{id}"), Some(&hr))
            .await;
        seen.expect(StatusCode::OK, label);
        assert!(
            seen.json()["objections"][0]["objector_name"].is_null(),
            "{label}: {}",
            seen.body
        );
        assert!(
            !seen.body.contains("Zhang San") && !seen.body.contains("zhang@example.org"),
            "{label}"
        );
        assert_eq!(
            seen.json()["objections"][0]["text"],
            "Plagiarism in the 2019 paper.",
            "{label}"
        );
        // Suspended, then carried over to the next round's panel review.
        let suspended = step(
            &app,
            o3,
            id,
            json!({"action": "suspend", "comment": "Review halted over the objection."}),
        )
        .await;
        suspended.expect(StatusCode::OK, label);
        let no_next = step(
            &app,
            o1,
            id,
            json!({"action": "carry_over", "comment": "To the next round."}),
        )
        .await;
        assert_eq!(code(&no_next), "no_next_round", "{label}");
        app.post(
            &format!("{BASE}/rounds"),
            Some(&admin),
            json!({"award": "istc", "award_year": 2027}),
        )
        .await
        .expect(StatusCode::CREATED, label);
        let carried = step(
            &app,
            o1,
            id,
            json!({"action": "carry_over", "comment": "To the next round."}),
        )
        .await;
        carried.expect(StatusCode::OK, label);
        assert_eq!(carried.json()["status"], "carried_over", "{label}");
        let next = app.get(&format!("{BASE}/nominations"), Some(o1)).await;
        let taken_up = next
            .json()
            .as_array()
            .into_iter()
            .flatten()
            .find(|n| n["carried_from"] == id)
            .cloned()
            .unwrap_or_default();
        assert_eq!(taken_up["award_year"], 2027, "{label}: {}", next.body);
        assert_eq!(taken_up["status"], "panel_review", "{label}");
        // Disqualification for lobbying ends a file.
        let taken_id = taken_up["id"].as_i64().unwrap_or_default();
        let disqualified = step(
            &app,
            o2,
            taken_id,
            json!({"action": "disqualify", "comment": "Lobbying (跑奖) found."}),
        )
        .await;
        disqualified.expect(StatusCode::OK, label);
        assert_eq!(disqualified.json()["status"], "disqualified", "{label}");
    })
    .await;
}
