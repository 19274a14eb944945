//! The Chinese Government Friendship Award through its pages in a real browser: an officer
//! nominates an expert (unit chosen, expert and employer picked, the contribution counted as
//! it is typed), four officers take the file through the unit review, the formal check and
//! the notice, one by one; a panel of three is drawn at random from the pool, and each
//! reviewer signs in and scores; the review is closed, two officers approve (the second
//! approval confirmed), a fourth confers the award (confirmed), and the laureate is found in
//! the public register with a certificate. Users, the pool, the round and the expert are set
//! up through the command line and the API.

use crate::browser::{browser_available, with_browser, Browser, Failure, Outcome};
use crate::journeys::{cli, pick, post_json, sign_in, sign_out};
use crate::support;
use chrono::{Datelike, Days};
use serde_json::json;

const BASE: &str = "/awards";

#[tokio::test]
async fn browser_a_friendship_nomination_from_draft_to_conferred() -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    let token = server.token("admin", support::ADMIN_PASSWORD).await;
    for officer in ["off1", "off2", "off3", "off4"] {
        let add = [
            "user",
            "add",
            officer,
            "--role",
            "officer",
            "--capabilities",
            "experts",
        ];
        cli(&server, &add)?;
    }
    for reviewer in ["rev1", "rev2", "rev3"] {
        cli(&server, &["user", "add", reviewer, "--role", "reviewer"])?;
        post_json(
            &server.base,
            "/api/v1/awards/reviewers",
            &token,
            json!({"award": "friendship", "username": reviewer}),
        )
        .await?;
    }
    post_json(
        &server.base,
        "/api/v1/persons",
        &token,
        json!({"name_native": "Hans Keller", "name_latin": "Hans Keller", "sex": "male",
            "birth_date": "1955-05-01", "nationality": "DE", "passport_number": "C0000001",
            "passport_expiry": "2035-01-01"}),
    )
    .await?;
    post_json(
        &server.base,
        "/api/v1/organisations",
        &token,
        json!({"kind": "employer", "name_zh": "同济大学", "name_en": "Tongji University",
            "country": "CN", "province": "310000", "credit_code": "91350100M000100Y43"}),
    )
    .await?;
    // A round of this year whose window runs around today.
    let today = chrono::Utc::now().date_naive();
    let day = |d: Option<chrono::NaiveDate>| d.unwrap_or(today).to_string();
    let round = post_json(
        &server.base,
        "/api/v1/awards/rounds",
        &token,
        json!({"award": "friendship", "award_year": today.year(),
            "opens_on": day(today.checked_sub_days(Days::new(10))),
            "closes_on": day(today.checked_add_days(Days::new(30)))}),
    )
    .await?;
    let round_id = round["id"].as_i64().unwrap_or_default();
    post_json(
        &server.base,
        &format!("/api/v1/awards/rounds/{round_id}/status"),
        &token,
        json!({"version": round["version"], "status": "open"}),
    )
    .await?;
    let units: serde_json::Value = reqwest::get(format!("{}/api/v1/awards/units", server.base))
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let jiangsu = units
        .as_array()
        .into_iter()
        .flatten()
        .find(|u| u["code"] == "P320000")
        .and_then(|u| u["id"].as_i64())
        .ok_or_else(|| "no applying unit P320000".to_owned())?;
    with_browser(async |browser| {
        journey(browser, &server.base, round_id, jiangsu, &today.to_string()).await
    })
    .await?;
    Ok(())
}

async fn text_of(browser: &Browser, css: &str) -> Outcome<String> {
    browser.text(&browser.wait_for(css).await?).await
}

/// Clicks and waits for the next page to have loaded (a new document, not the one clicked
/// on, which has the same address after a post that comes back to it).
async fn click_through(browser: &Browser, css: &str) -> Outcome {
    let target = browser.wait_for(css).await?;
    browser
        .execute("window.hrxBefore = true;", json!([]))
        .await?;
    browser.click(&target).await?;
    browser
        .wait_until(&format!("the page after clicking {css}"), || async {
            let fresh = browser
                .execute(
                    "return window.hrxBefore === undefined && document.readyState === 'complete';",
                    json!([]),
                )
                .await?;
            Ok(fresh.as_bool() == Some(true))
        })
        .await?;
    match browser.find("#refusal, p.alert.error").await {
        Ok(refusal) => Err(format!(
            "clicking {css} was refused: {}",
            browser.text(&refusal).await?
        )),
        Err(_) => Ok(()),
    }
}

/// Takes a step on the file's page; a step that cannot be undone is confirmed.
async fn step(browser: &Browser, file: &str, action: &str, confirm: bool) -> Outcome {
    click_through(browser, &format!("#step-{action} button[type=submit]")).await?;
    if confirm {
        click_through(browser, "#confirm").await?;
    }
    let url = browser.current_url().await?;
    if !url.contains(file) {
        return Err(format!("after {action} the browser is at {url}"));
    }
    Ok(())
}

