use super::on_each_backend;
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::registry::{Organisation, OrganisationInput, Person, PersonInput};
use hrx_store::registry::{PersonQuery, PersonSort};
use hrx_store::{Store, StoreError};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default()
}

pub fn person(native: &str, latin: &str, passport: &str, org: Option<i64>) -> Person {
    Person::parse(
        &PersonInput {
            name_native: Some(native.into()),
            name_latin: Some(latin.into()),
            sex: Some("female".into()),
            birth_date: Some("1990-05-01".into()),
            nationality: Some("DE".into()),
            passport_number: Some(passport.into()),
            passport_expiry: Some("2031-01-31".into()),
            organisation_id: org,
            ..Default::default()
        },
        today(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"))
}

pub fn employer(name: &str, credit_code: &str) -> Organisation {
    Organisation::parse(&OrganisationInput {
        kind: Some("employer".into()),
        name_zh: Some(name.into()),
        name_en: Some(format!("{name} Ltd")),
        country: Some("CN".into()),
        province: Some("310000".into()),
        credit_code: Some(credit_code.into()),
        version: None,
    })
    .unwrap_or_else(|e| panic!("{e:?}"))
}

pub async fn two_employers(store: &Store) -> (i64, i64) {
    let a = store
        .create_organisation("admin", &employer("甲公司", "91350100M000100Y43"))
        .await
        .map(|o| o.id)
        .unwrap_or_default();
    let b = store
        .create_organisation("admin", &employer("乙公司", "911100001000233692"))
        .await
        .map(|o| o.id)
        .unwrap_or_default();
    (a, b)
}

fn query(text: Option<&str>, document: Option<&str>) -> PersonQuery {
    PersonQuery {
        text: text.map(str::to_owned),
        document: document.map(str::to_owned),
        page: 1,
        per_page: 50,
        ..Default::default()
    }
}

#[tokio::test]
async fn people_are_found_by_either_name_and_by_document() {
    on_each_backend(|store, label| async move {
        let anna = store
            .create_person("admin", &person("安娜", "Anna Müller", "C01X00T47", None))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        store
            .create_person("admin", &person("王伟", "Wang Wei", "E12345678", None))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let ids = |page: hrx_store::Page<hrx_store::registry::PersonRecord>| {
            page.items.iter().map(|p| p.id).collect::<Vec<_>>()
        };
        for text in ["müll", "MÜLLER anna", "an", "安", "娜"] {
            let found = store
                .search_persons(&query(Some(text), None), Scope::All)
                .await;
            assert_eq!(found.map(ids).ok(), Some(vec![anna.id]), "{label}: {text}");
        }
        let found = store
            .search_persons(&query(None, Some("c01x00t47")), Scope::All)
            .await;
        assert_eq!(found.map(ids).ok(), Some(vec![anna.id]), "{label}");
        let found = store
            .search_persons(&query(Some("zzz"), None), Scope::All)
            .await;
        assert_eq!(found.map(|p| p.total).ok(), Some(0), "{label}");
        let all = store.search_persons(&query(None, None), Scope::All).await;
        assert_eq!(all.map(|p| p.total).ok(), Some(2), "{label}");
    })
    .await;
}

#[tokio::test]
async fn a_stale_edit_is_refused_and_overwrites_nothing() {
    on_each_backend(|store, label| async move {
        let created = store
            .create_person("admin", &person("安娜", "Anna Müller", "C01X00T47", None))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let first = store
            .update_person(
                "admin",
                created.id,
                1,
                &person("安娜", "Anna Schmidt", "C01X00T47", None),
                Scope::All,
            )
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(first.version, 2);
        let stale = store
            .update_person(
                "admin",
                created.id,
                1,
                &person("安娜", "Anna Weber", "C01X00T47", None),
                Scope::All,
            )
            .await;
        assert!(
            matches!(stale, Err(StoreError::Stale { current: 2 })),
            "{label}: {stale:?}"
        );
        let now = store.person(created.id, Scope::All).await.ok().flatten();
        assert_eq!(
            now.and_then(|p| p.name_latin).as_deref(),
            Some("Anna Schmidt"),
            "{label}"
        );
        let history = store
            .history("person", &created.id.to_string())
            .await
            .unwrap_or_default();
        assert_eq!(
            history.len(),
            2,
            "{label}: a refused edit leaves no audit entry"
        );
    })
    .await;
}

#[tokio::test]
async fn concurrent_edits_from_one_version_let_exactly_one_through() {
    on_each_backend(|store, label| async move {
        let created = store
            .create_person("admin", &person("安娜", "Anna Müller", "C01X00T47", None))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let mut tasks = Vec::new();
        for i in 0..6 {
            let store = store.clone();
            let id = created.id;
            tasks.push(tokio::spawn(async move {
                let name = format!("Anna Edit {}", ["A", "B", "C", "D", "E", "F"][i]);
                store
                    .update_person(
                        "admin",
                        id,
                        1,
                        &person("安娜", &name, "C01X00T47", None),
                        Scope::All,
                    )
                    .await
            }));
        }
        let mut won = 0;
        let mut stale = 0;
        for t in tasks {
            match t.await {
                Ok(Ok(_)) => won += 1,
                Ok(Err(StoreError::Stale { .. })) => stale += 1,
                other => panic!("{label}: {other:?}"),
            }
        }
        assert_eq!((won, stale), (1, 5), "{label}");
        assert_eq!(
            store.verify_audit().await.ok().and_then(Result::ok),
            Some(2),
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_passport_and_a_credit_code_belong_to_one_record() {
    on_each_backend(|store, label| async move {
        store
            .create_person("admin", &person("安娜", "Anna Müller", "C01X00T47", None))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let twin = store
            .create_person("admin", &person("安娜", "Anna Other", "C01X00T47", None))
            .await;
        assert!(
            matches!(
                twin,
                Err(StoreError::Duplicate {
                    field: "passport_number"
                })
            ),
            "{label}: {twin:?}"
        );
        two_employers(&store).await;
        let copy = store
            .create_organisation("admin", &employer("丙公司", "91350100M000100Y43"))
            .await;
        assert!(
            matches!(
                copy,
                Err(StoreError::Duplicate {
                    field: "credit_code"
                })
            ),
            "{label}: {copy:?}"
        );
        let total = store
            .search_persons(&query(None, None), Scope::All)
            .await
            .map(|p| p.total);
        assert_eq!(total.ok(), Some(1), "{label}: nothing half-written");
    })
    .await;
}

#[tokio::test]
async fn an_employer_sees_only_its_own_people_and_organisation() {
    on_each_backend(|store, label| async move {
        let (a, b) = two_employers(&store).await;
        let mine = store
            .create_person(
                "admin",
                &person("安娜", "Anna Müller", "C01X00T47", Some(a)),
            )
            .await
            .map(|p| p.id)
            .unwrap_or_default();
        let theirs = store
            .create_person("admin", &person("王伟", "Wang Wei", "E12345678", Some(b)))
            .await
            .map(|p| p.id)
            .unwrap_or_default();
        let scope = Scope::Organisation(a);
        assert!(
            store.person(mine, scope).await.ok().flatten().is_some(),
            "{label}"
        );
        assert!(
            store.person(theirs, scope).await.ok().flatten().is_none(),
            "{label}"
        );
        assert!(
            store.organisation(a, scope).await.ok().flatten().is_some(),
            "{label}"
        );
        assert!(
            store.organisation(b, scope).await.ok().flatten().is_none(),
            "{label}"
        );
        let listed = store.search_persons(&query(None, None), scope).await;
        assert_eq!(listed.map(|p| p.total).ok(), Some(1), "{label}");
        let edit = store
            .update_person(
                "admin",
                theirs,
                1,
                &person("王伟", "Wang Wu", "E12345678", Some(b)),
                scope,
            )
            .await;
        assert!(
            matches!(edit, Err(StoreError::NotFound)),
            "{label}: {edit:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_link_to_a_missing_organisation_is_refused() {
    on_each_backend(|store, label| async move {
        let result = store
            .create_person(
                "admin",
                &person("安娜", "Anna Müller", "C01X00T47", Some(999)),
            )
            .await;
        assert!(
            matches!(
                result,
                Err(StoreError::UnknownReference {
                    field: "organisation_id"
                })
            ),
            "{label}: {result:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn lists_sort_by_latin_name_or_birth_date() {
    on_each_backend(|store, label| async move {
        for (latin, passport) in [
            ("Carl Berg", "C01X00T41"),
            ("Anna Zeller", "C01X00T42"),
            ("Bea Adler", "C01X00T43"),
        ] {
            store
                .create_person("admin", &person("安娜", latin, passport, None))
                .await
                .unwrap_or_else(|e| panic!("{label}: {e}"));
        }
        let names = |sort| {
            let store = store.clone();
            async move {
                let query = PersonQuery {
                    sort,
                    page: 1,
                    per_page: 10,
                    ..Default::default()
                };
                store
                    .search_persons(&query, Scope::All)
                    .await
                    .map(|p| {
                        p.items
                            .into_iter()
                            .filter_map(|p| p.name_latin)
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            }
        };
        assert_eq!(
            names(PersonSort::LatinName).await,
            ["Anna Zeller", "Bea Adler", "Carl Berg"],
            "{label}"
        );
        assert_eq!(
            names(PersonSort::Newest).await,
            ["Bea Adler", "Anna Zeller", "Carl Berg"],
            "{label}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_common_prefix_over_many_people_pages_newest_first() {
    on_each_backend(|store, label| async move {
        // More matches than the point where the page probes candidates one by one.
        let mut tx_people = Vec::new();
        for i in 0..1_005 {
            tx_people.push(person(
                "李",
                &format!("Li {}", word(i)),
                &format!("E{i:08}"),
                None,
            ));
        }
        for p in &tx_people {
            store
                .create_person("admin", p)
                .await
                .unwrap_or_else(|e| panic!("{label}: {e}"));
        }
        store
            .create_person("admin", &person("王", "Wang Li", "F00000001", None))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let found = store
            .search_persons(&query(Some("li"), None), Scope::All)
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!((found.total, found.total_capped), (1_006, false), "{label}");
        let ids: Vec<i64> = found.items.iter().map(|p| p.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(ids, sorted, "{label}: newest first");
        assert_eq!(
            found.items[0].name_latin.as_deref(),
            Some("Wang Li"),
            "{label}"
        );
        assert!(
            found.items.iter().all(|p| p.documents.len() == 1),
            "{label}: documents attached"
        );
        let two = store
            .search_persons(&query(Some("li wang"), None), Scope::All)
            .await
            .map(|p| p.total)
            .ok();
        assert_eq!(two, Some(1), "{label}: every word must match");
    })
    .await;
}

/// A Latin word for a number: Li Ab, Li Ac ... (names take letters only).
fn word(i: usize) -> String {
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    let mut n = i;
    let mut w = String::from("A");
    loop {
        w.push(letters[n % 26] as char);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    w
}
