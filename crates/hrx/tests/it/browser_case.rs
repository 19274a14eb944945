//! One case through the case kernel's pages in a real browser: an officer files a
//! certificate of coverage, choosing the worker and the employer with the pickers (by
//! passport number and by credit code, never by a typed id); finds it in the queue by the
//! worker's name; refuses it with a reason; is asked to confirm the irreversible step, which
//! names the state the case is left in; confirms; and the record shows it refused, with the
//! step and its reason in the history.

use crate::browser::{browser_available, with_browser, Browser, Failure, Outcome};
use crate::journeys::{officer, pick, post_json, posting, sign_in, sign_out};
use crate::support;
use serde_json::json;

const PASSPORT: &str = "E98765432";
const CREDIT_CODE: &str = "91350100M000100Y43";

#[tokio::test]
async fn browser_a_case_goes_through_the_queue_picker_and_confirmation() -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    let token = server.token("admin", support::ADMIN_PASSWORD).await;
    let employer = json!({"kind": "employer", "name_zh": "福州示例软件有限公司",
        "name_en": "Fuzhou Example Software", "country": "CN", "province": "350000",
        "credit_code": CREDIT_CODE});
    let worker = json!({"name_native": "李娜", "name_latin": "Li Na", "sex": "female",
        "birth_date": "1988-06-12", "nationality": "CN", "passport_number": PASSPORT});
    for (path, body) in [
        ("/api/v1/organisations", employer),
        ("/api/v1/persons", worker),
    ] {
        post_json(&server.base, path, &token, body).await?;
    }
    officer(&server, "coverage,registry")?;
    with_browser(async |browser| journey(browser, &server.base).await).await?;
    Ok(())
}

async fn journey(browser: &Browser, base: &str) -> Outcome {
    let (start, end) = posting();
    let (start, end) = (start.to_string(), end.to_string());
    sign_in(browser, base, "officer").await?;

    // The form: the worker by passport number, the employer by credit code.
    browser
        .goto(&format!("{base}/coverage/certificates/new"))
        .await?;
    pick(browser, "person_id", PASSPORT).await?;
    pick(browser, "employer_id", CREDIT_CODE).await?;
    browser.set_value("direction", "outbound").await?;
    browser.set_value("partner_country", "DE").await?;
    browser
        .set_value("worker_category", "posted_worker")
        .await?;
    for field in ["posting_start", "valid_from"] {
        browser.set_value(field, &start).await?;
    }
    for field in ["posting_end", "valid_to"] {
        browser.set_value(field, &end).await?;
    }
    browser
        .click(&browser.find("form.form button.primary").await?)
        .await?;
    let (path, _) = browser
        .wait_for_record("the certificate page", base, "/coverage/certificates/")
        .await?;

    // The queue, filtered as one types the worker's name.
    browser
        .goto(&format!("{base}/coverage/certificates"))
        .await?;
    let search = browser.wait_for("#queue-q").await?;
    browser.send_keys(&search, "李娜").await?;
    browser
        .wait_until("the queue filtered to the worker", || async {
            let count = browser.text(&browser.find("#queue-count").await?).await?;
            Ok(count.contains('1')
                && browser
                    .find(&format!("table#certificates a[href='{path}']"))
                    .await
                    .is_ok())
        })
        .await?;
    // The list may be swapped once more by a late answer to an earlier keystroke: click the
    // link as it is now, again if it was replaced under the click.
    let link = format!("table#certificates a[href='{path}']");
    let mut clicked = browser.click(&browser.find(&link).await?).await;
    for _ in 0..5 {
        match &clicked {
            Err(e) if e.contains("stale") => {
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                clicked = browser.click(&browser.find(&link).await?).await;
            }
            _ => break,
        }
    }
    clicked?;
    browser
        .wait_for_path("the certificate page", base, |p| p == path)
        .await?;

    // Refusing cannot be undone: the page asks first and says what will happen.
    browser
        .set_value("comment-refuse", "No social insurance record in China.")
        .await?;
    browser
        .click(
            &browser
                .find("form.action-form:has(input[name=action][value=refuse]) button")
                .await?,
        )
        .await?;
    let confirm = browser.wait_for("#confirm").await?;
    let lead = browser.text(&browser.find("#confirm-lead").await?).await?;
    if !(lead.contains("不可撤销") || lead.contains("cannot be undone"))
        || !(lead.contains("不予签发") || lead.contains("Refused"))
    {
        return Err(format!("the confirmation reads {lead:?}"));
    }
    browser.click(&confirm).await?;
    browser
        .wait_for_path("the certificate page", base, |p| p == path)
        .await?;
    let badge = browser.text(&browser.wait_for("#status").await?).await?;
    if badge != "不予签发" && badge != "Refused" {
        return Err(format!("the status badge reads {badge:?}"));
    }
    let history = browser.text(&browser.find("#history").await?).await?;
    if !history.contains("No social insurance record in China.") {
        return Err(format!("the history reads {history:?}"));
    }
    if browser.find("form.action-form").await.is_ok() {
        return Err("a refused certificate still offers actions".into());
    }
    sign_out(browser, base).await
}
