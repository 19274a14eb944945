//! The demo's people look real, in a real browser: `hrx serve --demo` at a small scale, the
//! administrator lists the Chinese citizens and sees each with a name in characters and its
//! pinyin (王秀英, "Wang Xiuying"), opens one and sees both names on the record, lists the
//! Filipinos and sees Filipino names — every page with the synthetic-data banner.

use crate::browser::{browser_available, with_browser, Browser, Failure, Outcome};
use crate::journeys::sign_in_with;
use crate::support;
use hrx_domain::synthetic::{is_generated_chinese_name, is_typical_name};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const SCALE: f64 = 0.002;

#[tokio::test]
async fn browser_demo_people_have_chinese_names_with_pinyin_and_names_of_their_nationality(
) -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let scale = SCALE.to_string();
    let server = support::Server::start_with(None, &["--demo", "--demo-scale", &scale]).await;
    with_browser(async |browser| journey(browser, &server.base).await).await?;
    Ok(())
}

/// The rows of the page's table: the text of each cell, and the link of the first.
async fn rows(browser: &Browser) -> Outcome<Vec<(Vec<String>, String)>> {
    let script = "return [...document.querySelectorAll('table tbody tr')].map(tr => ({\
                    cells: [...tr.cells].map(td => td.innerText.trim()),\
                    href: tr.querySelector('a') ? tr.querySelector('a').getAttribute('href') : ''\
                  }));";
    let value = browser.execute(script, json!([])).await?;
    let rows = value.as_array().cloned().unwrap_or_default();
    Ok(rows
        .iter()
        .map(|r| {
            let cells = r["cells"]
                .as_array()
                .map(|c| {
                    c.iter()
                        .map(|v| v.as_str().unwrap_or_default().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            (cells, r["href"].as_str().unwrap_or_default().to_owned())
        })
        .collect())
}

/// The synthetic-data banner of the page, in either language.
async fn banner(browser: &Browser, page: &str) -> Outcome {
    let text = browser
        .text(
            &browser
                .find(".demo-banner")
                .await
                .map_err(|e| format!("no synthetic-data banner on {page}: {e}"))?,
        )
        .await?;
    if text.contains("Synthetic") || text.contains("合成") {
        Ok(())
    } else {
        Err(format!("the banner of {page} reads {text:?}"))
    }
}

/// Opens a list of persons, waiting out the demo's loading page until the list has rows.
async fn person_list(
    browser: &Browser,
    base: &str,
    query: &str,
) -> Outcome<Vec<(Vec<String>, String)>> {
    let started = Instant::now();
    loop {
        browser.goto(&format!("{base}/persons?{query}")).await?;
        browser.wait_until("the page", || browser.ready()).await?;
        let found = rows(browser).await?;
        if !found.is_empty() && browser.find(".demo-banner").await.is_ok() {
            return Ok(found);
        }
        if started.elapsed() > Duration::from_secs(120) {
            return Err(format!("no persons at /persons?{query} after two minutes"));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

fn has_characters(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

async fn journey(browser: &Browser, base: &str) -> Outcome {
    sign_in_with(browser, base, ("admin", support::ADMIN_PASSWORD)).await?;
    browser
        .goto(&format!("{base}/lang/en?next=/persons"))
        .await?;

    // Chinese citizens: every one with a name in characters and its pinyin.
    let chinese = person_list(browser, base, "nationality=CN").await?;
    banner(browser, "the list of Chinese citizens").await?;
    for (cells, _) in &chinese {
        let (native, latin) = (
            cells.first().map(String::as_str).unwrap_or_default(),
            cells.get(1).map(String::as_str).unwrap_or_default(),
        );
        if !has_characters(native) || !is_generated_chinese_name(native, latin) {
            return Err(format!(
                "a Chinese citizen listed as {native:?} / {latin:?}, not characters with their pinyin"
            ));
        }
    }
    // The record of one of them shows both names.
    let (cells, href) = chinese
        .first()
        .cloned()
        .ok_or("no Chinese citizens listed")?;
    browser.goto(&format!("{base}{href}")).await?;
    browser.wait_until("the record", || browser.ready()).await?;
    let page = browser.text(&browser.find("main").await?).await?;
    for name in &cells[..2] {
        if !page.contains(name.as_str()) {
            return Err(format!(
                "the record {href} does not show {name:?}: {page:?}"
            ));
        }
    }
    banner(browser, "a Chinese citizen's record").await?;

    // Foreigners: the Philippines' nationals have Filipino names, not another country's.
    let filipinos = person_list(browser, base, "nationality=PH").await?;
    banner(browser, "the list of Filipinos").await?;
    for (cells, _) in &filipinos {
        let latin = cells.get(1).map(String::as_str).unwrap_or_default();
        let family_names = [
            "Santos",
            "Reyes",
            "Cruz",
            "Bautista",
            "Garcia",
            "Mendoza",
            "Ramos",
            "Villanueva",
        ];
        if !family_names
            .iter()
            .any(|f| latin.starts_with(&format!("{f} ")))
            || !is_typical_name("PH", latin)
        {
            return Err(format!("a Filipino named {latin:?}"));
        }
    }
    // And the other nationalities of the list: each name typical of its nationality.
    let foreigners = person_list(browser, base, "sort=name").await?;
    let codes: Value = browser
        .execute(
            "return [...document.querySelectorAll('select#nationality option')]\
               .map(o => [o.value, o.textContent.trim()]);",
            json!([]),
        )
        .await?;
    let code_of = |country: &str| -> Option<String> {
        codes.as_array()?.iter().find_map(|pair| {
            (pair[1].as_str()? == country).then(|| pair[0].as_str().map(str::to_owned))?
        })
    };
    let mut checked = 0;
    for (cells, _) in &foreigners {
        let (latin, country) = (
            cells.get(1).map(String::as_str).unwrap_or_default(),
            cells.get(4).map(String::as_str).unwrap_or_default(),
        );
        let Some(code) = code_of(country) else {
            return Err(format!("no code for the country {country:?}"));
        };
        if matches!(code.as_str(), "CN" | "HK" | "MO" | "TW") {
            continue;
        }
        if !is_typical_name(&code, latin) {
            return Err(format!("a national of {country} ({code}) named {latin:?}"));
        }
        checked += 1;
    }
    if checked == 0 {
        return Err("no foreigners on the first page sorted by name".into());
    }

    // The fixed pages, in both languages, wide and narrow: the lists, a record, and the
    // import page that explains the column of the name in characters.
    for (path, name) in [
        ("/persons?nationality=CN", "names-chinese-citizens"),
        (href.as_str(), "names-chinese-record"),
        ("/persons?nationality=PH", "names-filipinos"),
        ("/imports", "names-imports"),
    ] {
        browser.screenshots(base, path, name).await?;
    }
    Ok(())
}
