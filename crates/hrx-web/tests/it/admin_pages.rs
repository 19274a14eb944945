//! Administrators keep the working calendar and the local wages on pages; others may not.

use super::on_each_backend;
use axum::http::StatusCode;
use hrx_domain::access::{Capability, Role};

#[tokio::test]
async fn an_administrator_corrects_the_calendar_and_the_wages_on_pages() {
    on_each_backend(|app| async move {
        app.user("root", Role::Admin, vec![], None, None).await;
        app.officer("officer", Capability::WorkPermits).await;
        let mut admin = app.browser("root").await;
        let page = admin.get("/admin/calendar?year=2025").await;
        page.expect(StatusCode::OK, app.label);
        assert!(page.body.contains("2025"), "{}", app.label);
        // The shipped calendar is there: National Day 2025.
        assert!(page.body.matches("/delete\"").count() > 20, "{}", app.label);

        let bad = admin
            .post(
                "/admin/calendar",
                &[
                    ("date", "2027-10-01"),
                    ("kind", "festival"),
                    ("name_zh", "国庆节"),
                    ("name_en", ""),
                ],
                true,
            )
            .await;
        bad.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        assert!(bad.body.contains("kind-error") && bad.body.contains("name_en-error"));
        assert!(bad.body.contains("国庆节"), "typed values kept");
        let saved = admin
            .post(
                "/admin/calendar",
                &[
                    ("date", "2027-10-01"),
                    ("kind", "holiday"),
                    ("name_zh", "国庆节"),
                    ("name_en", "National Day"),
                ],
                true,
            )
            .await;
        saved.expect(StatusCode::SEE_OTHER, app.label);
        let listed = admin.get("/admin/calendar?year=2027").await;
        assert!(listed.body.contains("National Day"), "{}", app.label);
        let removed = admin
            .post("/admin/calendar/2027-10-01/delete", &[], true)
            .await;
        removed.expect(StatusCode::SEE_OTHER, app.label);
        let listed = admin.get("/admin/calendar?year=2027").await;
        assert!(!listed.body.contains("National Day"), "{}", app.label);

        let bad = admin
            .post(
                "/admin/local-wages",
                &[
                    ("locality", "3101"),
                    ("year", "2024"),
                    ("average_annual_cny", "-5"),
                    ("source", "x"),
                ],
                true,
            )
            .await;
        bad.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        assert!(
            bad.body.contains("locality-error") && bad.body.contains("average_annual_cny-error")
        );
        let saved = admin
            .post(
                "/admin/local-wages",
                &[
                    ("locality", "310100"),
                    ("year", "2024"),
                    ("average_annual_cny", "191844"),
                    ("minimum_monthly_cny", "2690"),
                    ("source", "Shanghai statistics bureau, 2025"),
                ],
                true,
            )
            .await;
        saved.expect(StatusCode::SEE_OTHER, app.label);
        let wages = admin.get("/admin/local-wages").await;
        assert!(wages.body.contains("191,844 元"), "{}", app.label);
        let history = app
            .store
            .history("local_wage", "310100/2024")
            .await
            .unwrap_or_default();
        let calendar_history = app.count("audit_log").await;
        assert!(calendar_history >= 3, "{}: {history:?}", app.label);

        let mut officer = app.browser("officer").await;
        officer
            .get("/admin/calendar")
            .await
            .expect(StatusCode::FORBIDDEN, app.label);
        officer
            .post("/admin/local-wages", &[("locality", "310100")], true)
            .await
            .expect(StatusCode::FORBIDDEN, app.label);
    })
    .await;
}
