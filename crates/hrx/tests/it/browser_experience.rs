//! What a newcomer, an officer, an employer and a member of the public meet (issue 23), one
//! test per group of what walking every journey found, each failing on the defect as it was
//! described: the first start (group 1), documents (2), records that show what an officer
//! needs (3), no raw codes or wrong language (4), time and order (5) and forms (6). Each
//! writes screenshots of the pages it fixed, in both languages at 1280 px and 375 px, under
//! `target/browser-shots/`.

use crate::browser::{browser_available, with_browser, Browser, Failure, Outcome};
use crate::journeys::{
    act, cli, employer_and_users, file_application, post_json, sign_in, sign_in_with, sign_out,
};
use crate::support;
use serde_json::json;
use std::time::{Duration, Instant};

/// The visible text of the page's `<main>` (or body).
async fn page_text(browser: &Browser) -> Outcome<String> {
    let text = browser
        .execute(
            "const m = document.querySelector('main') || document.body; return m.innerText;",
            json!([]),
        )
        .await?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}

/// Goes to a page in Chinese (the language switched as a reader switches it).
async fn goto_zh(browser: &Browser, base: &str, path: &str) -> Outcome {
    let mut url = reqwest::Url::parse(&format!("{base}/lang/zh-CN")).map_err(|e| e.to_string())?;
    url.query_pairs_mut().append_pair("next", path);
    browser.goto(url.as_str()).await?;
    browser
        .wait_until("the page in Chinese", || async {
            Ok(browser.ready().await? && browser.lang().await? == "zh-CN")
        })
        .await
}

// ---------------------------------------------------------------------------------------------
// Group 1: the first start.

#[tokio::test]
async fn browser_group1_first_start_answers_at_once_and_imports_explain_their_formats(
) -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    // `serve --demo` listens before the dataset is loaded: /healthz answers at once.
    let server = support::Server::start_listening(&["--demo", "--demo-scale", "0.02"]).await;
    with_browser(async |browser| first_start(browser, &server.base).await).await?;
    Ok(())
}

