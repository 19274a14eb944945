//! What the JSON API and the pages both do. Neither `api` nor `pages` imports the other; both
//! import from here, and nothing here imports either.

pub mod coverage;
pub mod permits;

use crate::error::ApiError;
use crate::i18n::{translate, Lang};
use hrx_domain::access::{Principal, Role};
use hrx_domain::FieldErrors;

/// The employer a filing (an application, a certificate) is for: an employer user's own
/// organisation, or the one an officer names.
pub fn employer_for(principal: &Principal, named: Option<i64>) -> Result<i64, ApiError> {
    if principal.role == Role::Employer {
        if named.is_some() && named != principal.organisation_id {
            return Err(FieldErrors::single("employer_id", "not_allowed").into());
        }
        principal.organisation_id.ok_or(ApiError::Forbidden)
    } else {
        named.ok_or_else(|| ApiError::Validation(FieldErrors::single("employer_id", "required")))
    }
}

/// The reason given with a workflow step, refused when longer than 2,000 characters.
pub fn step_comment(comment: Option<&str>) -> Result<Option<&str>, ApiError> {
    if comment.is_some_and(|c| c.chars().count() > 2000) {
        return Err(FieldErrors::single("comment", "too_long").into());
    }
    Ok(comment)
}

/// The message `key` in `lang`, each of its arguments worded first by `word` (from the
/// argument's name and value).
pub fn translate_worded(
    lang: Lang,
    key: &str,
    args: &[(String, String)],
    word: impl Fn(&str, &str) -> String,
) -> String {
    let args: Vec<(&str, String)> = args
        .iter()
        .map(|(name, value)| (name.as_str(), word(name, value)))
        .collect();
    translate(lang, key, &args)
}
