//! API errors as `application/problem+json` (RFC 9457) with a stable `code`. Internal details
//! are logged, never sent.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use hrx_domain::FieldErrors;
use hrx_store::StoreError;
use serde::Serialize;

#[derive(Debug)]
pub enum ApiError {
    BadRequest {
        code: &'static str,
        detail: String,
    },
    Unauthorized,
    Forbidden,
    NotFound,
    /// Not found, with a code and the reason (an unknown indicator, say).
    NotFoundBecause {
        code: &'static str,
        detail: String,
    },
    Stale {
        current: i64,
    },
    Conflict {
        code: &'static str,
        detail: String,
    },
    Validation(FieldErrors),
    /// A step refused for an input it needs (a comment giving the reason): 422 with its own
    /// code and the field.
    MissingInput {
        code: &'static str,
        field: &'static str,
        detail: String,
    },
    TooManyRequests,
    /// Too many costly requests at once: 503 with `Retry-After`.
    Busy,
    PayloadTooLarge,
    UnsupportedMediaType,
    MethodNotAllowed,
    Internal,
}

#[derive(Serialize)]
struct FieldProblem<'a> {
    field: &'a str,
    code: &'a str,
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<FieldProblem<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_version: Option<i64>,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound | ApiError::NotFoundBecause { .. } => StatusCode::NOT_FOUND,
            ApiError::Stale { .. } | ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::Validation(_) | ApiError::MissingInput { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::MissingInput { code, .. }
            | ApiError::NotFoundBecause { code, .. } => code,
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::Stale { .. } => "stale_version",
            ApiError::Validation(_) => "validation_failed",
            ApiError::TooManyRequests => "too_many_requests",
            ApiError::Busy => "busy",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Internal => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            ApiError::BadRequest { .. } => "The request is malformed",
            ApiError::Unauthorized => "Sign-in required",
            ApiError::Forbidden => "Not allowed",
            ApiError::NotFound | ApiError::NotFoundBecause { .. } => "Not found",
            ApiError::Stale { .. } => "The record was changed by someone else",
            ApiError::Conflict { .. } => "Conflict with the current state",
            ApiError::Validation(_) | ApiError::MissingInput { .. } => "Some fields are invalid",
            ApiError::TooManyRequests => "Too many attempts",
            ApiError::Busy => "Busy: try again in a moment",
            ApiError::PayloadTooLarge => "The request body is too large",
            ApiError::UnsupportedMediaType => "Send application/json",
            ApiError::MethodNotAllowed => "This method is not allowed here",
            ApiError::Internal => "Internal error",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let detail = match &self {
            ApiError::BadRequest { detail, .. }
            | ApiError::Conflict { detail, .. }
            | ApiError::MissingInput { detail, .. }
            | ApiError::NotFoundBecause { detail, .. } => Some(detail.clone()),
            ApiError::Stale { current } => Some(format!(
                "the record is now at version {current}; reload it and apply your change again"
            )),
            _ => None,
        };
        let errors = match &self {
            ApiError::Validation(errors) => errors
                .0
                .iter()
                .map(|e| FieldProblem {
                    field: &e.field,
                    code: e.code,
                })
                .collect(),
            ApiError::MissingInput { field, .. } => vec![FieldProblem {
                field,
                code: "required",
            }],
            _ => Vec::new(),
        };
        let body = Problem {
            kind: format!("urn:hrx:problem:{}", self.code()),
            title: self.title(),
            status: status.as_u16(),
            code: self.code(),
            detail,
            errors,
            current_version: match self {
                ApiError::Stale { current } => Some(current),
                _ => None,
            },
        };
        let json = serde_json::to_string(&body).unwrap_or_default();
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            json,
        )
            .into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Stale { current } => ApiError::Stale { current },
            StoreError::Duplicate { field } => {
                ApiError::Validation(FieldErrors::single(field, "already_in_use"))
            }
            StoreError::UnknownReference { field } => {
                ApiError::Validation(FieldErrors::single(field, "unknown_reference"))
            }
            StoreError::Invalid(errors) => ApiError::Validation(errors),
            StoreError::Throttled => ApiError::TooManyRequests,
            StoreError::Busy => ApiError::Busy,
            StoreError::Forbidden => ApiError::Forbidden,
            StoreError::Refused {
                code: "comment_required",
                detail,
            } => ApiError::MissingInput {
                code: "comment_required",
                field: "comment",
                detail,
            },
            StoreError::Refused { code, detail } => ApiError::Conflict { code, detail },
            other => {
                tracing::error!(error = %other, "store error");
                ApiError::Internal
            }
        }
    }
}

