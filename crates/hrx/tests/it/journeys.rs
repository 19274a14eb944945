//! What the browser journeys share: users made with the command line, records made over the
//! API, signing in and out, and taking a workflow step on a case's page.

use crate::browser::{Browser, Outcome};
use crate::support::{self, hrx};
use chrono::{Days, Months, NaiveDate};
use serde_json::json;

pub(crate) const PASSWORD: &str = "a long test password";

pub(crate) fn cli(server: &support::Server, args: &[&str]) -> Outcome {
    let output = hrx()
        .arg("--data-dir")
        .arg(&server.data_dir)
        .args(args)
        .env("HRX_PASSWORD", PASSWORD)
        .env_remove("HRX_DATABASE_URL")
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

pub(crate) async fn post_json(
    base: &str,
    path: &str,
    token: &str,
    body: serde_json::Value,
) -> Outcome<serde_json::Value> {
    let response = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let value: serde_json::Value = response.json().await.map_err(|e| e.to_string())?;
    if status.is_success() {
        Ok(value)
    } else {
        Err(format!("POST {path} answered {status}: {value}"))
    }
}

/// An employer (Shanghai Example Technology) with its clerk, user `clerk`, and an officer,
/// user `officer`, with these capabilities. Answers the employer's id.
pub(crate) async fn employer_and_users(
    server: &support::Server,
    token: &str,
    capabilities: &str,
) -> Outcome<String> {
    let org = post_json(
        &server.base,
        "/api/v1/organisations",
        token,
        serde_json::json!({"kind": "employer", "name_zh": "上海示例科技有限公司",
            "name_en": "Shanghai Example Technology", "country": "CN", "province": "310000",
            "credit_code": "91350100M000100Y43"}),
    )
    .await?;
    let org = org["id"].as_i64().unwrap_or_default().to_string();
    let clerk = [
        "user",
        "add",
        "clerk",
        "--role",
        "employer",
        "--organisation",
        &org,
    ];
    cli(server, &clerk)?;
    officer(server, capabilities)?;
    Ok(org)
}

/// An officer, user `officer`, with these capabilities.
pub(crate) fn officer(server: &support::Server, capabilities: &str) -> Outcome {
    let officer = [
        "user",
        "add",
        "officer",
        "--role",
        "officer",
        "--capabilities",
        capabilities,
    ];
    cli(server, &officer)
}

pub(crate) async fn sign_in(browser: &Browser, base: &str, user: &str) -> Outcome {
    sign_in_with(browser, base, (user, PASSWORD)).await
}

/// Signs in on the sign-in page and waits for the home page.
pub(crate) async fn sign_in_with(
    browser: &Browser,
    base: &str,
    (user, password): (&str, &str),
) -> Outcome {
    browser.goto(&format!("{base}/login")).await?;
    let username = browser
        .wait_for("form[action='/login'] input[name=username]")
        .await?;
    browser.send_keys(&username, user).await?;
    browser
        .send_keys(
            &browser
                .find("form[action='/login'] input[name=password]")
                .await?,
            password,
        )
        .await?;
    browser
        .click(
            &browser
                .find("form[action='/login'] button[type=submit]")
                .await?,
        )
        .await?;
    browser
        .wait_for_path("the home page after sign-in", base, |p| p == "/")
        .await?;
    Ok(())
}

pub(crate) async fn sign_out(browser: &Browser, base: &str) -> Outcome {
    browser
        .click(&browser.wait_for("form[action='/logout'] button").await?)
        .await?;
    browser
        .wait_for_path("the sign-in page", base, |p| p == "/login")
        .await?;
    Ok(())
}

/// Presses the button of one workflow action on a case's page, waits for the page to come
/// back without it, and fails with the page's message if the step was refused.
pub(crate) async fn act(browser: &Browser, base: &str, path: &str, action: &str) -> Outcome {
    let button = format!("form.action-form:has(input[name=action][value={action}]) button");
    browser.click(&browser.wait_for(&button).await?).await?;
    browser
        .wait_until(&format!("the page after {action}"), || async {
            Ok(browser.ready().await? && browser.find(&button).await.is_err())
        })
        .await?;
    browser
        .wait_for_path("the case page", base, |p| p == path)
        .await?;
    if browser.find("p.alert.error").await.is_ok() {
        let text = browser.text(&browser.find("p.alert.error").await?).await?;
        return Err(format!("{action} was refused: {text}"));
    }
    Ok(())
}

/// A posting to Germany from today for 24 months.
pub(crate) fn posting() -> (NaiveDate, NaiveDate) {
    let start = chrono::Utc::now().date_naive();
    let end = start
        .checked_add_months(Months::new(24))
        .and_then(|d| d.checked_sub_days(Days::new(1)))
        .unwrap_or(start);
    (start, end)
}

/// Types into a picker and chooses the first match it lists; the hidden id must then be set.
pub(crate) async fn pick(browser: &Browser, name: &str, text: &str) -> Outcome {
    let search = browser.wait_for(&format!("#{name}_q")).await?;
    browser.send_keys(&search, text).await?;
    let first = browser.wait_for(&format!("#{name}-matches button")).await?;
    browser.click(&first).await?;
    let chosen = browser
        .execute(
            "return document.getElementById(arguments[0]).value;",
            json!([name]),
        )
        .await?;
    match chosen.as_str() {
        Some(id) if id.parse::<i64>().is_ok() => Ok(()),
        _ => Err(format!("the {name} picker chose nothing: {chosen}")),
    }
}

/// The employer's clerk, signed in, files and submits a work-permit application for a person
/// (a software engineer in Shanghai on 300,000 a year); answers the application's path.
pub(crate) async fn file_application(
    browser: &Browser,
    base: &str,
    person_id: &str,
) -> Outcome<String> {
    browser
        .goto(&format!("{base}/work-permits/applications/new"))
        .await?;
    browser.wait_for("#position").await?;
    browser.set_value("person_id", person_id).await?;
    browser.type_into("#position", "Software engineer").await?;
    browser.set_value("occupation", "25").await?;
    browser.set_value("contract_start", "2026-01-01").await?;
    browser.set_value("contract_end", "2027-12-31").await?;
    browser.set_value("birth_date", "1990-05-01").await?;
    browser.set_value("education", "master").await?;
    browser.type_into("#annual_salary_cny", "300000").await?;
    browser.type_into("#related_experience_years", "4").await?;
    browser.set_value("province", "310000").await?;
    browser.set_value("hsk_level", "4").await?;
    browser.click_on("form.form button.primary").await?;
    let (path, _) = browser
        .wait_for_record("the application page", base, "/work-permits/applications/")
        .await?;
    act(browser, base, &path, "submit").await?;
    Ok(path)
}
