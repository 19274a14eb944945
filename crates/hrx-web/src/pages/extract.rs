//! Who a page is for, and the pages a handler may end on instead of its own.
//!
//! A handler behind sign-in takes [`SignedIn`]; one open to everyone takes [`Anyone`]. Both
//! build the page context once. Handlers return `Result<Response, PageError>` and use `?`:
//!
//! ```text
//! let id = parse_id(&id).found(&ctx)?;
//! let person = state.store.person(id, scope).await.found(&ctx)?;
//! allow(principal.may_edit_person(person.organisation_id), &ctx)?;
//! let history = state.store.history("person", &key).await.or_page(&ctx)?;
//! ```

use super::{forbidden, message, not_found_page, server_error, sign_in_first, Ctx};
use crate::i18n::Lang;
use crate::layout::csrf_failed;
use crate::{AppState, Viewer};
use axum::extract::rejection::ExtensionRejection;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use hrx_domain::access::Principal;
use hrx_store::StoreError;

/// A signed-in user on a page. A visitor who is not signed in is sent to the sign-in page and
/// back to this address.
pub struct SignedIn {
    pub principal: Principal,
    pub ctx: Ctx,
}

impl SignedIn {
    /// The signed-in user when `may` lets them in; anyone else signed in is refused (403).
    pub async fn allowed(
        parts: &mut Parts,
        state: &AppState,
        may: impl FnOnce(&Principal) -> bool,
    ) -> Result<SignedIn, PageError> {
        let signed_in = SignedIn::from_request_parts(parts, state).await?;
        allow(may(&signed_in.principal), &signed_in.ctx)?;
        Ok(signed_in)
    }
}

/// Anyone on a page open to all, signed in or not.
pub struct Anyone {
    pub principal: Option<Principal>,
    pub ctx: Ctx,
}

async fn viewer(parts: &mut Parts, state: &AppState) -> Result<Viewer, PageError> {
    Extension::<Viewer>::from_request_parts(parts, state)
        .await
        .map(|Extension(viewer)| viewer)
        .map_err(|r| ErrorPage::NoViewer(r).into())
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let viewer = viewer(parts, state).await?;
        let Some(principal) = viewer.principal.clone() else {
            return Err(PageError::sign_in(parts.uri.clone()));
        };
        Ok(SignedIn {
            ctx: viewer.ctx(&parts.uri),
            principal,
        })
    }
}

impl FromRequestParts<AppState> for Anyone {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let viewer = viewer(parts, state).await?;
        Ok(Anyone {
            ctx: viewer.ctx(&parts.uri),
            principal: viewer.principal,
        })
    }
}

/// The page a handler ends on when it cannot show its own.
pub enum ErrorPage {
    /// Not signed in: off to the sign-in page, and back to this address afterwards.
    SignIn(Uri),
    /// 403: signed in, but not allowed here.
    Forbidden(Ctx),
    /// 404: no such record, or none this user may see.
    NotFound(Ctx),
    /// 500: the store failed; logged, not shown.
    Store(Ctx, StoreError),
    /// 500: something else failed that was logged where it happened.
    Failed(Ctx),
    /// 403: a form or upload without the session's CSRF token.
    CsrfFailed(Lang, bool),
    /// 429: a public page asked too often from one address.
    TooMany(Ctx),
    /// 422: an address whose parameters hold characters that cannot be stored.
    ControlCharacters(Ctx),
    /// The request did not pass the viewer middleware (a wiring fault): axum's own answer.
    NoViewer(ExtensionRejection),
}

/// What page handlers return instead of their page: an [`ErrorPage`], boxed so that a
/// handler's `Result` stays small.
pub struct PageError(Box<ErrorPage>);

impl From<ErrorPage> for PageError {
    fn from(page: ErrorPage) -> Self {
        PageError(Box::new(page))
    }
}

impl PageError {
    pub fn sign_in(uri: Uri) -> Self {
        ErrorPage::SignIn(uri).into()
    }

    pub fn forbidden(ctx: Ctx) -> Self {
        ErrorPage::Forbidden(ctx).into()
    }

    pub fn not_found(ctx: Ctx) -> Self {
        ErrorPage::NotFound(ctx).into()
    }

    pub fn store(ctx: Ctx, error: StoreError) -> Self {
        ErrorPage::Store(ctx, error).into()
    }

    pub fn failed(ctx: Ctx) -> Self {
        ErrorPage::Failed(ctx).into()
    }

    pub fn csrf_failed(ctx: &Ctx) -> Self {
        ErrorPage::CsrfFailed(ctx.lang, ctx.demo).into()
    }

    pub fn too_many(ctx: Ctx) -> Self {
        ErrorPage::TooMany(ctx).into()
    }

    pub fn control_characters(ctx: Ctx) -> Self {
        ErrorPage::ControlCharacters(ctx).into()
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match *self.0 {
            ErrorPage::SignIn(uri) => sign_in_first(&uri),
            ErrorPage::Forbidden(ctx) => forbidden(ctx),
            ErrorPage::NotFound(ctx) => not_found_page(ctx),
            ErrorPage::Store(ctx, error) => server_error(ctx, error),
            ErrorPage::Failed(ctx) => message(
                ctx,
                StatusCode::INTERNAL_SERVER_ERROR,
                "error-title",
                "error-message",
            ),
            ErrorPage::CsrfFailed(lang, demo) => csrf_failed(lang, demo),
            ErrorPage::TooMany(ctx) => message(
                ctx,
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-title",
                "too-many-message",
            ),
            ErrorPage::ControlCharacters(ctx) => message(
                ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                "bad-input-title",
                "err-control_characters",
            ),
            ErrorPage::NoViewer(rejection) => rejection.into_response(),
        }
    }
}

/// The 403 page unless `allowed`.
pub fn allow(allowed: bool, ctx: &Ctx) -> Result<(), PageError> {
    if allowed {
        Ok(())
    } else {
        Err(PageError::forbidden(ctx.clone()))
    }
}

/// A store answer on a page: a failure is the error page.
pub trait OrPage<T> {
    /// Any store error is the 500 page.
    fn or_page(self, ctx: &Ctx) -> Result<T, PageError>;
    /// `StoreError::NotFound` is the 404 page; any other error the 500 page.
    fn or_page_404(self, ctx: &Ctx) -> Result<T, PageError>;
}

impl<T> OrPage<T> for Result<T, StoreError> {
    fn or_page(self, ctx: &Ctx) -> Result<T, PageError> {
        self.map_err(|e| PageError::store(ctx.clone(), e))
    }

    fn or_page_404(self, ctx: &Ctx) -> Result<T, PageError> {
        self.map_err(|e| match e {
            StoreError::NotFound => PageError::not_found(ctx.clone()),
            other => PageError::store(ctx.clone(), other),
        })
    }
}

/// Something that may be missing: missing is the 404 page.
pub trait Found<T> {
    fn found(self, ctx: &Ctx) -> Result<T, PageError>;
}

impl<T> Found<T> for Option<T> {
    fn found(self, ctx: &Ctx) -> Result<T, PageError> {
        self.ok_or_else(|| PageError::not_found(ctx.clone()))
    }
}

/// A record looked up in the store: none is the 404 page, a store error the 500 page.
impl<T> Found<T> for Result<Option<T>, StoreError> {
    fn found(self, ctx: &Ctx) -> Result<T, PageError> {
        self.or_page(ctx)?.found(ctx)
    }
}
