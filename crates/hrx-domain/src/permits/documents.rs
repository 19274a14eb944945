//! Supporting documents of a work-permit application: the kinds, the file types accepted
//! (recognised by their content, not their name) and the size limit.

/// The largest supporting document accepted.
pub const MAX_DOCUMENT_BYTES: u64 = 10 * 1024 * 1024;

/// What a supporting document is (the national service guide's list, shortened).
pub const DOCUMENT_KINDS: [&str; 7] = [
    "passport",
    "degree_certificate",
    "work_experience",
    "criminal_record",
    "health_certificate",
    "employment_contract",
    "other",
];

/// The file types accepted, by their first bytes: (content type, extension).
pub fn file_type(head: &[u8]) -> Option<(&'static str, &'static str)> {
    if head.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if head.starts_with(b"\xff\xd8\xff") {
        Some(("image/jpeg", "jpg"))
    } else {
        None
    }
}

pub fn document_kind(value: &str) -> Result<&'static str, &'static str> {
    DOCUMENT_KINDS
        .into_iter()
        .find(|k| *k == value.trim())
        .ok_or("unknown_value")
}

/// Employers add documents while the application is theirs to change; officers at any time.
pub fn employer_may_add_documents(status: &str) -> bool {
    matches!(status, "draft" | "returned")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_recognised_by_content_not_name() {
        assert_eq!(file_type(b"%PDF-1.7\n"), Some(("application/pdf", "pdf")));
        assert_eq!(
            file_type(b"\x89PNG\r\n\x1a\n...."),
            Some(("image/png", "png"))
        );
        assert_eq!(file_type(b"\xff\xd8\xff\xe0"), Some(("image/jpeg", "jpg")));
        assert_eq!(file_type(b"MZ\x90\x00"), None);
        assert_eq!(file_type(b"<html>"), None);
        assert_eq!(document_kind("passport"), Ok("passport"));
        assert!(document_kind("selfie").is_err());
    }
}
