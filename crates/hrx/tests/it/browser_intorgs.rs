//! International organisations through their pages in a real browser: an officer records a
//! vacancy and puts two nationals on the roster (person picker, language, degree and work
//! rows), the roster is ranked for the vacancy and the best candidate recommended; the
//! administrator endorses, the case is submitted, shortlisted, interviewed, selected and
//! joined (confirmed first), and the figure on
//! /statistics/nationals_in_international_organisations moves by one for the year of the
//! entry on duty.

use crate::browser::{browser_available, with_browser, Browser, Failure, Outcome};
use crate::journeys::{cli, pick, post_json, sign_in, sign_in_with, sign_out};
use crate::support;
use serde_json::json;

const BASE: &str = "/international-organisations";

#[tokio::test]
async fn browser_a_vacancy_ranked_and_a_candidate_recommended_until_joined() -> Result<(), Failure>
{
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    let token = server.token("admin", support::ADMIN_PASSWORD).await;
    for (zh, latin, passport) in [
        ("李明", "Li Ming", "E30000001"),
        ("周宇", "Zhou Yu", "E30000002"),
    ] {
        let person = json!({"name_native": zh, "name_latin": latin, "sex": "female",
            "birth_date": "1985-05-01", "nationality": "CN", "passport_number": passport,
            "passport_expiry": "2035-01-01"});
        post_json(&server.base, "/api/v1/persons", &token, person).await?;
    }
    cli(
        &server,
        &[
            "user",
            "add",
            "iofficer",
            "--role",
            "officer",
            "--capabilities",
            "international_organisations,registry",
        ],
    )?;
    with_browser(async |browser| journey(browser, &server.base).await).await?;
    Ok(())
}

/// Clicks the submit button of the form posting to `action` and waits for the next page
/// without an error.
async fn submit(browser: &Browser, action: &str) -> Outcome {
    browser.submit_form(action, "#refusal, p.alert.error").await
}

async fn text_of(browser: &Browser, css: &str) -> Outcome<String> {
    browser.text(&browser.wait_for(css).await?).await
}

/// Sets the inputs named so in the page's main form.
async fn set_named(browser: &Browser, values: &[(&str, &str)]) -> Outcome {
    let pairs: Vec<_> = values.iter().map(|(k, v)| json!([k, v])).collect();
    browser
        .execute(
            "for (const [name, value] of arguments[0]) {\
               const f = document.querySelector('form.entry [name=\"' + name + '\"]');\
               if (f.type === 'checkbox') { f.checked = value === '1'; } else { f.value = value; }\
             }",
            json!([pairs]),
        )
        .await?;
    Ok(())
}

/// Takes a step on the recommendation's page and waits for the record again; a step that
/// cannot be undone is confirmed.
async fn step(browser: &Browser, base: &str, path: &str, action: &str, confirm: bool) -> Outcome {
    let button = format!("#step-{action} button");
    browser.click(&browser.wait_for(&button).await?).await?;
    if confirm {
        browser.click(&browser.wait_for("#confirm").await?).await?;
    }
    browser
        .wait_for_path(&format!("the case after {action}"), base, |p| p == path)
        .await?;
    if let Ok(refusal) = browser.find("#refusal").await {
        return Err(format!(
            "{action} was refused: {}",
            browser.text(&refusal).await?
        ));
    }
    Ok(())
}

/// The figure for 2025, as its page shows it exactly.
async fn figure(browser: &Browser, base: &str) -> Outcome<i64> {
    browser
        .goto(&format!(
            "{base}/statistics/nationals_in_international_organisations?period=2025"
        ))
        .await?;
    let text = text_of(browser, ".figure p.help").await?;
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .map_err(|_| format!("the figure reads {text:?}"))
}

