//! Multipart uploads for pages (their CSRF field is checked first, see `crate::csrf`): files
//! are streamed to disk with a size limit, hashed as they pass, under safe names.

use super::extract::PageError;
use super::Ctx;
use crate::csrf::csrf_first;
use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::Multipart;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;

/// The body of an upload, once its first field has shown the session's CSRF token; no
/// multipart body, or no or a wrong token first, is the CSRF failure page.
pub async fn checked_upload(
    multipart: Result<Multipart, MultipartRejection>,
    ctx: &Ctx,
) -> Result<Multipart, PageError> {
    let Ok(mut multipart) = multipart else {
        return Err(PageError::csrf_failed(ctx));
    };
    if !csrf_first(&mut multipart, &ctx.csrf).await {
        return Err(PageError::csrf_failed(ctx));
    }
    Ok(multipart)
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

/// A file name safe to keep on disk: letters, digits, dot, dash and underscore.
pub fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    if cleaned.trim_matches(['.', '_']).is_empty() {
        "upload".to_owned()
    } else {
        cleaned
    }
}
