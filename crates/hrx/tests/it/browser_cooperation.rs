//! An event of international cooperation through its pages in a real browser: a cooperation
//! officer records a dialogue with Germany (Germany as the counterpart), adds the head of the
//! Chinese delegation with the person picker, records the outcome document and one follow-up
//! action due in ten working days, marks the action done, and sees Germany shaded on the map
//! of partner countries at the end of 2009 (its social security agreement is in force then)
//! and listed in the map's table.

use crate::browser::{browser_available, with_browser, Browser, Failure, Outcome};
use crate::journeys::{officer, pick, post_json, sign_in};
use crate::support;
use serde_json::json;

#[tokio::test]
async fn browser_an_event_with_its_delegation_outcome_and_follow_up_then_the_map(
) -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    let token = server.token("admin", support::ADMIN_PASSWORD).await;
    let head = json!({"name_native": "王芳", "name_latin": "Wang Fang", "sex": "female",
        "birth_date": "1970-03-02", "nationality": "CN", "passport_number": "E12345678"});
    post_json(&server.base, "/api/v1/persons", &token, head).await?;
    officer(&server, "cooperation,registry")?;
    with_browser(async |browser| journey(browser, &server.base).await).await?;
    Ok(())
}

/// Clicks the submit button of the form posting to `action` and waits for the next page.
async fn submit(browser: &Browser, action: &str) -> Outcome {
    browser.submit_form(action, "p.alert.error").await
}

/// The texts of the elements matching `css`.
async fn texts(browser: &Browser, css: &str) -> Outcome<Vec<String>> {
    let found = browser
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent);",
            json!([css]),
        )
        .await?;
    Ok(found
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t.as_str().map(str::to_owned))
        .collect())
}

async fn journey(browser: &Browser, base: &str) -> Outcome {
    sign_in(browser, base, "officer").await?;
    browser
        .goto(&format!("{base}/cooperation/events/new"))
        .await?;
    browser.wait_for("#name_zh").await?;
    for (id, value) in [
        ("kind", "meeting"),
        ("name_zh", "中德职业培训对话"),
        ("name_en", "China-Germany dialogue on vocational training"),
        ("date", "2009-06-15"),
        ("end_date", "2009-06-16"),
        ("host_city", "Berlin"),
        ("host_country", "DE"),
        ("partner_1", "DE"),
        ("role_1", "counterpart"),
    ] {
        browser.set_value(id, value).await?;
    }
    submit(browser, "/cooperation/events").await?;
    let (path, _) = browser
        .wait_for_record("the event's page", base, "/cooperation/events/")
        .await?;

    // The head of the delegation, chosen by name.
    pick(browser, "person_id", "Wang Fang").await?;
    browser.set_value("role", "head").await?;
    submit(browser, "/delegates").await?;
    let delegates = texts(browser, "#delegates li").await?;
    if !delegates
        .iter()
        .any(|d| d.contains("王芳") || d.contains("Wang Fang"))
    {
        return Err(format!("the delegation lists {delegates:?}"));
    }

    // The outcome document.
    browser
        .wait_for("form[action$=\"/outcomes\"] #title_zh")
        .await?;
    browser.set_value("kind", "joint_statement").await?;
    browser
        .set_value("title_zh", "中德职业培训合作会谈纪要")
        .await?;
    browser
        .set_value("title_en", "Minutes of the vocational training talks")
        .await?;
    browser.set_value("adopted_on", "2009-06-16").await?;
    submit(browser, "/outcomes").await?;

    // One follow-up action, owned by the officer, due in ten working days.
    browser.wait_for("#description").await?;
    let outcome = browser
        .execute(
            "const s = document.getElementById('outcome');\
             const o = Array.from(s.options).find(o => o.value);\
             return o ? o.value : '';",
            json!([]),
        )
        .await?;
    browser
        .set_value("outcome", outcome.as_str().unwrap_or_default())
        .await?;
    browser
        .set_value("description", "交换两国职业培训课程标准")
        .await?;
    browser.set_value("owner", "officer").await?;
    browser.set_value("working_days", "10").await?;
    submit(browser, "/follow-ups").await?;
    let open = texts(browser, "li.follow-up .badge").await?;
    if open.len() != 1 {
        return Err(format!("the follow-up actions read {open:?}"));
    }

    // Marked done: the badge says so and the action is no longer offered.
    let done_button = "form.action-form:has(input[name=action][value=complete]) button";
    browser.click(&browser.wait_for(done_button).await?).await?;
    browser
        .wait_until("the follow-up marked done", || async {
            Ok(browser.ready().await? && browser.find(done_button).await.is_err())
        })
        .await?;
    browser
        .wait_for_path("the event's page", base, |p| p == path)
        .await?;
    let badges = texts(browser, "li.follow-up .badge").await?;
    if !badges
        .iter()
        .any(|b| b.trim() == "已完成" || b.trim() == "Done")
    {
        return Err(format!("after marking it done the action reads {badges:?}"));
    }

    // Germany on the map of partner countries at the end of 2009, and in its table.
    browser
        .goto(&format!("{base}/cooperation/map?date=2009-12-31"))
        .await?;
    browser.wait_for("figure.world-map svg").await?;
    let shaded = browser
        .execute(
            "return Array.from(document.querySelectorAll('figure.world-map svg path'))\
             .filter(p => p.querySelector('title') && /^(德国|Germany)/.test(p.querySelector('title').textContent))\
             .map(p => p.getAttribute('class'));",
            json!([]),
        )
        .await?;
    let classes: Vec<&str> = shaded
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str())
        .collect();
    let none = browser
        .execute(
            "const p = Array.from(document.querySelectorAll('figure.world-map svg path'))\
             .find(p => p.querySelector('title') && /^(巴西|Brazil)/.test(p.querySelector('title').textContent));\
             return p ? p.getAttribute('class') : null;",
            json!([]),
        )
        .await?;
    if classes.is_empty() || classes.iter().any(|c| Some(*c) == none.as_str()) {
        return Err(format!(
            "Germany is not shaded on the map: its paths have {classes:?}, an unshaded country {none}"
        ));
    }
    browser
        .wait_for("#counted a[href=\"/cooperation/partners/DE\"]")
        .await?;
    Ok(())
}
