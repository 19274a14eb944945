//! What printed documents and their public checks share: the address a document's QR code
//! points to, the QR code, and the holder named by initials only.

use axum::http::{header, HeaderMap};
use hrx_store::registry::PersonRecord;
use qrcode::render::svg;
use qrcode::QrCode;

/// Initials only: "A. B." for Latin names, the first character and asterisks for others.
pub fn initials(person: &PersonRecord) -> String {
    if let Some(latin) = person.name_latin.as_deref() {
        return latin
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .map(|c| format!("{}.", c.to_uppercase()))
            .collect::<Vec<_>>()
            .join(" ");
    }
    let native = person.name_native.as_deref().unwrap_or("");
    let mut chars = native.chars();
    chars
        .next()
        .map(|first| format!("{first}{}", "*".repeat(chars.count())))
        .unwrap_or_default()
}

/// The address the QR code points to: the public check at `path` (such as
/// `/verify/work-permit/{number}` or `/verify/coverage/{number}`) on this server.
pub fn verify_url(headers: &HeaderMap, path: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|p| *p == "https")
        .unwrap_or("http");
    format!("{scheme}://{host}{path}")
}

pub fn qr(url: &str) -> String {
    QrCode::new(url.as_bytes())
        .map(|code| {
            code.render::<svg::Color<'_>>()
                .min_dimensions(160, 160)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}
