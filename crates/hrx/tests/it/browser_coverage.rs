//! A certificate of coverage in a real browser: the public registry and determination pages;
//! an employer's clerk applies for a certificate for a worker posted to Germany; an officer
//! with the coverage capability checks contributions and issues it, prints it and follows its
//! QR address; the public check shows it valid, with the holder's initials only.

use crate::browser::{browser_available, with_browser, Browser, Failure, Outcome};
use crate::journeys::{act, employer_and_users, post_json, posting, sign_in, sign_out, PASSWORD};
use crate::support;
use serde_json::json;

#[tokio::test]
async fn browser_employer_applies_officer_issues_and_public_checks_a_certificate_of_coverage(
) -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    let token = server.token("admin", support::ADMIN_PASSWORD).await;
    employer_and_users(&server, &token, "coverage").await?;
    // The clerk's worker, insured in China.
    let clerk = server.token("clerk", PASSWORD).await;
    let person = post_json(
        &server.base,
        "/api/v1/persons",
        &clerk,
        json!({"name_native": "王小明", "name_latin": "Wang Xiaoming", "sex": "male",
               "birth_date": "1985-03-02", "nationality": "CN", "passport_number": "E12345678"}),
    )
    .await?;
    let person_id = person["id"].as_i64().unwrap_or_default().to_string();

    with_browser(async |browser| journey(browser, &server.base, &person_id).await).await?;
    Ok(())
}

async fn journey(browser: &Browser, base: &str, person_id: &str) -> Outcome {
    let (start, end) = posting();
    let (start, end) = (start.to_string(), end.to_string());

    // Anyone can read the agreements and ask what they provide.
    browser.goto(&format!("{base}/coverage")).await?;
    let registry = browser
        .text(&browser.wait_for("table#agreements").await?)
        .await?;
    // Agreements by their partner and year, not by an internal code.
    if !(registry.contains("Germany") || registry.contains("德国"))
        || registry.contains("CN-DE-2001")
    {
        return Err(format!("the registry does not list Germany: {registry:?}"));
    }
    browser
        .goto(&format!(
            "{base}/coverage/determine?nationality=CN&sending_country=CN&work_country=DE\
             &worker_category=posted_worker&posting_start={start}&posting_end={end}"
        ))
        .await?;
    let result = browser
        .text(&browser.wait_for("section#result dl").await?)
        .await?;
    if !(result.contains("Germany") || result.contains("德国")) || result.contains("CN-DE-2001") {
        return Err(format!("the determination names no agreement: {result:?}"));
    }

    // The employer's clerk applies.
    sign_in(browser, base, "clerk").await?;
    browser
        .goto(&format!("{base}/coverage/certificates/new"))
        .await?;
    browser.wait_for("#person_id").await?;
    browser.set_value("direction", "outbound").await?;
    browser.set_value("person_id", person_id).await?;
    browser.set_value("partner_country", "DE").await?;
    browser
        .set_value("worker_category", "posted_worker")
        .await?;
    browser.set_value("posting_start", &start).await?;
    browser.set_value("posting_end", &end).await?;
    browser.set_value("valid_from", &start).await?;
    browser.set_value("valid_to", &end).await?;
    browser.click_on("form.form button.primary").await?;
    let (path, _) = browser
        .wait_for_record("the certificate page", base, "/coverage/certificates/")
        .await?;
    sign_out(browser, base).await?;

    // The officer finds it in the list, checks contributions and issues it.
    sign_in(browser, base, "officer").await?;
    browser
        .goto(&format!("{base}/coverage/certificates"))
        .await?;
    browser
        .click(
            &browser
                .wait_for(&format!("table#certificates a[href='{path}']"))
                .await?,
        )
        .await?;
    browser
        .wait_for_path("the certificate page", base, |p| p == path)
        .await?;
    act(browser, base, &path, "check_contributions").await?;
    act(browser, base, &path, "issue").await?;
    let badge = browser.text(&browser.wait_for("#status").await?).await?;
    if badge != "已签发" && badge != "Issued" {
        return Err(format!("the status badge reads {badge:?}"));
    }
    let number = browser
        .text(&browser.find("#number").await?)
        .await?
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_owned();
    if !number.starts_with("COC-DE-") {
        return Err(format!("the certificate number is {number:?}"));
    }

    // The print page carries the full name and the QR address of the public check.
    browser.click_on("a#print").await?;
    browser
        .wait_for_path("the print page", base, |p| p == format!("{path}/print"))
        .await?;
    let document = browser.text(&browser.wait_for("article.a4").await?).await?;
    if !(document.contains("王小明") && document.contains(&number)) {
        return Err(format!("the printed certificate shows {document:?}"));
    }
    let verify_url = browser.text(&browser.find("a#verify-url").await?).await?;
    let verify_path = format!("/verify/coverage/{number}");
    if !verify_url.ends_with(&verify_path) {
        return Err(format!("the QR code points to {verify_url:?}"));
    }
    browser.goto(&format!("{base}{path}")).await?;
    sign_out(browser, base).await?;

    // Anyone following the QR address sees the certificate valid, with initials only.
    browser.goto(&verify_url).await?;
    let page = browser
        .text(&browser.wait_for("section.verify").await?)
        .await?;
    let badge = browser.text(&browser.find("#validity").await?).await?;
    // One sentence that reads right on any day: valid today, and until when.
    if !(badge.contains("有效，有效期至") || badge.starts_with("Valid on ")) {
        return Err(format!("the public check reads {badge:?}: {page:?}"));
    }
    if !(page.contains(&number)
        && (page.contains("Germany") || page.contains("德国"))
        && page.contains("W. X."))
        || page.contains("CN-DE-2001")
        || page.contains("Wang")
        || page.contains("王小明")
    {
        return Err(format!("the public check shows {page:?}"));
    }
    Ok(())
}
