//! An ILO report through its pages in a real browser, by two conventions officers: the first
//! opens the C100 report for 2026 from the reporting calendar, starts drafting and sends it for
//! review; the second (maker-checker: not the one who sent it for review) sends the copies to
//! the employers' and workers' organisations, submits it through the confirmation page, and
//! records the CEACR's direct request with a follow-up point. The report then shows its
//! comments received, and the point is on the convention's public page.

use crate::browser::{browser_available, with_browser, Browser, Failure, Outcome};
use crate::journeys::{act, cli, officer, sign_in, sign_out};
use crate::support;

const POINT: &str = "按性别分列的工资统计";

#[tokio::test]
async fn browser_an_ilo_report_from_the_calendar_to_the_ceacr_comments() -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    officer(&server, "conventions")?;
    let checker = [
        "user",
        "add",
        "checker",
        "--role",
        "officer",
        "--capabilities",
        "conventions",
    ];
    cli(&server, &checker)?;
    with_browser(async |browser| journey(browser, &server.base).await).await?;
    Ok(())
}

/// The text of the report's status badge, which must be one of the two wordings.
async fn badge_is(browser: &Browser, words: [&str; 2]) -> Outcome {
    let badge = browser.text(&browser.wait_for("#status").await?).await?;
    if words.contains(&badge.as_str()) {
        Ok(())
    } else {
        Err(format!(
            "the status badge reads {badge:?}, not one of {words:?}"
        ))
    }
}

async fn journey(browser: &Browser, base: &str) -> Outcome {
    // The maker opens the case from the calendar and sends the draft for review.
    sign_in(browser, base, "officer").await?;
    browser
        .goto(&format!("{base}/conventions/calendar?from=2026"))
        .await?;
    browser
        .click(
            &browser
                .wait_for("#due-C100-2026 form.open-case button")
                .await?,
        )
        .await?;
    let (path, _) = browser
        .wait_for_record("the report's page", base, "/conventions/reports/")
        .await?;
    badge_is(browser, ["已收到报告要求", "Requested"]).await?;
    act(browser, base, &path, "start_drafting").await?;
    act(browser, base, &path, "send_for_review").await?;
    sign_out(browser, base).await?;

    // The checker sends the copies, naming both organisations, and submits after confirming.
    sign_in(browser, base, "checker").await?;
    browser.goto(&format!("{base}{path}")).await?;
    browser
        .wait_for("#employers_organisation-send_copies")
        .await?;
    browser
        .set_value("employers_organisation-send_copies", "中国企业联合会")
        .await?;
    browser
        .set_value("workers_organisation-send_copies", "中华全国总工会")
        .await?;
    act(browser, base, &path, "send_copies").await?;
    let copies = browser.text(&browser.find("#copies").await?).await?;
    if !copies.contains("中国企业联合会") || !copies.contains("中华全国总工会") {
        return Err(format!("the copies went to {copies:?}"));
    }
    browser
        .click(
            &browser
                .find("form.action-form:has(input[name=action][value=submit]) button")
                .await?,
        )
        .await?;
    let confirm = browser.wait_for("#confirm").await?;
    let lead = browser.text(&browser.find("#confirm-lead").await?).await?;
    if !(lead.contains("不可撤销") || lead.contains("cannot be undone"))
        || !(lead.contains("已提交国际劳工局") || lead.contains("Submitted to the ILO"))
    {
        return Err(format!("the confirmation reads {lead:?}"));
    }
    browser.click(&confirm).await?;
    browser
        .wait_for_path("the report's page", base, |p| p == path)
        .await?;
    badge_is(browser, ["已提交国际劳工局", "Submitted to the ILO"]).await?;

    // The CEACR's direct request, with one follow-up point.
    browser.wait_for("#kind").await?;
    for (field, value) in [
        ("kind", "direct_request"),
        ("text_zh", "请提供按性别分列的工资统计数据。"),
        (
            "text_en",
            "Please provide wage statistics broken down by sex.",
        ),
        ("points[0].text", POINT),
        ("points[0].owner", "国家统计局"),
        ("points[0].due_date", "2027-06-01"),
    ] {
        browser.set_value(field, value).await?;
    }
    browser.click_on("#comments form button.primary").await?;
    browser
        .wait_until("the comment on the report's page", || async {
            Ok(browser.ready().await?
                && browser
                    .text(&browser.find("#status").await?)
                    .await
                    .is_ok_and(|t| t == "已收到评论" || t == "Comments received"))
        })
        .await?;
    let comments = browser.text(&browser.find("#comments").await?).await?;
    if !comments.contains(POINT)
        || !(comments.contains("直接请求") || comments.contains("Direct request"))
    {
        return Err(format!("the comments read {comments:?}"));
    }

    // The point is on the convention's public page.
    browser.goto(&format!("{base}/conventions/C100")).await?;
    let public = browser.text(&browser.wait_for("#comments").await?).await?;
    if !public.contains(POINT) {
        return Err(format!("the convention's comments read {public:?}"));
    }
    sign_out(browser, base).await
}
