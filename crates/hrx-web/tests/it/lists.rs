//! Officers' lists (issue 23 group 7): more rows than one page, walked by the next-page link
//! with no row lost or repeated, the search and filters kept in every link, a total that
//! does not count a million rows, and the certificates' page that no longer lists hundreds
//! of rows below its queue.

use super::{on_each_backend_at, App};
use crate::support::day;
use hrx_domain::access::Capability;
use hrx_domain::imports::ImportKind;
use hrx_store::imports::{ImportOptions, Progress};
use std::collections::HashSet;

/// Imports `rows` under `header` as a file of `kind`.
async fn import(app: &App, kind: ImportKind, header: &str, rows: &[String]) {
    let dir = std::env::temp_dir().join(format!("hrx-lists-{}", hrx_store::random_name().unwrap()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("rows.csv");
    std::fs::write(&path, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
    let report = app
        .store
        .import_file(
            &path,
            ImportOptions {
                kind,
                skip_invalid: false,
                ignore_unknown_columns: false,
                rejects: None,
                actor: "tester".into(),
                file_name: "rows.csv".into(),
                today: day(2025, 1, 1).unwrap(),
            },
            Progress::new(),
        )
        .await
        .unwrap();
    assert_eq!(
        report.status, "imported",
        "{}: {:?}",
        app.label, report.errors
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// Letters for a number (names take no digits): 0 → "a", 27 → "bb".
fn letters(n: usize) -> String {
    let a = |k: usize| char::from(b'a' + (k % 26) as u8);
    format!("{}{}", a(n / 26), a(n))
}

const STUDY_HEADER: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,destination_country,institution,isced_level,field,funding,departure_date,return_date";

/// 70 episodes over 4 departure days; a third of the people are named Li; every other one
/// went to the United States.
fn study_rows() -> Vec<String> {
    (0..70)
        .map(|i| {
            let family = if i % 3 == 0 { "Li" } else { "Zhang" };
            let country = if i % 2 == 0 { "US" } else { "GB" };
            format!(
                "SA{i:05},P{i:05},{family},Wei{},M,1990-01-01,{country},University {i},6,Physics,self_funded,2015-09-0{},",
                letters(i),
                1 + i % 4
            )
        })
        .collect()
}

/// The ids of the records `prefix/{id}` linked from the list's table.
fn row_ids(body: &str, prefix: &str) -> Vec<i64> {
    let table = body
        .split("<tbody>")
        .nth(1)
        .and_then(|t| t.split("</tbody>").next())
        .unwrap_or("");
    let mut ids = Vec::new();
    for part in table.split(&format!("href=\"{prefix}/")).skip(1) {
        if let Ok(id) = part.split('"').next().unwrap_or("").parse::<i64>() {
            if ids.last() != Some(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

/// The next page's address, if the page links one.
fn next_link(body: &str) -> Option<String> {
    let before = body.split("\" rel=\"next\"").next()?;
    if before.len() == body.len() {
        return None;
    }
    let href = before.rsplit("href=\"").next()?;
    Some(href.replace("&amp;", "&").replace("&#38;", "&"))
}

/// Every page from `first`, by the next-page links: the ids in order, and every link seen.
async fn walk(
    browser: &mut crate::pages::Browser<'_>,
    first: &str,
    prefix: &str,
    label: &str,
) -> (Vec<i64>, Vec<String>) {
    walk_by(browser, first, label, 25, |body| row_ids(body, prefix)).await
}

/// As [`walk`], with the page's own rows (`rows` reads their ids) and at most `per_page` a
/// page.
async fn walk_by(
    browser: &mut crate::pages::Browser<'_>,
    first: &str,
    label: &str,
    per_page: usize,
    rows: impl Fn(&str) -> Vec<i64>,
) -> (Vec<i64>, Vec<String>) {
    let mut ids = Vec::new();
    let mut links = Vec::new();
    let mut at = first.to_owned();
    for _ in 0..50 {
        let page = browser.get(&at).await;
        page.expect(axum::http::StatusCode::OK, label);
        let here = rows(&page.body);
        assert!(
            here.len() <= per_page,
            "{label}: {at}: {} rows on one page",
            here.len()
        );
        ids.extend(here);
        match next_link(&page.body) {
            Some(next) => {
                links.push(next.clone());
                at = next;
            }
            None => return (ids, links),
        }
    }
    panic!("{label}: no last page: {links:?}");
}

async fn ids_where(app: &App, sql: &str) -> Vec<i64> {
    sqlx::query_scalar(sql)
        .fetch_all(app.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn study_lists_page_by_key_and_keep_the_search() {
    on_each_backend_at(day(2025, 1, 1), |app| async move {
        import(&app, ImportKind::StudyAbroad, STUDY_HEADER, &study_rows()).await;
        app.officer("mobility", Capability::Mobility).await;
        let mut officer = app.browser("mobility").await;
        let label = app.label;

        // All 70 over three pages, newest first, none twice.
        let (seen, links) = walk(&mut officer, "/study-abroad", "/study-abroad", label).await;
        let all = ids_where(
            &app,
            "SELECT id FROM study_abroad ORDER BY departure_date DESC, id DESC",
        )
        .await;
        assert_eq!(seen, all, "{label}");
        assert_eq!(links.len(), 2, "{label}: {links:?}");
        assert!(links.iter().all(|l| l.contains("after=")), "{label}: {links:?}");
        let first = officer.get("/study-abroad").await;
        assert!(first.body.contains("70 条") || first.body.contains("70 records"), "{label}");
        assert!(first.body.contains("name=\"q\""), "{label}: a search box");

        // A search with a filter: every page keeps both.
        let (seen, links) = walk(
            &mut officer,
            "/study-abroad?q=li&country=US",
            "/study-abroad",
            label,
        )
        .await;
        let want = ids_where(
            &app,
            "SELECT r.id FROM study_abroad r JOIN person p ON p.id = r.person_id \
             WHERE (p.name_latin LIKE 'Li %' OR p.name_latin LIKE '% Li') AND r.destination_country = 'US' \
             ORDER BY r.departure_date DESC, r.id DESC",
        )
        .await;
        assert_eq!(want.len(), 12, "{label}");
        assert_eq!(seen, want, "{label}");
        assert!(links.is_empty(), "{label}: 12 rows fit on one page");
        let (seen, links) = walk(
            &mut officer,
            "/study-abroad?country=US",
            "/study-abroad",
            label,
        )
        .await;
        assert_eq!(seen.len(), 35, "{label}");
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 35, "{label}");
        assert!(
            links.iter().all(|l| l.contains("country=US") && l.contains("after=")),
            "{label}: {links:?}"
        );
        // A record's number finds it; an old page number starts from the first page.
        let found = officer.get("/study-abroad?q=SA00042").await;
        assert_eq!(row_ids(&found.body, "/study-abroad").len(), 1, "{label}");
        let old = officer.get("/study-abroad?page=2").await;
        assert_eq!(row_ids(&old.body, "/study-abroad"), all[..25], "{label}");
        // A cursor that is not one is the first page too.
        let odd = officer.get("/study-abroad?after=nonsense").await;
        assert_eq!(row_ids(&odd.body, "/study-abroad"), all[..25], "{label}");
    })
    .await;
}

const CERT_HEADER: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,agreement_code,direction,worker_category,employer_name,certificate_number,valid_from,valid_to,revoked_on";

#[tokio::test]
async fn the_certificates_page_pages_its_queue_and_shortens_its_sections() {
    on_each_backend_at(day(2025, 1, 1), |app| async move {
        // 60 certificates in force, all ending within 90 days of 2025-01-01, 20 within 30.
        let rows: Vec<String> = (0..60)
            .map(|i| {
                let family = if i % 4 == 0 { "Weber" } else { "Kim" };
                let (nationality, agreement) = if i % 4 == 0 {
                    ("DE", "CN-DE-2001")
                } else {
                    ("KR", "CN-KR-2012")
                };
                let ends = if i % 3 == 0 { "2025-01-20" } else { "2025-03-15" };
                format!(
                    "C{i},W{i},{family},Max{},M,1970-01-01,{nationality},{agreement},inbound,posted_worker,Employer {i},N-{i:04},2024-01-01,{ends},",
                    letters(i)
                )
            })
            .collect();
        import(&app, ImportKind::CoverageCertificates, CERT_HEADER, &rows).await;
        app.officer("coverage", Capability::Coverage).await;
        let mut officer = app.browser("coverage").await;
        let label = app.label;
        let prefix = "/coverage/certificates";

        let page = officer.get(prefix).await;
        page.expect(axum::http::StatusCode::OK, label);
        // The sections below the queue show ten each and link to the rest.
        let links_below = page.body.split("id=\"ending-30\"").nth(1).unwrap_or("");
        let certificates_below = links_below.matches("href=\"/coverage/certificates/").count();
        assert!(
            certificates_below <= 3 * 10 + 1,
            "{label}: {certificates_below} certificates listed below the queue"
        );
        assert!(page.body.contains("?ending=30#certificates"), "{label}");
        assert!(page.body.contains("?ending=90#certificates"), "{label}");

        // The queue: 60 over three pages, each once.
        let (seen, _) = walk(&mut officer, prefix, prefix, label).await;
        assert_eq!(seen.len(), 60, "{label}");
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 60, "{label}");
        // Ending within 30 days, searched by name: every link keeps both.
        let (seen, links) =
            walk(&mut officer, &format!("{prefix}?ending=30&q=kim"), prefix, label).await;
        let want = ids_where(
            &app,
            "SELECT c.id FROM coverage_certificate c JOIN person p ON p.id = c.person_id \
             WHERE c.valid_to <= '2025-01-31' AND (p.name_latin LIKE 'Kim %' OR p.name_latin LIKE '% Kim') ORDER BY c.id DESC",
        )
        .await;
        assert_eq!(want.len(), 15, "{label}");
        assert_eq!(seen, want, "{label}");
        assert!(links.is_empty(), "{label}");
        let (seen, links) = walk(&mut officer, &format!("{prefix}?ending=90"), prefix, label).await;
        assert_eq!(seen.len(), 60, "{label}");
        assert!(
            links.iter().all(|l| l.contains("ending=90") && l.contains("after=")),
            "{label}: {links:?}"
        );
        let filtered = officer.get(&format!("{prefix}?ending=30")).await;
        assert!(
            filtered.body.contains("<option value=\"30\" selected"),
            "{label}: the filter shows what it is set to"
        );
    })
    .await;
}

#[tokio::test]
async fn the_person_list_pages_by_key_in_each_order() {
    on_each_backend_at(day(2025, 1, 1), |app| async move {
        let admin = app.admin().await;
        for i in 0..30 {
            let family = if i % 2 == 0 { "Schmidt" } else { "Meyer" };
            app.person(
                &admin,
                &format!("{family} {}", letters(i)),
                &format!("E1234{i:04}"),
            )
            .await;
        }
        app.officer("registrar", Capability::Registry).await;
        let mut officer = app.browser("registrar").await;
        let label = app.label;
        for first in [
            "/persons",
            "/persons?sort=name",
            "/persons?sort=birth_date",
            "/persons?q=schmidt&sort=name",
        ] {
            let (seen, links) = walk(&mut officer, first, "/persons", label).await;
            let n = if first.contains("q=") { 15 } else { 30 };
            assert_eq!(seen.len(), n, "{label}: {first}");
            assert_eq!(
                seen.iter().collect::<HashSet<_>>().len(),
                n,
                "{label}: {first}"
            );
            let kept = first.split('?').nth(1).unwrap_or("");
            assert!(
                links
                    .iter()
                    .all(|l| l.contains(kept) && l.contains("after=")),
                "{label}: {links:?}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn the_organisation_list_pages_by_key_and_keeps_its_filters() {
    use hrx_domain::registry::{Organisation, OrganisationKind};
    on_each_backend_at(day(2025, 1, 1), |app| async move {
        let label = app.label;
        for i in 0..40 {
            let o = Organisation {
                kind: OrganisationKind::ForeignInstitution,
                name_zh: None,
                name_en: Some(format!(
                    "Institut {} {i}",
                    if i % 2 == 0 { "Nord" } else { "Sud" }
                )),
                country: if i % 4 == 0 { "FR" } else { "DE" }.into(),
                province: None,
                credit_code: None,
            };
            app.store.create_organisation("admin", &o).await.unwrap();
        }
        app.officer("registrar", Capability::Registry).await;
        let mut officer = app.browser("registrar").await;
        for (first, n) in [
            ("/organisations", 40),
            ("/organisations?q=nord", 20),
            ("/organisations?country=FR", 10),
        ] {
            let (seen, links) = walk(&mut officer, first, "/organisations", label).await;
            assert_eq!(seen.len(), n, "{label}: {first}");
            assert_eq!(
                seen.iter().collect::<HashSet<_>>().len(),
                n,
                "{label}: {first}: a row repeated"
            );
            assert!(
                seen.windows(2).all(|w| w[0] > w[1]),
                "{label}: {first}: not newest first"
            );
            let kept = first.split('?').nth(1).unwrap_or("");
            assert!(
                links
                    .iter()
                    .all(|l| l.contains(kept) && l.contains("after=")),
                "{label}: {links:?}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn serving_staff_are_paged_by_key_with_the_filters_kept() {
    use hrx_store::intorgs::ServingInput;
    on_each_backend_at(day(2025, 1, 1), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        for i in 0..70 {
            let person = app
                .person(
                    &admin,
                    &format!("Staff {}", letters(i)),
                    &format!("E7700{i:04}"),
                )
                .await;
            let input = ServingInput {
                person_id: person,
                organisation: if i % 2 == 0 { "UN" } else { "UNOG" }.into(),
                grade: if i % 3 == 0 { "P-4" } else { "P-3" }.into(),
                duty_station: "Geneva".into(),
                appointment_type: "fixed_term".into(),
                subject_to_geo: Some(true),
                // Several people share a start: the id breaks the tie.
                start_date: format!("2020-0{}-01", 1 + i % 5),
                end_date: String::new(),
                source: "organisation_report".into(),
            };
            app.store
                .create_io_serving("admin", &input)
                .await
                .unwrap_or_else(|e| panic!("{label}: {e:?}"));
        }
        app.officer("iofficer", Capability::IntOrgs).await;
        let mut root = app.browser("iofficer").await;
        let base = "/international-organisations/serving";
        for (first, n) in [
            (base.to_owned(), 70),
            (format!("{base}?organisation=UN"), 35),
        ] {
            let (seen, links) = walk_by(&mut root, &first, label, 50, |body| {
                body.split("<tr id=\"serving-")
                    .skip(1)
                    .filter_map(|p| p.split('"').next()?.parse().ok())
                    .collect()
            })
            .await;
            assert_eq!(seen.len(), n, "{label}: {first}");
            assert_eq!(
                seen.iter().collect::<HashSet<_>>().len(),
                n,
                "{label}: {first}"
            );
            let kept = first.split('?').nth(1).unwrap_or("");
            assert!(
                !links.is_empty() || n <= 50,
                "{label}: {first}: no next page"
            );
            assert!(
                links
                    .iter()
                    .all(|l| l.contains(kept) && l.contains("after=")),
                "{label}: {links:?}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn foreign_experts_are_paged_by_key_with_the_filters_kept() {
    use hrx_domain::awards::experts::EngagementInput;
    on_each_backend_at(day(2025, 1, 1), |app| async move {
        let label = app.label;
        let admin = app.admin().await;
        let person = app.person(&admin, "Expert Paging", "E88000001").await;
        for i in 0..60 {
            let year = 1950 + i;
            let input = EngagementInput {
                person_id: person,
                expert_class: None,
                employer_name: format!("Synthetic Institute {i}"),
                programme: None,
                province: "110000".into(),
                sector: "education".into(),
                start_date: format!("{year}-03-01"),
                end_date: format!("{year}-06-30"),
                document_ref: None,
            };
            app.store
                .create_expert_engagement("admin", &input)
                .await
                .unwrap_or_else(|e| panic!("{label}: {e:?}"));
        }
        let mut root = app.browser("root").await;
        for first in ["/experts", "/experts?origin=foreign"] {
            let (seen, links) = walk_by(&mut root, first, label, 50, |body| {
                body.split("Synthetic Institute ")
                    .skip(1)
                    .filter_map(|p| p.split('<').next()?.trim().parse::<i64>().ok())
                    .collect()
            })
            .await;
            assert_eq!(seen.len(), 60, "{label}: {first}: {seen:?}");
            assert_eq!(
                seen.iter().collect::<HashSet<_>>().len(),
                60,
                "{label}: {first}"
            );
            // Newest start first.
            assert!(
                seen.windows(2).all(|w| w[0] > w[1]),
                "{label}: {first}: {seen:?}"
            );
            let kept = first.split('?').nth(1).unwrap_or("");
            assert!(
                !links.is_empty()
                    && links
                        .iter()
                        .all(|l| l.contains(kept) && l.contains("after=")),
                "{label}: {links:?}"
            );
        }
    })
    .await;
}
