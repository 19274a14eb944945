//! What the registry's record pages share (people and organisations): the entry form and how
//! it answers a submission, the list's query, and the panels below a record.

use super::extract::{OrPage, PageError};
use super::{no_store, render, Ctx};
use crate::AppState;
use askama::Template;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use hrx_domain::access::Principal;
use hrx_domain::audit::AuditEntry;
use hrx_domain::FieldErrors;
use hrx_store::accounts::UserRecord;
use hrx_store::StoreError;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::convert::Infallible;

/// The values of a record's entry form as typed, which make its page.
pub trait RecordForm: Sized {
    /// The list's address; a record's page is `{BASE}/{id}`, and the form posts there.
    const BASE: &'static str;
    /// The heading's translation keys for a new record and for an edit.
    const TITLES: (&'static str, &'static str);

    type Page: Template;

    /// The form page with these values, the errors beside the fields, the record edited (none
    /// for a new one) and, after an edit from a stale version, the current version.
    fn page(
        self,
        ctx: Ctx,
        errors: &FieldErrors,
        id: Option<i64>,
        stale: Option<i64>,
    ) -> Self::Page;

    /// Where the form posts, and where cancel goes back to.
    fn address(id: Option<i64>) -> String {
        id.map_or(Self::BASE.into(), |id| format!("{}/{id}", Self::BASE))
    }

    fn title(id: Option<i64>) -> &'static str {
        if id.is_some() {
            Self::TITLES.1
        } else {
            Self::TITLES.0
        }
    }

    /// The form to fill in: blank, or the record's current values.
    fn show(self, ctx: Ctx, id: Option<i64>) -> Response {
        no_store(render(
            StatusCode::OK,
            &self.page(ctx, &FieldErrors::new(), id, None),
        ))
    }

    /// The form again with what was typed, and why it was not accepted.
    fn invalid(self, ctx: Ctx, errors: &FieldErrors, id: Option<i64>) -> Response {
        render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &self.page(ctx, errors, id, None),
        )
    }

    /// After the store answered: to the record's page, marked saved; a refusal is the form
    /// again with the reason beside the field (a stale edit with the current version).
    fn saved(
        self,
        ctx: Ctx,
        id: Option<i64>,
        result: Result<i64, StoreError>,
    ) -> Result<Response, PageError> {
        let (status, errors, stale) = match result {
            Ok(saved) => {
                let to = format!("{}?saved=1", Self::address(Some(saved)));
                return Ok(Redirect::to(&to).into_response());
            }
            Err(StoreError::Duplicate { field }) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                FieldErrors::single(field, "already_in_use"),
                None,
            ),
            Err(StoreError::UnknownReference { field }) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                FieldErrors::single(field, "unknown_reference"),
                None,
            ),
            Err(StoreError::Stale { current }) => {
                (StatusCode::CONFLICT, FieldErrors::new(), Some(current))
            }
            Err(StoreError::NotFound) => return Err(PageError::not_found(ctx)),
            Err(other) => return Err(PageError::store(ctx, other)),
        };
        Ok(render(status, &self.page(ctx, &errors, id, stale)))
    }
}

/// The query of a list page: its filters as typed (none when the query cannot be read) and
/// the page asked for, 1 when absent or not a number.
pub struct ListQuery<P> {
    pub filters: P,
    pub page: i64,
}

#[derive(Deserialize)]
struct PageParam {
    page: Option<String>,
}

impl<P, S> FromRequestParts<S> for ListQuery<P>
where
    P: DeserializeOwned + Default + Send,
    S: Send + Sync,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Infallible> {
        let Ok(Query(filters)) = Query::<P>::from_request_parts(parts, state).await else {
            return Ok(ListQuery {
                filters: P::default(),
                page: 1,
            });
        };
        let page = Query::<PageParam>::from_request_parts(parts, state)
            .await
            .ok()
            .and_then(|q| q.0.page)
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .max(1);
        Ok(ListQuery { filters, page })
    }
}

/// `?saved=1` on a record's page, after a save: the page says it was saved.
pub struct JustSaved(pub bool);

#[derive(Deserialize)]
struct SavedParam {
    saved: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for JustSaved {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Infallible> {
        let saved = Query::<SavedParam>::from_request_parts(parts, state).await;
        Ok(JustSaved(saved.is_ok_and(|q| q.0.saved.is_some())))
    }
}

/// Below a record: the user accounts bound to it (for those who manage users) and its audit
/// history (for those who may read it).
pub struct RecordPanels {
    pub accounts: Vec<UserRecord>,
    pub show_history: bool,
    pub history: Vec<AuditEntry>,
}

impl RecordPanels {
    /// The panels of the record `kind` (the audit entity type) `id`; its accounts are those
    /// bound to the organisation or the person given.
    pub async fn load(
        state: &AppState,
        principal: &Principal,
        ctx: &Ctx,
        kind: &str,
        id: i64,
        bound: (Option<i64>, Option<i64>),
    ) -> Result<RecordPanels, PageError> {
        let show_history = principal.may_read_history();
        let history = if show_history {
            state
                .store
                .history(kind, &id.to_string())
                .await
                .or_page(ctx)?
        } else {
            Vec::new()
        };
        let accounts = if principal.may_manage_users() {
            state
                .store
                .users_bound_to(bound.0, bound.1)
                .await
                .or_page(ctx)?
        } else {
            Vec::new()
        };
        Ok(RecordPanels {
            accounts,
            show_history,
            history,
        })
    }
}