async fn first_start(browser: &Browser, base: &str) -> Outcome {
    browser.goto(&format!("{base}/")).await?;
    let text = page_text(browser).await?;
    if !(text.contains("正在加载合成演示数据")
        && text.contains("Loading the synthetic demo dataset"))
    {
        return Err(format!(
            "the first page while the demo loads does not say what is loading: {text:?}"
        ));
    }
    let refreshes = browser
        .execute(
            "return !!document.querySelector('meta[http-equiv=refresh]');",
            json!([]),
        )
        .await?;
    if refreshes != json!(true) {
        return Err("the loading page does not refresh itself".into());
    }
    browser.shoot("g1-loading").await?;
    // The page turns into the home page by itself once the dataset is in.
    let started = Instant::now();
    loop {
        let text = page_text(browser).await.unwrap_or_default();
        if !text.contains("Loading the synthetic demo dataset") && browser.ready().await? {
            break;
        }
        if started.elapsed() > Duration::from_secs(240) {
            return Err(format!("the demo did not finish loading: {text:?}"));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    browser.wait_for("a.lang").await?;

    // The imports page explains every column of every kind, with a template to download.
    sign_in_with(browser, base, ("admin", support::ADMIN_PASSWORD)).await?;
    goto_zh(browser, base, "/imports").await?;
    let text = page_text(browser).await?;
    if text.contains("README") {
        return Err(format!(
            "the imports page sends the reader to the README: {text:?}"
        ));
    }
    let templates = browser
        .execute(
            "return [...document.querySelectorAll('a[href^=\"/imports/templates/\"]')].map(a => a.getAttribute('href'));",
            json!([]),
        )
        .await?;
    let templates: Vec<String> = serde_json::from_value(templates).map_err(|e| e.to_string())?;
    for kind in [
        "study-abroad",
        "foreign-students",
        "work-permits",
        "experts",
    ] {
        let href = format!("/imports/templates/{kind}.csv");
        if !templates.contains(&href) {
            return Err(format!(
                "no template {href} on the imports page: {templates:?}"
            ));
        }
    }
    // Every column of a template is explained on the page, in the kind's format: its name
    // beside its meaning in the page's language.
    let explained = browser
        .execute(
            "return Object.fromEntries([...document.querySelectorAll('#format-study-abroad tbody tr')]\
               .map(r => [r.querySelector('code').textContent, r.querySelector('td').textContent]));",
            json!([]),
        )
        .await?;
    // Fetched with the reader's session, as the link downloads it.
    let template = browser
        .execute(
            "const x = new XMLHttpRequest(); x.open('GET', '/imports/templates/study-abroad.csv', false); x.send(); return x.responseText;",
            json!([]),
        )
        .await?;
    let template = template.as_str().unwrap_or_default().to_owned();
    let header = template
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches('\u{feff}');
    for column in header.split(',') {
        let meaning = explained[column].as_str().unwrap_or_default();
        if meaning.trim().is_empty() || meaning.contains("import-col-") {
            return Err(format!(
                "the column {column} of the study-abroad template is not explained: {meaning:?}"
            ));
        }
    }
    browser.screenshots(base, "/imports", "g1-imports").await
}

// ---------------------------------------------------------------------------------------------
// Groups 2 and 3: documents, and records that show what an officer needs.

#[tokio::test]
async fn browser_group2_group3_documents_and_records() -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    let token = server.token("admin", support::ADMIN_PASSWORD).await;
    employer_and_users(&server, &token, "work_permits,registry,coverage").await?;
    let clerk = server.token("clerk", crate::journeys::PASSWORD).await;
    let person = post_json(
        &server.base,
        "/api/v1/persons",
        &clerk,
        json!({"name_latin": "Anna Berg", "sex": "female", "birth_date": "1990-05-01",
               "nationality": "SE", "passport_number": "C01X00T47",
               "passport_expiry": "2035-01-31"}),
    )
    .await?;
    let person_id = person["id"].as_i64().unwrap_or_default();
    with_browser(async |browser| documents_and_records(browser, &server.base, person_id).await)
        .await?;
    Ok(())
}

async fn documents_and_records(browser: &Browser, base: &str, person_id: i64) -> Outcome {
    // The clerk files the application.
    sign_in(browser, base, "clerk").await?;
    let path = file_application(browser, base, &person_id.to_string()).await?;
    sign_out(browser, base).await?;

    // The officer's record of the application: who applies, for whom, and the points.
    sign_in(browser, base, "officer").await?;
    for action in ["accept", "approve", "issue_notice", "issue_card"] {
        browser.goto(&format!("{base}{path}")).await?;
        act(browser, base, &path, action).await?;
    }
    goto_zh(browser, base, &path).await?;
    let fact = |id: &'static str| async move {
        browser
            .text(&browser.wait_for(&format!("#{id}")).await?)
            .await
    };
    let nationality = fact("applicant-nationality").await?;
    let passport = fact("applicant-passport").await?;
    let employer = fact("application-employer").await?;
    let occupation = fact("application-occupation").await?;
    if nationality != "瑞典"
        || !passport.contains("C01X00T47")
        || !employer.contains("上海示例科技有限公司")
        || !occupation.starts_with("25 ")
        || occupation.len() < 6
    {
        return Err(format!(
            "the application record shows nationality {nationality:?}, passport {passport:?}, \
             employer {employer:?}, occupation {occupation:?}"
        ));
    }
    let factors = browser
        .execute(
            "return document.querySelectorAll('section#points tbody tr').length;",
            json!([]),
        )
        .await?;
    if factors.as_i64().unwrap_or_default() < 5 {
        return Err(format!("the points are not broken down: {factors} factors"));
    }
    let salary = page_text(browser).await?;
    if !salary.contains("300,000 元") {
        return Err("the salary is not written as an amount (300,000 元)".into());
    }
    browser.screenshots(base, &path, "g3-application").await?;

    // The card is issued but not yet activated: its check says so and what is missing, in
    // place of "no such document".
    browser.goto(&format!("{base}{path}")).await?;
    let number_text = browser
        .text(&browser.wait_for(".doc-links p.doc").await?)
        .await?;
    let number = number_text
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_owned();
    let check = format!("/verify/work-permit/{number}");
    goto_zh(browser, base, &check).await?;
    let sentence = browser.text(&browser.wait_for("#validity").await?).await?;
    if !sentence.contains("尚未生效") {
        return Err(format!(
            "the check of an issued, not activated card reads {sentence:?}"
        ));
    }
    browser
        .screenshots(base, &check, "g2-verify-not-activated")
        .await?;

    // The person's record lists the application and, after activation, the permit.
    browser.goto(&format!("{base}{path}")).await?;
    act(browser, base, &path, "activate").await?;
    let person_path = format!("/persons/{person_id}");
    browser.goto(&format!("{base}{person_path}")).await?;
    let permits = browser
        .text(&browser.wait_for("section#work-permits").await?)
        .await?;
    let application_id = path.rsplit('/').next().unwrap_or_default();
    if !(permits.contains(&number) && permits.contains(&format!("#{application_id}"))) {
        return Err(format!(
            "the person's record does not list the permit {number} and application #{application_id}: {permits:?}"
        ));
    }
    browser.screenshots(base, &person_path, "g3-person").await?;

    // The printed card carries number, holder, validity and the issuing authority.
    let card = format!("{path}/card");
    goto_zh(browser, base, &card).await?;
    let printed = page_text(browser).await?;
    if !(printed.contains(&number) && printed.contains("Anna Berg") && printed.contains("有效期"))
    {
        return Err(format!("the printed card lacks its facts: {printed:?}"));
    }
    browser.screenshots(base, &card, "g2-card").await?;
    browser.goto(&format!("{base}/")).await?;
    sign_out(browser, base).await?;

    // The public: /verify takes the number as typed, the check says one sentence.
    goto_zh(browser, base, "/verify").await?;
    browser.type_into("#number", &number).await?;
    browser.click_on("form.entry button[type=submit]").await?;
    browser
        .wait_for_path("the public check", base, |p| {
            p == format!("/verify/work-permit/{number}")
        })
        .await?;
    let sentence = browser.text(&browser.wait_for("#validity").await?).await?;
    if !sentence.contains("有效") || sentence.contains("不") {
        return Err(format!("the public check reads {sentence:?}"));
    }
    browser
        .screenshots(base, &format!("/verify/work-permit/{number}"), "g2-verify")
        .await?;
    browser
        .goto(&format!("{base}/verify?number=WP-NO-SUCH-1"))
        .await?;
    let unknown = page_text(browser).await?;
    if browser.find("#not-found").await.is_err() {
        return Err(format!("an unknown number is not said so: {unknown:?}"));
    }
    browser
        .screenshots(base, "/verify", "g2-verify-entry")
        .await
}

