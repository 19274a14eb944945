use super::on_each_backend;
use super::registry::two_employers;
use hrx_domain::access::{Capability, Role};
use hrx_store::accounts::{NewUser, SessionKind, MAX_FAILED_LOGINS};
use hrx_store::StoreError;

fn new_user(username: &str, role: Role, org: Option<i64>) -> NewUser {
    NewUser {
        username: username.into(),
        password: "correct horse battery".into(),
        role,
        capabilities: vec![Capability::Registry],
        organisation_id: org,
        person_id: None,
    }
}

#[tokio::test]
async fn sign_in_sessions_and_throttling() {
    on_each_backend(|store, label| async move {
        let (org, _) = two_employers(&store).await;
        store
            .create_user("system", &new_user("clerk", Role::Employer, Some(org)))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let dup = store
            .create_user("system", &new_user("clerk", Role::Officer, None))
            .await;
        assert!(
            matches!(dup, Err(StoreError::Duplicate { field: "username" })),
            "{label}"
        );
        let unbound = store
            .create_user("system", &new_user("loose", Role::Employer, None))
            .await;
        assert!(matches!(unbound, Err(StoreError::Config(_))), "{label}");

        let principal = store.authenticate("Clerk", "correct horse battery").await;
        let principal = principal
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("{label}: sign-in"));
        assert_eq!(principal.organisation_id, Some(org));
        assert!(store
            .authenticate("clerk", "wrong")
            .await
            .ok()
            .flatten()
            .is_none());
        assert!(store
            .authenticate("nobody", "wrong")
            .await
            .ok()
            .flatten()
            .is_none());

        let session = store
            .create_session(principal.user_id, SessionKind::Browser, 12)
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let found = store
            .session(&session.token, SessionKind::Browser, None)
            .await
            .ok()
            .flatten();
        assert_eq!(
            found.map(|(p, csrf)| (p.username, csrf)),
            Some(("clerk".into(), session.csrf_token.clone()))
        );
        assert!(store
            .session(&session.token, SessionKind::Api, None)
            .await
            .ok()
            .flatten()
            .is_none());

        store
            .set_password("admin", "clerk", "another long password")
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert!(
            store
                .session(&session.token, SessionKind::Browser, None)
                .await
                .ok()
                .flatten()
                .is_none(),
            "{label}: a new password ends old sessions"
        );

        for _ in 1..MAX_FAILED_LOGINS {
            let _ = store.authenticate("clerk", "wrong").await;
        }
        let throttled = store.authenticate("clerk", "another long password").await;
        assert!(
            matches!(throttled, Err(StoreError::Throttled)),
            "{label}: {throttled:?}"
        );
        // Another user is not affected.
        store
            .create_user("system", &new_user("officer", Role::Officer, None))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert!(store
            .authenticate("officer", "correct horse battery")
            .await
            .ok()
            .flatten()
            .is_some());
    })
    .await;
}

#[tokio::test]
async fn sqlite_backup_is_a_working_copy() {
    let db = hrx_store::testing::TestDatabase::sqlite()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let store = db.store().await.unwrap_or_else(|e| panic!("{e}"));
    two_employers(&store).await;
    let dest = std::env::temp_dir().join(format!(
        "hrx-backup-{}.db",
        hrx_store::random_name().unwrap_or_default()
    ));
    store
        .backup_sqlite(&dest)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        store.backup_sqlite(&dest).await.is_err(),
        "an existing file is never overwritten"
    );
    let copy = hrx_store::Store::connect(&format!("sqlite://{}", dest.display()))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisation")
        .fetch_one(copy.pool())
        .await
        .unwrap_or_default();
    assert_eq!(n, 2);
    assert_eq!(copy.verify_audit().await.ok().and_then(Result::ok), Some(2));
    copy.close().await;
    store.close().await;
    let _ = std::fs::remove_file(&dest);
    db.drop_database().await;
}

/// 40 wrong passwords at once for one user: each attempt is reserved before its password is
/// verified, so no more than the allowed number are ever verified, and the right password
/// afterwards is throttled like any other (the outside probe got 200 for it after 199 × 401).
#[tokio::test]
async fn concurrent_wrong_passwords_are_throttled_like_sequential_ones() {
    on_each_backend(|store, label| async move {
        store
            .create_user("system", &new_user("target", Role::Officer, None))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let attempts = (0..40).map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.authenticate("target", "wrong").await })
        });
        let mut verified = 0;
        for handle in attempts {
            match handle.await.unwrap_or_else(|e| panic!("{e}")) {
                Ok(None) => verified += 1,
                Ok(Some(_)) => panic!("{label}: a wrong password was accepted"),
                Err(StoreError::Throttled | StoreError::Busy) => {}
                Err(e) => panic!("{label}: {e}"),
            }
        }
        assert!(
            (1..=MAX_FAILED_LOGINS).contains(&verified),
            "{label}: {verified} verified"
        );
        let right = store.authenticate("target", "correct horse battery").await;
        assert!(
            matches!(right, Err(StoreError::Throttled)),
            "{label}: {right:?}"
        );
    })
    .await;
}