/// Signs in as `user` and opens the file in Chinese.
async fn as_user(browser: &Browser, base: &str, user: &str, file: &str) -> Outcome {
    sign_in(browser, base, user).await?;
    browser.goto(&format!("{base}/lang/zh?next={file}")).await?;
    browser.wait_for("#status").await?;
    Ok(())
}

async fn journey(browser: &Browser, base: &str, round: i64, unit: i64, today: &str) -> Outcome {
    // The nomination, through the form: the count follows the typing.
    sign_in(browser, base, "off1").await?;
    browser
        .goto(&format!(
            "{base}/lang/zh?next={BASE}/nominations/new%3Fround%3D{round}"
        ))
        .await?;
    browser.wait_for("#contribution").await?;
    browser
        .set_value("applying_unit_id", &unit.to_string())
        .await?;
    pick(browser, "expert_person_id", "Keller").await?;
    pick(browser, "employer_id", "Tongji").await?;
    browser.set_value("rank", "1").await?;
    browser.set_value("field", "engineering").await?;
    browser
        .type_into(
            "#contribution",
            "Founded the joint laboratory and trained forty engineers.",
        )
        .await?;
    let count = text_of(browser, "#contribution-count").await?;
    if !count.starts_with("57 / 600") {
        return Err(format!("the count reads {count:?}"));
    }
    click_through(
        browser,
        "form[action='/awards/nominations'] button[type=submit]",
    )
    .await?;
    let (file, _) = browser
        .wait_for_record(
            "the nomination's file",
            base,
            &format!("{BASE}/nominations/"),
        )
        .await?;
    step(browser, &file, "submit", false).await?;
    sign_out(browser, base).await?;

    // One officer per step: nobody takes two in a row.
    for (user, action) in [
        ("off2", "accept"),
        ("off3", "forward"),
        ("off1", "pass_check"),
        ("off2", "close_notice"),
    ] {
        as_user(browser, base, user, &file).await?;
        step(browser, &file, action, false).await?;
        sign_out(browser, base).await?;
    }
    as_user(browser, base, "off3", &file).await?;
    click_through(browser, "#draw-panel button").await?;
    let members = text_of(browser, "#panel-members tbody").await?;
    for reviewer in ["rev1", "rev2", "rev3"] {
        if !members.contains(reviewer) {
            return Err(format!("the panel reads {members:?}"));
        }
    }
    sign_out(browser, base).await?;

    // Each reviewer signs in, finds the file in their list, and scores it.
    for (reviewer, score) in [("rev1", "80"), ("rev2", "81"), ("rev3", "85")] {
        sign_in(browser, base, reviewer).await?;
        browser
            .goto(&format!("{base}/lang/zh?next={BASE}/reviews"))
            .await?;
        click_through(browser, &format!("#reviews a[href='{file}']")).await?;
        if browser.find("#actions").await.is_ok() {
            return Err(format!("{reviewer} is offered the officers' steps"));
        }
        browser.set_value("score", score).await?;
        click_through(browser, "#score-form button[type=submit]").await?;
        let mine = text_of(browser, "#my-score").await?;
        if !mine.contains(&format!("{score}.0")) {
            return Err(format!("{reviewer}'s score reads {mine:?}"));
        }
        sign_out(browser, base).await?;
    }

    // The review closed; two approvers; the award conferred.
    as_user(browser, base, "off1", &file).await?;
    let panel = text_of(browser, "#panel-score").await?;
    if !panel.contains("82.0") {
        return Err(format!("the panel's score reads {panel:?}"));
    }
    step(browser, &file, "close_review", false).await?;
    sign_out(browser, base).await?;
    as_user(browser, base, "off2", &file).await?;
    step(browser, &file, "approve", false).await?;
    sign_out(browser, base).await?;
    as_user(browser, base, "off3", &file).await?;
    step(browser, &file, "approve", true).await?;
    sign_out(browser, base).await?;
    as_user(browser, base, "off4", &file).await?;
    browser.set_value("conferral", "ceremony").await?;
    browser.set_value("conferred_on", today).await?;
    step(browser, &file, "confer", true).await?;
    let status = text_of(browser, "#status").await?;
    if status.trim() != "已授奖" {
        return Err(format!("the file reads {status:?} after conferral"));
    }
    sign_out(browser, base).await?;

    // The public register shows the laureate, with a certificate.
    browser
        .goto(&format!("{base}/lang/zh?next={BASE}/laureates"))
        .await?;
    let register = text_of(browser, "#register tbody").await?;
    if !register.contains("Hans Keller") || !register.contains("德国") {
        return Err(format!("the register reads {register:?}"));
    }
    click_through(browser, "#register a[href$='/certificate']").await?;
    let laureate = text_of(browser, "#laureate").await?;
    let conferral = text_of(browser, "#conferral").await?;
    if !laureate.contains("Hans Keller") || conferral != "颁奖仪式授予" {
        return Err(format!(
            "the certificate reads {laureate:?} / {conferral:?}"
        ));
    }
    Ok(())
}
