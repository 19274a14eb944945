//! The other desks' lists in a real browser (issue 23 group 7), on `hrx serve --demo` at a
//! small scale: the cooperation agreements (over a hundred, once all on one page) and events,
//! the training participants (once counted whole and paged by number) and the import history
//! each show a page at a time with a count, a search (kept in the next page's link), and no
//! row twice. (The laureates register, empty in the demo, is paged the same way
//! and tested on both databases in the store's suite.)

use crate::browser::{browser_available, with_browser, Browser, Failure, Outcome};
use crate::browser_lists::{hrefs, texts, walk_pages};
use crate::journeys::{officer, sign_in};
use crate::support;

const SCALE: f64 = 0.002;

#[tokio::test]
async fn browser_an_officer_pages_and_searches_the_agreements_events_participants_and_imports(
) -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let scale = SCALE.to_string();
    let server = support::Server::start_with(None, &["--demo", "--demo-scale", &scale]).await;
    officer(&server, "training,cooperation,mobility,coverage")?;
    with_browser(async |browser| journey(browser, &server.base).await).await?;
    Ok(())
}

/// The number in the page's count line (the pager's total): "共 1,234 条" → 1234.
async fn count(browser: &Browser) -> Outcome<usize> {
    let text = browser
        .text(&browser.wait_for("nav.pager .pager-total").await?)
        .await?;
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .map_err(|_| format!("no number in the count {text:?}"))
}

/// Submits the list's search form with `words` in its search box and waits for the results.
async fn search(browser: &Browser, words: &str, expect: &str) -> Outcome {
    browser
        .type_into("form.filters input[type=search]", words)
        .await?;
    browser.click_on("form.filters button[type=submit]").await?;
    browser
        .wait_until("the search's results", || async {
            Ok(browser.current_url().await?.contains(expect) && browser.ready().await?)
        })
        .await
}

async fn journey(browser: &Browser, base: &str) -> Outcome {
    sign_in(browser, base, "officer").await?;

    // The agreements: every one once over pages of 50, as many as the count says.
    browser
        .goto(&format!("{base}/cooperation/agreements"))
        .await?;
    browser.wait_for("table#agreements").await?;
    let total = count(browser).await?;
    let rows = "table#agreements tbody th a";
    let (all, ended) = walk_pages(browser, rows, "", (50, 10)).await?;
    if !ended || all.len() != total || total <= 100 {
        return Err(format!(
            "the agreements' pages show {} of {total} (ended: {ended})",
            all.len()
        ));
    }
    // Searched by a partner's name: only Korea's agreements.
    browser
        .goto(&format!("{base}/cooperation/agreements"))
        .await?;
    search(browser, "韩国", "q=").await?;
    let found = texts(browser, "table#agreements tbody tr").await?;
    if found.len() < 2 || found.iter().any(|r| !r.contains("韩国")) {
        return Err(format!("searching 韩国 shows {found:?}"));
    }

    // The participants the statistics count: a year's, every one once with the year kept.
    browser
        .goto(&format!("{base}/training/participants?year=2009"))
        .await?;
    browser.wait_for("table#participants").await?;
    let in_2009 = count(browser).await?;
    let rows = "table#participants tbody tr@id";
    let (seen, ended) = walk_pages(browser, rows, "year=2009", (50, 10)).await?;
    if in_2009 <= 50 || seen.len() != in_2009 || !ended {
        return Err(format!(
            "2009 counts {in_2009} participations; its pages showed {} (ended: {ended})",
            seen.len()
        ));
    }
    browser
        .goto(&format!("{base}/training/participants"))
        .await?;
    browser.wait_for("table#participants").await?;
    let first = hrefs(browser, "table#participants tbody th a").await?;
    let name_link = first.first().cloned().unwrap_or_default();
    browser.goto(&format!("{base}{name_link}")).await?;
    let heading = browser.text(&browser.wait_for("h1").await?).await?;
    let family: String = heading.chars().take(1).collect();
    browser
        .goto(&format!("{base}/training/participants"))
        .await?;
    search(browser, &family, "q=").await?;
    let named = count(browser).await?;
    let shown = texts(browser, "table#participants tbody th").await?;
    if named == 0 || shown.iter().any(|r| !r.contains(&family)) {
        return Err(format!(
            "searching {family:?} counts {named}, shows {shown:?}"
        ));
    }

    // The events: the shipped history and the demo's meetings, every one once, as many as the
    // count says; then searched by the first two characters of the first one's name.
    browser.goto(&format!("{base}/cooperation/events")).await?;
    browser.wait_for("table#events").await?;
    let events = count(browser).await?;
    let names = texts(browser, "table#events tbody th a").await?;
    let (seen, ended) = walk_pages(browser, "table#events tbody th a", "", (50, 20)).await?;
    if events == 0 || seen.len() != events || !ended {
        return Err(format!(
            "the events count {events}; their pages showed {} (ended: {ended})",
            seen.len()
        ));
    }
    let word: String = names
        .first()
        .map(|n| n.chars().take(2).collect())
        .unwrap_or_default();
    browser.goto(&format!("{base}/cooperation/events")).await?;
    search(browser, &word, "q=").await?;
    let found = texts(browser, "table#events tbody tr").await?;
    if found.is_empty() || found.len() >= events || found.iter().any(|r| !r.contains(&word)) {
        return Err(format!("searching {word:?} shows {found:?}"));
    }

    // The import history: the demo's files, searched by a word of the file name.
    browser.goto(&format!("{base}/imports")).await?;
    browser.wait_for("form.filters").await?;
    let runs = count(browser).await?;
    search(browser, "coverage", "q=coverage").await?;
    let found = texts(browser, "table tbody tr[id^='import-']").await?;
    if runs < 4 || found.len() != 1 {
        return Err(format!(
            "the history counts {runs}; searching coverage shows {found:?}"
        ));
    }

    // The pages at 1280 and 375 px in both languages (CI keeps them as artefacts).
    for (path, name) in [
        ("/cooperation/agreements", "g7-desk-agreements"),
        ("/training/participants?year=2009", "g7-desk-participants"),
        ("/cooperation/events", "g7-desk-events"),
        ("/imports", "g7-desk-imports"),
    ] {
        browser.screenshots(base, path, name).await?;
    }
    Ok(())
}