#[tokio::test]
async fn browser_group3_returnee_reviewers_see_the_applicant_and_the_business_plan(
) -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    let admin = server.token("admin", support::ADMIN_PASSWORD).await;
    crate::journeys::officer(&server, "mobility,registry")?;
    cli(&server, &["user", "add", "reviewer1", "--role", "reviewer"])?;
    let officer = server.token("officer", crate::journeys::PASSWORD).await;
    let person = post_json(
        &server.base,
        "/api/v1/persons",
        &admin,
        json!({"name_native": "林晓", "name_latin": "Lin Xiao", "sex": "female",
               "birth_date": "1988-02-03", "nationality": "CN"}),
    )
    .await?;
    let call = post_json(
        &server.base,
        "/api/v1/returnees/calls",
        &officer,
        json!({"year": 2026, "title": "2026 start-up support", "budget_cny": 1000000}),
    )
    .await?;
    let call_id = call["id"].as_i64().unwrap_or_default();
    post_json(
        &server.base,
        &format!("/api/v1/returnees/calls/{call_id}/applications"),
        &officer,
        json!({"person_id": person["id"], "project": "Battery recycling", "sector": "energy",
               "province": "320000", "funding_asked_cny": 200000,
               "business_plan": "Recycle lithium cells from electric buses in Jiangsu."}),
    )
    .await?;
    let base = server.base.clone();
    with_browser(async |browser| {
        sign_in(browser, &base, "reviewer1").await?;
        let path = format!("/returnees/calls/{call_id}");
        goto_zh(browser, &base, &path).await?;
        let text = page_text(browser).await?;
        if !text.contains("林晓") {
            return Err(format!("the reviewer does not see who applies: {text:?}"));
        }
        browser.click_on("details.plan summary").await?;
        let plan = browser
            .text(&browser.wait_for("details.plan .prose").await?)
            .await?;
        if !plan.contains("Recycle lithium cells") {
            return Err(format!(
                "the reviewer does not see the business plan: {plan:?}"
            ));
        }
        // The scoring rule in words, not as a code.
        if text.contains("trimmed_mean") {
            return Err(format!("the scoring rule is shown as a code: {text:?}"));
        }
        browser
            .screenshots(&base, &path, "g3-returnee-review")
            .await
    })
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Group 4: no raw codes or wrong language on a page; numbers written for the language.

