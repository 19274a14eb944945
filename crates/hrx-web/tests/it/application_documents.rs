//! Supporting documents: an employer adds them while the application is its to change, the
//! type is checked from the content, the size is limited, another employer cannot see them.

use super::pages::Browser;
use super::{application_json, file_application, parties, step, Reply};
use super::{day, on_each_backend_at};
use axum::http::StatusCode;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

/// Adds a document of a kind on the application's upload address.
async fn add(
    browser: &mut Browser<'_>,
    upload: &str,
    kind: &str,
    file_name: &str,
    content: &[u8],
    with_csrf: bool,
) -> Reply {
    let file = ("file", file_name, content);
    browser
        .post_multipart(upload, &[("kind", kind)], file, with_csrf)
        .await
}

#[tokio::test]
async fn documents_are_checked_kept_and_shown_only_to_those_who_may_see_the_application() {
    on_each_backend_at(day(2025, 9, 25), |app| async move {
        let p = parties(&app).await;
        let created = file_application(&app, &p.clerk, application_json(p.person)).await;
        let id = created.id();
        let page = format!("/work-permits/applications/{id}");
        let upload = format!("{page}/documents");
        let mut clerk = app.browser("clerk").await;
        clerk.get(&page).await;

        // An executable renamed to .pdf is refused by its content.
        let refused = add(
            &mut clerk,
            &upload,
            "passport",
            "passport.pdf",
            b"MZ\x90\x00binary",
            true,
        )
        .await;
        refused.expect(StatusCode::SEE_OTHER, app.label);
        let shown = clerk.get(&super::pages::location(&refused)).await;
        assert!(shown.body.contains("role=\"alert\""), "{}", app.label);
        // Too large.
        let big = vec![b'%'; 11 * 1024 * 1024];
        let too_large = add(&mut clerk, &upload, "passport", "big.pdf", &big, true).await;
        assert_ne!(too_large.status, StatusCode::OK, "{}", app.label);
        // Without the CSRF field first.
        let forged = add(&mut clerk, &upload, "passport", "p.pdf", PDF, false).await;
        forged.expect(StatusCode::FORBIDDEN, app.label);
        assert_eq!(app.count("work_permit_document").await, 0, "{}", app.label);

        let added = add(&mut clerk, &upload, "passport", "passport.pdf", PDF, true).await;
        added.expect(StatusCode::SEE_OTHER, app.label);
        let shown = clerk.get(&page).await;
        assert!(shown.body.contains("passport.pdf"), "{}", app.label);
        assert_eq!(app.count("work_permit_document").await, 1, "{}", app.label);
        let doc_id: i64 = sqlx::query_scalar("SELECT id FROM work_permit_document")
            .fetch_one(app.store.pool())
            .await
            .unwrap_or_default();
        let file = clerk.get(&format!("{upload}/{doc_id}")).await;
        file.expect(StatusCode::OK, app.label);
        assert_eq!(file.body.as_bytes(), PDF, "{}", app.label);

        // Another employer sees neither the application nor the file.
        let mut other = app.browser("other").await;
        other
            .get(&format!("{upload}/{doc_id}"))
            .await
            .expect(StatusCode::NOT_FOUND, app.label);
        other.get("/work-permits/applications").await;
        let theirs = add(&mut other, &upload, "other", "x.pdf", PDF, true).await;
        theirs.expect(StatusCode::NOT_FOUND, app.label);

        // Once submitted, the employer can no longer add documents.
        step(&app, &p.clerk, id, 1, "submit", None).await;
        clerk.get(&page).await;
        let late = add(&mut clerk, &upload, "other", "late.pdf", PDF, true).await;
        late.expect(StatusCode::FORBIDDEN, app.label);
        assert_eq!(app.count("work_permit_document").await, 1, "{}", app.label);
        let history = app
            .store
            .history("work_permit_application", &id.to_string())
            .await
            .unwrap_or_default();
        assert!(
            history.iter().any(|e| e.action == "add_document"),
            "{}",
            app.label
        );
    })
    .await;
}
