//! Identity resolution in the store (issue 22), on both backends: blocking keys written with
//! every person (entered, edited, imported), rebuilt on demand, and candidates found by them.

use crate::on_each_backend;
use crate::support::{import_file, import_options, temp_file};
use chrono::NaiveDate;
use hrx_domain::access::Scope;
use hrx_domain::imports::ImportKind;
use hrx_domain::registry::matching::{Decision, MatchPerson};
use hrx_domain::registry::{Person, PersonInput, Sex};
use hrx_store::Store;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default()
}

fn person(native: Option<&str>, latin: Option<&str>, birth: &str, passport: &str) -> Person {
    Person::parse(
        &PersonInput {
            name_native: native.map(str::to_owned),
            name_latin: latin.map(str::to_owned),
            sex: Some("male".into()),
            birth_date: Some(birth.into()),
            nationality: Some("CN".into()),
            passport_number: Some(passport.into()),
            ..Default::default()
        },
        today(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"))
}

async fn keys_of(store: &Store, id: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT key FROM person_match_key WHERE person_id = $1 ORDER BY key")
        .bind(id)
        .fetch_all(store.pool())
        .await
        .unwrap_or_default()
}

fn probe(latin: &str, birth: &str) -> MatchPerson {
    MatchPerson {
        name_latin: Some(latin.into()),
        sex: Some(Sex::Male),
        birth_date: NaiveDate::parse_from_str(birth, "%Y-%m-%d").ok(),
        nationality: Some("CN".into()),
        ..MatchPerson::default()
    }
}

#[tokio::test]
async fn keys_follow_every_person_and_find_them_across_scripts_and_swapped_dates() {
    on_each_backend(|store, label| async move {
        let zhang = store
            .create_person("admin", &person(Some("张伟"), None, "1985-03-12", "E12345678"))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(
            keys_of(&store, zhang.id).await,
            ["b:1985-03-12:z"],
            "{label}"
        );

        // Found from pinyin, by the birth date's block; and with day and month swapped.
        for birth in ["1985-03-12", "1985-12-03"] {
            let found = store
                .match_person(&probe("Wei Zhang", birth), Scope::All, None)
                .await
                .unwrap_or_else(|e| panic!("{label}: {e}"));
            assert_eq!(found.first().map(|c| c.person.id), Some(zhang.id), "{label} {birth}");
        }
        // Excluding the person itself finds nobody else.
        let alone = store
            .match_person(&probe("Wei Zhang", "1985-03-12"), Scope::All, Some(zhang.id))
            .await
            .unwrap_or_default();
        assert!(alone.is_empty(), "{label}");

        // An edit rewrites the keys.
        let edited = person(Some("李娜"), Some("Li Na"), "1990-01-02", "E12345678");
        store
            .update_person("admin", zhang.id, zhang.version, &edited, Scope::All)
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(
            keys_of(&store, zhang.id).await,
            ["b:1990-01-02:l"],
            "{label}"
        );

        // Imported people get their keys, and a rebuild writes the same keys again.
        let file = temp_file(
            "hrx-matching",
            "study.csv",
            "record_ref,person_ref,family_name,given_name,sex,birth_date,destination_country,institution,isced_level,field,funding,departure_date,return_date\n\
             SA1,P1,Wang,Fang,F,1988-08-08,US,MIT,7,Physics,self_funded,2008-09-01,\n",
        );
        let report = import_file(&store, &file, import_options(ImportKind::StudyAbroad, "study.csv")).await;
        assert_eq!(report.status, "imported", "{label}: {report:?}");
        let wang = MatchPerson {
            name_latin: Some("WANG Fang".into()),
            birth_date: NaiveDate::from_ymd_opt(1988, 8, 8),
            ..MatchPerson::default()
        };
        let found = store.match_person(&wang, Scope::All, None).await.unwrap_or_default();
        assert_eq!(found.len(), 1, "{label}");
        let imported = found[0].person.id;
        let before = keys_of(&store, imported).await;
        assert_eq!(before, ["b:1988-08-08:w"], "{label}");
        assert_eq!(store.rebuild_match_keys().await.ok(), Some(2), "{label}");
        assert_eq!(keys_of(&store, imported).await, before, "{label}");
        assert_eq!(keys_of(&store, zhang.id).await.len(), 1, "{label}");

        // A scope that cannot see the person finds nothing.
        let none = store
            .match_person(&wang, Scope::Organisation(999), None)
            .await
            .unwrap_or_default();
        assert!(none.is_empty(), "{label}");
        assert_eq!(found[0].outcome.decision, Decision::Review, "{label}: {:?}", found[0].outcome);
    })
    .await;
}
