//! The ILO conventions pages on both databases: the public register on a date in both
//! languages, a convention's page, who may see the reporting calendar and its CSV, and a
//! report case from the calendar through maker-checker, the confirmation before submitting and
//! a CEACR comment, with refusals shown beside what was typed.

use super::pages::{location, Browser};
use super::{day, on_each_backend, on_each_backend_at, App};
use axum::http::{header, StatusCode};
use hrx_domain::access::{Capability, Role};

/// Two conventions officers (`ilo1`, `ilo2`) and an employer's clerk (`clerk`).
async fn users(app: &App) {
    let admin = app.admin().await;
    let (employer, _) = app.two_employers(&admin).await;
    app.user("clerk", Role::Employer, vec![], Some(employer), None)
        .await;
    for officer in ["ilo1", "ilo2"] {
        app.officer(officer, Capability::Conventions).await;
    }
}

#[tokio::test]
async fn the_register_on_a_date_in_both_languages() {
    on_each_backend(|app| async move {
        let label = app.label;
        let zh = app.page("/conventions?as_of=2010-12-31", &[]).await;
        zh.expect(StatusCode::OK, label);
        assert!(
            zh.body.contains("已批准25项") && zh.body.contains("有效22项"),
            "{label}: {}",
            zh.body
        );
        // The classes and statuses are worded, never shown as codes.
        for word in [
            "基本公约",
            "技术公约",
            "治理公约",
            "有效",
            "已失效",
            "未确定",
            "推算",
        ] {
            assert!(zh.body.contains(word), "{label}: {word}");
        }
        for code in [
            ">in_force<",
            ">not_in_force<",
            ">F<",
            ">T<",
            "Fundamental",
            "equality",
        ] {
            assert!(
                !zh.body.contains(code),
                "{label}: {code} on the Chinese page"
            );
        }
        assert!(zh.body.contains("href=\"/conventions/C100\""), "{label}");
        assert!(
            !zh.body.contains("C029"),
            "{label}: C029 was ratified in 2022"
        );

        let en = app
            .page(
                "/conventions?as_of=2010-12-31",
                &[(header::ACCEPT_LANGUAGE, "en")],
            )
            .await;
        en.expect(StatusCode::OK, label);
        assert!(
            en.body.contains("25 ratified, 22 in force on 31 Dec 2010"),
            "{label}: {}",
            en.body
        );
        assert!(
            en.body.contains("Fundamental") && en.body.contains("Not in force"),
            "{label}"
        );
        // Before 2008 governance conventions were "priority" conventions.
        let old = app
            .page(
                "/conventions?as_of=2000-01-01",
                &[(header::ACCEPT_LANGUAGE, "en")],
            )
            .await;
        assert!(old.body.contains("Priority"), "{label}");
        let bad = app.page("/conventions?as_of=31.12.2010", &[]).await;
        assert!(
            bad.body.contains("aria-invalid=\"true\"") && bad.body.contains("31.12.2010"),
            "{label}: the date as typed, with its error"
        );
    })
    .await;
}

#[tokio::test]
async fn a_convention_page_and_an_unknown_code() {
    on_each_backend(|app| async move {
        let label = app.label;
        let c007 = app.page("/conventions/C007", &[]).await;
        c007.expect(StatusCode::OK, label);
        assert!(
            c007.body.contains("因批准第138号公约") && c007.body.contains("1999年4月28日"),
            "{label}: the denunciation's cause in Chinese: {}",
            c007.body
        );
        let c155 = app
            .page("/conventions/C155", &[(header::ACCEPT_LANGUAGE, "en")])
            .await;
        assert!(
            c155.body.contains("10 Jun 2022") && c155.body.contains("Classified as Fundamental"),
            "{label}: the class change"
        );
        assert!(
            !c155.body.contains("id=\"reports\""),
            "{label}: the report cases are for officers"
        );
        app.page("/conventions/C999", &[])
            .await
            .expect(StatusCode::NOT_FOUND, label);
    })
    .await;
}

