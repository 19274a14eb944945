use super::on_each_backend;
use super::registry::person;
use hrx_domain::audit::BrokenLink;

/// Runs one statement behind the store's back.
async fn tamper(store: &hrx_store::Store, sql: &str, label: &str) {
    sqlx::query(sql)
        .execute(store.pool())
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"));
}

#[tokio::test]
async fn audit_verify_names_the_first_altered_or_deleted_entry() {
    on_each_backend(|store, label| async move {
        for (i, passport) in ["C01X00T47", "C01X00T48", "C01X00T49"].iter().enumerate() {
            store
                .create_person(
                    "admin",
                    &person(
                        "安娜",
                        &format!("Anna {}", ["A", "B", "C"][i]),
                        passport,
                        None,
                    ),
                )
                .await
                .unwrap_or_else(|e| panic!("{label}: {e}"));
        }
        assert_eq!(
            store.verify_audit().await.ok().and_then(Result::ok),
            Some(3),
            "{label}"
        );

        tamper(
            &store,
            "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2",
            label,
        )
        .await;
        let broken = store.verify_audit().await.ok().and_then(Result::err);
        assert_eq!(broken, Some(BrokenLink::Altered { seq: 2 }), "{label}");

        tamper(&store, "DELETE FROM audit_log WHERE seq = 2", label).await;
        let broken = store.verify_audit().await.ok().and_then(Result::err);
        assert_eq!(
            broken,
            Some(BrokenLink::Gap {
                seq: 3,
                expected: 2
            }),
            "{label}"
        );

        tamper(&store, "DELETE FROM audit_log WHERE seq >= 2", label).await;
        let broken = store.verify_audit().await.ok().and_then(Result::err);
        assert_eq!(
            broken,
            Some(BrokenLink::Truncated { last: 1, head: 3 }),
            "{label}"
        );
    })
    .await;
}
