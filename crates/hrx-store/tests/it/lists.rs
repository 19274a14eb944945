//! Officers' lists walked by key (issue 23 group 7): every row once, in order, with a search
//! and a filter kept from page to page, and totals counted up to a cap.

use crate::on_each_backend;
use crate::support::{self, import_text};
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::imports::ImportKind;
use hrx_store::case::{QueueQuery, QueueSort};
use hrx_store::coverage::CoverageCertificate;
use hrx_store::students::{StudyKind, StudyQuery};
use hrx_store::Store;

const STUDY_HEADER: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,destination_country,institution,isced_level,field,funding,departure_date,return_date";

/// 130 episodes over 7 departure days (so that many rows share a day and the id breaks the
/// tie), a third of them of people named Li, one in five still abroad.
fn study_text() -> String {
    let countries = ["US", "GB", "JP", "AU", "DE"];
    let rows: Vec<String> = (0..130)
        .map(|i| {
            let family = if i % 3 == 0 { "Li" } else { "Zhang" };
            let ret = if i % 5 == 0 { String::new() } else { "2019-06-30".into() };
            format!(
                "SA{i:07},P{i:07},{family},Wei{},M,1990-01-01,{},University {},6,Physics,self_funded,2015-09-0{},{ret}",
                support::letters(i % 97),
                countries[i % countries.len()],
                i % 7,
                1 + i % 7,
            )
        })
        .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    support::csv_text(STUDY_HEADER, &refs)
}

/// Every page of a list, 9 rows at a time, by following `next`: the ids in the order shown.
async fn walk(store: &Store, query: &StudyQuery, label: &str) -> (Vec<i64>, i64) {
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut total = None;
    for _ in 0..100 {
        let page = store
            .study_records_after(StudyKind::StudyAbroad, query, after.as_deref())
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert!(page.items.len() <= 9, "{label}");
        assert!(!page.total_capped, "{label}");
        total.get_or_insert(page.total);
        assert_eq!(Some(page.total), total, "{label}: the total stays");
        seen.extend(page.items.iter().map(|r| r.id));
        match page.next {
            Some(next) => after = Some(next),
            None => return (seen, page.total),
        }
    }
    panic!("{label}: no end");
}

