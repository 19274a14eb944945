//! Study abroad and foreign students: lists with search and filters, entry and edit forms.
//! One set of handlers serves both, told apart by the path.

use super::extract::{allow, Found, OrPage, PageError, SignedIn};
use super::record::JustSaved;
use super::{no_store, parse_id, render, Ctx, Errors, FormValues, KeysetPager};
use crate::AppState;
use askama::Template;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use hrx_domain::access::{Capability, Principal, Role};
use hrx_domain::reference::reference;
use hrx_domain::students::{
    Enrolment, EnrolmentInput, Funding, Scholarship, StudyAbroad, StudyAbroadInput,
};
use hrx_domain::FieldErrors;
use hrx_store::students::{StudyKind, StudyQuery, StudyRecord};
use hrx_store::StoreError;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for base in ["/study-abroad", "/foreign-students"] {
        router = router
            .route(base, get(list).post(create))
            .route(&format!("{base}/new"), get(new_form))
            .route(&format!("{base}/{{id}}"), get(edit_form).post(update));
    }
    router
}

const PER_PAGE: i64 = 25;

fn kind_of(uri: &Uri) -> (StudyKind, &'static str) {
    if uri.path().starts_with("/foreign-students") {
        (StudyKind::ForeignStudent, "/foreign-students")
    } else {
        (StudyKind::StudyAbroad, "/study-abroad")
    }
}

/// Mobility officers enter and edit; reviewers and admins read.
fn may_read(p: &Principal) -> bool {
    p.has(Capability::Mobility) || p.role == Role::Reviewer
}

fn may_write(p: &Principal) -> bool {
    p.has(Capability::Mobility)
}

/// A signed-in user who may read these records, the page context, and which kind of record
/// the path names (and its base path). Writing needs [`may_write`] besides.
struct StudyUser {
    principal: Principal,
    ctx: Ctx,
    kind: StudyKind,
    base: &'static str,
}

impl FromRequestParts<AppState> for StudyUser {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, PageError> {
        let SignedIn { principal, ctx } = SignedIn::allowed(parts, state, may_read).await?;
        let (kind, base) = kind_of(&parts.uri);
        Ok(StudyUser {
            principal,
            ctx,
            kind,
            base,
        })
    }
}

/// The same user, who must also be allowed to write.
fn writer(user: StudyUser) -> Result<StudyUser, PageError> {
    allow(may_write(&user.principal), &user.ctx)?;
    Ok(user)
}

/// How a form field is entered.
pub enum Widget {
    Country,
    Province,
    Level,
    Choice(Vec<&'static str>),
    Date,
    Text,
}

pub struct FieldSpec {
    pub name: &'static str,
    pub widget: Widget,
    pub required: bool,
}

fn fields(kind: StudyKind) -> Vec<FieldSpec> {
    let f = |name, widget, required| FieldSpec {
        name,
        widget,
        required,
    };
    // Both kinds ask where first; then the same level and field, how the study is paid for,
    // and from when until when.
    let mut fields = match kind {
        StudyKind::StudyAbroad => vec![
            f("destination_country", Widget::Country, true),
            f("institution", Widget::Text, true),
        ],
        StudyKind::ForeignStudent => vec![
            f("institution", Widget::Text, true),
            f("province", Widget::Province, true),
        ],
    };
    let (paid_by, from, until) = match kind {
        StudyKind::StudyAbroad => ("funding", "departure_date", "return_date"),
        StudyKind::ForeignStudent => ("scholarship", "enrolment_start", "enrolment_end"),
    };
    let codes = match kind {
        StudyKind::StudyAbroad => Funding::ALL.iter().map(|x| x.code()).collect(),
        StudyKind::ForeignStudent => Scholarship::ALL.iter().map(|x| x.code()).collect(),
    };
    fields.extend([
        f("isced_level", Widget::Level, true),
        f("field", Widget::Text, false),
        f(paid_by, Widget::Choice(codes), true),
        f(from, Widget::Date, true),
        f(until, Widget::Date, false),
    ]);
    fields
}

/// Validates a submitted form into the values to store.
fn parse(
    kind: StudyKind,
    form: &FormValues,
    today: chrono::NaiveDate,
) -> Result<Vec<(&'static str, Option<String>)>, FieldErrors> {
    let get = |k: &str| form.0.get(k).cloned();
    match kind {
        StudyKind::StudyAbroad => {
            StudyAbroad::parse(&StudyAbroadInput::from_fields(get), today).map(|r| r.values())
        }
        StudyKind::ForeignStudent => {
            Enrolment::parse(&EnrolmentInput::from_fields(get)).map(|r| r.values())
        }
    }
}

/// The list's address: search, filters, and where the page before stopped (`after`). An
/// old `page=` is ignored: such a link starts from the first page.
#[derive(Deserialize, Default)]
struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    after: String,
}

