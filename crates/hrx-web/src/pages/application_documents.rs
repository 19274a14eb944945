//! Supporting documents of a work-permit application: upload (PDF, JPEG or PNG recognised by
//! content, up to 10 MB, kept in the data directory) and download, for those who may see
//! the application.

use super::uploads::{csrf_first, save, SaveError};
use super::{forbidden, not_found_page, parse_id, server_error, sign_in_first, Ctx};
use crate::{AppState, Viewer};
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
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
    Extension(viewer): Extension<Viewer>,
    uri: Uri,
    Path(id): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let Some(principal) = viewer.principal.clone() else {
        return sign_in_first(&uri);
    };
    let ctx = Ctx::new(&viewer, &uri);
    let Ok(mut multipart) = multipart else {
        return super::csrf_failed(ctx.lang);
    };
    if !csrf_first(&mut multipart, &viewer.csrf).await {
        return super::csrf_failed(ctx.lang);
    }
    let scope = principal.work_permit_scope();
    let Some(id) = parse_id(&id) else {
        return not_found_page(ctx);
    };
    let application = match state.store.application(id, scope).await {
        Ok(Some(a)) => a,
        Ok(None) => return not_found_page(ctx),
        Err(e) => return server_error(ctx, e),
    };
    let officer = principal.work_permit_workflow_role() == Some("officer");
    let employer = principal.role == Role::Employer;
    if !(officer || employer && employer_may_add_documents(&application.status)) {
        return forbidden(ctx);
    }
    let back = format!("/work-permits/applications/{id}");
    let fail = |key: &str| Redirect::to(&format!("{back}?document_error={key}")).into_response();
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
    let original = super::imports::safe_name(&original);
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
    match state
        .store
        .add_application_document(&principal.username, id, scope, &document)
        .await
    {
        Ok(_) => Redirect::to(&format!("{back}#documents")).into_response(),
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            server_error(ctx, e)
        }
    }
}

async fn download(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    uri: Uri,
    Path((id, doc)): Path<(String, String)>,
) -> Response {
    let Some(principal) = viewer.principal.clone() else {
        return sign_in_first(&uri);
    };
    let ctx = Ctx::new(&viewer, &uri);
    let (Some(id), Some(doc)) = (parse_id(&id), parse_id(&doc)) else {
        return not_found_page(ctx);
    };
    let documents = match state
        .store
        .application_documents(id, principal.work_permit_scope())
        .await
    {
        Ok(d) => d,
        Err(hrx_store::StoreError::NotFound) => return not_found_page(ctx),
        Err(e) => return server_error(ctx, e),
    };
    let Some(document) = documents.into_iter().find(|d| d.id == doc) else {
        return not_found_page(ctx);
    };
    let content =
        directory(&state, id).and_then(|dir| std::fs::read(dir.join(&document.stored_name)));
    let Ok(content) = content else {
        return not_found_page(ctx);
    };
    super::no_store(
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
    )
}