/// A browser session unused for longer than the idle time has ended, however long its
/// absolute lifetime; using it keeps it alive.
#[tokio::test]
async fn an_idle_session_ends() {
    on_each_backend(|store, label| async move {
        let user = store
            .create_user("system", &new_user("idler", Role::Officer, None))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let session = store
            .create_session(user.id, SessionKind::Browser, 12)
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let idle = Some(chrono::Duration::minutes(30));
        let used = store
            .session(&session.token, SessionKind::Browser, idle)
            .await;
        assert!(matches!(used, Ok(Some(_))), "{label}: {used:?}");
        // Last used 31 minutes ago.
        let long_ago = (chrono::Utc::now() - chrono::Duration::minutes(31))
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string();
        sqlx::query("UPDATE user_session SET last_seen_at = $1")
            .bind(long_ago)
            .execute(store.pool())
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let ended = store
            .session(&session.token, SessionKind::Browser, idle)
            .await;
        assert!(matches!(ended, Ok(None)), "{label}: {ended:?}");
        // With a longer idle time it is still there: only the idle rule ended it.
        let longer = Some(chrono::Duration::minutes(45));
        let kept = store
            .session(&session.token, SessionKind::Browser, longer)
            .await;
        assert!(matches!(kept, Ok(Some(_))), "{label}: {kept:?}");
    })
    .await;
}

/// Five wrong passwords do not lock the account for the window: the next attempt waits a
/// delay (5 s, doubling with each further failure), after which the real user gets in.
#[tokio::test]
async fn failures_delay_the_next_attempt_instead_of_locking_the_account() {
    on_each_backend(|store, label| async move {
        store
            .create_user("system", &new_user("patient", Role::Officer, None))
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        for _ in 0..MAX_FAILED_LOGINS {
            let _ = store.authenticate("patient", "wrong").await;
        }
        let now = store.authenticate("patient", "correct horse battery").await;
        assert!(
            matches!(now, Err(StoreError::Throttled)),
            "{label}: {now:?}"
        );
        // Six seconds later the first delay (5 s) has passed.
        let earlier = (chrono::Utc::now() - chrono::Duration::seconds(6))
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string();
        sqlx::query("UPDATE login_attempt SET at = $1 WHERE username = 'patient'")
            .bind(earlier)
            .execute(store.pool())
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let later = store.authenticate("patient", "correct horse battery").await;
        assert!(matches!(later, Ok(Some(_))), "{label}: {later:?}");
    })
    .await;
}

/// Attempts older than a day are deleted at the next sign-in attempt, whatever name they were
/// made for: a spray over names tried once leaves nothing behind.
#[tokio::test]
async fn old_attempts_of_every_name_are_pruned() {
    on_each_backend(|store, label| async move {
        let two_days_ago = (chrono::Utc::now() - chrono::Duration::days(2))
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string();
        for i in 0..100 {
            sqlx::query("INSERT INTO login_attempt (username, at, succeeded) VALUES ($1, $2, 0)")
                .bind(format!("sprayed-{i}"))
                .bind(&two_days_ago)
                .execute(store.pool())
                .await
                .unwrap_or_else(|e| panic!("{label}: {e}"));
        }
        let _ = store.authenticate("someone-else", "wrong").await;
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_attempt")
            .fetch_one(store.pool())
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(left, 1, "{label}: only today's attempt stays");
    })
    .await;
}

/// While another writer holds SQLite's one write lock beyond the wait (a long import), a write
/// is refused as `Busy` (503 over HTTP, to try again), not as a database failure (500); on
/// PostgreSQL, whose writers do not exclude each other, it simply goes through.
#[tokio::test]
async fn a_write_blocked_past_the_wait_is_busy_not_a_failure() {
    on_each_backend(|store, label| async move {
        let holder = store
            .begin_write()
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let blocked = store
            .create_user("system", &new_user("waiting", Role::Officer, None))
            .await;
        match store.backend() {
            hrx_store::Backend::Sqlite => {
                assert!(
                    matches!(blocked, Err(StoreError::Busy)),
                    "{label}: {blocked:?}"
                )
            }
            hrx_store::Backend::Postgres => assert!(blocked.is_ok(), "{label}: {blocked:?}"),
        }
        drop(holder);
    })
    .await;
}
