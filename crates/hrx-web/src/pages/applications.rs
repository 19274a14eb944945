//! Work-permit applications on pages: the employer portal (file, follow) and the officer
//! queue (review, decide, issue), with the actions the workflow allows this user.

use super::case::picker::{
    employer_people, id_field, refused_fields, with_picked, FormPickers, PartyFields,
};
use super::case::queue::{QueueParams, QueueRow, QueueView};
use super::case::{
    actions, confirm_page, parties, step_taken, tabs, ConfirmTarget, DueView, Party, StepAction,
    StepForm, Words, SECTIONS_WITH_DOCUMENTS,
};
use super::extract::{allow, Found, OrPage, PageError, SignedIn};
use super::permits::CalculatorForm;
use super::{no_store, parse_id, render, Ctx, Errors};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use hrx_domain::access::{Principal, Role, Scope};
use hrx_domain::permits::application::{ApplicationDraft, ApplicationInput};
use hrx_domain::permits::{workflow, PointsTable, APPLICATION_KINDS};
use hrx_domain::reference::reference;
use hrx_domain::FieldErrors;
use hrx_store::case::{QueueSort, TransitionRecord};
use hrx_store::permits::{
    ApplicationRecord, PermitRecord, TransitionRequest, WorkPermitApplication,
};
use hrx_store::registry::PersonRecord;
use hrx_store::StoreError;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/work-permits/applications", get(list).post(create))
        .route("/work-permits/applications/new", get(new_form))
        .route("/work-permits/applications/{id}", get(view))
        .route(
            "/work-permits/applications/{id}/transition",
            post(transition),
        )
}

/// The workflow's words: `action-…`, `status-…`.
const WORDS: Words = Words {
    actions: "action",
    statuses: "status",
};

const BASE: &str = "/work-permits/applications";

/// An application with the person's name.
pub struct Row {
    pub application: ApplicationRecord,
    pub person: String,
}

#[derive(Template)]
#[template(path = "applications.html")]
struct ListPage {
    ctx: Ctx,
    queue: QueueView,
    /// An officer's working queue: open cases by due date.
    working: bool,
    may_file: bool,
    expiring: Vec<(u32, Vec<PermitRecord>)>,
}

fn scope_of(principal: &Principal) -> Option<Scope> {
    match principal.work_permit_scope() {
        Scope::Nothing => None,
        scope => Some(scope),
    }
}

async fn person_name(state: &AppState, id: i64) -> String {
    match state.store.person(id, Scope::All).await {
        Ok(Some(p)) => match (p.name_native, p.name_latin) {
            (Some(n), Some(l)) => format!("{n} {l}"),
            (Some(n), None) => n,
            (None, Some(l)) => l,
            (None, None) => String::new(),
        },
        _ => String::new(),
    }
}

async fn list(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    params: Result<Query<QueueParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let Some(scope) = scope_of(&principal) else {
        return Err(PageError::forbidden(ctx));
    };
    let params = params.map(|q| q.0).unwrap_or_default();
    // Officers work a queue of open cases by due date; employers see their filings, newest first.
    let officer = principal.work_permit_workflow_role() == Some("officer");
    let working = officer && params.status.is_empty() && params.q.trim().is_empty();
    let default_sort = if officer {
        QueueSort::Due
    } else {
        QueueSort::Newest
    };
    let found = state
        .store
        .case_queue::<WorkPermitApplication>(&params.query(default_sort, working), scope)
        .await
        .or_page(&ctx)?;
    let calendar = state.store.working_calendar().await.or_page(&ctx)?;
    let mut rows = Vec::new();
    for a in &found.items {
        rows.push(QueueRow {
            href: format!("{BASE}/{}", a.id),
            number: a.id.to_string(),
            title: person_name(&state, a.person_id).await,
            status_label: ctx.tk(WORDS.statuses, &a.status),
            badge: format!("st-{}", a.status),
            status: a.status.clone(),
            due: DueView::of(a.due_date.as_deref(), state.today(), &calendar),
            cells: vec![
                ctx.tk("kind", &a.kind),
                match &a.points_category {
                    Some(c) => format!("{} · {c}", a.total_points),
                    None => a.total_points.to_string(),
                },
            ],
        });
    }
    let statuses: Vec<String> = workflow()
        .map(|w| w.states.iter().map(|s| s.code.clone()).collect())
        .unwrap_or_default();
    let queue = QueueView::new(
        &ctx,
        (BASE, "applications"),
        &params,
        &found,
        (&statuses, WORDS.statuses),
        (
            vec![ctx.t("application-kind"), ctx.t("application-points")],
            rows,
        ),
    )
    .with_kinds(
        APPLICATION_KINDS
            .iter()
            .map(|k| (k.to_string(), ctx.tk("kind", k)))
            .collect(),
    );
    if params.csv() {
        return Ok(queue.csv(&ctx, "work-permit-applications"));
    }
    let employer = match scope {
        Scope::Organisation(org) => Some(org),
        _ => None,
    };
    let mut expiring = Vec::new();
    if matches!(scope, Scope::All | Scope::Organisation(_)) {
        let today = state.today();
        let mut seen = 0;
        for days in [7u32, 30, 90] {
            let until = today + chrono::Days::new(u64::from(days));
            let permits = state
                .store
                .permits_expiring(today, until, employer)
                .await
                .unwrap_or_default();
            let new: Vec<PermitRecord> = permits.into_iter().skip(seen).collect();
            seen += new.len();
            expiring.push((days, new));
        }
    }
    Ok(render(
        StatusCode::OK,
        &ListPage {
            ctx,
            queue,
            working,
            may_file: principal.work_permit_workflow_role().is_some(),
            expiring,
        },
    ))
}

