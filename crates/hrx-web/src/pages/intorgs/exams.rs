//! UN examinations held in China (spec §4.2, §5.6) on pages: the sessions (the history the
//! sources confirm, with the published figures and the sources as links, and the sessions
//! officers add), a session's page with its candidates moving through the statuses of §5.6
//! in order (an outcome that ends the candidacy confirmed first), the roster entry a
//! successful candidate is linked to, and the appointment the examination led to.

use super::{answer, badge, Kept, Officer, BASE};
use crate::pages::case::picker::{pick_person, PickKind, Picker};
use crate::pages::extract::{Found, OrPage, PageError};
use crate::pages::{no_store, parse_id, render, Ctx, Errors, FormValues};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use hrx_domain::intorgs::exams::{next_statuses, ExamSession, PROGRAMMES};
use hrx_domain::FieldErrors;
use hrx_store::intorgs::{CandidateStep, ExamCandidateRecord, ExamSessionRecord};

/// A session as the pages show it.
pub(super) struct SessionRow {
    id: i64,
    href: String,
    code: String,
    programme: String,
    year: i32,
    date: String,
    place: String,
    organiser: String,
    applicants: String,
    sat: String,
    passed: String,
    candidates: i64,
    successful: i64,
    shipped: bool,
    subjects: Vec<String>,
    note: String,
    sources: Vec<String>,
}

/// A published figure, or a dash where none was published.
fn figure(ctx: &Ctx, n: Option<i64>) -> String {
    n.map_or_else(|| "—".to_owned(), |n| ctx.num(&n))
}

impl SessionRow {
    fn of(ctx: &Ctx, r: &ExamSessionRecord) -> SessionRow {
        let s = &r.session;
        let list = |text: &str| -> Vec<String> {
            text.split(';')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_owned)
                .collect()
        };
        SessionRow {
            id: r.id,
            href: format!("{BASE}/exams/{}", r.id),
            code: s.code.clone(),
            programme: ctx.io_word("io-programme", &s.programme),
            year: s.year,
            date: s
                .written_date
                .as_deref()
                .map_or_else(|| "—".to_owned(), |d| ctx.date(d)),
            place: match &s.city {
                Some(city) if !city.trim().is_empty() => {
                    format!("{city} · {}", ctx.country_name(&s.country))
                }
                _ => ctx.country_name(&s.country),
            },
            organiser: s.organiser.clone(),
            applicants: figure(ctx, s.published_applicants),
            sat: figure(ctx, s.published_sat),
            passed: figure(ctx, s.published_passed),
            candidates: r.candidates,
            successful: r.successful,
            shipped: r.origin == "shipped",
            subjects: list(s.subjects.as_deref().unwrap_or("")),
            note: s.note.clone(),
            sources: list(&s.source),
        }
    }
}

#[derive(Template)]
#[template(path = "io_exams.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<SessionRow>,
    programmes: Vec<(String, String)>,
    countries: Vec<(String, String)>,
    form: FormValues,
    errors: Errors,
    message: String,
    detail: String,
}

async fn list_view(
    state: &AppState,
    ctx: Ctx,
    form: FormValues,
    kept: Kept,
) -> Result<Response, PageError> {
    let rows = state
        .store
        .io_exam_sessions()
        .await
        .or_page(&ctx)?
        .iter()
        .map(|r| SessionRow::of(&ctx, r))
        .collect();
    let programmes = PROGRAMMES
        .iter()
        .map(|p| ((*p).to_owned(), ctx.io_word("io-programme", p)))
        .collect();
    let page = ListPage {
        errors: Errors::from(&ctx, &kept.errors),
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        countries: ctx.countries(),
        programmes,
        rows,
        form,
        ctx,
    };
    Ok(no_store(render(kept.status(), &page)))
}

pub(super) async fn list(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
) -> Result<Response, PageError> {
    let mut form = FormValues::default();
    form.0.insert("country".into(), "CN".into());
    form.0.insert("programme".into(), "NCRE".into());
    list_view(&state, ctx, form, Kept::default()).await
}

/// A whole number typed in a form: blank is none; anything else not a number is an error.
fn count_of(errors: &mut FieldErrors, form: &FormValues, field: &str) -> Option<i64> {
    let v = form.value(field).trim();
    if v.is_empty() {
        return None;
    }
    let parsed = v.replace([',', '，'], "").parse::<i64>().ok();
    if parsed.is_none() {
        errors.add(field, "invalid_number");
    }
    parsed
}