#[tokio::test]
async fn browser_group4_chinese_pages_show_labels_not_codes() -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    let base = server.base.clone();
    with_browser(async |browser| {
        // Public pages first, then an administrator's.
        let public = [
            "/coverage",
            "/coverage/agreements/CN-KR-2003",
            "/conventions",
        ];
        for path in public {
            raw_codes_absent(browser, &base, path).await?;
        }
        sign_in_with(browser, &base, ("admin", support::ADMIN_PASSWORD)).await?;
        raw_codes_absent(browser, &base, "/cooperation/agreements").await?;
        raw_codes_absent(browser, &base, "/admin/local-wages").await?;
        let wages = page_text(browser).await?;
        if !wages.contains("常州市") || !wages.contains("123,485 元") {
            return Err(format!(
                "the local wages show codes or unformatted amounts: {wages:?}"
            ));
        }
        browser
            .screenshots(&base, "/coverage/agreements/CN-KR-2003", "g4-agreement")
            .await?;
        browser
            .screenshots(&base, "/admin/local-wages", "g4-local-wages")
            .await?;
        browser
            .screenshots(&base, "/coverage", "g4-agreements")
            .await
    })
    .await?;
    Ok(())
}

/// Fails when a Chinese page shows an agreement code, an ISO date outside a form, a path of
/// the specification, an untranslated key, or a developer's field name.
async fn raw_codes_absent(browser: &Browser, base: &str, path: &str) -> Outcome {
    goto_zh(browser, base, path).await?;
    // Form controls hold values as typed (dates as YYYY-MM-DD): only the text a reader reads.
    let text = browser
        .execute(
            "const m = (document.querySelector('main') || document.body).cloneNode(true);\
             m.querySelectorAll('form, input, select, textarea, .doc').forEach(e => e.remove());\
             return m.innerText;",
            json!([]),
        )
        .await?;
    let text = text.as_str().unwrap_or_default();
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "，。；：（）()、,;:".contains(c))
        .collect();
    let agreement_code = |w: &&str| {
        let parts: Vec<&str> = w.split('-').collect();
        parts.len() == 3
            && parts[0] == "CN"
            && parts[1].len() == 2
            && parts[2].len() == 4
            && parts[2].chars().all(|c| c.is_ascii_digit())
    };
    let iso_date = |w: &&str| {
        w.len() == 10
            && w.as_bytes()[4] == b'-'
            && w.as_bytes()[7] == b'-'
            && w.chars().filter(char::is_ascii_digit).count() == 8
    };
    // An untranslated message key ("unit-person-times") or a developer's field or code name
    // ("extension_max_months", "trimmed_mean").
    let lower = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    let message_key = |w: &&str| w.split('-').count() >= 3 && w.split('-').all(lower);
    let field_name = |w: &&str| w.split('_').count() >= 2 && w.split('_').all(lower);
    let found: Vec<&&str> = words
        .iter()
        .filter(|w| {
            agreement_code(w)
                || iso_date(w)
                || w.contains("shared/spec")
                || message_key(w)
                || field_name(w)
        })
        .collect();
    if found.is_empty() {
        Ok(())
    } else {
        Err(format!("{path} in Chinese shows {found:?}"))
    }
}

// ---------------------------------------------------------------------------------------------
// Group 5: time and order.