/// The application form as typed; the assessment fields are the calculator's.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    pub kind: String,
    /// The person and the employer: chosen ids, or what was typed in their pickers.
    #[serde(flatten)]
    pub parties: PartyFields,
    pub permit_id: String,
    pub position: String,
    pub occupation: String,
    pub contract_start: String,
    pub contract_end: String,
    #[serde(flatten)]
    pub assessment: CalculatorForm,
}

impl ApplicationForm {
    fn input(&self) -> Result<ApplicationInput, FieldErrors> {
        let mut errors = FieldErrors::new();
        let person_id = id_field(&mut errors, "person_id", &self.parties.person_id);
        if person_id.is_none() && errors.code_for("person_id").is_none() {
            errors.add("person_id", "required");
        }
        let employer_id = id_field(&mut errors, "employer_id", &self.parties.employer_id);
        let permit_id = id_field(&mut errors, "permit_id", &self.permit_id);
        let assessment = match self.assessment.input() {
            Ok(a) => Some(a),
            Err(nested) => {
                for e in nested.0 {
                    errors.add(format!("assessment.{}", e.field), e.code);
                }
                None
            }
        };
        match (person_id, assessment) {
            (Some(person_id), Some(assessment)) if errors.is_empty() => Ok(ApplicationInput {
                kind: self.kind.clone(),
                person_id,
                employer_id,
                permit_id,
                position: self.position.clone(),
                occupation: self.occupation.clone(),
                contract_start: self.contract_start.clone(),
                contract_end: self.contract_end.clone(),
                assessment,
                version: None,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Template)]
#[template(path = "application_form.html")]
struct FormPage {
    ctx: Ctx,
    /// The heading's and the button's translation keys, and where the form posts.
    title: &'static str,
    submit: &'static str,
    action: &'static str,
    form: ApplicationForm,
    errors: Errors,
    people: Vec<PersonRecord>,
    show_employer: bool,
    /// The person field's label, a translation key.
    person_label: &'static str,
    /// The person and employer pickers, as HTML.
    person_picker: String,
    employer_picker: String,
    kinds: Vec<&'static str>,
    occupations: Vec<(String, String)>,
    educations: Vec<&'static str>,
}

async fn form_page(
    state: &AppState,
    ctx: Ctx,
    principal: &Principal,
    form: ApplicationForm,
    errors: &FieldErrors,
    pickers: &FormPickers,
) -> FormPage {
    let people = employer_people(&state.store, principal).await;
    let occupations = reference()
        .occupations
        .iter()
        .filter(|o| o.level == "sub_major")
        .map(|o| {
            let name = match ctx.lang {
                crate::i18n::Lang::Zh => &o.name_zh,
                crate::i18n::Lang::En => &o.name_en,
            };
            (o.code.clone(), format!("{} {}", o.code, name))
        })
        .collect();
    let errors = Errors::from_nested(&ctx, errors, "assessment.");
    let (person_picker, employer_picker) = pickers.html(&ctx, &errors);
    FormPage {
        title: "application-new",
        submit: "application-save-draft",
        action: BASE,
        errors,
        person_label: "application-person",
        person_picker,
        employer_picker,
        show_employer: principal.role != Role::Employer,
        people,
        kinds: APPLICATION_KINDS.to_vec(),
        occupations,
        educations: hrx_domain::permits::EDUCATION_CODES.to_vec(),
        form,
        ctx,
    }
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
) -> Result<Response, PageError> {
    allow(principal.work_permit_workflow_role().is_some(), &ctx)?;
    let mut form = ApplicationForm {
        kind: "new".into(),
        ..Default::default()
    };
    form.assessment.assessment_date = state.today().to_string();
    form.assessment.months_in_china_per_year = "12".into();
    let page = form_page(
        &state,
        ctx,
        &principal,
        form,
        &FieldErrors::new(),
        &FormPickers::new(),
    )
    .await;
    Ok(no_store(render(StatusCode::OK, &page)))
}

async fn create(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Form(mut form): Form<ApplicationForm>,
) -> Result<Response, PageError> {
    let (pickers, picked) = FormPickers::resolve(&state.store, &ctx, &principal, &mut form.parties)
        .await
        .or_page(&ctx)?;
    allow(principal.work_permit_workflow_role().is_some(), &ctx)?;
    let table = PointsTable::current()
        .map_err(|_| StoreError::Integrity("points table".into()))
        .or_page(&ctx)?;
    let parsed = form.input().and_then(|input| {
        let draft = ApplicationDraft::parse(&input, table)?;
        let employer = if principal.role == Role::Employer {
            principal.organisation_id
        } else {
            input.employer_id
        };
        let employer = employer.ok_or_else(|| FieldErrors::single("employer_id", "required"))?;
        Ok((draft, employer))
    });
    let (draft, employer) = match with_picked(picked, parsed) {
        Ok(p) => p,
        Err(errors) => {
            let page = form_page(&state, ctx, &principal, form, &errors, &pickers).await;
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let refused = match state
        .store
        .create_application(
            &principal.username,
            &draft,
            employer,
            principal.person_scope(),
        )
        .await
    {
        Ok(record) => return Ok(Redirect::to(&format!("{BASE}/{}", record.id)).into_response()),
        Err(e) => refused_fields(e).or_page(&ctx)?,
    };
    let page = form_page(&state, ctx, &principal, form, &refused, &pickers).await;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[derive(Template)]
#[template(path = "application.html")]
struct ViewPage {
    ctx: Ctx,
    row: Row,
    actions: Vec<StepAction>,
    action_href: String,
    version: i64,
    today: String,
    steps: Vec<TransitionRecord>,
    words: Words,
    due: Option<DueView>,
    tabs: Vec<(&'static str, String)>,
    parties: Vec<Party>,
    error: String,
    number: Option<String>,
    documents: Vec<hrx_store::permits::ApplicationDocument>,
    document_kinds: Vec<&'static str>,
    may_add_documents: bool,
    document_error: String,
    /// The applicant and the employer as the registry holds them.
    applicant: Option<PersonRecord>,
    employer: Option<hrx_store::registry::OrganisationRecord>,
    /// The points as scored from the application's assessment, factor by factor.
    assessment: Option<crate::service::permits::AssessmentView>,
}

impl ViewPage {
    /// The routes met when the application was filed, as translated route names.
    fn routes_met(&self) -> Vec<String> {
        self.row.application.route_decision["routes"]
            .as_array()
            .map(|routes| {
                routes
                    .iter()
                    .filter(|r| r["met"].as_bool() == Some(true))
                    .filter_map(|r| r["route"].as_str())
                    .map(|r| self.ctx.t(&format!("route-{r}")))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The application's page; after a refused action, with the reason and its status.
async fn view_page(
    state: &AppState,
    principal: &Principal,
    ctx: Ctx,
    id: &str,
    error: Option<(StatusCode, String)>,
) -> Result<Response, PageError> {
    let Some(scope) = scope_of(principal) else {
        return Err(PageError::forbidden(ctx));
    };
    let id = parse_id(id).found(&ctx)?;
    let application = state.store.application(id, scope).await.found(&ctx)?;
    let actions = match workflow() {
        Ok(w) => actions(
            &ctx,
            w,
            (&application.status, &application.kind),
            principal.work_permit_workflow_role(),
            WORDS,
        ),
        Err(_) => Vec::new(),
    };
    let number = state
        .store
        .permit_number_of(application.person_id)
        .await
        .ok()
        .flatten();
    let calendar = state.store.working_calendar().await.or_page(&ctx)?;
    let documents = state
        .store
        .application_documents(id, scope)
        .await
        .or_page(&ctx)?;
    let may_add_documents = principal.work_permit_workflow_role() == Some("officer")
        || (principal.role == hrx_domain::access::Role::Employer
            && hrx_domain::permits::documents::employer_may_add_documents(&application.status));
    let document_error = ctx
        .path
        .split_once('?')
        .and_then(|(_, q)| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "document_error")
                .map(|(_, v)| v.into_owned())
        })
        .filter(|v| {
            [
                "upload-failed",
                "too-large",
                "no-file",
                "no-kind",
                "wrong-type",
            ]
            .contains(&v.as_str())
        })
        .map(|v| ctx.t(&format!("document-error-{v}")))
        .unwrap_or_default();
    let (status, error) = error.unwrap_or((StatusCode::OK, String::new()));
    let parties = parties(
        state,
        &ctx,
        ("application-person", application.person_id),
        Some(("cov-employer", application.employer_id)),
    )
    .await;
    // The application was found in the user's scope: its applicant and employer are part of it.
    let applicant = state
        .store
        .person(application.person_id, Scope::All)
        .await
        .ok()
        .flatten();
    let employer = state
        .store
        .organisation(application.employer_id, Scope::All)
        .await
        .ok()
        .flatten();
    let assessment = serde_json::from_value::<hrx_domain::permits::AssessmentInput>(
        application.assessment_input.clone(),
    )
    .ok()
    .zip(PointsTable::current().ok())
    .and_then(|(input, table)| hrx_domain::permits::assess(&input, table).ok())
    .map(|a| crate::service::permits::explain(&a, None, ctx.lang));
    Ok(render(
        status,
        &ViewPage {
            tabs: tabs(&ctx, &SECTIONS_WITH_DOCUMENTS),
            parties,
            action_href: format!("{BASE}/{}/transition", application.id),
            version: application.version,
            today: state.today().to_string(),
            steps: application.transitions.clone(),
            words: WORDS,
            due: DueView::of(application.due_date.as_deref(), state.today(), &calendar),
            row: Row {
                person: person_name(state, application.person_id).await,
                application,
            },
            actions,
            error,
            number,
            documents,
            document_kinds: hrx_domain::permits::documents::DOCUMENT_KINDS.to_vec(),
            may_add_documents,
            document_error,
            applicant,
            employer,
            assessment,
            ctx,
        },
    ))
}

async fn view(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    view_page(&state, &principal, ctx, &id, None).await
}

async fn transition(
    State(state): State<AppState>,
    SignedIn { principal, ctx }: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<StepForm>,
) -> Result<Response, PageError> {
    let (Some(scope), Some(role)) = (scope_of(&principal), principal.work_permit_workflow_role())
    else {
        return Err(PageError::forbidden(ctx));
    };
    let app_id = parse_id(&id).found(&ctx)?;
    let comment = form.comment();
    let page = format!("{BASE}/{app_id}");
    let application = state.store.application(app_id, scope).await.found(&ctx)?;
    let flow = workflow()
        .map_err(|e| StoreError::Integrity(e.to_owned()))
        .or_page(&ctx)?;
    if let Some(step) = form.needs_confirmation(flow, (&application.status, &application.kind)) {
        if !step.comment_required || comment.is_some() {
            let target = ConfirmTarget {
                title: format!(
                    "{} #{app_id} · {}",
                    ctx.t("application"),
                    person_name(&state, application.person_id).await
                ),
                record_href: &page,
                action_href: &format!("{page}/transition"),
            };
            return Ok(confirm_page(ctx, target, step, WORDS, &form, Vec::new()));
        }
    }
    let request = TransitionRequest {
        action: &form.action,
        role,
        comment: comment.as_deref(),
        expected_version: form.version(),
        category: Some(form.category.as_str()).filter(|c| !c.is_empty()),
        today: state.today(),
    };
    let taken = state
        .store
        .transition_application(&principal.username, app_id, &request, scope)
        .await;
    let text = match step_taken(taken, &ctx, &page)? {
        Ok(done) => return Ok(done),
        Err(StoreError::Stale { .. }) => ctx.t("stale-title"),
        Err(StoreError::Refused { code, detail }) => format!(
            "{} {}",
            ctx.tk("refused", code),
            if code == "extension_too_late" {
                detail
            } else {
                String::new()
            }
        ),
        Err(e) => return Err(PageError::store(ctx, e)),
    };
    // The application's page again, at its own address, with the reason.
    let ctx = Ctx { path: page, ..ctx };
    view_page(
        &state,
        &principal,
        ctx,
        &id,
        Some((StatusCode::CONFLICT, text)),
    )
    .await
}