/// Records a session with its published figures and their source.
pub(super) async fn create(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let mut errors = FieldErrors::new();
    let v = |n: &str| form.value(n).trim().to_owned();
    let some = |n: &str| Some(v(n)).filter(|s| !s.is_empty());
    let year = v("year").parse::<i32>().ok();
    if year.is_none() {
        errors.add(
            "year",
            if v("year").is_empty() {
                "required"
            } else {
                "invalid_number"
            },
        );
    }
    let session = ExamSession {
        code: v("code"),
        programme: v("programme"),
        year: year.unwrap_or(0),
        written_date: some("written_date"),
        city: some("city"),
        country: v("country").to_ascii_uppercase(),
        organiser: v("organiser"),
        subjects: some("subjects").map(|s| super::list_of(&s).join(";")),
        published_applicants: count_of(&mut errors, &form, "published_applicants"),
        published_sat: count_of(&mut errors, &form, "published_sat"),
        published_passed: count_of(&mut errors, &form, "published_passed"),
        note: v("note"),
        source: v("source"),
    };
    let href = format!("{BASE}/exams");
    let kept = if errors.is_empty() {
        let created = state
            .store
            .create_io_exam_session(&p.username, &session)
            .await;
        let to = match &created {
            Ok(r) => format!("{BASE}/exams/{}", r.id),
            Err(_) => href.clone(),
        };
        match answer(created, &ctx, &to)? {
            Ok(done) => return Ok(done),
            Err(kept) => kept,
        }
    } else {
        Kept {
            message: ctx.t("form-has-errors"),
            ..Kept::fields(errors)
        }
    };
    let ctx = Ctx { path: href, ..ctx };
    list_view(&state, ctx, form, kept).await
}

/// A candidate as the session's page shows them.
struct CandidateRow {
    id: i64,
    version: i64,
    person: String,
    person_href: String,
    subject: String,
    status: String,
    badge: &'static str,
    next: Vec<(String, String)>,
    roster: String,
    roster_href: String,
    serving: String,
    /// The person's serving records an appointment may be linked to (a successful
    /// candidate not yet linked).
    appointments: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "io_exam.html")]
struct SessionPage {
    ctx: Ctx,
    s: SessionRow,
    candidates: Vec<CandidateRow>,
    subjects: Vec<(String, String)>,
    form: FormValues,
    errors: Errors,
    message: String,
    detail: String,
    person_picker: String,
}

async fn candidate_rows(
    state: &AppState,
    ctx: &Ctx,
    list: Vec<ExamCandidateRecord>,
) -> Result<Vec<CandidateRow>, PageError> {
    let serving = if list
        .iter()
        .any(|c| c.status == "successful" && c.serving_record_id.is_none())
    {
        state
            .store
            .io_serving(None, None, None)
            .await
            .or_page(ctx)?
    } else {
        Vec::new()
    };
    Ok(list
        .into_iter()
        .map(|c| {
            let linked = c
                .serving_record_id
                .and_then(|id| serving.iter().find(|s| s.id == id));
            let appointments = if c.status == "successful" && c.serving_record_id.is_none() {
                serving
                    .iter()
                    .filter(|s| s.person_id == c.person_id)
                    .map(|s| {
                        (
                            s.id.to_string(),
                            format!(
                                "{} · {} · {}",
                                s.organisation,
                                s.grade,
                                ctx.date(&s.start_date)
                            ),
                        )
                    })
                    .collect()
            } else {
                Vec::new()
            };
            CandidateRow {
                id: c.id,
                version: c.version,
                person_href: format!("/persons/{}", c.person_id),
                subject: if c.subject.is_empty() {
                    "—".to_owned()
                } else {
                    c.subject.clone()
                },
                status: ctx.tk("io-cstatus", &c.status),
                badge: candidate_badge(&c.status),
                next: c
                    .next
                    .iter()
                    .map(|s| ((*s).to_owned(), ctx.tk("io-cstatus", s)))
                    .collect(),
                roster: match (&c.roster_entry_id, &c.rostered_on) {
                    (Some(_), Some(day)) => ctx.t1("io-exam-rostered", "date", ctx.date(day)),
                    (None, Some(_)) => ctx.t("io-exam-not-rostered"),
                    _ => String::new(),
                },
                roster_href: c
                    .roster_entry_id
                    .map_or_else(String::new, |id| format!("{BASE}/roster/{id}")),
                serving: match (c.serving_record_id, linked) {
                    (_, Some(s)) => format!("{} · {}", s.organisation, s.grade),
                    (Some(id), None) => format!("#{id}"),
                    _ => String::new(),
                },
                appointments,
                person: c.person_name,
            }
        })
        .collect())
}

/// A candidate's status badge: on the way, through, or out.
fn candidate_badge(status: &str) -> &'static str {
    match status {
        "successful" => "st-active",
        "screened_out" | "absent" | "failed_written" | "unsuccessful" => "st-expired",
        "applied" => "",
        _ => badge("submitted"),
    }
}

