//! Multipart uploads for pages: the CSRF field comes first and is checked before anything is
//! stored; files are streamed to disk with a size limit, hashed as they pass.

use crate::viewer::same_secret;
use axum::extract::multipart::Field;
use axum::extract::Multipart;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

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

/// A file as stored.
pub struct Saved {
    pub size: u64,
    pub sha256: String,
    /// The first bytes, to recognise the file type by content.
    pub head: Vec<u8>,
}

#[derive(Debug)]
pub enum SaveError {
    TooLarge,
    Io(std::io::Error),
}

/// Streams a file field to `path`; past `max_bytes` the partial file is removed.
pub async fn save(mut field: Field<'_>, path: &Path, max_bytes: u64) -> Result<Saved, SaveError> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(SaveError::Io)?);
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut head = Vec::with_capacity(16);
    let result = loop {
        let chunk = match field.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break Ok(()),
            Err(e) => break Err(SaveError::Io(std::io::Error::other(e.to_string()))),
        };
        size += chunk.len() as u64;
        if size > max_bytes {
            break Err(SaveError::TooLarge);
        }
        if head.len() < 16 {
            let take = (16 - head.len()).min(chunk.len());
            head.extend_from_slice(chunk.get(..take).unwrap_or_default());
        }
        hasher.update(&chunk);
        if let Err(e) = file.write_all(&chunk) {
            break Err(SaveError::Io(e));
        }
    };
    let result = result.and_then(|()| file.flush().map_err(SaveError::Io));
    if let Err(e) = result {
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(e);
    }
    Ok(Saved {
        size,
        sha256: hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        head,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
