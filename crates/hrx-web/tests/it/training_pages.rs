//! The training-abroad pages on both databases: who may see them, every page in Chinese and
//! English without raw codes, a plan set and approved through the forms (confirmed first), a
//! nomination through the pickers, refusals worded in the page's language with the values
//! kept, a refused post without the CSRF token, and a group through departure and return
//! with a completion report.

use super::pages::location;
use super::{day, on_each_backend_at, App};
use axum::http::StatusCode;
use hrx_domain::access::Capability;
use serde_json::json;

/// A Chinese person of a unit with a passport valid until 2015.
async fn cn_person(app: &App, admin: &str, unit: i64, latin: &str, passport: &str) -> i64 {
    let body = json!({
        "name_native": "王伟", "name_latin": latin, "sex": "male", "birth_date": "1972-04-01",
        "nationality": "CN", "passport_number": passport, "passport_expiry": "2015-01-01",
        "organisation_id": unit,
    });
    let reply = app.post("/api/v1/persons", Some(admin), body).await;
    reply.expect(StatusCode::CREATED, app.label);
    reply.id()
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

const CODES: [&str; 6] = [
    ">senior_civil_servants<",
    ">special_fund<",
    ">draft<",
    ">approved<",
    ">nominated<",
    ">short_term<",
];

#[tokio::test]
async fn the_training_pages_plan_nominate_refuse_and_dispatch() {
    on_each_backend_at(day(2010, 3, 1), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        for name in ["nominator", "first", "second"] {
            app.officer(name, Capability::Training).await;
        }
        app.officer("coop1", Capability::Cooperation).await;
        let (unit, _) = app.two_employers(&admin).await;
        let p1 = cn_person(&app, &admin, unit, "Wang Wei", "E10000001").await;
        app.person(&admin, "Anna Berg", "C01X00T47").await;

        // Access: sign in first; 403 without the capability, and no menu entry.
        let anonymous = app.page("/training", &[]).await;
        anonymous.expect(StatusCode::SEE_OTHER, label);
        assert!(location(&anonymous).starts_with("/login"), "{label}");
        let mut other = app.browser("coop1").await;
        for path in [
            "/training",
            "/training/programmes",
            "/training/groups",
            "/training/reports",
            "/training/participants",
        ] {
            other
                .get(path)
                .await
                .expect(StatusCode::FORBIDDEN, &format!("{label}: {path}"));
        }
        other
            .post("/training/groups", &[("programme_id", "1")], true)
            .await
            .expect(StatusCode::FORBIDDEN, label);
        assert!(
            !other
                .get("/persons")
                .await
                .body
                .contains("href=\"/training\""),
            "{label}"
        );

        // The administrator records a programme through the form (numbers as typed).
        let mut root = app.browser("root").await;
        let home = root.get("/training").await;
        home.expect(StatusCode::OK, label);
        assert!(
            home.body.contains("href=\"/training\">出国培训</a>"),
            "{label}"
        );
        let fields = [
            ("code", "SCS-2009-01"),
            ("year", "2009"),
            ("title_zh", "高级公务员公共管理培训"),
            ("title_en", "Senior civil servants, public administration"),
            ("programme_type", "senior_civil_servants"),
            ("funding_channel", "special_fund"),
            ("approval_category", "approval"),
            ("host_institution", "Harvard Kennedy School"),
            ("institution_kind", "university"),
            ("host_country", "US"),
            ("language", "en"),
            ("planned_days", "21"),
            ("cost_yuan", "60,000"),
            ("window_start", "2009-01-01"),
            ("window_end", "2010-01-31"),
        ];
        // Without the token the post is refused and nothing is written.
        root.post("/training/programmes", &fields, false)
            .await
            .expect(StatusCode::FORBIDDEN, label);
        assert_eq!(app.count("training_programme").await, 0, "{label}");
        // A wrong type and a reversed window: every error at once, every value kept.
        let mut bad = fields.to_vec();
        bad[4] = ("programme_type", "sightseeing");
        bad[14] = ("window_end", "2008-01-01");
        let refused = root.post("/training/programmes", &bad, true).await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        for kept in [
            "高级公务员公共管理培训",
            "Harvard Kennedy School",
            "60,000",
            "programme_type-error",
            "window_end-error",
        ] {
            assert!(
                refused.body.contains(kept),
                "{label}: {kept}: {}",
                refused.body
            );
        }
        let created = root.post("/training/programmes", &fields, true).await;
        created.expect(StatusCode::SEE_OTHER, label);
        let programme = location(&created);
        let page = root.get(&programme).await;
        page.expect(StatusCode::OK, label);
        for text in [
            "高级公务员出国培训",
            "引进国外智力专项资金",
            "草案",
            "短期",
            "60,000 元",
            "2009年1月1日",
        ] {
            assert!(page.body.contains(text), "{label}: {text}");
        }
        for code in CODES {
            assert!(
                !page.body.contains(code),
                "{label}: {code} on the Chinese page"
            );
        }

        // The plan: the unit chosen by name; approval asks first.
        let version = version_after(&page.body, "id=\"quota-form\"");
        let set = root
            .post(
                &format!("{programme}/quotas"),
                &[
                    ("version", &version),
                    ("unit_id_q", "甲公司"),
                    ("places", "1"),
                ],
                true,
            )
            .await;
        set.expect(StatusCode::SEE_OTHER, label);
        let page = root.get(&programme).await;
        assert!(
            page.body.contains("甲公司"),
            "{label}: the unit is in the plan"
        );
        let version = version_after(&page.body, "id=\"approve-form\"");
        let ask = root
            .post(
                &format!("{programme}/approve"),
                &[("version", &version)],
                true,
            )
            .await;
        ask.expect(StatusCode::OK, label);
        assert!(
            ask.body.contains("计划一经批准即固定")
                && ask.body.contains("甲公司")
                && ask.body.contains("：1 个名额"),
            "{label}: {}",
            ask.body
        );
        let approved = root
            .post(
                &format!("{programme}/approve"),
                &[("version", &version), ("confirmed", "yes")],
                true,
            )
            .await;
        approved.expect(StatusCode::SEE_OTHER, label);

        // Nominations: an ineligible foreigner is refused in Chinese with the rule named and
        // the typed name kept; the unit's one place then goes to Wang Wei.
        let mut nominator = app.browser("nominator").await;
        let foreigner = nominator
            .post(
                &format!("{programme}/nominations"),
                &[
                    ("person_id_q", "Anna Berg"),
                    ("sending_unit_id_q", "甲公司"),
                ],
                true,
            )
            .await;
        foreigner.expect(StatusCode::CONFLICT, label);
        for text in [
            "按本项目的一项资格规则",
            "被推荐人须为中国公民",
            "value=\"Anna Berg\"",
            "value=\"甲公司\"",
        ] {
            assert!(
                foreigner.body.contains(text),
                "{label}: {text}: {}",
                foreigner.body
            );
        }
        assert!(
            !foreigner.body.contains("chinese_citizen"),
            "{label}: the rule's code on a Chinese page"
        );
        let p1_text = p1.to_string();
        let made = nominator
            .post(
                &format!("{programme}/nominations"),
                &[("person_id", &p1_text)],
                true,
            )
            .await;
        made.expect(StatusCode::SEE_OTHER, label);
        let nomination = location(&made);
        assert!(
            nomination.starts_with("/training/nominations/"),
            "{label}: {nomination}"
        );
        // The nominator may not approve their own nomination: refused, worded.
        let view = nominator.get(&nomination).await;
        let version = version_after(&view.body, "value=\"approve\"");
        let version = if version.is_empty() {
            version_after(&view.body, "action-form")
        } else {
            version
        };
        let own = nominator
            .post(
                &format!("{nomination}/steps"),
                &[("action", "approve"), ("version", &version)],
                true,
            )
            .await;
        own.expect(StatusCode::CONFLICT, label);
        assert!(
            own.body.contains("须由其他工作人员执行此步骤"),
            "{label}: {}",
            own.body
        );
        // Two others approve: the second approval asks first.
        let mut first = app.browser("first").await;
        first
            .post(
                &format!("{nomination}/steps"),
                &[("action", "approve"), ("version", &version)],
                true,
            )
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let mut second = app.browser("second").await;
        let next = (version.parse::<i64>().unwrap_or(0) + 1).to_string();
        let ask = second
            .post(
                &format!("{nomination}/steps"),
                &[("action", "approve"), ("version", &next)],
                true,
            )
            .await;
        ask.expect(StatusCode::OK, label);
        assert!(
            ask.body.contains("name=\"confirmed\" value=\"yes\""),
            "{label}"
        );
        second
            .post(
                &format!("{nomination}/steps"),
                &[
                    ("action", "approve"),
                    ("version", &next),
                    ("confirmed", "yes"),
                ],
                true,
            )
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let selected = second.get(&nomination).await;
        assert!(
            selected.body.contains("已入选") && selected.body.contains("已获 2/2 项批准"),
            "{label}"
        );

        // A group: a second person is refused with quota_exceeded, worded, the name kept.
        let pid = programme.rsplit('/').next().unwrap_or_default().to_owned();
        let group = nominator
            .post(
                "/training/groups",
                &[
                    ("programme_id", &pid),
                    ("planned_departure", "2009-03-01"),
                    ("planned_return", "2009-03-21"),
                ],
                true,
            )
            .await;
        group.expect(StatusCode::SEE_OTHER, label);
        let group = location(&group);
        nominator
            .post(
                &format!("{group}/members"),
                &[("person_id", &p1_text)],
                true,
            )
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let p2 = cn_person(&app, &admin, unit, "Li Na", "E10000002")
            .await
            .to_string();
        let full = nominator
            .post(&format!("{group}/members"), &[("person_id", &p2)], true)
            .await;
        full.expect(StatusCode::CONFLICT, label);
        assert!(
            full.body.contains("派出单位在本项目计划中已无剩余名额"),
            "{label}: {}",
            full.body
        );
        let page = nominator.get(&group).await;
        for text in [
            "E10000001",
            "2015年1月1日",
            "可出行",
            "已入选",
            "2009年9月21日",
            "通过",
        ] {
            assert!(page.body.contains(text), "{label}: {text}");
        }

        // Depart and return (each confirmed), then the report is overdue and is filed.
        for (action, field, date) in [
            ("depart", "actual_departure", "2009-03-01"),
            ("return", "actual_return", "2009-03-21"),
        ] {
            let page = nominator.get(&group).await;
            let version = version_after(&page.body, "action-form");
            let fields = [
                ("action", action),
                ("version", &version),
                (field, date),
                ("confirmed", "yes"),
            ];
            nominator
                .post(&format!("{group}/steps"), &fields, true)
                .await
                .expect(StatusCode::SEE_OTHER, &format!("{label}: {action}"));
        }
        let home = nominator.get("/training").await;
        assert!(
            home.body.contains("已逾期") && home.body.contains("个工作日"),
            "{label}: {}",
            home.body
        );
        let reports = nominator.get("/training/reports?state=overdue").await;
        let member = reports
            .body
            .split("id=\"report-")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_default()
            .to_owned();
        nominator
            .post(
                &format!("/training/reports/{member}"),
                &[
                    ("summary", "Budget reform in the federal agencies"),
                    ("submitted_on", "2009-04-21"),
                ],
                true,
            )
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let filed = nominator.get("/training/reports").await;
        assert!(
            filed.body.contains("逾期提交") && filed.body.contains("迟交 1 天"),
            "{label}"
        );

        // The same pages in English, without codes.
        nominator.get("/lang/en?next=/training").await;
        for path in [
            programme.as_str(),
            group.as_str(),
            "/training",
            "/training/programmes",
            "/training/groups",
            "/training/reports",
            "/training/participants?year=2009",
            nomination.as_str(),
        ] {
            let en = nominator.get(path).await;
            en.expect(StatusCode::OK, &format!("{label}: {path}"));
            for code in CODES {
                assert!(!en.body.contains(code), "{label}: {code} on {path}");
            }
        }
        let en = nominator.get(&programme).await;
        assert!(
            en.body
                .contains("Overseas training for senior civil servants")
                && en.body.contains("1 Jan 2009"),
            "{label}"
        );
        let participants = nominator
            .get("/training/participants?year=2009&programme_type=senior_civil_servants")
            .await;
        assert!(
            participants.body.contains("Wang Wei") && participants.body.contains("Short-term"),
            "{label}: {}",
            participants.body
        );
    })
    .await;
}
