//! The foreign-expert register on a page, for officers of the experts capability (and
//! administrators): the engagements by the year they overlap and by origin (Hong Kong, Macao
//! and Taiwan experts kept apart from foreign ones), each with its expert, class before 2017,
//! employer, programme, province, sector and dates worded in the reader's language; and the
//! form an engagement is recorded with (the expert chosen with the person picker; every
//! value kept on error). Bulk loads go through `/imports` (kind `experts`).

use super::case::kept::{self, Kept};
use super::case::picker::{pick_person, PickKind, Picker};
use super::extract::{OrPage, PageError, SignedIn};
use super::{no_store, render, Ctx, Errors, FormValues};
use crate::AppState;
use askama::Template;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Router};
use hrx_domain::access::{Capability, Principal};
use hrx_domain::awards::experts::{EngagementInput, CLASSES, ORIGINS, PROGRAMMES};
use hrx_domain::FieldErrors;
use hrx_store::experts::EngagementQuery;
use serde::Deserialize;

const BASE: &str = "/experts";

pub fn routes() -> Router<AppState> {
    Router::new().route(BASE, get(list).post(create))
}

/// An officer of the experts capability (or an administrator); anyone else signed in is
/// refused (403), a visitor is sent to sign in first.
struct Officer {
    p: Principal,
    ctx: Ctx,
}

impl FromRequestParts<AppState> for Officer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let SignedIn { principal, ctx } =
            SignedIn::allowed(parts, state, |p| p.has(Capability::Experts)).await?;
        Ok(Officer { p: principal, ctx })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ListQuery {
    year: String,
    origin: String,
    /// Where the page starts: the `next` of the page before (empty: the first page).
    after: String,
}

/// Engagements on one page.
const PER_PAGE: i64 = 50;

struct Row {
    person_href: String,
    person: String,
    nationality: String,
    origin: String,
    class: String,
    employer: String,
    programme: String,
    province: String,
    sector: String,
    dates: String,
    document: String,
}

#[derive(Template)]
#[template(path = "experts.html")]
struct ListPage {
    ctx: Ctx,
    q: ListQuery,
    rows: Vec<Row>,
    pager: crate::pages::KeysetPager,
    origins: Vec<(String, String)>,
    classes: Vec<(String, String)>,
    programmes: Vec<(String, String)>,
    provinces: Vec<(String, String)>,
    sectors: Vec<(String, String)>,
    form: FormValues,
    errors: Errors,
    message: String,
    detail: String,
    person_picker: String,
}

/// A code worded, or a dash for none.
fn worded(ctx: &Ctx, prefix: &str, code: &str) -> String {
    if code.trim().is_empty() {
        "—".to_owned()
    } else {
        ctx.tk(prefix, code)
    }
}