impl From<FieldErrors> for ApiError {
    fn from(errors: FieldErrors) -> Self {
        ApiError::Validation(errors)
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonSyntaxError(e) => ApiError::BadRequest {
                code: "malformed_json",
                detail: e.body_text(),
            },
            JsonRejection::JsonDataError(e) => {
                let text = e.body_text();
                tracing::debug!(%text, "json data error");
                ApiError::Validation(json_data_error(&text))
            }
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            other => ApiError::BadRequest {
                code: "unreadable_body",
                detail: other.body_text(),
            },
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        ApiError::NotFound
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::BadRequest {
            code: "invalid_query",
            detail: rejection.body_text(),
        }
    }
}

/// Names the field of a JSON body that did not fit: serde reports `path: message`, or
/// "unknown field `x`" / "missing field `x`" for the body itself.
fn json_data_error(text: &str) -> FieldErrors {
    let detail = text.split_once("target type: ").map_or(text, |(_, d)| d);
    let quoted = |d: &str| d.split('`').nth(1).unwrap_or("body").to_owned();
    let (path, message) = match detail.split_once(": ") {
        Some((path, message)) if !path.contains(' ') => (Some(path), message),
        _ => (None, detail),
    };
    // The path may or may not end with the field that is unknown or missing.
    let join = |name: String| match path {
        Some(p) if p == name || p.ends_with(&format!(".{name}")) => p.to_owned(),
        Some(p) => format!("{p}.{name}"),
        None => name,
    };
    let (field, code) = if message.starts_with("unknown field") {
        (join(quoted(message)), "unknown_field")
    } else if message.starts_with("missing field") {
        (join(quoted(message)), "required")
    } else {
        (path.unwrap_or("body").to_owned(), "invalid_type")
    };
    FieldErrors::single(field, code)
}

#[cfg(test)]
mod tests {
    use super::{json_data_error, ApiError};
    use axum::http::StatusCode;
    use hrx_store::StoreError;

    #[test]
    fn kernel_refusals_answer_with_their_status() {
        let status = |e: StoreError| ApiError::from(e).status();
        let refused = |code: &'static str| StoreError::Refused {
            code,
            detail: String::new(),
        };
        assert_eq!(
            status(refused("transition_not_allowed")),
            StatusCode::CONFLICT
        );
        assert_eq!(status(refused("same_actor")), StatusCode::CONFLICT);
        assert_eq!(status(refused("quorum_not_met")), StatusCode::CONFLICT);
        assert_eq!(
            status(StoreError::Stale { current: 3 }),
            StatusCode::CONFLICT
        );
        assert_eq!(status(StoreError::Forbidden), StatusCode::FORBIDDEN);
        let missing = ApiError::from(refused("comment_required"));
        assert_eq!(
            (missing.status(), missing.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "comment_required")
        );
    }

    #[test]
    fn serde_messages_name_the_field() {
        let t = "Failed to deserialize the JSON body into the target type: sex: invalid type: integer `5`, expected a string at line 1 column 9";
        assert_eq!(json_data_error(t).code_for("sex"), Some("invalid_type"));
        let t = "Failed to deserialize the JSON body into the target type: unknown field `colour`, expected one of `a`, `b` at line 1 column 9";
        assert_eq!(json_data_error(t).code_for("colour"), Some("unknown_field"));
        let t = "Failed to deserialize the JSON body into the target type: missing field `username` at line 1 column 2";
        assert_eq!(json_data_error(t).code_for("username"), Some("required"));
        let t = "Failed to deserialize the JSON body into the target type: invalid type: integer `1`, expected struct X";
        assert_eq!(json_data_error(t).code_for("body"), Some("invalid_type"));
    }
}
