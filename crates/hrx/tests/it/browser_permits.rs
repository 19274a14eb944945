//! A work permit in a real browser: an employer's clerk registers a worker and files an
//! application; an officer accepts, approves and issues it; the public check confirms it.

use crate::browser::{browser_available, with_browser, Browser, Failure, Outcome};
use crate::journeys::{act, employer_and_users, file_application, sign_in, sign_out};
use crate::support;

#[tokio::test]
async fn browser_employer_files_and_officer_approves_a_work_permit() -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    let token = server.token("admin", support::ADMIN_PASSWORD).await;
    employer_and_users(&server, &token, "work_permits").await?;

    with_browser(async |browser| journey(browser, &server.base).await).await?;
    Ok(())
}

async fn journey(browser: &Browser, base: &str) -> Outcome {
    // The employer's clerk registers the worker.
    sign_in(browser, base, "clerk").await?;
    browser.goto(&format!("{base}/persons/new")).await?;
    browser
        .send_keys(&browser.wait_for("#name_latin").await?, "Anna Berg")
        .await?;
    browser.type_into("#passport_number", "C01X00T47").await?;
    browser.set_value("sex", "female").await?;
    browser.set_value("birth_date", "1990-05-01").await?;
    browser.set_value("nationality", "SE").await?;
    browser.set_value("passport_expiry", "2035-01-31").await?;
    browser.click_on("form.form button[type=submit]").await?;
    let (_, person_id) = browser
        .wait_for_record("the worker's page", base, "/persons/")
        .await?;

    // ... and files the application.
    let path = file_application(browser, base, &person_id.to_string()).await?;
    sign_out(browser, base).await?;

    // The officer works the case from the queue to an active permit.
    sign_in(browser, base, "officer").await?;
    browser
        .goto(&format!("{base}/work-permits/applications"))
        .await?;
    browser
        .click(&browser.wait_for(&format!("table a[href='{path}']")).await?)
        .await?;
    browser
        .wait_for_path("the application page", base, |p| p == path)
        .await?;
    for action in [
        "accept",
        "approve",
        "issue_notice",
        "issue_card",
        "activate",
    ] {
        act(browser, base, &path, action).await?;
    }
    let badge = browser
        .text(&browser.wait_for("span.badge.st-active").await?)
        .await?;
    if badge != "有效" && badge != "Active" {
        return Err(format!("the status badge reads {badge:?}"));
    }
    let number_text = browser
        .text(&browser.find(".doc-links p.doc").await?)
        .await?;
    let number = number_text
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_owned();
    sign_out(browser, base).await?;

    // Anyone can check the permit by its number.
    browser
        .goto(&format!("{base}/verify/work-permit/{number}"))
        .await?;
    let page = browser
        .text(&browser.wait_for("section.verify").await?)
        .await?;
    if !(page.contains("A. B.") && page.contains(&number)) || page.contains("Anna") {
        return Err(format!("the public check shows {page:?}"));
    }
    Ok(())
}
