//! Officers' lists in a real browser (issue 23 group 7): with more rows than one page, the
//! certificates of coverage and the study-abroad episodes show one page at a time with a
//! next-page link that brings new rows and none seen before, a search box whose words stay
//! in the next page's link, and a count; the certificates' page no longer lists hundreds of
//! rows below its queue.

use crate::browser::{browser_available, with_browser, Browser, Failure, Outcome};
use crate::journeys::{cli, officer, sign_in};
use crate::support;
use serde_json::json;
use std::collections::HashSet;

/// Letters for a number (names take no digits): 0 → "a", 27 → "bb".
fn letters(n: u64) -> String {
    let a = |k: u64| char::from(b'a' + (k % 26) as u8);
    format!("{}{}", a(n / 26), a(n))
}

const STUDY_HEADER: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,destination_country,institution,isced_level,field,funding,departure_date,return_date";
const CERT_HEADER: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,agreement_code,direction,worker_category,employer_name,certificate_number,valid_from,valid_to,revoked_on";

/// Writes a CSV file into the server's data directory and imports it with `hrx import`.
fn import(server: &support::Server, kind: &str, header: &str, rows: &[String]) -> Outcome {
    let path = server.data_dir.join(format!("{kind}.csv"));
    std::fs::write(&path, format!("{header}\n{}\n", rows.join("\n"))).map_err(|e| e.to_string())?;
    let path = path.to_string_lossy().into_owned();
    cli(server, &["import", kind, &path])
}

#[tokio::test]
async fn browser_an_officer_pages_and_searches_the_certificates_and_the_study_abroad_list(
) -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    officer(&server, "mobility,coverage")?;
    // 80 study-abroad episodes (a third of the people named Li) and 70 certificates of
    // coverage ending over the next months (every fifth holder named Weber).
    let study: Vec<String> = (0..80)
        .map(|i| {
            let family = if i % 3 == 0 { "Li" } else { "Zhang" };
            format!(
                "SA{i:05},P{i:05},{family},Wei{},M,1990-01-01,US,University {i},6,Physics,self_funded,2015-09-0{},",
                letters(i),
                1 + i % 5
            )
        })
        .collect();
    import(&server, "study-abroad", STUDY_HEADER, &study)?;
    let today = chrono::Utc::now().date_naive();
    let certificates: Vec<String> = (0..70)
        .map(|i| {
            let family = if i % 5 == 0 { "Weber" } else { "Kim" };
            let (nationality, agreement) = if i % 5 == 0 {
                ("DE", "CN-DE-2001")
            } else {
                ("KR", "CN-KR-2012")
            };
            let ends = today + chrono::Days::new(5 + (i % 80));
            let from = today - chrono::Days::new(365);
            format!(
                "C{i},W{i},{family},Max{},M,1970-01-01,{nationality},{agreement},inbound,posted_worker,Employer {i},N-{i:04},{from},{ends},",
                letters(i)
            )
        })
        .collect();
    import(&server, "coverage-certificates", CERT_HEADER, &certificates)?;

    with_browser(async |browser| journey(browser, &server.base).await).await?;
    Ok(())
}

/// The links of the rows the selector finds.
pub(crate) async fn hrefs(browser: &Browser, css: &str) -> Outcome<Vec<String>> {
    attributes(browser, css, "href").await
}

/// An attribute of each element the selector finds.
async fn attributes(browser: &Browser, css: &str, attribute: &str) -> Outcome<Vec<String>> {
    strings(
        browser,
        "return Array.from(document.querySelectorAll(arguments[0])).map(a => a.getAttribute(arguments[1]));",
        json!([css, attribute]),
    )
    .await
}

/// The text of each element the selector finds.
pub(crate) async fn texts(browser: &Browser, css: &str) -> Outcome<Vec<String>> {
    strings(
        browser,
        "return Array.from(document.querySelectorAll(arguments[0])).map(r => r.innerText);",
        json!([css]),
    )
    .await
}

