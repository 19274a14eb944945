//! What a capability's page shows again after a refused post: the status, the reason above
//! the form (a sentence in the reader's language from the capability's words, and the
//! store's detail naming the values, worded by the capability where it can), and the errors
//! beside the fields. One answer to a post for the training and international-organisations
//! pages.

use super::step_taken;
use crate::pages::extract::PageError;
use crate::pages::Ctx;
use axum::http::StatusCode;
use axum::response::Response;
use hrx_domain::FieldErrors;
use hrx_store::StoreError;

/// A refused post, kept to be shown again with what was typed.
#[derive(Default)]
pub struct Kept {
    pub status: Option<StatusCode>,
    pub message: String,
    pub detail: String,
    pub errors: FieldErrors,
}

impl Kept {
    pub fn status(&self) -> StatusCode {
        self.status.unwrap_or(StatusCode::OK)
    }

    pub fn fields(errors: FieldErrors) -> Kept {
        Kept {
            status: Some(StatusCode::UNPROCESSABLE_ENTITY),
            errors,
            ..Kept::default()
        }
    }
}

/// Why the store refused, in the reader's language: `{prefix}-refused-{code}`, or the
/// capability's general sentence `{prefix}-refused` for a code without one.
pub fn refusal(ctx: &Ctx, prefix: &str, code: &str) -> String {
    let key = format!("{prefix}-refused-{code}");
    match ctx.t(&key) {
        text if text == key => ctx.t(&format!("{prefix}-refused")),
        text => text,
    }
}

/// A post's answer: done, on to `href`; no such record, 404; not allowed, 403; any refusal
/// worded with the capability's words (`prefix`) for the page to show again, its detail
/// through `word_detail` where that has a wording of it.
pub fn answer<T>(
    taken: Result<T, StoreError>,
    ctx: &Ctx,
    href: &str,
    prefix: &str,
    word_detail: fn(&Ctx, &str) -> Option<String>,
) -> Result<Result<Response, Kept>, PageError> {
    let form_errors = |errors: FieldErrors| Kept {
        message: ctx.t("form-has-errors"),
        ..Kept::fields(errors)
    };
    let kept = match step_taken(taken, ctx, href)? {
        Ok(done) => return Ok(Ok(done)),
        Err(StoreError::Invalid(fields)) => form_errors(fields),
        Err(StoreError::UnknownReference { field }) => {
            form_errors(FieldErrors::single(field, "unknown_reference"))
        }
        Err(StoreError::Duplicate { field }) => {
            form_errors(FieldErrors::single(field, "already_in_use"))
        }
        Err(StoreError::Refused { code, detail }) => Kept {
            status: Some(StatusCode::CONFLICT),
            message: refusal(ctx, prefix, code),
            detail: word_detail(ctx, &detail).unwrap_or(detail),
            errors: FieldErrors::new(),
        },
        Err(StoreError::Stale { current }) => Kept {
            status: Some(StatusCode::CONFLICT),
            message: format!(
                "{} {}",
                ctx.t("stale-title"),
                ctx.t1(&format!("{prefix}-stale"), "version", current)
            ),
            ..Kept::default()
        },
        Err(e) => return Err(PageError::store(ctx.clone(), e)),
    };
    Ok(Err(kept))
}