async fn found(state: &AppState, ctx: &Ctx, id: &str) -> Result<ExamSessionRecord, PageError> {
    let id = parse_id(id).found(ctx)?;
    state.store.io_exam_session(id).await.found(ctx)
}

async fn session_view(
    state: &AppState,
    ctx: Ctx,
    r: ExamSessionRecord,
    kept: (FormValues, Picker, Kept),
) -> Result<Response, PageError> {
    let (form, picker, kept) = kept;
    let list = state.store.io_exam_candidates(r.id).await.or_page(&ctx)?;
    let candidates = candidate_rows(state, &ctx, list).await?;
    let s = SessionRow::of(&ctx, &r);
    let errors = Errors::from(&ctx, &kept.errors);
    let page = SessionPage {
        subjects: s.subjects.iter().map(|x| (x.clone(), x.clone())).collect(),
        person_picker: picker.html(&ctx, &errors),
        errors,
        message: kept.message.clone(),
        detail: kept.detail.clone(),
        candidates,
        form,
        s,
        ctx,
    };
    Ok(no_store(render(kept.status(), &page)))
}

fn fresh() -> (FormValues, Picker, Kept) {
    (
        FormValues::default(),
        Picker::new("person_id", PickKind::Person),
        Kept::default(),
    )
}

pub(super) async fn view(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let r = found(&state, &ctx, &id).await?;
    session_view(&state, ctx, r, fresh()).await
}

/// Adds a person of the registry to the session as a candidate who applied.
pub(super) async fn add_candidate(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let r = found(&state, &ctx, &id).await?;
    let href = format!("{BASE}/exams/{}", r.id);
    let mut errors = FieldErrors::new();
    let (picker, person) = pick_person(&state.store, &ctx, &p, &form, &mut errors).await?;
    let kept = match person {
        Some(person_id) if errors.is_empty() => {
            let added = state
                .store
                .add_io_exam_candidate(&p.username, r.id, person_id, form.value("subject").trim())
                .await;
            match answer(added, &ctx, &format!("{href}#candidates"))? {
                Ok(done) => return Ok(done),
                Err(kept) => kept,
            }
        }
        _ => Kept {
            message: ctx.t("form-has-errors"),
            ..Kept::fields(errors)
        },
    };
    let ctx = Ctx { path: href, ..ctx };
    session_view(&state, ctx, r, (form, picker, kept)).await
}

/// Moves a candidate to their next status, or links the appointment the examination led
/// to; an outcome that ends the candidacy is confirmed first.
pub(super) async fn step(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path((id, candidate)): Path<(String, String)>,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let r = found(&state, &ctx, &id).await?;
    let candidate = parse_id(&candidate).found(&ctx)?;
    let href = format!("{BASE}/exams/{}", r.id);
    let status = form.value("status").trim().to_owned();
    let ends = next_statuses(&status).is_empty();
    let linking = !form.value("serving_record_id").trim().is_empty();
    if ends && !linking && form.value("confirmed") != "yes" {
        let page = super::ConfirmPage {
            title: format!("{} · {}", r.session.code, ctx.t("io-exams-title")),
            heading: ctx.t1(
                "io-exam-record-status",
                "status",
                ctx.tk("io-cstatus", &status),
            ),
            lead: ctx.t("io-exam-confirm-lead"),
            points: vec![form.value("who").to_owned()],
            record_href: format!("{href}#candidates"),
            action_href: format!("{href}/candidates/{candidate}/status"),
            hidden: vec![
                ("version".into(), form.value("version").to_owned()),
                ("status".into(), status),
            ],
            go: ctx.t("io-exam-confirm-go"),
            ctx,
        };
        return Ok(no_store(render(StatusCode::OK, &page)));
    }
    let in_session = state
        .store
        .io_exam_candidates(r.id)
        .await
        .or_page(&ctx)?
        .iter()
        .any(|c| c.id == candidate);
    if !in_session {
        return Err(PageError::not_found(ctx));
    }
    let step = CandidateStep {
        version: form.value("version").trim().parse().unwrap_or(-1),
        status,
        serving_record_id: form.value("serving_record_id").trim().parse().ok(),
    };
    let moved = state
        .store
        .io_exam_candidate_step(&p.username, candidate, &step, state.today())
        .await;
    match answer(moved, &ctx, &format!("{href}#candidate-{candidate}"))? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let ctx = Ctx { path: href, ..ctx };
            let picker = Picker::new("person_id", PickKind::Person);
            session_view(&state, ctx, r, (FormValues::default(), picker, kept)).await
        }
    }
}
