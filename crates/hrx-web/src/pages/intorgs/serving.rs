//! Serving staff: the records by organisation and grade band (filters, and those serving on
//! a day), the form a serving record is recorded with (person by the picker, organisation
//! from the register by name, appointment type worded; every value kept on error), and the
//! last day served recorded (confirmed first).

use super::vacancies::day_of;
use super::{answer, organisation_options, Kept, Officer, BANDS, BASE};
use crate::pages::case::picker::{pick_person, PickKind, Picker};
use crate::pages::extract::{OrPage, PageError};
use crate::pages::{no_store, parse_id, render, Ctx, Errors, FormValues};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use hrx_domain::intorgs::serving::APPOINTMENT_TYPES;
use hrx_domain::FieldErrors;
use hrx_store::intorgs::ServingInput;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct ListQuery {
    organisation: String,
    grade_band: String,
    on: String,
    /// Where the page starts: the `next` of the page before (empty: the first page).
    after: String,
}

/// Rows of serving staff on one page.
const PER_PAGE: i64 = 50;

struct Row {
    id: i64,
    version: i64,
    person_href: String,
    person: String,
    organisation: String,
    grade: String,
    band: String,
    duty_station: String,
    appointment: String,
    in_scope: bool,
    dates: String,
    serving: bool,
    source: String,
}

#[derive(Template)]
#[template(path = "io_serving.html")]
struct ListPage {
    ctx: Ctx,
    q: ListQuery,
    rows: Vec<Row>,
    pager: crate::pages::KeysetPager,
    organisations: Vec<(String, String)>,
    bands: Vec<(String, String)>,
    appointments: Vec<(String, String)>,
    sources: Vec<(String, String)>,
    geo: Vec<(String, String)>,
    today: String,
    form: FormValues,
    errors: Errors,
    message: String,
    detail: String,
    person_picker: String,
}

