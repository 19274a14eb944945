//! The international cooperation pages on both databases: who may see them, the shipped
//! history of events, an event recorded through the forms with a delegate, an outcome and
//! follow-up actions marked done and cancelled, an agreement recorded, signed and terminated
//! through the forms, a refused form that keeps its values and names its fields, and the
//! partner counts with the map.

use super::pages::location;
use super::{day, on_each_backend, on_each_backend_at, App, Reply};
use axum::http::StatusCode;
use hrx_domain::access::{Capability, Role};
use hrx_store::cooperation::FollowUpInput;

/// Two cooperation officers (`coop1`, `coop2`), a conventions officer (`ilo1`), an employer's
/// clerk (`clerk`) and a person of the registry, "Anna Berg"; answers the administrator's
/// token.
async fn users(app: &App) -> String {
    let admin = app.admin().await;
    let (employer, _) = app.two_employers(&admin).await;
    app.user("clerk", Role::Employer, vec![], Some(employer), None)
        .await;
    app.officer("coop1", Capability::Cooperation).await;
    app.officer("coop2", Capability::Cooperation).await;
    app.officer("ilo1", Capability::Conventions).await;
    app.person(&admin, "Anna Berg", "C01X00T47").await;
    admin
}

/// The value of the first hidden `version` input after `marker` in a page.
fn version_after(body: &str, marker: &str) -> String {
    body.split(marker)
        .nth(1)
        .and_then(|rest| rest.split("name=\"version\" value=\"").nth(1))
        .and_then(|v| v.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

/// The id at the end of a redirect to `prefix{id}`.
fn id_in(reply: &Reply, prefix: &str, label: &str) -> i64 {
    let path = location(reply);
    path.strip_prefix(prefix)
        .and_then(|rest| rest.split(['#', '?']).next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{label}: {path}: {}", reply.body))
}

#[tokio::test]
async fn only_cooperation_officers_and_administrators_see_the_pages() {
    on_each_backend(|app| async move {
        let label = app.label;
        users(&app).await;
        let anonymous = app.page("/cooperation", &[]).await;
        anonymous.expect(StatusCode::SEE_OTHER, label);
        assert!(location(&anonymous).starts_with("/login"), "{label}");
        for user in ["ilo1", "clerk"] {
            let mut other = app.browser(user).await;
            for path in [
                "/cooperation",
                "/cooperation/events",
                "/cooperation/agreements/new",
                "/cooperation/partners/FR",
                "/cooperation/map",
            ] {
                other
                    .get(path)
                    .await
                    .expect(StatusCode::FORBIDDEN, &format!("{label}: {user} {path}"));
            }
            let posted = other
                .post(
                    "/cooperation/events",
                    &[("kind", "forum"), ("date", "2026-05-01")],
                    true,
                )
                .await;
            posted.expect(StatusCode::FORBIDDEN, label);
            let menu = other.get("/persons").await;
            assert!(
                !menu.body.contains("href=\"/cooperation\""),
                "{label}: {user} has no menu entry"
            );
        }
        assert_eq!(app.count("coop_event WHERE origin = 'officer'").await, 0);
        for user in ["coop1", "root"] {
            let mut officer = app.browser(user).await;
            let home = officer.get("/cooperation").await;
            home.expect(StatusCode::OK, label);
            assert!(
                home.body.contains("href=\"/cooperation\">国际合作</a>"),
                "{label}: {user} has the menu entry"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn the_events_page_lists_the_shipped_history_in_both_languages() {
    on_each_backend(|app| async move {
        let label = app.label;
        users(&app).await;
        let mut officer = app.browser("coop1").await;
        let zh = officer.get("/cooperation/events").await;
        zh.expect(StatusCode::OK, label);
        for text in [
            "共30项活动",
            "中国就业论坛",
            "2004年4月28日",
            "论坛",
            "部长级会议",
        ] {
            assert!(zh.body.contains(text), "{label}: {text}: {}", zh.body);
        }
        for code in [">forum<", ">ministerial<", ">assembly<"] {
            assert!(
                !zh.body.contains(code),
                "{label}: {code} on the Chinese page"
            );
        }
        // A month known only is written as a month.
        assert!(zh.body.contains("2006年5月"), "{label}");
        officer.get("/lang/en?next=/cooperation/events").await;
        let en = officer
            .get("/cooperation/events?kind=forum&year=2004")
            .await;
        en.expect(StatusCode::OK, label);
        assert!(
            en.body.contains("China Employment Forum")
                && en.body.contains("28 Apr 2004 – 30 Apr 2004")
                && en.body.contains("Events: 1"),
            "{label}: {}",
            en.body
        );
        assert!(!en.body.contains("Asian Employment Forum"), "{label}: 2007");
        // The shipped history is on the timeline of all partners too, by kind and year: the
        // 2004 events and the Beijing Declaration adopted at the ISSA assembly.
        let timeline = officer
            .get("/cooperation/timeline?kind=event&year=2004")
            .await;
        timeline.expect(StatusCode::OK, label);
        for text in [
            "China Employment Forum",
            "28th General Assembly of the International Social Security Association",
        ] {
            assert!(
                timeline.body.contains(text),
                "{label}: {text}: {}",
                timeline.body
            );
        }
        assert!(!timeline.body.contains("Asian Employment Forum"), "{label}");
        let outcomes = officer
            .get("/cooperation/timeline?kind=outcome&partner=ISSA")
            .await;
        assert!(
            outcomes.body.contains("Beijing Declaration"),
            "{label}: {}",
            outcomes.body
        );
        let href = en
            .body
            .split("<a href=\"/cooperation/events/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
            .to_owned();
        let forum = officer.get(&format!("/cooperation/events/{href}")).await;
        forum.expect(StatusCode::OK, label);
        assert!(
            forum.body.contains("International Labour Organization")
                && forum
                    .body
                    .contains("Beijing, People&#39;s Republic of China"),
            "{label}: the organiser by name, the place: {}",
            forum.body
        );
    })
    .await;
}

#[tokio::test]
async fn an_officer_records_an_event_with_its_delegation_outcome_and_follow_ups() {
    on_each_backend_at(day(2026, 5, 4), |app| async move {
        let label = app.label;
        users(&app).await;
        let mut officer = app.browser("coop1").await;
        officer.get("/cooperation/events/new").await;
        let created = officer
            .post(
                "/cooperation/events",
                &[
                    ("kind", "meeting"),
                    ("name_zh", "中法劳动合作磋商"),
                    ("name_en", "China-France consultation on labour cooperation"),
                    ("date", "2026-04-20"),
                    ("end_date", "2026-04-21"),
                    ("chinese_role", "host"),
                    ("host_city", "Beijing"),
                    ("host_country", "CN"),
                    ("partner_1", "FR"),
                    ("role_1", "counterpart"),
                    ("partner_2", ""),
                    ("role_2", ""),
                ],
                true,
            )
            .await;
        created.expect(StatusCode::SEE_OTHER, label);
        let id = id_in(&created, "/cooperation/events/", label);
        let event = format!("/cooperation/events/{id}");
        let page = officer.get(&event).await;
        assert!(
            page.body.contains("中法劳动合作磋商")
                && page.body.contains("法国")
                && page.body.contains("双边会议对方"),
            "{label}: {}",
            page.body
        );

        // A delegate chosen by name with the picker, never by a typed id.
        officer
            .post(
                &format!("{event}/delegates"),
                &[
                    ("person_id", ""),
                    ("person_id_q", "Anna Berg"),
                    ("role", "head"),
                ],
                true,
            )
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let page = officer.get(&event).await;
        let delegates = page
            .body
            .split("id=\"delegates\"")
            .nth(1)
            .unwrap_or_default();
        assert!(
            delegates.contains("Anna Berg") && delegates.contains("团长"),
            "{label}: {}",
            page.body
        );

        officer
            .post(
                &format!("{event}/outcomes"),
                &[
                    ("kind", "joint_statement"),
                    ("title_zh", "中法联合声明"),
                    ("title_en", "China-France joint statement"),
                    ("adopted_on", "2026-04-21"),
                    ("text_ref", ""),
                ],
                true,
            )
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let page = officer.get(&event).await;
        let outcome = page
            .body
            .split("id=\"outcome-")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
            .to_owned();
        assert!(page.body.contains("联合声明"), "{label}");

        // A deadline in the past is refused beside its field, with what was typed kept.
        let past = officer
            .post(
                &format!("{event}/follow-ups"),
                &[
                    ("outcome", &outcome),
                    ("description", "交换职业技能标准文本"),
                    ("owner", "coop1"),
                    ("working_days", ""),
                    ("due_on", "2026-01-05"),
                ],
                true,
            )
            .await;
        past.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        assert!(
            past.body.contains("id=\"due_on-error\"")
                && past.body.contains("交换职业技能标准文本")
                && past.body.contains("<option value=\"coop1\" selected>"),
            "{label}: {}",
            past.body
        );
        for description in ["交换职业技能标准文本", "筹备下一轮磋商"] {
            officer
                .post(
                    &format!("{event}/follow-ups"),
                    &[
                        ("outcome", &outcome),
                        ("description", description),
                        ("owner", "coop1"),
                        ("working_days", "10"),
                        ("due_on", ""),
                    ],
                    true,
                )
                .await
                .expect(StatusCode::SEE_OTHER, label);
        }
        let calendar = app
            .store
            .working_calendar()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let due = calendar.add_working_days(day(2026, 5, 4).unwrap_or_default(), 10);
        let due = due.format("%Y年%-m月%-d日").to_string();
        let home = officer.get("/cooperation").await;
        assert!(
            home.body.contains("交换职业技能标准文本") && home.body.contains(&due),
            "{label}: in the owner's queue, due in ten working days ({due}): {}",
            home.body
        );

        // Marked done.
        let page = officer.get(&event).await;
        let first = page
            .body
            .split("id=\"follow-up-")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
            .to_owned();
        let version = version_after(&page.body, &format!("id=\"follow-up-{first}\""));
        officer
            .post(
                &format!("/cooperation/follow-ups/{first}/steps"),
                &[("action", "complete"), ("version", &version)],
                true,
            )
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let page = officer.get(&event).await;
        let done = page
            .body
            .split(&format!("id=\"follow-up-{first}\""))
            .nth(1)
            .unwrap_or_default();
        assert!(
            done.contains("已完成") && done.contains("2026年5月4日完成"),
            "{label}: {}",
            page.body
        );

        // Cancelling asks first, then cancels for good.
        let second = page
            .body
            .split("id=\"follow-up-")
            .nth(2)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
            .to_owned();
        let version = version_after(&page.body, &format!("id=\"follow-up-{second}\""));
        let steps = format!("/cooperation/follow-ups/{second}/steps");
        let cancel = [
            ("action", "cancel"),
            ("version", version.as_str()),
            ("comment", "法方已另行安排"),
        ];
        let confirm = officer.post(&steps, &cancel, true).await;
        confirm.expect(StatusCode::OK, label);
        assert!(
            confirm.body.contains("id=\"confirm\"") && confirm.body.contains("已取消"),
            "{label}: {}",
            confirm.body
        );
        let mut confirmed = cancel.to_vec();
        confirmed.push(("confirmed", "yes"));
        officer
            .post(&steps, &confirmed, true)
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let home = officer.get("/cooperation").await;
        assert!(
            home.body.contains("没有待办的后续行动"),
            "{label}: nothing left open: {}",
            home.body
        );

        // An action recorded in January for 1 February is overdue by 92 days on 4 May (R3).
        let outcome_id: i64 = outcome.parse().unwrap_or_default();
        let late = FollowUpInput {
            description: "提交会议纪要".into(),
            owner: "coop1".into(),
            due_on: "2026-02-01".into(),
            working_days: None,
        };
        app.store
            .add_coop_followup(
                "coop1",
                outcome_id,
                &late,
                day(2026, 1, 10).unwrap_or_default(),
            )
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let home = officer.get("/cooperation").await;
        assert!(
            home.body.contains("提交会议纪要") && home.body.contains("已逾期92天"),
            "{label}: {}",
            home.body
        );
        // The partner's record shows the event.
        let france = officer.get("/cooperation/partners/FR").await;
        assert!(
            france.body.contains("中法劳动合作磋商"),
            "{label}: {}",
            france.body
        );
    })
    .await;
}

/// The agreement form's fields for a memorandum with France under negotiation.
fn memorandum<'a>(code: &'a str, title_zh: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "mou"),
        ("code", code),
        ("title_zh", title_zh),
        ("title_en", "MoU on labour cooperation with France"),
        ("chinese_party", "mohrss"),
        ("partners", "FR"),
        ("partners", ""),
        ("areas", "employment"),
        ("areas", "skills"),
        ("negotiation_started", "2026-01-10"),
        ("renewal", "none"),
    ]
}

#[tokio::test]
async fn an_agreement_is_recorded_signed_and_terminated_through_the_forms() {
    on_each_backend_at(day(2026, 5, 4), |app| async move {
        let label = app.label;
        users(&app).await;
        let mut officer = app.browser("coop1").await;
        officer.get("/cooperation/agreements/new").await;

        // A refused form keeps every value and names every field refused.
        let mut wrong = memorandum("x", "中法劳动合作谅解备忘录");
        wrong.retain(|(k, _)| *k != "partners");
        wrong.push(("signed_on", "2026-13-01"));
        wrong.push(("chinese_signatory", "部长"));
        let refused = officer.post("/cooperation/agreements", &wrong, true).await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        for kept in [
            "value=\"中法劳动合作谅解备忘录\"",
            "value=\"2026-13-01\"",
            "value=\"2026-01-10\"",
            "value=\"部长\"",
            "id=\"area-skills\" name=\"areas\" value=\"skills\" checked",
        ] {
            assert!(
                refused.body.contains(kept),
                "{label}: {kept}: {}",
                refused.body
            );
        }
        for error in ["code-error", "partners-error", "signed_on-error"] {
            assert!(refused.body.contains(error), "{label}: {error}");
        }
        assert_eq!(
            app.count("coop_agreement WHERE origin = 'officer'").await,
            0
        );

        let created = officer
            .post(
                "/cooperation/agreements",
                &memorandum("CN-FR-MOU-2026", "中法劳动合作谅解备忘录"),
                true,
            )
            .await;
        created.expect(StatusCode::SEE_OTHER, label);
        let id = id_in(&created, "/cooperation/agreements/", label);
        let path = format!("/cooperation/agreements/{id}");
        let page = officer.get(&path).await;
        assert!(
            page.body.contains("谈判中") && page.body.contains("法国"),
            "{label}: {}",
            page.body
        );
        let version = version_after(&page.body, "id=\"actions\"");
        let steps = format!("{path}/steps");

        // Signed, in force on signature.
        officer
            .post(
                &steps,
                &[
                    ("action", "sign_in_force"),
                    ("version", &version),
                    ("signed_on", "2026-04-20"),
                    ("signed_place", "Paris"),
                ],
                true,
            )
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let page = officer.get(&path).await;
        assert!(
            page.body.contains("id=\"state\">当前状态：有效</span>"),
            "{label}: {}",
            page.body
        );
        assert!(
            page.body.contains("2026年4月20日") && page.body.contains("Paris"),
            "{label}"
        );

        // The same form again, from the old version: stale.
        let stale = officer
            .post(
                &steps,
                &[
                    ("action", "give_notice"),
                    ("version", &version),
                    ("notice_given_on", "2026-04-30"),
                ],
                true,
            )
            .await;
        stale.expect(StatusCode::CONFLICT, label);
        assert!(
            stale.body.contains("已有其他人先行办理"),
            "{label}: {}",
            stale.body
        );

        // Terminating asks first, names the day, and ends it for good.
        let version = version_after(&page.body, "id=\"actions\"");
        let terminate = [
            ("action", "terminate"),
            ("version", version.as_str()),
            ("ended_on", "2026-05-01"),
            ("comment", "双方同意以新文件代替"),
        ];
        let confirm = officer.post(&steps, &terminate, true).await;
        confirm.expect(StatusCode::OK, label);
        assert!(
            confirm.body.contains("id=\"confirm\"")
                && confirm.body.contains("自2026年5月1日起不再有效")
                && confirm
                    .body
                    .contains("name=\"ended_on\" value=\"2026-05-01\""),
            "{label}: {}",
            confirm.body
        );
        let mut confirmed = terminate.to_vec();
        confirmed.push(("confirmed", "yes"));
        officer
            .post(&steps, &confirmed, true)
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let page = officer.get(&path).await;
        assert!(
            page.body.contains("已终止") && page.body.contains("双方同意以新文件代替"),
            "{label}: {}",
            page.body
        );

        // France's record: the memorandum and the social security agreement of the register.
        let france = officer.get("/cooperation/partners/FR").await;
        assert!(
            france.body.contains(&format!("href=\"{path}\""))
                && france
                    .body
                    .contains("href=\"/coverage/agreements/CN-FR-2016\""),
            "{label}: {}",
            france.body
        );
    })
    .await;
}

#[tokio::test]
async fn the_home_page_and_the_map_count_partner_countries() {
    on_each_backend_at(day(2026, 5, 4), |app| async move {
        let label = app.label;
        users(&app).await;
        let mut officer = app.browser("coop1").await;
        let home = officer.get("/cooperation").await;
        home.expect(StatusCode::OK, label);
        assert!(
            home.body.contains("2026年5月4日的合作伙伴国家")
                && home.body.contains("2009年的公布数")
                && home.body.contains("80多个国家"),
            "{label}: {}",
            home.body
        );
        let map = officer.get("/cooperation/map?date=2009-12-31").await;
        map.expect(StatusCode::OK, label);
        assert!(
            map.body.contains("<svg")
                && map.body.contains("伊朗")
                && map.body.contains("德国")
                && map.body.contains("80多个国家")
                && map.body.contains("白皮书"),
            "{label}: {}",
            map.body
        );
        let bad = officer.get("/cooperation/map?date=31.12.2009").await;
        assert!(
            bad.body.contains("aria-invalid=\"true\"") && bad.body.contains("31.12.2009"),
            "{label}: the date as typed, with its error"
        );
    })
    .await;
}
