//! What the registry's record pages share (people and organisations): the entry form and how
//! it answers a submission, the new-record and edit pages with their routes, the list's
//! query, and the panels below a record.

use super::extract::{allow, Found, OrPage, PageError, SignedIn};
use super::{no_store, parse_id, render, Ctx};
use crate::AppState;
use askama::Template;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use hrx_domain::access::Principal;
use hrx_domain::audit::AuditEntry;
use hrx_domain::FieldErrors;
use hrx_store::accounts::UserRecord;
use hrx_store::StoreError;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::convert::Infallible;
use std::future::Future;

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

/// A form field as typed: none when blank.
pub fn filled(value: &str) -> Option<String> {
    Some(value.to_owned()).filter(|v| !v.trim().is_empty())
}

/// A registry record's entry form with what its pages need of the record type: who may create
/// and edit one, how one is looked up, and how the form is checked and stored. The list and
/// the record's own page are the type's; the new-record and edit pages are made here.
pub trait RegistryEntry: RecordForm + DeserializeOwned + Send + Sync + 'static {
    /// The record as the store keeps it.
    type Record: Send + Sync;

    /// The record `id`, if this user may see it.
    fn find(
        state: &AppState,
        principal: &Principal,
        id: i64,
    ) -> impl Future<Output = Result<Option<Self::Record>, StoreError>> + Send;

    fn may_create(principal: &Principal) -> bool;

    fn may_edit(principal: &Principal, record: &Self::Record) -> bool;

    /// The form of a new record, as it first shows.
    fn blank() -> Self;

    /// The form with a record's current values.
    fn of(record: &Self::Record) -> Self;

    /// Checks the form and stores it as a new record: the field errors, or the store's answer
    /// (the new record's id).
    fn save_new(
        &self,
        state: &AppState,
        principal: &Principal,
    ) -> impl Future<Output = Result<Result<i64, StoreError>, FieldErrors>> + Send;

    /// Checks the form and stores it over the record `id`, from the version it was edited from.
    fn save_edit(
        &self,
        state: &AppState,
        principal: &Principal,
        id: i64,
    ) -> impl Future<Output = Result<Result<i64, StoreError>, FieldErrors>> + Send;
}

/// The routes of a registry record type's pages under `F::BASE`: the list (a new record is
/// posted there), the new-record form, the record's page (an edit is posted there) and its
/// edit form.
pub fn routes<F, L, LT, V, VT>(list: L, view: V) -> Router<AppState>
where
    F: RegistryEntry,
    L: Handler<LT, AppState>,
    V: Handler<VT, AppState>,
    LT: 'static,
    VT: 'static,
{
    let base = F::BASE;
    Router::new()
        .route(base, get(list).post(create::<F>))
        .route(&format!("{base}/new"), get(new_form::<F>))
        .route(&format!("{base}/{{id}}"), get(view).post(update::<F>))
        .route(&format!("{base}/{{id}}/edit"), get(edit_form::<F>))
}

/// The record the path names, if this user may see it (the 404 page otherwise).
pub async fn visible<F: RegistryEntry>(
    state: &AppState,
    principal: &Principal,
    ctx: &Ctx,
    id: &str,
) -> Result<(i64, F::Record), PageError> {
    let id = parse_id(id).found(ctx)?;
    let record = F::find(state, principal, id).await.found(ctx)?;
    Ok((id, record))
}

async fn new_form<F: RegistryEntry>(
    SignedIn { principal, ctx }: SignedIn,
) -> Result<Response, PageError> {
    allow(F::may_create(&principal), &ctx)?;
    Ok(F::blank().show(ctx, None))
}

async fn create<F: RegistryEntry>(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Form(form): Form<F>,
) -> Result<Response, PageError> {
    allow(F::may_create(&principal), &ctx)?;
    match form.save_new(&state, &principal).await {
        Ok(saved) => form.saved(ctx, None, saved),
        Err(errors) => Ok(form.invalid(ctx, &errors, None)),
    }
}

async fn edit_form<F: RegistryEntry>(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let (id, record) = visible::<F>(&state, &principal, &ctx, &id).await?;
    allow(F::may_edit(&principal, &record), &ctx)?;
    Ok(F::of(&record).show(ctx, Some(id)))
}

async fn update<F: RegistryEntry>(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<F>,
) -> Result<Response, PageError> {
    let (id, current) = visible::<F>(&state, &principal, &ctx, &id).await?;
    allow(F::may_edit(&principal, &current), &ctx)?;
    match form.save_edit(&state, &principal, id).await {
        Ok(saved) => form.saved(ctx, Some(id), saved),
        Err(errors) => Ok(form.invalid(ctx, &errors, Some(id))),
    }
}

/// The query of a list page: its filters as typed, none when the query cannot be read (a
/// list then shows its first page unfiltered rather than an error).
pub struct ListQuery<P> {
    pub filters: P,
}

impl<P, S> FromRequestParts<S> for ListQuery<P>
where
    P: DeserializeOwned + Default + Send,
    S: Send + Sync,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Infallible> {
        let filters = Query::<P>::from_request_parts(parts, state)
            .await
            .map_or_else(|_| P::default(), |q| q.0);
        Ok(ListQuery { filters })
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
