use super::pages::Browser;
use super::Reply;
use super::{day, on_each_backend_at};
use axum::http::StatusCode;

fn filing(person: &str) -> Vec<(&str, &str)> {
    vec![
        ("kind", "new"),
        ("person_id", person),
        ("position", "Software engineer"),
        ("occupation", "25"),
        ("contract_start", "2025-10-01"),
        ("contract_end", "2027-09-30"),
        ("assessment_date", "2025-09-20"),
        ("birth_date", "1990-05-01"),
        ("annual_salary_cny", "300000"),
        ("education", "master"),
        ("related_experience_years", "4"),
        ("months_in_china_per_year", "12"),
        ("hsk_level", "4"),
        ("province", "310000"),
        ("local_bonus", ""),
    ]
}

/// Takes a workflow step on the application's page, with the CSRF token.
async fn transition(
    browser: &mut Browser<'_>,
    page_url: &str,
    action: &str,
    version: &str,
) -> Reply {
    let fields = [("action", action), ("version", version)];
    browser
        .post(&format!("{page_url}/transition"), &fields, true)
        .await
}

#[tokio::test]
async fn an_employer_files_on_pages_and_an_officer_works_the_queue() {
    on_each_backend_at(day(2025, 9, 25), |app| async move {
        // The same parties as the API tests: two employers' clerks, an officer, a worker.
        let person_id = super::parties(&app).await.person;
        let person = person_id.to_string();

        let mut clerk = app.browser("clerk").await;
        let form = clerk.get("/work-permits/applications/new").await;
        assert!(
            form.body.contains("Anna Berg"),
            "{}: the employer's people are offered",
            app.label
        );
        let mut bad = filing(&person);
        bad.retain(|(k, _)| *k != "annual_salary_cny");
        bad.push(("annual_salary_cny", "lots"));
        let refused = clerk.post("/work-permits/applications", &bad, true).await;
        refused.expect(StatusCode::UNPROCESSABLE_ENTITY, app.label);
        assert!(
            refused.body.contains("id=\"annual_salary_cny-error\"")
                && refused.body.contains("value=\"Software engineer\"")
        );
        let saved = clerk
            .post("/work-permits/applications", &filing(&person), true)
            .await;
        saved.expect(StatusCode::SEE_OTHER, app.label);
        let page_url = saved
            .headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let id = page_url.rsplit('/').next().unwrap_or_default().to_owned();
        let page = clerk.get(&page_url).await;
        assert!(
            page.body.contains("value=\"submit\""),
            "the employer may submit its draft"
        );
        assert!(!page.body.contains("value=\"accept\""));
        let submitted = transition(&mut clerk, &page_url, "submit", "1").await;
        submitted.expect(StatusCode::SEE_OTHER, app.label);

        let mut other = app.browser("other").await;
        other
            .get(&page_url)
            .await
            .expect(StatusCode::NOT_FOUND, app.label);

        let mut officer = app.browser("officer").await;
        let queue = officer.get("/work-permits/applications").await;
        assert!(
            queue.body.contains(&format!("href=\"{page_url}\""))
                && queue.body.contains("剩余 5 个工作日"),
            "{}",
            app.label
        );
        officer.get(&page_url).await;
        let stale = transition(&mut officer, &page_url, "accept", "1").await;
        stale.expect(StatusCode::CONFLICT, app.label);
        let no_reason = transition(&mut officer, &page_url, "return", "2").await;
        no_reason.expect(StatusCode::CONFLICT, app.label);
        assert!(no_reason.body.contains("此操作须填写理由"));
        for (version, action) in [("2", "accept"), ("3", "approve"), ("4", "issue_notice")] {
            let reply = transition(&mut officer, &page_url, action, version).await;
            assert_eq!(
                reply.status,
                StatusCode::SEE_OTHER,
                "{}: {action}: {}",
                app.label,
                reply.body
            );
        }
        // The person's number: WP, the year, eight random digits and a check digit.
        let number = app
            .store
            .permit_number_of(person_id)
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        assert!(
            number.starts_with("WP2025")
                && hrx_domain::permits::documents::permit_number_checks(&number),
            "{}: {number}",
            app.label
        );
        let verify = format!("/verify/work-permit/{number}");
        let notice = officer.get(&format!("{page_url}/notice")).await;
        notice.expect(StatusCode::OK, app.label);
        assert!(
            notice.body.contains("<svg") && notice.body.contains(&verify),
            "{}",
            app.label
        );
        assert_eq!(
            officer.get(&format!("{page_url}/card")).await.status,
            StatusCode::NOT_FOUND,
            "no card before it is issued"
        );

        // The public check shows initials only.
        let mut public = Browser::new(&app);
        let check = public.get(&verify).await;
        check.expect(StatusCode::OK, app.label);
        assert!(
            check.body.contains("A. B.")
                && !check.body.contains("Anna")
                && !check.body.contains("C01X00T47"),
            "{}",
            app.label
        );
        public
            .get("/verify/work-permit/WP1999999999")
            .await
            .expect(StatusCode::NOT_FOUND, app.label);

        for (version, action) in [("5", "issue_card"), ("6", "activate")] {
            let reply = transition(&mut officer, &page_url, action, version).await;
            assert_eq!(
                reply.status,
                StatusCode::SEE_OTHER,
                "{}: {action}",
                app.label
            );
            // A card issued and not yet activated: its QR check says so and why, not "no
            // such document".
            if action == "issue_card" {
                let check = public.get(&verify).await;
                check.expect(StatusCode::OK, app.label);
                assert!(
                    check.body.contains("已发放工作许可证，尚未生效")
                        && check.body.contains("激活"),
                    "{}: {}",
                    app.label,
                    check.body
                );
                // The printed card says how long it is valid, even before activation.
                let card = officer.get(&format!("{page_url}/card")).await;
                card.expect(StatusCode::OK, app.label);
                assert!(
                    card.body.contains("id=\"validity-pending\""),
                    "{}: {}",
                    app.label,
                    card.body
                );
            }
        }
        // In force from the contract start, 1 October: on 25 September it is not yet valid.
        let check = public.get(&verify).await;
        assert!(
            check
                .body
                .contains("尚未生效：有效期自2025年10月1日至2027年9月30日"),
            "{}: {}",
            app.label,
            check.body
        );
        let card = officer.get(&format!("{page_url}/card")).await;
        assert!(
            card.body.contains("外国人工作许可证") && card.body.contains("2027年9月30日"),
            "{}",
            app.label
        );
        assert!(id.parse::<i64>().is_ok());
    })
    .await;
}