#[derive(Template)]
#[template(path = "study_records.html")]
struct ListPage {
    ctx: Ctx,
    base: &'static str,
    foreign: bool,
    q: String,
    country: String,
    current: bool,
    rows: Vec<StudyRecord>,
    pager: KeysetPager,
}

impl ListPage {
    fn title(&self) -> String {
        self.ctx.t(if self.foreign {
            "nav-foreign-students"
        } else {
            "nav-study-abroad"
        })
    }
}

async fn list(
    State(state): State<AppState>,
    user: StudyUser,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let StudyUser {
        ctx, kind, base, ..
    } = user;
    let params = params.map(|q| q.0).unwrap_or_default();
    let current = params.current.as_deref().is_some_and(|c| !c.is_empty());
    let query = StudyQuery {
        text: Some(params.q.clone()),
        country: Some(params.country.clone()),
        current_only: current,
        page: 1,
        per_page: PER_PAGE,
    };
    let after = Some(params.after.as_str()).filter(|a| !a.is_empty());
    let found = state
        .store
        .study_records_after(kind, &query, after)
        .await
        .or_page(&ctx)?;
    let current_flag = if current { "1" } else { "" };
    let pager = KeysetPager::new(
        base,
        &[
            ("q", params.q.as_str()),
            ("country", params.country.as_str()),
            ("current", current_flag),
        ],
        &params.after,
        (found.total, found.total_capped),
        found.next.as_deref(),
    );
    Ok(render(
        StatusCode::OK,
        &ListPage {
            ctx,
            base,
            foreign: kind == StudyKind::ForeignStudent,
            q: params.q,
            country: params.country,
            current,
            rows: found.items,
            pager,
        },
    ))
}

#[derive(Template)]
#[template(path = "study_record_form.html")]
struct FormPage {
    ctx: Ctx,
    base: &'static str,
    action: String,
    editing: bool,
    person_id: i64,
    person_name: String,
    version: i64,
    record_ref: Option<String>,
    fields: Vec<FieldSpec>,
    values: FormValues,
    errors: Errors,
    stale_version: Option<i64>,
    saved: bool,
}

impl FormPage {
    /// An empty form for a new record of the person.
    fn for_person(
        ctx: Ctx,
        base: &'static str,
        kind: StudyKind,
        person_id: i64,
        person_name: String,
    ) -> Self {
        FormPage {
            ctx,
            base,
            action: base.to_owned(),
            editing: false,
            person_id,
            person_name,
            version: 0,
            record_ref: None,
            fields: fields(kind),
            values: FormValues::default(),
            errors: Errors::default(),
            stale_version: None,
            saved: false,
        }
    }

    /// The form editing a record, filled with what it holds.
    fn for_record(ctx: Ctx, base: &'static str, kind: StudyKind, record: &StudyRecord) -> Self {
        FormPage {
            ctx,
            base,
            action: format!("{base}/{}", record.id),
            editing: true,
            person_id: record.person_id,
            person_name: record.person_name.clone(),
            version: record.version,
            record_ref: record.record_ref.clone(),
            fields: fields(kind),
            values: form_values(record),
            errors: Errors::default(),
            stale_version: None,
            saved: false,
        }
    }

    fn levels(&self) -> Vec<(String, String)> {
        reference()
            .education_levels
            .iter()
            .map(|l| {
                let name = self.ctx.lang.pick(&l.name_zh, &l.name_en);
                (l.code.clone(), format!("{} · {name}", l.code))
            })
            .collect()
    }
}