async fn journey(browser: &Browser, base: &str) -> Outcome {
    sign_in_with(browser, base, ("admin", support::ADMIN_PASSWORD)).await?;
    let before = figure(browser, base).await?;
    sign_out(browser, base).await?;

    // The officer records the vacancy, in Chinese.
    sign_in(browser, base, "iofficer").await?;
    browser
        .goto(&format!("{base}/lang/zh?next={BASE}/vacancies/new"))
        .await?;
    browser.wait_for("#deadline").await?;
    for (id, value) in [
        ("organisation", "UNDP"),
        ("reference_no", "26-ECO-UNDP-001"),
        ("title", "Economist"),
        ("grade", "P-3"),
        ("duty_station", "New York"),
        ("duty_country", "US"),
        ("deadline", "2099-01-31T23:59"),
        ("deadline_zone", "America/New_York"),
        ("min_degree", "master"),
        ("degree_fields", "economics"),
        ("min_years_experience", "5"),
        ("fields_of_experience", "economic analysis, statistics"),
        ("req_lang_0", "en"),
        ("req_level_0", "fluent"),
    ] {
        browser.set_value(id, value).await?;
    }
    submit(browser, "/vacancies").await?;
    let (vacancy, _) = browser
        .wait_for_record("the vacancy's page", base, &format!("{BASE}/vacancies/"))
        .await?;

    // Two nationals on the roster: a doctor of economics and a bachelor.
    for (name, level) in [("Li Ming", "doctorate"), ("Zhou Yu", "bachelor")] {
        browser.goto(&format!("{base}{BASE}/roster/new")).await?;
        pick(browser, "person_id", name).await?;
        set_named(
            browser,
            &[
                ("consent_on", "2026-01-10"),
                ("lang_0", "en"),
                ("level_0", "fluent"),
                ("lang_1", "fr"),
                ("level_1", "working"),
                ("deg_level_0", level),
                ("deg_field_0", "economics"),
                ("exp_employer_0", "Ministry of Finance"),
                ("exp_from_0", "2010-01-01"),
                ("exp_to_0", "2016-12-31"),
                ("exp_employer_1", "ADB"),
                ("exp_from_1", "2017-01-01"),
                ("exp_intl_1", "1"),
                ("fields", "economic analysis"),
            ],
        )
        .await?;
        submit(browser, "/roster").await?;
        browser
            .wait_for_record("the roster entry", base, &format!("{BASE}/roster/"))
            .await?;
        let note = text_of(browser, "#reads-recorded").await?;
        if !note.contains("记录") {
            return Err(format!("the entry says {note:?}"));
        }
    }

    // The roster ranked: Li Ming first and eligible, Zhou Yu below for the degree.
    browser.goto(&format!("{base}{vacancy}")).await?;
    let eligible = text_of(browser, "#eligible").await?;
    let ineligible = text_of(browser, "#ineligible").await?;
    if !eligible.contains("李明") || !eligible.contains("工作经验") || !ineligible.contains("F3")
    {
        return Err(format!("the ranking reads {eligible:?} / {ineligible:?}"));
    }
    browser
        .click(&browser.wait_for("#eligible form button").await?)
        .await?;
    let (case, _) = browser
        .wait_for_record(
            "the recommendation",
            base,
            &format!("{BASE}/recommendations/"),
        )
        .await?;
    if browser.find("#step-endorse").await.is_ok() {
        return Err("an officer is offered the endorsement".into());
    }
    sign_out(browser, base).await?;

    // The administrator endorses; the officer takes it on to joined.
    sign_in_with(browser, base, ("admin", support::ADMIN_PASSWORD)).await?;
    browser.goto(&format!("{base}/lang/zh?next={case}")).await?;
    step(browser, base, &case, "endorse", false).await?;
    sign_out(browser, base).await?;
    sign_in(browser, base, "iofficer").await?;
    browser.goto(&format!("{base}{case}")).await?;
    for action in ["submit", "shortlist", "interview", "select"] {
        step(browser, base, &case, action, false).await?;
    }
    browser.set_value("start_date", "2025-06-01").await?;
    browser.set_value("appointment_type", "fixed_term").await?;
    step(browser, base, &case, "join", true).await?;
    let status = text_of(browser, "#status").await?;
    if status.trim() != "已到岗" {
        return Err(format!("the case reads {status:?} after joining"));
    }
    let snapshots = text_of(browser, "#snapshots").await?;
    if !snapshots.contains("起草时") || !snapshots.contains("报送时") {
        return Err(format!("the snapshots read {snapshots:?}"));
    }
    browser.goto(&format!("{base}{BASE}/serving")).await?;
    let serving = text_of(browser, "#serving tbody").await?;
    if !serving.contains("李明") || !serving.contains("定期任用") {
        return Err(format!("the serving staff read {serving:?}"));
    }

    // The figure for 2025 counts her.
    let after = figure(browser, base).await?;
    if after != before + 1 {
        return Err(format!("the figure went from {before} to {after}"));
    }
    Ok(())
}
