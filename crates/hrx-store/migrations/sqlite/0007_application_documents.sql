-- Supporting documents of work-permit applications. The files are kept in the data
-- directory (uploads/work-permits/APPLICATION/); this table holds what was received.
CREATE TABLE work_permit_document (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES work_permit_application (id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    stored_name TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX work_permit_document_application ON work_permit_document (application_id, id);