#[derive(Deserialize, Default)]
struct NewParams {
    #[serde(default)]
    person: String,
}

async fn person_name(state: &AppState, person_id: i64) -> Result<Option<String>, StoreError> {
    Ok(state
        .store
        .person(person_id, hrx_domain::access::Scope::All)
        .await?
        .map(|p| {
            hrx_domain::registry::display_name(p.name_native.as_deref(), p.name_latin.as_deref())
        }))
}

async fn new_form(
    State(state): State<AppState>,
    user: StudyUser,
    params: Result<Query<NewParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let StudyUser {
        ctx, kind, base, ..
    } = writer(user)?;
    let person_id = params
        .ok()
        .and_then(|p| parse_id(&p.0.person))
        .found(&ctx)?;
    let name = person_name(&state, person_id).await.found(&ctx)?;
    Ok(no_store(render(
        StatusCode::OK,
        &FormPage::for_person(ctx, base, kind, person_id, name),
    )))
}

async fn create(
    State(state): State<AppState>,
    user: StudyUser,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let StudyUser {
        principal,
        ctx,
        kind,
        base,
    } = writer(user)?;
    let person_id = form
        .0
        .get("person_id")
        .and_then(|p| parse_id(p))
        .found(&ctx)?;
    let name = person_name(&state, person_id).await.found(&ctx)?;
    let values = match parse(kind, &form, state.today()) {
        Ok(values) => values,
        Err(errors) => {
            let errors = Errors::from(&ctx, &errors);
            return Ok(no_store(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &FormPage {
                    values: form,
                    errors,
                    ..FormPage::for_person(ctx, base, kind, person_id, name)
                },
            )));
        }
    };
    let record = state
        .store
        .create_study_record(&principal.username, kind, person_id, &values)
        .await
        .or_page(&ctx)?;
    Ok(Redirect::to(&format!("{base}/{}?saved=1", record.id)).into_response())
}

fn form_values(record: &StudyRecord) -> FormValues {
    FormValues(
        record
            .values
            .iter()
            .map(|(k, v)| (k.clone(), v.clone().unwrap_or_default()))
            .collect(),
    )
}

async fn edit_form(
    State(state): State<AppState>,
    user: StudyUser,
    Path(id): Path<String>,
    JustSaved(saved): JustSaved,
) -> Result<Response, PageError> {
    let StudyUser {
        ctx, kind, base, ..
    } = user;
    let id = parse_id(&id).found(&ctx)?;
    let record = state.store.study_record(kind, id).await.found(&ctx)?;
    Ok(no_store(render(
        StatusCode::OK,
        &FormPage {
            saved,
            ..FormPage::for_record(ctx, base, kind, &record)
        },
    )))
}

async fn update(
    State(state): State<AppState>,
    user: StudyUser,
    Path(id): Path<String>,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let StudyUser {
        principal,
        ctx,
        kind,
        base,
    } = writer(user)?;
    let id = parse_id(&id).found(&ctx)?;
    let record = state.store.study_record(kind, id).await.found(&ctx)?;
    let version: i64 = form
        .0
        .get("version")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let page = |ctx: Ctx, errors: Errors, stale: Option<i64>, form: FormValues| FormPage {
        version,
        values: form,
        errors,
        stale_version: stale,
        ..FormPage::for_record(ctx, base, kind, &record)
    };
    let values = match parse(kind, &form, state.today()) {
        Ok(values) => values,
        Err(errors) => {
            let errors = Errors::from(&ctx, &errors);
            return Ok(no_store(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(ctx, errors, None, form),
            )));
        }
    };
    match state
        .store
        .update_study_record(&principal.username, kind, id, version, &values)
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{base}/{id}?saved=1")).into_response()),
        Err(StoreError::Stale { current }) => Ok(no_store(render(
            StatusCode::CONFLICT,
            &page(ctx, Errors::default(), Some(current), form),
        ))),
        Err(StoreError::NotFound) => Err(PageError::not_found(ctx)),
        Err(e) => Err(PageError::store(ctx, e)),
    }
}
