//! The public statistics in a real browser: `hrx serve --demo` (at a small scale) on an empty
//! database, the dashboard opened without signing in shows the computed figures beside the
//! published ones and the synthetic-data banner; a breakdown is chosen on an indicator page
//! and its SDMX-CSV export is downloaded and read.

use crate::browser::{browser_available, with_browser, Browser, Failure, Outcome};
use crate::support;
use std::time::{Duration, Instant};

const SCALE: f64 = 0.002;

#[tokio::test]
async fn browser_public_dashboard_and_sdmx_download() -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let scale = SCALE.to_string();
    let server = support::Server::start_with(None, &["--demo", "--demo-scale", &scale]).await;
    with_browser(async |browser| journey(browser, &server.base).await).await?;
    Ok(())
}

fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

async fn journey(browser: &Browser, base: &str) -> Outcome {
    let plans = hrx::demo::plans(SCALE, 2009).map_err(|e| e.to_string())?;
    let persons = plans.study_abroad.persons;
    // English, so that the figures show in full rather than in 万.
    browser.goto(&format!("{base}/statistics?lang=en")).await?;
    browser.wait_for(".figures").await?;
    let banner = browser.text(&browser.find(".demo-banner").await?).await?;
    if !banner.contains("Synthetic") && !banner.contains("合成") {
        return Err(format!("no synthetic-data banner: {banner:?}"));
    }
    let card = browser
        .text(
            &browser
                .find("section[aria-labelledby='fig-outbound_students_cumulative']")
                .await?,
        )
        .await?;
    if !card.contains(&grouped(persons)) || !card.contains("1,620,700") {
        return Err(format!(
            "the card lacks the computed {persons} or the published figure: {card:?}"
        ));
    }
    browser.find(".chart svg[role=img]").await?;

    // The indicator page, with a breakdown by destination.
    browser
        .click(
            &browser
                .find("a[href='/statistics/outbound_students_cumulative?period=2009']")
                .await?,
        )
        .await?;
    browser
        .wait_for_path("the indicator page", base, |p| {
            p == "/statistics/outbound_students_cumulative"
        })
        .await?;
    browser.set_value("by", "destination_country").await?;
    browser.click_on("form.filters button[type=submit]").await?;
    browser.wait_for("table caption").await?;
    let link = browser
        .wait_for("a[href*='format=sdmx'][href*='by=destination_country']")
        .await?;
    browser.click(&link).await?;

    // The download lands in the profile's download directory.
    let started = Instant::now();
    let file = loop {
        let found = std::fs::read_dir(&browser.downloads)
            .ok()
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with(".sdmx.csv"));
        if let Some(f) = found {
            break f;
        }
        if started.elapsed() > Duration::from_secs(15) {
            return Err(format!(
                "no SDMX-CSV file in {}",
                browser.downloads.display()
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    if header.first() != Some(&"STRUCTURE") || !header.contains(&"OBS_VALUE") {
        return Err(format!("not SDMX-CSV: {header:?}"));
    }
    let value_at = header.iter().position(|h| *h == "OBS_VALUE").unwrap_or(0);
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let total: u64 = rows
        .first()
        .and_then(|r| r.get(value_at))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let by_country: u64 = rows
        .iter()
        .skip(1)
        .filter_map(|r| r.get(value_at).and_then(|v| v.parse::<u64>().ok()))
        .sum();
    if total != persons || by_country != persons {
        return Err(format!(
            "the export's total {total} and countries {by_country} should both be {persons}:\n{text}"
        ));
    }
    Ok(())
}