#[tokio::test]
async fn the_calendar_is_for_conventions_officers_and_exports_csv() {
    on_each_backend(|app| async move {
        let label = app.label;
        users(&app).await;
        let anonymous = app.page("/conventions/calendar", &[]).await;
        anonymous.expect(StatusCode::SEE_OTHER, label);
        assert!(location(&anonymous).starts_with("/login"), "{label}");
        let mut clerk = app.browser("clerk").await;
        clerk
            .get("/conventions/calendar")
            .await
            .expect(StatusCode::FORBIDDEN, label);
        clerk
            .get("/conventions/calendar.csv?from=2024")
            .await
            .expect(StatusCode::FORBIDDEN, label);

        let mut officer = app.browser("ilo1").await;
        let page = officer.get("/conventions/calendar?from=2024").await;
        page.expect(StatusCode::OK, label);
        assert!(
            page.body.contains("id=\"due-C029-2024\"") && page.body.contains("首次报告"),
            "{label}: {}",
            page.body
        );
        let csv = officer.get("/conventions/calendar.csv?from=2024").await;
        csv.expect(StatusCode::OK, label);
        assert!(
            csv.body.starts_with('\u{feff}'),
            "{label}: a byte-order mark"
        );
        let mut lines = csv.body.trim_start_matches('\u{feff}').lines();
        assert_eq!(
            lines.next(),
            Some("年份,公约,名称,报告类型,截止日期,应交依据,逾期,案件"),
            "{label}"
        );
        assert!(
            lines.any(|l| l.starts_with("2024,C029,强迫劳动公约,首次报告,2024-09-01,")),
            "{label}: {}",
            csv.body
        );
        let officer_view = officer.get("/conventions/C100").await;
        assert!(
            officer_view.body.contains("id=\"reports\""),
            "{label}: officers see the report cases"
        );
    })
    .await;
}

/// Takes a step on a report's page and answers the reply.
async fn step(browser: &mut Browser<'_>, id: i64, fields: &[(&str, &str)]) -> super::Reply {
    let page = browser.get(&format!("/conventions/reports/{id}")).await;
    let version = page
        .body
        .split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let mut all = vec![("version", version.as_str())];
    all.extend_from_slice(fields);
    browser
        .post(&format!("/conventions/reports/{id}/steps"), &all, true)
        .await
}

