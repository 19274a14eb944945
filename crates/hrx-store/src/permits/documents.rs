//! Supporting documents of work-permit applications: what was received, by whom, when.

use crate::audit::Change;
use crate::{fetch_all_as, int, now, text, Store, StoreError};
use hrx_domain::access::Scope;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentRecord {
    pub id: i64,
    pub application_id: i64,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// The file's name inside the application's upload directory.
    #[serde(skip)]
    pub stored_name: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

/// A document received, before it is recorded.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub kind: &'static str,
    pub file_name: String,
    pub content_type: &'static str,
    pub size_bytes: i64,
    pub sha256: String,
    pub stored_name: String,
}

fn record(row: &sqlx::any::AnyRow) -> Result<DocumentRecord, StoreError> {
    Ok(DocumentRecord {
        id: int(row, "id")?,
        application_id: int(row, "application_id")?,
        kind: text(row, "kind")?,
        file_name: text(row, "file_name")?,
        content_type: text(row, "content_type")?,
        size_bytes: int(row, "size_bytes")?,
        sha256: text(row, "sha256")?,
        stored_name: text(row, "stored_name")?,
        uploaded_by: text(row, "uploaded_by")?,
        uploaded_at: text(row, "uploaded_at")?,
    })
}

const COLUMNS: &str = "id, application_id, kind, file_name, content_type, size_bytes, sha256, \
                       stored_name, uploaded_by, uploaded_at";

impl Store {
    /// Records a document of an application the caller may see (audited).
    pub async fn add_application_document(
        &self,
        actor: &str,
        application_id: i64,
        scope: Scope,
        document: &NewDocument,
    ) -> Result<DocumentRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        if self.application(application_id, scope).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        let row = sqlx::query(&format!(
            "INSERT INTO work_permit_document (application_id, kind, file_name, content_type, \
             size_bytes, sha256, stored_name, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {COLUMNS}"
        ))
        .bind(application_id)
        .bind(document.kind)
        .bind(document.file_name.clone())
        .bind(document.content_type)
        .bind(document.size_bytes)
        .bind(document.sha256.clone())
        .bind(document.stored_name.clone())
        .bind(actor.to_owned())
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        let created = record(&row)?;
        let change = Change::edited(
            actor,
            "add_document",
            "work_permit_application",
            application_id,
            None::<&()>,
            Some(&created),
        );
        self.commit_audited(tx, change).await?;
        Ok(created)
    }

    /// The documents of an application the caller may see, in the order received.
    pub async fn application_documents(
        &self,
        application_id: i64,
        scope: Scope,
    ) -> Result<Vec<DocumentRecord>, StoreError> {
        if self.application(application_id, scope).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        fetch_all_as(
            &self.pool,
            sqlx::query(&format!(
                "SELECT {COLUMNS} FROM work_permit_document WHERE application_id = $1 ORDER BY id"
            ))
            .bind(application_id),
            record,
        )
        .await
    }
}
