//! The CSRF checks that do not fit the form middleware: secrets compared in constant time,
//! and multipart uploads, whose `_csrf` field must come first and is checked by the upload
//! handler before anything is stored.

use axum::extract::Multipart;

/// Compares secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Paths whose POST bodies are multipart uploads (each handler checks its CSRF field). A
/// multipart POST anywhere else is refused by the CSRF check.
pub fn is_upload_path(path: &str) -> bool {
    if path == "/imports" {
        return true;
    }
    // /work-permits/applications/{id}/documents
    path.strip_prefix("/work-permits/applications/")
        .and_then(|rest| rest.strip_suffix("/documents"))
        .is_some_and(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
}

/// Reads the first part, which must be the `_csrf` field carrying the session's token.
pub async fn csrf_first(multipart: &mut Multipart, expected: &str) -> bool {
    match multipart.next_field().await {
        Ok(Some(field)) if field.name() == Some("_csrf") => match field.text().await {
            Ok(sent) => same_secret(&sent, expected),
            Err(_) => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }

    #[test]
    fn only_the_upload_handlers_take_multipart() {
        assert!(is_upload_path("/imports"));
        assert!(is_upload_path("/work-permits/applications/12/documents"));
        assert!(!is_upload_path("/work-permits/applications/12/transition"));
        assert!(!is_upload_path("/work-permits/applications//documents"));
        assert!(!is_upload_path("/work-permits/applications/1x/documents"));
        assert!(!is_upload_path("/persons"));
    }
}