async fn list_view(
    state: &AppState,
    ctx: Ctx,
    q: ListQuery,
    kept: Option<(FormValues, Picker, Kept)>,
) -> Result<Response, PageError> {
    let register = state.store.io_organisations().await.or_page(&ctx)?;
    let mut e = FieldErrors::new();
    let on = day_of(
        &mut e,
        &FormValues([("on".to_owned(), q.on.clone())].into_iter().collect()),
        "on",
    );
    let organisation = Some(q.organisation.trim()).filter(|s| !s.is_empty());
    let band = Some(q.grade_band.trim()).filter(|s| BANDS.contains(s));
    let after = Some(q.after.as_str()).filter(|a| !a.is_empty());
    let found = state
        .store
        .io_serving_after((organisation, band, on), after, PER_PAGE)
        .await
        .or_page(&ctx)?;
    let pager = crate::pages::KeysetPager::new(
        "/international-organisations/serving",
        &[
            ("organisation", &q.organisation),
            ("grade_band", &q.grade_band),
            ("on", &q.on),
        ],
        &q.after,
        (found.total, found.total_capped),
        found.next.as_deref(),
    );
    let rows = found
        .items
        .into_iter()
        .map(|s| Row {
            id: s.id,
            version: s.version,
            person_href: format!("/persons/{}", s.person_id),
            person: s.person_name.clone(),
            organisation: ctx.io_organisation(
                &s.organisation,
                &s.organisation_name_en,
                &s.organisation_name_zh,
            ),
            grade: s.grade.clone(),
            band: ctx.io_word("io-band", &s.grade_band),
            duty_station: s.duty_station.clone(),
            appointment: ctx.tk("io-appointment", &s.appointment_type),
            in_scope: s.in_scope,
            dates: format!(
                "{} – {}",
                ctx.date(&s.start_date),
                s.end_date
                    .as_deref()
                    .map_or_else(|| ctx.t("io-to-date"), |d| ctx.date(d))
            ),
            serving: s.end_date.is_none(),
            source: ctx.tk("io-serving-source", &s.source),
        })
        .collect();
    let (form, picker, kept) = match kept {
        Some(k) => k,
        None => {
            let mut form = FormValues::default();
            form.0
                .insert("appointment_type".into(), "fixed_term".into());
            form.0.insert("source".into(), "organisation_report".into());
            (
                form,
                Picker::new("person_id", PickKind::Person),
                Kept::default(),
            )
        }
    };
    let errors = Errors::from(&ctx, &kept.errors);
    let page = ListPage {
        organisations: organisation_options(&ctx, &register),
        bands: BANDS
            .iter()
            .map(|b| ((*b).to_owned(), ctx.io_word("io-band", b)))
            .collect(),
        appointments: ctx.choices("io-appointment", &APPOINTMENT_TYPES),
        sources: ctx.choices("io-serving-source", &["organisation_report", "self_report"]),
        geo: vec![
            ("yes".into(), ctx.t("io-yes")),
            ("no".into(), ctx.t("io-no")),
        ],
        today: state.today().to_string(),
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

pub(super) async fn list(
    State(state): State<AppState>,
    Officer { ctx, .. }: Officer,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    list_view(&state, ctx, q, None).await
}

/// Records a national serving in an organisation.
pub(super) async fn create(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let mut errors = FieldErrors::new();
    let (picker, person) = pick_person(&state.store, &ctx, &p, &form, &mut errors).await?;
    let href = format!("{BASE}/serving");
    let kept = match person {
        Some(person_id) if errors.is_empty() => {
            let v = |n: &str| form.value(n).trim().to_owned();
            let input = ServingInput {
                person_id,
                organisation: v("organisation"),
                grade: v("grade"),
                duty_station: v("duty_station"),
                appointment_type: v("appointment_type"),
                subject_to_geo: match form.value("subject_to_geo") {
                    "yes" => Some(true),
                    "no" => Some(false),
                    _ => None,
                },
                start_date: v("start_date"),
                end_date: v("end_date"),
                source: v("source"),
            };
            let created = state.store.create_io_serving(&p.username, &input).await;
            match answer(created, &ctx, &href)? {
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
    list_view(
        &state,
        ctx,
        ListQuery::default(),
        Some((form, picker, kept)),
    )
    .await
}

/// Records the last day served, confirmed first.
pub(super) async fn end(
    State(state): State<AppState>,
    Officer { p, ctx }: Officer,
    Path(id): Path<String>,
    Form(form): Form<FormValues>,
) -> Result<Response, PageError> {
    let Some(id) = parse_id(&id) else {
        return Err(PageError::not_found(ctx));
    };
    let href = format!("{BASE}/serving");
    let end_date = form.value("end_date").trim().to_owned();
    if form.value("confirmed") != "yes" {
        let page = super::ConfirmPage {
            title: ctx.t("io-serving-title"),
            heading: ctx.t("io-end-serving"),
            lead: ctx.t1("io-end-serving-lead", "date", ctx.date(&end_date)),
            points: vec![form.value("who").to_owned()],
            record_href: href.clone(),
            action_href: format!("{href}/{id}/end"),
            hidden: vec![
                ("version".into(), form.value("version").to_owned()),
                ("end_date".into(), end_date),
            ],
            go: ctx.t("io-end-serving-go"),
            ctx,
        };
        return Ok(no_store(render(StatusCode::OK, &page)));
    }
    let version = form.value("version").trim().parse().unwrap_or(-1);
    let ended = state
        .store
        .end_io_serving(&p.username, id, version, &end_date)
        .await;
    match answer(ended, &ctx, &href)? {
        Ok(done) => Ok(done),
        Err(kept) => {
            let ctx = Ctx { path: href, ..ctx };
            let message = if kept.errors.is_empty() {
                kept.message.clone()
            } else {
                ctx.t("io-end-refused")
            };
            let kept = Kept { message, ..kept };
            let picker = Picker::new("person_id", PickKind::Person);
            list_view(
                &state,
                ctx,
                ListQuery::default(),
                Some((FormValues::default(), picker, kept)),
            )
            .await
        }
    }
}
