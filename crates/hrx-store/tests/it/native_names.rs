//! The optional `name_native` column of the import layouts, on both backends: a file with it
//! gives the person the name in characters beside the Latin one, found by either; a file
//! without it imports as before.

use crate::on_each_backend;
use crate::support::{csv_text, import_file, import_options, persons_named, temp_file};
use hrx_domain::imports::ImportKind;
use hrx_store::Store;

/// The names a person imported with `person_ref` holds.
async fn names_of(store: &Store, person_ref: &str) -> (Option<String>, Option<String>) {
    sqlx::query_as("SELECT name_native, name_latin FROM person WHERE source_ref = $1")
        .bind(person_ref)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn the_native_name_column_lands_in_name_native_and_files_without_it_still_import() {
    let with = csv_text(
        "record_ref,person_ref,family_name,given_name,name_native,sex,birth_date,destination_country,institution,isced_level,field,funding,departure_date,return_date",
        &[
            "NN1,NP1,Wang,Xiuying,王秀英,F,1980-02-03,US,MIT,7,,self_funded,2005-09-01,",
            "NN2,NP2,Ouyang,Jianguo,欧阳建国,M,1979-05-06,GB,LSE,7,,self_funded,2004-09-01,2007-07-01",
            // Left empty, the names come from the family and given name, as before.
            "NN3,NP3,Li,Na,,F,1981-01-01,JP,Kyoto,6,,self_funded,2003-04-01,",
        ],
    );
    let without = csv_text(
        "record_ref,person_ref,family_name,given_name,sex,birth_date,destination_country,institution,isced_level,field,funding,departure_date,return_date",
        &[
            "NO1,NQ1,张,伟,M,1978-03-04,US,MIT,7,,self_funded,2002-09-01,",
            "NO2,NQ2,Zhao,Lei,M,1977-03-04,DE,TUM,7,,self_funded,2001-09-01,",
        ],
    );
    let with = temp_file("hrx-native", "with.csv", &with);
    let without = temp_file("hrx-native", "without.csv", &without);
    on_each_backend(|store, label| {
        let (with, without) = (with.clone(), without.clone());
        async move {
            let report = import_file(
                &store,
                &with,
                import_options(ImportKind::StudyAbroad, "with.csv"),
            )
            .await;
            assert_eq!(report.status, "imported", "{label}: {:?}", report.errors);
            assert_eq!(report.counts.created, 3, "{label}");
            assert_eq!(
                names_of(&store, "NP1").await,
                (Some("王秀英".into()), Some("Wang Xiuying".into())),
                "{label}"
            );
            assert_eq!(
                names_of(&store, "NP2").await,
                (Some("欧阳建国".into()), Some("Ouyang Jianguo".into())),
                "{label}"
            );
            assert_eq!(
                names_of(&store, "NP3").await,
                (None, Some("Li Na".into())),
                "{label}"
            );
            // Found by the name in characters and by the pinyin.
            assert_eq!(persons_named(&store, "王秀英").await, 1, "{label}");
            assert_eq!(persons_named(&store, "Xiuying").await, 1, "{label}");

            let report = import_file(
                &store,
                &without,
                import_options(ImportKind::StudyAbroad, "without.csv"),
            )
            .await;
            assert_eq!(report.status, "imported", "{label}: {:?}", report.errors);
            assert_eq!(
                names_of(&store, "NQ1").await,
                (Some("张伟".into()), None),
                "{label}"
            );
            assert_eq!(
                names_of(&store, "NQ2").await,
                (None, Some("Zhao Lei".into())),
                "{label}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_native_name_beside_a_family_name_in_characters_is_refused_and_writes_nothing() {
    let text = csv_text(
        "record_ref,person_ref,family_name,given_name,name_native,sex,birth_date,destination_country,institution,isced_level,field,funding,departure_date,return_date",
        &[
            "NR1,NS1,Wang,Wei,王伟,M,1980-02-03,US,MIT,7,,self_funded,2005-09-01,",
            "NR2,NS2,王,伟,王伟,M,1980-02-03,US,MIT,7,,self_funded,2005-09-01,",
        ],
    );
    let path = temp_file("hrx-native", "bad.csv", &text);
    on_each_backend(|store, label| {
        let path = path.clone();
        async move {
            let report = import_file(
                &store,
                &path,
                import_options(ImportKind::StudyAbroad, "bad.csv"),
            )
            .await;
            assert_eq!(report.status, "refused", "{label}");
            assert_eq!(report.errors[0].column, "family_name", "{label}");
            assert_eq!(report.errors[0].reason, "not_latin", "{label}");
            assert_eq!(crate::support::count(&store, "person").await, 0, "{label}");
        }
    })
    .await;
}