async fn list_view(
    state: &AppState,
    ctx: Ctx,
    q: ListQuery,
    kept: Option<(FormValues, Picker, Kept)>,
) -> Result<Response, PageError> {
    let query = EngagementQuery {
        person_id: None,
        origin: Some(q.origin.trim().to_owned()).filter(|o| ORIGINS.contains(&o.as_str())),
        year: q
            .year
            .trim()
            .parse()
            .ok()
            .filter(|y| (1950..=2100).contains(y)),
    };
    let after = Some(q.after.as_str()).filter(|a| !a.is_empty());
    let found = state
        .store
        .expert_engagements_after(&query, after, PER_PAGE)
        .await
        .or_page(&ctx)?;
    let pager = crate::pages::KeysetPager::new(
        "/experts",
        &[("year", &q.year), ("origin", &q.origin)],
        &q.after,
        (found.total, found.total_capped),
        found.next.as_deref(),
    );
    let rows = found
        .items
        .into_iter()
        .map(|e| Row {
            person_href: format!("/persons/{}", e.person_id),
            person: e.person_name.clone(),
            nationality: ctx.country_name(&e.nationality),
            origin: ctx.tk("fe-origin", &e.origin),
            class: worded(&ctx, "fe-class", e.expert_class.as_deref().unwrap_or("")),
            employer: e.employer_name.clone(),
            programme: worded(&ctx, "fe-programme", &e.programme),
            province: ctx.province_name(&e.province),
            sector: if SECTORS.contains(&e.sector.as_str()) {
                ctx.tk("fe-sector", &e.sector)
            } else {
                e.sector.clone()
            },
            dates: format!("{} – {}", ctx.date(&e.start_date), ctx.date(&e.end_date)),
            document: if e.document_ref.is_empty() {
                "—".to_owned()
            } else {
                e.document_ref.clone()
            },
        })
        .collect();
    let (form, picker, kept) = kept.unwrap_or_else(|| {
        (
            FormValues::default(),
            Picker::new("person_id", PickKind::Person),
            Kept::default(),
        )
    });
    let errors = Errors::from(&ctx, &kept.errors);
    let page = ListPage {
        origins: ctx.choices("fe-origin", &ORIGINS),
        classes: ctx.choices("fe-class", &CLASSES),
        programmes: ctx.choices("fe-programme", &PROGRAMMES),
        provinces: ctx.provinces(),
        sectors: ctx.choices("fe-sector", &SECTORS),
        person_picker: picker.html(&ctx, &errors),
        errors,
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        form,
        q,
        rows,
        pager,
        ctx,
    };
    Ok(no_store(render(kept.status(), &page)))
}

async fn list(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    list_view(&state, ctx, q, None).await
}

/// Records an engagement and goes back to the register.
async fn create(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let mut errors = FieldErrors::new();
    let (picker, person) = pick_person(&state.store, &ctx, &p, &form, &mut errors).await?;
    let kept = match person {
        Some(person_id) if errors.is_empty() => {
            let v = |n: &str| form.value(n).trim().to_owned();
            let some = |n: &str| Some(v(n)).filter(|s| !s.is_empty());
            let input = EngagementInput {
                person_id,
                expert_class: some("expert_class"),
                employer_name: v("employer_name"),
                programme: some("programme"),
                province: v("province"),
                sector: v("sector"),
                start_date: v("start_date"),
                end_date: v("end_date"),
                document_ref: some("document_ref"),
            };
            let created = state
                .store
                .create_expert_engagement(&p.username, &input)
                .await;
            match kept::answer(created, &ctx, BASE, "fe", |_, _| None)? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
        _ => Kept {
            message: ctx.t("form-has-errors"),
            ..Kept::fields(errors)
        },
    };
    let ctx = Ctx {
        path: BASE.to_owned(),
        ..ctx
    };
    list_view(
        &state,
        ctx,
        ListQuery::default(),
        Some((form, picker, kept)),
    )
    .await
}

/// The sectors the register words (others are shown as recorded).
const SECTORS: [&str; 8] = [
    "education",
    "industry",
    "science_technology",
    "health",
    "culture_sport",
    "agriculture",
    "energy_environment",
    "finance_trade",
];

#[cfg(test)]
mod tests {
    use crate::i18n::{keys, EN_FTL, ZH_FTL};
    use hrx_domain::awards::experts::{CLASSES, ORIGINS, PROGRAMMES};

    #[test]
    fn every_code_the_expert_register_shows_is_translated() {
        let mut wanted: Vec<String> = Vec::new();
        for (prefix, codes) in [
            ("fe-origin", &ORIGINS[..]),
            ("fe-class", &CLASSES[..]),
            ("fe-programme", &PROGRAMMES[..]),
            ("fe-sector", &super::SECTORS[..]),
        ] {
            wanted.extend(codes.iter().map(|c| format!("{prefix}-{c}")));
        }
        for ftl in [EN_FTL, ZH_FTL] {
            let have = keys(ftl);
            for k in &wanted {
                assert!(have.contains(k), "missing {k}");
            }
        }
    }
}
