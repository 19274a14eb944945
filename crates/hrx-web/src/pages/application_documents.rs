//! Supporting documents of a work-permit application: upload (PDF, JPEG or PNG recognised by
//! content, up to 10 MB, kept in the data directory) and download, for those who may see
//! the application.

use super::extract::{allow, Found, OrPage, PageError, SignedIn};
use super::uploads::{checked_upload, safe_name, save, SaveError};
use super::{no_store, parse_id};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use hrx_domain::access::Role;
use hrx_domain::permits::documents::{
    document_kind, employer_may_add_documents, file_type, MAX_DOCUMENT_BYTES,
};
use hrx_store::permits::NewDocument;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/work-permits/applications/{id}/documents",
            post(upload).layer(DefaultBodyLimit::max(
                MAX_DOCUMENT_BYTES as usize + 64 * 1024,
            )),
        )
        .route(
            "/work-permits/applications/{id}/documents/{doc}",
            get(download),
        )
}

fn directory(state: &AppState, application_id: i64) -> std::io::Result<std::path::PathBuf> {
    let dir = state
        .upload_dir("work-permits")?
        .join(application_id.to_string());
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

async fn upload(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    let mut multipart = checked_upload(multipart, &ctx).await?;
    let scope = principal.work_permit_scope();
    let id = parse_id(&id).found(&ctx)?;
    let application = state.store.application(id, scope).await.found(&ctx)?;
    let officer = principal.work_permit_workflow_role() == Some("officer");
    let employer = principal.role == Role::Employer;
    allow(
        officer || employer && employer_may_add_documents(&application.status),
        &ctx,
    )?;
    let back = format!("/work-permits/applications/{id}");
    let fail =
        |key: &str| Ok(Redirect::to(&format!("{back}?document_error={key}")).into_response());
    let mut kind = String::new();
    let mut stored = None;
    let dir = match directory(&state, id) {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "cannot create the document directory");
            return fail("upload-failed");
        }
    };
    while let Ok(Some(field)) = multipart.next_field().await {
        match field.name().unwrap_or("") {
            "kind" => kind = field.text().await.unwrap_or_default(),
            "file" if stored.is_none() => {
                let original = field.file_name().unwrap_or("document").to_owned();
                let token = hrx_store::random_token().unwrap_or_else(|_| "document".into());
                let name = token.chars().take(24).collect::<String>();
                let path = dir.join(&name);
                match save(field, &path, MAX_DOCUMENT_BYTES).await {
                    Ok(saved) => stored = Some((path, name, original, saved)),
                    Err(SaveError::TooLarge) => return fail("too-large"),
                    Err(SaveError::Io(e)) => {
                        tracing::warn!(error = %e, "document upload failed");
                        return fail("upload-failed");
                    }
                }
            }
            _ => {}
        }
    }
    let Some((path, stored_name, original, saved)) = stored.filter(|s| s.3.size > 0) else {
        return fail("no-file");
    };
    let Ok(kind) = document_kind(&kind) else {
        let _ = std::fs::remove_file(&path);
        return fail("no-kind");
    };
    let Some((content_type, extension)) = file_type(&saved.head) else {
        let _ = std::fs::remove_file(&path);
        return fail("wrong-type");
    };
    let original = safe_name(&original);
    let document = NewDocument {
        kind,
        file_name: if original.ends_with(&format!(".{extension}")) {
            original
        } else {
            format!("{original}.{extension}")
        },
        content_type,
        size_bytes: saved.size as i64,
        sha256: saved.sha256,
        stored_name,
    };
    let added = state
        .store
        .add_application_document(&principal.username, id, scope, &document)
        .await;
    if added.is_err() {
        let _ = std::fs::remove_file(&path);
    }
    added.or_page(&ctx)?;
    Ok(Redirect::to(&format!("{back}#documents")).into_response())
}

async fn download(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path((id, doc)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (Some(id), Some(doc)) = (parse_id(&id), parse_id(&doc)) else {
        return Err(PageError::not_found(ctx));
    };
    let documents = state
        .store
        .application_documents(id, principal.work_permit_scope())
        .await
        .or_page_404(&ctx)?;
    let document = documents.into_iter().find(|d| d.id == doc).found(&ctx)?;
    let content =
        directory(&state, id).and_then(|dir| std::fs::read(dir.join(&document.stored_name)));
    let content = content.ok().found(&ctx)?;
    Ok(no_store(
        (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, document.content_type.clone()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}\"", document.file_name),
                ),
            ],
            content,
        )
            .into_response(),
    ))
}