#[tokio::test]
async fn browser_group5_times_in_china_standard_time_and_countries_in_pinyin_order(
) -> Result<(), Failure> {
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    let base = server.base.clone();
    with_browser(async |browser| {
        sign_in_with(browser, &base, ("admin", support::ADMIN_PASSWORD)).await?;
        goto_zh(browser, &base, "/persons/new").await?;
        let options = browser
            .execute(
                "return [...document.querySelectorAll('#nationality option')].filter(o => o.value).slice(0, 3).map(o => o.text);",
                json!([]),
            )
            .await?;
        let first: Vec<String> = serde_json::from_value(options).map_err(|e| e.to_string())?;
        if !first.first().is_some_and(|n| n.starts_with('阿')) {
            return Err(format!(
                "countries are not in pinyin order on a Chinese form: {first:?}"
            ));
        }
        browser.send_keys(&browser.wait_for("#name_native").await?, "周敏").await?;
        browser.type_into("#name_latin", "Zhou Min").await?;
        browser.set_value("sex", "female").await?;
        browser.set_value("birth_date", "1992-07-08").await?;
        browser.set_value("nationality", "CN").await?;
        browser.click_on("form.form button[type=submit]").await?;
        let (path, _) = browser
            .wait_for_record("the new person's page", &base, "/persons/")
            .await?;
        goto_zh(browser, &base, &path).await?;
        let text = page_text(browser).await?;
        // The record's time is Beijing time, with the zone named, never UTC.
        if !text.contains("北京时间") || text.contains("UTC") {
            return Err(format!("times are not shown in Beijing time: {text:?}"));
        }
        browser.screenshots(&base, &path, "g5-person").await?;
        browser.screenshots(&base, "/persons/new", "g5-person-form").await
    })
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Group 6: forms keep values, show every error at once, take grouped digits, fit a phone.

#[tokio::test]
async fn browser_group6_forms_keep_values_show_every_error_and_fit_a_phone() -> Result<(), Failure>
{
    if !browser_available()? {
        return Ok(());
    }
    let server = support::Server::start(None).await;
    crate::journeys::officer(&server, "mobility")?;
    let base = server.base.clone();
    with_browser(async |browser| {
        // The points calculator: several mistakes, every one named at once; no "not saved".
        let calculator = "/work-permits/calculator?birth_date=1990-13-45&annual_salary_cny=abc\
                          &education=&related_experience_years=-3&months_in_china_per_year=12\
                          &province=310000";
        goto_zh(browser, &base, calculator).await?;
        let errors = browser
            .execute(
                "return [...document.querySelectorAll('.field-error')].map(e => e.closest('.field') ? e.closest('.field').querySelector('label').innerText : e.innerText);",
                json!([]),
            )
            .await?;
        let errors: Vec<String> = serde_json::from_value(errors).map_err(|e| e.to_string())?;
        if errors.len() < 4 {
            return Err(format!(
                "the calculator names {} of 4 mistakes at once: {errors:?}",
                errors.len()
            ));
        }
        let text = page_text(browser).await?;
        if text.contains("尚未保存") || text.contains("Nothing was saved") {
            return Err("the public calculator speaks of saving".into());
        }
        browser.screenshots(&base, calculator, "g6-calculator-errors").await?;
        // On a phone the calculator and its breakdown fit the screen's width.
        let scored = "/work-permits/calculator?birth_date=1980-01-01&annual_salary_cny=300000\
                      &education=master&related_experience_years=5&months_in_china_per_year=12\
                      &province=310000";
        goto_zh(browser, &base, scored).await?;
        browser.wait_for("section#result table").await?;
        browser.set_width(375).await?;
        let over = browser.overflow_px().await?;
        browser.set_width(1280).await?;
        if over > 0 {
            return Err(format!("the calculator is {over} px wider than a 375 px phone"));
        }
        browser.screenshots(&base, scored, "g6-calculator").await?;

        // The returnee call form: a mistake keeps what was typed; "1,000,000" is a budget.
        sign_in(browser, &base, "officer").await?;
        goto_zh(browser, &base, "/returnees/calls").await?;
        browser.type_into("#year", "20x6").await?;
        browser.type_into("#title", "2026 start-up support").await?;
        browser.type_into("#budget_cny", "1,000,000").await?;
        browser.click_on("form.form button.primary").await?;
        browser.wait_for("#year-error").await?;
        let kept = browser
            .execute(
                "return [document.getElementById('title').value, document.getElementById('budget_cny').value, !!document.getElementById('budget_cny-error')];",
                json!([]),
            )
            .await?;
        if kept != json!(["2026 start-up support", "1,000,000", false]) {
            return Err(format!(
                "the refused call form kept {kept} (title, budget, a budget error)"
            ));
        }
        browser.shoot("g6-returnee-call-refused-zh-CN").await?;
        browser
            .execute("document.getElementById('year').value = '2026';", json!([]))
            .await?;
        browser.click_on("form.form button.primary").await?;
        let (call_path, _) = browser
            .wait_for_record("the new call's page", &base, "/returnees/calls/")
            .await?;
        let text = page_text(browser).await?;
        if !text.contains("1,000,000 元") {
            return Err(format!("the call's budget is not 1,000,000 元: {text:?}"));
        }
        browser.screenshots(&base, &call_path, "g6-returnee-call").await?;
        browser.screenshots(&base, "/returnees/calls", "g6-returnee-calls").await
    })
    .await?;
    Ok(())
}
