//! Training abroad through its pages in a real browser: the administrator plans a programme
//! (records it, gives a sending unit its places with the organisation picker, approves the
//! plan after its confirmation), an officer nominates two people with the person picker, two
//! other officers approve each nomination (the second approval confirmed), the group is
//! planned, both are added, it departs and returns (each confirmed), and one completion
//! report is filed — each step checked on what the pages show.

use crate::browser::{browser_available, with_browser, Browser, Failure, Outcome};
use crate::journeys::{cli, pick, post_json, sign_in, sign_in_with, sign_out};
use crate::support;
use serde_json::json;

#[tokio::test]
async fn browser_a_programme_planned_nominated_selected_dispatched_and_reported(
) -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    let token = server.token("admin", support::ADMIN_PASSWORD).await;
    let unit = post_json(
        &server.base,
        "/api/v1/organisations",
        &token,
        json!({"kind": "employer", "name_zh": "国家示例研究院", "name_en": "National Example Institute",
            "country": "CN", "province": "110000", "credit_code": "91350100M000100Y43"}),
    )
    .await?;
    let unit = unit["id"].as_i64().unwrap_or_default();
    for (zh, latin, passport) in [
        ("王伟", "Wang Wei", "E10000001"),
        ("李娜", "Li Na", "E10000002"),
    ] {
        let person = json!({"name_native": zh, "name_latin": latin, "sex": "male",
            "birth_date": "1972-04-01", "nationality": "CN", "passport_number": passport,
            "passport_expiry": "2035-01-01", "organisation_id": unit});
        post_json(&server.base, "/api/v1/persons", &token, person).await?;
    }
    for name in ["officer", "first", "second"] {
        cli(
            &server,
            &[
                "user",
                "add",
                name,
                "--role",
                "officer",
                "--capabilities",
                "training,registry",
            ],
        )?;
    }
    with_browser(async |browser| journey(browser, &server.base).await).await?;
    Ok(())
}

/// Clicks the submit button of the form posting to `action` and waits for the next page
/// without an error.
async fn submit(browser: &Browser, action: &str) -> Outcome {
    browser.submit_form(action, "#refusal, p.alert.error").await
}