/// The ids `condition` selects, newest first, as the list must show them.
async fn expected(store: &Store, condition: &str) -> Vec<i64> {
    sqlx::query_scalar(&format!(
        "SELECT r.id FROM study_abroad r JOIN person p ON p.id = r.person_id WHERE {condition} \
         ORDER BY r.departure_date DESC, r.id DESC"
    ))
    .fetch_all(store.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn study_lists_page_by_key_with_search_and_filters_kept() {
    on_each_backend(|store, label| async move {
        let report = import_text(&store, ImportKind::StudyAbroad, &study_text()).await;
        assert_eq!(report.status, "imported", "{label}: {:?}", report.errors);
        let query = |text: &str, country: &str, current: bool| StudyQuery {
            text: Some(text.to_owned()),
            country: Some(country.to_owned()),
            current_only: current,
            page: 1,
            per_page: 9,
        };
        let li = "r.person_id IN (SELECT id FROM person WHERE name_latin LIKE 'Li %' OR name_latin LIKE '% Li')";
        for (text, country, current, condition) in [
            ("", "", false, "1 = 1".to_owned()),
            ("li", "", false, li.to_owned()),
            ("", "us", false, "r.destination_country = 'US'".to_owned()),
            ("", "", true, "r.return_date IS NULL".to_owned()),
            (
                "LI",
                "US",
                true,
                format!("{li} AND r.destination_country = 'US' AND r.return_date IS NULL"),
            ),
            ("SA0000042", "", false, "r.record_ref = 'SA0000042'".to_owned()),
        ] {
            let label = format!("{label}: q={text} country={country} current={current}");
            let want = expected(&store, &condition).await;
            assert!(!want.is_empty(), "{label}");
            let (seen, total) = walk(&store, &query(text, country, current), &label).await;
            assert_eq!(seen, want, "{label}: every row once, newest first");
            assert_eq!(total, want.len() as i64, "{label}");
        }
        // A cursor that is not one starts from the first page; the page-number way (the API)
        // gives the same rows.
        let first = store
            .study_records_after(StudyKind::StudyAbroad, &query("", "", false), Some("x_1"))
            .await
            .unwrap();
        let all = expected(&store, "1 = 1").await;
        assert_eq!(
            first.items.iter().map(|r| r.id).collect::<Vec<_>>(),
            all[..9],
            "{label}"
        );
        let mut second = query("", "", false);
        second.page = 2;
        let paged = store
            .search_study_records(StudyKind::StudyAbroad, &second)
            .await
            .unwrap();
        assert_eq!(
            paged.items.iter().map(|r| r.id).collect::<Vec<_>>(),
            all[9..18],
            "{label}"
        );
        assert_eq!((paged.total, paged.total_capped), (130, false), "{label}");
    })
    .await;
}

const CERT_HEADER: &str = "record_ref,person_ref,family_name,given_name,sex,birth_date,nationality,agreement_code,direction,worker_category,employer_name,certificate_number,valid_from,valid_to,revoked_on";

#[tokio::test]
async fn certificates_ending_soon_are_a_filter_of_the_queue_and_a_short_section() {
    on_each_backend(|store, label| async move {
        // 30 certificates in force, five ending in each month from January to June 2027.
        let rows: Vec<String> = (0..30)
            .map(|i| {
                format!(
                    "E{i},W{i},Weber,Max{},M,1970-01-01,DE,CN-DE-2001,inbound,posted_worker,Berlin GmbH,DE-{i:04},2022-01-01,2027-0{}-15,",
                    support::letters(i),
                    1 + i % 6
                )
            })
            .collect();
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let report =
            import_text(&store, ImportKind::CoverageCertificates, &support::csv_text(CERT_HEADER, &refs)).await;
        assert_eq!(report.status, "imported", "{label}: {:?}", report.errors);
        let window = ("2027-01-01".to_owned(), "2027-03-31".to_owned());
        let in_window: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM coverage_certificate WHERE valid_to >= '2027-01-01' AND valid_to <= '2027-03-31' ORDER BY id DESC",
        )
        .fetch_all(store.pool())
        .await
        .unwrap();
        assert_eq!(in_window.len(), 15, "{label}");
        // The queue filtered to the window, 4 a page: each once, newest first.
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let query = QueueQuery {
                sort: QueueSort::Newest,
                limit: 4,
                after: after.clone(),
                ends_within: Some(window.clone()),
                ..QueueQuery::default()
            };
            let page = store
                .case_queue::<CoverageCertificate>(&query, Scope::All)
                .await
                .unwrap_or_else(|e| panic!("{label}: {e}"));
            assert_eq!(page.total, 15, "{label}");
            seen.extend(page.items.iter().map(|c| c.id));
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, in_window, "{label}");
        // The page's section: the first ten, soonest ending first, and how many in all.
        let day = |m| NaiveDate::from_ymd_opt(2027, m, if m == 3 { 31 } else { 1 }).unwrap();
        let (first, total) = store
            .certificates_ending_first((day(1), day(3)), Scope::All, 10)
            .await
            .unwrap();
        assert_eq!(total, (15, false), "{label}");
        assert_eq!(first.len(), 10, "{label}");
        assert!(
            first.windows(2).all(|w| (&w[0].valid_to, w[0].id) <= (&w[1].valid_to, w[1].id)),
            "{label}"
        );
        // Postings past the limit (48 months from 2022 end in 2025), found as in the queue:
        // by the certificate's number, by the holder's name.
        let numbered = store
            .postings_past_limit_matching(day(1), Scope::All, Some("DE-0003"))
            .await
            .unwrap();
        assert_eq!(
            numbered.iter().map(|(c, _)| c.number.clone()).collect::<Vec<_>>(),
            [Some("DE-0003".to_owned())],
            "{label}"
        );
        for (text, n) in [("weber", 30), ("nobody", 0), ("", 30)] {
            let found = store
                .postings_past_limit_matching(day(1), Scope::All, Some(text))
                .await
                .unwrap();
            assert_eq!(found.len(), n, "{label}: {text}");
        }
    })
    .await;
}

