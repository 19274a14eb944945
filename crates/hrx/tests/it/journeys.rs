//! What the browser journeys share: users made with the command line, records made over the
//! API, signing in and out, and taking a workflow step on a case's page.

use crate::browser::{Browser, Outcome};
use crate::support::{self, hrx};
use chrono::{Days, Months, NaiveDate};

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

pub(crate) async fn sign_in(browser: &Browser, base: &str, user: &str) -> Outcome {
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
            PASSWORD,
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