/// The text of the first element matching `css`. An element found on the page being left as
/// the next one loads goes stale: it is looked up again on the page that stays.
async fn text_of(browser: &Browser, css: &str) -> Outcome<String> {
    let mut last = String::new();
    for _ in 0..5 {
        match browser.text(&browser.wait_for(css).await?).await {
            Ok(text) => return Ok(text),
            Err(e) if e.contains("stale element") => {
                last = e;
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            Err(e) => return Err(e),
        }
    }
    Err(last)
}

/// Takes a step on a record's page that asks for a confirmation first, and waits for the
/// record again.
async fn confirmed(browser: &Browser, base: &str, path: &str, action: &str) -> Outcome {
    let button = format!("form.action-form:has(input[name=action][value={action}]) button");
    browser.click(&browser.wait_for(&button).await?).await?;
    browser.click(&browser.wait_for("#confirm").await?).await?;
    browser
        .wait_for_path(&format!("the record after {action}"), base, |p| p == path)
        .await?;
    if let Ok(refusal) = browser.find("#refusal").await {
        return Err(format!(
            "{action} was refused: {}",
            browser.text(&refusal).await?
        ));
    }
    Ok(())
}

/// The officers work in Chinese: the pages are read in it.
async fn in_chinese(browser: &Browser, base: &str) -> Outcome {
    browser
        .goto(&format!("{base}/lang/zh?next=/training"))
        .await?;
    browser
        .wait_for_path("the training home", base, |p| p == "/training")
        .await?;
    match browser.lang().await?.as_str() {
        "zh-CN" => Ok(()),
        other => Err(format!("the page is in {other}")),
    }
}

/// The first approval (reversible, not confirmed): the page comes back with one approval.
async fn approve_once(browser: &Browser, path: &str) -> Outcome {
    let button = "form.action-form:has(input[name=action][value=approve]) button";
    browser.click(&browser.wait_for(button).await?).await?;
    browser
        .wait_until(&format!("the first approval of {path}"), || async {
            Ok(browser.ready().await?
                && browser.find("#approvals").await.is_ok_and(|_| true)
                && text_of(browser, "#approvals").await?.contains("1/2"))
        })
        .await
}

async fn journey(browser: &Browser, base: &str) -> Outcome {
    // The administrator plans the programme.
    sign_in_with(browser, base, ("admin", support::ADMIN_PASSWORD)).await?;
    in_chinese(browser, base).await?;
    browser
        .goto(&format!("{base}/training/programmes/new"))
        .await?;
    browser.wait_for("#title_zh").await?;
    for (id, value) in [
        ("code", "SCS-2026-01"),
        ("year", "2026"),
        ("title_zh", "高级公务员公共管理培训"),
        ("title_en", "Senior civil servants, public administration"),
        ("programme_type", "senior_civil_servants"),
        ("funding_channel", "special_fund"),
        ("approval_category", "approval"),
        ("host_institution", "Harvard Kennedy School"),
        ("institution_kind", "university"),
        ("host_country", "US"),
        ("planned_days", "21"),
        ("cost_yuan", "60,000"),
        ("window_start", "2026-01-01"),
        ("window_end", "2026-12-31"),
    ] {
        browser.set_value(id, value).await?;
    }
    submit(browser, "/training/programmes").await?;
    let (programme, _) = browser
        .wait_for_record("the programme's page", base, "/training/programmes/")
        .await?;
    let status = text_of(browser, "#plan-status").await?;
    if status.trim() != "草案" {
        return Err(format!("a new plan reads {status:?}"));
    }
    pick(browser, "unit_id", "国家示例").await?;
    browser.set_value("places", "2").await?;
    submit(browser, "/quotas").await?;
    let quotas = text_of(browser, "#quotas tbody").await?;
    if !quotas.contains("国家示例研究院") || !quotas.contains('2') {
        return Err(format!("the plan reads {quotas:?}"));
    }
    browser
        .click(&browser.wait_for("#approve-form button").await?)
        .await?;
    let lead = text_of(browser, "#confirm-lead").await?;
    if !lead.contains("计划一经批准即固定") {
        return Err(format!("the approval asks {lead:?}"));
    }
    browser.click(&browser.wait_for("#confirm").await?).await?;
    browser
        .wait_for_path("the programme after approval", base, |p| p == programme)
        .await?;
    let status = text_of(browser, "#plan-status").await?;
    if !status.contains("计划于") {
        return Err(format!("the approved plan reads {status:?}"));
    }
    sign_out(browser, base).await?;

    // An officer nominates two people, chosen by name.
    sign_in(browser, base, "officer").await?;
    in_chinese(browser, base).await?;
    let mut nominations = Vec::new();
    for name in ["Wang Wei", "Li Na"] {
        browser.goto(&format!("{base}{programme}")).await?;
        pick(browser, "person_id", name).await?;
        submit(browser, "/nominations").await?;
        let (path, _) = browser
            .wait_for_record("the nomination's page", base, "/training/nominations/")
            .await?;
        nominations.push(path);
    }
    sign_out(browser, base).await?;

    // Two other officers approve each; the second approval is confirmed.
    for (user, last) in [("first", false), ("second", true)] {
        sign_in(browser, base, user).await?;
        in_chinese(browser, base).await?;
        for path in &nominations {
            browser.goto(&format!("{base}{path}")).await?;
            if last {
                confirmed(browser, base, path, "approve").await?;
            } else {
                approve_once(browser, path).await?;
            }
        }
        sign_out(browser, base).await?;
    }
    sign_in(browser, base, "officer").await?;
    in_chinese(browser, base).await?;
    for path in &nominations {
        browser.goto(&format!("{base}{path}")).await?;
        let status = text_of(browser, "#status").await?;
        if status.trim() != "已入选" {
            return Err(format!("{path} reads {status:?} after two approvals"));
        }
    }

    // The group: planned, both added, departs and returns.
    browser.goto(&format!("{base}/training/groups")).await?;
    browser.wait_for("#planned_departure").await?;
    let pid = programme.rsplit('/').next().unwrap_or_default().to_owned();
    browser.set_value("programme_id", &pid).await?;
    browser.set_value("planned_departure", "2026-09-01").await?;
    browser.set_value("planned_return", "2026-09-21").await?;
    submit(browser, "/training/groups").await?;
    let (group, _) = browser
        .wait_for_record("the group's page", base, "/training/groups/")
        .await?;
    for name in ["Wang Wei", "Li Na"] {
        pick(browser, "person_id", name).await?;
        submit(browser, "/members").await?;
        browser
            .wait_for_path("the group's page", base, |p| p == group)
            .await?;
    }
    let members = text_of(browser, "#member-list tbody").await?;
    if !(members.contains("E10000001")
        && members.contains("E10000002")
        && members.matches("可出行").count() == 2)
    {
        return Err(format!("the members read {members:?}"));
    }
    let checks = text_of(browser, "#checks").await?;
    if checks.contains("未通过") {
        return Err(format!("the checks read {checks:?}"));
    }
    browser
        .set_value("actual_departure-depart", "2026-09-01")
        .await?;
    confirmed(browser, base, &group, "depart").await?;
    browser
        .set_value("actual_return-return", "2026-09-21")
        .await?;
    confirmed(browser, base, &group, "return").await?;
    let status = text_of(browser, "#status").await?;
    let members = text_of(browser, "#member-list tbody").await?;
    if status.trim() != "已回国" || members.matches("已回国").count() != 2 {
        return Err(format!(
            "after the return the group reads {status:?} and {members:?}"
        ));
    }

    // One completion report, filed on time.
    browser.goto(&format!("{base}/training/reports")).await?;
    browser
        .wait_for("form.report-form textarea[name=summary]")
        .await?;
    browser
        .execute(
            "const f = document.querySelector('form.report-form');\
             f.querySelector('textarea[name=summary]').value = arguments[0];\
             f.querySelector('input[name=submitted_on]').value = '2026-10-05';",
            json!(["预算管理改革的经验与借鉴"]),
        )
        .await?;
    browser
        .click(&browser.find("form.report-form button[type=submit]").await?)
        .await?;
    browser
        .wait_until("the report filed", || async {
            Ok(browser.ready().await? && browser.find(".evaluation-form").await.is_ok())
        })
        .await?;
    let states = text_of(browser, "ul.reports").await?;
    if !states.contains("按时提交") || !states.contains("预算管理改革的经验与借鉴")
    {
        return Err(format!("the reports read {states:?}"));
    }
    Ok(())
}