#[tokio::test]
async fn person_lists_page_by_key_in_every_order() {
    use hrx_domain::registry::{Person, PersonInput};
    use hrx_store::registry::{PersonQuery, PersonSort};
    on_each_backend(|store, label| async move {
        // 23 people; every fourth has no Latin name; birth dates repeat, names too.
        for i in 0..23usize {
            let latin = (i % 4 != 0).then(|| format!("Li {}", support::letters(i % 5)));
            let person = Person::parse(
                &PersonInput {
                    name_native: Some(format!("李{}", "一二三四五".chars().nth(i % 5).unwrap())),
                    name_latin: latin,
                    sex: Some("female".into()),
                    birth_date: Some(format!("1990-05-0{}", 1 + i % 3)),
                    nationality: Some(if i % 2 == 0 { "DE" } else { "FR" }.into()),
                    ..Default::default()
                },
                NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            )
            .unwrap_or_else(|e| panic!("{e:?}"));
            store.create_person("admin", &person).await.unwrap();
        }
        let all = store
            .search_persons(
                &PersonQuery {
                    page: 1,
                    per_page: 100,
                    ..PersonQuery::default()
                },
                Scope::All,
            )
            .await
            .unwrap()
            .items;
        assert_eq!(all.len(), 23, "{label}");
        for sort in [
            PersonSort::Newest,
            PersonSort::LatinName,
            PersonSort::BirthDate,
        ] {
            for nationality in [None, Some("FR")] {
                let label = format!("{label}: {sort:?} {nationality:?}");
                let mut want: Vec<_> = all
                    .iter()
                    .filter(|p| nationality.is_none_or(|n| p.nationality == n))
                    .collect();
                match sort {
                    PersonSort::Newest => want.sort_by_key(|p| std::cmp::Reverse(p.id)),
                    PersonSort::LatinName => want.sort_by(|a, b| {
                        (a.name_latin.is_none(), &a.name_latin, a.id).cmp(&(
                            b.name_latin.is_none(),
                            &b.name_latin,
                            b.id,
                        ))
                    }),
                    PersonSort::BirthDate => want.sort_by_key(|p| (p.birth_date.clone(), p.id)),
                }
                let want: Vec<i64> = want.iter().map(|p| p.id).collect();
                let query = PersonQuery {
                    sort,
                    nationality: nationality.map(str::to_owned),
                    page: 1,
                    per_page: 4,
                    ..PersonQuery::default()
                };
                let mut seen = Vec::new();
                let mut after: Option<String> = None;
                for _ in 0..20 {
                    let page = store
                        .persons_after(&query, Scope::All, after.as_deref())
                        .await
                        .unwrap_or_else(|e| panic!("{label}: {e}"));
                    assert!(page.items.len() <= 4, "{label}");
                    assert_eq!(page.total, want.len() as i64, "{label}");
                    seen.extend(page.items.iter().map(|p| p.id));
                    match page.next {
                        Some(next) => after = Some(next),
                        None => break,
                    }
                }
                assert_eq!(seen, want, "{label}");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_common_name_is_found_by_probing_and_counted_to_a_thousand() {
    on_each_backend(|store, label| async move {
        // 1,050 people named Li and 20 named Wang, one episode each.
        let rows: Vec<String> = (0..1_070)
            .map(|i| {
                let family = if i < 1_050 { "Li" } else { "Wang" };
                format!(
                    "SL{i:07},Q{i:07},{family},Ming{},M,1990-01-01,US,University,6,Physics,self_funded,2015-09-0{},",
                    support::letters(i),
                    1 + i % 7,
                )
            })
            .collect();
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let report =
            import_text(&store, ImportKind::StudyAbroad, &support::csv_text(STUDY_HEADER, &refs))
                .await;
        assert_eq!(report.status, "imported", "{label}: {:?}", report.errors.first());
        let query = |text: &str| StudyQuery {
            text: Some(text.to_owned()),
            page: 1,
            per_page: 200,
            ..StudyQuery::default()
        };
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = store
                .study_records_after(StudyKind::StudyAbroad, &query("li"), after.as_deref())
                .await
                .unwrap();
            assert_eq!((page.total, page.total_capped), (1_000, true), "{label}");
            seen.extend(page.items.iter().map(|r| r.id));
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        let li = "(p.name_latin LIKE 'Li %' OR p.name_latin LIKE '% Li')";
        assert_eq!(seen, expected(&store, li).await, "{label}");
        let wang = store
            .study_records_after(StudyKind::StudyAbroad, &query("wang"), None)
            .await
            .unwrap();
        assert_eq!((wang.total, wang.total_capped), (20, false), "{label}");
    })
    .await;
}

#[tokio::test]
async fn the_import_history_pages_by_key_with_words_and_kinds() {
    on_each_backend(|store, label| async move {
        for i in 1..=25 {
            let kind = if i % 3 == 0 { "coverage-certificates" } else { "study-abroad" };
            let actor = if i % 2 == 0 { "wang.officer" } else { "li.officer" };
            sqlx::query(
                "INSERT INTO import_run (id, kind, file_name, sha256, actor, status, rows_read, \
                 rows_created, rows_updated, rows_unchanged, rows_rejected, persons_created, \
                 started_at, finished_at) VALUES ($1, $2, $3, 'x', $4, 'imported', 1, 1, 0, 0, 0, 1, \
                 '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z')",
            )
            .bind(i)
            .bind(kind)
            .bind(format!("Returns {} 2026-{i:02}.csv", if i % 5 == 0 { "Beijing" } else { "Shanghai" }))
            .bind(actor)
            .execute(store.pool())
            .await
            .unwrap();
        }
        let walk = |kinds: Vec<ImportKind>, text: &'static str| {
            let store = store.clone();
            async move {
                let (mut seen, mut after, mut total) = (Vec::new(), None::<String>, None);
                loop {
                    let page = store
                        .import_runs_after(&kinds, Some(text), after.as_deref(), 4)
                        .await
                        .unwrap();
                    assert!(page.items.len() <= 4);
                    total.get_or_insert(page.total);
                    seen.extend(page.items.iter().map(|r| r.id));
                    match page.next {
                        Some(n) => after = Some(n),
                        None => return (seen, total.unwrap_or(-1)),
                    }
                }
            }
        };
        let expected = |keep: &dyn Fn(i64) -> bool| (1..=25).rev().filter(|i| keep(*i)).collect::<Vec<i64>>();
        let all = walk(ImportKind::ALL.to_vec(), "").await;
        assert_eq!(all, (expected(&|_| true), 25), "{label}");
        let coverage = walk(vec![ImportKind::CoverageCertificates], "").await;
        assert_eq!(coverage, (expected(&|i| i % 3 == 0), 8), "{label}");
        let words = walk(ImportKind::ALL.to_vec(), "beijing WANG").await;
        assert_eq!(words, (expected(&|i| i % 10 == 0), 2), "{label}");
        let none = walk(Vec::new(), "").await;
        assert_eq!(none, (Vec::new(), 0), "{label}: no kind, nothing");
    })
    .await;
}

#[tokio::test]
async fn training_participants_page_by_key_with_a_name_or_a_group() {
    on_each_backend(|store, label| async move {
        // 40 participations over 4 departure days, ten groups of four, half of them named Liu.
        let rows: Vec<String> = (0..40)
            .map(|i| {
                let (family, given) = if i % 2 == 0 { ("刘", "洋") } else { ("陈", "静") };
                format!(
                    "T{i:03},P{i:03},{family},{given},M,1972-05-05,SAFEA-2009-0{},professional_technical,DE,\
                     Synthetic Training Centre,Synthetic Hubei Department of Education,,G{},2009-03-0{},2009-03-21",
                    1 + i % 4,
                    i / 4,
                    1 + i % 4,
                )
            })
            .collect();
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let text = support::csv_text(
            "record_ref,person_ref,family_name,given_name,sex,birth_date,programme_code,programme_type,host_country,host_institution,sending_unit,funding_channel,group_code,departure_date,return_date",
            &refs,
        );
        let report = import_text(&store, ImportKind::TrainingAbroad, &text).await;
        assert_eq!(report.status, "imported", "{label}: {:?}", report.errors);
        let walk = |text: Option<&'static str>| {
            let store = store.clone();
            async move {
                let query = hrx_store::training::ParticipantQuery {
                    year: Some(2009),
                    text: text.map(str::to_owned),
                    per_page: 3,
                    ..Default::default()
                };
                let (mut seen, mut after) = (Vec::new(), None::<String>);
                loop {
                    let page = store
                        .training_participants_after(&query, after.as_deref())
                        .await
                        .unwrap();
                    assert!(page.items.len() <= 3);
                    seen.extend(page.items.iter().map(|p| (p.departure_date.clone(), p.record_ref.clone())));
                    match page.next {
                        Some(n) => after = Some(n),
                        None => return (seen, page.total),
                    }
                }
            }
        };
        let (all, total) = walk(None).await;
        assert_eq!(total, 40, "{label}");
        let mut sorted = all.clone();
        sorted.sort_by(|a, b| b.0.cmp(&a.0));
        assert_eq!(all.len(), 40, "{label}: every row once");
        assert_eq!(
            all.iter().map(|r| &r.0).collect::<Vec<_>>(),
            sorted.iter().map(|r| &r.0).collect::<Vec<_>>(),
            "{label}: newest departure first"
        );
        let (liu, total) = walk(Some("刘")).await;
        assert_eq!((liu.len(), total), (20, 20), "{label}");
        let (group, _) = walk(Some("G3")).await;
        let mut refs: Vec<String> = group.into_iter().map(|r| r.1).collect();
        refs.sort();
        assert_eq!(refs, ["T012", "T013", "T014", "T015"], "{label}");
        let (one, _) = walk(Some("t007")).await;
        assert_eq!(one.len(), 1, "{label}: a reference in small letters");
    })
    .await;
}

#[tokio::test]
async fn the_laureates_register_pages_by_key_with_names_that_share_a_year() {
    on_each_backend(|store, label| async move {
        // 30 laureates over 3 years; names with the cursor's separator in them, and two alike.
        for i in 0..30_i64 {
            let name = match i % 5 {
                0 => format!("Anne_Marie {i}"),
                1 => "John Smith".to_owned(),
                _ => format!("Laureate {:02}", 30 - i),
            };
            let country = if i % 3 == 0 { "DE" } else { "US" };
            sqlx::query(
                "INSERT INTO award_laureate (id, award, award_year, name, name_zh, nationality, field, \
                 employer, conferral, created_by, created_at) VALUES ($1, 'friendship', $2, $3, '', $4, \
                 'Engineering', 'Synthetic Works', 'ceremony', 'seed', '2026-01-01T00:00:00Z')",
            )
            .bind(i + 1)
            .bind(2008 + i % 3)
            .bind(&name)
            .bind(country)
            .execute(store.pool())
            .await
            .unwrap();
        }
        for (query, limit) in [
            (hrx_store::awards::LaureateQuery::default(), 4),
            (
                hrx_store::awards::LaureateQuery {
                    country: Some("us".into()),
                    q: Some("laureate".into()),
                    ..Default::default()
                },
                3,
            ),
        ] {
            let whole = store.award_laureates(&query).await.unwrap();
            let (mut seen, mut after) = (Vec::new(), None::<String>);
            loop {
                let page = store
                    .award_laureates_after(&query, after.as_deref(), limit)
                    .await
                    .unwrap();
                assert_eq!(page.total, whole.len() as i64, "{label}");
                seen.extend(page.items.iter().map(|l| l.id));
                match page.next {
                    Some(n) => after = Some(n),
                    None => break,
                }
            }
            let expected: Vec<i64> = whole.iter().map(|l| l.id).collect();
            assert!(!expected.is_empty(), "{label}");
            assert_eq!(seen, expected, "{label}: {query:?}");
        }
        let (years, countries) = store.award_laureate_choices().await.unwrap();
        assert_eq!(years, [2010, 2009, 2008], "{label}");
        let mut countries = countries;
        countries.sort();
        assert_eq!(countries, ["DE", "US"], "{label}");
    })
    .await;
}