#[tokio::test]
async fn a_report_goes_from_the_calendar_to_the_ceacr_comments() {
    on_each_backend_at(day(2026, 5, 4), |app| async move {
        let label = app.label;
        users(&app).await;
        let mut first = app.browser("ilo1").await;
        first.get("/conventions/calendar").await;

        // A report not due is refused on the calendar, with what was typed.
        let refused = first
            .post(
                "/conventions/reports",
                &[
                    ("convention", "C007"),
                    ("year", "2027"),
                    ("out_of_cycle", "1"),
                ],
                true,
            )
            .await;
        refused.expect(StatusCode::CONFLICT, label);
        assert!(
            refused.body.contains("该年度不能要求提交报告")
                && refused.body.contains("<option value=\"C007\" selected>"),
            "{label}: {}",
            refused.body
        );
        let opened = first
            .post(
                "/conventions/reports",
                &[
                    ("convention", "C100"),
                    ("year", "2026"),
                    ("out_of_cycle", ""),
                ],
                true,
            )
            .await;
        opened.expect(StatusCode::SEE_OTHER, label);
        let path = location(&opened);
        let id: i64 = path
            .strip_prefix("/conventions/reports/")
            .and_then(|id| id.parse().ok())
            .unwrap_or_else(|| panic!("{label}: {path}"));
        let page = first.get(&path).await;
        assert!(
            page.body.contains("已收到报告要求")
                && page
                    .body
                    .contains("于2026-03-31前将副本送交雇主组织和工人组织 · 已逾期"),
            "{label}: the status and the overdue reminder: {}",
            page.body
        );
        for action in ["start_drafting", "send_for_review"] {
            step(&mut first, id, &[("action", action)])
                .await
                .expect(StatusCode::SEE_OTHER, label);
        }

        // Maker-checker: the officer who sent it for review may not send the copies; the
        // missing organisation is named too, and what was typed stays.
        let same = step(
            &mut first,
            id,
            &[
                ("action", "send_copies"),
                ("employers_organisation", "中国企业联合会（测试）"),
                ("workers_organisation", ""),
            ],
        )
        .await;
        same.expect(StatusCode::CONFLICT, label);
        assert!(
            same.body.contains("须由另一名公约事务官员办理")
                && same.body.contains("value=\"中国企业联合会（测试）\"")
                && same
                    .body
                    .contains("id=\"workers_organisation-send_copies-error\""),
            "{label}: {}",
            same.body
        );

        let mut second = app.browser("ilo2").await;
        let missing = step(
            &mut second,
            id,
            &[
                ("action", "send_copies"),
                ("employers_organisation", "CEC"),
                ("workers_organisation", " "),
            ],
        )
        .await;
        missing.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        assert!(missing.body.contains("value=\"CEC\""), "{label}");
        step(
            &mut second,
            id,
            &[
                ("action", "send_copies"),
                ("employers_organisation", "中国企业联合会"),
                ("workers_organisation", "中华全国总工会"),
            ],
        )
        .await
        .expect(StatusCode::SEE_OTHER, label);

        // Submitting cannot be undone: the page asks first.
        let confirm = step(&mut second, id, &[("action", "submit")]).await;
        confirm.expect(StatusCode::OK, label);
        assert!(
            confirm.body.contains("id=\"confirm\"") && confirm.body.contains("已提交国际劳工局"),
            "{label}: {}",
            confirm.body
        );
        step(
            &mut second,
            id,
            &[("action", "submit"), ("confirmed", "yes")],
        )
        .await
        .expect(StatusCode::SEE_OTHER, label);

        // A comment with errors keeps every value and names every field.
        let comments = format!("/conventions/reports/{id}/comments");
        let wrong = second
            .post(
                &comments,
                &[
                    ("kind", "direct_request"),
                    ("year", "2026"),
                    ("text_zh", "请提供同工同酬的统计数据。"),
                    ("text_en", ""),
                    ("points[0].text", "按性别统计工资"),
                    ("points[0].owner", ""),
                    ("points[0].due_date", "2027-06-01"),
                ],
                true,
            )
            .await;
        wrong.expect(StatusCode::UNPROCESSABLE_ENTITY, label);
        for kept in ["请提供同工同酬的统计数据。", "按性别统计工资", "2027-06-01"]
        {
            assert!(wrong.body.contains(kept), "{label}: {kept}");
        }
        for error in ["text_en-error", "points[0].owner-error"] {
            assert!(wrong.body.contains(error), "{label}: {error}");
        }
        second
            .post(
                &comments,
                &[
                    ("kind", "direct_request"),
                    ("year", "2026"),
                    ("text_zh", "请提供同工同酬的统计数据。"),
                    (
                        "text_en",
                        "Please provide statistics on equal remuneration.",
                    ),
                    ("points[0].text", "按性别统计工资"),
                    ("points[0].owner", "国家统计局"),
                    ("points[0].due_date", "2027-06-01"),
                ],
                true,
            )
            .await
            .expect(StatusCode::SEE_OTHER, label);
        let done = second.get(&path).await;
        assert!(
            done.body.contains("已收到评论")
                && done.body.contains("直接请求")
                && done.body.contains("国家统计局"),
            "{label}: {}",
            done.body
        );
        let public = app.page("/conventions/C100", &[]).await;
        assert!(public.body.contains("按性别统计工资"), "{label}");
    })
    .await;
}