/// The strings a script returns as an array (anything else left out).
async fn strings(browser: &Browser, script: &str, args: serde_json::Value) -> Outcome<Vec<String>> {
    let found = browser.execute(script, args).await?;
    Ok(found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

/// The next-page link's address, if the page has one.
async fn next_href(browser: &Browser) -> Outcome<Option<String>> {
    Ok(hrefs(browser, "nav.pager a[rel=next]")
        .await?
        .into_iter()
        .next())
}

/// Follows the next-page links from the page shown: every row's link, checking that each
/// page has at most 25 rows, and that no row comes twice; `keep` must be in every link.
async fn walk(browser: &Browser, base: &str, rows: &str, keep: &str) -> Outcome<Vec<String>> {
    match walk_pages(browser, rows, keep, (25, 20)).await? {
        (seen, true) => Ok(seen),
        (_, false) => Err(format!("no last page of {rows} at {base}")),
    }
}

/// Follows the next-page links from the page shown, up to `pages` pages of at most `per_page`
/// rows: every row's link once (no row comes twice), and whether the last page was reached;
/// `keep` must be in every link, with the page's cursor. A row is known by its link, or by the
/// attribute after a `@` in `rows` ("tbody tr@id").
pub(crate) async fn walk_pages(
    browser: &Browser,
    rows: &str,
    keep: &str,
    (per_page, pages): (usize, usize),
) -> Outcome<(Vec<String>, bool)> {
    let (css, attribute) = rows.split_once('@').unwrap_or((rows, "href"));
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..pages {
        let here = attributes(browser, css, attribute).await?;
        if here.len() > per_page {
            return Err(format!("{} rows on one page of {rows}", here.len()));
        }
        for href in here {
            if seen.contains(&href) {
                return Err(format!("{href} comes twice in {rows}"));
            }
            seen.push(href);
        }
        let Some(next) = next_href(browser).await? else {
            return Ok((seen, true));
        };
        if !next.contains(keep) || !next.contains("after=") {
            return Err(format!("the next page's link {next:?} drops {keep:?}"));
        }
        browser.click_on("nav.pager a[rel=next]").await?;
        browser
            .wait_until("the next page", || async {
                Ok(browser.current_url().await?.contains("after=") && browser.ready().await?)
            })
            .await?;
    }
    Ok((seen, false))
}

async fn journey(browser: &Browser, base: &str) -> Outcome {
    sign_in(browser, base, "officer").await?;

    // The certificates' queue: one page at a time, all 70 by the next-page links.
    browser
        .goto(&format!("{base}/coverage/certificates"))
        .await?;
    browser.wait_for("table#certificates").await?;
    let first = hrefs(
        browser,
        "table#certificates tbody a[href^='/coverage/certificates/']",
    )
    .await?;
    if first.len() > 2 * 25 {
        return Err(format!(
            "{} links on the first page of the queue",
            first.len()
        ));
    }
    // Below it, each section shows a few and links to the rest.
    let below = hrefs(browser, "section#ending-90 li a").await?;
    if below.len() > 10 {
        return Err(format!(
            "{} certificates listed below the queue",
            below.len()
        ));
    }
    let rows = "table#certificates tbody tr td:first-child a";
    let all = walk(browser, base, rows, "").await?;
    if all.len() != 70 {
        return Err(format!(
            "the queue's pages show {} certificates, not 70",
            all.len()
        ));
    }
    // Searched by name: only Weber's, and the search stays in the address.
    browser
        .goto(&format!("{base}/coverage/certificates"))
        .await?;
    browser.type_into("#queue-q", "weber").await?;
    browser.click_on("form.filters button[type=submit]").await?;
    browser
        .wait_until("the search's results", || async {
            Ok(browser.current_url().await?.contains("q=weber") && browser.ready().await?)
        })
        .await?;
    let found = hrefs(browser, rows).await?;
    if found.len() != 14 {
        return Err(format!(
            "searching weber shows {} certificates, not 14",
            found.len()
        ));
    }

    // The study-abroad list: 80 over four pages, then a search kept from page to page.
    browser.goto(&format!("{base}/study-abroad")).await?;
    browser.wait_for("form.filters #q").await?;
    let rows = "table tbody tr td:nth-child(3) a";
    let all = walk(browser, base, rows, "").await?;
    if all.iter().collect::<HashSet<_>>().len() != 80 {
        return Err(format!(
            "the list's pages show {} episodes, not 80",
            all.len()
        ));
    }
    browser.goto(&format!("{base}/study-abroad")).await?;
    browser.wait_for("form.filters #q").await?;
    browser.type_into("form.filters #q", "li").await?;
    browser.click_on("form.filters button[type=submit]").await?;
    browser
        .wait_until("the search's results", || async {
            Ok(browser.current_url().await?.contains("q=li") && browser.ready().await?)
        })
        .await?;
    let total = browser
        .text(&browser.wait_for("nav.pager .pager-total").await?)
        .await?;
    if !(total.contains("27")) {
        return Err(format!("the count reads {total:?}, not 27 records"));
    }
    let found = walk(browser, base, rows, "q=li").await?;
    if found.len() != 27 {
        return Err(format!(
            "searching li shows {} episodes, not 27",
            found.len()
        ));
    }

    // The fixed pages at 1280 and 375 px in both languages (CI keeps them as artefacts).
    browser
        .screenshots(base, "/coverage/certificates", "g7-lists-certificates")
        .await?;
    browser
        .screenshots(base, "/study-abroad?q=li", "g7-lists-study-abroad")
        .await?;
    browser
        .screenshots(
            base,
            "/coverage/certificates/past-limit",
            "g7-lists-past-limit",
        )
        .await
}
